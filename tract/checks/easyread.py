"""Easy-read lint for the street materials, after the European easy-to-read guidelines:
short sentences, no italics for body text, no long runs of capitals, no hyphenated words.

These are warnings: a translator decides, but sees where the text gets harder to read.
"""

from __future__ import annotations

import itertools
import re

from tract.problems import Problem, warning
from tract.render.context import Contexts, LanguageContext
from tract.source.markup import spans
from tract.source.model import Project
from tract.source.yamlfile import Mapping, walk_scalars

MAX_WORDS = 15
CAPS_WORDS = 3  # words in capitals in a row that make a shout
_TOKEN = re.compile(r"\w+")  # a word, a number or a mix, apart from its neighbours


def _capitals(text: str) -> str | None:
    """The first run of CAPS_WORDS or more words (of two letters or more) written in
    capitals, in any script that has capitals, as typed."""
    run: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text):
        word = token.group()
        if len(word) > 1 and word.isalpha() and word.isupper():
            run.append(token)
        elif len(run) >= CAPS_WORDS:
            break
        else:
            run = []
    return text[run[0].start() : run[-1].end()] if len(run) >= CAPS_WORDS else None


def text_warnings(key: str, text: str, context: LanguageContext) -> list[str]:
    """What makes one string harder to read, in words a translator understands; its words
    and sentences as its language's context finds them."""
    found = []
    plain = text.replace("**", "")
    for sentence in context.sentences(plain):
        words = context.words(sentence)
        if len(words) > MAX_WORDS:
            start = " ".join(words[:4])
            found.append(
                f"'{key}': the sentence starting '{start}…' has {len(words)} words; "
                f"easy-to-read sentences have at most {MAX_WORDS}"
            )
    if any(span.kind == "em" for span in spans(text)):
        found.append(f"'{key}': italic text is harder to read; use **bold** to stress words")
    caps = _capitals(plain)
    if caps:
        found.append(f"'{key}': '{caps}' is written in capitals; write it in ordinary letters")
    if "\u00ad" in text:
        found.append(f"'{key}': a soft hyphen splits a word; easy-to-read texts never split words")
    return found


def easy_read_problems(project: Project, contexts: Contexts) -> list[Problem]:
    problems = []
    for (doc, lang), file in sorted(project.locales.items()):
        if not project.documents[doc].easy_read or not isinstance(file.root, Mapping):
            continue
        for key, scalar in walk_scalars(file.root):
            if key in ("title", "subject"):
                continue
            problems += [
                warning(scalar.pos, f"easy-read: {said}")
                for said in text_warnings(key, scalar.text, contexts[lang])
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
