"""Load stage: read every project file into checked records, collecting all problems at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from tract.problems import Pos, Problem, Subject, about, error, warning
from tract.source import schema as s
from tract.source.languages import GREGORIAN, calendar_names, fonts_of
from tract.source.languages import language as describe
from tract.source.model import (
    FACTS_FILE,
    SITE_FILE,
    STRINGS,
    THEME_FILE,
    CharLimit,
    Contact,
    DocumentSpec,
    Event,
    Fact,
    LocaleFile,
    Localized,
    PageSize,
    Project,
    ProperName,
    Seeds,
    Site,
    Source,
    Typography,
    document_file,
    locale_file,
)
from tract.source.theme import load_theme
from tract.source.writing import scripts, typography
from tract.source.yamlfile import Mapping, Node, Scalar, read
from tract.variants import DECLARED, DEFAULT, imposed

_SIZES = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}
_LANG = re.compile(r"[a-z]{2,3}")


def language(node: Node, problems: list[Problem]) -> Any:
    """A language code that Babel knows, so it can format dates, numbers and plurals."""
    code = s.text(node, problems)
    if code is s.MISSING:
        return s.MISSING
    try:
        if not _LANG.fullmatch(code):
            raise ValueError
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        problems.append(
            error(
                node.pos,
                f"'{code}' is not a language code Babel knows; use a "
                "two-letter ISO 639 code such as fr, nl, en, de",
            )
        )
        return s.MISSING
    return code


def babel_locale(node: Node, problems: list[Problem]) -> Any:
    """A locale CLDR has, for a language's dates and numbers (ar_MA)."""
    code = s.text(node, problems)
    if code is s.MISSING:
        return s.MISSING
    try:
        if not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]{2,8})*", code):
            raise ValueError
        return str(Locale.parse(code))
    except (ValueError, UnknownLocaleError):
        problems.append(
            error(node.pos, f"'{code}' is not a locale Babel knows; write it like ar_MA or pt_BR")
        )
        return s.MISSING


def page_size(node: Node, problems: list[Problem]) -> Any:
    value = s.text(node, problems)
    if value is s.MISSING:
        return s.MISSING
    named = re.fullmatch(r"(A[3-6])(?: (portrait|landscape))?", value)
    if named:
        w, h = _SIZES[named.group(1)]
        if named.group(2) == "landscape":
            w, h = h, w
        return PageSize(value, w, h)
    mm = re.fullmatch(r"(\d+(?:\.\d+)?)mm (\d+(?:\.\d+)?)mm", value)
    if mm:
        return PageSize(value, float(mm.group(1)), float(mm.group(2)))
    problems.append(
        error(node.pos, f"'{value}' is not a page size; write A6, A4 landscape or 85mm 55mm")
    )
    return s.MISSING


def page_count(node: Node, problems: list[Problem]) -> Any:
    value = s.pattern(r"[1-9][0-9]{0,2}\+?", "a page count", "2, or 8+ for 8 or more")(
        node, problems
    )
    return s.MISSING if value is s.MISSING else (int(value.rstrip("+")), value.endswith("+"))


def localized(node: Node, problems: list[Problem]) -> Any:
    if isinstance(node, Scalar):
        value = s.text(node, problems)
        return s.MISSING if value is s.MISSING else Localized((("*", value),), node.pos)
    texts = s.map_of(s.text)(node, problems)
    return s.MISSING if texts is s.MISSING else Localized(tuple(texts.items()), node.pos)


def char_limits(node: Node, problems: list[Problem]) -> Any:
    """max_chars: dotted key → most characters its text may print, each with its position."""
    limits = s.map_of(s.integer)(node, problems)
    if limits is s.MISSING or not isinstance(node, Mapping):
        return s.MISSING
    return tuple(
        CharLimit(e.key, limits[e.key], e.key_pos) for e in node.entries if e.key in limits
    )


