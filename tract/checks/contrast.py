"""Colour contrast of the theme: every text/background pair the templates use must reach
WCAG AA, so the materials stay readable in poor light and for people with low vision."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tract.problems import Pos, Problem, error
from tract.source import schema as s
from tract.source.yamlfile import Mapping, Sequence, read

_VARIABLE = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\s*;")
PAIR = s.Struct(
    {
        "text": s.Key(s.text),
        "background": s.Key(s.text),
        "large": s.Key(s.boolean, required=False, default=False),
    },
    "a colour pair",
)


def colours(css: str) -> dict[str, str]:
    """The theme's named colours: tract.css's --variables, and white."""
    return {"white": "#ffffff", **{name: value for name, value in _VARIABLE.findall(css)}}


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_theme(root: Path) -> list[Problem]:
    templates = root / "templates"
    path = templates / "theme.yaml"
    if not path.is_file():
        return []
    node, problems = read(path, root)
    if not isinstance(node, Mapping) or not isinstance(node.get("pairs"), Sequence):
        return problems or [error(Pos("templates/theme.yaml"), "theme.yaml needs a list 'pairs'")]
    shared = templates / "tract.css"
    css = shared.read_text(encoding="utf-8") if shared.is_file() else ""
    named = colours(css)
    pairs = node.get("pairs")
    assert isinstance(pairs, Sequence)
    for item in pairs.items:
        pair = PAIR(item, problems)
        if pair is s.MISSING or s.MISSING in pair.values():
            continue
        problems += _pair_problems(pair, named)
    return problems


def _pair_problems(pair: dict[str, Any], named: dict[str, str]) -> list[Problem]:
    unknown = [pair[k] for k in ("text", "background") if pair[k] not in named]
    if unknown:
        return [
            error(
                pair["pos"],
                f"'{unknown[0]}' is not a colour of tract.css"
                + s.did_you_mean(unknown[0], set(named)),
            )
        ]
    ratio = contrast(named[pair["text"]], named[pair["background"]])
    needed = 3.0 if pair["large"] else 4.5
    if ratio >= needed:
        return []
    return [
        error(
            pair["pos"],
            f"{pair['text']} text on {pair['background']} has a contrast of "
            f"{ratio:.1f}:1; WCAG AA needs {needed:g}:1"
            + ("" if pair["large"] else " (3:1 if the text is large)"),
        )
    ]
