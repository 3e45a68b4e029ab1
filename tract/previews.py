"""Page previews: a small PNG of every page of a screen PDF, for the catalog to show."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tract.write import write_atomic

if TYPE_CHECKING:
    import pypdfium2 as pdfium

PREVIEWS = "output/previews"
LONG_SIDE = 480  # pixels: sharp as a thumbnail on a phone, about 15 KB a page


def folder(root: Path, lang: str) -> Path:
    return root / PREVIEWS / lang


def existing(root: Path, doc: str, lang: str) -> list[Path]:
    """The previews of one document in one language, in page order."""
    pattern = re.compile(rf"{re.escape(doc)}-(\d+)\.png")
    found = []
    for path in folder(root, lang).glob(f"{doc}-*.png"):
        match = pattern.fullmatch(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return [path for _, path in sorted(found)]


def page_pngs(pdf: bytes) -> list[bytes]:
    """A small PNG of every page; run in the layout workers, right after the PDF is made."""
    import pypdfium2 as pdfium  # only where pages are drawn: the build itself just writes

    document = pdfium.PdfDocument(pdf)
    try:
        return [_png(document[index]) for index in range(len(document))]
    finally:
        document.close()


def write(root: Path, doc: str, lang: str, pngs: list[bytes]) -> list[Path]:
    """Write a document's previews, and drop previews of pages it no longer has."""
    written = []
    for number, png in enumerate(pngs, start=1):
        path = folder(root, lang) / f"{doc}-{number}.png"
        write_atomic(path, png)
        written.append(path)
    for path in existing(root, doc, lang):
        if path not in written:
            path.unlink()
    return written


def refresh(root: Path, doc: str, lang: str) -> list[Path]:
    """Previews of output/<lang>/<doc>.pdf as it is on disk."""
    pdf = (root / "output" / lang / f"{doc}.pdf").read_bytes()
    return write(root, doc, lang, page_pngs(pdf))


def _png(page: pdfium.PdfPage) -> bytes:
    from PIL import Image

    width, height = page.get_size()
    image = page.render(scale=LONG_SIDE / max(width, height)).to_pil()
    data = io.BytesIO()
    # 256 colours look the same at this size and take a third of the bytes; the fast octree
    # quantizer is a third of the time of the default one, for smaller files
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(data, "PNG")
    return data.getvalue()
