"""Translation status: every translation file compared with its source, with stale strings.

`python build.py status` prints a table per document and language and writes
output/status.json (its records are in outputs/status.py, which the catalog reads it with),
plus the side-by-side pages in output/translate/. It never fails: what is wrong is the
content of the report, not a reason to stop.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from dataclasses import dataclass

from tract.checks.content import compare
from tract.checks.lengths import length_problems
from tract.outputs.status import KeyProblem, StatusFile, Translation
from tract.problems import Pos, Problem, sort_unique
from tract.render.context import language_contexts
from tract.source.lock import changed, read_lock, reviewed_keys, texts_of
from tract.source.model import LocaleFile, Project
from tract.source.yamlfile import Mapping
from tract.translate.groups import Group, translation_groups
from tract.variants import side_by_side_path


@dataclass(frozen=True)
class LangStatus:
    """Where one language stands for one group; keys are dotted paths in source order."""

    path: str
    total: int
    done: tuple[str, ...]  # translated, up to date and sound
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    stale: tuple[str, ...]
    broken: tuple[str, ...]
    errors: tuple[KeyProblem, ...]
    reviewed: bool = False  # a reviewer confirmed it (`translated`); else it is a draft
    unreviewed: tuple[str, ...] = ()  # done, but no reviewer confirmed that text yet
    # each stale key's source text as it was when confirmed (None: the lock did not keep it)
    was: dict[str, str | None] = dataclasses.field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Everything translated and up to date; length warnings may remain."""
        return (
            len(self.done) == self.total
            and not self.extra
            and not any(e.problem.is_error for e in self.errors)
        )

    @property
    def needs_work(self) -> bool:
        """Something to do in this file, or (in a reviewed language) texts to review; a draft's
        review as a whole is said in the table's last column."""
        return not self.complete or bool(self.errors) or (self.reviewed and bool(self.unreviewed))

    def translation(self) -> Translation:
        """What output/status.json keeps of it."""
        return Translation(
            len(self.done),
            self.missing,
            self.extra,
            self.stale,
            self.was,
            self.errors,
            self.reviewed,
            self.unreviewed,
        )


def _key_index(root: Mapping | None) -> tuple[list[Pos], list[str]]:
    """Every key's position in a file, in order, so a problem's position names its key."""
    positions: list[Pos] = []
    keys: list[str] = []

    def walk(node: Mapping, prefix: str) -> None:
        for entry in node.entries:
            key = f"{prefix}{entry.key}"
            positions.append(entry.key_pos)
            keys.append(key)
            if isinstance(entry.value, Mapping):
                walk(entry.value, f"{key}.")

    if root is not None:
        walk(root, "")
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    return [positions[i] for i in order], [keys[i] for i in order]


def keyed_problems(problems: list[Problem], file: LocaleFile) -> list[KeyProblem]:
    """Problems about one translation, each with the text it is at: the key its position in
    the file falls under; None for one about the whole translation, or at another file (a
    template's line, the source text a draft prints in its place). Each said once."""
    positions, keys = _key_index(file.root)
    out, said = [], set()
    for problem in sort_unique(problems):
        if str(problem) in said:
            continue  # the same, found in another output (the screen and the print PDF)
        said.add(str(problem))
        placed = problem.pos.path == file.path and not problem.pos.whole
        at = bisect_right(positions, problem.pos) - 1 if placed else -1
        out.append(KeyProblem(keys[at] if at >= 0 else None, problem))
    return out


def lang_status(
    source: LocaleFile,
    file: LocaleFile,
    total: int,
    changed: dict[str, str | None],
    problems: list[Problem],
    confirmed: frozenset[str] | None,
) -> LangStatus:
    """Compare one translation with its source. `changed` are the keys whose source text
    changed since this language was confirmed, with their text then; `problems` are those
    already found in the file (reading it, length hints); `confirmed` the keys a reviewer
    confirmed as they read now (None: the language never was)."""
    assert source.root is not None
    result = compare(source.root, file.root, file.lang)
    translated = set(result.done + result.broken)
    stale = [k for k in changed if k in translated]
    found = keyed_problems(problems + result.problems, file)
    keyed = [k for k in found if k.key not in result.extra]
    done = tuple(k for k in result.done if k not in stale)
    return LangStatus(
        file.path,
        total,
        done,
        tuple(result.missing),
        tuple(result.extra),
        tuple(stale),
        tuple(result.broken),
        tuple(keyed),
        confirmed is not None,
        tuple(k for k in done if k not in (confirmed or ())),
        {k: changed[k] for k in stale},
    )


