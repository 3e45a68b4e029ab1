"""QR codes drawn with segno as inline SVG: vector, so they print sharp at any size."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
from markupsafe import Markup, escape

QUIET_ZONE = 4  # modules of white around the code, the minimum scanners expect


def qr_svg(url: str, label: str | object, css_class: str = "qr") -> Markup:
    """An SVG QR code for a first-party https address, error correction Q, 4-module border."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.query or parts.fragment:
        raise ValueError(f"QR codes carry only plain https addresses, not {url!r}")
    code = segno.make(url, error="q", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=QUIET_ZONE, xmldecl=False, svgns=True, omitsize=True,
              title=None, desc=None, svgclass=None, lineclass=None)
    svg = out.getvalue().decode()
    modules = code.symbol_size(border=QUIET_ZONE)[0]
    label_text = escape(str(Markup(str(label)).striptags()) if label else url)
    return Markup(svg.replace(
        "<svg ", f'<svg class="{escape(css_class)}" role="img" aria-label="{label_text}" '
        f'data-modules="{modules}" ', 1))
