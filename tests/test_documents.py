"""The shipped documents, built once: read each PDF back and check what it promises."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from collections import Counter

import pikepdf
import pypdfium2
import pytest
import zxingcpp

from tests.helpers import ROOT, Project, Run
from tests.pdfs import MM, box_mm, guess_language, size_mm, text
from tract.source.load import load_project

SHIPPED, _ = load_project(ROOT)
assert SHIPPED is not None
LANGS = ("fr", "nl", "en")  # the reviewed ones, whose words tests.pdfs can recognise
# document id → (finished size in mm, pages: exact count or minimum)
DOCS = {
    "rights-flyer": ((105, 148), 2),
    "union-leaflet": ((297, 210), 2),
    "rights-day-poster": ((297, 420), 1),
    "contact-card": ((85, 55), 2),
    "history-report": ((210, 297), -8),
}
SHEETS = {"rights-flyer": 4, "contact-card": 10}
CASES = [(doc, lang) for doc in DOCS for lang in SHIPPED.documents[doc].languages]


def _script_share(content: str, lang: str) -> float:
    """The share of the letters of a text written in its language's script (CLDR's)."""
    word = SHIPPED.lang[lang].script_name.upper()
    letters = [c for c in content if unicodedata.category(c)[0] == "L"]
    return sum(unicodedata.name(c, "").startswith(word) for c in letters) / len(letters)


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
    if lang in LANGS:
        assert guess_language(text(path)) == lang
    else:  # in its script, but for the names and contacts in Latin letters
        content = text(path)
        own, latin = _script_share(content, lang), _script_share(content, "fr")
        assert own > 0.6 and (own == latin or own + latin == pytest.approx(1)), lang


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_only_packaged_fonts_are_embedded(real_build: Project, doc: str, lang: str) -> None:
    for name in (f"{doc}.pdf", f"{doc}.print.pdf"):
        with _pdf(real_build, lang, name) as pdf:
            fonts = {}
            for page in pdf.pages:
                for font in page.obj.Resources.get("/Font", {}).values():
                    fonts[str(font.BaseFont)] = font
            assert fonts, name
            families = tuple(f.postscript_prefix for f in SHIPPED.lang[lang].stack)
            for base, font in fonts.items():
                assert base.split("+")[-1].replace("-", "").lower().startswith(families), base
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


@pytest.mark.parametrize(("doc", "lang"), [(d, lang) for d, lang in CASES if d in SHEETS])
def test_office_sheet(real_build: Project, doc: str, lang: str) -> None:
    with _pdf(real_build, lang, f"{doc}.sheet.pdf") as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            assert size_mm(page) == (210, 297)
            placements = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
            assert placements.count(b" Do") == SHEETS[doc]


# the leaflet's folds in mm from the left edge, outside and inside, by writing direction
FOLDS = {"ltr": ((97, 197), (100, 200)), "rtl": ((100, 200), (97, 197))}


@pytest.mark.parametrize(
    ("lang", "outside", "inside"), [("fr", *FOLDS["ltr"]), ("ar", *FOLDS["rtl"])]
)
def test_leaflet_fold_marks(
    real_build: Project, lang: str, outside: tuple[int, int], inside: tuple[int, int]
) -> None:
    """Right to left the leaflet opens the other way: its folds are mirrored, so the flap
    still backs the inside right in duplex."""
    with _pdf(real_build, lang, "union-leaflet.print.pdf") as pdf:
        for page, folds in zip(pdf.pages, (outside, inside), strict=True):
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
        "content/site.yaml:47:5: warning: the contact 'phone' is a sample (+32 2 000 00 00); "
        "put the real one in content/site.yaml before printing",
        "content/site.yaml:51:5: warning: the contact 'email' is a sample "
        "(contact@example.org); put the real one in content/site.yaml before printing",
        "content/site.yaml:61:7: warning: the place of 'rights_day' is a sample; put the real "
        "one in content/site.yaml before printing",
    ]
    built = [line for line in real_run.out.splitlines() if line.startswith("built   ")]
    assert len(built) == 114  # 92 PDFs and 22 images (the poster in 3 languages, the flyer in 8)
    assert real_run.out.splitlines()[-1].startswith(
        "114 built, 0 up to date, 0 failed, 0 error(s), 3 warning(s) in "
    )


def _text_rects(path: object, index: int) -> list[tuple[float, float, float, float]]:
    pdf = pypdfium2.PdfDocument(path)
    page = pdf[index]
    found = page.get_textpage()
    count = found.count_rects()
    rects = [found.get_rect(i) for i in range(count)]
    found.close(), page.close(), pdf.close()
    return rects


@pytest.mark.parametrize("doc", ["rights-flyer", "contact-card"])
def test_arabic_lines_align_right(real_build: Project, doc: str) -> None:
    """More lines share their right edge than their left edge, the other way from French."""
    for lang, right in (("ar", True), ("fr", False)):
        rects = _text_rects(real_build.root / "output" / lang / f"{doc}.pdf", 1)
        lefts = Counter(round(r[0]) for r in rects).most_common(1)[0][1]
        rights = Counter(round(r[2]) for r in rects).most_common(1)[0][1]
        assert (rights > lefts) == right, (lang, lefts, rights)


def test_arabic_leaflet_cover_is_on_the_left_of_the_outside(real_build: Project) -> None:
    for lang, on_left in (("ar", True), ("fr", False)):
        pdf = pypdfium2.PdfDocument(real_build.root / "output" / lang / "union-leaflet.pdf")
        page = pdf[0]
        width = page.get_width()
        found = page.get_textpage()
        start = found.get_text_range().index("UTSOPI")  # the cover's large name comes first
        left, _, right, _ = found.get_charbox(start + 5)
        assert (right < width / 3) == on_left, (lang, left, right, width)


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_no_text_runs_off_the_page(real_build: Project, doc: str, lang: str) -> None:
    """Every line of text lies within the page's width, on screen and on the discreet outside
    (in WeasyPrint 70, centred flex items of unmeasured width once put the Arabic card's name
    half off its right edge)."""
    declared = SHIPPED.documents[doc].variants
    for suffix in (".pdf", ".discreet.pdf") if "discreet" in declared else (".pdf",):
        pdf = pypdfium2.PdfDocument(real_build.root / "output" / lang / f"{doc}{suffix}")
        for number, page in enumerate(pdf, start=1):
            found = page.get_textpage()
            rects = [found.get_rect(i) for i in range(found.count_rects())]
            off = [r for r in rects if r[0] < -0.01 or r[2] > page.get_width() + 0.01]
            assert not off, (suffix, number, off)


@pytest.mark.parametrize(
    ("lang", "outside", "inside"),
    [
        (lang, *FOLDS[SHIPPED.lang[lang].direction])
        for lang in SHIPPED.documents["union-leaflet"].languages
    ],
)
def test_leaflet_text_stays_in_its_panel(
    real_build: Project, lang: str, outside: tuple[int, int], inside: tuple[int, int]
) -> None:
    """The panels are exactly their declared widths, side by side in the declared order: every
    line of text keeps the safe distance (8 mm at least) from the folds and edges of its panel."""
    pdf = pypdfium2.PdfDocument(real_build.root / "output" / lang / "union-leaflet.pdf")
    for page, folds in zip(pdf, (outside, inside), strict=True):
        edges = (0, *folds, 297)
        found = page.get_textpage()
        for i in range(found.count_rects()):
            left, _, right, _ = (v / MM for v in found.get_rect(i))
            if right - left > 100:  # the DRAFT mark, across the page: wider than any panel
                continue
            assert any(a + 8 <= left and right <= b - 8 for a, b in itertools.pairwise(edges)), (
                found.get_text_bounded(*found.get_rect(i)),
                round(left, 1),
                round(right, 1),
            )


def test_a_release_build_refuses_the_unreviewed_languages_by_name(real_build: Project) -> None:
    result = real_build.run("--doc", "contact-card", "--lang", "th")
    assert result.code == 1
    assert (
        "content/contact-card/th.yaml:1:1: error: the Thai (th) contact-card is an unreviewed "
        "draft: a reviewer who reads Thai checks it and confirms it with python build.py "
        "translated --lang th --doc contact-card; until then build it with --draft"
    ) in result.lines


def test_side_by_side_pictures_of_arabic_come_from_the_arabic_layout(real_build: Project) -> None:
    """Arabic comes out of a PDF in visual order, so a search of its text finds nothing: the
    pictures are placed where the layout printed each string."""
    assert real_build.run("status", "--lang", "ar", "--doc", "rights-flyer").code == 0
    page = (real_build.root / "output/translate/ar/rights-flyer.html").read_text(encoding="utf-8")
    assert page.count('<td class="text" lang="ar" dir="rtl">') == page.count("<tr class=")
    pictures = re.findall(r'<img src="([^"]+)" alt="page (\d)"', page)
    rows = re.findall(r'<tr class="\w+" id="([\w.]+)">', page)
    # the PDF's metadata, the discreet variant's outside and the words for the images for
    # phones are not on the screen PDF's pages
    elsewhere = ("discreet.", "share.")
    printed = [k for k in rows if k not in ("title", "subject") and not k.startswith(elsewhere)]
    assert len(pictures) == len(printed) > 10
    assert {src for src, _ in pictures} == {
        "../../previews/ar/rights-flyer-1.png",
        "../../previews/ar/rights-flyer-2.png",
    }


def test_the_leaflet_s_qr_code_stays_in_its_panel_in_every_language(real_build: Project) -> None:
    """The back panel is the middle one whichever way the leaflet opens; WeasyPrint once put
    a right-to-left QR row past it, over the next panel's text."""
    for lang in ("fr", "nl", "en", "ro", "bg", "es", "th", "ar"):
        pdf = pypdfium2.PdfDocument(real_build.root / "output" / lang / "union-leaflet.pdf")
        squares = []
        for found in pdf[0].get_objects(max_depth=8):
            if found.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH:
                left, bottom, right, top = (v / MM for v in found.get_bounds())
                if 25 < right - left < 45 and 25 < top - bottom < 45:
                    squares.append((left, right))
        assert squares, lang  # the QR code, and the white square behind it
        assert all(left >= 97 and right <= 200 for left, right in squares), (lang, squares)
