"""Imposition: several finished pages on one office sheet, fronts then backs, with cut marks.

Pages are placed as form XObjects (pikepdf), never laid out again. Backs are mirrored left to
right so that long-edge duplex puts each back behind its front. When the grid would touch the
sheet's edge, the cards are scaled down just enough to leave room for the marks, since office
printers cannot print to the edge; the scale is reported to the print notes.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pikepdf

from tract.finish.marks import MARK_WIDTH_PT, MM

SHEET_MM = (210.0, 297.0)  # A4 portrait
MARGIN_MM = 8.0  # room for cut marks; inside it office printers print reliably
MARK_GAP_MM = 1.5
MARK_LENGTH_MM = 5.0


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    scale: float
    card_w_mm: float  # placed size, after scaling
    card_h_mm: float
    left_mm: float  # where the grid starts, from the sheet's left and bottom edges
    bottom_mm: float

    @property
    def count(self) -> int:
        return self.cols * self.rows

    def origin(self, col: int, row: int) -> tuple[float, float]:
        """Lower-left corner of a card in mm; row 0 is the top row."""
        return (
            self.left_mm + col * self.card_w_mm,
            self.bottom_mm + (self.rows - 1 - row) * self.card_h_mm,
        )


def plan(width_mm: float, height_mm: float, up: int) -> Grid:
    """The grid that puts `up` cards on the sheet at the largest scale that keeps margins."""
    sheet_w, sheet_h = SHEET_MM
    best: Grid | None = None
    for cols in range(1, up + 1):
        rows = math.ceil(up / cols)
        if cols * rows != up:
            continue
        scale = min(
            1.0,
            (sheet_w - 2 * MARGIN_MM) / (cols * width_mm),
            (sheet_h - 2 * MARGIN_MM) / (rows * height_mm),
        )
        w, h = width_mm * scale, height_mm * scale
        grid = Grid(
            cols, rows, round(scale, 4), w, h, (sheet_w - cols * w) / 2, (sheet_h - rows * h) / 2
        )
        if best is None or grid.scale > best.scale:
            best = grid
    assert best is not None
    return best


def _cut_marks(grid: Grid) -> str:
    """Hairlines outside the grid, in line with every cut."""
    xs = [grid.left_mm + c * grid.card_w_mm for c in range(grid.cols + 1)]
    ys = [grid.bottom_mm + r * grid.card_h_mm for r in range(grid.rows + 1)]
    top, right = ys[-1], xs[-1]
    gap, length = MARK_GAP_MM, MARK_LENGTH_MM
    lines = []
    for x in xs:
        lines += [(x, ys[0] - gap, x, ys[0] - gap - length), (x, top + gap, x, top + gap + length)]
    for y in ys:
        lines += [
            (xs[0] - gap, y, xs[0] - gap - length, y),
            (right + gap, y, right + gap + length, y),
        ]
    body = "".join(
        f"{a * MM:.3f} {b * MM:.3f} m {c * MM:.3f} {d * MM:.3f} l S\n" for a, b, c, d in lines
    )
    return f"q {MARK_WIDTH_PT} w 0 0 0 1 K\n{body}Q\n"


def impose(pdf: bytes, up: int) -> tuple[bytes, Grid]:
    """A two-page sheet (fronts, backs) from a two-page document of finished size."""
    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as sheet:
        first = source.pages[0]
        x0, y0, x1, y1 = (float(v) for v in first.trimbox)
        grid = plan((x1 - x0) / MM, (y1 - y0) / MM, up)
        for index, page in enumerate(source.pages):
            form = sheet.copy_foreign(page.as_form_xobject())
            sheet.add_blank_page(page_size=(SHEET_MM[0] * MM, SHEET_MM[1] * MM))
            target = sheet.pages[-1]
            target.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Card=form))
            name = "/Card"  # a fixed name, so the same inputs give the same bytes
            ops = []
            for row in range(grid.rows):
                for col in range(grid.cols):
                    placed = col if index % 2 == 0 else grid.cols - 1 - col  # mirror backs
                    ox, oy = grid.origin(placed, row)
                    ops.append(
                        f"q {grid.scale} 0 0 {grid.scale} {ox * MM - x0 * grid.scale:.3f} "
                        f"{oy * MM - y0 * grid.scale:.3f} cm {name} Do Q\n"
                    )
            target.contents_add(pikepdf.Stream(sheet, ("".join(ops) + _cut_marks(grid)).encode()))
        out = io.BytesIO()
        sheet.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue(), grid
