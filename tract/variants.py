"""The table of outputs: every kind of file a build makes of one document in one language,
declared once, and where every file a build writes goes.

document.yaml's `variants`, the plan of output paths, what a layout worker makes, the checks a
PDF gets, the catalog's links and the cache's manifest all read this table; none spells a
suffix or a label of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tract.problems import Pos, Problem, Subject, error

OUTPUT = "output"
MANIFEST = f"{OUTPUT}/build.json"
INDEX = f"{OUTPUT}/index.html"
STATUS = f"{OUTPUT}/status.json"
COMPILED = f"{OUTPUT}/.cache/templates"  # compiled templates, reused while unchanged
PREVIEWS = f"{OUTPUT}/previews"
TRANSLATE = f"{OUTPUT}/translate"


class Made(StrEnum):
    """How a variant comes to be."""

    LAID_OUT = "laid out"  # WeasyPrint lays its own HTML out
    IMPOSED = "imposed"  # the pages of another variant, several to an office sheet
    NOTES = "written"  # text written from another variant's PDF
    DESCRIBED = "described"  # what a screen reader says for another variant's image


@dataclass(frozen=True)
class Canvas:
    """A screen image's format, for the apps that show it on a phone: its size in pixels,
    laid out in CSS pixels and rasterised at 96 dpi, so one CSS pixel is one pixel; the bands
    at its top and bottom that the app covers (a story's account name above, its reply field
    below), where no text may be; and the smallest text a phone held at arm's length shows
    legibly. A phone about 390 points wide shows the 1080 pixels at about a third: 44 px is
    16 points there, about the size of the phone's own body text."""

    width: int
    height: int
    free_top: int = 0
    free_bottom: int = 0
    text_min: int = 44  # px, for any text

    @property
    def css(self) -> str:
        """What goes in @page { size: … }: a sheet twice as tall as the image, of which only
        the image is drawn. Text that does not fit then runs on below the image, where the fit
        check measures all of it, instead of onto a next page, which WeasyPrint would begin
        with another whole fixed box."""
        return f"{self.width}px {self.sheet_height}px"

    @property
    def sheet_height(self) -> int:
        return 2 * self.height

    @property
    def width_css(self) -> str:
        return f"{self.width}px"

    @property
    def height_css(self) -> str:
        return f"{self.height}px"


@dataclass(frozen=True)
class Variant:
    """One kind of output. `source` names the variant an imposed sheet or notes are made from;
    `declared` is False for what comes along with another variant rather than being asked for
    in document.yaml. Templates get the variant itself and read its properties (`bleed`,
    `neutral`, `canvas`), never its name."""

    name: str
    suffix: str
    made: Made
    label: str
    purpose: str
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant; it says `tagged` and `press`
    source: str | None = None
    bleed: float = 0.0  # mm laid out past the trim on every side; marks are drawn outside it
    neutral: bool = False  # its outside says nothing about sex work, not even its metadata
    default: bool = False  # made when document.yaml names no variants
    reach: bool = False  # judged for readers: PDF/UA structure, type sizes, easy-read breaks
    previews: bool = False  # pictures of its pages for the catalog and translators
    declared: bool = True
    canvas: Canvas | None = None  # a screen image: laid out at this size, written as a PNG

    @property
    def bleed_css(self) -> str:
        """The bleed as a CSS length, for the templates' `--bleed` and `@page { bleed }`."""
        return f"{self.bleed:g}mm"

    @property
    def is_pdf(self) -> bool:
        return self.suffix.endswith(".pdf")

    @property
    def is_image(self) -> bool:
        return self.canvas is not None

    @property
    def pages(self) -> int | None:
        """The pages its layout must have, when the variant itself says (an image is one);
        None: as many as the document says."""
        return 1 if self.is_image else None

    @property
    def tagged(self) -> bool:
        """A tagged PDF (structure tree, reading order), as PDF/UA needs."""
        return (self.pdf_variant or "").startswith("pdf/ua")

    @property
    def press(self) -> bool:
        """A PDF/X file for the press: drawn in the theme's CMYK values, given the press
        profile as its output intent, and preflighted before it is published."""
        return (self.pdf_variant or "").startswith("pdf/x")


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant(
            "screen",
            ".pdf",
            Made.LAID_OUT,
            "Screen PDF",
            "for phones, e-mail and the web",
            pdf_variant="pdf/ua-1",
            reach=True,
            previews=True,
            default=True,
        ),
        Variant(
            "print",
            ".print.pdf",
            Made.LAID_OUT,
            "Print PDF",
            "for the print shop: PDF/X-4 in CMYK, bleed and crop marks",
            pdf_variant="pdf/x-4",
            bleed=3.0,
        ),
        Variant(
            "sheet",
            ".sheet.pdf",
            Made.IMPOSED,
            "Office sheet",
            "several copies on one A4 sheet, to cut",
            source="screen",
        ),
        Variant(
            "discreet",
            ".discreet.pdf",
            Made.LAID_OUT,
            "Discreet PDF",
            "a neutral outside, safe to carry",
            pdf_variant="pdf/ua-1",
            neutral=True,
            reach=True,
        ),
        Variant(
            "notes",
            ".print.txt",
            Made.NOTES,
            "Print-shop notes",
            "paper, size and finishing, to send with the print PDF",
            source="print",
            declared=False,
        ),
        Variant(
            "post",
            ".post.png",
            Made.LAID_OUT,
            "Post image",
            "1080 × 1350 px (4:5): an Instagram post shows it whole, as does a message",
            canvas=Canvas(1080, 1350),
        ),
        Variant(
            "post-alt",
            ".post.txt",
            Made.DESCRIBED,
            "Post image text",
            "what a screen reader says for it: paste it in the app's alt-text field",
            source="post",
            declared=False,
        ),
        Variant(
            "story",
            ".story.png",
            Made.LAID_OUT,
            "Story image",
            "1080 × 1920 px (9:16): an Instagram story or a WhatsApp status",
            canvas=Canvas(1080, 1920, free_top=250, free_bottom=250),
        ),
        Variant(
            "story-alt",
            ".story.txt",
            Made.DESCRIBED,
            "Story image text",
            "what a screen reader says for it: paste it in the app's alt-text field",
            source="story",
            declared=False,
        ),
    )
}
DECLARED = tuple(name for name, v in VARIANTS.items() if v.declared)  # document.yaml's choices
DEFAULT = tuple(name for name, v in VARIANTS.items() if v.default)  # when it names none
PREVIEWED = next(name for name, v in VARIANTS.items() if v.previews)  # the pages people see


