"""Problems in content and templates: values with a position, never exceptions."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Control characters, and the format characters that reorder or hide text (bidirectional
# overrides, embeddings, isolates and marks; zero-width ones): quoted from a translator's text
# into a message, they would move or rewrite what staff read in a terminal or a page.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def escaped(text: str) -> str:
    """`text` with every control or hiding character written as its code, `U+001B`."""
    return _UNSAFE.sub(lambda m: f"U+{ord(m.group()):04X}", text)


class Severity(StrEnum):
    """How bad a problem is: an error stops that output, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a project file: path relative to the project root, 1-based line and column;
    without them, the file as a whole (a file that is missing, a translation refused), which
    prints as its first line, so that an editor opens it there."""

    path: str
    line: int = 0
    col: int = 0

    @property
    def whole(self) -> bool:
        """About the file as a whole, not a place in it: no text's row is this one's."""
        return self.line == 0

    def __str__(self) -> str:
        return f"{escaped(self.path)}:{self.line or 1}:{self.col or 1}"


@dataclass(frozen=True)
class Subject:
    """What a problem is about, which its position alone does not say: a line of a shared
    template can be about the Dutch poster only, and a French text that overflows in a Dutch
    draft about the Dutch flyer. One document (None: every one), in one language (None: in
    every one), and the output it was found in (None: not found in one output). The build
    stops, the manifest keeps, and the catalog, the status and the editor show each problem
    by its subject, never by the file it points at."""

    doc: str | None = None
    lang: str | None = None
    variant: str | None = None

    def covers(self, doc: str, lang: str) -> bool:
        """Whether it is about this document in this language (among others, maybe)."""
        return self.doc in (None, doc) and self.lang in (None, lang)

    def of(self, doc: str | None, lang: str | None) -> bool:
        """Whether it is about this document (None: about no one document) in this language
        (None: in no one language), whichever output it was found in."""
        return (self.doc, self.lang) == (doc, lang)

    @property
    def named(self) -> str:
        """What the printed line says first, when the problem was found in one output: the
        language and document, which the position (a shared template's line) does not say."""
        if self.variant is None or self.doc is None or self.lang is None:
            return ""
        return f"{self.lang} {self.doc}: "

    @property
    def order(self) -> tuple[str, str, str]:
        """A key to sort by (None sorts first)."""
        return (self.doc or "", self.lang or "", self.variant or "")

    def to_json(self) -> dict[str, object]:
        return {"doc": self.doc, "lang": self.lang, "variant": self.variant}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Subject:
        doc, lang, variant = (data[k] for k in ("doc", "lang", "variant"))
        return cls(*(None if v is None else str(v) for v in (doc, lang, variant)))


EVERYTHING = Subject()


@dataclass(frozen=True)
class Problem:
    """One thing a translator or maintainer must fix, said in their file's terms."""

    pos: Pos
    message: str
    severity: Severity = Severity.ERROR
    about: Subject = EVERYTHING

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", escaped(self.message))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity.value}: {self.about.named}{self.message}"

    def to_json(self) -> dict[str, object]:
        """As the build's manifest keeps it: line 0 is the file as a whole."""
        return {
            "path": self.pos.path,
            "line": self.pos.line,
            "column": self.pos.col,
            "severity": self.severity.value,
            "message": self.message,
            "about": self.about.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        pos = Pos(str(data["path"]), int(data["line"]), int(data["column"]))
        about = Subject.from_json(data["about"])
        return cls(pos, str(data["message"]), Severity(data["severity"]), about)


def error(pos: Pos, message: str, about: Subject = EVERYTHING) -> Problem:
    return Problem(pos, message, Severity.ERROR, about)


def warning(pos: Pos, message: str, about: Subject = EVERYTHING) -> Problem:
    return Problem(pos, message, Severity.WARNING, about)


def about(subject: Subject, problems: Iterable[Problem]) -> list[Problem]:
    """The problems one stage found in what it knows to be about `subject`."""
    return [dataclasses.replace(p, about=subject) for p in problems]


def as_errors(problems: list[Problem]) -> list[Problem]:
    """Every problem as an error: `--strict`, for a print run, lets no warning through."""
    return [dataclasses.replace(p, severity=Severity.ERROR) for p in problems]


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.is_error for p in problems)


def sort_unique(problems: list[Problem]) -> list[Problem]:
    """Order problems by file and line and drop repeats, so a report reads like the files."""
    seen: set[Problem] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.pos, p.severity.value, p.message, p.about.order)):
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
