"""The print shop's files: PDF/X-4 with the FOGRA39 output intent, the theme's CMYK colours,
black text and QR codes in black ink only, our preflight, and a print that looks like the
screen."""

from __future__ import annotations

import base64
import io
import math
import re
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageCms, ImageStat

from tests.helpers import ROOT, Project
from tests.test_documents import CASES
from tract.finish.preflight import preflight
from tract.finish.press import CONDITION, INK_LIMIT, PROFILE, output_intent
from tract.problems import Problem
from tract.render.context import language_contexts
from tract.render.resolve import resolve
from tract.render.templates import environment, render
from tract.source.load import load_project, load_theme
from tract.source.theme import Colour

TEMPLATE = "templates/note.html.j2"
SRGB = ImageCms.createProfile("sRGB")
LAB = ImageCms.createProfile("LAB", 5000)
FOGRA39 = ImageCms.getOpenProfile(str(PROFILE))
RELATIVE = ImageCms.Intent.RELATIVE_COLORIMETRIC


def _print_pdf(project: Project, doc: str, lang: str) -> Path:
    return project.root / "output" / lang / f"{doc}.print.pdf"


def _colour_operators(path: Path) -> set[str]:
    """Every colour operator on every page (and in the forms they draw), with its colour
    space where one is named: {"k", "rg", "cs /DeviceCMYK", …}."""
    found = set()
    with pikepdf.open(path) as pdf:
        streams = [*pdf.pages, *(o for o in pdf.objects if o.get("/Subtype") == "/Form")]
        for stream in streams:
            for operands, operator in pikepdf.parse_content_stream(
                stream, "rg RG k K g G cs CS sc scn SC SCN"
            ):
                op = str(operator)
                found.add(f"{op} {operands[0]}" if op in ("cs", "CS") else op)
    return found


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_every_print_pdf_is_pdf_x4_for_fogra39_and_passes_the_preflight(
    real_build: Project, doc: str, lang: str
) -> None:
    path = _print_pdf(real_build, doc, lang)
    assert preflight(path.read_bytes()) == []
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == "1.6"
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == CONDITION == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert intent.DestOutputProfile.read_bytes() == PROFILE.read_bytes()
        assert intent.DestOutputProfile.N == 4
        assert pdf.open_metadata().get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert pdf.docinfo.Trapped == "/False"
        assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == "D:20000101000000Z"
    assert not _colour_operators(path) & {"rg", "RG", "cs /DeviceRGB", "CS /DeviceRGB"}


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_screen_pdfs_stay_srgb(real_build: Project, doc: str, lang: str) -> None:
    path = real_build.root / "output" / lang / f"{doc}.pdf"
    operators = _colour_operators(path)
    assert "rg" in operators
    assert not operators & {"k", "K", "cs /DeviceCMYK", "CS /DeviceCMYK"}
    with pikepdf.open(path) as pdf:
        assert "/OutputIntents" not in pdf.Root


def _proofs(pdf: Path, *options: str) -> list[Image.Image]:
    """The pages as poppler draws them at 24 dpi."""
    out = pdf.parent / f".proof-{pdf.name}"
    subprocess.run(["pdftoppm", "-png", "-r", "24", *options, str(pdf), str(out)], check=True)
    pages = sorted(pdf.parent.glob(f"{out.name}-*.png"))
    images = [Image.open(p).convert("RGB") for p in pages]
    for p in pages:
        p.unlink()
    return images


def _trimmed(image: Image.Image, page: pikepdf.Page, size: tuple[int, int]) -> Image.Image:
    """The finished page of a proof of a print page (without bleed, slug and marks)."""
    mx0, my0, mx1, my1 = (float(v) for v in page.MediaBox)
    tx0, ty0, tx1, ty1 = (float(v) for v in page.TrimBox)
    sx, sy = image.width / (mx1 - mx0), image.height / (my1 - my0)
    box = (tx0 - mx0) * sx, (my1 - ty1) * sy, (tx1 - mx0) * sx, (my1 - ty0) * sy
    return image.crop(tuple(round(v) for v in box)).resize(size)


