"""Text that copies, searches and reads aloud right: each line's glyphs drawn in one run, on
the baseline, with no gap inside an Arabic word.

WeasyPrint draws a mark that the font sets higher over its letter (the shadda of "مهمّة", the
tanwin of "أيضًا", a Thai tone mark over a vowel) as a text object of its own, lifted by a text
rise, and moves a letter the font's kerning sets apart (the final reh of "البريد") with a move
in the TJ before it. pdfium (the viewer of Chromium-based browsers) and poppler find lines and
spaces by position: the lifted mark lands after the letters that follow it, and a move wider
than about half a space is read as a space, so those words copy broken ("ّ مهمة", "البر يد").

The same drawing can be written so that every reader meets a word's glyphs in order: each
such glyph becomes a glyph of its own in the embedded font, a TrueType composite that draws the
font's glyph at that offset with its advance widened by the move, and consecutive TJs are one.
The page is drawn the same (tested); the new glyph's width in /W is its width in the font, and
the ToUnicode map gives it the text of the glyph it draws.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pikepdf
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from tract.finish.ligatures import cmap_text, with_bfchars
from tract.finish.marks import content_holders, saved
from tract.source.writing import right_to_left

Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage
TJ, TS, TF = pikepdf.Operator("TJ"), pikepdf.Operator("Ts"), pikepdf.Operator("Tf")


@dataclass(frozen=True)
class _Glyph:
    """A glyph a TJ shows: its code, the glyph id (Identity-H, CIDToGIDMap Identity), and how
    far a text rise lifts it, in TJ units (thousandths of the font size)."""

    gid: int
    rise: Decimal = Decimal(0)


Item = _Glyph | Decimal  # a glyph, or a move (TJ units, to the left)


@dataclass(frozen=True)
class _Run:
    """The glyphs and moves of the TJs that follow one another in one font: one TJ."""

    font: _Font
    items: tuple[Item, ...]


def glyphs_in_line(pdf: bytes) -> bytes:
    """The PDF with every lifted glyph, and every right-to-left glyph moved apart from the one
    before it, drawn by a moved copy in its font, in line; the same bytes when there is none."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        fonts: dict[tuple[int, int], _Font] = {}
        changed = [_rewrite(doc, holder, fonts) for holder in content_holders(doc)]
        if not any(changed):
            return pdf
        for font in fonts.values():
            font.embed()
        return saved(doc)


class _Font:
    """An embedded TrueType font, and the moved copies of its glyphs the rewrite asks for."""

    def __init__(self, font: pikepdf.Object) -> None:
        self.font = font
        self.cid_font = font.DescendantFonts[0]
        program = self.cid_font.FontDescriptor.FontFile2.read_bytes()
        self.program = TTFont(io.BytesIO(program), recalcTimestamp=False)
        self.scale = Decimal(self.program["head"].unitsPerEm) / 1000  # font units per TJ unit
        self.text = cmap_text(font.ToUnicode.read_bytes())
        self.widths = cid_widths(self.cid_font.get("/W", pikepdf.Array()))
        self.default_width = Decimal(str(self.cid_font.get("/DW", 1000)))
        self.first_free = len(self.program.getGlyphOrder())
        self.added: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def usable(font: pikepdf.Object) -> bool:
        """Whether codes are glyph ids of an embedded TrueType program with known text."""
        if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
            return False
        cid_font = font.DescendantFonts[0]
        return (
            "/ToUnicode" in font
            and cid_font.get("/Subtype") == "/CIDFontType2"
            and cid_font.get("/CIDToGIDMap", pikepdf.Name.Identity) == "/Identity"
            and "/FontFile2" in cid_font.FontDescriptor
        )

    def moved(self, gid: int, dx: int, dy: int) -> int:
        """The code of a copy of glyph gid drawn dx, dy font units away, dx wider."""
        return self.added.setdefault((gid, dx, dy), self.first_free + len(self.added))

    def embed(self) -> None:
        """Add the moved copies to the font program, /W and the ToUnicode map."""
        if not self.added:
            return
        order = list(self.program.getGlyphOrder())
        glyf, hmtx = self.program["glyf"], self.program["hmtx"]
        names = set(order)
        widths, text = pikepdf.Array(self.cid_font.get("/W", pikepdf.Array())), {}
        for (gid, dx, dy), code in self.added.items():
            pen = TTGlyphPen(names)
            pen.addComponent(order[gid], (1, 0, 0, 1, dx, dy))
            name = f"{order[gid]}.moved{code}"
            order.append(name)
            glyf.glyphs[name] = pen.glyph(componentFlags=0)  # no rounding to the pixel grid
            advance, left = hmtx[order[gid]]
            hmtx.metrics[name] = (advance + dx, left + dx)
            width = self.widths.get(gid, self.default_width) + dx / self.scale
            widths.extend(pikepdf.Array([code, [width]]))
            text[code] = self.text[gid]
        self.program.setGlyphOrder(order)
        glyf.glyphOrder = order
        out = io.BytesIO()
        self.program.save(out)
        file = self.cid_font.FontDescriptor.FontFile2
        file.write(out.getvalue())
        file.Length1 = len(out.getvalue())
        self.cid_font.W = widths
        self.font.ToUnicode.write(with_bfchars(self.font.ToUnicode.read_bytes(), text))


