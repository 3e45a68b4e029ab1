"""How text is written, in any script: which characters take room on a line, which letters
run right to left, what a word and a sentence are.

A script whose words are written together (Thai: a space ends a sentence, libthai finds the
words) and a language whose typography sets punctuation apart (French) say so in site.yaml,
under `scripts:` and `typography:`, read here. No script or language is named in code: which
script a character belongs to is Unicode's Script property (through fontTools), keyed by the
same ISO 15924 codes as the theme's fonts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from babel import Locale
from fontTools.unicodedata import script

from tract.problems import Problem, error
from tract.source import schema as s
from tract.source.yamlfile import Mapping as MappingNode
from tract.source.yamlfile import Node

_JOINERS = frozenset("’'·-")
_ENDS = ".!?…"  # what ends a sentence in every script
SENTENCES = "sentences"  # ScriptRules.space_between: a space ends a sentence


def right_to_left(char: str) -> bool:
    """A letter written right to left (Hebrew, Arabic, Thaana…), as the bidi algorithm has it."""
    return unicodedata.bidirectional(char) in ("R", "AL")


def printed_length(text: str) -> int:
    """Characters that take room on the line: marks set above or below a letter (Thai
    vowels and tones, Arabic vowel signs) and invisible format marks are not counted."""
    return sum(unicodedata.category(c) not in ("Mn", "Me", "Cf") for c in text)


@cache
def _script(char: str) -> str:
    return str(script(char))


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] == "L"


def _in_word(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" or char in _JOINERS


@cache
def _libthai() -> Any:
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


def _libthai_words(run: str) -> list[str]:
    """A run split into words by libthai, the word breaker Pango breaks Thai lines with
    (Debian's libthai0); the whole run without it."""
    find = _libthai()
    if find is None:
        return [run]
    cuts = (ctypes.c_int * (len(run) + 1))()
    count = find(None, run, cuts, len(run) + 1)
    bounds = [0, *cuts[:count], len(run)]
    return [run[a:b] for a, b in itertools.pairwise(bounds) if a < b]


# The word breakers a script's rules may name.
BREAKERS: dict[str, Callable[[str], list[str]]] = {"libthai": _libthai_words}


def _split(run: str, scripts: Mapping[str, ScriptRules]) -> list[str]:
    """A run of letters is one word, unless its script names a word breaker to find them."""
    for char in run:
        rules = scripts.get(_script(char))
        if rules is not None and rules.words is not None:
            return BREAKERS[rules.words](run)
    return [run]


def words(text: str, scripts: Mapping[str, ScriptRules]) -> list[str]:
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
        out += _split(text[start:i], scripts)
    return out


def _together(scripts: Mapping[str, ScriptRules]) -> set[str]:
    """The scripts whose words are written together, a space only between sentences."""
    return {code for code, rules in scripts.items() if rules.space_between == SENTENCES}


def line_break(before: str, after: str, scripts: Mapping[str, ScriptRules]) -> str:
    """What a line break the translator typed says on one line: a space, or nothing inside a
    sentence of a script whose words are written together (a Thai headline broken where it
    reads best is one sentence)."""
    together = _together(scripts)
    inside = (
        before[-1:] not in ("", *_ENDS)
        and _script(before[-1]) in together
        and _script(after[:1] or " ") in together
    )
    return "" if inside else " "


def sentences(text: str, scripts: Mapping[str, ScriptRules]) -> list[str]:
    """The sentences of a text: each ends at . ! ? or …, and at a space between two
    characters of a script whose words are written together (Thai ends a sentence with a
    space). A placeholder's dots end nothing."""
    together = _together(scripts)
    out, start, depth = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        space_ends = (
            char == " "
            and 0 < i < len(text) - 1
            and _script(text[i - 1]) in together
            and _script(text[i + 1]) in together
        )
        if depth == 0 and (char in _ENDS or space_ends):
            out.append(text[start : i + 1])
            start = i + 1
    return [s for s in [*out, text[start:]] if s.strip()]


# Reading site.yaml's rules: strict, like every file of ours.


def _marks(node: Node, problems: list[Problem]) -> str | s.Missing:
    """Punctuation marks written together: ";:!?»"."""
    value = s.text(node, problems)
    if value is s.MISSING:
        return s.MISSING
    wrong = [c for c in value if not unicodedata.category(c).startswith("P")]
    if wrong:
        problems.append(
            error(
                node.pos,
                f"'{wrong[0]}' is not a punctuation mark; write the marks themselves, "
                'together in quotes, like ";:!?»"',
            )
        )
        return s.MISSING
    return "".join(dict.fromkeys(value))


class Typography(s.Record, what="a language's typography (no_break_before, no_break_after)"):
    """What a language's typography asks of the spaces a translator types (site.yaml's
    `typography:`): the space before each mark of `no_break_before` and after each of
    `no_break_after` prints as a no-break space, so that the mark never starts or ends a line
    away from its word (French: before ; : ! ? and », after «)."""

    no_break_before: str = s.key(_marks, default="")
    no_break_after: str = s.key(_marks, default="")


class ScriptRules(s.Record, what="a script's rules (space_between, words)"):
    """How a script is written, where that is not words apart and sentences ending at . ! ?
    (site.yaml's `scripts:`). `space_between` "sentences": its words are written together and
    a space between two of its characters ends a sentence (Thai, Lao, Khmer); `words`: the word
    breaker that finds its words (libthai), else a run of its letters counts as one word."""

    space_between: str = s.key(s.one_of("words", SENTENCES), default="words")
    words: str | None = s.key(s.one_of(*BREAKERS), default=None)


@cache
def _script_codes() -> frozenset[str]:
    """ISO 15924 codes, as CLDR (through Babel) names scripts."""
    return frozenset(Locale("en").scripts)


def scripts(node: Node, problems: list[Problem]) -> dict[str, ScriptRules] | s.Missing:
    """`scripts:`, keyed by ISO 15924 code like the theme's fonts, each its rules."""
    rules = s.map_of(ScriptRules.read)(node, problems)
    if rules is s.MISSING or not isinstance(node, MappingNode):
        return s.MISSING
    for entry in node.entries:
        if entry.key not in _script_codes():
            problems.append(
                error(
                    entry.key_pos,
                    f"'{entry.key}' is not a script code; write it as ISO 15924 and the theme's "
                    "fonts do, like Thai or Laoo" + s.did_you_mean(entry.key, set(_script_codes())),
                )
            )
            rules.pop(entry.key, None)
    return rules
