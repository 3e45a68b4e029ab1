"""Pictures drawn from a laid-out PDF in the worker that made it: a small PNG of every page of
a screen PDF, for the catalog and the translators' side-by-side pages, and a screen image
(post, story) at exactly its size in pixels."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image, PngImagePlugin

from tract.layout.jobs import Picture
from tract.variants import Canvas

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


def _srgb() -> PngImagePlugin.PngInfo:
    """The one chunk a PNG needs besides its pixels to say they are sRGB (perceptual)."""
    info = PngImagePlugin.PngInfo()
    info.add(b"sRGB", b"\x00")
    return info


def screen_image(pdf: bytes, canvas: Canvas) -> bytes:
    """The image at the top of a screen image's sheet as a PNG of exactly the canvas's pixels:
    it was laid out in CSS pixels, 96 to the inch, so it is drawn at 96 dpi. Opaque RGB, sRGB,
    and nothing else: no date, no text chunk, no resolution."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        scale = canvas.width / page.get_width()  # 96 / 72
        below = (canvas.sheet_height - canvas.height) / scale  # in points, cut off
        image = page.render(scale=scale, crop=(0, below, 0, 0)).to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != (canvas.width, canvas.height):
        raise ValueError(f"drawn at {image.size}, not {canvas.width} × {canvas.height} px")
    data = io.BytesIO()
    image.save(data, "PNG", pnginfo=_srgb())  # zlib level 6: level 9 is 3 % smaller, 3 × slower
    return data.getvalue()
