"""A small declared schema for our own YAML files (site, documents, the facts, the theme).

Each file, and each group of keys in it, is a record: a frozen dataclass whose fields say how
their key is read (`key(convert)`), so that what the loader hands on is typed, and mypy checks
each converter against the field it fills. A converter turns a positioned node into a value,
or says a problem and gives MISSING. A record refuses unknown keys with a "did you mean", is
MISSING when one of its values is, and keeps where the file writes each value (`Record.at`),
so that a problem found later about a value points at it. Locale files are not read here:
their shape is the source language's file (see checks/content.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Final, Self, TypeVar, cast, dataclass_transform
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from tract.problems import Pos, Problem, error
from tract.source.yamlfile import KIND_NAMES, Node, Scalar, Sequence
from tract.source.yamlfile import Mapping as MappingNode


class Missing(Enum):
    """A value that could not be read: its problem has been said."""

    MISSING = "missing"


MISSING: Final = Missing.MISSING

T = TypeVar("T")
Convert = Callable[[Node, list[Problem]], T | Missing]


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    """A suggestion to add to a message, or "" when nothing is close."""
    close = difflib.get_close_matches(
        word, sorted(choices), n=1, cutoff=0.6 if len(word) > 3 else 0.5
    )
    return f" (did you mean '{close[0]}'?)" if close else ""


def _want(node: Node, kind: type, problems: list[Problem]) -> bool:
    if isinstance(node, kind):
        if isinstance(node, Scalar) and not node.text.strip():
            problems.append(error(node.pos, "this value is empty; write a value or remove the key"))
            return False
        return True
    problems.append(
        error(node.pos, f"expected {KIND_NAMES[kind]} here, found {KIND_NAMES[type(node)]}")
    )
    return False


def text(node: Node, problems: list[Problem]) -> str | Missing:
    if not _want(node, Scalar, problems) or not isinstance(node, Scalar):
        return MISSING
    return node.text.strip()


def pattern(regex: str, what: str, example: str) -> Convert[str]:
    compiled = re.compile(regex)

    def convert(node: Node, problems: list[Problem]) -> str | Missing:
        value = text(node, problems)
        if value is MISSING:
            return MISSING
        if not compiled.fullmatch(value):
            problems.append(error(node.pos, f"'{value}' is not {what}; write it like {example}"))
            return MISSING
        return value

    return convert


_WHOLE = pattern(r"[0-9]{1,4}", "a whole number", "12")
_NUMBER = pattern(r"[0-9]{1,4}(\.[0-9]{1,3})?", "a number", "97 or 97.5")
_BOOLEAN = pattern(r"true|false", "true or false", "true")
_DATE = pattern(r"\d{4}(-\d{2}(-\d{2})?)?", "a date", "2027-03-03 (or 2020 for a year)")
_TIME = pattern(r"([01]\d|2[0-3]):[0-5]\d", "a time", "18:30")


def integer(node: Node, problems: list[Problem]) -> int | Missing:
    value = _WHOLE(node, problems)
    return MISSING if value is MISSING else int(value)


def number(node: Node, problems: list[Problem]) -> float | Missing:
    value = _NUMBER(node, problems)
    return MISSING if value is MISSING else float(value)


def boolean(node: Node, problems: list[Problem]) -> bool | Missing:
    value = _BOOLEAN(node, problems)
    return MISSING if value is MISSING else value == "true"


@dataclass(frozen=True)
class When:
    """A date as the file writes it: a day, or only a month or a year (`precision` 3, 2 or
    1), whose parts not written are the first."""

    day: dt.date
    precision: int


def date(node: Node, problems: list[Problem]) -> When | Missing:
    value = _DATE(node, problems)
    if value is MISSING:
        return MISSING
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return When(dt.date(parts[0], parts[1], parts[2]), len(value.split("-")))
    except ValueError:
        problems.append(error(node.pos, f"'{value}' is not a real date"))
        return MISSING


def time(node: Node, problems: list[Problem]) -> dt.time | Missing:
    value = _TIME(node, problems)
    return MISSING if value is MISSING else dt.time.fromisoformat(value)


def https_url(node: Node, problems: list[Problem]) -> str | Missing:
    """A first-party web address: https, no query string, no fragment, nothing that tracks."""
    value = text(node, problems)
    if value is MISSING:
        return MISSING
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        problems.append(error(node.pos, f"'{value}' must be a full https:// address"))
        return MISSING
    if parts.query or parts.fragment or parts.username:
        problems.append(
            error(
                node.pos,
                f"'{value}' has a query, fragment or user part; "
                "addresses we print must not carry trackers",
            )
        )
        return MISSING
    return value


_LANG = re.compile(r"[a-z]{2,3}")
_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]{2,8})*")


def _babel_code(
    node: Node, problems: list[Problem], pattern: re.Pattern[str], said: str
) -> tuple[str, Locale] | Missing:
    """A code of `pattern`'s form and what Babel parses it as, or MISSING with `said` at its
    line."""
    code = text(node, problems)
    if code is MISSING:
        return MISSING
    try:
        if not pattern.fullmatch(code):
            raise ValueError
        return code, Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        problems.append(error(node.pos, f"'{code}' {said}"))
        return MISSING


def language(node: Node, problems: list[Problem]) -> str | Missing:
    """A language code that Babel knows, so it can format dates, numbers and plurals."""
    said = (
        "is not a language code Babel knows; use a two-letter ISO 639 code such as fr, nl, en, de"
    )
    known = _babel_code(node, problems, _LANG, said)
    return MISSING if known is MISSING else known[0]


def babel_locale(node: Node, problems: list[Problem]) -> str | Missing:
    """A locale CLDR has, for a language's dates and numbers (ar_MA)."""
    said = "is not a locale Babel knows; write it like ar_MA or pt_BR"
    known = _babel_code(node, problems, _LOCALE, said)
    return MISSING if known is MISSING else str(known[1])


