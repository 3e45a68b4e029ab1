"""Resolve stage: one document in one language becomes formatted, escaped text for templates.

Locale fallback (for drafts), each string printed by its language's context (render/context.py:
placeholders filled from site.yaml and seeds/, formatted by Babel, light markup and the
language's typography turned into HTML). Templates get read-only views, never raw YAML.
"""

from __future__ import annotations

from collections import abc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from markupsafe import Markup

from tract.problems import Pos
from tract.render.context import Contexts, LanguageContext, display_url
from tract.source.markup import NBSP, no_narrow_space, to_plain
from tract.source.model import DocumentSpec, Fact, Language, LocaleFile, Project, Source
from tract.source.paths import SITE_FILE
from tract.source.strings import is_blank, is_plural, node_at, plural_tags
from tract.source.theme import Theme
from tract.source.writing import ScriptRules
from tract.source.yamlfile import Mapping, Node, Scalar, walk_scalars


@dataclass(frozen=True)
class Text:
    """A translated string, ready to print. `key` is its dotted key ("text.back.heading"),
    which the HTML marks so the layout can tell which strings each page prints; `fallback`
    names the language it came from when a draft shows the source text in place of a
    missing translation."""

    html: Markup
    lang: str
    scripts: abc.Mapping[str, ScriptRules]  # site.yaml's: what a line break says on one line
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
            html = html.replace(f"{{{name}}}", no_narrow_space(number))
        return Markup(html)

    def plain(self) -> str:
        return to_plain(self.html, self.scripts)


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
    scripts: abc.Mapping[str, ScriptRules]  # how each script writes: what a line break says aloud


def _text(node: Scalar, context: LanguageContext, fallback: bool, key: str) -> Text:
    """One string as its context prints it; `fallback`: the source text standing in for a
    missing translation (in a draft), printed in the source language's context."""
    html = context.html(node.text)
    code = context.code
    return Text(
        html, code, context.scripts, code if fallback else None, key, context.language.locale
    )


# The contexts a document's strings print in: its language's, and the source language's for
# a source text standing in where a draft's translation is missing.
_Pair = tuple[LanguageContext, LanguageContext]


def _resolve_node(src: Node, dst: Node | None, path: str, source: str, pair: _Pair) -> Any:
    """The translation where there is one, else (drafts only) the source text, marked."""
    own, stand_in = pair
    if isinstance(src, Scalar):
        if is_blank(dst) or not isinstance(dst, Scalar):
            return _text(src, stand_in, True, path)
        return _text(dst, own, False, path)
    assert isinstance(src, Mapping)
    if is_plural(src):
        return _plural(src, dst, path, pair)
    target = dst if isinstance(dst, Mapping) else None
    items = {}
    for entry in src.entries:
        child = target.get(entry.key) if target else None
        items[entry.key] = _resolve_node(entry.value, child, f"{path}.{entry.key}", source, pair)
    return View(items, path, source)


def _plural(src: Mapping, dst: Node | None, path: str, pair: _Pair) -> Plural:
    """The forms the language uses, as translated; where one is missing (only a draft gets
    here: the check has said so), the source's forms stand in, marked."""
    own, stand_in = pair
    source = Plural(
        tuple(
            (e.key, _text(e.value, stand_in, True, f"{path}.{e.key}"))
            for e in src.entries
            if isinstance(e.value, Scalar)
        ),
        stand_in.locale,
    )
    if not isinstance(dst, Mapping):
        return source
    tags = plural_tags(own.code)
    forms = tuple(
        (tag, _text(form, own, False, f"{path}.{tag}"))
        for tag in tags
        if isinstance(form := dst.get(tag), Scalar) and not is_blank(form)
    )
    return Plural(forms, own.locale, None if len(forms) == len(tags) else source)


