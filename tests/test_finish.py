"""Finishing for the print shop on its own: marks, boxes, imposition and notes, on blank pages
made with pikepdf (no WeasyPrint), one small input and one assertion each."""

from __future__ import annotations

import io
import re

import pikepdf

from tests.pdfs import box_mm
from tests.stages import blank_pdf, layout, spec
from tract.finish.impose import impose
from tract.finish.marks import finish
from tract.finish.notes import print_notes
from tract.variants import VARIANTS

BLEED = VARIANTS["print"].bleed


_OPEN: list[pikepdf.Pdf] = []  # read back, kept open while the test reads its pages


def _pages(pdf: bytes) -> list[pikepdf.Page]:
    _OPEN.append(pikepdf.open(io.BytesIO(pdf)))
    return list(_OPEN[-1].pages)


def _content(page: pikepdf.Page) -> bytes:
    page.contents_coalesce()
    return bytes(page.obj.Contents.read_bytes())


def _strokes(page: pikepdf.Page) -> list[tuple[float, ...]]:
    """Every line segment the page's own content draws, in mm: (x0, y0, x1, y1)."""
    text = _content(page).decode()
    found = re.findall(r"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S", text)
    return [tuple(round(float(v) * 25.4 / 72, 1) for v in line) for line in found]


def test_the_bleed_box_is_the_table_s_bleed_past_the_trim() -> None:
    (page, _) = _pages(finish(blank_pdf(), BLEED))
    assert box_mm(page, "/BleedBox") == (-3.0, -3.0, 108.0, 151.0)


def test_the_trim_box_stays_the_finished_size() -> None:
    (page, _) = _pages(finish(blank_pdf(), BLEED))
    assert box_mm(page, "/TrimBox") == (0.0, 0.0, 105.0, 148.0)


def test_the_marks_are_drawn_outside_the_bleed() -> None:
    (page, _) = _pages(finish(blank_pdf(), BLEED))

    def outside(x: float, y: float) -> bool:
        return x < -BLEED or x > 105 + BLEED or y < -BLEED or y > 148 + BLEED

    marks = _strokes(page)
    assert len(marks) == 8 and all(outside(*m[:2]) and outside(*m[2:]) for m in marks)


def test_a_fold_is_marked_above_and_below_the_sheet() -> None:
    (page,) = _pages(finish(blank_pdf(1, (297, 210)), BLEED, [[99.0]]))
    assert [line for line in _strokes(page) if line[0] == line[2] == 99.0] == [
        (99.0, 213.5, 99.0, 218.5),
        (99.0, -3.5, 99.0, -8.5),
    ]


def _cards_x(page: pikepdf.Page) -> list[float]:
    """Where each card on an imposed page starts, left to right, row by row, in points."""
    content = _content(page)
    return [float(x) for x, _ in re.findall(rb"([-\d.]+) ([-\d.]+) cm /Card Do", content)]


def test_a_sheet_places_four_cards_a_side() -> None:
    sheet, grid = impose(blank_pdf(), 4)
    assert (grid.cols, grid.rows, [len(_cards_x(p)) for p in _pages(sheet)]) == (2, 2, [4, 4])


def test_the_backs_are_mirrored_for_long_edge_duplex() -> None:
    sheet, _ = impose(blank_pdf(), 4)
    front, back = (_cards_x(p) for p in _pages(sheet))
    assert front[0] < front[1] and back == [front[1], front[0], front[3], front[2]]


def test_the_notes_name_the_file_its_bleed_and_its_sheet() -> None:
    notes = print_notes(spec(), layout("print"), finish(blank_pdf(), BLEED)).splitlines()
    assert [line.split(":")[0] for line in notes[:3]] == [
        "note.print.pdf (nl)",
        "Trim size",
        "Bleed",
    ]
    assert notes[2] == "Bleed:      3 mm on every side (BleedBox); crop marks outside it"
    assert notes[-1].startswith("Office sheet: note.sheet.pdf, 4 per A4 sheet (2 x 2)")


def test_a_document_without_a_sheet_has_no_sheet_in_its_notes() -> None:
    notes = print_notes(spec(variants=("print",)), layout("print"), blank_pdf())
    assert "Office sheet" not in notes
