"""Side-by-side pages for translators: output/translate/<lang>/<doc>.html.

One row per string: the source text with its comment, the translation, its status, and a small
picture of the PDF page where the string is printed, with the string outlined, so a translator
sees where a text goes without reading templates. The pictures are the page previews the build
drew; a string is found by searching each page's text in the built PDF (pypdfium2). The HTML
is static, with no script and nothing remote, so it opens from the disk (file://).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from tract.render.resolve import printed_text
from tract.render.templates import pages_environment
from tract.source.markup import PLACEHOLDER
from tract.source.model import Project
from tract.source.strings import entry_at, leaf_text, leaves, node_at
from tract.source.yamlfile import Mapping, Node
from tract.translate.groups import Group
from tract.translate.status import LangStatus, Status
from tract.variants import OUTPUT, Output, preview_path, side_by_side_path
from tract.write import write_atomic


def squeeze(text: str) -> str:
    """Text reduced to what survives any layout: no spaces, hyphens or case, so a string is
    found however lines broke or a heading was set in capitals."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if not c.isspace() and c not in "-\u00ad\u2010\u2011")


def _percent(part: float, whole: float) -> float:
    return round(100 * part / whole, 2)


@dataclass(frozen=True)
class Spot:
    """Where a string was found: 1-based page and its outline in percent of the page."""

    page: int
    left: float
    top: float
    width: float
    height: float


