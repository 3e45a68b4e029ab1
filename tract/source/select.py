"""The --doc and --lang rules, for every command: each name must exist (the first that does
not is the usage error, documents before languages), and none given means all."""

from __future__ import annotations

from collections.abc import Sequence

from tract.source.model import Project
from tract.source.schema import did_you_mean


def select(
    project: Project, docs: Sequence[str], langs: Sequence[str], names: Sequence[str] = ()
) -> tuple[list[str], list[str], str]:
    """The documents (or other `names`, such as the translators' groups) and languages asked
    for, in the project's order, or a usage error to print."""
    names = list(names or project.documents)
    for doc in docs:
        if doc not in names:
            return [], [], f"there is no document '{doc}'" + did_you_mean(doc, names)
    for lang in langs:
        if lang not in project.languages:
            return (
                [],
                [],
                f"'{lang}' is not one of the languages in content/site.yaml"
                + did_you_mean(lang, set(project.languages)),
            )
    chosen_docs = [n for n in names if not docs or n in docs]
    return chosen_docs, [lang for lang in project.languages if not langs or lang in langs], ""
