"""One context per language, built once per run and handed to every stage that prints or
measures its text: resolve, the length hints, the strings an overflow message names, the
easy-read and script checks.

It owns what depends on the language: the placeholders' values (formatted by Babel in its
locale and calendar, escaped, and isolated as left to right in a right-to-left language), its
typography and the scripts' rules (site.yaml's data), and so the one definition of the text a
string prints, how long it prints, and its words and sentences.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_time
from markupsafe import Markup, escape

from tract.render.calendar import written
from tract.source.markup import no_narrow_space, to_html, to_plain
from tract.source.model import Fact, Language, Project
from tract.source.strings import ARGUMENTS
from tract.source.writing import ScriptRules, printed_length, right_to_left, sentences, words

_FACT_FORMS = ("y", "yMMMM", "long")  # a fact's date by its precision: year, month, day


@dataclass(frozen=True)
class LanguageContext:
    """Everything a stage needs to print or measure a string in one language."""

    language: Language
    locale: Locale  # of its dates and numbers
    scripts: Mapping[str, ScriptRules]  # every script's rules, by ISO 15924 code
    values: Mapping[str, Markup]  # each placeholder's value as printed: "org.name" → UTSOPI

    @property
    def code(self) -> str:
        return self.language.code

    def fill(self, name: str) -> Markup:
        """A placeholder's value; one the project does not know stays as typed (the check
        has reported it) and the ones templates fill themselves are left for them."""
        if name in ARGUMENTS or name not in self.values:
            return escape(f"{{{name}}}")
        return self.values[name]

    def when(self, date: dt.date, form: str) -> str:
        """A date or a year, in the language's locale and calendar."""
        return written(date, form, self.locale, self.language.calendar)

    def fact_when(self, fact: Fact) -> str:
        return self.when(fact.date, _FACT_FORMS[fact.when.precision - 1])

    def html(self, text: str) -> Markup:
        """A string as safe HTML: placeholders filled, markup and typography applied."""
        return to_html(text, self.fill, self.language.typography)

    def printed(self, text: str) -> str:
        """The plain text a string prints, on one line: placeholders filled, markup gone."""
        return to_plain(self.html(text), self.scripts)

    def length(self, text: str) -> int:
        """How long a string prints: what a length hint counts and an overflow names."""
        return printed_length(self.printed(text))

    def words(self, text: str) -> list[str]:
        return words(text, self.scripts)

    def sentences(self, text: str) -> list[str]:
        return sentences(text, self.scripts)


Contexts = Mapping[str, LanguageContext]  # language code → its context


def language_contexts(project: Project) -> dict[str, LanguageContext]:
    """The context of every language of the project, each built once."""
    out = {}
    for code, language in project.lang.items():
        bare = LanguageContext(language, Locale.parse(language.locale), project.site.scripts, {})
        out[code] = dataclasses.replace(bare, values=_values(project, bare))
    return out


def placeholder_names(context: LanguageContext) -> set[str]:
    """Every `{name}` a string may use: exactly the values resolve fills in (organisation,
    proper names, contacts, events, facts), and those the templates fill themselves."""
    return set(context.values) | ARGUMENTS


def display_url(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc + parts.path.rstrip("/")


def ltr_insert(value: Markup, rtl: bool) -> Markup:
    """In a right-to-left document, a value with no right-to-left letter (a web address, a
    phone number, a year, a name in Latin letters) is isolated as left to right: WeasyPrint
    does not run the bidi algorithm across inline boxes, so the renderer says it."""
    if not rtl or not value or any(right_to_left(c) for c in value.striptags()):
        return value
    return Markup('<span dir="ltr">{}</span>').format(value)


def _sample(value: str, sample: bool) -> Markup:
    if sample:
        return Markup('<span class="sample" title="sample">{}</span>').format(
            no_narrow_space(value)
        )
    return escape(no_narrow_space(value))


def _values(project: Project, context: LanguageContext) -> dict[str, Markup]:
    """Each placeholder's value in the context's language, formatted, escaped, isolated."""
    site, lang = project.site, context.code
    table = {
        "org.name": escape(site.organisation.name),
        "org.website": escape(display_url(site.organisation.website)),
    }
    for key, name in site.names.items():
        table[f"name.{key}"] = (
            escape(name.text)
            if name.lang == lang
            else Markup('<span lang="{}">{}</span>').format(name.lang, name.text)
        )
    for key, contact in site.contacts.items():
        table[f"contact.{key}"] = _sample(contact.value, contact.sample)
    for key, event in site.events.items():
        table[f"event.{key}.date"] = escape(no_narrow_space(context.when(event.when.day, "full")))
        table[f"event.{key}.day"] = escape(no_narrow_space(context.when(event.when.day, "MMMMd")))
        place = (
            event.place.get(lang, site.source_lang)
            if "*" not in dict(event.place.texts)
            else dict(event.place.texts)["*"]
        )
        table[f"event.{key}.place"] = _sample(place, event.place_sample)
        if event.time:
            time = format_time(event.time, "short", locale=context.locale)
            table[f"event.{key}.time"] = escape(no_narrow_space(time))
    for key, fact in project.seeds.facts.items():
        table[f"fact.{key}.year"] = escape(context.when(fact.date, "y"))
        table[f"fact.{key}.date"] = escape(no_narrow_space(context.fact_when(fact)))
    return {k: ltr_insert(v, context.language.rtl) for k, v in table.items()}
