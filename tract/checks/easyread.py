"""Easy-read lint for the street materials, after the European easy-to-read guidelines:
short sentences, no italics for body text, no long runs of capitals, no hyphenated words.

These are warnings: a translator decides, but sees where the text gets harder to read.
"""

from __future__ import annotations

import itertools
import re

from tract.checks.words import sentences
from tract.checks.words import words as words_of
from tract.problems import Problem, warning
from tract.source.model import Project
from tract.source.yamlfile import Mapping, walk_scalars

MAX_WORDS = 15
_CAPS_RUN = re.compile(r"\b(?:[A-ZÀ-Þ]{2,}\W+){2,}[A-ZÀ-Þ]{2,}\b")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


def text_warnings(key: str, text: str) -> list[str]:
    """What makes one string harder to read, in words a translator understands."""
    found = []
    plain = text.replace("**", "")
    for sentence in sentences(plain):
        words = words_of(sentence)
        if len(words) > MAX_WORDS:
            start = " ".join(words[:4])
            found.append(
                f"'{key}': the sentence starting '{start}…' has {len(words)} words; "
                f"easy-to-read sentences have at most {MAX_WORDS}"
            )
    if _EMPHASIS.search(plain):
        found.append(f"'{key}': italic text is harder to read; use **bold** to stress words")
    caps = _CAPS_RUN.search(plain)
    if caps:
        found.append(
            f"'{key}': '{caps.group(0)}' is written in capitals; write it in ordinary letters"
        )
    if "\u00ad" in text:
        found.append(f"'{key}': a soft hyphen splits a word; easy-to-read texts never split words")
    return found


def easy_read_problems(project: Project) -> list[Problem]:
    problems = []
    for (doc, _lang), file in sorted(project.locales.items()):
        if not project.documents[doc].easy_read or not isinstance(file.root, Mapping):
            continue
        for key, scalar in walk_scalars(file.root):
            if key in ("title", "subject"):
                continue
            problems += [
                warning(scalar.pos, f"easy-read: {said}")
                for said in text_warnings(key, scalar.text)
            ]
    return problems


def split_words(lines: list[str]) -> list[str]:
    """Words the layout split across two lines with a hyphen, from the PDF's text lines."""
    return [
        f"{a.split()[-1]}{b.split()[0]}"
        for a, b in itertools.pairwise(lines)
        if a.strip()
        and b.strip()
        and re.search(r"[^\W\d_]-$", a.strip())
        and b.strip()[0].islower()
    ]
