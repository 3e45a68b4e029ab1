"""Page previews: a small PNG of every page of a screen PDF, for the catalog to show."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium

from tract.write import write_atomic

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


def refresh(root: Path, doc: str, lang: str) -> list[Path]:
    """Render every page of output/<lang>/<doc>.pdf, and drop previews of pages it lost."""
    pdf = pdfium.PdfDocument(root / "output" / lang / f"{doc}.pdf")
    try:
        written = [
            _write_page(pdf[index], folder(root, lang) / f"{doc}-{index + 1}.png")
            for index in range(len(pdf))
        ]
    finally:
        pdf.close()
    for path in existing(root, doc, lang):
        if path not in written:
            path.unlink()
    return written


def _write_page(page: pdfium.PdfPage, path: Path) -> Path:
    width, height = page.get_size()
    image = page.render(scale=LONG_SIDE / max(width, height)).to_pil()
    data = io.BytesIO()
    # 256 colours look the same at this size and take a third of the bytes
    image.quantize(256).save(data, "PNG")
    write_atomic(path, data.getvalue())
    return path
