"""The editor's work on a translator's file: one value written in, nothing else changed.

A value is written over its own span in the file (the loader knows where every value starts and
ends), in the style it had where that reads back the same, else double-quoted or as a `|-`
block; then the file is parsed again to prove that only that value changed. Comments, order,
quoting, a byte-order mark and CRLF line endings stay as they were. A file changed on disk since
the page read it is merged when the change is elsewhere, and never overwritten unseen.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tract.fonts import Face, Family
from tract.outputs.cache import read_manifest
from tract.problems import Problem
from tract.source.load import load_locale
from tract.source.markup import Placeholder, scan
from tract.source.model import Language, LocaleFile, Project
from tract.source.strings import is_plural, leaves, node_at, plural_counts, plural_tags
from tract.source.yamlfile import Mapping, Scalar, parse, walk_scalars
from tract.translate.commands import Confirmed, confirm_group
from tract.translate.groups import Group, translation_groups
from tract.translate.sidebyside import Page, PageWriter, Row, names
from tract.translate.status import project_status
from tract.translate.sync import sync_file
from tract.write import write_atomic

MAX_VALUE = 20_000  # characters in one value: far more than any printed text
WRAP = 88  # folded texts are wrapped at this width, as translators write them


class Refused(Exception):
    """A request the editor will not carry out, said so that the page can show it."""


@dataclass(frozen=True)
class Conflict:
    """The value changed on disk too since the page read it: both, for the translator."""

    disk: str
    yours: str
    version: str


@dataclass(frozen=True)
class Saved:
    version: str  # of the file as it now is on disk
    merged: bool  # the file had changed elsewhere on disk; the value was written into it
    conflict: Conflict | None  # nothing was written: the translator chooses


def version(data: bytes) -> str:
    """What the page remembers of a file, to tell later whether it changed on disk."""
    return hashlib.sha256(data).hexdigest()[:16]


def group_of(project: Project, name: str) -> Group:
    for group in translation_groups(project):
        if group.name == name:
            return group
    raise Refused(f"there is no document '{name}'")


def editable_keys(source: Mapping, lang: str) -> list[str]:
    """The keys a translator may write in `lang`: every text of the source, and each plural
    form `lang` has for a plural group."""
    keys = []
    for key, node in leaves(source):
        if isinstance(node, Mapping) and is_plural(node):
            keys += [f"{key}.{tag}" for tag in plural_tags(lang)]
        else:
            keys.append(key)
    return keys


def row_of(source: Mapping, key: str) -> str:
    """The row a key is shown on: its own, or its plural group's for one of its forms."""
    return next((k for k, _ in leaves(source) if key == k or key.startswith(f"{k}.")), key)


def _decode(raw: bytes) -> tuple[str, bool, str]:
    """The file's text without its byte-order mark, whether it had one, its line ending."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    return text, bom, "\r\n" if "\r\n" in text else "\n"


def _texts(root: Mapping) -> dict[str, str]:
    return {key: scalar.text for key, scalar in walk_scalars(root)}


def _scalar_at(root: Mapping, key: str) -> Scalar | None:
    return next((s for k, s in walk_scalars(root) if k == key), None)


# What YAML may not hold as it is (controls, DEL, the C1 block, non-characters), and what
# would end a line for YAML but not in an editor (NEL, the Unicode line and paragraph
# separators) or vanish in one (a byte-order mark): written as YAML's escapes instead.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _quoted(value: str) -> str:
    """`value` double-quoted: a JSON string is a YAML one, with the same escapes."""
    quoted = json.dumps(value, ensure_ascii=False)  # controls below U+0020 as \uXXXX
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _block(value: str, style: str, indent: int, newline: str, folded: bool) -> str:
    pad = " " * indent
    if folded and "\n" not in value:
        lines = textwrap.wrap(value, WRAP - indent, break_long_words=False, break_on_hyphens=False)
    else:
        lines = value.split("\n")
    header = (">-" if folded and "\n" not in value else "|-") if style in "|>" else "|-"
    return header + newline + newline.join(pad + line if line else "" for line in lines) + newline


def _candidates(old: Scalar, value: str, indent: int, newline: str) -> list[str]:
    """Ways to write `value` in place of `old`, the most like the original first."""
    out = []
    if "\n" in value or old.style in ("|", ">"):
        out.append(_block(value, old.style, indent, newline, folded=old.style == ">"))
    if old.style == "" and "\n" not in value:
        out.append(value)
    if old.style == "'" and "\n" not in value:
        out.append("'" + value.replace("'", "''") + "'")
    out.append(_quoted(value))
    if "\n" in value:
        out.append(_block(value, "|", indent, newline, folded=False))
    return out


def replace_value(text: str, rel: str, key: str, value: str) -> str:
    """The file's text with `key`'s value written as `value`, proven by parsing it again."""
    root, problems = parse(text, rel)
    if not isinstance(root, Mapping) or any(p.is_error for p in problems):
        raise Refused("the file cannot be read as it is now; fix the error shown first")
    old = _scalar_at(root, key)
    if old is None:
        raise Refused(f"'{key}' is not in {rel}")
    start, end = old.span
    newline = "\r\n" if "\r\n" in text else "\n"
    indent = _key_indent(text, old) + 2
    block = old.style in ("|", ">")  # its span ends with the line's break, others' do not
    before = _texts(root)
    for written in _candidates(old, value, indent, newline):
        if block and not written.endswith(newline):
            written += newline
        elif not block and written.endswith(newline):
            written = written[: -len(newline)]
        gap = " " if start == end and text[start - 1 : start] == ":" else ""
        new = text[:start] + gap + written + text[end:]
        again, found = parse(new, rel)
        if not isinstance(again, Mapping) or any(p.is_error for p in found):
            continue
        after = _texts(again)
        if after.get(key) == value and {k: v for k, v in after.items() if k != key} == {
            k: v for k, v in before.items() if k != key
        }:
            return new
    raise Refused("this text cannot be written into the file safely; write it in a text editor")


def _key_indent(text: str, scalar: Scalar) -> int:
    """How far the key of a value is indented, from the start of the value's line."""
    line_start = text.rfind("\n", 0, scalar.span[0]) + 1
    line = text[line_start : scalar.span[0]]
    return len(line) - len(line.lstrip(" "))


