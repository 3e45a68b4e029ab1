"""Length hints: `max_chars` in document.yaml warns when a text is too long, before layout."""

from __future__ import annotations

from tract.problems import Problem, error, warning
from tract.render.context import Contexts
from tract.source.model import CharLimit, Project
from tract.source.schema import did_you_mean
from tract.source.strings import node_at
from tract.source.yamlfile import Mapping, Node, Scalar, walk_scalars


def _texts(node: Node, key: str) -> list[tuple[str, Scalar]]:
    """Every text a limit applies to: the string itself, or each string in a group."""
    return [
        (f"{key}.{sub}" if sub else key, scalar)
        for sub, scalar in walk_scalars(node)
        if scalar.text.strip()
    ]


def _unknown(limit: CharLimit, source: Mapping, source_path: str) -> Problem:
    keys = [k for k, _ in walk_scalars(source)]
    return error(
        limit.pos,
        f"max_chars names '{limit.key}', which {source_path} does not "
        "have" + did_you_mean(limit.key, keys),
    )


def length_problems(project: Project, contexts: Contexts) -> list[Problem]:
    """A warning for each text longer than its document's max_chars, in every language,
    naming the translation file's line and column and how much to cut. Its length is the
    one an overflow message names: the language's context measures both."""
    source_lang = project.site.source_lang
    problems: list[Problem] = []
    for doc_id, spec in project.documents.items():
        source = project.locales[(doc_id, source_lang)]
        if not spec.max_chars or source.root is None:
            continue
        for lang in spec.languages:
            file = project.locales[(doc_id, lang)]
            context = contexts[lang]
            for limit in spec.max_chars:
                if node_at(source.root, limit.key) is None:
                    if lang == source_lang:
                        problems.append(_unknown(limit, source.root, source.path))
                    continue
                node = node_at(file.root, limit.key) if file.root is not None else None
                for key, scalar in _texts(node, limit.key) if node is not None else []:
                    length = context.length(scalar.text)
                    if length > limit.limit:
                        problems.append(warning(scalar.pos, _too_long(key, length, limit)))
    return problems


def _too_long(key: str, length: int, limit: CharLimit) -> str:
    over = length - limit.limit
    return (
        f"'{key}' prints {length} characters, {over} more than the {limit.limit} that fit "
        f"(max_chars in {limit.pos.path}); shorten it by {over} character"
        + ("s" if over > 1 else "")
    )
