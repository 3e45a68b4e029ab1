"""Each language as CLDR and the theme describe it, derived in one place: its script and
direction from CLDR (through Babel), its locale for dates and numbers, and its fonts from the
families templates/theme.yaml gives each script. No language is named in code: a language of
any script or direction is files only."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from tract.source.calendars import GREGORIAN, calendar_of
from tract.source.model import Language
from tract.source.theme import Fonts
from tract.source.writing import Typography


@cache
def script_of(code: str) -> str:
    """The script CLDR's likely subtags give a language: bg → Cyrl, th → Thai."""
    likely = get_global("likely_subtags").get(code, f"{code}_Latn")
    script = parse_locale(likely)[2]
    return script or "Latn"


@cache
def locale_of(code: str, region: str, named: str | None) -> str:
    """The Babel locale for dates and numbers: one site.yaml names, else the language as
    spoken in the organisation's country where CLDR has it (fr_BE), else the language."""
    for candidate in (named, f"{code}_{region}"):
        if candidate is None:
            continue
        try:
            return str(Locale.parse(candidate))
        except (ValueError, UnknownLocaleError):
            continue
    return code


@cache
def language_name(code: str) -> str:
    """The language's name in English, for messages: bg → Bulgarian."""
    return str(Locale("en").languages.get(code, code))


def language(
    code: str,
    region: str,
    named: str | None,
    fonts: Fonts,
    typography: Typography,
    calendar: str = GREGORIAN,
) -> Language:
    """Everything the build needs to know about one language, from CLDR, the theme and what
    site.yaml says of it: its calendar and its typography."""
    english = Locale("en")
    locale = locale_of(code, region, named)
    script = script_of(code)
    own = fonts.scripts.get(script)
    fallback = fonts.scripts[fonts.fallback]
    stack = tuple(dict.fromkeys(f for f in (own, fallback) if f is not None))
    return Language(
        code,
        language_name(code),
        locale,
        script,
        english.scripts.get(script, script),
        Locale.parse(code).character_order == "right-to-left",
        stack,
        own is not None,
        calendar_of(calendar, locale),
        typography,
    )
