"""Print finishing: exact bleed box, crop marks and fold marks, drawn on the laid-out PDF.

WeasyPrint lays the print variant out with its CSS bleed (the table of outputs says how wide),
so the MediaBox is the bleed box and the TrimBox the finished size. We widen the MediaBox by a
slug outside the bleed and draw the marks there, where they can never touch the artwork, and
set the BleedBox to exactly the bleed (WeasyPrint's own guess is up to 10 pt).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import pikepdf

MM = 72 / 25.4
SLUG_MM = 10.0  # room outside the bleed for the marks
MARK_GAP_MM = 0.5  # marks start this far outside the bleed
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25


def _box(values: pikepdf.Array) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in values)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def crop_marks(trim: tuple[float, float, float, float], bleed_mm: float) -> str:
    """Eight short hairlines, two per corner, in line with the trim edges."""
    x0, y0, x1, y1 = trim
    off, length = (bleed_mm + MARK_GAP_MM) * MM, MARK_LENGTH_MM * MM
    lines = []
    for x in (x0, x1):
        for y, direction in ((y0, -1), (y1, 1)):
            lines.append((x, y + direction * off, x, y + direction * (off + length)))
    for y in (y0, y1):
        for x, direction in ((x0, -1), (x1, 1)):
            lines.append((x + direction * off, y, x + direction * (off + length), y))
    return "".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S\n" for a, b, c, d in lines)


def fold_marks(
    trim: tuple[float, float, float, float], folds_mm: Sequence[float], bleed_mm: float
) -> str:
    """Dashed hairlines above and below the sheet where it is folded."""
    x0, y0, _, y1 = trim
    off, length = (bleed_mm + MARK_GAP_MM) * MM, MARK_LENGTH_MM * MM
    out = ["[1.5 1] 0 d\n"]
    for fold in folds_mm:
        x = x0 + fold * MM
        out.append(f"{x:.3f} {y1 + off:.3f} m {x:.3f} {y1 + off + length:.3f} l S\n")
        out.append(f"{x:.3f} {y0 - off:.3f} m {x:.3f} {y0 - off - length:.3f} l S\n")
    out.append("[] 0 d\n")
    return "".join(out)


def finish(pdf: bytes, bleed_mm: float, folds_mm: Sequence[Sequence[float]] = ()) -> bytes:
    """Add the slug, crop marks and (per page) fold marks; set exact TrimBox and BleedBox, the
    bleed `bleed_mm` wide, as the PDF was laid out."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            trim = _box(page.trimbox)
            slug = (bleed_mm + SLUG_MM) * MM
            marks = f"q {MARK_WIDTH_PT} w 0 0 0 1 K 0 J\n" + crop_marks(trim, bleed_mm)
            if index < len(folds_mm) and folds_mm[index]:
                marks += fold_marks(trim, folds_mm[index], bleed_mm)
            marks += "Q\n"
            bleed = bleed_mm * MM
            x0, y0, x1, y1 = trim
            clip = (
                f"q {x0 - bleed:.3f} {y0 - bleed:.3f} {x1 - x0 + 2 * bleed:.3f} "
                f"{y1 - y0 + 2 * bleed:.3f} re W n\n"
            )  # artwork never reaches the marks
            page.contents_add(pikepdf.Stream(doc, clip.encode()), prepend=True)
            page.contents_add(pikepdf.Stream(doc, b"Q\n" + marks.encode()), prepend=False)
            page.obj.MediaBox = pikepdf.Array([x0 - slug, y0 - slug, x1 + slug, y1 + slug])
            page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
            page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
            if "/CropBox" in page.obj:
                del page.obj["/CropBox"]
        return saved(doc)


def saved(doc: pikepdf.Pdf) -> bytes:
    """A finished PDF's bytes: the same inputs give the same bytes, streams compressed."""
    out = io.BytesIO()
    doc.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


def content_holders(doc: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Each page and each form XObject a page draws (at any depth), once: what has a content
    stream and the resources it names."""
    seen: set[tuple[int, int]] = set()
    pending: list[pikepdf.Object] = [page.obj for page in doc.pages]
    while pending:
        holder = pending.pop()
        yield holder
        resources = holder.get("/Resources", pikepdf.Dictionary())
        for item in resources.get("/XObject", pikepdf.Dictionary()).values():
            if item.get("/Subtype") != "/Form" or (item.is_indirect and item.objgen in seen):
                continue
            if item.is_indirect:
                seen.add(item.objgen)
            pending.append(item)
