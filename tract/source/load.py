"""Load stage: read every project file into checked records, collecting all problems at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar

from tract.problems import Pos, Problem, Subject, about, error, warning
from tract.source import schema as s
from tract.source.calendars import GREGORIAN
from tract.source.languages import language as describe
from tract.source.model import DocumentSpec, LocaleFile, Project, Seeds, Site
from tract.source.paths import (
    FACTS_FILE,
    SITE_FILE,
    STRINGS,
    THEME_FILE,
    document_file,
    locale_file,
)
from tract.source.theme import Theme
from tract.source.writing import Typography
from tract.source.yamlfile import Mapping, Node, read
from tract.variants import imposed

R = TypeVar("R", bound=s.Record)


def _read(path: Path, root: Path, problems: list[Problem]) -> Node | None:
    node, found = read(path, root)
    problems.extend(found)
    return node


def _record(
    path: Path, root: Path, record: type[R], problems: list[Problem], **given: object
) -> R | None:
    """The file's record, or None: the file is missing, cannot be read, or a value in it."""
    if not path.is_file():
        problems.append(error(Pos(path.relative_to(root).as_posix()), "this file is missing"))
        return None
    node = _read(path, root, problems)
    if node is None:
        return None
    value = record.read(node, problems, **given)
    return None if value is s.MISSING else value


def load_site(root: Path, problems: list[Problem]) -> Site | None:
    site = _record(root / SITE_FILE, root, Site, problems)
    if site is None:
        return None
    if not site.languages:
        problems.append(error(site.pos, "site.yaml must list at least one language"))
        return None
    source = site.source_lang
    for k, event in site.events.items():
        written = dict(event.place.texts)
        if "*" not in written and source not in written:
            problems.append(
                error(
                    event.place.pos,
                    f"the place of '{k}' has no name in {source}, the source language; "
                    f"add '{source}: …' under place",
                )
            )
    groups = (
        ("locales", site.locales),
        ("calendars", site.calendars),
        ("typography", site.typography),
    )
    for group, chosen in groups:
        for lang in chosen:
            if lang not in site.languages:
                problems.append(
                    error(
                        site.at(group),
                        f"'{lang}' under {group} is not one of the languages"
                        + s.did_you_mean(lang, set(site.languages)),
                    )
                )
    return site


def load_seeds(root: Path, problems: list[Problem]) -> Seeds | None:
    seeds = _record(root / FACTS_FILE, root, Seeds, problems)
    if seeds is None:
        return None
    for fact in seeds.facts.values():
        if fact.source not in seeds.sources:
            problems.append(
                error(
                    fact.pos,
                    f"fact '{fact.id}' cites source '{fact.source}', which is not "
                    "under sources" + s.did_you_mean(fact.source, set(seeds.sources)),
                )
            )
    cited = {k: f for k, f in seeds.facts.items() if f.source in seeds.sources}
    return dataclasses.replace(seeds, facts=cited)


def load_theme(root: Path, problems: list[Problem]) -> Theme | None:
    """templates/theme.yaml, which names the fonts: without it nothing can be made."""
    path = root / THEME_FILE
    if not path.is_file():
        problems.append(error(Pos(THEME_FILE), "this file is missing; it names the fonts"))
        return None
    return _record(path, root, Theme, problems)


def _document_languages(
    spec: DocumentSpec, site: Site | None, problems: list[Problem]
) -> tuple[str, ...] | None:
    """The languages a document is made in: those it lists, or all of site.yaml's; its
    source language among them."""
    if site is None:
        return spec.languages
    if not spec.wrote("languages"):
        return site.languages
    pos = spec.at("languages")
    unknown = [lang for lang in spec.languages if lang not in site.languages]
    if unknown:
        problems.append(
            error(
                pos,
                f"'{unknown[0]}' is not one of the languages in content/site.yaml"
                + s.did_you_mean(unknown[0], set(site.languages)),
            )
        )
        return None
    if site.source_lang not in spec.languages:
        problems.append(
            error(
                pos,
                f"a document is made in its source language, {site.source_lang}, too; "
                "add it to languages",
            )
        )
        return None
    return tuple(lang for lang in site.languages if lang in spec.languages)


