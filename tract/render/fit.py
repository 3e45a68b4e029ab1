"""The CSS line through which the fit check changes a document's body size."""

from __future__ import annotations

import re

FIT_MARK = re.compile(r":root \{ --body-size: [0-9.]+pt; --fit-scale: [0-9.]+; \} /\*tract-fit\*/")


def fit_css(body_pt: float, base_pt: float) -> str:
    """The line base.html.j2 writes and the layout's fit loop rewrites."""
    return (
        f":root {{ --body-size: {body_pt:g}pt; --fit-scale: {body_pt / base_pt:.4f}; }} "
        "/*tract-fit*/"
    )
