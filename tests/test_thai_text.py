"""Thai that copies and searches right: every run of Thai letters the shipped documents print
against what pdfium, poppler and pypdf extract from the built PDFs (finish/unmapped.py gives
SARA AM's nikhahit its character; finish/runs.py puts lifted tone marks in line). README.md
("Languages, scripts and fonts") has the figures."""

from __future__ import annotations

import io

import pikepdf
import pytest

from tests.helpers import Project
from tests.readers import READERS, pdfium, printed, thai_phrases, unbroken
from tract.finish.ligatures import cmap_text, unicode_fonts
from tract.finish.unmapped import mapped_glyphs

DOCS = ("rights-flyer", "contact-card", "union-leaflet")


@pytest.fixture(scope="module")
def measured(real_build: Project) -> dict[tuple[str, str], set[str]]:
    """(document, reader) → the printed phrases that reader does not give."""
    wrong = {}
    for doc in DOCS:
        phrases = thai_phrases(printed(real_build.root, doc, "th", "screen"))
        pdf = (real_build.root / "output/th" / f"{doc}.pdf").read_bytes()
        for name, read in READERS.items():
            wrong[(doc, name)] = {p for p in phrases if p not in unbroken(read(pdf))}
    print("\nThai phrases read wrong:", {key: len(words) for key, words in sorted(wrong.items())})
    return wrong


def test_pdfium_and_pypdf_give_every_thai_phrase(measured: dict[tuple[str, str], set[str]]) -> None:
    for doc in DOCS:
        assert measured[(doc, "pdfium")] == measured[(doc, "pypdf")] == set(), doc
    assert all(len(words) <= 5 for words in measured.values())  # poppler: README says why


def test_sara_am_reads_as_its_letters_not_a_stray_character(real_build: Project) -> None:
    built = (real_build.root / "output/th/rights-flyer.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(built)) as doc:
        texts = [cmap_text(font.ToUnicode.read_bytes()) for font in unicode_fonts(doc)]
    assert texts and all("" not in text.values() for text in texts)
    assert all("\u0e4d" in text.values() for text in texts)  # the nikhahit, its own character
    assert "\u02f8" not in pdfium(built) and "ทํางาน" in pdfium(built)
    assert mapped_glyphs(built) == built  # done once, in the build


def test_latin_text_is_left_as_it_is(real_build: Project) -> None:
    nl = (real_build.root / "output/nl/rights-flyer.pdf").read_bytes()
    assert mapped_glyphs(nl) == nl
