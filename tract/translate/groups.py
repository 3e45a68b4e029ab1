"""The translation files of a project, grouped by text (each document, and the strings they
share), and what --doc and --lang select of them for the translators' commands."""

from __future__ import annotations

from dataclasses import dataclass

from tract.problems import Problem
from tract.source.model import LocaleFile, Project
from tract.source.paths import STRINGS
from tract.source.select import select


@dataclass(frozen=True)
class Group:
    """The files of one text in every language: a document, or the strings they share."""

    name: str
    folder: str
    files: dict[str, LocaleFile]

    @property
    def doc(self) -> str | None:
        """The document it is the text of; None for the strings documents share."""
        return None if self.name == STRINGS else self.name

    def has(self, problem: Problem, lang: str | None) -> bool:
        """Whether a problem is about this text in `lang` (None: about its source texts)."""
        return problem.about.of(self.doc, lang)


def translation_groups(project: Project) -> list[Group]:
    groups = [
        Group(
            doc,
            f"content/{doc}",
            {lang: project.locales[(doc, lang)] for lang in spec.languages},
        )
        for doc, spec in project.documents.items()
    ]
    return [*groups, Group(STRINGS, f"content/{STRINGS}", dict(project.strings))]


def selection(
    project: Project, docs: list[str], langs: list[str]
) -> tuple[list[Group], list[str], str]:
    """The groups and translation languages asked for with --doc and --lang (all when not
    given), or a usage error to print. The source language has no status of its own."""
    groups = translation_groups(project)
    names, chosen, usage = select(project, docs, langs, [g.name for g in groups])
    source = project.site.source_lang
    if not usage and source in langs:
        usage = (
            f"'{source}' is the source language: translations are compared with it, so it "
            "has no status of its own"
        )
    if usage:
        return [], [], usage
    return [g for g in groups if g.name in names], [lang for lang in chosen if lang != source], ""
