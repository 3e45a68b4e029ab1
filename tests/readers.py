"""The text three PDF readers extract: pdfium (the viewer of Chromium-based browsers), poppler
(pdftotext) and pypdf, the last two after NFKC normalisation, as search tools do (they give a
ligature's presentation form, pdfium its letters); the Arabic words and Thai phrases in a text;
and the text a shipped document prints, to compare with."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import lxml.html
import pypdf
import pypdfium2

from tract.render.context import language_contexts
from tract.render.resolve import resolve
from tract.render.templates import environment, render
from tract.source.load import load_project

WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u064b-\u065f\u0670]+")
THAI = re.compile(r"[\u0e01-\u0e5b]+")  # Thai writes no space between words: a phrase


def arabic_words(text: str) -> set[str]:
    return set(WORD.findall(unicodedata.normalize("NFC", text)))


def thai_phrases(text: str) -> set[str]:
    """Runs of Thai letters, after NFKC (SARA AM is read as nikhahit and sara aa)."""
    return set(THAI.findall(unicodedata.normalize("NFKC", text)))


def unbroken(text: str) -> str:
    """Text after NFKC with no white space: a phrase a line break splits is found whole."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed(root: Path, doc: str, lang: str, variant: str) -> str:
    """The text a document prints: its HTML's, as the build renders it (a draft)."""
    project, _ = load_project(root)
    assert project is not None
    html, _ = render(
        environment(root / "templates"),
        resolve(project, language_contexts(project), doc, lang, True),
        variant,
        root,
    )
    assert html is not None
    tree = lxml.html.fromstring(html)
    for hidden in tree.xpath("//head|//style|//script"):
        hidden.drop_tree()
    return " ".join(tree.itertext())


def pdfium(pdf: bytes) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))


def poppler(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    return unicodedata.normalize("NFKC", done.stdout.decode())


def pypdf_text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pages))


READERS = {"pdfium": pdfium, "poppler": poppler, "pypdf": pypdf_text}
