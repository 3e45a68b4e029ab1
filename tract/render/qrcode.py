"""QR codes drawn with segno as SVG images: vector, so they print sharp at any size.

The code is an <img> with a data: URL rather than inline SVG, so that the tagged PDF gets a
Figure with the alternative text from the locale file, as screen readers need.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from urllib.parse import urlsplit

import segno
from markupsafe import Markup

QUIET_ZONE = 4  # modules of white around the code, the minimum scanners expect


@lru_cache(maxsize=16)
def _encoded(url: str) -> tuple[str, int]:
    """The SVG of the code as base64, and its width in modules; made once per address."""
    code = segno.make(url, error="q", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=QUIET_ZONE, xmldecl=False, omitsize=True, light="#fff")
    return base64.b64encode(out.getvalue()).decode(), int(code.symbol_size(border=QUIET_ZONE)[0])


def qr_svg(url: str, label: object, css_class: str = "qr") -> Markup:
    """An image of a QR code for a first-party https address: error correction Q, a 4-module
    white quiet zone, and `label` (from the locale file) as its alternative text."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.query or parts.fragment:
        raise ValueError(f"QR codes carry only plain https addresses, not {url!r}")
    alt = Markup(str(label)).striptags() if label else ""
    if not alt:
        raise ValueError("a QR code needs alternative text from the locale file")
    data, modules = _encoded(url)
    return Markup(
        '<img class="{}" src="data:image/svg+xml;base64,{}" alt="{}" data-modules="{}">'
    ).format(css_class, data, alt, modules)
