"""Colour contrast of the theme: every text/background pair the templates use must reach
WCAG AA, so the materials stay readable in poor light and for people with low vision. The
pairs are judged on the colours' screen (sRGB) values, which their print values follow."""

from __future__ import annotations

from tract.problems import Problem, error
from tract.source import schema as s
from tract.source.theme import ColourPair, Theme


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_theme(theme: Theme) -> list[Problem]:
    return [problem for pair in theme.pairs for problem in _pair_problems(pair, theme)]


def _pair_problems(pair: ColourPair, theme: Theme) -> list[Problem]:
    named = theme.colours
    unknown = [name for name in (pair.text, pair.background) if name not in named]
    if unknown:
        return [
            error(
                pair.pos,
                f"'{unknown[0]}' is not a colour of theme.yaml"
                + s.did_you_mean(unknown[0], set(named)),
            )
        ]
    ratio = contrast(named[pair.text].screen, named[pair.background].screen)
    needed = 3.0 if pair.large else 4.5
    if ratio >= needed:
        return []
    return [
        error(
            pair.pos,
            f"{pair.text} text on {pair.background} has a contrast of "
            f"{ratio:.1f}:1; WCAG AA needs {needed:g}:1"
            + ("" if pair.large else " (3:1 if the text is large)"),
        )
    ]
