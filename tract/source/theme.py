"""Reading templates/theme.yaml: each colour once, with its screen and print value, and the
colour pairs the contrast check judges.

One file holds both values of a colour so that the screen PDFs and the print PDFs cannot
drift apart: the templates only ever name a colour (var(--plum)), and the build writes the
value the variant needs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tract.problems import Problem, error
from tract.source import schema as s
from tract.source.model import THEME_FILE, Colour, ColourPair, Theme
from tract.source.yamlfile import Mapping, Node, read

_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def screen_colour(node: Node, problems: list[Problem]) -> Any:
    value = s.pattern(r"#[0-9a-fA-F]{6}", "an sRGB colour", '"#5a1846" (in quotes)')(node, problems)
    return s.MISSING if value is s.MISSING else value.lower()


def cmyk(node: Node, problems: list[Problem]) -> Any:
    """Four whole percentages: cyan, magenta, yellow and black ink."""
    before = len(problems)
    values = s.list_of(s.integer)(node, problems)
    if values is s.MISSING or len(problems) > before:
        return s.MISSING
    if len(values) != 4 or any(v > 100 for v in values):
        problems.append(
            error(
                node.pos,
                "write the print colour as four percentages of cyan, magenta, yellow and "
                "black ink, each from 0 to 100, like [41, 99, 2, 60]",
            )
        )
        return s.MISSING
    return tuple(values)


def alpha(node: Node, problems: list[Problem]) -> Any:
    value = s.pattern(r"0(\.[0-9]{1,3})?|1(\.0{1,3})?", "an opacity from 0 to 1", "0.5")(
        node, problems
    )
    return s.MISSING if value is s.MISSING else float(value)


COLOUR = s.Struct(
    {
        "screen": s.Key(screen_colour),
        "print": s.Key(cmyk),
        "alpha": s.Key(alpha, required=False, default=1.0),
    },
    "a colour",
)
PAIR = s.Struct(
    {
        "text": s.Key(s.text),
        "background": s.Key(s.text),
        "large": s.Key(s.boolean, required=False, default=False),
    },
    "a colour pair",
)


def colours(node: Node, problems: list[Problem]) -> Any:
    """The named colours; a name becomes a CSS custom property, so it is written like one."""
    found = s.map_of(COLOUR)(node, problems)
    if found is s.MISSING or not isinstance(node, Mapping):
        return s.MISSING
    for entry in node.entries:
        if not _NAME.fullmatch(entry.key):
            problems.append(
                error(
                    entry.key_pos,
                    f"'{entry.key}' cannot name a colour; write names in lower case with "
                    "hyphens, like plum-dark",
                )
            )
            found.pop(entry.key, None)
    return {
        name: Colour(c["screen"], c["print"], c["alpha"], c["pos"])
        for name, c in found.items()
        if s.MISSING not in c.values()
    }


THEME = s.Struct(
    {
        "colours": s.Key(colours, required=False, default={}),
        "pairs": s.Key(s.list_of(PAIR), required=False, default=()),
        "fonts": s.Key(lambda node, problems: node),  # read by source/languages.py
    },
    "theme.yaml",
)


def load_theme(root: Path, problems: list[Problem]) -> tuple[Theme, Node | None]:
    """The project's theme (empty when it has no theme.yaml or it cannot be read), and the
    file as read, for the fonts it names (source/languages.py)."""
    path = root / THEME_FILE
    if not path.is_file():
        return Theme(), None
    node, found = read(path, root)
    problems += found
    if node is None:
        return Theme(), None
    value = THEME(node, problems)
    if value is s.MISSING:
        return Theme(), node
    named, listed = (value[k] if value[k] is not s.MISSING else () for k in ("colours", "pairs"))
    pairs = tuple(
        ColourPair(p["text"], p["background"], p["large"], p["pos"])
        for p in listed
        if s.MISSING not in p.values()
    )
    return Theme(dict(named), pairs), node