def save(
    project: Project, doc: str, lang: str, key: str, value: str, base: str, was: str | None
) -> Saved:
    """Write one value of `lang`'s file of `doc`. `base` is the version of the file the page
    read and `was` the value it showed: when the value on disk is no longer `was`, someone
    changed it meanwhile, and nothing is written (both are returned); a change elsewhere in
    the file is merged. The caller holds the file's lock: this reads the file, then writes
    it."""
    if len(value) > MAX_VALUE:
        raise Refused(f"the text is longer than {MAX_VALUE} characters")
    if any("\ud800" <= c <= "\udfff" for c in value):
        raise Refused("the text holds half of a character (a lone surrogate); paste it again")
    group, file = target(project, doc, lang, key)
    root = project.root
    path = root / file.path
    on_disk = load_locale(path, lang, root, [])
    if on_disk.root is None or _scalar_at(on_disk.root, key) is None:
        source = group.files[project.site.source_lang]
        sync_file(root, source, on_disk, project.site.source_lang)
    raw = path.read_bytes()
    text, bom, _ = _decode(raw)
    current = _scalar_at_file(path, file.path, key)
    now = current.text if current is not None else ""
    if was is not None and now != was and now != value:  # changed on disk since the page read it
        return Saved(version(raw), False, Conflict(now, value, version(raw)))
    merged = version(raw) != base
    new = replace_value(text, file.path, key, value).encode()
    data = (b"\xef\xbb\xbf" if bom else b"") + new
    if data != raw:
        write_atomic(path, data)
    return Saved(version(data), merged, None)


def target(project: Project, doc: str, lang: str, key: str) -> tuple[Group, LocaleFile]:
    """The group and the translation file a request names, or why not: only a key of the
    source file, in a language it is translated into, may be written."""
    group = group_of(project, doc)
    source, file = _files(project, group, lang)
    if key not in editable_keys(source, lang):
        raise Refused(f"'{key}' is not a text of {group.files[project.site.source_lang].path}")
    return group, file


def translation(project: Project, doc: str, lang: str) -> LocaleFile:
    """The file of `doc` (a document, or the shared strings) in `lang`."""
    group = group_of(project, doc)
    if lang not in group.files:
        raise Refused(f"'{lang}' is not a language this document is translated into")
    return group.files[lang]


def _files(project: Project, group: Group, lang: str) -> tuple[Mapping, LocaleFile]:
    source_lang = project.site.source_lang
    if lang == source_lang or lang not in group.files:
        raise Refused(f"'{lang}' is not a language this document is translated into")
    source = group.files[source_lang]
    if source.root is None:
        raise Refused(f"{source.path} cannot be read; python build.py check says why")
    return source.root, group.files[lang]


def _scalar_at_file(path: Path, rel: str, key: str) -> Scalar | None:
    root, _ = parse(_decode(path.read_bytes())[0], rel)
    return _scalar_at(root, key) if isinstance(root, Mapping) else None


def trial(project: Project, doc: str, lang: str, key: str, value: str) -> Project | None:
    """The project as it would be with `value` written as `key` of `lang`'s file of `doc`,
    in memory, for the checks as a translator types; None where the file does not have the
    key yet (it is added on saving) or would not read."""
    _, file = target(project, doc, lang, key)
    path = project.root / file.path
    if not path.is_file() or _scalar_at_file(path, file.path, key) is None:
        return None
    new = replace_value(_decode(path.read_bytes())[0], file.path, key, value)
    node, _ = parse(new, file.path)
    if not isinstance(node, Mapping):
        return None
    return with_file(project, doc, dataclasses.replace(file, root=node))


