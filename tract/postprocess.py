"""Post-process stage: judge each laid-out PDF (pages, fit, fonts, WeasyPrint's log)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pypdf

from tract.fonts import FAMILY
from tract.layout import LaidOut
from tract.model import DocumentSpec
from tract.problems import Pos, Problem, error, warning

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


def _overflow(spec: DocumentSpec, lang: str, laid: LaidOut, pos: Pos) -> Problem:
    """Name the logical page that spilled over and by roughly how many lines."""
    count = len(laid.pages)
    spilled = [(i, p) for i, p in enumerate(laid.pages) if p.overflow_px > 0.5]
    wanted = f"{'at least ' if spec.pages_at_least else ''}{spec.pages}"
    if spilled:
        first = spilled[0][1]
        section = next((p.sections[-1] for p in reversed(laid.pages[:spilled[0][0]])
                        if p.sections), "?")
        lines = max(1, round(sum(p.overflow_px for _, p in spilled) / (first.line_px or 16)))
        return error(pos, f"{lang} {spec.id}: the {section} page overflows by about {lines} "
                     f"line{'s' if lines > 1 else ''} ({count} pages instead of {wanted}); "
                     "shorten the text on that page")
    return error(pos, f"{lang} {spec.id}: {count} pages instead of {wanted}")


def judge(spec: DocumentSpec, lang: str, laid: LaidOut, locale_path: str,
          template_path: str) -> list[Problem]:
    """Every reason this PDF must not be published, and warnings worth showing."""
    problems: list[Problem] = []
    pos = Pos(locale_path)
    if not spec.accepts_pages(len(laid.pages)):
        problems.append(_overflow(spec, lang, laid, pos))
    for url in laid.refused:
        problems.append(error(Pos(template_path), f"the template asks for '{url}', which the "
                              "build refuses: only files in templates/ and the packaged fonts "
                              "may be used"))
    for level, message in laid.log:
        if level in ("ERROR", "CRITICAL"):
            problems.append(error(Pos(template_path), f"WeasyPrint: {message}"))
        elif "refused by tract" not in message:
            problems.append(warning(Pos(template_path), f"WeasyPrint: {message}"))
    others = {f for f in embedded_fonts(laid.pdf) if not f.replace("-", "").lower().startswith(_FONT_PREFIX)}
    if others:
        problems.append(error(pos, f"{lang} {spec.id}: the PDF uses other fonts than "
                              f"{FAMILY} ({', '.join(sorted(others))}); a character in the "
                              "text is probably missing from the font"))
    return problems
