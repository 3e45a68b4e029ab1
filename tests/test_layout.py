"""Laying out on its own: tiny HTML through WeasyPrint, as a worker does, and what the layout
says of its pages (what overflows and which strings it holds, type sizes, where each string
is, the log), one small input and one assertion each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.stages import job
from tract.layout.jobs import LaidOut
from tract.layout.weasy import lay_out

STYLE = "@page { size: 105mm 148mm; margin: 10mm } body, p { font-size: 10pt; margin: 0 }"
LONG = "Elke maand ontmoetingen alleen voor sekswerkers. " * 40


def _laid(templates: Path, body: str, logs: bool = False) -> LaidOut:
    """The layout of `body` on an A6 page; WeasyPrint must say nothing unless `logs`."""
    html = (
        f'<!DOCTYPE html><html lang="nl"><head><style>{STYLE}</style></head>'
        f'<body><section class="page" data-page="front">{body}</section></body></html>'
    )
    laid = lay_out(job(templates, "print", html))
    assert logs or not laid.log, laid.log
    return laid


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    (tmp_path / "bad.css").write_text("p {\n  colr: red;\n}\n")
    return tmp_path


def test_a_fixed_box_that_overflows_is_named_with_its_strings(templates: Path) -> None:
    lead = f'<p><span data-key="text.lead">{LONG}</span></p>'
    box = f'<div data-fit="front" style="height: 20mm">{lead}</div>'
    (over,) = _laid(templates, box).pages[0].overflows
    assert (over.name, over.keys, over.lines > 10) == ("front", ("text.lead",), True)


def test_a_box_that_fits_has_room_left(templates: Path) -> None:
    box = '<div data-fit="front" style="height: 40mm; line-height: 5mm"><p>Kort.</p></div>'
    # 40 mm less one line of 5 mm: room for 7 more lines
    (page,) = _laid(templates, box).pages
    assert (page.overflows, round(page.room)) == ((), 7)


def test_a_page_that_runs_on_spills_onto_the_next(templates: Path) -> None:
    laid = _laid(templates, f'<p><span data-key="text.lead">{LONG * 3}</span></p>')
    assert [(p.sections, [o.name for o in p.overflows]) for p in laid.pages][:2] == [
        (("front",), []),
        ((), ["front"]),
    ]


def test_the_type_sizes_are_counted_in_points(templates: Path) -> None:
    (page,) = _laid(templates, '<p>Tien</p><p style="font-size: 6pt">zes</p>').pages
    assert page.text_sizes == ((6.0, 3), (10.0, 4))


def test_where_each_string_is_printed(templates: Path) -> None:
    (page,) = _laid(
        templates, '<p style="margin: 0"><span data-key="text.title">Titel</span></p>'
    ).pages
    (spot,) = page.spots
    assert (spot.key, spot.page, spot.left, spot.top) == ("text.title", 1, 9.52, 6.76)


def test_a_stylesheet_s_warning_says_which_sheet(templates: Path) -> None:
    html = f'<link rel="stylesheet" href="{(templates / "bad.css").as_uri()}"><p>x</p>'
    (record,) = _laid(templates, html, logs=True).log
    assert record == (
        "WARNING",
        "Ignored `colr: red` at 2:3, unknown property.",
        (templates / "bad.css").as_uri(),
    )
