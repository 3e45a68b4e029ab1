"""Thai that copies and searches right: a glyph with no text gets the character it draws.

WeasyPrint gives the text of a cluster of glyphs to its first glyph and the empty string to
the others, and keeps what a glyph got the first time it was drawn. Thai's SARA AM ("ำ" in
"ทำงาน", "คำถาม") is drawn as two glyphs, a nikhahit and a sara aa; the sara aa has already
read "า" elsewhere, and the nikhahit is left with no text, which pdfium replaces with the
glyph's number read as a character ("ท˸างาน") and poppler drops ("ทางาน").

Mapped to the character its font's cmap gives the glyph (U+0E4D, the nikhahit), the pair reads
"ํา", which is SARA AM after NFKC normalisation (Unicode's compatibility folding, which search
tools usually apply), in every reader.
"""

from __future__ import annotations

import io

import pikepdf
from fontTools.ttLib import TTFont

from tract.finish.ligatures import cmap_text, remapped, unicode_fonts
from tract.finish.marks import saved


def mapped_glyphs(pdf: bytes) -> bytes:
    """The PDF with each glyph that a ToUnicode map gives no text mapped to the one character
    its embedded font draws with it; the same bytes when every glyph has text."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        changed = [_map(font) for font in unicode_fonts(doc)]
        return saved(doc) if any(changed) else pdf


def _map(font: pikepdf.Object) -> bool:
    """Give one font's glyphs with no text their character, in place; whether any had none."""
    data = font.ToUnicode.read_bytes()
    empty = [code for code, text in cmap_text(data).items() if not text]
    drawn = _drawn(font, empty) if empty else {}
    if drawn:
        font.ToUnicode.write(remapped(data, lambda code, _: drawn.get(code)))
    return bool(drawn)


def _drawn(font: pikepdf.Object, codes: list[int]) -> dict[int, str]:
    """The character each code's glyph stands for in the font's cmap, where there is one."""
    cid_font = font.DescendantFonts[0]
    if cid_font.get("/CIDToGIDMap", pikepdf.Name.Identity) != "/Identity":
        return {}
    if "/FontFile2" not in cid_font.FontDescriptor:
        return {}
    program = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
    order = program.getGlyphOrder()
    chars: dict[str, list[int]] = {}
    for char, name in (program.getBestCmap() or {}).items():
        chars.setdefault(name, []).append(char)
    found = {code: chars.get(order[code], []) for code in codes if code < len(order)}
    return {code: chr(found[0]) for code, found in found.items() if len(found) == 1}
