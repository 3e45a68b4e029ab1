"""Our preflight of each finished print PDF: what a print shop's PDF/X-4 check for FOGRA39
would refuse, found in the build, since no free PDF/X validator exists.

It asks for a GTS_PDFX output intent with a four-channel (CMYK) profile, PDF/X-4 in the XMP
metadata, a TrimBox and a BleedBox on every page, every font embedded, no RGB colour and no
RGB image, black text in black ink only, and no colour over the press's ink limit. Colours
are followed through every content stream as a PDF reader would: the graphics state saved
and restored, form XObjects drawn with the colours they inherit. Each problem is one sentence;
those about a page start with its number.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import pikepdf

from tract.finish.press import CONDITION, INK_LIMIT

RICH_BLACK_K = 0.9  # text with this much black ink and any cyan, magenta or yellow is rich black
_INKS = ("cyan", "magenta", "yellow", "black")
_DEVICE = {"/DeviceRGB": "rgb", "/DeviceCMYK": "cmyk", "/DeviceGray": "gray"}
_SET = {"rg": "rgb", "RG": "rgb", "k": "cmyk", "K": "cmyk", "g": "gray", "G": "gray"}
_INITIAL = {"rgb": (0.0, 0.0, 0.0), "cmyk": (0.0, 0.0, 0.0, 1.0), "gray": (0.0,)}
_SHOW_TEXT = {"Tj", "TJ", "'", '"'}
# only the operators that set colours, save or restore them, show text or draw an XObject
_WATCHED = " ".join(["q", "Q", *_SET, "cs", "CS", "sc", "scn", "SC", "SCN", *_SHOW_TEXT, "Do"])
_WATCHED += " BI ID EI"


@dataclass(frozen=True)
class Colour:
    space: str  # "rgb", "cmyk", "gray", or "other" (Lab, spot colours, patterns…)
    values: tuple[float, ...]


_BLACK = Colour("gray", (0.0,))  # what every graphics state starts with


class _Findings:
    """One page's problems, each kind said once (where it is first met), in that order."""

    def __init__(self, page: int) -> None:
        self.page = page
        self.said: dict[str, str] = {}

    def add(self, kind: str, sentence: str) -> None:
        self.said.setdefault(kind, f"page {self.page} {sentence}")


