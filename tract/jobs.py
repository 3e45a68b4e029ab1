"""What crosses between the build and its layout workers: small picklable records.

Kept apart from layout.py so that the main process never has to import WeasyPrint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tract.fonts import font_dir
from tract.model import DocumentSpec
from tract.problems import Problem

PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Job:
    """One PDF to lay out and finish: picklable, so it can cross to a worker process."""

    key: str  # "<lang>/<doc><suffix>", unique in a build
    html: str
    base_url: str
    allowed_dirs: tuple[str, ...]
    pdf_variant: str | None
    identifier: bytes
    font_sizes: tuple[float, ...] = ()  # body sizes in pt to try, largest first, until it fits
    spec: DocumentSpec | None = None  # for judging and finishing; None: lay out only
    lang: str = ""
    variant: str = "screen"


@dataclass(frozen=True)
class Produced:
    """What a worker made of a job: files to write (suffix, bytes, pages) and problems."""

    key: str
    files: tuple[tuple[str, bytes, int], ...]
    problems: tuple[Problem, ...]
    previews: tuple[bytes, ...] = ()  # PNG of each page, for the screen variant


@dataclass(frozen=True)
class Overflow:
    """Content that did not fit: a page spilling onto the next, or a fixed box (data-fit)."""

    name: str
    px: float
    line_px: float
    spill: bool  # True: a page's text ran onto the next page; False: a data-fit box

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


@dataclass(frozen=True)
class LaidOut:
    key: str
    pdf: bytes
    pages: tuple[PageInfo, ...]
    refused: tuple[str, ...]
    log: tuple[tuple[str, str], ...]  # (level name, message)
    body_pt: float | None = None  # the body size the fit loop settled on


def identifier(*parts: str | bytes) -> bytes:
    """A PDF /ID derived from the inputs, so the same inputs give the same bytes."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()[:32].encode()


def allowed_dirs(root: Path) -> tuple[str, ...]:
    return (str(root / "templates"), str(font_dir()))
