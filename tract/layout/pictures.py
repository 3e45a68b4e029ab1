"""Page pictures: a small PNG of every page of a screen PDF, drawn in the worker that made it,
for the catalog and the translators' side-by-side pages."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image

from tract.layout.jobs import Picture

LONG_SIDE = 480  # pixels: sharp as a thumbnail on a phone


def page_pictures(pdf: bytes) -> list[Picture]:
    """A PNG of every page, LONG_SIDE pixels on its longer side."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_picture(document[index]) for index in range(len(document))]
    finally:
        document.close()


def _picture(page: pdfium.PdfPage) -> Picture:
    width, height = page.get_size()
    image = page.render(scale=LONG_SIDE / max(width, height)).to_pil()
    data = io.BytesIO()
    # 256 colours look the same at this size in far fewer bytes; the fast octree quantizer
    # is quicker than the default one and makes smaller files (README, Performance)
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(data, "PNG")
    return Picture(data.getvalue(), image.width, image.height)
