"""Lay-out stage: WeasyPrint turns HTML into a PDF, fetching only files we allow.

This module is what a worker process imports; it keeps one FontConfiguration per process and
captures WeasyPrint's log per document, so its warnings become our problems.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from tract.finish.press import DATED
from tract.layout.jobs import PX_PER_MM, Job, LaidOut, Overflow, PageInfo
from tract.layout.stylesheets import Log, hoist
from tract.render.fit import FIT_MARK, fit_css
from tract.report import Spot


class RestrictedFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
    """Fetches files inside the allowed folders only: nothing from the network, nothing else
    from the disk. What it refuses is remembered so the build can report it."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = tuple(Path(a).resolve() for a in allowed)
        self.refused: list[str] = []
        self.read: list[str] = []  # the files served, so a parsed stylesheet knows its sources

    def allows(self, url: str) -> bool:
        if url.startswith("data:"):  # inline data, such as our QR codes: nothing to fetch
            return True
        if not url.startswith("file:"):
            return False
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        return any(path.is_relative_to(a) for a in self.allowed) and path.is_file()

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not self.allows(url):
            self.refused.append(url)
            raise ValueError(f"refused by tract: {url}")
        if not url.startswith("file:"):
            return super().fetch(url, headers)
        path = Path(url2pathname(urlsplit(url).path))
        self.read.append(str(path))
        if path.suffix.lower() in _RASTER:
            return weasyprint.urls.URLFetcherResponse(
                url, strip_metadata(path), {"Content-Type": _RASTER[path.suffix.lower()]}
            )
        return super().fetch(url, headers)


_RASTER = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def strip_metadata(path: Path) -> bytes:
    """The image's pixels only: no EXIF, XMP, comments or GPS position of whoever took it."""
    from PIL import Image

    with Image.open(path) as image:
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        palette = image.getpalette()
        if image.mode == "P" and palette:
            clean.putpalette(palette)
        out = io.BytesIO()
        clean.save(out, format="PNG" if path.suffix.lower() == ".png" else "JPEG", quality=92)
    return out.getvalue()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: Log = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage(), ""))


@contextlib.contextmanager
def _fonts_dated() -> Iterator[None]:
    """fontTools stamps the clock into every font it saves (the 'head' table's modified
    date), and WeasyPrint saves each variable font it instances for the PDF (Sofia Sans):
    two builds a second apart gave different bytes. fontTools takes the reproducible-builds
    SOURCE_DATE_EPOCH instead of the clock; it is set to our fixed date while a PDF is
    written, whatever the caller's environment says, so the same inputs give the same bytes."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.fromisoformat(DATED).timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    return FontConfiguration()


def _walk(box: Any, in_flow: bool = False) -> Any:
    """`box` and its descendants; with in_flow, skipping positioned boxes (and what they
    hold), which take no room in the flow: decorations such as a bleed extension."""
    yield box
    for child in getattr(box, "children", ()):
        if in_flow and child.style["position"] in ("absolute", "fixed"):
            continue
        yield from _walk(child, in_flow)


def _line_px(box: Any) -> float:
    """The height of one line of text in `box`, to say overflows in lines."""
    style = box.style
    height = style["line_height"]
    size = float(style["font_size"]) or 12.0
    if getattr(height, "unit", None) == "px" and height.value:
        return float(height.value)
    factor = getattr(height, "value", None)
    return size * (float(factor) if factor else 1.2)


def _content_bottom(box: Any) -> float:
    return float(box.content_box_y() + box.height)


def _deepest(box: Any) -> float:
    """The lowest point reached by anything inside `box`. Text counts by its line boxes:
    the glyphs of a font with tall ascenders and descenders (Arabic, Thai) may reach past
    their line's height without taking more room."""
    deepest = float(box.content_box_y())
    for child in _walk(box, in_flow=True):
        if (
            child is not box
            and type(child).__name__ not in ("TextBox", "InlineBox")
            and getattr(child, "height", None) is not None
            and hasattr(child, "margin_height")
        ):
            deepest = max(
                deepest, child.position_y + child.margin_height() - (child.margin_bottom or 0)
            )
    return deepest


def _room(box: Any) -> float:
    """Vertical room inside a box that its content does not use, in px: what is left after its
    in-flow children, wherever free space went (between flex items, auto margins), plus the
    room inside children that were stretched to fill it; in a row, the tightest column's."""
    kids = [c for c in box.children if c.style["position"] not in ("absolute", "fixed")]
    if box.height is None or not kids or any(isinstance(c, boxes.LineBox) for c in kids):
        return 0.0
    if "flex" in str(box.style["display"]) and box.style["flex_direction"].startswith("row"):
        return min(_room(c) + max(0.0, float(box.height - c.margin_height())) for c in kids)
    used: float = sum(
        c.border_height()
        + sum(
            0.0 if c.style[f"margin_{side}"] == "auto" else getattr(c, f"margin_{side}") or 0.0
            for side in ("top", "bottom")
        )
        for c in kids
    )
    return max(0.0, float(box.height) - used) + sum((_room(c) for c in kids), 0.0)


def _fit_overflow(box: Any) -> float:
    """How far the content of a fixed-size box reaches below its own bottom."""
    return _deepest(box) - _content_bottom(box)


def _keys(box: Any) -> tuple[str, ...]:
    """The strings (data-key, from the renderer) printed inside a box, in order."""
    found = (getattr(b, "element", None) for b in _walk(box))
    return tuple(
        dict.fromkeys(e.get("data-key") for e in found if e is not None and e.get("data-key"))
    )


