"""The checked project: small frozen records that the later stages read, never YAML nodes.

The records of site.yaml, document.yaml and the fact sheet say, field by field, how the file
writes each value (schema.py reads them); theme.yaml's are in theme.py, the typography and
scripts of site.yaml in writing.py, beside what uses them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tract.fonts import Family
from tract.problems import EVERYTHING, Pos, Problem, Subject, error
from tract.source import schema as s
from tract.source.calendars import Calendar, calendar
from tract.source.paths import STRINGS, document_file, locale_file, lock_file
from tract.source.theme import Theme
from tract.source.writing import ScriptRules, Typography, scripts
from tract.source.yamlfile import Mapping, Node, Scalar
from tract.variants import DECLARED, DEFAULT


@dataclass(frozen=True)
class Localized:
    """A fact that reads differently per language (a place name); falls back to the source."""

    texts: tuple[tuple[str, str], ...]
    pos: Pos

    def get(self, lang: str, source_lang: str) -> str:
        """In `lang`, else in the source language; the loader has said so if neither is
        there, and the first one written stands in."""
        texts = dict(self.texts)
        return texts.get(lang) or texts.get(source_lang) or next(iter(texts.values()), "")


def localized(node: Node, problems: list[Problem]) -> Localized | s.Missing:
    """One text for every language, or a text per language code."""
    if isinstance(node, Scalar):
        value = s.text(node, problems)
        return s.MISSING if value is s.MISSING else Localized((("*", value),), node.pos)
    texts = s.map_of(s.text)(node, problems)
    return s.MISSING if texts is s.MISSING else Localized(tuple(texts.items()), node.pos)


class Contact(s.Record, what="a contact"):
    value: str = s.key(s.text)
    kind: str = s.key(s.one_of("phone", "email", "web"))
    sample: bool = s.key(s.boolean, default=False)
    pos: Pos = s.here()


class Event(s.Record, what="an event"):
    when: s.When = s.key(s.date, name="date")
    time: dt.time | None = s.key(s.time, default=None)
    place: Localized = s.key(localized)
    place_sample: bool = s.key(s.boolean, default=False)
    pos: Pos = s.here()


class ProperName(s.Record, what="a proper name"):
    """A name that stays in its own language in every document (the English name of a
    meeting); printed marked with that language, for screen readers and hyphenation."""

    text: str = s.key(s.text)
    lang: str = s.key(s.language)
    pos: Pos = s.here()


class Organisation(s.Record, what="organisation"):
    name: str = s.key(s.text)
    website: str = s.key(s.https_url)


class Site(s.Record, what="site.yaml"):
    """content/site.yaml: the languages (the first is the source), the organisation, and what
    every document may print or follow."""

    languages: tuple[str, ...] = s.key(s.unique(s.list_of(s.language)))
    region: str = s.key(s.pattern(r"[A-Z]{2}", "a country code", "BE"), default="BE")
    organisation: Organisation = s.key(Organisation.read)
    contacts: dict[str, Contact] = s.key(s.map_of(Contact.read), default_factory=dict)
    events: dict[str, Event] = s.key(s.map_of(Event.read), default_factory=dict)
    names: dict[str, ProperName] = s.key(s.map_of(ProperName.read), default_factory=dict)
    # by language: the Babel locale of its dates and numbers, its calendar, its typography
    locales: dict[str, str] = s.key(s.map_of(s.babel_locale), default_factory=dict)
    calendars: dict[str, str] = s.key(s.map_of(calendar), default_factory=dict)
    typography: dict[str, Typography] = s.key(s.map_of(Typography.read), default_factory=dict)
    # by ISO 15924 code: how the script is written
    scripts: dict[str, ScriptRules] = s.key(scripts, default_factory=dict)
    pos: Pos = s.here()

    @property
    def source_lang(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class Language:
    """What CLDR, the theme and site.yaml say about one language: derived once, in
    source/languages.py.

    `stack` is the font families its documents are set in, first the one for its script (when
    the theme has one), then the theme's fallback family for what that one lacks."""

    code: str
    name: str  # in English, for messages: "Bulgarian"
    locale: str  # the Babel locale of its dates and numbers: "fr_BE", "ro", "ar_MA"
    script: str  # ISO 15924, from CLDR's likely subtags: "Latn", "Cyrl", "Arab"
    script_name: str  # in English: "Cyrillic"
    rtl: bool
    stack: tuple[Family, ...]
    has_script_font: bool  # False: the theme has no family for its script
    calendar: Calendar | None = None  # None: the Gregorian, which Babel writes
    # site.yaml's, else plain spaces everywhere
    typography: Typography = field(default_factory=Typography)

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def line_height(self) -> float:
        return self.stack[0].line_height

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.stack)

    @property
    def font_css(self) -> str:
        """The stack as a CSS font-family value."""
        return ", ".join(f'"{name}"' for name in self.families)