def _view(files: tuple[LocaleFile, LocaleFile], pair: _Pair, name: str) -> View:
    """The texts of one file as the view `name` ("text", "ui") templates read."""
    src, dst = files
    assert src.root is not None
    view = _resolve_node(src.root, dst.root, name, src.path, pair)
    assert isinstance(view, View)
    return view


def resolve(
    project: Project,
    contexts: Contexts,
    doc_id: str,
    lang: str,
    draft: bool,
    unreviewed: bool = False,
) -> Resolved:
    """Resolve one document in one language. The check stage has already passed for it;
    `unreviewed`: no reviewer has confirmed its translation (only a draft builds it)."""
    doc = project.documents[doc_id]
    source_lang = project.site.source_lang
    context = contexts[lang]
    pair = (context, contexts[source_lang])
    text = _view(
        (project.locales[(doc_id, source_lang)], project.locales[(doc_id, lang)]), pair, "text"
    )
    ui = _view((project.strings[source_lang], project.strings[lang]), pair, "ui")
    facts = sorted((project.seeds.facts[f] for f in doc.facts), key=lambda f: f.date)
    timeline_texts = text.get("timeline")
    timeline = tuple(
        TimelineEntry(
            f,
            context.fact_when(f),
            timeline_texts[f.id] if timeline_texts is not None and f.id in timeline_texts else None,
        )
        for f in facts
    )
    cited = dict.fromkeys(f.source for f in facts)
    sources = tuple(SourceEntry(project.seeds.sources[s], i + 1) for i, s in enumerate(cited))
    site = project.site
    value_view = View(
        {
            "website_url": site.organisation.website,
            "website": display_url(site.organisation.website),
            "name": site.organisation.name,
            "contacts": View(
                {k: context.fill(f"contact.{k}") for k in site.contacts},
                "site.contacts",
                SITE_FILE,
            ),
            "contact_kinds": {k: c.kind for k, c in site.contacts.items()},
            "table": context.values,
        },
        "site",
        SITE_FILE,
    )
    title = text["title"].plain() if "title" in text else doc_id
    # Marked as a draft where a source text stands in or no reviewer confirmed the
    # translation: a complete, reviewed translation built with --draft is the real thing.
    draft = draft and (unreviewed or _has_fallback(text) or _has_fallback(ui))
    return Resolved(
        doc,
        lang,
        context.language,
        title,
        text,
        ui,
        value_view,
        timeline,
        sources,
        draft,
        project.theme,
        context.scripts,
    )


def _has_fallback(node: Any) -> bool:
    if isinstance(node, Text):
        return node.fallback is not None
    if isinstance(node, Plural):
        return node.fallback is not None or any(t.fallback is not None for _, t in node.forms)
    return any(_has_fallback(child) for child in node.values())


@dataclass(frozen=True)
class Printed:
    """One string as a document prints it: where it is written and how long it prints, so a
    page that overflows can name the strings on it, longest or most grown first."""

    key: str  # as the HTML carries it: "text.back.heading", "ui.contents"
    pos: Pos
    length: int


def printed_strings(
    project: Project, contexts: Contexts, doc: str, lang: str
) -> tuple[Printed, ...]:
    """Every string of a document in a language (its own texts and the shared ones), from the
    file it is printed from, measured as it prints: the translation, or in a draft the source
    where it is missing, in the source language's context, as resolve prints it."""
    source = project.site.source_lang
    out = []
    for name, files in (
        ("text", (project.locales[(doc, source)], project.locales[(doc, lang)])),
        ("ui", (project.strings[source], project.strings[lang])),
    ):
        src, dst = files
        if src.root is None:
            continue
        for key, scalar in walk_scalars(src.root):
            found = node_at(dst.root, key) if dst.root is not None else None
            context = contexts[lang]
            if not isinstance(found, Scalar) or is_blank(found):
                found, context = scalar, contexts[source]
            out.append(Printed(f"{name}.{key}", found.pos, context.length(found.text)))
    return tuple(out)
