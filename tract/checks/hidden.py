"""Characters that hide what a text says. They print nothing, yet an override can print a
phone number backwards (people call a stranger), a zero-width space inside a web address makes
one that no one can type, and a control character breaks a line or prints a box.

What is said where, for every value of every content file (translations, sources, shared
strings) and the values site.yaml prints:
- direction overrides and embeddings (U+202A–U+202E): always a warning;
- isolates (U+2066–U+2069): only when unbalanced; a right-to-left translator uses a closed
  pair on purpose;
- zero-width and other invisible format characters: only inside a number (a phone number, a
  year) or a web or e-mail address; between words they are how some scripts break lines;
- control characters and the line and paragraph separators, which only an escape in double
  quotes can put in a value ("\\e", "\\0", "\\L"): an error, as they are where YAML reads
  them raw (source/yamlfile.py); tabs and line ends are only whitespace.
`--strict` makes every warning an error, so none reaches a print run.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator

from tract.fonts import DRAWS_NOTHING, is_ignorable
from tract.problems import Pos, Problem, error, warning
from tract.source.model import LocaleFile, Project
from tract.source.yamlfile import Scalar, walk_scalars

_OVERRIDES = {
    "\u202a": "sets the text after it left to right, whatever its letters",
    "\u202b": "sets the text after it right to left, whatever its letters",
    "\u202d": "prints the text after it left to right letter by letter, whatever its letters",
    "\u202e": (
        "prints the text after it backwards, letter by letter: a phone number prints as "
        "another number"
    ),
}
_POP = "\u202c"  # ends an override or embedding
_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_CLOSER = "\u2069"  # PDI
# Names of the control characters, which Unicode gives as aliases only (NameAliases.txt).
_C0 = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_ALIASES = {chr(i): name for i, name in enumerate(_C0)} | {
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
_LINE_BREAKS = "\x85\u2028\u2029"
# Any character one of the rules above is about: most values have none, and are passed by.
_SUSPECT = re.compile(
    f"{DRAWS_NOTHING.pattern}|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_LINE_BREAKS}]"
)
# Where an invisible character is a trap: inside a number, a web or an e-mail address.
_NUMBER = re.compile(r"\+?\d(?:[\d .\-/()]*\d)?")
_ADDRESS = re.compile(
    r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}"
    r"|(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}"
    r"(?:/(?:[A-Za-z0-9._~%/?#=&+-]*[A-Za-z0-9_~%/#=&+-])?)?"  # a path, not the full stop after
)
# How double-quoted YAML writes a character as an escape, besides \xXX, \uXXXX, \UXXXXXXXX.
_SHORT_ESCAPES = {
    "\0": "0",
    "\a": "a",
    "\b": "b",
    "\t": "t",
    "\n": "n",
    "\v": "v",
    "\f": "f",
    "\r": "r",
    "\x1b": "e",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)


def named(char: str) -> str:
    """A character by its code and Unicode name: "U+202E RIGHT-TO-LEFT OVERRIDE"."""
    name = unicodedata.name(char, "") or _ALIASES.get(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _is_control(char: str) -> bool:
    """A control character or a line separator; tabs and line ends are whitespace in HTML."""
    return (unicodedata.category(char) == "Cc" and char not in "\t\n\r") or char in _LINE_BREAKS


def _is_invisible(char: str) -> bool:
    """Draws nothing, and is none of the direction characters said on their own."""
    return (
        is_ignorable(char)
        and char not in "\n\r\t\u202f"
        and char not in _OVERRIDES
        and char not in _POP + _OPENERS + _CLOSER
    )


def _shown(text: str) -> str:
    """The end of a text as a message quotes it: its last 20 characters at most, each
    hidden one as its code."""
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    cut = "…" if len(text) > 20 else ""
    return cut + "".join(
        f"<U+{ord(c):04X}>" if _is_control(c) or (is_ignorable(c) and c not in " \u202f") else c
        for c in text[-20:]
    )


def _after(text: str, index: int) -> str:
    return f"after '{_shown(text[:index])}'" if text[:index].strip() else "at its start"


class _After:
    """Where a character is, said only when a message needs it."""

    def __init__(self, text: str, index: int) -> None:
        self.text, self.index = text, index

    def __str__(self) -> str:
        return _after(self.text, self.index)


def _written_at(char: str, written: str, double_quoted: bool) -> list[int]:
    """Where each occurrence of `char` is written in a value's text as the file has it: the
    character itself, or in double quotes an escape that stands for it."""
    found = []
    index = 0
    while index < len(written):
        if double_quoted and written[index] == "\\":
            escape = _ESCAPE.match(written, index)
            if escape is None:
                break
            body = escape.group()[1:]
            decoded = chr(int(body[1:], 16)) if body[0] in "xuU" and len(body) > 1 else None
            if decoded == char or _SHORT_ESCAPES.get(char) == body:
                found.append(index)
            index = escape.end()
            continue
        if written[index] == char:
            found.append(index)
        index += 1
    return found


def _position(scalar: Scalar, text: str, index: int) -> Pos:
    """Where the character at `index` of the value is in the file; the value's own place when
    its text, escapes and folded lines counted, cannot say which one it is."""
    char = text[index]
    nth = text[:index].count(char)
    spots = _written_at(char, scalar.written, scalar.style == '"')
    if len(spots) != text.count(char):
        return scalar.pos
    at = spots[nth]
    before = scalar.written[:at]
    lines = before.count("\n")
    if not lines:
        return Pos(scalar.pos.path, scalar.pos.line, scalar.pos.col + at)
    return Pos(scalar.pos.path, scalar.pos.line + lines, at - before.rfind("\n"))


def _traps(text: str) -> Iterator[tuple[int, str | _After, str]]:
    """Invisible characters inside a number or an address."""
    kept = [i for i, c in enumerate(text) if not _is_invisible(c)]
    clean = "".join(text[i] for i in kept)
    spans = [(m, "the number") for m in _NUMBER.finditer(clean)]
    spans += [
        (m, "the e-mail address" if "@" in m.group() else "the web address")
        for m in _ADDRESS.finditer(clean)
    ]
    for index, char in enumerate(text):
        if not _is_invisible(char):
            continue
        visible_before = bisect_left(kept, index)
        for match, what in spans:
            if match.start() < visible_before < match.end():
                where = f"inside {what} '{match.group()}' ({_after(text, index)})"
                yield index, where, "breaks it for whoever copies, types or searches it"
                break


def _said(text: str) -> Iterator[tuple[int, str | _After, str]]:
    """Every hidden character of a value worth a warning: its index, where it is in words,
    and what it does."""
    yield from _traps(text)
    open_: list[tuple[str, int]] = []  # overrides and embeddings ("o"), isolates ("i")
    for index, char in enumerate(text):
        after = _After(text, index)
        if char in _LINE_BREAKS:
            yield index, after, "breaks the line where your editor shows none"
        elif _is_control(char):
            yield index, after, "prints nothing, or a box"
        elif char in _OVERRIDES:
            open_.append(("o", index))
            yield index, after, _OVERRIDES[char]
        elif char == _POP and open_ and open_[-1][0] == "o":
            open_.pop()
        elif char == _POP:
            yield index, after, "ends a change of direction that was never started"
        elif char in _OPENERS:
            open_.append(("i", index))
        elif char == _CLOSER and any(kind == "i" for kind, _ in open_):
            while open_.pop()[0] != "i":  # an isolate's end ends what began inside it
                pass
        elif char == _CLOSER:
            yield index, after, "closes no isolate"
    for kind, index in open_:
        if kind == "i":
            yield (
                index,
                _After(text, index),
                f"is never closed by {named(_CLOSER)}, so what follows keeps its direction",
            )


def _noun(char: str) -> str:
    if char in _LINE_BREAKS:
        return "character"
    return "control character" if _is_control(char) else "invisible character"


def value_problems(key: str, scalar: Scalar) -> list[Problem]:
    """The warnings for one value, each where its character is written."""
    text = scalar.text
    if not _SUSPECT.search(text):
        return []
    return [
        (error if _is_control(text[index]) else warning)(
            _position(scalar, text, index),
            f"'{key}' holds the {_noun(text[index])} {named(text[index])} {where}, which "
            f"{said}; delete it",
        )
        for index, where, said in sorted(_said(text), key=lambda said: said[0])
    ]


def hidden_problems(project: Project) -> list[Problem]:
    """Hidden characters in every content file and in what site.yaml prints."""
    files: list[LocaleFile] = [*project.strings.values(), *project.locales.values()]
    out = [
        problem
        for file in files
        if file.root is not None
        for key, scalar in walk_scalars(file.root)
        for problem in value_problems(key, scalar)
    ]
    site = project.site
    printed = [
        ("organisation.name", site.organisation.name, site.pos),
        ("organisation.website", site.organisation.website, site.pos),
        *((f"contacts.{k}", c.value, c.pos) for k, c in site.contacts.items()),
        *((f"names.{k}", n.text, n.pos) for k, n in site.names.items()),
        *(
            (f"events.{k}.place", text, e.place.pos)
            for k, e in site.events.items()
            for _, text in e.place.texts
        ),
    ]
    for key, text, pos in printed:
        out += value_problems(key, Scalar(text, pos))
    return out