CONTACT = s.Struct(
    {
        "value": s.Key(s.text),
        "kind": s.Key(s.one_of("phone", "email", "web")),
        "sample": s.Key(s.boolean, required=False, default=False),
    },
    "a contact",
)
EVENT = s.Struct(
    {
        "date": s.Key(s.date),
        "time": s.Key(s.time, required=False),
        "place": s.Key(localized),
        "place_sample": s.Key(s.boolean, required=False, default=False),
    },
    "an event",
)
NAME = s.Struct({"text": s.Key(s.text), "lang": s.Key(language)}, "a proper name")
SITE = s.Struct(
    {
        "languages": s.Key(s.list_of(language)),
        "region": s.Key(
            s.pattern(r"[A-Z]{2}", "a country code", "BE"), required=False, default="BE"
        ),
        "organisation": s.Key(
            s.Struct({"name": s.Key(s.text), "website": s.Key(s.https_url)}, "organisation")
        ),
        "contacts": s.Key(s.map_of(CONTACT), required=False, default={}),
        "events": s.Key(s.map_of(EVENT), required=False, default={}),
        "names": s.Key(s.map_of(NAME), required=False, default={}),
        "locales": s.Key(s.map_of(babel_locale), required=False, default={}),
        "calendars": s.Key(s.map_of(s.one_of(*calendar_names())), required=False, default={}),
        "typography": s.Key(s.map_of(typography), required=False, default={}),
        "scripts": s.Key(scripts, required=False, default={}),
    },
    "site.yaml",
)
DOCUMENT = s.Struct(
    {
        "template": s.Key(
            s.pattern(r"[a-z0-9-]+\.html\.j2", "a template file name", "rights-flyer.html.j2")
        ),
        "page_size": s.Key(page_size),
        "pages": s.Key(page_count),
        "variants": s.Key(s.list_of(s.one_of(*DECLARED)), required=False, default=DEFAULT),
        "facts": s.Key(
            s.list_of(s.pattern(r"[a-z0-9_]+", "a fact id", "labour_law")),
            required=False,
            default=(),
        ),
        "sheet_up": s.Key(s.integer, required=False, default=0),
        "font_size": s.Key(
            s.Struct({"base": s.Key(s.number), "min": s.Key(s.number)}, "font_size"),
            required=False,
            default=None,
        ),
        "folds": s.Key(s.map_of(s.list_of(s.number)), required=False, default={}),
        "fold": s.Key(s.text, required=False, default="none (flat)"),
        "paper": s.Key(s.text, required=False, default="ask the print shop"),
        "max_chars": s.Key(char_limits, required=False, default=()),
        "languages": s.Key(s.list_of(language), required=False, default=None),
        "body_min": s.Key(s.number, required=False, default=7.0),
        "easy_read": s.Key(s.boolean, required=False, default=False),
    },
    "document.yaml",
)
SOURCE = s.Struct(
    {
        "title": s.Key(s.text),
        "publisher": s.Key(s.text),
        "kind": s.Key(s.text),
        "occasion": s.Key(s.text),
        "lang": s.Key(language),
    },
    "a source",
)
FACT = s.Struct(
    {
        "date": s.Key(s.date),
        "source": s.Key(s.text),
        "summary": s.Key(s.text),
        "note": s.Key(s.text, required=False),
    },
    "a fact",
)
SEEDS = s.Struct(
    {"sources": s.Key(s.map_of(SOURCE)), "facts": s.Key(s.map_of(FACT))}, "the fact sheet"
)


def _read(path: Path, root: Path, problems: list[Problem]) -> Node | None:
    node, found = read(path, root)
    problems.extend(found)
    return node


def _struct(
    path: Path, root: Path, shape: s.Struct, problems: list[Problem]
) -> tuple[dict[str, Any], Node] | None:
    if not path.is_file():
        problems.append(error(Pos(path.relative_to(root).as_posix()), "this file is missing"))
        return None
    node = _read(path, root, problems)
    if node is None:
        return None
    value = shape(node, problems)
    if value is s.MISSING or s.MISSING in value.values():
        return None
    return value, node


def load_site(root: Path, problems: list[Problem]) -> Site | None:
    loaded = _struct(root / SITE_FILE, root, SITE, problems)
    if loaded is None:
        return None
    v, node = loaded
    if not v["languages"]:
        problems.append(error(node.pos, "site.yaml must list at least one language"))
        return None
    contacts = {
        k: Contact(c["value"], c["kind"], c["sample"], c["pos"])
        for k, c in v["contacts"].items()
        if s.MISSING not in c.values()
    }
    events = {
        k: Event(e["date"][0], e["time"], e["place"], e["place_sample"], e["pos"])
        for k, e in v["events"].items()
        if s.MISSING not in e.values()
    }
    names = {
        k: ProperName(n["text"], n["lang"], n["pos"])
        for k, n in v["names"].items()
        if s.MISSING not in n.values()
    }
    languages = tuple(dict.fromkeys(v["languages"]))
    for k, event in events.items():
        written = dict(event.place.texts)
        if "*" not in written and languages[0] not in written:
            problems.append(
                error(
                    event.place.pos,
                    f"the place of '{k}' has no name in {languages[0]}, the source language; "
                    f"add '{languages[0]}: …' under place",
                )
            )
    for group in ("locales", "calendars", "typography"):
        group_node = node.get(group) if isinstance(node, Mapping) else None
        for lang in v[group]:
            if lang not in languages and group_node is not None:
                problems.append(
                    error(
                        group_node.pos,
                        f"'{lang}' under {group} is not one of the languages"
                        + s.did_you_mean(lang, set(languages)),
                    )
                )
    org = v["organisation"]
    return Site(
        languages,
        v["region"],
        org["name"],
        org["website"],
        contacts,
        events,
        node.pos,
        names,
        {k: v for k, v in v["locales"].items() if k in languages},
        {k: v for k, v in v["calendars"].items() if k in languages},
        {k: v for k, v in v["typography"].items() if k in languages},
        v["scripts"],
    )


