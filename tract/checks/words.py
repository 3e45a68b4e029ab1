"""Words and lengths the way a reader sees them, in any script: a word is a run of letters
and the marks on them (Thai vowels, Arabic vowel signs), and in Thai, written without spaces
between words, the words libthai finds (the word breaker Pango breaks Thai lines with)."""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import unicodedata
from functools import cache
from typing import Any

_JOINERS = frozenset("’'·-")


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] == "L"


def _in_word(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" or char in _JOINERS


def _thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


@cache
def _breaker() -> Any:
    name = ctypes.util.find_library("thai")
    if name is None:
        return None
    find = ctypes.CDLL(name).th_brk_wc_find_breaks
    find.restype = ctypes.c_int
    find.argtypes = [
        ctypes.c_void_p,
        ctypes.c_wchar_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_size_t,
    ]
    return find


def _thai_words(run: str) -> list[str]:
    """A run of Thai split into words by libthai; the whole run without it (Debian's
    libthai0, which Pango needs for Thai line breaks anyway)."""
    find = _breaker()
    if find is None:
        return [run]
    cuts = (ctypes.c_int * (len(run) + 1))()
    count = find(None, run, cuts, len(run) + 1)
    bounds = [0, *cuts[:count], len(run)]
    return [run[a:b] for a, b in itertools.pairwise(bounds) if a < b]


def words(text: str) -> list[str]:
    """The words of a text; a placeholder such as {org.name} is one word."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "{":
            end = text.find("}", i)
            if end > 0:
                out.append(text[i : end + 1])
                i = end + 1
                continue
        if not _letter(char):
            i += 1
            continue
        start = i
        while i < len(text) and _in_word(text[i]):
            i += 1
        run = text[start:i]
        out += _thai_words(run) if any(_thai(c) for c in run) else [run]
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a text: each ends at . ! ? or …, and in Thai, which puts no space
    between words, at a space between two Thai letters (Thai ends a sentence with a space).
    A placeholder's dots end nothing."""
    out, start, depth = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        thai_space = (
            char == " " and 0 < i < len(text) - 1 and _thai(text[i - 1]) and _thai(text[i + 1])
        )
        if depth == 0 and (char in ".!?…" or thai_space):
            out.append(text[start : i + 1])
            start = i + 1
    return [s for s in [*out, text[start:]] if s.strip()]


def printed_length(text: str) -> int:
    """Characters that take room on the line: marks set above or below a letter (Thai
    vowels and tones, Arabic vowel signs) and invisible format marks are not counted."""
    return sum(unicodedata.category(c) not in ("Mn", "Me", "Cf") for c in text)