def cid_widths(array: Iterable[pikepdf.Object]) -> dict[int, Decimal]:
    """A CIDFont's /W array as code → width: `c [w1 w2 …]` and `c_first c_last w` entries."""
    widths: dict[int, Decimal] = {}
    items = list(array)
    while items:
        first, second = int(items[0]), items[1]
        if isinstance(second, pikepdf.Array):
            widths.update((first + k, Decimal(str(w))) for k, w in enumerate(second))
            items = items[2:]
        else:
            width = Decimal(str(items[2]))
            widths.update((code, width) for code in range(first, int(second) + 1))
            items = items[3:]
    return widths


def _rewrite(doc: pikepdf.Pdf, holder: pikepdf.Object, fonts: dict[tuple[int, int], _Font]) -> bool:
    """Rewrite one content stream in place; whether any glyph moved."""
    if not _may_move(holder):
        return False
    instructions = []
    changed = False
    for shown in _runs(holder, fonts):
        if isinstance(shown, _Run):
            items, moved = _in_line(shown)
            changed |= moved
            shown = pikepdf.ContentStreamInstruction([_array(items)], TJ)
        instructions.append(shown)
    if not changed:
        return False
    data = pikepdf.unparse_content_stream(instructions)
    if isinstance(holder, pikepdf.Stream):
        holder.write(data)
    else:
        holder.Contents = doc.make_stream(data)
    return True


def _may_move(holder: pikepdf.Object) -> bool:
    """Whether a stream lifts a glyph or shows right-to-left text: a quick look first, as
    most pages (Latin) do neither and reading every instruction costs 30 ms a PDF."""
    contents = holder if isinstance(holder, pikepdf.Stream) else holder.get("/Contents")
    parts = contents if isinstance(contents, pikepdf.Array) else [contents] if contents else []
    if any(re.search(rb"\bTs\b", part.read_bytes()) for part in parts):
        return True
    resources = holder.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
    return any(
        _Font.usable(font)
        and any(map(_right_to_left, cmap_text(font.ToUnicode.read_bytes()).values()))
        for font in resources.values()
    )


