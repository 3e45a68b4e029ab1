"""Arabic that copies, searches and reads aloud right: every Arabic word the shipped documents
print (read from the HTML they are made from) against what pdfium (Chromium's viewer), poppler
and pypdf extract from the built PDFs, as built and with the ligatures' presentation forms
taken back out. README.md ("Languages, scripts and fonts") has the figures."""

from __future__ import annotations

import io
import re
import unicodedata

import pikepdf
import pypdfium2
import pytest

from tests.helpers import Project
from tests.readers import READERS, arabic_words, pdfium, printed
from tract.finish.ligatures import presentation_form, readable_ligatures, unicode_fonts
from tract.layout.accessibility import ua_problems

DOCS = ("rights-flyer", "contact-card", "union-leaflet")


def _without_forms(pdf: bytes) -> bytes:
    """The same PDF with each presentation form in its ToUnicode maps turned back into the
    letters it stands for, as WeasyPrint wrote them."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for font in unicode_fonts(doc):
            data = font.ToUnicode.read_bytes()
            font.ToUnicode.write(re.sub(rb"beginbfchar.*?endbfchar", _block, data, flags=re.S))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _block(block: re.Match[bytes]) -> bytes:
    return re.sub(rb"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]*)>", _letters, block[0])


def _letters(entry: re.Match[bytes]) -> bytes:
    """One ToUnicode entry, a presentation form given back as its letters."""
    char = bytes.fromhex(entry[2].decode()).decode("utf-16-be", "replace")
    letters = unicodedata.normalize("NFC", unicodedata.normalize("NFKD", char))
    if presentation_form(letters) != char:
        return entry[0]
    return entry[1] + b"<" + letters.encode("utf-16-be").hex().upper().encode() + b">"


@pytest.fixture(scope="module")
def measured(real_build: Project) -> dict[tuple[str, str, bool], set[str]]:
    """(file, reader, with the forms) → the printed words that reader gets wrong."""
    wrong = {}
    for doc in DOCS:
        for variant, suffix in (("screen", ".pdf"), ("discreet", ".discreet.pdf")):
            path = real_build.root / "output/ar" / f"{doc}{suffix}"
            if not path.is_file():
                continue
            words = arabic_words(printed(real_build.root, doc, "ar", variant))
            built = path.read_bytes()
            for forms, pdf in ((True, built), (False, _without_forms(built))):
                for name, read in READERS.items():
                    wrong[(path.name, name, forms)] = words - arabic_words(read(pdf))
    print("\nArabic words read wrong, as built (without the presentation forms):")
    for (file, name, forms), words in sorted(wrong.items()):
        if forms:
            print(f"  {file} {name}: {len(words)} ({len(wrong[(file, name, False)])})")
    return wrong


def test_every_arabic_word_reads_as_written_in_three_readers(
    measured: dict[tuple[str, str, bool], set[str]],
) -> None:
    assert len({file for file, _, _ in measured}) == 5
    assert {key: words for key, words in measured.items() if key[2] and words} == {}


def test_without_the_forms_pdfium_swaps_the_ligatures_letters(
    measured: dict[tuple[str, str, bool], set[str]],
) -> None:
    flyer = measured[("rights-flyer.pdf", "pdfium", False)]
    for word in ("العاملات", "في", "بين", "والعاملين", "بلا", "موظفين"):
        assert word in flyer


def test_ligatures_read_as_one_character_and_the_pdf_stays_accessible(
    real_build: Project,
) -> None:
    built = (real_build.root / "output/ar/rights-flyer.pdf").read_bytes()
    assert readable_ligatures(built) == built  # done once, in the build
    assert ua_problems(built) == []
    with pikepdf.open(io.BytesIO(built)) as doc:
        maps = [f.ToUnicode.read_bytes() for f in doc.pages[0].Resources.Font.values()]
    assert any(b"<FEFB>" in m or b"<FEFC>" in m for m in maps)  # lam-alef, one character
    words = pdfium(built).split()
    assert "لا" in words and "ال" not in words  # "no" is not read as the article
    nl = (real_build.root / "output/nl/rights-flyer.pdf").read_bytes()
    assert readable_ligatures(nl) == nl  # left-to-right text has no such ligature


def test_the_pages_are_drawn_as_before(real_build: Project) -> None:
    built = (real_build.root / "output/ar/rights-flyer.pdf").read_bytes()
    drawn = [
        [page.render(scale=1).to_pil().tobytes() for page in pypdfium2.PdfDocument(pdf)]
        for pdf in (built, _without_forms(built))
    ]
    assert drawn[0] == drawn[1]


def test_only_right_to_left_letters_have_a_form() -> None:
    assert presentation_form("لا") == "\ufefb" and presentation_form("لأ") == "\ufef7"
    assert presentation_form("في") == "\ufc32"
    assert presentation_form("fi") is None  # a Latin ligature copies right already
    assert presentation_form("ل") is None and presentation_form("") is None
