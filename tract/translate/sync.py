"""Sync: add the keys a translation file lacks, in the source's order, each with the source text
as a comment above an empty value, and keep all that the translator wrote.

The file goes through a ruamel.yaml round trip, which keeps comments, order and quoting. A file
with nothing missing is not written at all, so it stays byte for byte. Nothing is ever deleted:
keys the source does not have are reported, not removed. ruamel.yaml hangs a comment line on
the value before it, so before a key is inserted the comment lines above the next key are moved
after the new one, where they stay above the key they describe.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from tract.checks.content import compare
from tract.problems import Problem, error, warning
from tract.source.model import LocaleFile
from tract.source.schema import did_you_mean
from tract.source.strings import entry_at, is_plural, plural_counts, plural_tags
from tract.source.yamlfile import Mapping, Node, Scalar, parse, walk_scalars
from tract.translate.groups import Group
from tract.write import write_atomic

LINE_WIDTH = 100


@dataclass(frozen=True)
class Synced:
    """What sync did to one translation file."""

    path: str
    added: tuple[str, ...]
    created: bool
    problems: tuple[Problem, ...]


def _comment(lang: str, text: str, indent: int, counts: str = "") -> str:
    """The source text as comment lines ("fr: …"), wrapped to fit the line width; for a
    plural form, first the counts it is for."""
    width = max(40, LINE_WIDTH - indent - len(lang) - 4)
    lines = [
        line
        for para in text.strip().split("\n")
        for line in (textwrap.wrap(para, width, break_on_hyphens=False) or [""])
    ]
    pad = " " * (len(lang) + 2)
    said = [f"{lang}: {lines[0]}"] + [pad + line for line in lines[1:]]
    return "\n".join(([f"for counts {counts}"] if counts else []) + said)


def _is_block(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _deepest_last(owner: CommentedMap, key: Any) -> tuple[CommentedMap, Any]:
    """The last value written under a key: comments that follow it hang there."""
    while isinstance(owner[key], CommentedMap) and len(owner[key]):
        owner, key = owner[key], list(owner[key])[-1]
    return owner, key


def _take_following(owner: CommentedMap, key: Any) -> str:
    """Remove and return the comment lines after a key's value (those above the next key),
    leaving a comment on the key's own line where it is."""
    owner, key = _deepest_last(owner, key)
    slots = owner.ca.items.get(key)
    if not slots or slots[2] is None:
        return ""
    token = slots[2]
    if _is_block(owner[key]):  # a block text ends with its line break: all lines follow it
        head, tail = "", token.value
    else:
        head, _, tail = token.value.partition("\n")
    slots[2] = CommentToken(head + "\n", token.start_mark, None) if head.strip() else None
    return str(tail)


def _take_first(holder: CommentedMap, key: Any) -> str:
    """Remove and return the comment lines above the first key of the group under `key`."""
    slots = holder.ca.items.get(key)
    if not slots:
        return ""
    group = holder[key]
    if slots[2] is not None:  # a comment on the group's own line, then the lines below it
        head, _, tail = slots[2].value.partition("\n")
        slots[2].value = head + "\n"
        return str(tail)
    tokens = slots[3] or []
    slots[3] = None
    if isinstance(group, CommentedMap) and group.ca.comment:
        group.ca.comment[1] = None
    return "".join(" " * t.column + t.value for t in tokens)


def _put_following(owner: CommentedMap, key: Any, lines: str) -> None:
    if lines:
        owner, key = _deepest_last(owner, key)
        slots = owner.ca.items.setdefault(key, [None, None, None, None])
        slots[2] = CommentToken("\n" + lines, CommentMark(0), None)


