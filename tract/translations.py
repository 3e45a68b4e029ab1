"""The translation files of a project, grouped by text, and what --doc and --lang select of
them for the translators' commands (status, sync, translated)."""

from __future__ import annotations

from dataclasses import dataclass

from tract.model import LocaleFile, Project
from tract.schema import did_you_mean
from tract.yamlfile import Entry, Mapping, Node

STRINGS = "strings"  # content/strings/, named like a document in --doc and status.json


@dataclass(frozen=True)
class Group:
    """The files of one text in every language: a document, or the strings they share."""

    name: str
    folder: str
    files: dict[str, LocaleFile]


def translation_groups(project: Project) -> list[Group]:
    groups = [
        Group(
            doc,
            f"content/{doc}",
            {lang: project.locales[(doc, lang)] for lang in project.languages},
        )
        for doc in project.documents
    ]
    return [*groups, Group(STRINGS, "content/strings", dict(project.strings))]


def selection(
    project: Project, docs: list[str], langs: list[str]
) -> tuple[list[Group], list[str], str]:
    """The groups and translation languages asked for with --doc and --lang (all when not
    given), or a usage error to print."""
    groups = translation_groups(project)
    names = [g.name for g in groups]
    source = project.site.source_lang
    for doc in docs:
        if doc not in names:
            return [], [], f"there is no document '{doc}'" + did_you_mean(doc, names)
    for lang in langs:
        if lang == source:
            return (
                [],
                [],
                (
                    f"'{lang}' is the source language: translations are compared "
                    "with it, so it has no status of its own"
                ),
            )
        if lang not in project.languages:
            return (
                [],
                [],
                (
                    f"'{lang}' is not one of the languages in content/site.yaml"
                    + did_you_mean(lang, set(project.languages))
                ),
            )
    chosen = [lang for lang in project.languages if lang != source and (not langs or lang in langs)]
    return [g for g in groups if not docs or g.name in docs], chosen, ""


def entry_at(root: Mapping | None, key: str) -> Entry | None:
    """The entry of a dotted key in a file (its position, its value), or None."""
    entry = None
    node: Node | None = root
    for part in key.split("."):
        if not isinstance(node, Mapping):
            return None
        entry = next((e for e in node.entries if e.key == part), None)
        if entry is None:
            return None
        node = entry.value
    return entry


def node_at(root: Mapping | None, key: str) -> Node | None:
    """The value under a dotted key, or None where the file does not have it."""
    entry = entry_at(root, key)
    return entry.value if entry is not None else None
