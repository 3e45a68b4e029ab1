"""Resolve stage: one document in one language becomes formatted, escaped text for templates.

Locale fallback (for drafts), placeholders filled from site.yaml and seeds/, dates and numbers
formatted by Babel for the language, light markup turned into HTML. Templates get read-only
views, never raw YAML.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_time
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from tract.problems import Pos
from tract.render.calendar import written
from tract.source.markup import NBSP, NNBSP, to_html, to_plain
from tract.source.model import (
    SITE_FILE,
    DocumentSpec,
    Fact,
    Language,
    LocaleFile,
    Project,
    Source,
    Theme,
)
from tract.source.strings import ARGUMENTS, is_blank, is_plural, node_at, plural_tags
from tract.source.yamlfile import Mapping, Node, Scalar, walk_scalars


@cache
def babel_locale(name: str) -> Locale:
    """A language's locale for dates and numbers, as source/languages.py chose it."""
    return Locale.parse(name)


def ltr_insert(value: Markup, rtl: bool) -> Markup:
    """In a right-to-left document, a value with no right-to-left letter (a web address, a
    phone number, a year, a name in Latin letters) is isolated as left to right: WeasyPrint
    does not run the bidi algorithm across inline boxes, so the renderer says it."""
    if not rtl or not value or any(_is_rtl(c) for c in value.striptags()):
        return value
    return Markup('<span dir="ltr">{}</span>').format(value)


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def _typo(text: str) -> str:
    return text.replace(NNBSP, NBSP)


