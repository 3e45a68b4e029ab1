"""Dates and years in a language's calendar.

Babel writes the Gregorian calendar only. A calendar that counts the same years from another
era (CLDR's Buddhist one: 2022 is 2565) keeps the locale's own patterns, months and days, and
puts its own year and era's name where the pattern has the year (y) and the era (G).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    match_skeleton,
    tokenize_pattern,
    untokenize_pattern,
)

from tract.source.calendars import Calendar

_LENGTHS = ("full", "long", "medium", "short")
_YEAR = "yYu"  # calendar year, week year, extended year: all counted in the calendar's era
_ERA_WIDTHS = (0, 0, 0, 0, 1, 2)  # G, GG, GGG: abbreviated; GGGG: wide; GGGGG: narrow


def written(date: dt.date, form: str, locale: Locale, calendar: Calendar | None) -> str:
    """`date` as `locale` writes it in `form` (a length such as "long", or a skeleton such
    as "yMMMM"), in `calendar` (None: the Gregorian)."""
    if calendar is None:
        if form in _LENGTHS:
            return format_date(date, form, locale=locale)
        return format_skeleton(form, date, locale=locale)
    tokens = [
        _in_calendar(kind, value, date, calendar)
        for kind, value in tokenize_pattern(_pattern(form, locale))
    ]
    return format_date(date, untokenize_pattern(tokens), locale=locale)


def _pattern(form: str, locale: Locale) -> str:
    if form in _LENGTHS:
        return str(locale.date_formats[form].pattern)
    skeletons = locale.datetime_skeletons
    return str(skeletons[form if form in skeletons else match_skeleton(form, skeletons)].pattern)


def _in_calendar(
    kind: str, value: str | tuple[str, int], date: dt.date, calendar: Calendar
) -> tuple[str, str | tuple[str, int]]:
    """A pattern token, with the year and the era written out in the calendar's."""
    if kind != "field" or not isinstance(value, tuple):
        return kind, value
    letter, width = value
    if letter in _YEAR:
        year = date.year + calendar.offset
        return "chars", f"{year % 100:02d}" if width == 2 else f"{year:0{width}d}"
    if letter == "G":
        return "chars", calendar.eras[_ERA_WIDTHS[min(width, 5)]]
    return kind, value
