"""Side-by-side pages for translators: output/translate/<lang>/<doc>.html.

One row per string: the source text with its comment, the translation, its status, and a small
picture of the PDF page where the string is printed, with the string outlined, so a translator
sees where a text goes without reading templates. The pictures are the page previews the build
drew; where a string is printed is what the layout recorded (the build's manifest), never a
search of the PDF's text, which gives Arabic back in visual order and hyphenated words split.
The HTML is static, with no script and nothing remote, so it opens from the disk (file://).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

from tract.outputs.cache import read_manifest
from tract.render.templates import pages_environment
from tract.render.words import words
from tract.report import Spot
from tract.source.model import Project
from tract.source.strings import entry_at, leaf_text, leaves, node_at
from tract.source.yamlfile import Mapping, Node
from tract.translate.groups import Group
from tract.translate.status import LangStatus, Status
from tract.variants import OUTPUT, preview_path, previewed, side_by_side_path
from tract.write import write_atomic

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ENGLISH = "en"  # the side-by-side pages, read from the disk, speak English


@dataclass(frozen=True)
class Picture:
    spot: Spot
    src: str  # relative to the side-by-side page
    href: str  # the PDF, opened at that page
    lang: str  # the language of the PDF it comes from

    def to_json(self) -> dict[str, object]:
        """Where the editor's script moves a row's picture to after a build."""
        return {**self.spot.to_json(), "src": self.src}


@dataclass(frozen=True)
class Change:
    """A run of words of a stale string's source: kept, gone or new since it was confirmed."""

    kind: str  # "same", "old" or "new"
    text: str


@dataclass(frozen=True)
class Row:
    key: str
    line: int  # in the translation file; 0 where it does not have the key
    context: str  # the comment above the key in the source file
    source: str
    translation: str | None
    status: str  # done, unreviewed (done, not confirmed by a reviewer), missing, stale, broken
    messages: tuple[str, ...]
    picture: Picture | None
    # a stale string's source, old to new, word by word; () where the lock kept no old text
    changes: tuple[Change, ...] | None = None

    def to_json(self) -> dict[str, object]:
        """What the editor's script refreshes of a row after a build."""
        picture = self.picture.to_json() if self.picture is not None else None
        return {
            "key": self.key,
            "status": self.status,
            "messages": list(self.messages),
            "picture": picture,
        }


@dataclass(frozen=True)
class Page:
    """What a page about one group (a document, or the shared strings) in one language
    shows: the side-by-side page, and the editor in `serve`, which is the same page with a
    field for each text."""

    doc: str
    lang: str
    dir: str  # its language's direction
    source_lang: str
    status: LangStatus
    rows: tuple[Row, ...]
    path: str  # the translation's file
    source_path: str
    about: str  # the comment that opens the source file, about all of it
    pdf: str | None  # the document's screen PDF in this language, when there is one
    is_doc: bool  # a document, rather than the shared strings
    outdated: bool  # a text changed after the PDF was made, so its pictures may be old
    whole: tuple[str, ...]  # what is about the whole translation, on no text's row
    counts: dict[str, int]  # rows by status


