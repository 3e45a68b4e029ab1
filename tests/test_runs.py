"""Each line's glyphs in one run (finish/runs.py), on Arabic WeasyPrint lays out here: words
with a mark the font lifts or a letter its kerning moves read as written in pdfium, poppler and
pypdf once those glyphs are moved copies in line, and every glyph is drawn where it was."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import fontpkg_ibm_plex_sans_arabic
import pikepdf
import pytest
from fontTools.ttLib import TTFont

from tests.readers import READERS, arabic_words, pdfium
from tests.stages import job
from tract.finish.ligatures import cmap_text, readable_ligatures
from tract.finish.runs import cid_widths, glyphs_in_line
from tract.layout.weasy import lay_out

FONTS = Path(fontpkg_ibm_plex_sans_arabic.__file__).parent / "files"
# a shadda, tanwin and damma the font lifts; reh, zain and dal that it sets apart by kerning
TEXT = (
    "موافقتكم مهمّة. ولكم أيضًا الحق في إعانة البطالة. العمل مع الآخرين مسموح. "
    "البريد الإلكتروني. امسحوا الرمز لزيارة موقعنا. لا يملكون أوراقًا. يُعاقَب."
)
Ink = tuple[str, tuple[float, float, float, float]]


def _html(text: str, lang: str = "ar", direction: str = "rtl") -> str:
    faces = "".join(
        f"@font-face {{ font-family: A; font-weight: {weight};"
        f" src: url({(FONTS / f'IBMPlexSansArabic-{face}.ttf').as_uri()}) }}"
        for weight, face in ((400, "Regular"), (700, "Bold"))
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><title>t</title><style>'
        f"{faces} @page {{ size: 105mm 148mm; margin: 10mm }} body {{ font: 12.67pt A }}"
        f"</style></head><body><p>{text}</p><p><b>{text}</b></p></body></html>"
    )


def _laid(tmp_path: Path, html: str) -> bytes:
    return lay_out(job(tmp_path, "screen", html, allowed_dirs=(str(tmp_path), str(FONTS)))).pdf


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The Arabic as WeasyPrint writes it."""
    return _laid(tmp_path_factory.mktemp("runs"), _html(TEXT))


@pytest.fixture(scope="module")
def built(written: bytes) -> bytes:
    """The same PDF finished as the build finishes a right-to-left document."""
    return readable_ligatures(glyphs_in_line(written))


def test_every_word_reads_as_written(written: bytes, built: bytes) -> None:
    words = arabic_words(TEXT)
    broken = words - arabic_words(pdfium(readable_ligatures(written)))
    assert {"مهمّة", "أيضًا", "أوراقًا", "يُعاقَب"} <= broken  # a lifted mark lands elsewhere
    for name, read in READERS.items():
        assert words - arabic_words(read(built)) == set(), name


def test_no_glyph_is_lifted_or_set_apart_and_a_line_is_one_run(
    written: bytes, built: bytes
) -> None:
    assert [n > 5 for n in _shown(written)] == [True, True, False]  # WeasyPrint splits runs
    assert _shown(built) == (0, 0, 0)


def _shown(pdf: bytes) -> tuple[int, int, int]:
    """Glyphs lifted by a text rise; moves of over a thousandth of an em to the right between
    two glyphs, not after a space; TJs that follow a TJ (one run, split)."""
    lifted = apart = split = 0
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            text = {n: cmap_text(f.ToUnicode.read_bytes()) for n, f in page.Resources.Font.items()}
            font: dict[int, str] = {}
            before = ""
            for operands, op in pikepdf.parse_content_stream(page):
                lifted += str(op) == "Ts" and operands[0] != 0
                split += str(op) == before == "TJ"
                before = str(op)
                font = text[str(operands[0])] if str(op) == "Tf" else font
                if str(op) == "TJ":
                    apart += _apart(operands[0], font)
    return lifted, apart, split


def _apart(array: pikepdf.Array, text: dict[int, str]) -> int:
    count, previous, move = 0, None, 0.0
    for item in array:
        if not isinstance(item, pikepdf.String):
            move += float(item)
            continue
        if not bytes(item):
            continue
        count += previous not in (None, " ") and move < -1
        codes = bytes(item)
        previous, move = text[int.from_bytes(codes[-2:], "big")], 0.0
    return count


