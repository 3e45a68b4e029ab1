"""output/status.json: where each translation stands, as `python build.py status` leaves it
for the catalog and for other tools (a translation platform, a script of the team's).

Shaped {"<doc>": {"<lang>": {"done": N, "missing": [keys], "extra": [keys], "stale": [keys],
"was": {key: old source text}, "errors": [...], "reviewed": bool, "unreviewed": [keys]}}},
the shared strings under "strings"; each error with its key, path, line and column (from 1),
severity and message. The status command writes it (translate/status.py), the catalog reads
it back; both through the records here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tract.problems import Pos, Problem, Severity
from tract.variants import STATUS


@dataclass(frozen=True)
class KeyProblem:
    """A problem in a translation file, with the dotted key it is about (None: the file).
    The file counts lines and columns from 1: one about the whole file is at its line 1."""

    key: str | None
    problem: Problem

    def to_json(self) -> dict[str, object]:
        pos = self.problem.pos
        return {
            "key": self.key,  # None: about the whole translation
            "path": pos.path,
            "line": pos.line or 1,
            "column": pos.col or 1,
            "severity": self.problem.severity.value,
            "message": self.problem.message,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyProblem:
        key = data["key"]
        pos = Pos(str(data["path"]), int(data["line"]), int(data["column"]))
        problem = Problem(pos, str(data["message"]), Severity(data["severity"]))
        return cls(None if key is None else str(key), problem)


def _keys(data: object) -> tuple[str, ...]:
    if not isinstance(data, list):
        raise TypeError("a list of keys")
    return tuple(str(key) for key in data)


@dataclass(frozen=True)
class Translation:
    """Where one translation of one document (or of the shared strings) stands; keys are
    dotted, in the source file's order."""

    done: int  # texts translated, up to date and sound
    missing: tuple[str, ...]
    extra: tuple[str, ...]  # keys the source file does not have
    stale: tuple[str, ...]  # the source text changed since a reviewer confirmed them
    was: dict[str, str | None]  # each stale key's source text then (None: not kept)
    errors: tuple[KeyProblem, ...]
    reviewed: bool  # a reviewer confirmed it (`translated`); else it is a draft
    unreviewed: tuple[str, ...]  # done, but no reviewer confirmed that text yet

    @property
    def problems(self) -> tuple[str, ...]:
        """Its problems, each as the terminal says it."""
        return tuple(str(e.problem) for e in self.errors)

    def to_json(self) -> dict[str, object]:
        return {
            "done": self.done,
            "missing": list(self.missing),
            "extra": list(self.extra),
            "stale": list(self.stale),
            "was": self.was,
            "errors": [e.to_json() for e in self.errors],
            "reviewed": self.reviewed,
            "unreviewed": list(self.unreviewed),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Translation:
        """A line of the file; one written before tract kept reviews has no `was`,
        `reviewed` nor `unreviewed`, and counts as reviewed."""
        was = {str(k): None if v is None else str(v) for k, v in data.get("was", {}).items()}
        return cls(
            int(data["done"]),
            _keys(data["missing"]),
            _keys(data["extra"]),
            _keys(data["stale"]),
            was,
            tuple(KeyProblem.from_json(e) for e in data["errors"]),
            data.get("reviewed") is not False,
            _keys(data.get("unreviewed", [])),
        )


@dataclass(frozen=True)
class StatusFile:
    """The whole file: document (or "strings") → language → its translation's status."""

    groups: dict[str, dict[str, Translation]]

    def get(self, doc: str, lang: str) -> Translation | None:
        return self.groups.get(doc, {}).get(lang)

    def to_json(self) -> bytes:
        data = {
            name: {lang: t.to_json() for lang, t in langs.items()}
            for name, langs in self.groups.items()
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StatusFile:
        return cls(
            {
                str(name): {str(lang): Translation.from_json(t) for lang, t in langs.items()}
                for name, langs in data.items()
            }
        )


def read_status(root: Path) -> StatusFile:
    """output/status.json if a `status` run left one; empty if it did not, or it cannot be
    read (the catalog works without it)."""
    try:
        return StatusFile.from_json(json.loads((root / STATUS).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return StatusFile({})