class PdfText:
    """The text of every page of one PDF, searchable whatever the line breaks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf = pdfium.PdfDocument(path)
        self.pages: list[tuple[str, list[int]]] = []
        for page in self.pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range(0, textpage.count_chars())
            kept = [(i, c) for i, c in enumerate(text) if squeeze(c)]
            self.pages.append(
                ("".join(squeeze(c) for _, c in kept), [i for i, c in kept for _ in squeeze(c)])
            )

    def find(self, printed: str) -> Spot | None:
        """The first page holding the string; else its longest part between placeholders
        the template fills in, else its beginning."""
        parts = sorted(PLACEHOLDER.split(printed)[::2], key=len, reverse=True)
        for needle in dict.fromkeys([printed, parts[0], printed[:40]]):
            squeezed = squeeze(needle)
            if len(squeezed) < 3:
                continue
            for number, (text, index) in enumerate(self.pages):
                at = text.find(squeezed)
                if at >= 0:
                    return self._spot(number, index[at], index[at + len(squeezed) - 1])
        return None

    def _spot(self, number: int, first: int, last: int) -> Spot:
        page = self.pdf[number]
        textpage = page.get_textpage()
        width, height = page.get_size()
        boxes = [textpage.get_charbox(i) for i in range(first, last + 1)]
        left = min(b[0] for b in boxes)
        bottom = min(b[1] for b in boxes)
        right = max(b[2] for b in boxes)
        top = max(b[3] for b in boxes)
        return Spot(
            number + 1,
            _percent(left, width),
            _percent(height - top, height),
            _percent(right - left, width),
            _percent(top - bottom, height),
        )


@dataclass(frozen=True)
class Picture:
    spot: Spot
    src: str  # relative to the side-by-side page
    href: str  # the PDF, opened at that page
    lang: str  # the language of the PDF it comes from


@dataclass(frozen=True)
class Row:
    key: str
    line: int  # in the translation file; 0 where it does not have the key
    context: str  # the comment above the key in the source file
    source: str
    translation: str | None
    status: str  # done, missing, stale or broken
    messages: tuple[str, ...]
    picture: Picture | None


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
    for name, keys in (("broken", s.broken), ("stale", s.stale), ("missing", s.missing)):
        if key in keys:
            return name
    return "done"


def _translated_text(node: Node | None) -> str | None:
    text = leaf_text(node) if node is not None else ""
    return text if text.strip() else None


def _plain_for_search(node: Node) -> str:
    """The text to look for: a string, or the 'other' form of a plural."""
    if isinstance(node, Mapping):
        other = node.get("other")
        return leaf_text(other) if other is not None else ""
    return leaf_text(node)


@dataclass(frozen=True)
class Pdfs:
    """The built PDFs of one document: in the translation's language and in the source's."""

    own: PdfText | None
    source: PdfText | None


class PageWriter:
    """Writes the side-by-side pages, reading each PDF's text once."""

    def __init__(self, project: Project, status: Status) -> None:
        self.project = project
        self.status = status
        self.env = pages_environment()
        self._pdfs: dict[tuple[str, str], PdfText | None] = {}

    def close(self) -> None:
        for pdf in self._pdfs.values():
            if pdf is not None:
                pdf.pdf.close()

    def pdf(self, doc: str, lang: str) -> PdfText | None:
        if (doc, lang) not in self._pdfs:
            path = self.project.root / Output(doc, lang, "screen").path
            self._pdfs[(doc, lang)] = PdfText(path) if path.is_file() else None
        return self._pdfs[(doc, lang)]

    def write(self, group: Group, lang: str) -> None:
        html = self.env.get_template("sidebyside.html.j2").render(**self.page(group, lang))
        write_atomic(self.project.root / side_by_side_path(group.name, lang), html.encode())

    def page(self, group: Group, lang: str) -> dict[str, Any]:
        """What a page about one group in one language shows: the side-by-side page, and the
        editor in `serve`, which is the same page with a field for each text."""
        source_lang = self.status.source_lang
        s = self.status.groups[group.name][lang]
        source, file = group.files[source_lang], group.files[lang]
        is_doc = group.name in self.project.documents
        pdfs = Pdfs(
            self.pdf(group.name, lang) if is_doc else None,
            self.pdf(group.name, source_lang) if is_doc else None,
        )
        assert source.root is not None
        context = comments_above(self.project.root / source.path)
        # The comment that opens the file is about all of it, not its first key.
        opening = source.root.entries[0].key_pos.line if source.root.entries else 0
        about = context.pop(opening, "")
        rows = self._rows(group, lang, s, pdfs, context)
        return dict(
            doc=group.name,
            lang=lang,
            source_lang=source_lang,
            status=s,
            rows=rows,
            path=file.path,
            source_path=source.path,
            about=about,
            pdf=_link(Output(group.name, lang, "screen").path) if pdfs.own else None,
            is_doc=is_doc,
            outdated=self._outdated(pdfs.own, [source.path, file.path]),
            counts={
                name: sum(r.status == name for r in rows)
                for name in ("done", "missing", "stale", "broken")
            },
        )

    def _outdated(self, pdf: PdfText | None, paths: list[str]) -> bool:
        """Whether a text file changed after the PDF was built, so pictures may be old."""
        if pdf is None:
            return False
        built = pdf.path.stat().st_mtime
        files = [self.project.root / p for p in paths]
        return any(f.is_file() and f.stat().st_mtime > built for f in files)

    def _rows(
        self, group: Group, lang: str, s: LangStatus, pdfs: Pdfs, context: dict[int, str]
    ) -> list[Row]:
        source_lang = self.status.source_lang
        source, file = group.files[source_lang], group.files[lang]
        assert source.root is not None
        own, theirs = printed_text(self.project, lang), printed_text(self.project, source_lang)
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
            picture = self._picture(
                group.name,
                lang,
                pdfs,
                own(_plain_for_search(dst)) if translation and dst is not None else None,
                theirs(_plain_for_search(node)),
            )
            rows.append(
                Row(
                    key,
                    _line(file.root, key),
                    context.get(_line(source.root, key), ""),
                    leaf_text(node),
                    translation,
                    status,
                    messages,
                    picture,
                )
            )
        return rows

    def _picture(
        self, doc: str, lang: str, pdfs: Pdfs, translated: str | None, source: str
    ) -> Picture | None:
        """Find the string in the translation's PDF (where a draft shows the source text in
        place of a missing one), else the source text in the source-language PDF."""
        tries = [
            (pdfs.own, lang, translated or source),
            (pdfs.source, self.status.source_lang, source),
        ]
        for pdf, pdf_lang, text in tries:
            spot = pdf.find(text) if pdf is not None else None
            if spot is None:
                continue
            preview = preview_path(doc, pdf_lang, spot.page)
            if (self.project.root / preview).is_file():  # drawn by the build's workers
                return Picture(
                    spot,
                    _link(preview),
                    _link(Output(doc, pdf_lang, "screen").path) + f"#page={spot.page}",
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
    try:
        for group in groups:
            for lang in langs:
                if lang in status.groups.get(group.name, {}):
                    writer.write(group, lang)
                    count += 1
    finally:
        writer.close()
    return count