def names(record: DataclassInstance) -> dict[str, object]:
    """A record's fields by name, for a page template that reads them as its own names."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def word_changes(old: str, new: str) -> tuple[Change, ...]:
    """What changed in a source text, word by word, so a translator sees what to redo
    rather than comparing two paragraphs by eye."""
    a, b = old.split(), new.split()
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(Change("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Change("old", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Change("new", " ".join(b[j1:j2])))
    return tuple(out)


def _changes(key: str, source: str, s: LangStatus) -> tuple[Change, ...] | None:
    if key not in s.was:
        return None
    was = s.was[key]
    return () if was is None else word_changes(was, source)


def comments_above(path: Path) -> dict[int, str]:
    """The comment lines right above each line of a file, by 1-based line number."""
    lines = path.read_text(encoding="utf-8-sig").splitlines() if path.is_file() else []
    out: dict[int, str] = {}
    block: list[str] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            block.append(stripped.lstrip("#").strip())
            continue
        if block and stripped:
            out[number] = " ".join(block)
        if stripped or block:
            block = []
    return out


def _status_of(key: str, s: LangStatus) -> str:
    for name, keys in (
        ("broken", s.broken),
        ("stale", s.stale),
        ("missing", s.missing),
        ("unreviewed", s.unreviewed),
    ):
        if key in keys:
            return name
    return "done"


def _translated_text(node: Node | None) -> str | None:
    text = leaf_text(node) if node is not None else ""
    return text if text.strip() else None


class PageWriter:
    """Writes the side-by-side pages. Where each string is printed comes from the build's
    manifest: the layout recorded it, whatever the script or direction."""

    def __init__(self, project: Project, status: Status) -> None:
        self.project = project
        self.status = status
        self.env = pages_environment()
        entries, _ = read_manifest(project.root)
        self.spots = {key: entry.made.spots for key, entry in entries.items()}

    def write(self, group: Group, lang: str) -> None:
        page = self.page(group, lang)
        html = self.env.get_template("sidebyside.html.j2").render(**names(page), w=words(ENGLISH))
        write_atomic(self.project.root / side_by_side_path(group.name, lang), html.encode())

    def page(self, group: Group, lang: str) -> Page:
        source_lang = self.status.source_lang
        s = self.status.groups[group.name][lang]
        source, file = group.files[source_lang], group.files[lang]
        is_doc = group.name in self.project.documents
        pdf = self.project.root / previewed(group.name, lang).path
        own = pdf if is_doc and pdf.is_file() else None
        assert source.root is not None
        context = comments_above(self.project.root / source.path)
        # The comment that opens the file is about all of it, not its first key.
        opening = source.root.entries[0].key_pos.line if source.root.entries else 0
        about = context.pop(opening, "")
        rows = self._rows(group, lang, s, context)
        return Page(
            doc=group.name,
            lang=lang,
            dir=self.project.lang[lang].direction,
            source_lang=source_lang,
            status=s,
            rows=rows,
            path=file.path,
            source_path=source.path,
            about=about,
            pdf=_link(previewed(group.name, lang).path) if own else None,
            is_doc=is_doc,
            outdated=self._outdated(own, [source.path, file.path]),
            # what is about the whole translation, on no text's row
            whole=tuple(str(e.problem) for e in s.errors if e.key is None),
            counts={
                name: sum(r.status == name for r in rows)
                for name in ("done", "unreviewed", "missing", "stale", "broken")
            },
        )

    def _outdated(self, pdf: Path | None, paths: list[str]) -> bool:
        """Whether a text file changed after the PDF was built, so pictures may be old."""
        if pdf is None:
            return False
        built = pdf.stat().st_mtime
        files = [self.project.root / p for p in paths]
        return any(f.is_file() and f.stat().st_mtime > built for f in files)

    def _rows(
        self, group: Group, lang: str, s: LangStatus, context: dict[int, str]
    ) -> tuple[Row, ...]:
        source_lang = self.status.source_lang
        source, file = group.files[source_lang], group.files[lang]
        assert source.root is not None
        is_doc = group.name in self.project.documents
        rows = []
        for key, node in leaves(source.root):
            dst = node_at(file.root, key) if file.root is not None else None
            translation = _translated_text(dst)
            status = _status_of(key, s)
            messages = tuple(
                str(e.problem)
                for e in s.errors
                if e.key == key or (e.key or "").startswith(f"{key}.")
            )
            picture = self._picture(group.name, lang, key) if is_doc else None
            text = leaf_text(node)
            rows.append(
                Row(
                    key,
                    _line(file.root, key),
                    context.get(_line(source.root, key), ""),
                    text,
                    translation,
                    status,
                    messages,
                    picture,
                    _changes(key, text, s),
                )
            )
        return tuple(rows)

    def _picture(self, doc: str, lang: str, key: str) -> Picture | None:
        """Where the string is printed in the translation's PDF (a draft prints the source
        text in place of a missing one, under the same key), else in the source's."""
        marked = f"text.{key}"
        for pdf_lang in (lang, self.status.source_lang):
            spot = next(
                (
                    s
                    for s in self.spots.get((doc, pdf_lang), ())
                    if s.key == marked or s.key.startswith(f"{marked}.")
                ),
                None,
            )
            if spot is None:
                continue
            preview = preview_path(doc, pdf_lang, spot.page)
            if (self.project.root / preview).is_file():  # drawn by the build's workers
                return Picture(
                    spot,
                    _link(preview),
                    _link(previewed(doc, pdf_lang).path) + f"#page={spot.page}",
                    pdf_lang,
                )
        return None


def _link(path: str) -> str:
    """A project path as a link from a side-by-side page, two folders below output/."""
    return "../../" + path.removeprefix(f"{OUTPUT}/")


def _line(root: Mapping | None, key: str) -> int:
    """The line of a dotted key in a file, or 0 where the file does not have it."""
    entry = entry_at(root, key)
    return entry.key_pos.line if entry is not None else 0


def write_pages(project: Project, status: Status, groups: list[Group], langs: list[str]) -> int:
    """Write the side-by-side page of each group and language asked for; returns how many."""
    writer = PageWriter(project, status)
    count = 0
    for group in groups:
        for lang in langs:
            if lang in status.groups.get(group.name, {}):
                writer.write(group, lang)
                count += 1
    return count
