"""The shipped documents, built once: read each PDF back and check what it promises."""

from __future__ import annotations

import io

import pikepdf
import pypdfium2
import pytest
import zxingcpp

from tests.helpers import Project, Run
from tests.pdfs import box_mm, guess_language, size_mm, text

LANGS = ("fr", "nl", "en")
# document id → (finished size in mm, pages: exact count or minimum)
DOCS = {
    "rights-flyer": ((105, 148), 2),
    "union-leaflet": ((297, 210), 2),
    "rights-day-poster": ((297, 420), 1),
    "contact-card": ((85, 55), 2),
    "history-report": ((210, 297), -8),
}
SHEETS = {"rights-flyer": 4, "contact-card": 10}
CASES = [(doc, lang) for doc in DOCS for lang in LANGS]


def _pdf(project: Project, lang: str, name: str) -> pikepdf.Pdf:
    return pikepdf.open(project.root / "output" / lang / name)


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_screen_pdf(real_build: Project, doc: str, lang: str) -> None:
    size, pages = DOCS[doc]
    path = real_build.root / "output" / lang / f"{doc}.pdf"
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == pages if pages > 0 else len(pdf.pages) >= -pages
        assert {size_mm(p) for p in pdf.pages} == {size}
        assert str(pdf.Root.Lang) == lang
        title = str(pdf.open_metadata().get("dc:title"))
        assert title == str(pdf.docinfo["/Title"]) and len(title) > 5
        assert "/StructTreeRoot" in pdf.Root  # tagged
    assert guess_language(text(path)) == lang


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_only_packaged_fonts_are_embedded(real_build: Project, doc: str, lang: str) -> None:
    for name in (f"{doc}.pdf", f"{doc}.print.pdf"):
        with _pdf(real_build, lang, name) as pdf:
            fonts = {}
            for page in pdf.pages:
                for font in page.obj.Resources.get("/Font", {}).values():
                    fonts[str(font.BaseFont)] = font
            assert fonts, name
            for base, font in fonts.items():
                assert "AtkinsonHyperlegible" in base.replace("-", ""), base
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert "/FontFile2" in descendant.FontDescriptor, f"{base} not embedded"


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_print_pdf_has_bleed_and_trim(real_build: Project, doc: str, lang: str) -> None:
    size, _ = DOCS[doc]
    with _pdf(real_build, lang, f"{doc}.print.pdf") as pdf:
        for page in pdf.pages:
            tx0, ty0, tx1, ty1 = box_mm(page, "/TrimBox")
            assert (round(tx1 - tx0), round(ty1 - ty0)) == size
            assert box_mm(page, "/BleedBox") == pytest.approx(
                (tx0 - 3, ty0 - 3, tx1 + 3, ty1 + 3), abs=0.15
            )
            mx0, my0, mx1, my1 = box_mm(page, "/MediaBox")
            assert mx0 < tx0 - 3 and my0 < ty0 - 3 and mx1 > tx1 + 3 and my1 > ty1 + 3
    notes = (real_build.root / "output" / lang / f"{doc}.print.txt").read_text()
    assert f"Trim size:  {size[0]} x {size[1]} mm" in notes
    assert "Bleed:      3 mm" in notes
    assert (
        "Colour:     PDF/X-4 in CMYK for FOGRA39 (offset on coated paper), its output intent; "
        "for other paper, convert to your own press condition\n"
        "Ink:        at most 300 % in total; black text and QR codes in black ink only; "
        "no spot colours\n"
    ) in notes


@pytest.mark.parametrize(("doc", "lang"), [(d, lang) for d in SHEETS for lang in LANGS])
def test_office_sheet(real_build: Project, doc: str, lang: str) -> None:
    with _pdf(real_build, lang, f"{doc}.sheet.pdf") as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            assert size_mm(page) == (210, 297)
            placements = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
            assert placements.count(b" Do") == SHEETS[doc]


def test_leaflet_fold_marks(real_build: Project) -> None:
    with _pdf(real_build, "fr", "union-leaflet.print.pdf") as pdf:
        for page, folds in zip(pdf.pages, ((97, 197), (100, 200)), strict=True):
            tx0 = float(page.TrimBox[0])
            ops = pikepdf.parse_content_stream(page)
            dashed_x = set()
            dashed = False
            for operands, op in ops:
                if op == pikepdf.Operator("d"):
                    dashed = len(operands[0]) > 0
                if op == pikepdf.Operator("m") and dashed:
                    dashed_x.add(round((float(operands[0]) - tx0) * 25.4 / 72))
            assert dashed_x == set(folds)


@pytest.mark.parametrize("doc", ["contact-card", "rights-day-poster"])
def test_qr_code_decodes_to_the_website(real_build: Project, doc: str) -> None:
    path = real_build.root / "output" / "nl" / f"{doc}.pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(path.read_bytes()))
    found = set()
    for page in pdf:
        image = page.render(scale=300 / 72).to_pil()
        for code in zxingcpp.read_barcodes(image):
            found.add(code.text)
            width_mm = (code.position.top_right.x - code.position.top_left.x) / 300 * 25.4
            assert width_mm >= 20, f"the QR code is only {width_mm:.1f} mm wide"
    assert found == {"https://www.utsopi.be"}


def test_the_shipped_project_says_nothing_but_its_sample_warnings(real_run: Run) -> None:
    """As WeasyPrint's assert_no_logs: anything else said on a sound build is a regression."""
    assert real_run.lines == [
        "content/site.yaml:24:5: warning: the contact 'phone' is a sample (+32 2 000 00 00); "
        "put the real one in content/site.yaml before printing",
        "content/site.yaml:28:5: warning: the contact 'email' is a sample "
        "(contact@example.org); put the real one in content/site.yaml before printing",
        "content/site.yaml:38:7: warning: the place of 'rights_day' is a sample; put the real "
        "one in content/site.yaml before printing",
    ]
    built = [line for line in real_run.out.splitlines() if line.startswith("built   ")]
    assert len(built) == 42
    assert real_run.out.splitlines()[-1].startswith(
        "42 built, 0 up to date, 0 failed, 0 error(s), 3 warning(s) in "
    )