def _mean_lab(image: Image.Image) -> tuple[float, float, float]:
    mean = tuple(round(v) for v in ImageStat.Stat(image).mean)
    to_lab = ImageCms.buildTransform(SRGB, LAB, "RGB", "LAB", RELATIVE)
    lightness, a, b = ImageCms.applyTransform(Image.new("RGB", (1, 1), mean), to_lab).getpixel(
        (0, 0)
    )
    return lightness / 2.55, a - 128, b - 128


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_the_print_looks_like_the_screen(real_build: Project, doc: str, lang: str) -> None:
    """Each print page, proofed through the profile the way a print shop's screen shows it,
    against the screen PDF's page: the same colours in the same places."""
    output = real_build.root / "output" / lang
    screens = _proofs(output / f"{doc}.pdf")
    prints = _proofs(output / f"{doc}.print.pdf", "-defaultcmykprofile", str(PROFILE))
    with pikepdf.open(output / f"{doc}.print.pdf") as pdf:
        trimmed = [
            _trimmed(p, page, s.size) for p, page, s in zip(prints, pdf.pages, screens, strict=True)
        ]
    assert len(trimmed) == len(screens) > 0
    for number, (screen, proof) in enumerate(zip(screens, trimmed, strict=True), start=1):
        shift = math.dist(_mean_lab(screen), _mean_lab(proof))
        assert shift < 8, f"page {number}: the print's colours are ΔE {shift:.1f} off"
        pixels = ImageStat.Stat(ImageChops.difference(screen, proof).convert("L")).mean[0]
        assert pixels < 20, f"page {number}: the print differs by {pixels:.0f} a pixel"


@pytest.mark.parametrize("doc", ["contact-card", "rights-day-poster"])
def test_the_printed_qr_code_still_decodes(real_build: Project, doc: str) -> None:
    pdf = pypdfium2.PdfDocument(io.BytesIO(_print_pdf(real_build, doc, "fr").read_bytes()))
    found = {
        code.text for page in pdf for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    }
    assert found == {"https://www.utsopi.be"}


def test_qr_codes_are_black_ink_only_in_print() -> None:
    """The QR code's SVG as each layout gets it: in print, modules in black ink alone on no
    ink at all; on screen, black on white as before."""
    project, problems = load_project(ROOT)
    assert project is not None and not problems
    resolved = resolve(project, language_contexts(project), "contact-card", "en", draft=False)
    svgs = {}
    for variant in ("screen", "print"):
        html, found = render(environment(ROOT / "templates"), resolved, variant, ROOT)
        assert html is not None, found
        (data,) = set(re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html))
        svgs[variant] = base64.b64decode(data).decode()
    assert 'stroke="device-cmyk(0 0 0 1)" fill="device-cmyk(0 0 0 1)"' in svgs["print"]
    assert '<path fill="device-cmyk(0 0 0 0)"' in svgs["print"]
    assert "#" not in svgs["print"]
    assert 'stroke="#000000" fill="#000000"' in svgs["screen"]


def test_a_rebuild_gives_the_same_print_pdfs(real_build: Project) -> None:
    docs = ("contact-card", "history-report")
    before = {d: _print_pdf(real_build, d, "nl").read_bytes() for d in docs}
    flags = ("--force", "--draft", "--lang", "nl")  # as real_build was made
    result = real_build.run(*flags, "--doc", docs[0], "--doc", docs[1])
    assert result.code == 0, result.err
    for doc in docs:
        assert _print_pdf(real_build, doc, "nl").read_bytes() == before[doc], doc


def _through_profile(screen: str) -> tuple[int, ...]:
    """A screen colour as the print profile prints it, in whole percentages of each ink."""
    rgb = tuple(int(screen[i : i + 2], 16) for i in (1, 3, 5))
    to_cmyk = ImageCms.buildTransform(SRGB, FOGRA39, "RGB", "CMYK", RELATIVE)
    cmyk = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), to_cmyk).getpixel((0, 0))
    return tuple(round(v / 2.55) for v in cmyk)


