"""QR codes drawn with segno as SVG images: vector, so they print sharp at any size.

The code is an <img> with a data: URL rather than inline SVG, so that the tagged PDF gets a
Figure with the alternative text from the locale file, as screen readers need. Its colours are
the theme's `black` and `white` in the variant's values: in print, black ink only.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlsplit

import segno
from markupsafe import Markup

QUIET_ZONE = 4  # modules of white around the code, the minimum scanners expect
DARK, LIGHT = "black", "white"  # the theme colours of the modules and the quiet zone
_DARK_SVG, _LIGHT_SVG = 'stroke="#000"', 'fill="#fff"'  # as segno writes them


@lru_cache(maxsize=16)
def _svg(url: str) -> tuple[str, int]:
    """The SVG of the code, and its width in modules; made once per address."""
    code = segno.make(url, error="q", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=QUIET_ZONE, xmldecl=False, omitsize=True, light="#fff")
    svg = out.getvalue().decode()
    assert svg.count(_DARK_SVG) == svg.count(_LIGHT_SVG) == 1, "segno's SVG has changed"
    return svg, int(code.symbol_size(border=QUIET_ZONE)[0])


def qr_svg(url: str, label: object, colours: Mapping[str, str], css_class: str = "qr") -> Markup:
    """An image of a QR code for a first-party https address: error correction Q, a 4-module
    quiet zone, `label` (from the locale file) as its alternative text, and the theme's
    `colours` (CSS values by name; segno's black and white where the theme has none)."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.query or parts.fragment:
        raise ValueError(f"QR codes carry only plain https addresses, not {url!r}")
    alt = Markup(str(label)).striptags() if label else ""
    if not alt:
        raise ValueError("a QR code needs alternative text from the locale file")
    svg, modules = _svg(url)
    if DARK in colours:  # the stroke draws the modules; SVG's default fill is black too
        svg = svg.replace(_DARK_SVG, f'stroke="{colours[DARK]}" fill="{colours[DARK]}"')
    if LIGHT in colours:
        svg = svg.replace(_LIGHT_SVG, f'fill="{colours[LIGHT]}"')
    data = base64.b64encode(svg.encode()).decode()
    return Markup(
        '<img class="{}" src="data:image/svg+xml;base64,{}" alt="{}" data-modules="{}">'
    ).format(css_class, data, alt, modules)
