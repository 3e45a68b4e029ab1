"""Strict YAML reading: every value is text with its file:line:col, and YAML's traps are refused.

We walk PyYAML's parse events ourselves instead of composing Python objects, so that nothing is
ever typed behind the translator's back (`no` stays "no"), anchors, aliases and tags never run,
and duplicate keys are caught with both their lines.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tract.problems import Pos, Problem, error

_COMMENT = re.compile(r"[ \t]+#")
_HIDDEN_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
MAX_BYTES = 1_000_000
MAX_NODES = 20_000

try:  # the C parser is much faster; both give the same events
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Scalar:
    """A piece of text. `text` is "" for an empty value, which the checks treat as missing.
    `comment` is where a ' #' right after an unquoted text starts a comment: YAML drops what
    follows, which a translator may have meant as text."""

    text: str
    pos: Pos
    comment: Pos | None = None
    span: tuple[int, int] = (0, 0)  # where it is written: character indexes in the file's text
    style: str = ""  # as YAML wrote it: "" plain, "'" or '"' quoted, "|" or ">" a block
    # the file's text from `pos` on, quotes and escapes included: where a character is written
    written: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class Entry:
    key: str
    key_pos: Pos
    value: Node


@dataclass(frozen=True)
class Mapping:
    entries: tuple[Entry, ...]
    pos: Pos

    def get(self, key: str) -> Node | None:
        for entry in self.entries:
            if entry.key == key:
                return entry.value
        return None

    def keys(self) -> list[str]:
        return [e.key for e in self.entries]

    def __contains__(self, key: object) -> bool:
        return any(e.key == key for e in self.entries)


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    pos: Pos


Node = Scalar | Mapping | Sequence

KIND_NAMES = {Scalar: "text", Mapping: "a group of keys", Sequence: "a list"}


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


# PyYAML's messages, said so that someone who never read the YAML spec can act on them.
_FRIENDLY = (
    (
        "found character '\\t'",
        "a tab is used here; YAML needs spaces for indentation, replace the tab with spaces",
    ),
    (
        "mapping values are not allowed",
        "unexpected ':' here; if the text itself contains "
        "': ', put the whole text in double quotes",
    ),
    (
        "could not find expected ':'",
        "this line should look like 'key: text'; check the "
        "indentation and that the key ends with ':'",
    ),
    ("found unexpected end of stream", "the file ends inside a quoted text; close the quotes"),
    (
        "found unknown escape character",
        "a backslash in double quotes starts an escape; "
        "write \\\\ for a backslash or use single quotes",
    ),
    ("did not find expected key", "the indentation of this line does not match the lines above it"),
    (
        "did not find expected '-' indicator",
        "the indentation of this list item does not match the items above it",
    ),
    (
        "expected <block end>, but found",
        "the indentation of this line does not match the lines above it",
    ),
    (
        "found undefined alias",
        "'*' starts a YAML alias, which is not allowed; put text that "
        "starts with '*' in double quotes",
    ),
    ("found character '@'", "text cannot start with '@' or '`'; put it in double quotes"),
    ("found character '%'", "text cannot start with '%'; put it in double quotes"),
)


def _friendly(problem: str) -> str:
    for needle, said in _FRIENDLY:
        if needle in problem:
            return said
    return f"this is not valid YAML ({problem}); check the indentation and quotes on this line"


def read(path: Path, root: Path) -> tuple[Node | None, list[Problem]]:
    """Read one YAML file. Returns its top node (or None) and every problem found in it."""
    rel = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [
            error(
                Pos(rel),
                f"the file is larger than {MAX_BYTES // 1000} kB; "
                "split it or remove what does not belong in it",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                Pos(rel, line, col),
                "the file is not saved as UTF-8; save it "
                "again choosing the UTF-8 encoding in your editor",
            )
        ]
    return parse(text, rel)


class _Lines:
    """Positions as a text editor shows them: lines end at "\n" only. PyYAML also breaks
    lines at "\r", NEL and the Unicode line separators, so its own line numbers can point
    past the end of the file; its character index does not."""

    def __init__(self, text: str, rel: str) -> None:
        self.text, self.rel = text, rel
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def at(self, index: int) -> Pos:
        index = max(0, min(index, len(self.text)))
        line = bisect_right(self.starts, index) - 1
        return Pos(self.rel, line + 1, index - self.starts[line] + 1)

    def index(self, pos: Pos) -> int:
        return self.starts[pos.line - 1] + pos.col - 1

    def mark(self, mark: Any) -> Pos:
        return self.at(mark.index) if mark is not None else Pos(self.rel)

    def comment_after(self, event: yaml.ScalarEvent) -> Pos | None:
        """Where a comment starts on the line an unquoted text ends on, if one does."""
        end = event.end_mark.index
        found = _COMMENT.match(self.text, end)
        return self.at(found.end() - 1) if found else None

    def char(self, mark: Any) -> str:
        return self.text[mark.index : mark.index + 1] if mark is not None else ""


def parse(text: str, rel: str) -> tuple[Node | None, list[Problem]]:
    """Parse YAML text already decoded; `rel` names the file in messages."""
    problems: list[Problem] = []
    lines = _Lines(text, rel)
    breaks = [lines.at(m.start()) for m in _HIDDEN_BREAK.finditer(text)]
    if breaks:  # YAML would start a new line where the translator sees none
        return None, [
            error(
                pos,
                f"the character {_named(text[lines.index(pos)])} ends the line for YAML but "
                "not in your editor; delete it, or press Enter for a real line break",
            )
            for pos in breaks
        ]
    try:
        events = _events(text, lines)
        node = _build_document(events, lines, problems)
    except _Refused as refused:
        return None, [refused.problem]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if lines.char(mark) == "\t":
            problem = "found character '\\t'"
        return None, [error(lines.mark(mark), _friendly(problem))]
    except yaml.reader.ReaderError as exc:
        return None, [error(lines.at(exc.position), _unacceptable(exc.character))]
    except yaml.YAMLError as exc:
        return None, [error(Pos(rel), _friendly(str(exc)))]
    if node is None:
        return None, [error(Pos(rel), "the file is empty")]
    return node, problems


def _named(char: str) -> str:
    """A character by its code and Unicode name: "U+2028 LINE SEPARATOR"."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _unacceptable(character: int | str) -> str:
    """A character YAML refuses, by its Unicode name where it has one."""
    char = chr(character) if isinstance(character, int) else character
    what = "the character" if unicodedata.name(char, "") else "the invisible character"
    said = "cannot be in a text file; delete it (an editor may show it as a box)"
    return f"{what} {_named(char)} {said}"


