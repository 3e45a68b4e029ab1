"""Fonts come from a pinned Python package, never from the system, so every machine builds the
same PDF and no fallback font can slip in."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

FAMILY = atkinson.FAMILY
_FACES = {
    (400, "normal"): "Regular",
    (700, "normal"): "Bold",
    (400, "italic"): "Italic",
    (700, "italic"): "BoldItalic",
}


def font_dir() -> Path:
    return Path(atkinson.ROOT) / "files"


def font_files() -> list[Path]:
    return [font_dir() / f"AtkinsonHyperlegible-{name}.ttf" for name in _FACES.values()]


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """@font-face rules naming the packaged files by absolute file URL."""
    rules = []
    for (weight, style), name in _FACES.items():
        url = (font_dir() / f"AtkinsonHyperlegible-{name}.ttf").as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Code points every face of the family can draw; any other would pull in a fallback."""
    from fontTools.ttLib import TTFont

    sets = []
    for path in font_files():
        with TTFont(path) as font:
            sets.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*sets))


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` the font cannot draw (line breaks and the narrow no-break space,
    which the build replaces, excepted)."""
    have = covered()
    return sorted({c for c in text if ord(c) not in have and c not in "\n\r\t\u202f"})


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base font names used on any page or in any form it draws, without the subset tag."""
    import pikepdf  # only where PDFs are read: the build's own process checks text

    names: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                base = obj.get("/BaseFont")
                if base is not None and obj.get("/Subtype") != "/Type0":
                    names.add(str(base).lstrip("/").split("+")[-1])
    return names
