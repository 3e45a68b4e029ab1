"""Arabic that copies, searches and reads aloud right: ligature glyphs carry /ActualText.

A ligature glyph (lam-alef in "العاملات", "لأ" in "ولأجلهم") stands for several letters, and
its ToUnicode entry lists them in logical order, as the PDF specification says. pdfium (the
viewer of Chromium-based browsers) and poppler reverse a right-to-left line character by
character, not glyph by glyph, so those letters come out swapped: "العاملات" copies as
"العامالت". A marked-content span with /ActualText around the glyph gives pdfium its letters
as one unit, in their order; pypdf reads the same with it or without.

pdfium keeps an ActualText in its order only where the glyph follows another letter of its
word in the content stream (on its left: the next letter in reading order). A ligature that
ends a word ("في", the "ين" of "والعاملين") comes out reversed with an ActualText or without,
so it is left as it is: README.md ("Languages, scripts and fonts") says what each reader gets.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pikepdf

from tract.finish.marks import saved
from tract.source.writing import right_to_left

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_SHOW = pikepdf.Operator("TJ")


def with_actual_text(pdf: bytes) -> bytes:
    """The PDF with each ligature glyph of right-to-left text that pdfium would otherwise
    swap wrapped in an /ActualText span, on every page and in every form it draws."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        changed = False
        for holder in _holders(doc):
            changed |= _rewrite(doc, holder)
        return saved(doc) if changed else pdf


def _holders(doc: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Pages and the form XObjects they draw (a translucent mark is one), each once."""
    seen: set[tuple[int, int]] = set()
    pending: list[pikepdf.Object] = [page.obj for page in doc.pages]
    while pending:
        holder = pending.pop()
        if holder.is_indirect:
            if holder.objgen in seen:
                continue
            seen.add(holder.objgen)
        yield holder
        for xobject in _entries(holder, "/XObject").values():
            if xobject.get("/Subtype") == "/Form":
                pending.append(xobject)


def _entries(holder: pikepdf.Object, kind: str) -> dict[str, pikepdf.Object]:
    """The named resources of one kind (/Font, /XObject) a page or form has."""
    resources = holder.get("/Resources")
    group = resources.get(kind) if isinstance(resources, pikepdf.Dictionary) else None
    return dict(group.items()) if isinstance(group, pikepdf.Dictionary) else {}


def _to_unicode(font: pikepdf.Object) -> dict[bytes, str]:
    """A two-byte font's glyph codes and the text each stands for, from its ToUnicode map."""
    if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
        return {}
    data = font.ToUnicode.read_bytes()
    return {
        bytes.fromhex(code.decode()): bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
        for block in _BFCHAR.findall(data)
        for code, text in _PAIR.findall(block)
    }


def _letter(text: str) -> bool:
    """One right-to-left letter: a glyph pdfium reads right on its own."""
    return len(text) == 1 and right_to_left(text) and unicodedata.category(text).startswith("L")


def _ligature(text: str) -> bool:
    return len(text) > 1 and any(right_to_left(c) for c in text)


def _rewrite(doc: pikepdf.Pdf, holder: pikepdf.Object) -> bool:
    fonts = {name: _to_unicode(font) for name, font in _entries(holder, "/Font").items()}
    if not any(fonts.values()):
        return False
    out: list[Any] = []
    changed = False
    glyphs: dict[bytes, str] = {}
    for instruction in pikepdf.parse_content_stream(holder):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            out.append(instruction)
            continue
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "Tf":
            glyphs = fonts.get(str(operands[0]), {})
        if str(operator) != "TJ" or not glyphs:
            out.append((list(operands), operator))
            continue
        shown = _split(list(operands[0]), glyphs)
        changed |= len(shown) > 1
        out += shown
    if changed:
        content = pikepdf.unparse_content_stream(out)
        if isinstance(holder, pikepdf.Stream):
            holder.write(content)
        else:
            holder.Contents = doc.make_stream(content)
    return changed


def _split(
    array: list[object], glyphs: dict[bytes, str]
) -> list[tuple[list[Any], pikepdf.Operator]]:
    """One TJ as several: the ligatures that follow a letter each in a span of their own."""
    items: list[object] = []
    for item in array:
        if isinstance(item, pikepdf.String):
            raw = bytes(item)
            items += [raw[i : i + 2] for i in range(0, len(raw), 2)]
        else:
            items.append(item)
    out: list[tuple[list[Any], pikepdf.Operator]] = []
    run: list[object] = []
    before = ""
    for item in items:
        text = glyphs.get(item, "") if isinstance(item, bytes) else ""
        if isinstance(item, bytes) and _ligature(text) and _letter(before):
            if run:
                out.append(([_packed(run)], _SHOW))
                run = []
            span = pikepdf.Dictionary(ActualText=pikepdf.String(text))
            out.append(([pikepdf.Name.Span, span], pikepdf.Operator("BDC")))
            out.append(([_packed([item])], _SHOW))
            out.append(([], pikepdf.Operator("EMC")))
        else:
            run.append(item)
        if isinstance(item, bytes):  # a number between two glyphs only moves the second
            before = text
    if run:
        out.append(([_packed(run)], _SHOW))
    return out


def _packed(items: list[object]) -> pikepdf.Array:
    """TJ operands again: consecutive glyph codes in one string, numbers between them."""
    parts: list[object] = []
    for item in items:
        if isinstance(item, bytes) and parts and isinstance(parts[-1], bytes):
            parts[-1] += item
        else:
            parts.append(item)
    return pikepdf.Array([pikepdf.String(p) if isinstance(p, bytes) else p for p in parts])