def test_every_glyph_is_drawn_where_it_was(written: bytes) -> None:
    before, after = _inks(written), _inks(glyphs_in_line(written))
    assert len(before) == len(after) > 100
    unmatched = defaultdict(list)
    for text, box in after:
        unmatched[text].append(box)
    for text, box in before:
        near = [
            b
            for b in unmatched[text]
            if max(abs(p - q) for p, q in zip(b, box, strict=True)) < 0.01
        ]
        assert near, (text, box)
        unmatched[text].remove(near[0])


def test_a_moved_glyph_is_as_wide_in_the_pdf_as_in_its_font(written: bytes, built: bytes) -> None:
    def fonts(pdf: bytes) -> dict[str, tuple[TTFont, dict[int, float], dict[int, str]]]:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return {
                str(name): (
                    TTFont(io.BytesIO(f.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes())),
                    cid_widths(f.DescendantFonts[0].W),
                    cmap_text(f.ToUnicode.read_bytes()),
                )
                for name, f in doc.pages[0].Resources.Font.items()
            }

    before = fonts(written)
    for name, (program, widths, text) in fonts(built).items():
        order, upem = program.getGlyphOrder(), program["head"].unitsPerEm
        moved = range(len(before[name][0].getGlyphOrder()), len(order))
        assert len(moved) > 3 and program["maxp"].numGlyphs == len(order)
        for gid in moved:
            (part,) = program["glyf"][order[gid]].components
            assert widths[gid] == program["hmtx"][order[gid]][0] * 1000 / upem
            assert text[gid] == text[program.getGlyphID(part.glyphName)]


def test_nothing_to_move_gives_the_same_bytes(tmp_path: Path, built: bytes) -> None:
    latin = _laid(tmp_path, _html("Elke maand ontmoetingen, alleen voor sekswerkers.", "nl", "ltr"))
    assert glyphs_in_line(latin) == latin
    assert glyphs_in_line(built) == built  # done once: nothing left to move


def test_the_same_input_gives_the_same_bytes(written: bytes, built: bytes) -> None:
    assert readable_ligatures(glyphs_in_line(written)) == built


def _inks(pdf: bytes) -> list[Ink]:
    """Each glyph the pages show, by its text, and the box its outline fills in text space
    after Tm (the CTM is the same in both files): from the glyph's bounds in the font
    program, the moves in the TJ and the text rise, as a renderer places it."""
    inks: list[Ink] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            fonts = {name: _Font(font) for name, font in page.Resources.Font.items()}
            font, size, rise, x, matrix = None, 1.0, 0.0, 0.0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                assert name not in ("Td", "TD", "T*", "Tc", "Tw", "Tz", "Tj", "'", '"'), name
                if name == "Tm":
                    matrix, x = tuple(float(v) for v in operands), 0.0
                elif name == "Tf":
                    font, size = fonts[str(operands[0])], float(operands[1])
                elif name == "Ts":
                    rise = float(operands[0])
                elif name == "TJ" and font is not None:
                    for item in operands[0]:
                        if not isinstance(item, pikepdf.String):
                            x -= float(item) * size / 1000
                            continue
                        codes = bytes(item)
                        for k in range(0, len(codes), 2):
                            gid = int.from_bytes(codes[k : k + 2], "big")
                            x0, y0, x1, y1 = (v * size for v in font.bounds(gid))
                            box = _moved(matrix, x + x0, rise + y0, x + x1, rise + y1)
                            inks.append((font.text[gid], box))
                            x += float(font.widths[gid]) * size / 1000
    return inks


class _Font:
    def __init__(self, font: pikepdf.Object) -> None:
        cid_font = font.DescendantFonts[0]
        self.program = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
        self.widths = cid_widths(cid_font.W)
        self.text = cmap_text(font.ToUnicode.read_bytes())

    def bounds(self, gid: int) -> tuple[float, float, float, float]:
        """A glyph's outline box, in ems."""
        glyph = self.program["glyf"][self.program.getGlyphOrder()[gid]]
        upem = self.program["head"].unitsPerEm
        if not hasattr(glyph, "xMin"):  # no outline (a space)
            return (0.0, 0.0, 0.0, 0.0)
        return (glyph.xMin / upem, glyph.yMin / upem, glyph.xMax / upem, glyph.yMax / upem)


def _moved(m: tuple[float, ...], x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
    xs = [m[0] * x + m[2] * y + m[4] for x in (x0, x1) for y in (y0, y1)]
    ys = [m[1] * x + m[3] * y + m[5] for x in (x0, x1) for y in (y0, y1)]
    return (min(xs), min(ys), max(xs), max(ys))
