"""Fonts come from pinned Python packages, never from the system, so every machine builds the
same PDF and no fallback font can slip in. Which package serves which script is the theme's
to say (templates/theme.yaml); this module only reads font packages and files."""

from __future__ import annotations

import importlib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Unicode's Default_Ignorable_Code_Point ranges: marks that draw nothing (LRM, RLM, LRI, PDI,
# ZWJ, variation selectors, soft hyphen…), so no font needs a glyph for them.
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
DRAWS_NOTHING = re.compile(
    "[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in _IGNORABLE) + "]"
)
# Characters the build itself replaces or that only break lines.
_REPLACED = frozenset("\n\r\t\u202f")


@dataclass(frozen=True)
class Face:
    """One font file, and the weight and style it is declared for."""

    path: Path
    weight: int
    style: str  # normal or italic


@dataclass(frozen=True)
class Family:
    """A font family from a font package, as the theme declares it for a script."""

    name: str
    package: str
    faces: tuple[Face, ...]
    line_height: float
    cursive: bool = False  # its letters join (Arabic): never spaced apart

    @property
    def folder(self) -> Path:
        return self.faces[0].path.parent

    @property
    def postscript_prefix(self) -> str:
        """How the family's PostScript names begin in a PDF ("IBMPlexSansArabic-Bold")."""
        return self.name.replace(" ", "").lower()


def package_font(package: str) -> tuple[str, Path]:
    """A font package's family name and the folder of its files (fontpkg_* packages carry
    FAMILY and ROOT, with the files in ROOT/files). Raises ImportError or AttributeError."""
    module = importlib.import_module(package)
    return str(module.FAMILY), Path(module.ROOT) / "files"


def is_ignorable(char: str) -> bool:
    code = ord(char)
    return char in _REPLACED or any(low <= code <= high for low, high in _IGNORABLE)


@lru_cache(maxsize=64)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=64)
def covered(family: Family) -> frozenset[int]:
    """Code points every face of the family can draw; any other would pull in a fallback."""
    return frozenset.intersection(*(_cmap(face.path) for face in family.faces))


def missing_glyphs(text: str, stack: tuple[Family, ...]) -> list[str]:
    """Characters of `text` no family of the stack can draw, marks that draw nothing and
    characters the build replaces excepted, and controls and line separators, which no font
    draws (checks/hidden.py names them)."""
    have = frozenset().union(*(covered(f) for f in stack))
    return sorted(
        c
        for c in set(text)
        if ord(c) not in have
        and not is_ignorable(c)
        and unicodedata.category(c) not in ("Cc", "Zl", "Zp")
    )


def font_face_css(stack: tuple[Family, ...]) -> str:
    """@font-face rules naming the packaged files by absolute file URL."""
    return "\n".join(
        f'@font-face {{ font-family: "{family.name}"; src: url("{face.path.as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for family in stack
        for face in family.faces
    )


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
