"""Judge each laid-out PDF before it is published: pages, text that does not fit, fonts,
readable type, accessibility and WeasyPrint's own log, and each finished print PDF against
our preflight for the press, each said as a problem."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from tract.checks.easyread import split_words
from tract.finish.preflight import preflight
from tract.fonts import embedded_fonts
from tract.layout.accessibility import ua_problems
from tract.layout.jobs import Job, LaidOut
from tract.problems import Pos, Problem, Subject, about, error, warning
from tract.render.resolve import Printed
from tract.source.model import DocumentSpec
from tract.source.paths import locale_file
from tract.variants import Canvas, Output

SMALLEST_PT = 7.0  # nothing may be set smaller, in any document
PT_PER_PX = 0.75  # a CSS pixel is 1/96 in, a point 1/72 in


def _fit_problems(job: Job, laid: LaidOut, pos: Pos) -> list[Problem]:
    """Name each page or box that did not fit, by roughly how many lines, and the strings
    printed in it, most likely culprit first, at that string's own line. A screen image is
    named as a whole, by its file: it is one page, and all of it is one box."""
    spec, layout = job.spec, job.layout
    kind = layout.kind
    count = len(laid.pages)
    at_least = spec.pages.at_least and kind.pages is None
    pages = kind.pages or spec.pages.count
    problems = []
    totals: dict[str, tuple[int, tuple[str, ...]]] = {}
    for page in laid.pages:
        for over in page.overflows:
            if over.spill and at_least:
                continue  # chapters of a long document flow over pages by design
            name = f"{kind.label.lower()} ({layout.output.path})" if kind.is_image else over.name
            lines, keys = totals.get(name, (0, ()))
            totals[name] = (lines + over.lines, tuple(dict.fromkeys((*keys, *over.keys))))
    for name, (lines, keys) in totals.items():
        culprits = _culprits(job, keys)
        said = (
            f"the {name}{'' if kind.is_image else ' page'} overflows by "
            f"{lines} line{'s' if lines > 1 else ''}; shorten its text"
        )
        if culprits:
            said += ", printed from " + ", ".join(_named(p, g) for p, g in culprits)
        problems.append(error(culprits[0][0].pos if culprits else pos, said))
    fits = count == kind.pages if kind.pages else spec.pages.accepts(count)
    if not fits:  # where the overflow is, when it is the reason
        where = problems[0].pos if problems else pos
        wanted = f"{'at least ' if at_least else ''}{pages}"
        what = f"the {kind.label.lower()} has " if kind.is_image else ""
        problems.append(error(where, f"{what}{count} pages instead of {wanted}"))
    return problems


SHOWN = 4  # strings named in an overflow message


def _culprits(job: Job, keys: tuple[str, ...]) -> list[tuple[Printed, int]]:
    """The strings in what overflows, with how much each grew: grown first, then longest."""
    printed = {p.key: p for p in job.strings}
    grown = dict(job.grown)
    found = [(printed[k], grown.get(k, 0)) for k in keys if k in printed]
    found.sort(key=lambda pg: (-max(pg[1], 0), -pg[0].length))
    return found[:SHOWN]


def _named(printed: Printed, grown: int) -> str:
    where = f"{printed.pos.path}:{printed.pos.line}"
    more = f", {grown} characters longer than in the last build that fitted" if grown > 0 else ""
    return f"'{printed.key.partition('.')[2]}' ({where}, {printed.length} characters{more})"


def judge(job: Job, laid: LaidOut) -> list[Problem]:
    """Every reason this PDF must not be published, and warnings worth showing: each about
    this output, or, where it is in a template or stylesheet itself (the same in every
    language), about the document."""
    spec, layout = job.spec, job.layout
    pos, template = Pos(locale_file(spec.id, layout.lang)), Pos(spec.template_file)
    problems = _fit_problems(job, laid, pos)
    problems += _body_size_note(spec, laid, pos, fits=not problems)
    if layout.kind.reach:
        problems += _reach_problems(spec, laid, pos, template)
    if layout.kind.canvas is not None:
        problems += [
            error(template, f"the {layout.kind.label.lower()} {said}")
            for said in canvas_problems(layout.kind.canvas, laid)
        ]
    problems += _font_problems(job, laid, pos)
    templates = Path(url2pathname(urlsplit(job.base_url).path))
    refused = [
        error(
            _asked_at(url, templates, spec.template),
            f"the template asks for '{url}', which the build refuses: "
            "only files in templates/ and the packaged fonts may be used",
        )
        for url in laid.refused
    ]
    logged, in_sheets = _log_problems(laid, template, templates)
    output = Subject(spec.id, layout.lang, layout.variant)
    return about(output, problems + logged) + about(Subject(spec.id), refused + in_sheets)


def _font_problems(job: Job, laid: LaidOut, pos: Pos) -> list[Problem]:
    """A font other than its language's in the PDF: a character the fonts lack."""
    prefixes = tuple(f.postscript_prefix for f in job.fonts)
    others = {
        f for f in embedded_fonts(laid.pdf) if not f.replace("-", "").lower().startswith(prefixes)
    }
    if not others:
        return []
    families = " and ".join(f.name for f in job.fonts)
    return [
        error(
            pos,
            f"the PDF uses other fonts than {families} ({', '.join(sorted(others))}); a "
            "character in the text is probably missing from the font",
        )
    ]