def preflight(pdf: bytes) -> list[str]:
    """Every reason this PDF is not a sound PDF/X-4 file for the press, as sentences."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        problems = _intent_problems(doc) + _xmp_problems(doc) + _font_problems(doc)
        for number, page in enumerate(doc.pages, start=1):
            found = _Findings(number)
            for box in ("/TrimBox", "/BleedBox"):
                if box not in page.obj:
                    found.add(box, f"has no {box[1:]}")
            _draw(page, page.obj.get("/Resources", pikepdf.Dictionary()), found)
            problems += found.said.values()
    return problems


def _intent_problems(doc: pikepdf.Pdf) -> list[str]:
    for intent in doc.Root.get("/OutputIntents", pikepdf.Array()):
        profile = intent.get("/DestOutputProfile")
        if (
            intent.get("/S") == pikepdf.Name.GTS_PDFX
            and profile is not None
            and int(profile.get("/N", 0)) == 4
        ):
            return []
    return ["it has no PDF/X output intent (GTS_PDFX) with a CMYK profile"]


def _xmp_problems(doc: pikepdf.Pdf) -> list[str]:
    if doc.open_metadata().get("pdfxid:GTS_PDFXVersion") == "PDF/X-4":
        return []
    return ["its XMP metadata does not say PDF/X-4 (pdfxid:GTS_PDFXVersion)"]


def _font_problems(doc: pikepdf.Pdf) -> list[str]:
    problems = []
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.Font:
            continue
        subtype = obj.get("/Subtype")
        if subtype in (pikepdf.Name.Type0, pikepdf.Name.Type3):
            continue  # a Type0 font's glyphs are in its descendant; a Type3's are drawn
        descriptor = obj.get("/FontDescriptor", pikepdf.Dictionary())
        if not any(f in descriptor for f in ("/FontFile", "/FontFile2", "/FontFile3")):
            name = str(obj.get("/BaseFont", "/?"))[1:].split("+")[-1]
            problems.append(f"the font {name} is not embedded")
    return sorted(set(problems))


def _kind(space: pikepdf.Object | None, resources: pikepdf.Object) -> str:
    """What a colour space is made of: rgb, cmyk, gray or other."""
    if isinstance(space, pikepdf.Name):
        if str(space) in _DEVICE:
            return _DEVICE[str(space)]
        named = resources.get("/ColorSpace", pikepdf.Dictionary()).get(str(space))
        return "other" if named is None else _kind(named, resources)
    if isinstance(space, pikepdf.Array) and len(space) > 1:
        family = str(space[0])
        if family == "/ICCBased":
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(int(space[1].get("/N", 0)), "other")
        if family == "/CalRGB":
            return "rgb"
        if family == "/Indexed":
            return _kind(space[1], resources)
    return "other"


def _inks(colour: Colour) -> str:
    return ", ".join(
        f"{name} {value * 100:.0f} %" for name, value in zip(_INKS, colour.values, strict=True)
    )


def _colour_problems(colour: Colour, shown: str, found: _Findings) -> None:
    """Say what is wrong with a colour as it is set (`shown` as the stream writes it)."""
    if colour.space == "rgb":
        found.add(
            "rgb",
            f"has RGB colour ({shown}); in print every colour must be CMYK, "
            "from templates/theme.yaml",
        )
    elif colour.space == "cmyk" and len(colour.values) == 4:
        total = sum(colour.values) * 100
        if total > INK_LIMIT + 0.5:
            found.add(
                "ink",
                f"has a colour of {total:.0f} % ink ({_inks(colour)}), over the "
                f"{INK_LIMIT} % {CONDITION} allows",
            )


def _text_problems(fill: Colour, found: _Findings) -> None:
    """Black text printed with cyan, magenta or yellow under it blurs when the plates are a
    hair apart: it must be black ink alone."""
    if fill.space != "cmyk" or len(fill.values) != 4:
        return
    c, m, y, k = fill.values
    if k >= RICH_BLACK_K and c + m + y > 0:
        found.add(
            "rich black",
            f"has text in rich black ({_inks(fill)}); black text must be black ink only",
        )


def _draw(
    source: pikepdf.Page | pikepdf.Object,
    resources: pikepdf.Object,
    found: _Findings,
    fill: Colour = _BLACK,
    stroke: Colour = _BLACK,
    inside: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    """Follow the colours one content stream sets and paints with, into what it draws."""
    saved: list[tuple[Colour, Colour]] = []
    for instruction in pikepdf.parse_content_stream(source, _WATCHED):
        operands, op = instruction.operands, str(instruction.operator)
        stroking = op.isupper()
        current = stroke if stroking else fill
        colour: Colour | None = None
        if op == "q":
            saved.append((fill, stroke))
        elif op == "Q" and saved:
            fill, stroke = saved.pop()
        elif op in _SET:
            colour = Colour(_SET[op], tuple(float(v) for v in operands))
        elif op in ("cs", "CS"):
            kind = _kind(operands[0], resources)
            colour = Colour(kind, _INITIAL.get(kind, ()))
        elif op in ("sc", "scn", "SC", "SCN"):
            numbers = tuple(float(v) for v in operands if isinstance(v, int | Decimal))
            colour = Colour(current.space, numbers or current.values)
        elif op in _SHOW_TEXT:
            _text_problems(fill, found)
        elif op == "Do":
            _xobject(operands[0], resources, found, fill, stroke, inside)
        elif op == "INLINE IMAGE" and _kind(operands[0].obj.get("/ColorSpace"), resources) == "rgb":
            found.add("image", "has an RGB image; images in print must be CMYK")
        if colour is not None:
            _colour_problems(colour, " ".join([*(str(v) for v in operands), op]), found)
            fill, stroke = (fill, colour) if stroking else (colour, stroke)
    _resource_problems(resources, found, inside)


def _xobject(
    name: pikepdf.Object,
    resources: pikepdf.Object,
    found: _Findings,
    fill: Colour,
    stroke: Colour,
    inside: frozenset[tuple[int, int]],
) -> None:
    """An image's colour space, or what a form draws with the colours it inherits."""
    xobject = resources.get("/XObject", pikepdf.Dictionary()).get(str(name))
    if xobject is None or xobject.objgen in inside:
        return
    if xobject.get("/Subtype") == pikepdf.Name.Image:
        if not xobject.get("/ImageMask", False) and (
            _kind(xobject.get("/ColorSpace"), resources) == "rgb"
        ):
            found.add("image", "has an RGB image; images in print must be CMYK")
        return
    group = xobject.get("/Group", pikepdf.Dictionary()).get("/CS")
    if group is not None and _kind(group, resources) == "rgb":
        found.add("group", "blends transparency in RGB (a transparency group in DeviceRGB)")
    own = xobject.get("/Resources", resources)
    _draw(xobject, own, found, fill, stroke, inside | {xobject.objgen})


def _resource_problems(
    resources: pikepdf.Object, found: _Findings, inside: frozenset[tuple[int, int]]
) -> None:
    """Shadings (gradients) and patterns in RGB, whether or not a stream names them."""
    shadings = list(resources.get("/Shading", pikepdf.Dictionary()).values())
    for pattern in resources.get("/Pattern", pikepdf.Dictionary()).values():
        if "/Shading" in pattern:
            shadings.append(pattern.Shading)
        elif pattern.objgen not in inside:  # a tiling pattern is a content stream
            own = pattern.get("/Resources", resources)
            _draw(pattern, own, found, inside=inside | {pattern.objgen})
    if any(_kind(s.get("/ColorSpace"), resources) == "rgb" for s in shadings):
        found.add("gradient", "has a gradient in RGB; in print every colour must be CMYK")