class _Filler:
    """Adds what the source has and the translation lacks, recording every key added."""

    def __init__(self, source_lang: str, lang: str, indent: int) -> None:
        self.source_lang, self.lang, self.indent = source_lang, lang, indent
        self.added: list[str] = []

    def fill(
        self,
        src: Mapping,
        dst: CommentedMap,
        prefix: str,
        depth: int,
        holder: tuple[CommentedMap, Any] | None,
    ) -> None:
        present = {str(k): k for k in dst}
        anchor = None  # the key after which the next missing key goes
        for entry in src.entries:
            key = present.get(entry.key)
            if key is None:
                self._insert(entry.key, entry.value, dst, prefix, depth, anchor, holder)
                anchor = entry.key
                continue
            anchor = key
            value = dst[key]
            if isinstance(entry.value, Mapping):
                if isinstance(value, CommentedMap):
                    fill = self.forms if is_plural(entry.value) else self.fill
                    fill(entry.value, value, f"{prefix}{entry.key}.", depth + 1, (dst, key))
                elif value is None or (isinstance(value, str) and not value.strip()):
                    following = _take_following(dst, key)
                    dst[key] = self.new(entry.value, f"{prefix}{entry.key}", depth + 1)
                    _put_following(dst, key, following)

    def forms(
        self,
        src: Mapping,
        dst: CommentedMap,
        prefix: str,
        depth: int,
        holder: tuple[CommentedMap, Any] | None,
    ) -> None:
        """Add to plural forms already written the ones this language uses and lacks (a
        source that declared more forms later, say), each after the form it follows."""
        present = {str(k): k for k in dst}
        anchor = None
        for tag in plural_tags(self.lang):
            if tag in present:
                anchor = present[tag]
                continue
            source = src.get(tag) or src.get("other")
            assert source is not None
            self._insert(tag, source, dst, prefix, depth, anchor, holder, plural=True)
            anchor = tag

    def _insert(
        self,
        key: str,
        src: Node,
        dst: CommentedMap,
        prefix: str,
        depth: int,
        anchor: Any,
        holder: tuple[CommentedMap, Any] | None,
        plural: bool = False,
    ) -> None:
        if anchor is not None:
            following = _take_following(dst, anchor)
        else:  # the first key of the file keeps the file's opening comment above it
            following = _take_first(*holder) if holder is not None else ""
        index = list(dst).index(anchor) + 1 if anchor is not None else 0
        dst.insert(index, key, self.new(src, f"{prefix}{key}", depth + 1))
        if isinstance(src, Scalar):
            counts = plural_counts(self.lang, key) if plural else ""
            dst.yaml_set_comment_before_after_key(
                key,
                before=_comment(self.source_lang, src.text, depth * self.indent, counts),
                indent=depth * self.indent,
            )
        _put_following(dst, key, following)

    def new(self, src: Node, key: str, depth: int) -> Any:
        """An empty value for a source string, or a group of them, or plural forms."""
        if isinstance(src, Mapping) and is_plural(src):
            return self._plural(src, key, depth)
        if not isinstance(src, Mapping):
            self.added.append(key)
            return None
        group = CommentedMap()
        for entry in src.entries:
            group[entry.key] = self.new(
                entry.value, f"{key}.{entry.key}" if key else entry.key, depth + 1
            )
            if isinstance(entry.value, Scalar):
                group.yaml_set_comment_before_after_key(
                    entry.key,
                    before=_comment(self.source_lang, entry.value.text, depth * self.indent),
                    indent=depth * self.indent,
                )
        return group

    def _plural(self, src: Mapping, key: str, depth: int) -> CommentedMap:
        """The plural forms this language needs, each with the source form it matches."""
        self.added.append(key)
        forms = CommentedMap()
        for tag in plural_tags(self.lang):
            forms[tag] = None
            source = src.get(tag) or src.get("other")
            if isinstance(source, Scalar):
                counts = plural_counts(self.lang, tag)
                forms.yaml_set_comment_before_after_key(
                    tag,
                    before=_comment(self.source_lang, source.text, depth * self.indent, counts),
                    indent=depth * self.indent,
                )
        return forms


def _yaml(indent: int) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a translator's lines
    yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
    return yaml


