"""Drafts: without --draft a missing text is an error; with it the source text stands in,
highlighted and tagged with its language, and every page and the PDF title say DRAFT."""

from __future__ import annotations

import shutil

import pypdf
import pytest

from tests.helpers import ROOT, Project
from tract.finish.preflight import preflight

NL = "content/note/nl.yaml"
WHEN = (
    '  when: "Op {event.rights_day.date} om {event.rights_day.time}, {event.rights_day.place}."\n'
)
TEMPLATE = """{% extends "base.html.j2" %}
{% block body %}
<section class="page" data-page="front"><h1>{{ text.title }}</h1><p>{{ text.body.first }}</p>
</section>
<section class="page" data-page="back"><p>{{ text.body.when }}</p></section>
{% endblock %}
"""


@pytest.fixture
def two_pages(minimal: Project) -> Project:
    """The minimal note on two pages, laid out by the shipped base template and styles."""
    for name in ("base.html.j2", "tract.css", "theme.yaml"):
        shutil.copy(ROOT / "templates" / name, minimal.root / "templates" / name)
    minimal.write("templates/note.html.j2", TEMPLATE)
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 2\nvariants: [screen, print]")
    for lang, word in (("fr", "BROUILLON"), ("nl", "ONTWERP"), ("en", "DRAFT")):
        minimal.write(
            f"content/strings/{lang}.yaml",
            minimal.read(f"content/strings/{lang}.yaml") + f"draft: {word}\n",
        )
    minimal.edit(NL, WHEN, "")
    return minimal


def pages(project: Project, lang: str) -> list[str]:
    reader = pypdf.PdfReader(project.root / "output" / lang / "note.pdf")
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def title(project: Project, lang: str) -> str:
    return str(pypdf.PdfReader(project.root / "output" / lang / "note.pdf").metadata.title)


def test_missing_text_is_an_error_without_draft(two_pages: Project) -> None:
    result = two_pages.run("--lang", "nl")
    assert result.code == 1
    assert (
        f"{NL}:2:1: error: not translated yet: 'body.when'; translate it, or build with "
        "--draft to see the rest" in result.lines
    )
    assert not (two_pages.root / "output/nl/note.pdf").exists()


def test_draft_marks_every_page_the_title_and_the_stand_in(two_pages: Project) -> None:
    result = two_pages.run("--draft", "--lang", "nl", "--keep-html")
    assert result.code == 0, result.err
    assert (
        f"{NL}:2:1: warning: not translated yet: 'body.when' (the draft shows the source "
        "text instead)" in result.lines
    )
    assert title(two_pages, "nl") == "ONTWERP – Een notitie"
    front, back = pages(two_pages, "nl")
    assert "ONTWERP" in front and "ONTWERP" in back
    assert "FR Le mercredi 3 mars 2027 à 18:00, Bruxelles." in back  # tagged, in French
    html = two_pages.read("output/html/nl/note.html")
    assert '<span class="draft-text" lang="fr">Le mercredi' in html
    assert '<div class="draft-mark">ONTWERP</div>' in html


def test_a_drafts_print_pdf_is_still_fit_for_the_press(two_pages: Project) -> None:
    """The draft's highlight, tag and see-through mark are theme colours too: CMYK in print."""
    result = two_pages.run("--draft", "--lang", "nl")
    assert result.code == 0, result.err
    path = two_pages.root / "output/nl/note.print.pdf"
    assert preflight(path.read_bytes()) == []
    assert "ONTWERP" in pypdf.PdfReader(path).pages[0].extract_text()


def test_a_complete_translation_built_with_draft_is_not_marked(two_pages: Project) -> None:
    result = two_pages.run("--draft", "--lang", "en", "--keep-html")
    assert result.code == 0, result.err
    assert title(two_pages, "en") == "A note"
    assert not any("DRAFT" in page for page in pages(two_pages, "en"))
    assert 'class="draft-mark"' not in two_pages.read("output/html/en/note.html")
