"""The catalog, output/index.html: every document in every language at a glance, with page
previews, links to each file, and what went wrong where, in plain HTML that opens from disk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError

from tract.outputs.cache import Entry, quick_languages
from tract.outputs.status import StatusFile, Translation, read_status
from tract.problems import Problem, sort_unique
from tract.render.templates import pages_environment
from tract.report import Made, Preview, Report
from tract.source.model import Project
from tract.source.paths import document_ids
from tract.variants import (
    INDEX,
    OUTPUT,
    VARIANTS,
    Output,
    described,
    side_by_side_path,
)
from tract.write import write_atomic


@dataclass(frozen=True)
class FileLink:
    href: str
    label: str
    purpose: str
    pages: int  # 0 for files that are not PDFs
    kb: int


@dataclass(frozen=True)
class ScreenImage:
    """A screen image on a card: the picture itself, and the words a screen reader says for
    it, to paste into the app's alt-text field."""

    href: str
    label: str
    purpose: str
    width: int
    height: int
    kb: int
    alt: str  # "" when its text file is missing
    alt_href: str


@dataclass(frozen=True)
class Card:
    """One document in one language."""

    doc: str
    lang: str
    language: str
    state: str  # built, current, failed or absent
    reasons: tuple[str, ...]
    title: str
    files: tuple[FileLink, ...]
    previews: tuple[Preview, ...]
    problems: tuple[Problem, ...]
    translation: Translation | None
    unreviewed: bool = False  # no reviewer confirmed it: made only as a marked draft
    images: tuple[ScreenImage, ...] = ()  # screen images, for phones

    @property
    def warnings(self) -> int:
        return sum(not p.is_error for p in self.problems)

    @property
    def tone(self) -> str:
        if self.state == "failed":
            return "fail"
        if self.state == "absent":
            return "none"
        return "warn" if self.warnings else "ok"


@dataclass(frozen=True)
class Row:
    """One document, its languages side by side."""

    doc: str
    title: str
    meta: str
    problems: tuple[Problem, ...]
    cards: tuple[Card, ...]

    def card(self, lang: str) -> Card | None:
        """Its card in a language, or None when the document is not made in it."""
        return next((c for c in self.cards if c.lang == lang), None)


@dataclass(frozen=True)
class Catalog:
    name: str
    languages: tuple[str, ...]
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...]
    counts: dict[str, int]
    when: str


def publish_catalog(
    root: Path, project: Project | None, report: Report, entries: dict[tuple[str, str], Entry]
) -> None:
    """Write output/index.html from the build's result and the manifest it saved."""
    write_atomic(root / INDEX, render(gather(root, project, report, entries)).encode())


def gather(
    root: Path, project: Project | None, report: Report, entries: dict[tuple[str, str], Entry]
) -> Catalog:
    """What the page shows: the build's result, what earlier builds made (the manifest) and
    the translation status a `status` run left."""
    # every folder with a document.yaml, even one too broken to load, so its errors show
    docs = document_ids(root)
    if project is not None:
        languages, name = project.languages, project.site.organisation.name
    else:  # the project could not be read: list what we can, the errors say the rest
        languages, name = quick_languages(root) or (), ""
    status = read_status(root)
    problems = sort_unique(report.problems)
    made = {key: entry.made for key, entry in entries.items()}
    rows = tuple(
        _row(root, project, report, made, problems, status, doc, languages) for doc in docs
    )
    cards = [card for row in rows for card in row.cards]
    counts = {
        state: sum(card.state == state for card in cards)
        for state in ("built", "current", "failed", "absent")
    }
    counts["errors"] = sum(p.is_error for p in problems)
    counts["warnings"] = len(problems) - counts["errors"]
    return Catalog(
        name,
        tuple(languages),
        rows,
        _once(p for p in problems if p.about.doc is None),  # about no one document
        counts,
        dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
    )


def _row(
    root: Path,
    project: Project | None,
    report: Report,
    made: dict[tuple[str, str], Made],
    problems: list[Problem],
    status: StatusFile,
    doc: str,
    languages: tuple[str, ...],
) -> Row:
    spec = project.documents.get(doc) if project else None
    cards = tuple(
        _card(root, report, made.get((doc, lang)), problems, status, doc, lang)
        for lang in languages
        if spec is None or lang in spec.languages
    )
    title = next((c.title for c in cards if c.title), doc)
    whole = _once(p for p in problems if p.about.of(doc, None))
    return Row(doc, title, _meta(project, doc), whole, cards)


