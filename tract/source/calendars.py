"""The calendars a language may count its years in besides the Gregorian, as CLDR describes
them: data from `calendars.json` (the file says which release and how it was made), read
when site.yaml names one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tract.problems import Problem
from tract.source import schema as s
from tract.source.yamlfile import Node

CALENDARS_FILE = Path(__file__).parent / "calendars.json"
GREGORIAN = "gregorian"


@dataclass(frozen=True)
class Calendar:
    """A calendar other than the Gregorian, as CLDR describes it for one language: a year is
    the Gregorian year plus `offset`, in one era, which dates name as `eras` says
    (abbreviated, wide, narrow: the widths of CLDR's pattern letter G)."""

    name: str
    offset: int
    eras: tuple[str, str, str]


@dataclass(frozen=True)
class CalendarData:
    """One calendar of calendars.json: the years it adds to the Gregorian year, and the name
    of its era by locale (abbreviated, wide, narrow)."""

    offset: int
    eras: dict[str, tuple[str, str, str]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CalendarData:
        eras = {str(locale): (str(a), str(w), str(n)) for locale, (a, w, n) in data["eras"].items()}
        return cls(int(data["offset"]), eras)


@cache
def _calendars() -> dict[str, CalendarData]:
    data = json.loads(CALENDARS_FILE.read_text(encoding="utf-8"))
    return {str(name): CalendarData.from_json(c) for name, c in data["calendars"].items()}


def calendar_names() -> tuple[str, ...]:
    """Every calendar site.yaml may name: the Gregorian, and those CLDR's data here describe."""
    return (GREGORIAN, *sorted(_calendars()))


def calendar(node: Node, problems: list[Problem]) -> str | s.Missing:
    """A calendar's name, as site.yaml's `calendars:` gives one per language."""
    return s.one_of(*calendar_names())(node, problems)


@cache
def calendar_of(name: str, locale: str) -> Calendar | None:
    """The calendar `name` as `locale` writes it; None for the Gregorian. Its era's name is
    the locale's own, else its parent's (th_TH, th), else CLDR's root one."""
    if name == GREGORIAN:
        return None
    data = _calendars()[name]
    parts = locale.split("_")
    while parts and "_".join(parts) not in data.eras:
        parts.pop()
    return Calendar(name, data.offset, data.eras["_".join(parts) if parts else "root"])
