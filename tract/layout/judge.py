"""Judge each laid-out PDF before it is published: pages, text that does not fit, fonts,
readable type, accessibility and WeasyPrint's own log, and each finished print PDF against
our preflight for the press, each said as a problem."""

from __future__ import annotations

from collections import Counter

from tract.checks.easyread import split_words
from tract.finish.preflight import preflight
from tract.fonts import FAMILY, embedded_fonts
from tract.layout.accessibility import ua_problems
from tract.layout.jobs import LaidOut
from tract.problems import Pos, Problem, error, warning
from tract.source.model import DocumentSpec, locale_file
from tract.variants import Layout

SMALLEST_PT = 7.0  # nothing may be set smaller, in any document

_FONT_PREFIX = FAMILY.replace(" ", "").lower()


def _fit_problems(spec: DocumentSpec, lang: str, laid: LaidOut, pos: Pos) -> list[Problem]:
    """Name each page or box that did not fit, and by roughly how many lines."""
    count = len(laid.pages)
    wanted = f"{'at least ' if spec.pages_at_least else ''}{spec.pages}"
    problems = []
    totals: dict[str, int] = {}
    for page in laid.pages:
        for over in page.overflows:
            if over.spill and spec.pages_at_least:
                continue  # chapters of a long document flow over pages by design
            totals[over.name] = totals.get(over.name, 0) + over.lines
    for name, lines in totals.items():
        problems.append(
            error(
                pos,
                f"{lang} {spec.id}: the {name} page overflows by "
                f"{lines} line{'s' if lines > 1 else ''}; shorten its text",
            )
        )
    if not spec.accepts_pages(count):
        problems.append(error(pos, f"{lang} {spec.id}: {count} pages instead of {wanted}"))
    return problems


def judge(spec: DocumentSpec, layout: Layout, laid: LaidOut) -> list[Problem]:
    """Every reason this PDF must not be published, and warnings worth showing."""
    lang = layout.lang
    pos, template = Pos(locale_file(spec.id, lang)), Pos(f"templates/{spec.template}")
    problems = _fit_problems(spec, lang, laid, pos)
    problems += _body_size_note(spec, lang, laid, pos, fits=not problems)
    if layout.kind.reach:
        problems += _reach_problems(spec, lang, laid, pos, template)
    problems += [
        error(
            template,
            f"the template asks for '{url}', which the build refuses: "
            "only files in templates/ and the packaged fonts may be used",
        )
        for url in laid.refused
    ]
    problems += _log_problems(laid, template)
    others = {
        f
        for f in embedded_fonts(laid.pdf)
        if not f.replace("-", "").lower().startswith(_FONT_PREFIX)
    }
    if others:
        problems.append(
            error(
                pos,
                f"{lang} {spec.id}: the PDF uses other fonts than {FAMILY} "
                f"({', '.join(sorted(others))}); a character in the text is "
                "probably missing from the font",
            )
        )
    return problems


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


def press_problems(spec: DocumentSpec, lang: str, pdf: bytes) -> list[Problem]:
    """The finished print PDF's preflight: what would make a print shop refuse it. The cause is
    in the template or the theme it uses, so that is where the problem points."""
    return [
        error(Pos(f"templates/{spec.template}"), f"{lang} {spec.id}: the print PDF {said}")
        for said in preflight(pdf)
    ]
