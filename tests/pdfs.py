"""Reading PDFs back in tests: boxes, fonts, text, language."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdf

MM = 72 / 25.4
STOPWORDS = {
    "fr": {"le", "la", "les", "des", "du", "et", "est", "vous", "pour", "une"},
    "nl": {"de", "het", "een", "van", "en", "je", "is", "voor", "niet", "met"},
    "en": {"the", "and", "of", "you", "is", "to", "for", "with", "are", "your"},
}


def text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def guess_language(content: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", content.lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    return max(scores, key=lambda lang: scores[lang])


def box_mm(page: pikepdf.Page, name: str) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.obj[name])
    return (round(x0 / MM, 1), round(y0 / MM, 1), round(x1 / MM, 1), round(y1 / MM, 1))


def size_mm(page: pikepdf.Page, name: str = "/MediaBox") -> tuple[float, float]:
    x0, y0, x1, y1 = box_mm(page, name)
    return (round(x1 - x0), round(y1 - y0))