def load_seeds(root: Path, problems: list[Problem]) -> Seeds | None:
    loaded = _struct(root / FACTS_FILE, root, SEEDS, problems)
    if loaded is None:
        return None
    v, _ = loaded
    sources = {
        k: Source(k, x["title"], x["publisher"], x["kind"], x["occasion"], x["lang"], x["pos"])
        for k, x in v["sources"].items()
        if s.MISSING not in x.values()
    }
    facts = {}
    for k, x in v["facts"].items():
        if s.MISSING in x.values():
            continue
        pos = x["pos"]
        if x["source"] not in sources:
            problems.append(
                error(
                    pos,
                    f"fact '{k}' cites source '{x['source']}', which is not "
                    "under sources" + s.did_you_mean(x["source"], set(sources)),
                )
            )
            continue
        (date, precision) = x["date"]
        facts[k] = Fact(k, date, precision, x["source"], x["summary"], pos)
    return Seeds(facts, sources)


def _document_languages(
    node: Node, asked: tuple[str, ...] | None, site: Site | None, problems: list[Problem]
) -> tuple[str, ...] | None:
    """The languages a document is made in: those it lists, or all of site.yaml's; its
    source language among them."""
    if site is None:
        return asked or ()
    if asked is None:
        return site.languages
    where = node.get("languages") if isinstance(node, Mapping) else None
    pos = where.pos if where is not None else node.pos
    unknown = [lang for lang in asked if lang not in site.languages]
    if unknown:
        problems.append(
            error(
                pos,
                f"'{unknown[0]}' is not one of the languages in content/site.yaml"
                + s.did_you_mean(unknown[0], set(site.languages)),
            )
        )
        return None
    if site.source_lang not in asked:
        problems.append(
            error(
                pos,
                f"a document is made in its source language, {site.source_lang}, too; "
                "add it to languages",
            )
        )
        return None
    return tuple(lang for lang in site.languages if lang in asked)


def load_document(
    folder: Path, root: Path, seeds: Seeds | None, site: Site | None, problems: list[Problem]
) -> DocumentSpec | None:
    loaded = _struct(folder / "document.yaml", root, DOCUMENT, problems)
    if loaded is None:
        return None
    v, node = loaded
    if not (root / "templates" / v["template"]).is_file():
        template_node = node.get("template") if isinstance(node, Mapping) else node
        problems.append(
            error(
                template_node.pos if template_node else node.pos,
                f"the template '{v['template']}' does not exist in templates/",
            )
        )
        return None
    if seeds is not None:
        facts_node = node.get("facts") if isinstance(node, Mapping) else None
        for fact in v["facts"]:
            if fact not in seeds.facts:
                problems.append(
                    error(
                        facts_node.pos if facts_node else node.pos,
                        f"the fact '{fact}' is not in seeds/facts.yaml"
                        + s.did_you_mean(fact, set(seeds.facts)),
                    )
                )
    pages, at_least = v["pages"]
    variants = tuple(dict.fromkeys(v["variants"]))
    if imposed(variants) and v["sheet_up"] < 2:
        problems.append(
            error(
                node.pos,
                "a document with a sheet variant needs 'sheet_up', "
                "the number of copies on one A4 sheet (e.g. 4)",
            )
        )
        return None
    languages = _document_languages(node, v["languages"], site, problems)
    if languages is None:
        return None
    folds = tuple((page, tuple(xs)) for page, xs in v["folds"].items())
    size = v["font_size"] or {"base": 10.0, "min": 10.0}
    if s.MISSING in size.values() or not 6 <= size["min"] <= size["base"] <= 200:
        problems.append(
            error(
                node.pos,
                "font_size needs base and min in points, with "
                "min no larger than base (e.g. base: 10, min: 9)",
            )
        )
        return None
    return DocumentSpec(
        folder.name,
        v["template"],
        v["page_size"],
        pages,
        at_least,
        variants,
        v["facts"],
        node.pos,
        v["sheet_up"],
        folds,
        v["fold"],
        v["paper"],
        size["base"],
        size["min"],
        v["max_chars"],
        languages,
        v["body_min"],
        v["easy_read"],
    )


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
    theme, theme_node = load_theme(root, problems)
    fonts = fonts_of(theme_node, (root / THEME_FILE).is_file(), problems)
    content = root / "content"
    folders = sorted(p.parent for p in content.glob("*/document.yaml"))
    documents = {}
    for folder in folders:
        found: list[Problem] = []
        spec = load_document(folder, root, seeds, site, found)
        problems += about(Subject(folder.name), found)
        if spec is not None:
            documents[spec.id] = spec
    if site is None or seeds is None or fonts is None:
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
            fonts,
            site.typography.get(code, Typography()),
            site.calendars.get(code, GREGORIAN),
        )
        for code in site.languages
    }
    project = Project(root, site, seeds, strings, documents, locales, theme, langs)
    return project, project.with_subjects(problems)