def _lightness(image: Image.Image, profile: object, mode: str) -> float:
    to_lab = ImageCms.buildTransform(profile, LAB, mode, "LAB", RELATIVE)
    return float(ImageCms.applyTransform(image, to_lab).getpixel((0, 0))[0]) / 2.55


def _k_only_problem(name: str, colour: Colour) -> str | None:
    """Black and grey in black ink alone: a K that prints the screen colour's lightness, or
    the darkest black ink where the screen colour is darker still."""
    rgb = tuple(int(colour.screen[i : i + 2], 16) for i in (1, 3, 5))
    wanted = _lightness(Image.new("RGB", (1, 1), rgb), SRGB, "RGB")
    k = colour.cmyk[3]
    printed = _lightness(Image.new("CMYK", (1, 1), (0, 0, 0, round(k * 2.55))), FOGRA39, "CMYK")
    if abs(printed - wanted) <= 2 or (k == 100 and wanted < printed):
        return None
    return f"{name}: K {k} % prints lightness {printed:.0f}, the screen colour is {wanted:.0f}"


def test_each_print_colour_is_its_screen_colour_through_the_profile() -> None:
    """Derived once from the screen value, relative colorimetric: a designer who changes a
    screen colour learns here what its print value becomes."""
    problems: list[Problem] = []
    theme = load_theme(ROOT, problems)
    assert not problems and theme is not None and theme.colours
    wrong = []
    for name, colour in theme.colours.items():
        assert sum(colour.cmyk) <= INK_LIMIT, name
        derived = _through_profile(colour.screen)
        if colour.alpha == 0:
            continue  # no colour at all: any value prints nothing
        if colour.cmyk[:3] == (0, 0, 0) and colour.cmyk[3] > 0:
            wrong.append(_k_only_problem(name, colour))
        elif any(abs(a - b) > 1 for a, b in zip(colour.cmyk, derived, strict=True)):
            wrong.append(f"{name}: {list(colour.cmyk)}, through the profile {list(derived)}")
    assert [w for w in wrong if w] == []


def test_the_ink_limit_is_the_profiles() -> None:
    """The darkest colour the profile makes, the screen's black, stays within INK_LIMIT."""
    assert 290 <= sum(_through_profile("#000000")) <= INK_LIMIT


def test_templates_name_their_colours_from_the_theme() -> None:
    """A colour written into a stylesheet would print as RGB: only var(--name) may be used."""
    literal = re.compile(
        r"#[0-9a-fA-F]{3,8}\b|\b(rgba?|hsla?|hwb|device-cmyk)\(|:\s*(white|black)\b"
    )
    for css in sorted((ROOT / "templates").glob("*.css")):
        for number, line in enumerate(css.read_text(encoding="utf-8").splitlines(), start=1):
            assert not literal.search(line.split("/*")[0]), f"{css.name}:{number}: {line}"
    used = {
        m
        for css in (ROOT / "templates").glob("*.css")
        for m in re.findall(r"var\(--([a-z-]+)\)", css.read_text(encoding="utf-8"))
    }
    problems: list[Problem] = []
    theme = load_theme(ROOT, problems)
    assert theme is not None
    colours = set(theme.colours)
    assert colours - used <= {"black"}, "colours nobody uses"  # black: the QR codes'


