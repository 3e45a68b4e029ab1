"""Arabic that copies, searches and reads aloud right: a ligature glyph reads as one character.

A ligature glyph (lam-alef in "العاملات", "في", the "ين" of "بين") stands for several letters,
and WeasyPrint's ToUnicode entry lists them in logical order, as the PDF specification allows.
pdfium (the viewer of Chromium-based browsers and of Android) and poppler put a right-to-left
line in reading order by reversing it character by character, not glyph by glyph, so those
letters come out swapped: "العاملات" copies as "العامالت", "في" as "يف".

Unicode has one character for each of these ligatures, its Arabic presentation form (U+FEFB
for lam-alef), whose compatibility decomposition is exactly those letters. Mapped to that one
character, the glyph cannot be reversed inside, and pdfium turns the form back into its letters
when it reads right-to-left text. Readers that keep the form (poppler, pypdf) give text that
looks the same and is equal after NFKC normalisation (Unicode's compatibility folding, which
search tools usually apply). An /ActualText span was tried first: pdfium misplaces or reverses
a span at the end of a word, so there are none (README, "Languages, scripts and fonts").

The ToUnicode reading and writing the other text steps share (`unmapped`, `runs`) is here too.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from itertools import chain

import pikepdf

from tract.finish.marks import content_holders, saved
from tract.source.writing import right_to_left

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>(\s*)<([0-9A-Fa-f]*)>")


def _presentation_forms() -> dict[str, str]:
    """The letters each presentation form stands for (NFKD) → the form, the isolated one
    where there are several; forms that stand for a space and marks are left out."""
    forms: dict[str, str] = {}
    for code in chain(range(0xFB1D, 0xFE00), range(0xFE70, 0xFF00)):
        form = chr(code)
        letters = unicodedata.normalize("NFKD", form)
        if letters == form or " " in letters:
            continue
        if letters not in forms or unicodedata.decomposition(form).startswith("<isolated>"):
            forms[letters] = form
    return forms


_FORMS = _presentation_forms()


def presentation_form(text: str) -> str | None:
    """The one character a right-to-left ligature's letters are, if Unicode has one."""
    if len(text) < 2 or not any(right_to_left(c) for c in text):
        return None
    return _FORMS.get(unicodedata.normalize("NFKD", text))


def readable_ligatures(pdf: bytes) -> bytes:
    """The PDF with every right-to-left ligature glyph mapped to its presentation form in the
    ToUnicode map of its font, on every page and in every form XObject; the same bytes when
    there is none (left-to-right text)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        changed = False
        for font in unicode_fonts(doc):
            changed |= _remap(font.ToUnicode)
        return saved(doc) if changed else pdf


def unicode_fonts(doc: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Each two-byte font with a ToUnicode map that a page or a form it draws uses, once."""
    seen: set[tuple[int, int]] = set()
    for holder in content_holders(doc):
        resources = holder.get("/Resources", pikepdf.Dictionary())
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            if font.is_indirect and font.objgen in seen:
                continue
            if font.is_indirect:
                seen.add(font.objgen)
            if font.get("/Subtype") == "/Type0" and "/ToUnicode" in font:
                yield font


def _remap(cmap: pikepdf.Object) -> bool:
    """Map each ligature in one ToUnicode CMap to its form, in place; whether any was."""
    data = cmap.read_bytes()
    new = remapped(data, lambda _, text: presentation_form(text))
    if new == data:
        return False
    cmap.write(new)
    return True


def remapped(data: bytes, change: Callable[[int, str], str | None]) -> bytes:
    """A ToUnicode CMap with each bfchar entry's text replaced by change(code, text), where
    that is not None."""

    def entry(pair: re.Match[bytes]) -> bytes:
        text = bytes.fromhex(pair[3].decode()).decode("utf-16-be", "replace")
        new = change(int(pair[1], 16), text)
        if new is None:
            return pair[0]
        return b"<%s>%s<%s>" % (pair[1], pair[2], new.encode("utf-16-be").hex().upper().encode())

    return _BFCHAR.sub(lambda block: _PAIR.sub(entry, block[0]), data)


def cmap_text(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar entries: code → text."""
    return {
        int(pair[1], 16): bytes.fromhex(pair[3].decode()).decode("utf-16-be", "replace")
        for block in _BFCHAR.finditer(data)
        for pair in _PAIR.finditer(block[1])
    }


def with_bfchars(data: bytes, text: dict[int, str]) -> bytes:
    """A ToUnicode CMap with bfchar entries added, a hundred to a block as the format allows."""
    entries = [
        b"<%04X> <%s>" % (code, t.encode("utf-16-be").hex().upper().encode())
        for code, t in sorted(text.items())
    ]
    blocks = b"".join(
        b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), b"\n".join(chunk))
        for chunk in (entries[k : k + 100] for k in range(0, len(entries), 100))
    )
    at = data.rindex(b"endcmap")
    return data[:at] + blocks + data[at:]
