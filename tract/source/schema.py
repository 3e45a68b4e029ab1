"""A small declared schema for our own YAML files (site, documents, seeds).

Each field type turns a positioned node into a Python value or a problem; structures reject
unknown keys with a "did you mean". Locale files are not checked here: their shape is the
source language's file (see check.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tract.problems import Problem, error
from tract.source.yamlfile import KIND_NAMES, Mapping, Node, Scalar, Sequence

Convert = Callable[[Node, list[Problem]], Any]

MISSING = object()


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


def text(node: Node, problems: list[Problem]) -> Any:
    if not _want(node, Scalar, problems) or not isinstance(node, Scalar):
        return MISSING
    return node.text.strip()


def pattern(regex: str, what: str, example: str) -> Convert:
    compiled = re.compile(regex)

    def convert(node: Node, problems: list[Problem]) -> Any:
        value = text(node, problems)
        if value is MISSING:
            return MISSING
        if not compiled.fullmatch(value):
            problems.append(error(node.pos, f"'{value}' is not {what}; write it like {example}"))
            return MISSING
        return value

    return convert


def integer(node: Node, problems: list[Problem]) -> Any:
    value = pattern(r"[0-9]{1,4}", "a whole number", "12")(node, problems)
    return MISSING if value is MISSING else int(value)


def number(node: Node, problems: list[Problem]) -> Any:
    value = pattern(r"[0-9]{1,4}(\.[0-9]{1,3})?", "a number", "97 or 97.5")(node, problems)
    return MISSING if value is MISSING else float(value)


def boolean(node: Node, problems: list[Problem]) -> Any:
    value = pattern(r"true|false", "true or false", "true")(node, problems)
    return MISSING if value is MISSING else value == "true"


def date(node: Node, problems: list[Problem]) -> Any:
    value = pattern(r"\d{4}(-\d{2}(-\d{2})?)?", "a date", "2027-03-03 (or 2020 for a year)")(
        node, problems
    )
    if value is MISSING:
        return MISSING
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2]), len(value.split("-"))
    except ValueError:
        problems.append(error(node.pos, f"'{value}' is not a real date"))
        return MISSING


def time(node: Node, problems: list[Problem]) -> Any:
    value = pattern(r"([01]\d|2[0-3]):[0-5]\d", "a time", "18:30")(node, problems)
    return MISSING if value is MISSING else dt.time.fromisoformat(value)


def https_url(node: Node, problems: list[Problem]) -> Any:
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


def one_of(*choices: str) -> Convert:
    def convert(node: Node, problems: list[Problem]) -> Any:
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


def list_of(item: Convert) -> Convert:
    def convert(node: Node, problems: list[Problem]) -> Any:
        if isinstance(node, Scalar) and node.text.strip():
            node = Sequence((node,), node.pos)  # a single item may be written without a list
        if not _want(node, Sequence, problems) or not isinstance(node, Sequence):
            return MISSING
        values = [item(child, problems) for child in node.items]
        return tuple(v for v in values if v is not MISSING)

    return convert


def map_of(value: Convert) -> Convert:
    """A mapping whose keys are names chosen by the file (ids of facts, contacts…)."""

    def convert(node: Node, problems: list[Problem]) -> Any:
        if not _want(node, Mapping, problems) or not isinstance(node, Mapping):
            return MISSING
        out = {e.key: value(e.value, problems) for e in node.entries}
        return {k: v for k, v in out.items() if v is not MISSING}

    return convert


@dataclass(frozen=True)
class Key:
    convert: Convert
    required: bool = True
    default: Any = None


@dataclass(frozen=True)
class Struct:
    """A mapping with declared keys; unknown keys are errors with a suggestion.

    The result is a dict of the converted values plus "pos", where the mapping starts.
    """

    keys: dict[str, Key] = field(default_factory=dict)
    what: str = "this group"

    def __call__(self, node: Node, problems: list[Problem]) -> Any:
        if not _want(node, Mapping, problems) or not isinstance(node, Mapping):
            return MISSING
        out: dict[str, Any] = {"pos": node.pos}
        for entry in node.entries:
            if entry.key not in self.keys:
                problems.append(
                    error(
                        entry.key_pos,
                        f"unknown key '{entry.key}' in "
                        f"{self.what}" + did_you_mean(entry.key, set(self.keys)),
                    )
                )
        for name, key in self.keys.items():
            child = node.get(name)
            if child is None:
                if key.required:
                    problems.append(error(node.pos, f"{self.what} needs a key '{name}'"))
                    out[name] = MISSING
                else:
                    out[name] = key.default
                continue
            out[name] = key.convert(child, problems)
        return out
