"""Readable type, measured in the rendered PDF: nothing tiny, body text large enough to read at
arm's length or across a room."""

from __future__ import annotations

import io
import math
from collections import Counter

import pypdf

SMALLEST_PT = 7.0


def text_sizes(pdf: bytes) -> Counter[float]:
    """How many characters are set at each size, in points, across the document."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        chars = len(text.strip())
        if chars:
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            sizes[round(size * scale, 1)] += chars

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def text_lines(pdf: bytes) -> list[str]:
    """The document's text, line by line, as a reader's eye meets it."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [line for page in reader.pages for line in page.extract_text().splitlines()]


def size_problems(pdf: bytes, body_min: float) -> list[str]:
    """Sentences saying what is too small; empty when the type is readable."""
    sizes = text_sizes(pdf)
    if not sizes:
        return []
    problems = []
    smallest = min(sizes)
    if smallest < SMALLEST_PT:
        problems.append(
            f"some text is set at {smallest:g} pt; nothing may be smaller than {SMALLEST_PT:g} pt"
        )
    body = sizes.most_common(1)[0][0]
    if body < body_min:
        problems.append(
            f"the body text is set at {body:g} pt; this document needs at least {body_min:g} pt"
        )
    return problems
