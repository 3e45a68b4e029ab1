"""Notes for the print shop, written beside each print PDF."""

from __future__ import annotations

import io
from pathlib import PurePath

import pikepdf

from tract.finish.impose import plan
from tract.finish.press import CONDITION, INK_LIMIT, PAPER
from tract.fonts import embedded_fonts
from tract.source.model import DocumentSpec
from tract.variants import Layout, Output, imposed


def _name(output: Output) -> str:
    return PurePath(output.path).name


def _fmt(mm: float) -> str:
    return f"{mm:g}"


def print_notes(spec: DocumentSpec, layout: Layout, print_pdf: bytes, rtl: bool = False) -> str:
    """Trim size, bleed, pages, fold, paper, colour and fonts, in the terms a print shop
    uses; `layout` is the print PDF's."""
    lang = layout.lang
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        pages = len(pdf.pages)
    fonts = ", ".join(sorted(embedded_fonts(print_pdf)))
    w, h = spec.page.width_mm, spec.page.height_mm
    lines = [
        f"{_name(layout.output)} ({lang})",
        f"Trim size:  {_fmt(w)} x {_fmt(h)} mm ({spec.page.css})",
        f"Bleed:      {_fmt(layout.kind.bleed)} mm on every side (BleedBox); crop marks outside it",
        f"Pages:      {pages}" + (" (front and back: print duplex)" if pages == 2 else ""),
        f"Fold:       {spec.fold}",
        f"Paper:      {spec.paper}",
        f"Colour:     PDF/X-4 in CMYK for {CONDITION} (offset on {PAPER} paper), its output "
        "intent; for other paper, convert to your own press condition",
        f"Ink:        at most {INK_LIMIT} % in total; black text and QR codes in black ink only; "
        "no spot colours",
        f"Fonts:      embedded and subset: {fonts}",
    ]
    if spec.folds:
        for page in spec.folds:
            xs = spec.folds_for(page, rtl)
            lines.append(
                f"Fold marks: {page} page at {', '.join(_fmt(x) for x in xs)} mm "
                "from the left trim edge"
            )
    for sheet in imposed(spec.variants):
        grid = plan(w, h, spec.sheet_up)
        lines.append(
            f"Office sheet: {_name(Output(spec.id, lang, sheet))}, {grid.count} per A4 sheet "
            f"({grid.cols} x {grid.rows}) at {grid.scale:.0%} "
            f"({grid.card_w_mm:.1f} x {grid.card_h_mm:.1f} mm), page 1 fronts, page 2 "
            "backs: print duplex, flip on the long edge, cut at the marks"
        )
    return "\n".join(lines) + "\n"
