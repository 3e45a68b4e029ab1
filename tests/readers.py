"""The text three PDF readers extract, and the Arabic words in it: pdfium (the viewer of
Chromium-based browsers), poppler (pdftotext) and pypdf. poppler and pypdf are read after NFKC
normalisation, as search tools do: they give a ligature's presentation form, pdfium its letters."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import pypdf
import pypdfium2

WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u064b-\u065f\u0670]+")


def arabic_words(text: str) -> set[str]:
    return set(WORD.findall(unicodedata.normalize("NFC", text)))


def pdfium(pdf: bytes) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))


def poppler(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    return unicodedata.normalize("NFKC", done.stdout.decode())


def pypdf_text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pages))


READERS = {"pdfium": pdfium, "poppler": poppler, "pypdf": pypdf_text}