def one_of(*choices: str) -> Convert[str]:
    def convert(node: Node, problems: list[Problem]) -> str | Missing:
        value = text(node, problems)
        if value is MISSING:
            return MISSING
        if value not in choices:
            problems.append(
                error(
                    node.pos,
                    f"'{value}' is not one of: {', '.join(choices)}"
                    + did_you_mean(value, set(choices)),
                )
            )
            return MISSING
        return value

    return convert


def list_of(item: Convert[T]) -> Convert[tuple[T, ...]]:
    """A list; an item that cannot be read is left out (its problem is said)."""

    def convert(node: Node, problems: list[Problem]) -> tuple[T, ...] | Missing:
        if isinstance(node, Scalar) and node.text.strip():
            node = Sequence((node,), node.pos)  # a single item may be written without a list
        if not _want(node, Sequence, problems) or not isinstance(node, Sequence):
            return MISSING
        values = [item(child, problems) for child in node.items]
        return tuple(v for v in values if not isinstance(v, Missing))

    return convert


def unique(convert: Convert[tuple[T, ...]]) -> Convert[tuple[T, ...]]:
    """A list whose items count once each, in the order first written."""

    def once(node: Node, problems: list[Problem]) -> tuple[T, ...] | Missing:
        values = convert(node, problems)
        return MISSING if values is MISSING else tuple(dict.fromkeys(values))

    return once


def map_of(value: Convert[T]) -> Convert[dict[str, T]]:
    """A mapping whose keys are names chosen by the file (ids of facts, contacts…); a value
    that cannot be read is left out (its problem is said)."""

    def convert(node: Node, problems: list[Problem]) -> dict[str, T] | Missing:
        if not _want(node, MappingNode, problems) or not isinstance(node, MappingNode):
            return MISSING
        out = {e.key: value(e.value, problems) for e in node.entries}
        return {k: v for k, v in out.items() if not isinstance(v, Missing)}

    return convert


# Records: the fields of a file's record say how each key is read.


def key(
    convert: Convert[T],
    *,
    default: T | Missing = MISSING,
    default_factory: Callable[[], T] | None = None,
    name: str = "",
) -> T:
    """A field read from the key `name` (the field's own name unless said) with `convert`;
    without a default, the file must write it."""
    said = {"convert": convert, "key": name}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=said)
    if default is not MISSING:
        return field(default=default, metadata=said)
    return cast(T, field(metadata=said))


def here() -> Pos:
    """A field that holds where the record starts in its file."""
    return cast(Pos, field(metadata={"here": True}))


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(key, here, field))
class _Declared:
    """Makes each subclass a frozen dataclass with keyword-only fields; `what` names it in
    messages ("a contact")."""

    what: ClassVar[str] = "this group"

    def __init_subclass__(cls, what: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if what:
            cls.what = what
        dataclass(frozen=True, kw_only=True)(cls)


class Record(_Declared):
    """A group of keys of one of our files, read by `read`; each field that is not a key
    (an id the file gives by where the record is) is given to `read` by the caller."""

    # where the file writes each value, by field name, and the record itself under ""
    places: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def read(cls, node: Node, problems: list[Problem], **given: object) -> Self | Missing:
        """The record a mapping holds, or MISSING with every problem found in it said."""
        if not _want(node, MappingNode, problems) or not isinstance(node, MappingNode):
            return MISSING
        fields = dataclasses.fields(cls)
        keys = {f.metadata["key"] or f.name: f for f in fields if "convert" in f.metadata}
        for entry in node.entries:
            if entry.key not in keys:
                problems.append(
                    error(
                        entry.key_pos,
                        f"unknown key '{entry.key}' in {cls.what}"
                        + did_you_mean(entry.key, set(keys)),
                    )
                )
        values: dict[str, object] = {f.name: node.pos for f in fields if "here" in f.metadata}
        places = {"": node.pos}
        whole = True
        for name, f in keys.items():
            child = node.get(name)
            if child is None:
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    problems.append(error(node.pos, f"{cls.what} needs a key '{name}'"))
                    whole = False
                continue
            value = f.metadata["convert"](child, problems)
            whole = whole and value is not MISSING
            values[f.name], places[f.name] = value, child.pos
        return cls(**values, **given, places=places) if whole else MISSING

    def at(self, name: str) -> Pos:
        """Where the file writes the value of the field `name`; where the record starts when
        the file does not write it."""
        return self.places.get(name) or self.places.get("", Pos(""))

    def wrote(self, name: str) -> bool:
        """Whether the file writes the field `name`, rather than leaving it to its default."""
        return name in self.places


R = TypeVar("R", bound=Record)


def named(record: type[R]) -> Convert[dict[str, R]]:
    """A mapping of records by names the file chooses, each record given its name as `id`."""

    def convert(node: Node, problems: list[Problem]) -> dict[str, R] | Missing:
        if not _want(node, MappingNode, problems) or not isinstance(node, MappingNode):
            return MISSING
        out = {e.key: record.read(e.value, problems, id=e.key) for e in node.entries}
        return {k: v for k, v in out.items() if not isinstance(v, Missing)}

    return convert