class Fact(s.Record, what="a fact"):
    id: str  # its name in the fact sheet
    when: s.When = s.key(s.date, name="date")  # a day, a month or a year
    source: str = s.key(s.text)
    summary: str = s.key(s.text)
    note: str | None = s.key(s.text, default=None)  # for whoever edits the sheet; not printed
    pos: Pos = s.here()

    @property
    def date(self) -> dt.date:
        """Its day, or the first day of its month or year (templates read `fact.date.year`)."""
        return self.when.day


class Source(s.Record, what="a source"):
    id: str  # its name in the fact sheet
    title: str = s.key(s.text)
    publisher: str = s.key(s.text)
    kind: str = s.key(s.text)
    occasion: str = s.key(s.text)
    lang: str = s.key(s.language)
    pos: Pos = s.here()


class Seeds(s.Record, what="the fact sheet"):
    """seeds/facts.yaml: the sources, and the facts that cite them, by name."""

    sources: dict[str, Source] = s.key(s.named(Source))
    facts: dict[str, Fact] = s.key(s.named(Fact))


@dataclass(frozen=True)
class PageSize:
    css: str  # what goes in @page { size: … }
    width_mm: float
    height_mm: float

    @property
    def width_css(self) -> str:
        return f"{self.width_mm:g}mm"

    @property
    def height_css(self) -> str:
        return f"{self.height_mm:g}mm"


_SIZES = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}


def page_size(node: Node, problems: list[Problem]) -> PageSize | s.Missing:
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


@dataclass(frozen=True)
class PageCount:
    """How many pages a document has: exactly `count`, or (`at_least`, "8+") that many or
    more."""

    count: int
    at_least: bool

    def accepts(self, count: int) -> bool:
        return count >= self.count if self.at_least else count == self.count


_PAGE_COUNT = s.pattern(r"[1-9][0-9]{0,2}\+?", "a page count", "2, or 8+ for 8 or more")


def page_count(node: Node, problems: list[Problem]) -> PageCount | s.Missing:
    value = _PAGE_COUNT(node, problems)
    return (
        s.MISSING if value is s.MISSING else PageCount(int(value.rstrip("+")), value.endswith("+"))
    )


class FontSize(s.Record, what="font_size"):
    """The body text size in pt; the fit check may step down from `base` to `min`."""

    base: float = s.key(s.number)
    min: float = s.key(s.number)


@dataclass(frozen=True)
class CharLimit:
    """A length hint from document.yaml: the text under `key` should print in `limit`
    characters at most, in every language; `pos` is where document.yaml says so."""

    key: str
    limit: int
    pos: Pos


def char_limits(node: Node, problems: list[Problem]) -> tuple[CharLimit, ...] | s.Missing:
    """max_chars: dotted key → most characters its text may print, each with its position."""
    limits = s.map_of(s.integer)(node, problems)
    if limits is s.MISSING or not isinstance(node, Mapping):
        return s.MISSING
    return tuple(
        CharLimit(e.key, limits[e.key], e.key_pos) for e in node.entries if e.key in limits
    )