@dataclass(frozen=True, order=True)
class Output:
    """One file of one document in one language."""

    doc: str
    lang: str
    variant: str  # a name in VARIANTS

    @property
    def kind(self) -> Variant:
        return VARIANTS[self.variant]

    @property
    def path(self) -> str:
        """Where it is written, relative to the project root."""
        return f"{OUTPUT}/{self.lang}/{self.doc}{self.kind.suffix}"

    @property
    def html_path(self) -> str:
        """Where --keep-html writes the HTML it was laid out from."""
        stem = self.kind.suffix.rpartition(".")[0]  # ".print.pdf" → ".print", ".pdf" → ""
        return f"{OUTPUT}/html/{self.lang}/{self.doc}{stem}.html"


def described(image: Output) -> Output | None:
    """The file of words a screen reader says for an image (its alt text), if it has one."""
    return next(
        (
            Output(image.doc, image.lang, name)
            for name, v in VARIANTS.items()
            if v.made is Made.DESCRIBED and v.source == image.variant
        ),
        None,
    )


def previewed(doc: str, lang: str) -> Output:
    """The PDF whose pages are pictured for the catalog and translators (the screen PDF)."""
    return Output(doc, lang, PREVIEWED)


def imposed(declared: Iterable[str]) -> tuple[str, ...]:
    """The variants among these that are pages imposed on an office sheet."""
    return tuple(name for name in declared if VARIANTS[name].made is Made.IMPOSED)


def preview_path(doc: str, lang: str, page: int) -> str:
    return f"{PREVIEWS}/{lang}/{doc}-{page}.png"


def side_by_side_path(name: str, lang: str) -> str:
    """A translator's side-by-side page of a document (or of the shared strings)."""
    return f"{TRANSLATE}/{lang}/{name}.html"


@dataclass(frozen=True)
class Layout:
    """One layout of one document in one language, and every output made from it."""

    doc: str
    lang: str
    variant: str  # a LAID_OUT variant
    yields: tuple[Output, ...]

    @property
    def kind(self) -> Variant:
        return VARIANTS[self.variant]

    @property
    def output(self) -> Output:
        """The output this layout is, even when only other outputs are made from it."""
        return Output(self.doc, self.lang, self.variant)

    @property
    def described(self) -> bool:
        """Whether it yields the words a screen reader says for it (a screen image's)."""
        return any(o.kind.made is Made.DESCRIBED for o in self.yields)


def _root(name: str) -> str:
    """The laid-out variant an output is made from, through imposing or notes."""
    while VARIANTS[name].source is not None:
        name = VARIANTS[name].source or name
    return name


def outputs_of(doc: str, lang: str, declared: Iterable[str]) -> tuple[Output, ...]:
    """The files a document makes in a language: its declared variants and what comes along."""
    wanted = set(declared)
    return tuple(
        Output(doc, lang, name)
        for name, v in VARIANTS.items()
        if name in wanted or (not v.declared and v.source in wanted)
    )


def layouts_of(outputs: Iterable[Output]) -> tuple[Layout, ...]:
    """The layouts that make these outputs: a sheet needs its screen layout, even when the
    screen PDF itself is not asked for."""
    grouped: dict[tuple[str, str, str], list[Output]] = {}
    for output in outputs:
        key = (output.doc, output.lang, _root(output.variant))
        grouped.setdefault(key, []).append(output)
    return tuple(Layout(d, lang, v, tuple(made)) for (d, lang, v), made in grouped.items())


def collisions(planned: Iterable[tuple[Output, Pos]]) -> list[Problem]:
    """Documents whose outputs would write the same file (or kept HTML), found before anything
    is written: an error at each one's document.yaml, so neither is built."""
    owner: dict[str, tuple[Output, Pos]] = {}
    clashes: dict[tuple[Output, Output], tuple[str, Pos, Pos]] = {}
    for output, pos in planned:
        paths = [output.path] + ([output.html_path] if output.kind.made is Made.LAID_OUT else [])
        for path in paths:
            first, first_pos = owner.setdefault(path, (output, pos))
            if first != output:
                pair = (
                    Output(first.doc, "", first.variant),
                    Output(output.doc, "", output.variant),
                )
                clashes.setdefault(pair, (path, first_pos, pos))
    problems = []
    for (first, second), (path, first_pos, second_pos) in clashes.items():
        said = (
            f"'{first.doc}' ({first.variant}) and '{second.doc}' ({second.variant}) would both "
            f"write {path}; rename content/{second.doc} or content/{first.doc}"
        )
        problems += [
            error(first_pos, said, Subject(first.doc)),
            error(second_pos, said, Subject(second.doc)),
        ]
    return problems
