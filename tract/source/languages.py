"""Each language as CLDR and the theme describe it, derived in one place: its script and
direction from CLDR (through Babel), its locale for dates and numbers, and its fonts from the
families templates/theme.yaml gives each script. No language is named in code: a language of
any script or direction is files only."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from tract.fonts import Face, Family, package_font
from tract.problems import Pos, Problem, error
from tract.source import schema as s
from tract.source.model import THEME_FILE, Calendar, Language, Typography
from tract.source.yamlfile import Mapping, Node

_FACES = {
    "regular": (400, "normal"),
    "bold": (700, "normal"),
    "italic": (400, "italic"),
    "bold_italic": (700, "italic"),
}
# The calendars a language may count its years in besides the Gregorian, from CLDR (the file
# says which release and how it was made).
CALENDARS_FILE = Path(__file__).parent / "calendars.json"
GREGORIAN = "gregorian"
_SCRIPT_CODE = re.compile(r"[A-Z][a-z]{3}")
_SCRIPT = s.pattern(_SCRIPT_CODE.pattern, "a script code", "Latn (ISO 15924, as CLDR writes it)")


@dataclass(frozen=True)
class Fonts:
    """The theme's families: ISO 15924 script → family, and the script whose family sets
    what another family lacks (web addresses and names in Latin letters)."""

    scripts: dict[str, Family]
    fallback: str


FACES = s.Struct(
    {name: s.Key(s.text, required=name in ("regular", "bold")) for name in _FACES},
    "faces (regular, bold, italic, bold_italic: file names in the package's files/)",
)
FAMILY = s.Struct(
    {
        "package": s.Key(s.pattern(r"[a-z0-9_]+", "a Python package", "fontpkg_sarabun")),
        "faces": s.Key(FACES),
        "line_height": s.Key(s.number),
        "cursive": s.Key(s.boolean, required=False, default=False),
    },
    "a font family",
)
FONTS = s.Struct(
    {"fallback": s.Key(_SCRIPT), "scripts": s.Key(s.map_of(FAMILY))},
    "fonts",
)


def _family(script: str, value: dict[str, Any], problems: list[Problem]) -> Family | None:
    pos: Pos = value["pos"]
    try:
        name, folder = package_font(value["package"])
    except (ImportError, AttributeError):
        problems.append(
            error(
                pos,
                f"the font package '{value['package']}' for {script} is not installed; pin it "
                "in requirements.lock and pyproject.toml, then run make build again",
            )
        )
        return None
    faces = []
    for key, (weight, style) in _FACES.items():
        file = value["faces"].get(key)
        if file is None:
            continue
        path = folder / file
        if not path.is_file():
            problems.append(error(pos, f"the font package of {script} has no file '{file}'"))
            return None
        faces.append(Face(path, weight, style))
    return Family(name, value["package"], tuple(faces), value["line_height"], value["cursive"])


def fonts_of(node: Node | None, found: bool, problems: list[Problem]) -> Fonts | None:
    """The theme's `fonts:`, which family sets each script; `node` is theme.yaml as read (None
    when it could not be) and `found` whether the file is there at all."""
    if not found:
        problems.append(error(Pos(THEME_FILE), "this file is missing; it names the fonts"))
        return None
    fonts_node = node.get("fonts") if isinstance(node, Mapping) else None
    if node is None:
        return None
    if fonts_node is None:
        problems.append(error(node.pos, "theme.yaml needs 'fonts': the family of each script"))
        return None
    value = FONTS(fonts_node, problems)
    if value is s.MISSING or s.MISSING in value.values():
        return None
    scripts = {}
    for script, family in value["scripts"].items():
        if not _SCRIPT_CODE.fullmatch(script):
            problems.append(error(family["pos"], f"'{script}' is not an ISO 15924 script code"))
            continue
        if s.MISSING in family.values() or s.MISSING in family["faces"].values():
            continue
        made = _family(script, family, problems)
        if made is not None:
            scripts[script] = made
    if value["fallback"] not in scripts:
        problems.append(
            error(fonts_node.pos, f"the fallback script {value['fallback']} has no family")
        )
        return None
    return Fonts(scripts, value["fallback"])


@cache
def script_of(code: str) -> str:
    """The script CLDR's likely subtags give a language: bg → Cyrl, th → Thai."""
    likely = get_global("likely_subtags").get(code, f"{code}_Latn")
    script = parse_locale(likely)[2]
    return script or "Latn"


@cache
def locale_of(code: str, region: str, named: str | None) -> str:
    """The Babel locale for dates and numbers: one site.yaml names, else the language as
    spoken in the organisation's country where CLDR has it (fr_BE), else the language."""
    for candidate in (named, f"{code}_{region}"):
        if candidate is None:
            continue
        try:
            return str(Locale.parse(candidate))
        except (ValueError, UnknownLocaleError):
            continue
    return code


@cache
def _calendars() -> dict[str, Any]:
    return json.loads(CALENDARS_FILE.read_text(encoding="utf-8"))["calendars"]  # type: ignore[no-any-return]


def calendar_names() -> tuple[str, ...]:
    """Every calendar site.yaml may name: the Gregorian, and those CLDR's data here describe."""
    return (GREGORIAN, *sorted(_calendars()))


@cache
def calendar_of(name: str, locale: str) -> Calendar | None:
    """The calendar `name` as `locale` writes it; None for the Gregorian. Its era's name is
    the locale's own, else its parent's (th_TH, th), else CLDR's root one."""
    if name == GREGORIAN:
        return None
    data = _calendars()[name]
    parts = locale.split("_")
    while parts and "_".join(parts) not in data["eras"]:
        parts.pop()
    abbreviated, wide, narrow = data["eras"]["_".join(parts) if parts else "root"]
    return Calendar(name, data["offset"], (abbreviated, wide, narrow))


@cache
def language_name(code: str) -> str:
    """The language's name in English, for messages: bg → Bulgarian."""
    return str(Locale("en").languages.get(code, code))


def language(
    code: str,
    region: str,
    named: str | None,
    fonts: Fonts,
    typography: Typography,
    calendar: str = GREGORIAN,
) -> Language:
    """Everything the build needs to know about one language, from CLDR, the theme and what
    site.yaml says of it: its calendar and its typography."""
    english = Locale("en")
    locale = locale_of(code, region, named)
    script = script_of(code)
    own = fonts.scripts.get(script)
    fallback = fonts.scripts[fonts.fallback]
    stack = tuple(dict.fromkeys(f for f in (own, fallback) if f is not None))
    return Language(
        code,
        language_name(code),
        locale,
        script,
        english.scripts.get(script, script),
        Locale.parse(code).character_order == "right-to-left",
        stack,
        own is not None,
        calendar_of(calendar, locale),
        typography,
    )
