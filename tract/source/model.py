"""The checked project: small frozen records that the later stages read, never YAML nodes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tract.fonts import Family
from tract.problems import EVERYTHING, Pos, Problem, Subject
from tract.source.yamlfile import Mapping

# Where a project's content lives, relative to its root.
SITE_FILE = "content/site.yaml"
FACTS_FILE = "seeds/facts.yaml"
STRINGS = "strings"  # content/strings/: the texts documents share, named like a document
THEME_FILE = "templates/theme.yaml"
LOCK_NAME = "translations.lock.json"


def document_file(doc: str) -> str:
    return f"content/{doc}/document.yaml"


def locale_file(doc: str, lang: str) -> str:
    """One language's texts of a document (or of the shared strings, doc "strings")."""
    return f"content/{doc}/{lang}.yaml"


def lock_file(doc: str) -> str:
    """Which source text each translation of a document (or of the strings) was confirmed
    against, written by `python build.py translated`."""
    return f"content/{doc}/{LOCK_NAME}"


def document_ids(root: Path) -> list[str]:
    """Every folder of content/ with a document.yaml, even one too broken to load."""
    return sorted(p.parent.name for p in (root / "content").glob("*/document.yaml"))


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


@dataclass(frozen=True)
class Contact:
    value: str
    kind: str  # phone, email or web
    sample: bool
    pos: Pos


@dataclass(frozen=True)
class Event:
    date: dt.date
    time: dt.time | None
    place: Localized
    place_sample: bool
    pos: Pos


@dataclass(frozen=True)
class ProperName:
    """A name that stays in its own language in every document (the English name of a
    meeting); printed marked with that language, for screen readers and hyphenation."""

    text: str
    lang: str
    pos: Pos


@dataclass(frozen=True)
class Typography:
    """What a language's typography asks of the spaces a translator types (site.yaml's
    `typography:`): the space before each mark of `no_break_before` and after each of
    `no_break_after` prints as a no-break space, so that the mark never starts or ends a line
    away from its word (French: before ; : ! ? and », after «)."""

    no_break_before: str = ""
    no_break_after: str = ""


@dataclass(frozen=True)
class ScriptRules:
    """How a script is written, where that is not words apart and sentences ending at . ! ?
    (site.yaml's `scripts:`). `space_between` "sentences": its words are written together and
    a space between two of its characters ends a sentence (Thai, Lao, Khmer); `words`: the word
    breaker that finds its words (libthai), else a run of its letters counts as one word."""

    space_between: str = "words"
    words: str | None = None


@dataclass(frozen=True)
class Site:
    languages: tuple[str, ...]
    region: str
    name: str
    website: str
    contacts: dict[str, Contact]
    events: dict[str, Event]
    pos: Pos
    names: dict[str, ProperName] = field(default_factory=dict)
    locales: dict[str, str] = field(default_factory=dict)  # language → Babel locale named
    calendars: dict[str, str] = field(default_factory=dict)  # language → calendar named
    typography: dict[str, Typography] = field(default_factory=dict)  # language → its rules
    scripts: dict[str, ScriptRules] = field(default_factory=dict)  # ISO 15924 → its rules

    @property
    def source_lang(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class Calendar:
    """A calendar other than the Gregorian, as CLDR describes it for one language: a year is
    the Gregorian year plus `offset`, in one era, which dates name as `eras` says
    (abbreviated, wide, narrow: the widths of CLDR's pattern letter G)."""

    name: str
    offset: int
    eras: tuple[str, str, str]


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
    typography: Typography = Typography()  # site.yaml's, else plain spaces everywhere

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


@dataclass(frozen=True)
class Fact:
    id: str
    date: dt.date
    precision: int  # 1: a year, 2: a month, 3: a day
    source: str
    summary: str
    pos: Pos


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    kind: str
    occasion: str
    lang: str
    pos: Pos


@dataclass(frozen=True)
class Seeds:
    facts: dict[str, Fact]
    sources: dict[str, Source]


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


@dataclass(frozen=True)
class CharLimit:
    """A length hint from document.yaml: the text under `key` should print in `limit`
    characters at most, in every language; `pos` is where document.yaml says so."""

    key: str
    limit: int
    pos: Pos


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    template: str
    page: PageSize
    pages: int
    pages_at_least: bool  # "8+" means 8 or more
    variants: tuple[str, ...]
    facts: tuple[str, ...]
    pos: Pos
    sheet_up: int = 0  # copies per A4 sheet, for documents with a sheet variant
    folds: tuple[tuple[str, tuple[float, ...]], ...] = ()  # page name → fold positions in mm
    fold: str = "none (flat)"  # fold type, for the print shop
    paper: str = "ask the print shop"
    font_base: float = 10.0  # body text size in pt; the fit check may step down to font_min
    font_min: float = 10.0
    max_chars: tuple[CharLimit, ...] = ()
    languages: tuple[str, ...] = ()  # what it is made in: site.yaml's languages, or some
    body_min: float = 7.0  # the smallest body text size readers can cope with, in pt
    easy_read: bool = False  # street materials: lint the text for easy reading

    @property
    def template_file(self) -> str:
        """Its template, relative to the project root."""
        return f"templates/{self.template}"

    def font_steps(self) -> tuple[float, ...]:
        """Body sizes to try, 0.25 pt apart, from the base down to the minimum."""
        count = round((self.font_base - self.font_min) / 0.25)
        return tuple(self.font_base - 0.25 * i for i in range(count + 1)) if count else ()

    def folds_for(self, page: str, mirrored: bool = False) -> tuple[float, ...]:
        """Where a page folds, from its left trim edge; `mirrored` for a right-to-left
        language, whose panels are laid out the other way."""
        folds = dict(self.folds).get(page, ())
        if mirrored:
            return tuple(sorted(round(self.page.width_mm - x, 3) for x in folds))
        return folds

    def accepts_pages(self, count: int) -> bool:
        return count >= self.pages if self.pages_at_least else count == self.pages


@dataclass(frozen=True)
class LocaleFile:
    """One translator's file: `root` is None when it could not be read."""

    lang: str
    path: str
    root: Mapping | None


@dataclass(frozen=True)
class Colour:
    """One colour of the theme, said once for both media: `screen` is its sRGB value, `cmyk`
    the percentages of cyan, magenta, yellow and black ink the press prints it with."""

    screen: str  # #rrggbb
    cmyk: tuple[int, int, int, int]
    alpha: float  # 1 is opaque
    pos: Pos

    def css(self, press: bool) -> str:
        """Its CSS value in screen PDFs, or in the PDFs for the press."""
        alpha = "" if self.alpha == 1 else f" / {self.alpha:g}"
        if press:
            return f"device-cmyk({' '.join(f'{v / 100:g}' for v in self.cmyk)}{alpha})"
        if not alpha:
            return self.screen
        red, green, blue = (int(self.screen[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgb({red} {green} {blue}{alpha})"


@dataclass(frozen=True)
class ColourPair:
    """Text of one theme colour on a background of another, as a template sets it."""

    text: str
    background: str
    large: bool  # 18 pt and more, or 14 pt bold
    pos: Pos


@dataclass(frozen=True)
class Theme:
    """templates/theme.yaml: the named colours (tract.css's --variables) and the pairs the
    contrast check judges. A project without the file has an empty theme."""

    colours: dict[str, Colour] = field(default_factory=dict)
    pairs: tuple[ColourPair, ...] = ()

    def css_values(self, press: bool) -> dict[str, str]:
        """Each colour's CSS value by name, for screen or for the press."""
        return {name: colour.css(press) for name, colour in self.colours.items()}


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