def display_url(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc + parts.path.rstrip("/")


@dataclass(frozen=True)
class Text:
    """A translated string, ready to print. `key` is its dotted key ("text.back.heading"),
    which the HTML marks so the layout can tell which strings each page prints; `fallback`
    names the language it came from when a draft shows the source text in place of a
    missing translation."""

    html: Markup
    lang: str
    fallback: str | None = None
    key: str = ""
    locale: str = ""  # of its numbers ({count}, {page}): the language's, from languages.py

    def __html__(self) -> str:
        # an empty marker after the text, not a wrapper: WeasyPrint breaks lines differently
        # inside one more inline box, and ::first-letter needs the text first; the marker's
        # box still tells on which page the string ends
        mark = f'<span data-key="{self.key}"></span>' if self.key else ""
        if self.fallback:
            return f'<span class="draft-text" lang="{self.fallback}">{self.html}</span>{mark}'
        return f"{self.html}{mark}"

    def __str__(self) -> str:
        return self.__html__()

    def fill(self, **args: int | Text) -> Markup:
        """Fill the placeholders a template supplies, like {page}, {count} or {headline}; a
        number stays on the line of the word after it ("8 languages"), never ending a line
        alone; a text is put in as it prints."""
        html = self.__html__()
        for name, value in args.items():
            if isinstance(value, Text):
                html = html.replace(f"{{{name}}}", value.__html__())
                continue
            number = format_decimal(
                value, locale=self.locale or self.lang, numbering_system="default"
            )
            html = html.replace(f"{{{name}}} ", f"{{{name}}}{NBSP}")
            html = html.replace(f"{{{name}}}", _typo(number))
        return Markup(html)

    def plain(self) -> str:
        return to_plain(self.html)


@dataclass(frozen=True)
class Plural:
    """A string with CLDR plural forms; call it with the count. `fallback`, in a draft whose
    translation lacks some of its language's forms: the source's forms, which stand in for
    a missing one, chosen by the source language's own rule for the count."""

    forms: tuple[tuple[str, Text], ...]
    locale: Locale
    fallback: Plural | None = None

    def __call__(self, count: int) -> Markup:
        text = dict(self.forms).get(self.locale.plural_form(count))
        if text is None and self.fallback is not None:
            return self.fallback(count)
        return (text or dict(self.forms)["other"]).fill(count=count)


class View:
    """A read-only tree of texts, read in templates as text.front.title or text.rights.items().

    `path` is the dotted key of this group and `source` the file its keys come from, so a
    template asking for a key that is not there can say which key and which file.
    """

    __slots__ = ("_items", "path", "source")

    def __init__(self, items: dict[str, Any], path: str, source: str) -> None:
        object.__setattr__(self, "_items", items)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "source", source)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._items[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __setattr__(self, key: str, value: Any) -> None:
        raise TypeError("texts are read-only")

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[str]:
        return list(self._items)

    def get(self, key: str, default: Any = None) -> Any:
        return self._items.get(key, default)

    def items(self) -> list[tuple[str, Any]]:
        return list(self._items.items())

    def values(self) -> list[Any]:
        return list(self._items.values())


@dataclass(frozen=True)
class TimelineEntry:
    fact: Fact
    when: str
    text: Text | None


@dataclass(frozen=True)
class SourceEntry:
    source: Source
    number: int


@dataclass(frozen=True)
class Resolved:
    """Everything a template needs for one document in one language."""

    doc: DocumentSpec
    lang: str
    language: Language
    title: str
    text: View
    ui: View
    values: View
    timeline: tuple[TimelineEntry, ...]
    sources: tuple[SourceEntry, ...]
    draft: bool
    theme: Theme


class _Values:
    """Placeholder values for one language, formatted by Babel and escaped."""

    def __init__(self, project: Project, lang: str) -> None:
        self.project = project
        self.language = project.lang[lang]
        self.locale = babel_locale(self.language.locale)
        self.lang = lang
        self.table = {k: ltr_insert(v, self.language.rtl) for k, v in self._build().items()}

    def _sample(self, value: str, sample: bool) -> Markup:
        if sample:
            return Markup('<span class="sample" title="sample">{}</span>').format(_typo(value))
        return escape(_typo(value))

    def when(self, date: dt.date, form: str) -> str:
        """A date or a year, in the language's locale and calendar."""
        return written(date, form, self.locale, self.language.calendar)

    def fact_when(self, fact: Fact) -> str:
        return self.when(fact.date, ("y", "yMMMM", "long")[fact.precision - 1])

    def _build(self) -> dict[str, Markup]:
        site, loc = self.project.site, self.locale
        table = {"org.name": escape(site.name), "org.website": escape(display_url(site.website))}
        for key, name in site.names.items():
            table[f"name.{key}"] = (
                escape(name.text)
                if name.lang == self.lang
                else Markup('<span lang="{}">{}</span>').format(name.lang, name.text)
            )
        for key, contact in site.contacts.items():
            table[f"contact.{key}"] = self._sample(contact.value, contact.sample)
        for key, event in site.events.items():
            table[f"event.{key}.date"] = escape(_typo(self.when(event.date, "full")))
            table[f"event.{key}.day"] = escape(_typo(self.when(event.date, "MMMMd")))
            place = (
                event.place.get(self.lang, site.source_lang)
                if "*" not in dict(event.place.texts)
                else dict(event.place.texts)["*"]
            )
            table[f"event.{key}.place"] = self._sample(place, event.place_sample)
            if event.time:
                table[f"event.{key}.time"] = escape(
                    _typo(format_time(event.time, "short", locale=loc))
                )
        for key, fact in self.project.seeds.facts.items():
            table[f"fact.{key}.year"] = escape(self.when(fact.date, "y"))
            table[f"fact.{key}.date"] = escape(_typo(self.fact_when(fact)))
        return table

    def fill(self, name: str) -> Markup:
        """A placeholder's value; one the project does not know stays as typed (the check
        has reported it) and the ones templates fill themselves are left for them."""
        if name in ARGUMENTS or name not in self.table:
            return escape(f"{{{name}}}")
        return self.table[name]


def _text(node: Scalar, values: _Values, fallback: str | None, key: str) -> Text:
    lang = fallback or values.lang
    html = to_html(node.text, values.fill, lang)
    return Text(html, values.lang, fallback, key, values.language.locale)


def _resolve_node(
    src: Node,
    dst: Node | None,
    path: str,
    source: str,
    values: _Values,
    source_values: _Values,
    source_lang: str,
) -> Any:
    """The translation where there is one, else (drafts only) the source text, marked."""
    if isinstance(src, Scalar):
        if is_blank(dst) or not isinstance(dst, Scalar):
            return _text(src, source_values, source_lang, path)
        return _text(dst, values, None, path)
    assert isinstance(src, Mapping)
    if is_plural(src):
        return _plural(src, dst, path, values, source_values, source_lang)
    target = dst if isinstance(dst, Mapping) else None
    items = {}
    for entry in src.entries:
        child = target.get(entry.key) if target else None
        items[entry.key] = _resolve_node(
            entry.value, child, f"{path}.{entry.key}", source, values, source_values, source_lang
        )
    return View(items, path, source)


def _plural(
    src: Mapping,
    dst: Node | None,
    path: str,
    values: _Values,
    source_values: _Values,
    source_lang: str,
) -> Plural:
    """The forms the language uses, as translated; where one is missing (only a draft gets
    here: the check has said so), the source's forms stand in, marked."""
    source = Plural(
        tuple(
            (e.key, _text(e.value, source_values, source_lang, f"{path}.{e.key}"))
            for e in src.entries
            if isinstance(e.value, Scalar)
        ),
        source_values.locale,
    )
    if not isinstance(dst, Mapping):
        return source
    tags = plural_tags(values.lang)
    forms = tuple(
        (tag, _text(form, values, None, f"{path}.{tag}"))
        for tag in tags
        if isinstance(form := dst.get(tag), Scalar) and not is_blank(form)
    )
    return Plural(forms, values.locale, None if len(forms) == len(tags) else source)


def _view(project: Project, files: tuple[LocaleFile, LocaleFile], lang: str, name: str) -> View:
    """The texts of one file in `lang` as the view `name` ("text", "ui") templates read."""
    source_lang = project.site.source_lang
    values, source_values = _Values(project, lang), _Values(project, source_lang)
    src, dst = files
    assert src.root is not None
    view = _resolve_node(src.root, dst.root, name, src.path, values, source_values, source_lang)
    assert isinstance(view, View)
    return view


def resolve(
    project: Project, doc_id: str, lang: str, draft: bool, unreviewed: bool = False
) -> Resolved:
    """Resolve one document in one language. The check stage has already passed for it;
    `unreviewed`: no reviewer has confirmed its translation (only a draft builds it)."""
    doc = project.documents[doc_id]
    source_lang = project.site.source_lang
    text = _view(
        project,
        (project.locales[(doc_id, source_lang)], project.locales[(doc_id, lang)]),
        lang,
        "text",
    )
    ui = _view(project, (project.strings[source_lang], project.strings[lang]), lang, "ui")
    values = _Values(project, lang)
    facts = sorted((project.seeds.facts[f] for f in doc.facts), key=lambda f: f.date)
    timeline_texts = text.get("timeline")
    timeline = tuple(
        TimelineEntry(
            f,
            values.fact_when(f),
            timeline_texts[f.id] if timeline_texts is not None and f.id in timeline_texts else None,
        )
        for f in facts
    )
    cited = dict.fromkeys(f.source for f in facts)
    sources = tuple(SourceEntry(project.seeds.sources[s], i + 1) for i, s in enumerate(cited))
    site = project.site
    value_view = View(
        {
            "website_url": site.website,
            "website": display_url(site.website),
            "name": site.name,
            "contacts": View(
                {k: values.fill(f"contact.{k}") for k in site.contacts}, "site.contacts", SITE_FILE
            ),
            "contact_kinds": {k: c.kind for k, c in site.contacts.items()},
            "table": values.table,
        },
        "site",
        SITE_FILE,
    )
    title = text["title"].plain() if "title" in text else doc_id
    # Marked as a draft where a source text stands in or no reviewer confirmed the
    # translation: a complete, reviewed translation built with --draft is the real thing.
    draft = draft and (unreviewed or _has_fallback(text) or _has_fallback(ui))
    language = project.lang[lang]
    return Resolved(
        doc, lang, language, title, text, ui, value_view, timeline, sources, draft, project.theme
    )


def _has_fallback(node: Any) -> bool:
    if isinstance(node, Text):
        return node.fallback is not None
    if isinstance(node, Plural):
        return node.fallback is not None or any(t.fallback is not None for _, t in node.forms)
    return any(_has_fallback(child) for child in node.values())


def placeholder_names(project: Project) -> set[str]:
    """Every `{name}` a string may use: exactly the values resolve fills in (organisation,
    proper names, contacts, events, facts), and those the templates fill themselves."""
    return set(_Values(project, project.site.source_lang).table) | ARGUMENTS


def printed_text(project: Project, lang: str) -> Callable[[str], str]:
    """The plain text a string prints as in `lang` (placeholders filled, markup gone), which
    length hints count and translators' pages look for in the PDF. An unknown placeholder
    stays as typed: the check reports it."""
    fill = _Values(project, lang).fill
    return lambda text: " ".join(to_html(text, fill, lang).striptags().split())


@dataclass(frozen=True)
class Printed:
    """One string as a document prints it: where it is written and how long it prints, so a
    page that overflows can name the strings on it, longest or most grown first."""

    key: str  # as the HTML carries it: "text.back.heading", "ui.contents"
    pos: Pos
    length: int


def printed_strings(project: Project, doc: str, lang: str) -> tuple[Printed, ...]:
    """Every string of a document in a language (its own texts and the shared ones), from the
    file it is printed from: the translation, or in a draft the source where it is missing."""
    source = project.site.source_lang
    out = []
    for name, files in (
        ("text", (project.locales[(doc, source)], project.locales[(doc, lang)])),
        ("ui", (project.strings[source], project.strings[lang])),
    ):
        src, dst = files
        if src.root is None:
            continue
        measure = printed_text(project, lang)
        for key, scalar in walk_scalars(src.root):
            found = node_at(dst.root, key) if dst.root is not None else None
            if isinstance(found, Scalar) and found.text.strip():
                scalar = found
            out.append(Printed(f"{name}.{key}", scalar.pos, len(measure(scalar.text))))
    return tuple(out)