def _once(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Each problem as said once: the screen and the print PDF overflow alike."""
    return tuple({str(p): p for p in problems}.values())


def _meta(project: Project | None, doc: str) -> str:
    """The document's format in words: "A6 · 2 pages"."""
    spec = project.documents.get(doc) if project else None
    if spec is None:
        return ""
    size = spec.page.css
    if "mm" in size:
        size = f"{spec.page.width_mm:g} × {spec.page.height_mm:g} mm"
    pages = spec.pages.count
    count = (
        f"{pages} or more pages"
        if spec.pages.at_least
        else (f"{pages} page" + ("s" if pages != 1 else ""))
    )
    return f"{size} · {count}"


def _card(
    root: Path,
    report: Report,
    made: Made | None,
    problems: list[Problem],
    status: StatusFile,
    doc: str,
    lang: str,
) -> Card:
    mine = _once(p for p in problems if p.about.of(doc, lang))
    why_not = [f.reason for f in report.failures(doc, lang)]
    # each variant fails for the same reason, often one the problems below already say
    reasons = tuple(dict.fromkeys(w for w in why_not if w not in {p.message for p in mine}))
    if why_not or report.halted:
        state = "failed"
    elif (doc, lang) in report.built:
        state = "built"
    else:
        state = "current" if (doc, lang) in report.current else "absent"
    return Card(
        doc,
        lang,
        _language_name(lang),
        state,
        reasons,
        made.title if made else "",
        _files(root, made, doc, lang),
        made.previews if made else (),
        mine,
        status.get(doc, lang),
        (doc, lang) in report.unreviewed,
        _images(root, made),
    )


def _on_screen(output: Output) -> bool:
    """A screen image, or the words for one: shown with the image, not in the list of files."""
    return VARIANTS[output.kind.source or output.variant].is_image


def _images(root: Path, made: Made | None) -> tuple[ScreenImage, ...]:
    """The screen images a document has in output/, in the table's order, each with the
    words written beside it."""
    order = list(VARIANTS)
    files = sorted(made.files if made else (), key=lambda b: order.index(b.output.variant))
    shared = []
    for built in files:
        output, canvas = built.output, built.output.kind.canvas
        words = described(output)
        if canvas is None or words is None:
            continue
        try:
            alt = (root / words.path).read_text(encoding="utf-8").strip()
        except OSError:
            alt = ""
        shared.append(
            ScreenImage(
                _href(output.path),
                output.kind.label,
                output.kind.purpose,
                canvas.width,
                canvas.height,
                max(1, built.size // 1024),
                alt,
                _href(words.path),
            )
        )
    return tuple(shared)


def _files(root: Path, made: Made | None, doc: str, lang: str) -> tuple[FileLink, ...]:
    """Links to what the document has in output/, in the table's order, with pages and sizes;
    the screen images are shown apart, with their words."""
    order = list(VARIANTS)
    files = sorted(made.files if made else (), key=lambda b: order.index(b.output.variant))
    links = [
        FileLink(
            _href(b.output.path),
            b.output.kind.label,
            b.output.kind.purpose,
            b.pages,
            max(1, b.size // 1024),
        )
        for b in files
        if not _on_screen(b.output)
    ]
    side = root / side_by_side_path(doc, lang)
    if side.is_file():  # written by `python build.py status`
        links.append(
            FileLink(
                _href(side_by_side_path(doc, lang)),
                "Side by side",
                "each text beside its source, with the page it is on",
                0,
                max(1, side.stat().st_size // 1024),
            )
        )
    return tuple(links)


def _href(path: str) -> str:
    """A project path as a link from output/index.html."""
    return path.removeprefix(f"{OUTPUT}/")


def _language_name(lang: str) -> str:
    """Each language named in its own words: nl is "Nederlands"."""
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:]


def render(catalog: Catalog) -> str:
    return pages_environment().get_template("catalog.html.j2").render(c=catalog)