def _spots(box: Any, number: int, size: tuple[float, float], block: Any = None) -> list[Spot]:
    """Where each string marker (data-key) sits: the block that holds it, as a share of the
    page. The layout knows it whatever the script, direction or hyphenation; a PDF's text,
    read back, does not (Arabic comes out in visual order, hyphenated words split)."""
    element = getattr(box, "element", None)
    if isinstance(box, boxes.BlockBox) and element is not None:
        block = box
    found = []
    key = element.get("data-key") if element is not None else None
    if key and block is not None and isinstance(box, boxes.InlineBox):
        width, height = size
        found.append(
            Spot(
                key,
                number,
                round(100 * block.border_box_x() / width, 2),
                round(100 * block.border_box_y() / height, 2),
                round(100 * block.border_width() / width, 2),
                round(100 * block.border_height() / height, 2),
            )
        )
    for child in getattr(box, "children", ()):
        found += _spots(child, number, size, block)
    return found


def _page_info(page: Any, seen: dict[str, tuple[str, ...]], number: int = 1) -> PageInfo:
    """What the checks need to know of a laid-out page, read from WeasyPrint's boxes: which
    logical pages begin on it, what overflows and which strings it holds, the type sizes used
    and its lines of text. `seen` has the strings of each logical page begun before."""
    sections: list[str] = []
    begun: dict[str, tuple[str, ...]] = {}
    overflows: list[Overflow] = []
    measured: set[int] = set()
    page_bottom = float(page._page_box.content_box_y() + page._page_box.height)
    fit_rooms: list[float] = []  # lines left in each fixed box (data-fit) on the page
    page_rooms: list[float] = []  # and in each logical page begun on it
    sizes: Counter[float] = Counter()
    lines: list[str] = []
    spans: list[tuple[float, float]] = []
    for box in _walk(page._page_box):
        if isinstance(box, boxes.TextBox) and box.text.strip():
            sizes[round(float(box.style["font_size"]) * 0.75, 1)] += len(box.text.strip())
        elif isinstance(box, boxes.LineBox):
            lines.append("".join(b.text for b in _walk(box) if isinstance(b, boxes.TextBox)))
            spans.append((float(box.position_y), float(box.position_y + box.height)))
        element = getattr(box, "element", None)
        if element is None or not hasattr(box, "content_box_y"):
            continue
        fit = element.get("data-fit")
        if fit and id(element) not in measured:  # an element's first box is its outer one
            measured.add(id(element))
            px = _fit_overflow(box)
            fit_rooms.append(_room(box) / _line_px(box))
            if px > 0.5:
                overflows.append(Overflow(fit, px, _line_px(box), False, _keys(box)))
        if box.element_tag != "section" or "page" not in (element.get("class") or "").split():
            continue
        name = element.get("data-page") or element.get("id") or "?"
        if name in seen:
            spilled = _deepest(box) - box.content_box_y()
            keys = tuple(dict.fromkeys((*seen[name], *_keys(box))))
            overflows.append(Overflow(name, spilled, _line_px(box), True, keys))
        elif name not in sections:
            sections.append(name)
            begun[name] = _keys(box)
            below = page_bottom - (box.position_y + box.margin_height())
            page_rooms.append((_room(box) + max(0.0, below)) / _line_px(box))
    seen.update(begun)
    return PageInfo(
        page.width / PX_PER_MM,
        page.height / PX_PER_MM,
        tuple(sections),
        tuple(overflows),
        tuple(sorted(sizes.items())),
        tuple(lines),
        tuple(_spots(page._page_box, number, (page.width, page.height))),
        _meter(overflows, fit_rooms or page_rooms),
        tuple(spans),
    )


def _meter(overflows: list[Overflow], rooms: list[float]) -> float:
    """A page's fit in lines: the room left in its tightest box, or minus its overflow."""
    if overflows:
        return -float(max(o.lines for o in overflows))
    return round(min(rooms, default=0.0), 1)


def _render(
    job: Job, html: str, fetcher: RestrictedFetcher, log: Log
) -> tuple[Any, tuple[PageInfo, ...]]:
    parsed = weasyprint.HTML(string=html, base_url=job.base_url, url_fetcher=fetcher)
    document = parsed.render(
        font_config=font_config(),
        stylesheets=hoist(parsed, fetcher, font_config(), log),
        pdf_variant=job.pdf_variant,
        pdf_tags=job.layout.kind.tagged,
    )
    seen: dict[str, tuple[str, ...]] = {}
    return document, tuple(
        _page_info(p, seen, number) for number, p in enumerate(document.pages, start=1)
    )


def _fits(pages: tuple[PageInfo, ...]) -> bool:
    return not any(p.overflows for p in pages)


def lay_out(job: Job) -> LaidOut:
    """Render one HTML to PDF bytes and describe its pages, stepping the body size down
    within the document's declared range until the text fits."""
    fetcher = RestrictedFetcher(job.allowed_dirs)
    capture = _Capture()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(capture)
    try:
        sizes = job.font_sizes or (None,)
        for body_pt in sizes:
            html = (
                job.html
                if body_pt is None
                else FIT_MARK.sub(fit_css(body_pt, sizes[0] or 1), job.html, count=1)
            )
            capture.records.clear()
            document, pages = _render(job, html, fetcher, capture.records)
            if _fits(pages):
                break
        if job.layout.kind.press:  # PDF/X dates the file; WeasyPrint would use the clock
            document.metadata.created = document.metadata.modified = DATED
        with _fonts_dated():
            pdf = document.write_pdf(
                pdf_identifier=job.identifier,
                pdf_variant=job.pdf_variant,
                pdf_tags=job.layout.kind.tagged,
            )
    finally:
        logger.removeHandler(capture)
    return LaidOut(
        pdf, pages, tuple(dict.fromkeys(fetcher.refused)), tuple(capture.records), body_pt
    )