@dataclass(frozen=True)
class Status:
    """The status of every translation: group name → language → status."""

    source_lang: str
    groups: dict[str, dict[str, LangStatus]]
    problems: list[Problem]  # about the lock files and source files, not one translation


def project_status(project: Project, load_problems: list[Problem]) -> Status:
    """Every translation compared with its source, with what was found reading the files."""
    source_lang = project.site.source_lang
    known = load_problems + project.with_subjects(
        length_problems(project, language_contexts(project))
    )
    out: dict[str, dict[str, LangStatus]] = {}
    problems: list[Problem] = []
    for group in translation_groups(project):
        source = group.files[source_lang]
        if source.root is None:
            problems += [p for p in known if group.has(p, None)]
            continue
        lock, found = read_lock(project.root, group.folder, source_lang)
        problems += found
        texts = texts_of(source.root)
        out[group.name] = {}
        for lang, file in group.files.items():
            if lang == source_lang:
                continue
            mine = [p for p in known if group.has(p, lang)]
            theirs = texts_of(file.root) if file.root is not None else {}
            out[group.name][lang] = lang_status(
                source,
                file,
                len(texts),
                changed(lock, lang, texts),
                mine,
                reviewed_keys(lock, lang, theirs),
            )
    return Status(source_lang, out, problems)


def status_file(status: Status) -> StatusFile:
    """output/status.json's record of the status."""
    return StatusFile(
        {
            name: {lang: s.translation() for lang, s in langs.items()}
            for name, langs in status.groups.items()
        }
    )


def _cell(keys: tuple[str, ...]) -> str:
    return str(len(keys)) if keys else "-"


def table(status: Status, groups: list[Group], langs: list[str]) -> str:
    """The terminal summary: one line per document and language."""
    rows = [("document", "language", "translated", "missing", "stale", "broken", "extra", "")]
    for group in groups:
        for lang in langs:
            s = status.groups.get(group.name, {}).get(lang)
            if s is None:
                continue
            rows.append(
                (
                    group.name,
                    lang,
                    f"{len(s.done)} of {s.total}",
                    _cell(s.missing),
                    _cell(s.stale),
                    _cell(s.broken),
                    _cell(s.extra),
                    _state(s),
                )
            )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def _state(s: LangStatus) -> str:
    """The table's last column: complete or not, and what a reviewer has yet to confirm."""
    review = "unreviewed" if not s.reviewed else f"{len(s.unreviewed)} unreviewed"
    said = ["complete"] if s.complete else []
    return ", ".join(said + ([review] if not s.reviewed or s.unreviewed else []))


def _keys(keys: tuple[str, ...], shown: int = 8) -> str:
    more = len(keys) - shown
    return ", ".join(keys[:shown]) + (f" and {more} more" if more > 0 else "")


def details(status: Status, group: Group, lang: str, source_lang: str) -> list[str]:
    """What to do about one translation file, in its own terms."""
    s = status.groups[group.name][lang]
    flags = f"--lang {lang} --doc {group.name}"
    out = [
        f"{s.path}  (side by side: {side_by_side_path(group.name, lang)}; to translate in "
        f"the browser: python build.py serve, then /edit/{lang}/{group.name})"
    ]
    if s.missing:
        out += [
            f"  missing: {_keys(s.missing)}",
            f"    to add them to the file, each with the {source_lang} text above it, run:",
            f"    python build.py sync {flags}",
        ]
    if s.stale:
        out += [
            f"  stale: {_keys(s.stale)}",
            f"    the {source_lang} text changed after this was translated; check each one, "
            "then run:",
            f"    python build.py translated {flags}",
        ]
    if s.reviewed and s.unreviewed:
        out += [
            f"  unreviewed: {_keys(s.unreviewed)}",
            "    translated since the last review; a reviewer checks them, then runs:",
            f"    python build.py translated {flags}",
        ]
    if not s.reviewed:
        out += [
            "  unreviewed: no reviewer has confirmed this translation, so only a --draft build",
            "    makes it; a reviewer who reads it checks it against the source, then runs:",
            f"    python build.py translated {flags}",
        ]
    if s.errors:
        out += ["  to fix:"] + [f"    {e.problem}" for e in s.errors]
    if s.extra:
        out += [
            f"  extra: {_keys(s.extra)}",
            f"    not in the {source_lang} file, so never printed: rename each to the "
            f"{source_lang} file's key, or delete it",
        ]
    return out
