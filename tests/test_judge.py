"""The judge on its own: a synthetic layout (pages, overflows, WeasyPrint's log), no WeasyPrint,
one small input and one assertion each; every problem says where and what it is about."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.stages import job, laid, overflow, page, printed, spec
from tract.layout.judge import canvas_problems, judge, size_problems
from tract.problems import Pos, Subject, error, warning
from tract.source.model import FontSize
from tract.variants import VARIANTS

NL = "content/note/nl.yaml"
PRINT = Subject("note", "nl", "print")  # what the judge of the Dutch print PDF finds
NOTE = Subject("note")  # the note in every language: its template's or stylesheet's own


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "note.html.j2").write_text('<p>one</p>\n<img src="logo.png">\n')
    (folder / "note.css").write_text("h1 {\n  colr: red;\n}\n")
    return folder


def test_an_overflow_names_its_strings_most_grown_first_at_the_first_one_s_line(
    templates: Path,
) -> None:
    strings = (printed("text.title", 1, 10), printed("text.body.first", 3, 300))
    grown = (("text.body.first", 40),)
    front = page(overflows=(overflow("front", 2, "text.title", "text.body.first"),))
    found = judge(job(templates, "print", strings=strings, grown=grown), laid(front, page()))
    assert found == [
        error(
            Pos(NL, 3, 3),
            "the front page overflows by 2 lines; shorten its text, printed from 'body.first' "
            f"({NL}:3, 300 characters, 40 characters longer than in the last build that "
            f"fitted), 'title' ({NL}:1, 10 characters)",
            PRINT,
        )
    ]


def test_the_printed_line_names_the_output_the_position_does_not(templates: Path) -> None:
    found = judge(job(templates, "print"), laid(page(), page(), page()))
    assert [str(p) for p in found] == [f"{NL}:1:1: error: nl note: 3 pages instead of 2"]


def test_a_page_count_is_about_the_whole_translation(templates: Path) -> None:
    (problem,) = judge(job(templates, "print"), laid(page()))
    assert problem.pos.whole and problem.about == PRINT


def test_a_smaller_body_size_is_a_warning(templates: Path) -> None:
    found = judge(
        job(templates, "print", spec=spec(font_size=FontSize(base=9.5, min=9))), laid(body_pt=9.25)
    )
    assert found == [
        warning(Pos(NL), "body text set at 9.25 pt instead of 9.5 pt to fit the page", PRINT)
    ]


def test_a_stylesheet_s_warning_is_at_its_line_about_the_document(templates: Path) -> None:
    sheet = (templates / "note.css").as_uri()
    log = (("WARNING", "Ignored `colr: red` at 2:3, unknown property.", sheet),)
    assert judge(job(templates, "print"), laid(log=log)) == [
        warning(
            Pos("templates/note.css", 2, 3),
            "WeasyPrint: Ignored `colr: red`, unknown property.",
            NOTE,
        )
    ]


def test_a_warning_said_while_laying_out_is_found_in_the_sheet_that_has_it(
    templates: Path,
) -> None:
    log = (("WARNING", "Ignored `colr: red` at 2:3, unknown property.", ""),)
    (problem,) = judge(job(templates, "print"), laid(log=log))
    assert (problem.pos, problem.about) == (Pos("templates/note.css", 2, 3), NOTE)


def test_what_no_sheet_has_is_the_template_s_for_this_output(templates: Path) -> None:
    log = (("ERROR", "Failed to load image at data:,x", ""),)
    assert judge(job(templates, "print"), laid(log=log)) == [
        error(Pos("templates/note.html.j2"), "WeasyPrint: Failed to load image at data:,x", PRINT)
    ]


def test_a_refused_file_is_at_the_template_line_that_asks_for_it(templates: Path) -> None:
    url = (templates / "logo.png").as_uri()
    (problem,) = judge(job(templates, "print"), laid(refused=(url,)))
    assert (problem.pos, problem.about) == (Pos("templates/note.html.j2", 2, 11), NOTE)


def test_type_too_small_to_read() -> None:
    assert size_problems(Counter({6.0: 10, 10.0: 100}), body_min=9) == [
        "some text is set at 6 pt; nothing may be smaller than 7 pt"
    ]


def test_text_on_a_story_s_band_the_app_covers() -> None:
    canvas = VARIANTS["story"].canvas
    assert canvas is not None
    top = page(lines=("Kom naar de bijeenkomst",), spans=((100.0, 160.0),), text_sizes=((40.0, 9),))
    assert canvas_problems(canvas, laid(top)) == [
        "has text in its top 250 px, which the app covers: 'Kom naar de bijeenkomst'; keep its "
        "text between 250 and 1670 px from the top"
    ]