def _asked_at(url: str, templates: Path, own: str) -> Pos:
    """The line of the template or stylesheet that asks for `url`: the URL as written, or a
    relative path to its file. The document's own template is searched first."""
    wanted = [url]
    if url.startswith("file:"):
        path = Path(url2pathname(urlsplit(url).path))
        wanted += [os.path.relpath(path, templates), path.name]
    others = (p for p in templates.iterdir() if p.suffix in (".j2", ".css") and p.name != own)
    files = [templates / own, *sorted(others)]
    for needle in wanted:
        for file in files:
            lines = file.read_text(encoding="utf-8", errors="replace").split("\n")
            for number, line in enumerate(lines, start=1):
                col = line.find(needle)
                if col >= 0:
                    return Pos(f"templates/{file.name}", number, col + 1)
    return Pos(f"templates/{own}")


def _body_size_note(spec: DocumentSpec, laid: LaidOut, pos: Pos, fits: bool) -> list[Problem]:
    """Say when the fit loop made the body text smaller, or could not make it fit at all."""
    if laid.body_pt is None or laid.body_pt >= spec.font_base:
        return []
    if not fits:
        return [
            error(
                pos,
                "it does not fit even with the body text at "
                f"its smallest allowed size, {spec.font_min:g} pt",
            )
        ]
    return [
        warning(
            pos,
            f"body text set at {laid.body_pt:g} pt instead of {spec.font_base:g} pt to fit "
            "the page",
        )
    ]


def _reach_problems(spec: DocumentSpec, laid: LaidOut, pos: Pos, template: Pos) -> list[Problem]:
    """Accessibility, readable sizes and (for street materials) words split by hyphens."""
    sizes: Counter[float] = Counter()
    for page in laid.pages:
        sizes.update(dict(page.text_sizes))
    said = ua_problems(laid.pdf) + size_problems(sizes, spec.body_min)
    problems = [error(template, sentence) for sentence in said]
    if spec.easy_read:
        lines = [line for page in laid.pages for line in page.lines]
        problems += [
            warning(
                pos,
                f"easy-read: the layout splits the word '{word}' over two "
                "lines; easy-to-read texts never split words",
            )
            for word in split_words(lines)
        ]
    return problems


_AT = re.compile(r" at (\d+):(\d+)")  # where in a stylesheet WeasyPrint says a thing is
_NAMED = re.compile(r"`([^`:]+)")  # the property it names: "Ignored `colr: red` at 48:5"


def _log_problems(
    laid: LaidOut, template: Pos, templates: Path
) -> tuple[list[Problem], list[Problem]]:
    """WeasyPrint's own warnings and errors for this document, as ours: those it says of
    this document, at its template; and those it says of a stylesheet file, at that file's
    own line and column."""
    of_document, of_sheets = [], []
    for level, message, sheet in laid.log:
        if "refused by tract" in message:
            continue  # already reported, in our words
        make = error if level in ("ERROR", "CRITICAL") else warning
        at = _in_sheet(message, sheet, templates)
        if at is None:
            of_document.append(make(template, f"WeasyPrint: {message}"))
        else:
            of_sheets.append(make(at, f"WeasyPrint: {_AT.sub('', message, count=1)}"))
    return of_document, of_sheets


