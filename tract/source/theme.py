"""templates/theme.yaml as a record: each colour once, with its screen and print value, the
colour pairs the contrast check judges, and the font family of each script.

One file holds both values of a colour so that the screen PDFs and the print PDFs cannot
drift apart: the templates only ever name a colour (var(--plum)), and the build writes the
value the variant needs. Which package serves which script is the theme's to say: a family
named here is found in its installed font package when the file is read.
"""

from __future__ import annotations

import re

from tract.fonts import Face, Family, package_font
from tract.problems import Pos, Problem, error
from tract.source import schema as s
from tract.source.yamlfile import Mapping, Node

_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_SCRIPT_CODE = re.compile(r"[A-Z][a-z]{3}")


def screen_colour(node: Node, problems: list[Problem]) -> str | s.Missing:
    value = s.pattern(r"#[0-9a-fA-F]{6}", "an sRGB colour", '"#5a1846" (in quotes)')(node, problems)
    return s.MISSING if value is s.MISSING else value.lower()


def cmyk(node: Node, problems: list[Problem]) -> tuple[int, int, int, int] | s.Missing:
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
    cyan, magenta, yellow, black = values
    return cyan, magenta, yellow, black


def alpha(node: Node, problems: list[Problem]) -> float | s.Missing:
    value = s.pattern(r"0(\.[0-9]{1,3})?|1(\.0{1,3})?", "an opacity from 0 to 1", "0.5")(
        node, problems
    )
    return s.MISSING if value is s.MISSING else float(value)


class Colour(s.Record, what="a colour"):
    """One colour of the theme, said once for both media: `screen` is its sRGB value, `cmyk`
    the percentages of cyan, magenta, yellow and black ink the press prints it with."""

    screen: str = s.key(screen_colour)  # #rrggbb
    cmyk: tuple[int, int, int, int] = s.key(cmyk, name="print")
    alpha: float = s.key(alpha, default=1.0)  # 1 is opaque
    pos: Pos = s.here()

    def css(self, press: bool) -> str:
        """Its CSS value in screen PDFs, or in the PDFs for the press."""
        alpha = "" if self.alpha == 1 else f" / {self.alpha:g}"
        if press:
            return f"device-cmyk({' '.join(f'{v / 100:g}' for v in self.cmyk)}{alpha})"
        if not alpha:
            return self.screen
        red, green, blue = (int(self.screen[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgb({red} {green} {blue}{alpha})"


class ColourPair(s.Record, what="a colour pair"):
    """Text of one theme colour on a background of another, as a template sets it."""

    text: str = s.key(s.text)
    background: str = s.key(s.text)
    large: bool = s.key(s.boolean, default=False)  # 18 pt and more, or 14 pt bold
    pos: Pos = s.here()


def colours(node: Node, problems: list[Problem]) -> dict[str, Colour] | s.Missing:
    """The named colours; a name becomes a CSS custom property, so it is written like one."""
    found = s.map_of(Colour.read)(node, problems)
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
    return found


class Faces(
    s.Record, what="faces (regular, bold, italic, bold_italic: file names in the package's files/)"
):
    """A family's files, in its package's files/ folder."""

    regular: str = s.key(s.text)
    bold: str = s.key(s.text)
    italic: str | None = s.key(s.text, default=None)
    bold_italic: str | None = s.key(s.text, default=None)

    def declared(self) -> tuple[tuple[str | None, int, str], ...]:
        """Each file with the weight and style it is declared for (None: not given)."""
        return (
            (self.regular, 400, "normal"),
            (self.bold, 700, "normal"),
            (self.italic, 400, "italic"),
            (self.bold_italic, 700, "italic"),
        )


class FontFamily(s.Record, what="a font family"):
    """A script's family as the theme names it: a font package and its files."""

    package: str = s.key(s.pattern(r"[a-z0-9_]+", "a Python package", "fontpkg_sarabun"))
    faces: Faces = s.key(Faces.read)
    line_height: float = s.key(s.number)
    cursive: bool = s.key(s.boolean, default=False)
    pos: Pos = s.here()

    def family(self, script: str, problems: list[Problem]) -> Family | None:
        """The family in its installed package, or None with what is wrong said."""
        try:
            name, folder = package_font(self.package)
        except (ImportError, AttributeError):
            problems.append(
                error(
                    self.pos,
                    f"the font package '{self.package}' for {script} is not installed; pin it "
                    "in requirements.lock and pyproject.toml, then run make build again",
                )
            )
            return None
        faces = []
        for file, weight, style in self.faces.declared():
            if file is None:
                continue
            path = folder / file
            if not path.is_file():
                problems.append(
                    error(self.pos, f"the font package of {script} has no file '{file}'")
                )
                return None
            faces.append(Face(path, weight, style))
        return Family(name, self.package, tuple(faces), self.line_height, self.cursive)


def families(node: Node, problems: list[Problem]) -> dict[str, Family] | s.Missing:
    """`scripts:` under `fonts:`: each script's family, by ISO 15924 code."""
    read = s.map_of(FontFamily.read)(node, problems)
    if read is s.MISSING or not isinstance(node, Mapping):
        return s.MISSING
    out = {}
    for entry in node.entries:
        if isinstance(entry.value, Mapping) and not _SCRIPT_CODE.fullmatch(entry.key):
            problems.append(
                error(entry.value.pos, f"'{entry.key}' is not an ISO 15924 script code")
            )
            continue
        made = read[entry.key].family(entry.key, problems) if entry.key in read else None
        if made is not None:
            out[entry.key] = made
    return out


class Fonts(s.Record, what="fonts"):
    """The theme's families: ISO 15924 script → family, and the script whose family sets
    what another family lacks (web addresses and names in Latin letters)."""

    fallback: str = s.key(
        s.pattern(_SCRIPT_CODE.pattern, "a script code", "Latn (ISO 15924, as CLDR writes it)")
    )
    scripts: dict[str, Family] = s.key(families)


def fonts(node: Node, problems: list[Problem]) -> Fonts | s.Missing:
    """The theme's `fonts:`; its fallback script must have a family."""
    value = Fonts.read(node, problems)
    if value is s.MISSING:
        return s.MISSING
    if value.fallback not in value.scripts:
        problems.append(error(node.pos, f"the fallback script {value.fallback} has no family"))
        return s.MISSING
    return value


class Theme(s.Record, what="theme.yaml"):
    """templates/theme.yaml: the named colours (tract.css's --variables), the pairs the
    contrast check judges, and the family of each script."""

    colours: dict[str, Colour] = s.key(colours, default_factory=dict)
    pairs: tuple[ColourPair, ...] = s.key(s.list_of(ColourPair.read), default=())
    fonts: Fonts = s.key(fonts)

    def css_values(self, press: bool) -> dict[str, str]:
        """Each colour's CSS value by name, for screen or for the press."""
        return {name: colour.css(press) for name, colour in self.colours.items()}