def _extra(src: Mapping, dst: Mapping, lang: str) -> list[Problem]:
    """A warning at each key the source does not have: reported, never removed."""
    out = []
    for key in compare(src, dst, lang).extra:
        entry = entry_at(dst, key)
        parent = entry_at(src, key.rpartition(".")[0]) if "." in key else None
        siblings = (
            parent.value.keys() if parent and isinstance(parent.value, Mapping) else (src.keys())
        )
        if entry is not None:
            out.append(
                warning(
                    entry.key_pos,
                    f"'{key}' is not in the source file, so it is "
                    "never printed; sync leaves it: rename it to the source's key"
                    + did_you_mean(entry.key, siblings)
                    + " or delete it",
                )
            )
    return out


def _unchanged(old: Mapping, text: str, rel: str) -> bool:
    """Whether every text the translator had is still there, word for word."""
    new, problems = parse(text, rel)
    if new is None or problems:
        return False
    texts = dict(walk_scalars(new))
    return all(
        k in texts and texts[k].text == s.text for k, s in walk_scalars(old) if s.text.strip()
    )


def _indent(root: Mapping) -> int:
    """The file's own indentation step, so that writing it back keeps it."""
    for entry in root.entries:
        if isinstance(entry.value, Mapping) and entry.value.entries:
            return entry.value.entries[0].key_pos.col - entry.key_pos.col
    return 2


def _blank(path: Path) -> bool:
    """No file, or one with nothing in it at all: sync writes it from the source."""
    return not path.is_file() or not path.read_bytes().strip()


def sync_file(root: Path, source: LocaleFile, file: LocaleFile, source_lang: str) -> Synced:
    """Add every missing key to one translation file, creating it if there is none."""
    assert source.root is not None
    path = root / file.path
    if _blank(path):
        return _create(path, source, file, source_lang)
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    assert file.root is not None
    indent = _indent(file.root)
    data = _yaml(indent).load(text.replace("\r\n", "\n"))
    filler = _Filler(source_lang, file.lang, indent)
    filler.fill(source.root, data, "", 0, None)
    extra = tuple(_extra(source.root, file.root, file.lang))
    if not filler.added:
        return Synced(file.path, (), False, extra)
    out = io.StringIO()
    _yaml(indent).dump(data, out)
    new = out.getvalue()
    if not _unchanged(file.root, new, file.path):
        return Synced(
            file.path,
            (),
            False,
            (
                *extra,
                error(
                    file.root.pos,
                    "sync could not add the missing keys without changing text already "
                    "in this file, so it left the file as it was; add them by hand, copying "
                    "the keys from the source file",
                ),
            ),
        )
    new = new.replace("\n", "\r\n") if crlf else new
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + new.encode())
    return Synced(file.path, tuple(filler.added), False, extra)


def _create(path: Path, source: LocaleFile, file: LocaleFile, source_lang: str) -> Synced:
    assert source.root is not None
    filler = _Filler(source_lang, file.lang, 2)
    data = filler.new(source.root, "", 0)
    data.yaml_set_start_comment(
        f"{file.lang} translation of {source.path}. Write each text after its key; the "
        f"{source_lang} text is in the comment above it.\nSee docs/translating.md for the rules."
    )
    out = io.StringIO()
    _yaml(2).dump(data, out)
    write_atomic(path, out.getvalue().encode())
    return Synced(file.path, tuple(filler.added), True, ())


def sync_groups(
    root: Path,
    groups: list[Group],
    langs: list[str],
    source_lang: str,
    load_problems: list[Problem],
) -> list[Synced]:
    out = []
    for group in groups:
        source = group.files[source_lang]
        if source.root is None:
            continue
        for lang in (lang for lang in langs if lang in group.files):
            file = group.files[lang]
            unreadable = (
                []
                if _blank(root / file.path)
                else [p for p in load_problems if group.has(p, lang) and p.is_error]
            )
            if unreadable:
                out.append(Synced(file.path, (), False, tuple(unreadable)))
                continue
            out.append(sync_file(root, source, file, source_lang))
    return out
