"""Problems in content and templates: values with a position, never exceptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

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
    """A place in a project file: path relative to the project root, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{escaped(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing a translator or maintainer must fix, said in their file's terms."""

    pos: Pos
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", escaped(self.message))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity.value}: {self.message}"


def error(pos: Pos, message: str) -> Problem:
    return Problem(pos, message, Severity.ERROR)


def warning(pos: Pos, message: str) -> Problem:
    return Problem(pos, message, Severity.WARNING)


def as_errors(problems: list[Problem]) -> list[Problem]:
    """Every problem as an error: `--strict`, for a print run, lets no warning through."""
    return [Problem(p.pos, p.message, Severity.ERROR) for p in problems]


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.is_error for p in problems)


def sort_unique(problems: list[Problem]) -> list[Problem]:
    """Order problems by file and line and drop repeats, so a report reads like the files."""
    seen: set[Problem] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.pos, p.severity.value, p.message)):
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