def _events(text: str, lines: _Lines) -> Iterator[yaml.Event]:
    for count, event in enumerate(yaml.parse(text, Loader=_Loader), start=1):
        if count > MAX_NODES:
            raise _Refused(
                error(
                    Pos(lines.rel),
                    f"the file has more than {MAX_NODES} values; it is too large to be content",
                )
            )
        yield event


def _build_document(
    events: Iterator[yaml.Event], lines: _Lines, problems: list[Problem]
) -> Node | None:
    node: Node | None = None
    documents = 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(
                    error(
                        lines.mark(event.start_mark),
                        "the file holds more than one YAML document; remove the '---' line",
                    )
                )
        elif isinstance(
            event,
            (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent),
        ):
            node = _build_node(event, events, lines, problems)
    return node


def _refuse_features(event: yaml.Event, lines: _Lines) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(
            error(
                lines.mark(event.start_mark),
                "YAML aliases ('*name') are not allowed; write the text out in full",
            )
        )
    if getattr(event, "anchor", None):
        raise _Refused(
            error(
                lines.mark(event.start_mark),
                "YAML anchors ('&name') are not allowed; write the text out in full",
            )
        )
    if getattr(event, "tag", None) not in (None, "!"):
        raise _Refused(
            error(
                lines.mark(event.start_mark),
                f"YAML tags ('{event.tag}') are not allowed; remove the tag and keep only the text",
            )
        )


def _build_node(
    event: yaml.Event, events: Iterator[yaml.Event], lines: _Lines, problems: list[Problem]
) -> Node:
    _refuse_features(event, lines)
    pos = lines.mark(event.start_mark)
    if isinstance(event, yaml.ScalarEvent):
        comment = None if event.style else lines.comment_after(event)
        span = (event.start_mark.index, event.end_mark.index)
        written = lines.text[span[0] : span[1]]
        return Scalar(event.value, pos, comment, span, event.style or "", written)
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Node] = []
        for child in events:
            if isinstance(child, yaml.SequenceEndEvent):
                return Sequence(tuple(items), pos)
            items.append(_build_node(child, events, lines, problems))
    if isinstance(event, yaml.MappingStartEvent):
        return _build_mapping(pos, events, lines, problems)
    raise _Refused(error(pos, "unexpected YAML structure"))  # pragma: no cover


def _build_mapping(
    pos: Pos, events: Iterator[yaml.Event], lines: _Lines, problems: list[Problem]
) -> Mapping:
    entries: list[Entry] = []
    first_seen: dict[str, Pos] = {}
    for key_event in events:
        if isinstance(key_event, yaml.MappingEndEvent):
            return Mapping(tuple(entries), pos)
        key_node = _build_node(key_event, events, lines, problems)
        value = _build_node(next(events), events, lines, problems)
        if not isinstance(key_node, Scalar) or not key_node.text:
            problems.append(error(key_node.pos, "a key must be a plain word"))
            continue
        key = key_node.text
        if key in first_seen:
            problems.append(
                error(
                    key_node.pos,
                    f"the key '{key}' appears twice; it is "
                    f"already at line {first_seen[key].line}, keep only one",
                )
            )
            continue
        first_seen[key] = key_node.pos
        entries.append(Entry(key, key_node.pos, value))
    raise _Refused(error(pos, "the file ends inside a group of keys"))  # pragma: no cover


def walk_scalars(node: Node, prefix: str = "") -> Iterator[tuple[str, Scalar]]:
    """Every text value under `node` with its dotted key path, in file order."""
    if isinstance(node, Scalar):
        yield prefix, node
    elif isinstance(node, Mapping):
        for entry in node.entries:
            yield from walk_scalars(entry.value, f"{prefix}.{entry.key}" if prefix else entry.key)
    else:
        for i, item in enumerate(node.items):
            yield from walk_scalars(item, f"{prefix}.{i}")
