"""Small inputs for the stages after render, tested one at a time: a document's spec, a job,
a blank PDF made with pikepdf (no WeasyPrint), and tiny HTML to lay out."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from tract.layout.jobs import Job, LaidOut, Overflow, PageInfo
from tract.problems import Pos
from tract.render.resolve import Printed
from tract.source.model import DocumentSpec, PageCount, PageSize
from tract.variants import Layout, Output, layouts_of, outputs_of

MM = 72 / 25.4
A6 = PageSize("A6", 105, 148)


def spec(**changes: object) -> DocumentSpec:
    """A two-page A6 note made in French and Dutch, as document.yaml would give it."""
    values: dict[str, object] = {
        "id": "note",
        "template": "note.html.j2",
        "page": A6,
        "pages": PageCount(2, at_least=False),
        "variants": ("screen", "print", "sheet"),
        "facts": (),
        "pos": Pos("content/note/document.yaml", 1, 1),
        "sheet_up": 4,
        "languages": ("fr", "nl"),
    }
    return DocumentSpec(**{**values, **changes})  # type: ignore[arg-type]


def layout(variant: str = "screen", lang: str = "nl", doc: str = "note") -> Layout:
    """The layout that makes `variant`, with every output it yields."""
    wanted = next(o for o in outputs_of(doc, lang, (variant,)) if o.variant == variant)
    return next(la for la in layouts_of([wanted]) if wanted in la.yields)


def job(templates: Path, variant: str = "screen", html: str = "", **changes: object) -> Job:
    """A job for the note, its templates in `templates`."""
    values: dict[str, object] = {
        "layout": layout(variant),
        "html": html,
        "base_url": templates.as_uri() + "/",
        "allowed_dirs": (str(templates),),
        "identifier": b"0" * 32,
        "spec": spec(),
    }
    return Job(**{**values, **changes})  # type: ignore[arg-type]


def page(**changes: object) -> PageInfo:
    """A laid-out A6 page that fits, with nothing on it."""
    values: dict[str, object] = {
        "width_mm": 105,
        "height_mm": 148,
        "sections": ("front",),
        "overflows": (),
    }
    return PageInfo(**{**values, **changes})  # type: ignore[arg-type]


def laid(*pages: PageInfo, **changes: object) -> LaidOut:
    """A layout of these pages, its PDF blank pages without text or fonts."""
    pages = pages or (page(), page(sections=("back",)))
    values: dict[str, object] = {
        "pdf": blank_pdf(len(pages)),
        "pages": pages,
        "refused": (),
        "log": (),
    }
    return LaidOut(**{**values, **changes})  # type: ignore[arg-type]


def overflow(name: str, lines: int, *keys: str) -> Overflow:
    return Overflow(name, lines * 12.0, 12.0, False, keys)


def printed(key: str, line: int, length: int, path: str = "content/note/nl.yaml") -> Printed:
    return Printed(key, Pos(path, line, 3), length)


def blank_pdf(pages: int = 2, size_mm: tuple[float, float] = (105, 148)) -> bytes:
    """Blank pages of a finished size, each with its TrimBox, as a layout would give them."""
    width, height = size_mm[0] * MM, size_mm[1] * MM
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page(page_size=(width, height))
            pdf.pages[-1].obj.TrimBox = pikepdf.Array([0, 0, width, height])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def output(variant: str, lang: str = "nl") -> Output:
    return Output("note", lang, variant)