def load_document(
    folder: Path, root: Path, seeds: Seeds | None, site: Site | None, problems: list[Problem]
) -> DocumentSpec | None:
    spec = _record(folder / "document.yaml", root, DocumentSpec, problems, id=folder.name)
    if spec is None:
        return None
    if not (root / spec.template_file).is_file():
        problems.append(
            error(
                spec.at("template"),
                f"the template '{spec.template}' does not exist in templates/",
            )
        )
        return None
    if seeds is not None:
        for fact in spec.facts:
            if fact not in seeds.facts:
                problems.append(
                    error(
                        spec.at("facts"),
                        f"the fact '{fact}' is not in seeds/facts.yaml"
                        + s.did_you_mean(fact, set(seeds.facts)),
                    )
                )
    if imposed(spec.variants) and spec.sheet_up < 2:
        problems.append(
            error(
                spec.pos,
                "a document with a sheet variant needs 'sheet_up', "
                "the number of copies on one A4 sheet (e.g. 4)",
            )
        )
        return None
    languages = _document_languages(spec, site, problems)
    if languages is None:
        return None
    size = spec.font_size
    if not 6 <= size.min <= size.base <= 200:
        problems.append(
            error(
                spec.pos,
                "font_size needs base and min in points, with "
                "min no larger than base (e.g. base: 10, min: 9)",
            )
        )
        return None
    return dataclasses.replace(spec, languages=languages)


def load_locale(path: Path, lang: str, root: Path, problems: list[Problem]) -> LocaleFile:
    rel = path.relative_to(root).as_posix()
    if not path.is_file():
        return LocaleFile(lang, rel, None)
    node = _read(path, root, problems)
    if node is not None and not isinstance(node, Mapping):
        problems.append(error(node.pos, "a translation file must be a list of 'key: text' lines"))
        node = None
    return LocaleFile(lang, rel, node)


def _unlisted_languages(
    folder: Path, languages: tuple[str, ...], where: str, root: Path, problems: list[Problem]
) -> None:
    for path in sorted(folder.glob("*.yaml")):
        if path.stem not in languages and path.name != "document.yaml":
            problems.append(
                warning(
                    Pos(path.relative_to(root).as_posix()),
                    f"'{path.stem}' is not in the languages of {where}"
                    ", so this file is not built; add it there to build it",
                )
            )


def load_project(root: Path) -> tuple[Project | None, list[Problem]]:
    """Read and check the shape of every file; the project is None if a stage cannot go on."""
    problems: list[Problem] = []
    site = load_site(root, problems)
    seeds = load_seeds(root, problems)
    theme = load_theme(root, problems)
    content = root / "content"
    folders = sorted(p.parent for p in content.glob("*/document.yaml"))
    documents = {}
    for folder in folders:
        found: list[Problem] = []
        spec = load_document(folder, root, seeds, site, found)
        problems += about(Subject(folder.name), found)
        if spec is not None:
            documents[spec.id] = spec
    if site is None or seeds is None or theme is None:
        return None, problems
    strings = {
        lang: load_locale(root / locale_file(STRINGS, lang), lang, root, problems)
        for lang in site.languages
    }
    locales = {
        (doc, lang): load_locale(root / locale_file(doc, lang), lang, root, problems)
        for doc, spec in documents.items()
        for lang in spec.languages
    }
    for folder in folders:
        spec = documents.get(folder.name)
        if spec is not None:
            own = spec.languages != site.languages
            where = document_file(spec.id) if own else SITE_FILE
            found = []
            _unlisted_languages(folder, spec.languages, where, root, found)
            problems += about(Subject(spec.id), found)
    _unlisted_languages(content / STRINGS, site.languages, SITE_FILE, root, problems)
    langs = {
        code: describe(
            code,
            site.region,
            site.locales.get(code),
            theme.fonts,
            site.typography.get(code, Typography()),
            site.calendars.get(code, GREGORIAN),
        )
        for code in site.languages
    }
    project = Project(root, site, seeds, strings, documents, locales, theme, langs)
    return project, project.with_subjects(problems)