def _in_sheet(message: str, sheet: str, templates: Path) -> Pos | None:
    """The stylesheet file and place a WeasyPrint message is about: the sheet being parsed
    when it was said, or else the one sheet in templates/ whose line and column (as the
    message gives them) hold the property it names. None: not a stylesheet file's."""
    at = _AT.search(message)
    line, col = (int(at.group(1)), int(at.group(2))) if at else (0, 0)
    if sheet.startswith("file:"):
        path = Path(url2pathname(urlsplit(sheet).path))
        if path.is_relative_to(templates):
            return Pos(f"templates/{path.relative_to(templates).as_posix()}", line, col)
        return None
    named = _NAMED.search(message)
    if at is None or named is None:
        return None
    found = [
        Pos(f"templates/{path.name}", line, col)
        for path in sorted(templates.glob("*.css"))
        if _holds(path, line, col, named.group(1).strip())
    ]
    return found[0] if len(found) == 1 else None


def _holds(path: Path, line: int, col: int, text: str) -> bool:
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    return 0 < line <= len(lines) and lines[line - 1][col - 1 :].startswith(text)


def size_problems(sizes: Counter[float], body_min: float) -> list[str]:
    """Sentences saying what is too small; empty when the type is readable. `sizes` counts
    the characters set at each size in points."""
    if not sizes:
        return []
    problems = []
    smallest = min(sizes)
    if smallest < SMALLEST_PT:
        problems.append(
            f"some text is set at {smallest:g} pt; nothing may be smaller than {SMALLEST_PT:g} pt"
        )
    body = sizes.most_common(1)[0][0]
    if body < body_min:
        problems.append(
            f"the body text is set at {body:g} pt; this document needs at least {body_min:g} pt"
        )
    return problems


def canvas_problems(canvas: Canvas, laid: LaidOut) -> list[str]:
    """What makes a screen image hard to read on a phone: text smaller than a phone shows
    legibly, or text in a band at either end, which the app covers. Sentences to follow
    "the story image"."""
    sizes: Counter[float] = Counter()
    for page in laid.pages:
        sizes.update(dict(page.text_sizes))
    problems = []
    smallest = round(min(sizes, default=canvas.text_min) / PT_PER_PX, 1)
    if smallest < canvas.text_min:
        problems.append(
            f"sets some text at {smallest:g} px; on a phone nothing may be smaller than "
            f"{canvas.text_min} px"
        )
    if any(page.overflows for page in laid.pages):
        return problems  # what overflows is named already, and runs into the bands
    bottom = canvas.height - canvas.free_bottom
    lines = [
        (line.strip(), top, end)
        for page in laid.pages
        for line, (top, end) in zip(page.lines, page.spans, strict=True)
        if line.strip()
    ]
    above = [text for text, top, _ in lines if top + 0.5 < canvas.free_top]
    below = [text for text, _, end in lines if end - 0.5 > bottom]
    for band, free, covered in (
        ("top", canvas.free_top, above),
        ("bottom", canvas.free_bottom, below),
    ):
        if covered:
            where = (
                f"in its {band} {free} px, which the app covers"
                if free
                else f"past its {band} edge, where it is cut off"
            )
            problems.append(
                f"has text {where}: '{covered[0]}'; keep its text between "
                f"{canvas.free_top} and {bottom} px from the top"
            )
    return problems


def press_problems(spec: DocumentSpec, output: Output, pdf: bytes) -> list[Problem]:
    """The finished print PDF's preflight: what would make a print shop refuse it. The cause is
    in the template or the theme it uses, so that is where the problem points."""
    subject = Subject(output.doc, output.lang, output.variant)
    return [
        error(Pos(spec.template_file), f"the print PDF {said}", subject) for said in preflight(pdf)
    ]
