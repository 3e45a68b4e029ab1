"""Post-process stage: judge each laid-out PDF (pages, fit, fonts, WeasyPrint's log)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pypdf

from tract.accessibility import ua_problems
from tract.easyread import split_words
from tract.fonts import FAMILY
from tract.jobs import LaidOut
from tract.model import DocumentSpec
from tract.problems import Pos, Problem, error, warning
from tract.readability import size_problems, text_lines

_FONT_PREFIX = FAMILY.replace(" ", "").lower()


def _fonts(resources: Any, seen: set[int]) -> Iterator[str]:
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield str(font.get_object().get("/BaseFont", ""))
    for xobject in (resources.get("/XObject") or {}).values():
        obj = xobject.get_object()
        if id(obj) not in seen and "/Resources" in obj:
            seen.add(id(obj))
            yield from _fonts(obj["/Resources"], seen)


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base font names used on any page, without the subset tag (ABCDEF+)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        for name in _fonts(page.get("/Resources"), set()):
            names.add(name.lstrip("/").split("+")[-1])
    return names


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


def judge(
    spec: DocumentSpec,
    lang: str,
    laid: LaidOut,
    locale_path: str,
    template_path: str,
    variant: str = "screen",
) -> list[Problem]:
    """Every reason this PDF must not be published, and warnings worth showing."""
    problems: list[Problem] = []
    pos = Pos(locale_path)
    if variant in ("screen", "discreet"):
        problems += [
            error(Pos(template_path), f"{lang} {spec.id}: {said}")
            for said in ua_problems(laid.pdf) + size_problems(laid.pdf, spec.body_min)
        ]
        if spec.easy_read:
            problems += [
                warning(
                    pos,
                    f"easy-read: the layout splits the word '{word}' over "
                    "two lines; easy-to-read texts never split words",
                )
                for word in split_words(text_lines(laid.pdf))
            ]
    problems += _fit_problems(spec, lang, laid, pos)
    if laid.body_pt is not None and laid.body_pt < spec.font_base:
        if problems:
            problems.append(
                error(
                    pos,
                    f"{lang} {spec.id}: it does not fit even with the body "
                    f"text at its smallest allowed size, {spec.font_min:g} pt",
                )
            )
        else:
            problems.append(
                warning(
                    pos,
                    f"{lang} {spec.id}: body text set at "
                    f"{laid.body_pt:g} pt instead of {spec.font_base:g} pt to "
                    "fit the page",
                )
            )
    for url in laid.refused:
        problems.append(
            error(
                Pos(template_path),
                f"the template asks for '{url}', which the "
                "build refuses: only files in templates/ and the packaged fonts "
                "may be used",
            )
        )
    for level, message in laid.log:
        if "refused by tract" in message:
            continue  # already reported above, in our words
        if level in ("ERROR", "CRITICAL"):
            problems.append(error(Pos(template_path), f"WeasyPrint: {message}"))
        else:
            problems.append(warning(Pos(template_path), f"WeasyPrint: {message}"))
    others = {
        f
        for f in embedded_fonts(laid.pdf)
        if not f.replace("-", "").lower().startswith(_FONT_PREFIX)
    }
    if others:
        problems.append(
            error(
                pos,
                f"{lang} {spec.id}: the PDF uses other fonts than "
                f"{FAMILY} ({', '.join(sorted(others))}); a character in the "
                "text is probably missing from the font",
            )
        )
    return problems