def _runs(
    holder: pikepdf.Object, fonts: dict[tuple[int, int], _Font]
) -> Iterator[_Run | Instruction]:
    """The stream's instructions, each lifted glyph's rise taken into the glyph, and the TJs
    that follow one another (so in one font) as one _Run."""
    resources = holder.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
    instructions = list(pikepdf.parse_content_stream(holder))
    font: _Font | None = None
    size, run, i = Decimal(1), list[Item](), 0
    while i < len(instructions):
        now = instructions[i]
        rise = _lift(instructions, i, font)
        if font is not None and (rise is not None or now.operator == TJ):
            shown = instructions[i + 1] if rise is not None else now
            run += _items(shown.operands[0], 1000 * (rise or 0) / size)
            i += 3 if rise is not None else 1
            continue
        if run and font is not None:
            yield _Run(font, tuple(run))
            run = []
        if now.operator == TF:
            font = _font(resources.get(str(now.operands[0])), fonts)
            size = Decimal(str(now.operands[1]))
        yield now
        i += 1
    if run and font is not None:
        yield _Run(font, tuple(run))


def _font(font: pikepdf.Object | None, fonts: dict[tuple[int, int], _Font]) -> _Font | None:
    if font is None or not _Font.usable(font):
        return None
    if font.objgen not in fonts:
        fonts[font.objgen] = _Font(font)
    return fonts[font.objgen]


def _lift(instructions: list[Instruction], i: int, font: _Font | None) -> Decimal | None:
    """The rise of a glyph WeasyPrint lifts (`r Ts [… g] TJ 0 Ts` at i), if its text is known."""
    if font is None or i + 2 >= len(instructions):
        return None
    lift, shown, back = instructions[i : i + 3]
    if (lift.operator, shown.operator, back.operator) != (TS, TJ, TS):
        return None
    rise = Decimal(str(lift.operands[0]))
    if rise == 0 or Decimal(str(back.operands[0])) != 0:
        return None
    glyphs = [g for g in _items(shown.operands[0], rise) if isinstance(g, _Glyph)]
    return rise if all(g.gid in font.text for g in glyphs) else None


def _items(array: pikepdf.Object, rise: Decimal) -> list[Item]:
    """A TJ operand's glyphs and moves; a string holds two-byte codes."""
    items: list[Item] = []
    for item in array:
        if isinstance(item, pikepdf.String):
            codes = bytes(item)
            items += (
                _Glyph(int.from_bytes(codes[k : k + 2], "big"), rise)
                for k in range(0, len(codes), 2)
            )
        else:
            items.append(Decimal(str(item)))
    return items


def _in_line(run: _Run) -> tuple[list[Item], bool]:
    """The run with each lifted glyph, and each right-to-left glyph a move to the right sets
    apart from the glyph before it, drawn by a moved copy; whether any was. The copy takes
    the move inside it, so only the rounding to whole font units is left in the TJ."""
    font, out, moves = run.font, list[Item](), list[Decimal]()
    before: str | None = None
    changed = False
    for item in run.items:
        if not isinstance(item, _Glyph):
            moves.append(item)
            continue
        text = font.text.get(item.gid, "")
        gap = -sum(moves, Decimal(0))  # TJ units to the right
        apart = before not in (None, " ") and gap > 0 and _right_to_left(text)
        dx, dy = round(gap * font.scale) if apart else 0, round(item.rise * font.scale)
        gid = item.gid
        if dx or dy:
            gid, changed = font.moved(item.gid, dx, dy), True
            rest = (dx / font.scale - gap).quantize(Decimal("0.000001"))
            moves = [rest] if rest else []
        out += moves
        out.append(_Glyph(gid))
        moves, before = [], text
    return out + moves, changed


def _right_to_left(text: str) -> bool:
    """A right-to-left letter, or marks only (set over or under one)."""
    return any(right_to_left(c) for c in text) or (
        bool(text) and all(unicodedata.category(c) == "Mn" for c in text)
    )


def _array(items: list[Item]) -> pikepdf.Array:
    """A TJ operand: glyph codes in a row as one string, moves as numbers."""
    out: list[bytes | Decimal] = []
    for item in items:
        if not isinstance(item, _Glyph):
            out.append(item)
        elif out and isinstance(out[-1], bytes):
            out[-1] += item.gid.to_bytes(2, "big")
        else:
            out.append(item.gid.to_bytes(2, "big"))
    return pikepdf.Array([pikepdf.String(o) if isinstance(o, bytes) else o for o in out])
