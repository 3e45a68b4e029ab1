"""A problem knows what it is about: a document, a language, the output it was found in. The
build, the manifest, the catalog, the status and the editor select problems by it, never by the
file a problem points at (a shared template's line can be about the Dutch note alone)."""

from __future__ import annotations

import json
import shutil

from lxml import html

from tests.helpers import Project
from tract.problems import Pos, Subject, error
from tract.source.load import load_project
from tract.translate.editor import editor_page

TEMPLATE = "templates/note.html.j2"
SHEET = "templates/note.css"
TYPO = "Ignored `colr: red`, unknown property."


def _catalog(project: Project) -> html.HtmlElement:
    return html.fromstring(project.read("output/index.html"))


def _problems(element: html.HtmlElement) -> list[str]:
    return [
        " ".join(e.text_content().split()) for e in element.xpath(".//ul[@class='problems']/li")
    ]


def _with_other_document(project: Project) -> None:
    """A second document with a template of its own, which links no stylesheet."""
    shutil.copytree(project.root / "content/note", project.root / "content/other")
    project.edit("content/other/document.yaml", "note.html.j2", "other.html.j2")
    project.write("templates/other.html.j2", project.read(TEMPLATE))


def test_a_dutch_only_error_shows_on_the_dutch_card_and_nowhere_else(minimal: Project) -> None:
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]")
    minimal.edit(TEMPLATE, "<h1>", '<h1{% if lang == "nl" %} style="color: red"{% endif %}>')
    result = minimal.run()
    assert result.code == 1
    said = f"{TEMPLATE}:1:1: error: nl note: the print PDF page 1 has RGB colour (1 0 0 rg)"
    assert [line.split(";")[0] for line in result.lines] == [said]
    page = _catalog(minimal)
    assert [p.split(";")[0] for p in _problems(page.get_element_by_id("note-nl"))] == [said]
    for elsewhere in ("note-fr", "note-en"):
        assert _problems(page.get_element_by_id(elsewhere)) == []
    assert page.get_element_by_id("project-problems", None) is None
    row = page.get_element_by_id("note")
    assert row.xpath("./ul[@class='problems']") == []


def test_a_stylesheet_warning_names_the_sheet_and_is_kept_with_its_document(
    minimal: Project,
) -> None:
    _with_other_document(minimal)
    minimal.write(SHEET, "h1 {\n  margin: 0;\n  colr: red;\n}\n")
    minimal.edit(TEMPLATE, "</head>", '<link rel="stylesheet" href="note.css"></head>')
    warning = f"{SHEET}:3:3: warning: WeasyPrint: {TYPO}"
    for _ in range(2):  # built, then up to date: said once each time, from the manifest
        result = minimal.run()
        assert result.code == 0, result.err
        assert result.lines == [warning]
        assert "0 error(s), 1 warning(s)" in result.out
    manifest = json.loads(minimal.read("output/build.json"))
    kept = {
        (entry["doc"], entry["lang"]): [
            (w["path"], w["line"], w["about"]) for w in entry["warnings"]
        ]
        for entry in manifest["documents"]
    }
    about = {"doc": "note", "lang": None, "variant": None}
    assert kept == {
        **{("note", lang): [(SHEET, 3, about)] for lang in ("fr", "nl", "en")},
        **{("other", lang): [] for lang in ("fr", "nl", "en")},
    }
    assert minimal.run("--doc", "other").lines == []
    page = _catalog(minimal)
    assert _problems(page.get_element_by_id("note")) == [warning]
    assert _problems(page.get_element_by_id("note-nl")) == []
    assert _problems(page.get_element_by_id("other")) == []


def test_a_problem_about_the_whole_translation_is_on_no_text_s_row(minimal: Project) -> None:
    project, problems = load_project(minimal.root)
    assert project is not None and not problems
    refused = error(
        Pos("content/note/nl.yaml"),
        "the Dutch (nl) note is an unreviewed draft",
        Subject("note", "nl"),
    )
    page = editor_page(project, [refused], "note", "nl")
    assert page.page.whole == (f"content/note/nl.yaml:1:1: error: {refused.message}",)
    assert [row.messages for row in page.page.rows] == [()] * len(page.page.rows)
    other = editor_page(project, [refused], "note", "en")
    assert other.page.whole == ()
