"""What crosses between the build and its layout workers: small picklable records.

Kept apart from weasy.py so that the main process never has to import WeasyPrint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tract.fonts import Family
from tract.problems import Problem
from tract.render.resolve import Printed
from tract.report import Spot
from tract.source.model import DocumentSpec
from tract.variants import Layout, Output

PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Job:
    """One layout to make and finish: picklable, so it can cross to a worker process."""

    layout: Layout
    html: str
    base_url: str
    allowed_dirs: tuple[str, ...]
    identifier: bytes
    spec: DocumentSpec
    font_sizes: tuple[float, ...] = ()  # body sizes in pt to try, largest first, until it fits
    strings: tuple[Printed, ...] = ()  # what the document prints, to name what overflows
    grown: tuple[tuple[str, int], ...] = ()  # key → characters more than the last good build
    fonts: tuple[Family, ...] = ()  # the font stack of its language: no other may be used
    rtl: bool = False  # its language is written right to left: folds are mirrored
    alt: str = ""  # for a screen image: what a screen reader says for it

    @property
    def key(self) -> Layout:
        """What the worker pool names a job by."""
        return self.layout

    @property
    def pdf_variant(self) -> str | None:
        return self.layout.kind.pdf_variant


@dataclass(frozen=True)
class File:
    """A file a layout yields, to be written at its output's path."""

    output: Output
    data: bytes
    pages: int  # 0 for files that are not PDFs


@dataclass(frozen=True)
class Picture:
    """A PNG of one page."""

    png: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Produced:
    """What a worker made of a job: the files to write, their problems, page pictures."""

    layout: Layout
    files: tuple[File, ...]
    problems: tuple[Problem, ...]
    pictures: tuple[Picture, ...] = ()
    spots: tuple[Spot, ...] = ()  # of every page, for the screen variant
    room: tuple[float, ...] = ()  # PageInfo.room of every page, for the screen variant


@dataclass(frozen=True)
class Overflow:
    """Content that did not fit: a page spilling onto the next, or a fixed box (data-fit)."""

    name: str
    px: float
    line_px: float
    spill: bool  # True: a page's text ran onto the next page; False: a data-fit box
    keys: tuple[str, ...] = ()  # the strings printed in what overflows (Text.key)

    @property
    def lines(self) -> int:
        return max(1, round(self.px / self.line_px))


@dataclass(frozen=True)
class PageInfo:
    width_mm: float
    height_mm: float
    sections: tuple[str, ...]  # the data-page names of the <section class="page"> begun on it
    overflows: tuple[Overflow, ...]
    text_sizes: tuple[tuple[float, int], ...] = ()  # (size in pt, characters set at it)
    lines: tuple[str, ...] = ()  # the text of each line, top to bottom
    spots: tuple[Spot, ...] = ()  # where each string on it is printed
    room: float = 0.0  # lines left in its tightest box; negative: by how many it overflows
    spans: tuple[tuple[float, float], ...] = ()  # each line's top and bottom, in px


@dataclass(frozen=True)
class LaidOut:
    pdf: bytes
    pages: tuple[PageInfo, ...]
    refused: tuple[str, ...]
    log: tuple[tuple[str, str, str], ...]  # (level name, message, stylesheet URL or "")
    body_pt: float | None = None  # the body size the fit loop settled on


def identifier(*parts: str | bytes) -> bytes:
    """A PDF /ID derived from the inputs, so the same inputs give the same bytes."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()[:32].encode()


def allowed_dirs(root: Path, fonts: tuple[Family, ...]) -> tuple[str, ...]:
    """What WeasyPrint may read for one document: templates/ and its language's fonts."""
    return (str(root / "templates"), *dict.fromkeys(str(f.folder) for f in fonts))