class DocumentSpec(s.Record, what="document.yaml"):
    """content/<doc>/document.yaml, and the languages the document is made in."""

    id: str  # its folder's name
    template: str = s.key(
        s.pattern(r"[a-z0-9-]+\.html\.j2", "a template file name", "rights-flyer.html.j2")
    )
    page: PageSize = s.key(page_size, name="page_size")
    pages: PageCount = s.key(page_count)
    variants: tuple[str, ...] = s.key(s.unique(s.list_of(s.one_of(*DECLARED))), default=DEFAULT)
    facts: tuple[str, ...] = s.key(
        s.list_of(s.pattern(r"[a-z0-9_]+", "a fact id", "labour_law")), default=()
    )
    sheet_up: int = s.key(s.integer, default=0)  # copies per A4 sheet, for a sheet variant
    font_size: FontSize = s.key(FontSize.read, default=FontSize(base=10.0, min=10.0))
    # page name → where it folds, in mm from its left trim edge
    folds: dict[str, tuple[float, ...]] = s.key(s.map_of(s.list_of(s.number)), default_factory=dict)
    fold: str = s.key(s.text, default="none (flat)")  # fold type, for the print shop
    paper: str = s.key(s.text, default="ask the print shop")
    max_chars: tuple[CharLimit, ...] = s.key(char_limits, default=())
    # what it is made in: those it lists (the loader puts site.yaml's there when it lists none)
    languages: tuple[str, ...] = s.key(s.unique(s.list_of(s.language)), default=())
    body_min: float = s.key(s.number, default=7.0)  # the smallest body size readers cope with
    easy_read: bool = s.key(s.boolean, default=False)  # street materials: lint for easy reading
    pos: Pos = s.here()

    @property
    def template_file(self) -> str:
        """Its template, relative to the project root."""
        return f"templates/{self.template}"

    @property
    def font_base(self) -> float:
        """The body text size (templates read `doc.font_base`)."""
        return self.font_size.base

    @property
    def font_min(self) -> float:
        return self.font_size.min

    def font_steps(self) -> tuple[float, ...]:
        """Body sizes to try, 0.25 pt apart, from the base down to the minimum."""
        count = round((self.font_base - self.font_min) / 0.25)
        return tuple(self.font_base - 0.25 * i for i in range(count + 1)) if count else ()

    def folds_for(self, page: str, mirrored: bool = False) -> tuple[float, ...]:
        """Where a page folds, from its left trim edge; `mirrored` for a right-to-left
        language, whose panels are laid out the other way."""
        folds = self.folds.get(page, ())
        if mirrored:
            return tuple(sorted(round(self.page.width_mm - x, 3) for x in folds))
        return folds


@dataclass(frozen=True)
class LocaleFile:
    """One translator's file: `root` is None when it could not be read."""

    lang: str
    path: str
    root: Mapping | None


@dataclass(frozen=True)
class Project:
    root: Path
    site: Site
    seeds: Seeds
    strings: dict[str, LocaleFile]
    documents: dict[str, DocumentSpec]
    locales: dict[tuple[str, str], LocaleFile]  # (doc, lang), for each language of each doc
    theme: Theme
    lang: dict[str, Language] = field(default_factory=dict)  # every language of site.yaml

    @property
    def languages(self) -> tuple[str, ...]:
        return self.site.languages

    @cached_property
    def _subjects(self) -> dict[str, Subject]:
        return file_subjects(self.documents, self.site.languages, self.site.source_lang)

    def with_subjects(self, problems: list[Problem]) -> list[Problem]:
        """Problems found reading or checking the project's files, each about what its file
        is about (one already said to be about less keeps its subject)."""
        return [
            p
            if p.about != EVERYTHING
            else dataclasses.replace(p, about=self._subjects.get(p.pos.path, EVERYTHING))
            for p in problems
        ]


def file_subjects(
    documents: dict[str, DocumentSpec], languages: tuple[str, ...], source_lang: str
) -> dict[str, Subject]:
    """What a problem in each file is about, by the file's part in the project: a translation,
    its document in that language; a document's source texts, document.yaml, lock file and a
    template no other document uses, the document in every language; the strings documents
    share, in a language, every document in it. Any other file (site.yaml, the facts, the
    theme, shared templates, the strings' source) is about everything."""
    table: dict[str, Subject] = {}
    groups = [(STRINGS, None, languages), *((d, d, s.languages) for d, s in documents.items())]
    for name, doc, langs in groups:
        table[lock_file(name)] = Subject(doc)
        for lang in langs:
            table[locale_file(name, lang)] = Subject(doc, None if lang == source_lang else lang)
    users = Counter(spec.template for spec in documents.values())
    for doc, spec in documents.items():
        table[document_file(doc)] = Subject(doc)
        if users[spec.template] == 1:
            table[spec.template_file] = Subject(doc)
    return table
