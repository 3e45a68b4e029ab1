"""Notes for the print shop, written beside each print PDF."""

from __future__ import annotations

import io

import pikepdf

from tract.finishing import BLEED_MM
from tract.impose import plan
from tract.model import DocumentSpec
from tract.postprocess import embedded_fonts


def _fmt(mm: float) -> str:
    return f"{mm:g}"


def print_notes(spec: DocumentSpec, lang: str, print_pdf: bytes) -> str:
    """Trim size, bleed, pages, fold, paper and fonts, in the terms a print shop uses."""
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        pages = len(pdf.pages)
    fonts = ", ".join(sorted(embedded_fonts(print_pdf)))
    w, h = spec.page.width_mm, spec.page.height_mm
    lines = [
        f"{spec.id}.print.pdf ({lang})",
        f"Trim size:  {_fmt(w)} x {_fmt(h)} mm ({spec.page.css})",
        f"Bleed:      {_fmt(BLEED_MM)} mm on every side (BleedBox); crop marks outside it",
        f"Pages:      {pages}" + (" (front and back: print duplex)" if pages == 2 else ""),
        f"Fold:       {spec.fold}",
        f"Paper:      {spec.paper}",
        "Colour:     RGB (sRGB); no spot colours",
        f"Fonts:      embedded and subset: {fonts}",
    ]
    if spec.folds:
        for page, xs in spec.folds:
            lines.append(
                f"Fold marks: {page} page at {', '.join(_fmt(x) for x in xs)} mm "
                "from the left trim edge"
            )
    if "sheet" in spec.variants:
        grid = plan(w, h, spec.sheet_up)
        lines.append(
            f"Office sheet: {spec.id}.sheet.pdf, {grid.count} per A4 sheet "
            f"({grid.cols} x {grid.rows}) at {grid.scale:.0%} "
            f"({grid.card_w_mm:.1f} x {grid.card_h_mm:.1f} mm), page 1 fronts, page 2 "
            "backs: print duplex, flip on the long edge, cut at the marks"
        )
    return "\n".join(lines) + "\n"