def with_file(project: Project, doc: str, file: LocaleFile) -> Project:
    """The project with one translation file read anew."""
    if doc in project.documents:
        return dataclasses.replace(project, locales={**project.locales, (doc, file.lang): file})
    return dataclasses.replace(project, strings={**project.strings, file.lang: file})


@dataclass(frozen=True)
class Field:
    """One `<textarea>` of the editor: a text, or one plural form of it."""

    name: str  # the dotted key, as the file has it
    label: str  # the plural form, or ""
    value: str


@dataclass(frozen=True)
class State:
    """What the editor's script asks for after each build: the file's version, each row's
    status, messages and picture, what is about the whole translation and how it fits."""

    build: str  # the build the pictures come from
    version: str
    counts: dict[str, int]
    rows: tuple[Row, ...]
    whole: tuple[str, ...]
    fit: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "build": self.build,
            "version": self.version,
            "counts": self.counts,
            "rows": [row.to_json() for row in self.rows],
            "whole": list(self.whole),
            "fit": list(self.fit),
        }


@dataclass(frozen=True)
class EditorPage:
    """Everything the editor of one document in one language shows: the side-by-side page,
    each row with its fields, and the version of the file the fields were read from."""

    page: Page
    version: str
    font_css: str  # the language's font stack, for the fields
    font_faces: tuple[tuple[str, int, str, str], ...]  # family, weight, style, address
    fit: tuple[str, ...]  # how each page fitted in the last build
    fields: dict[str, tuple[Field, ...]]  # by row
    chips: dict[str, tuple[str, ...]]  # the placeholders a row's source text has

    def names(self) -> dict[str, object]:
        """Its values by name, the side-by-side page's among them, for the template."""
        own = {k: v for k, v in names(self).items() if k != "page"}
        return {**names(self.page), **own}

    def state(self, build: str) -> State:
        page = self.page
        return State(build, self.version, page.counts, page.rows, page.whole, self.fit)


def editor_page(project: Project, problems: Sequence[Problem], doc: str, lang: str) -> EditorPage:
    """The editor's page; `problems` are every problem known of the project, the last
    build's among them, so that a text that does not fit says so on its row."""
    group = group_of(project, doc)
    source, file = _files(project, group, lang)
    status = project_status(project, list(problems))
    page = PageWriter(project, status).page(group, lang)
    path = project.root / file.path
    language = project.lang[lang]
    return EditorPage(
        page,
        version(path.read_bytes()) if path.is_file() else version(b""),
        language.font_css,
        tuple(
            (family.name, face.weight, face.style, f"/_tract/font/{lang}/{number}")
            for number, (family, face) in enumerate(language_faces(language))
        ),
        fit_meter(project.root, doc, lang),
        {row.key: _fields(source, file, lang, row.key) for row in page.rows},
        {
            row.key: tuple(sorted({i.name for i in scan(row.source) if isinstance(i, Placeholder)}))
            for row in page.rows
        },
    )


def language_faces(language: Language) -> list[tuple[Family, Face]]:
    """The font files a language's texts are set in, in its stack's order: the editor's fields
    use them too, so a translator sees the letters the PDF will have."""
    return [(family, face) for family in language.stack for face in family.faces]


def fit_meter(root: Path, doc: str, lang: str) -> tuple[str, ...]:
    """How each page of the last build fits, in lines, as the layout measured it."""
    entries, _ = read_manifest(root)
    entry = entries.get((doc, lang))
    said = []
    for number, room in enumerate(entry.made.room if entry else (), start=1):
        lines = round(abs(room))
        plural = "" if lines == 1 else "s"
        if room < 0:
            said.append(f"page {number}: overflows by {lines} line{plural}")
        else:
            said.append(f"page {number}: room for about {lines} more line{plural}")
    return tuple(said)


def _fields(source: Mapping, file: LocaleFile, lang: str, key: str) -> tuple[Field, ...]:
    node = node_at(source, key)
    if isinstance(node, Mapping) and is_plural(node):
        return tuple(
            Field(
                f"{key}.{tag}",
                f"{tag}: for counts {plural_counts(lang, tag)}",
                _value(file, f"{key}.{tag}"),
            )
            for tag in plural_tags(lang)
        )
    return (Field(key, "", _value(file, key)),)


def _value(file: LocaleFile, key: str) -> str:
    node = node_at(file.root, key) if file.root is not None else None
    return node.text if isinstance(node, Scalar) else ""


def confirm(project: Project, doc: str, lang: str) -> Confirmed:
    """The editor's "I checked this translation" button: `python build.py translated`. The
    caller holds the locks of the translation and of the lock file."""
    group = group_of(project, doc)
    _files(project, group, lang)
    return confirm_group(project.root, group, lang, project.site.source_lang)