def _crafted(content: bytes, *, intent: bool = True, xmp: bool = True, trim: bool = True) -> bytes:
    """A one-page PDF drawing `content`, PDF/X-4 in every other way unless told otherwise.
    Resources: /Fm a form that shows text, /Im an RGB image, /F1 a font not embedded."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(100, 100))
        page = pdf.pages[0]
        page.obj.BleedBox = pikepdf.Array([0, 0, 100, 100])
        if trim:
            page.obj.TrimBox = pikepdf.Array([5, 5, 95, 95])
        form = pikepdf.Stream(pdf, b"BT (x) Tj ET")
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 9, 9]
        image = pikepdf.Stream(pdf, b"\xff\x00\x00")
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width = image.Height = 1
        image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form, Im=image))
        if b"/F1" in content:
            font = pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1)
            )
            font.BaseFont = pikepdf.Name.Helvetica
            page.obj.Resources.Font = pikepdf.Dictionary(F1=font)
        page.obj.Contents = pikepdf.Stream(pdf, content)
        if intent:
            pdf.Root.OutputIntents = pikepdf.Array([output_intent(pdf)])
        if xmp:
            with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


RGB = "in print every colour must be CMYK, from templates/theme.yaml"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"0 0 0 1 k 0 0 9 9 re f BT (x) Tj ET 0.4 0.2 0.1 0.6 K", []),
        (b"1 0 0 rg 0 0 9 9 re f", [f"page 1 has RGB colour (1 0 0 rg); {RGB}"]),
        (b"/DeviceRGB CS 0 1 0 SC 0 0 9 9 re S", [f"page 1 has RGB colour (/DeviceRGB CS); {RGB}"]),
        (
            b"0.6 0.5 0.4 1 k BT (x) Tj ET",
            [
                "page 1 has text in rich black (cyan 60 %, magenta 50 %, yellow 40 %, "
                "black 100 %); black text must be black ink only"
            ],
        ),
        (b"0 0 0 1 k q 0.6 0.5 0.4 1 k Q BT (x) Tj ET", []),  # Q restores the K-only black
        (
            b"0.6 0.5 0.4 1 k /Fm Do",  # the form's text inherits the page's rich black
            [
                "page 1 has text in rich black (cyan 60 %, magenta 50 %, yellow 40 %, "
                "black 100 %); black text must be black ink only"
            ],
        ),
        (
            b"0.9 0.9 0.9 0.5 k 0 0 9 9 re f",
            [
                "page 1 has a colour of 320 % ink (cyan 90 %, magenta 90 %, yellow 90 %, "
                "black 50 %), over the 300 % FOGRA39 allows"
            ],
        ),
        (b"q 9 0 0 9 0 0 cm /Im Do Q", ["page 1 has an RGB image; images in print must be CMYK"]),
        (b"BT /F1 9 Tf (x) Tj ET", ["the font Helvetica is not embedded"]),
    ],
)
def test_the_preflight_says_what_a_print_shop_would_refuse(
    content: bytes, expected: list[str]
) -> None:
    assert preflight(_crafted(content)) == expected


def test_the_preflight_wants_the_output_intent_the_xmp_and_the_boxes() -> None:
    assert preflight(_crafted(b"", intent=False, xmp=False, trim=False)) == [
        "it has no PDF/X output intent (GTS_PDFX) with a CMYK profile",
        "its XMP metadata does not say PDF/X-4 (pdfxid:GTS_PDFXVersion)",
        "page 1 has no TrimBox",
    ]


def test_a_print_pdf_that_fails_the_preflight_is_not_published(minimal: Project) -> None:
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]")
    minimal.edit(TEMPLATE, "<h1>", '<h1 style="color: red">')
    result = minimal.run("--lang", "en")
    assert result.code == 1
    assert result.lines == [
        f"{TEMPLATE}:1:1: error: en note: the print PDF page 1 has RGB colour (1 0 0 rg); {RGB}"
    ]
    assert (minimal.root / "output/en/note.pdf").is_file()
    assert not _print_pdf(minimal, "note", "en").exists()
    assert not (minimal.root / "output/en/note.print.txt").exists()


def test_check_preflights_the_print_pdfs_already_built(minimal: Project) -> None:
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]")
    assert minimal.run("--lang", "nl").code == 0
    assert minimal.run("check", "--lang", "nl").code == 0
    path = _print_pdf(minimal, "note", "nl")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root.OutputIntents
        pdf.save(path)
    result = minimal.run("check", "--lang", "nl")
    assert result.code == 1
    assert result.lines == [
        "output/nl/note.print.pdf:1:1: error: it has no PDF/X output intent (GTS_PDFX) with a "
        "CMYK profile"
    ]
