"""Judge each laid-out PDF before it is published: pages, text that does not fit, fonts,
readable type, accessibility and WeasyPrint's own log, and each finished print PDF against
our preflight for the press, each said as a problem."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from tract.checks.easyread import split_words
from tract.finish.preflight import preflight
from tract.fonts import embedded_fonts
from tract.layout.accessibility import ua_problems
from tract.layout.jobs import Job, LaidOut
from tract.problems import Pos, Problem, error, warning
from tract.render.resolve import Printed
from tract.source.model import DocumentSpec, locale_file
from tract.variants import Canvas

SMALLEST_PT = 7.0  # nothing may be set smaller, in any document
PT_PER_PX = 0.75  # a CSS pixel is 1/96 in, a point 1/72 in


def _fit_problems(job: Job, laid: LaidOut, pos: Pos) -> list[Problem]:
    """Name each page or box that did not fit, by roughly how many lines, and the strings
    printed in it, most likely culprit first, at that string's own line. A screen image is
    named as a whole, by its file: it is one page, and all of it is one box."""
    spec, layout = job.spec, job.layout
    lang, kind = layout.lang, layout.kind
    count = len(laid.pages)
    at_least = spec.pages_at_least and kind.pages is None
    pages = kind.pages or spec.pages
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
            f"{lang} {spec.id}: the {name}{'' if kind.is_image else ' page'} overflows by "
            f"{lines} line{'s' if lines > 1 else ''}; shorten its text"
        )
        if culprits:
            said += ", printed from " + ", ".join(_named(p, g) for p, g in culprits)
        problems.append(error(culprits[0][0].pos if culprits else pos, said))
    fits = count == kind.pages if kind.pages else spec.accepts_pages(count)
    if not fits:  # where the overflow is, when it is the reason
        where = problems[0].pos if problems else pos
        wanted = f"{'at least ' if at_least else ''}{pages}"
        what = f"the {kind.label.lower()} has " if kind.is_image else ""
        problems.append(error(where, f"{lang} {spec.id}: {what}{count} pages instead of {wanted}"))
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
    """Every reason this PDF must not be published, and warnings worth showing."""
    spec, layout = job.spec, job.layout
    lang = layout.lang
    pos, template = Pos(locale_file(spec.id, lang)), Pos(f"templates/{spec.template}")
    problems = _fit_problems(job, laid, pos)
    problems += _body_size_note(spec, lang, laid, pos, fits=not problems)
    if layout.kind.reach:
        problems += _reach_problems(spec, lang, laid, pos, template)
    if layout.kind.canvas is not None:
        problems += [
            error(template, f"{lang} {spec.id}: the {layout.kind.label.lower()} {said}")
            for said in canvas_problems(layout.kind.canvas, laid)
        ]
    templates = Path(url2pathname(urlsplit(job.base_url).path))
    problems += [
        error(
            _asked_at(url, templates, spec.template),
            f"the template asks for '{url}', which the build refuses: "
            "only files in templates/ and the packaged fonts may be used",
        )
        for url in laid.refused
    ]
    problems += _log_problems(laid, template)
    prefixes = tuple(f.postscript_prefix for f in job.fonts)
    others = {
        f for f in embedded_fonts(laid.pdf) if not f.replace("-", "").lower().startswith(prefixes)
    }
    if others:
        families = " and ".join(f.name for f in job.fonts)
        problems.append(
            error(
                pos,
                f"{lang} {spec.id}: the PDF uses other fonts than {families} "
                f"({', '.join(sorted(others))}); a character in the text is "
                "probably missing from the font",
            )
        )
    return problems


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


def _body_size_note(
    spec: DocumentSpec, lang: str, laid: LaidOut, pos: Pos, fits: bool
) -> list[Problem]:
    """Say when the fit loop made the body text smaller, or could not make it fit at all."""
    if laid.body_pt is None or laid.body_pt >= spec.font_base:
        return []
    if not fits:
        return [
            error(
                pos,
                f"{lang} {spec.id}: it does not fit even with the body text at "
                f"its smallest allowed size, {spec.font_min:g} pt",
            )
        ]
    return [
        warning(
            pos,
            f"{lang} {spec.id}: body text set at {laid.body_pt:g} pt instead "
            f"of {spec.font_base:g} pt to fit the page",
        )
    ]


def _reach_problems(
    spec: DocumentSpec, lang: str, laid: LaidOut, pos: Pos, template: Pos
) -> list[Problem]:
    """Accessibility, readable sizes and (for street materials) words split by hyphens."""
    sizes: Counter[float] = Counter()
    for page in laid.pages:
        sizes.update(dict(page.text_sizes))
    problems = [
        error(template, f"{lang} {spec.id}: {said}")
        for said in ua_problems(laid.pdf) + size_problems(sizes, spec.body_min)
    ]
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


def _log_problems(laid: LaidOut, template: Pos) -> list[Problem]:
    """WeasyPrint's own warnings and errors for this document, as ours."""
    problems = []
    for level, message in laid.log:
        if "refused by tract" in message:
            continue  # already reported, in our words
        make = error if level in ("ERROR", "CRITICAL") else warning
        problems.append(make(template, f"WeasyPrint: {message}"))
    return problems


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


def press_problems(spec: DocumentSpec, lang: str, pdf: bytes) -> list[Problem]:
    """The finished print PDF's preflight: what would make a print shop refuse it. The cause is
    in the template or the theme it uses, so that is where the problem points."""
    return [
        error(Pos(f"templates/{spec.template}"), f"{lang} {spec.id}: the print PDF {said}")
        for said in preflight(pdf)
    ]
