"""The build's result, and the one printer every command uses, with the exit codes.

Outputs are values (`variants.Output`): what was built, what was already up to date and what
failed are all counted per output file, never per string key.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from tract.problems import Problem, has_errors
from tract.variants import VARIANTS, Output

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PROG = "python build.py"


@dataclass(frozen=True)
class Built:
    """A file the build wrote (or an earlier build wrote and is still up to date)."""

    output: Output
    pages: int  # 0 for files that are not PDFs
    size: int  # bytes

    def to_json(self) -> dict[str, object]:
        """As the manifest keeps it, under its path, with its document and language."""
        return {"variant": self.output.variant, "pages": self.pages, "bytes": self.size}

    @classmethod
    def from_json(cls, data: dict[str, Any], doc: str, lang: str) -> Built:
        output = Output(doc, lang, str(data["variant"]))
        return cls(output, int(data["pages"]), int(data["bytes"]))


@dataclass(frozen=True)
class Failed:
    output: Output
    reason: str


@dataclass(frozen=True)
class Preview:
    """A picture of one page of a screen PDF."""

    path: str  # relative to the project root
    width: int
    height: int

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "width": self.width, "height": self.height}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preview:
        return cls(str(data["path"]), int(data["width"]), int(data["height"]))


@dataclass(frozen=True)
class Spot:
    """Where a string is printed, read from the layout: its page (from 1) and the box of the
    block that holds it, in percent of the page."""

    key: str  # as the HTML marks it: "text.back.heading"
    page: int
    left: float
    top: float
    width: float
    height: float

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Spot:
        box = (float(data[k]) for k in ("left", "top", "width", "height"))
        return cls(str(data["key"]), int(data["page"]), *box)


@dataclass(frozen=True)
class Made:
    """What one document in one language has in output/: its files, title and previews."""

    files: tuple[Built, ...]
    title: str
    previews: tuple[Preview, ...]
    spots: tuple[Spot, ...] = ()  # where each string is printed in the screen PDF
    room: tuple[float, ...] = ()  # per page of the screen PDF: lines left (negative: over)

    def to_json(self) -> dict[str, object]:
        """As the manifest keeps it, beside its document and language."""
        return {
            "title": self.title,
            "outputs": {b.output.path: b.to_json() for b in self.files},
            "previews": [p.to_json() for p in self.previews],
            "spots": [s.to_json() for s in self.spots],
            "room": list(self.room),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], doc: str, lang: str) -> Made:
        """What the manifest says was made; a file of a variant tract no longer has is left
        out."""
        return cls(
            tuple(
                Built.from_json(b, doc, lang)
                for b in data["outputs"].values()
                if b["variant"] in VARIANTS
            ),
            str(data["title"]),
            tuple(Preview.from_json(p) for p in data["previews"]),
            tuple(Spot.from_json(s) for s in data["spots"]),
            tuple(float(r) for r in data["room"]),
        )


@dataclass
class Report:
    """What a build did: every problem, what was written, up to date or failed, and why."""

    problems: list[Problem] = field(default_factory=list)
    built: dict[tuple[str, str], Made] = field(default_factory=dict)  # (doc, lang) → this build's
    current: dict[tuple[str, str], Made] = field(default_factory=dict)  # up to date already
    unreviewed: frozenset[tuple[str, str]] = frozenset()  # (doc, lang) no reviewer confirmed
    failed: list[Failed] = field(default_factory=list)
    halted: str = ""  # why nothing at all could be built (the project could not be read)
    usage_error: str = ""
    interrupted: bool = False  # stopped by Ctrl-C; what was published is in `built`
    superseded: bool = False  # stopped for a newer edit (serve) before every layout was done
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and not self.halted
            and not has_errors(self.problems)
            and not self.usage_error
            and not self.interrupted
            and not self.superseded
        )

    @property
    def exit_code(self) -> int:
        if self.usage_error:
            return EXIT_USAGE
        return EXIT_OK if self.ok else EXIT_FAILED

    def failures(self, doc: str, lang: str) -> list[Failed]:
        return [f for f in self.failed if (f.output.doc, f.output.lang) == (doc, lang)]


def declared_files(made: Iterable[Made]) -> list[Built]:
    """The files asked for (PDFs and screen images), not what comes along with them."""
    return [b for m in made for b in m.files if b.output.kind.declared]


def print_problems(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    """Every problem on its own line, PATH:LINE:COL: error|warning: MESSAGE; a problem found
    about several documents (a shared stylesheet's) is one line."""
    for line in dict.fromkeys(str(p) for p in problems):
        print(line, file=stream or sys.stderr)


def usage(message: str) -> int:
    """A mistyped command: say what is wrong, the way argparse does."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def print_report(report: Report, command: str = "build") -> int:
    """The problems, then one summary line and each failure; returns the exit code."""
    print_problems(report.problems)
    if report.usage_error:
        return usage(report.usage_error)
    said = {str(p): p.is_error for p in report.problems}  # as printed: each line once
    errors = sum(said.values())
    warnings = len(said) - errors
    if command == "check":
        print(f"check: {errors} error(s), {warnings} warning(s)")
        return report.exit_code
    built = declared_files(report.built.values())
    if report.interrupted:
        print(
            f"\nStopped by Ctrl-C. Published before stopping: {len(built)} file(s); "
            "every other file is as it was before this build."
        )
        for file in built:
            print(f"  {file.output.path}")
    failed = {f.output for f in report.failed if f.output.kind.declared}
    done = "" if built or failed or report.halted else ": nothing to do"
    print(
        f"\n{len(built)} built, {len(declared_files(report.current.values()))} up to date, "
        f"{len(failed)} failed, {errors} error(s), {warnings} warning(s)"
        + (f" in {report.seconds:.1f} s" if report.seconds else "")
        + done
    )
    if report.halted:
        print(f"  nothing was built: {report.halted}")
    for line in _failure_lines(report.failed):
        print(f"  failed: {line}")
    return report.exit_code


def _failure_lines(failed: list[Failed]) -> list[str]:
    """One line per document, language and reason: its files, then why."""
    grouped: dict[tuple[str, str, str], list[Output]] = {}
    for f in sorted(failed, key=lambda f: f.output):
        grouped.setdefault((f.output.lang, f.output.doc, f.reason), []).append(f.output)
    lines = []
    for (_, _, reason), outputs in sorted(grouped.items()):
        first, *rest = outputs
        names = [first.path] + [o.kind.suffix for o in rest]
        lines.append(f"{', '.join(names)}: {reason}")
    return lines
