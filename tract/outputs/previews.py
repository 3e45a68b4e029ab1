"""Page previews in output/previews/: written from the pictures the workers drew, and the
pictures of pages a document no longer has removed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from tract.layout.jobs import Picture
from tract.report import Preview
from tract.variants import PREVIEWS, preview_path
from tract.write import write_atomic


def _existing(root: Path, doc: str, lang: str) -> list[Path]:
    pattern = re.compile(rf"{re.escape(doc)}-\d+\.png")
    folder = root / PREVIEWS / lang
    return [p for p in folder.glob(f"{doc}-*.png") if pattern.fullmatch(p.name)]


def write(root: Path, doc: str, lang: str, pictures: Sequence[Picture]) -> tuple[Preview, ...]:
    """Write a document's previews, and drop previews of pages it no longer has."""
    written = []
    for number, picture in enumerate(pictures, start=1):
        path = preview_path(doc, lang, number)
        write_atomic(root / path, picture.png)
        written.append(Preview(path, picture.width, picture.height))
    kept = {root / p.path for p in written}
    for old in _existing(root, doc, lang):
        if old not in kept:
            old.unlink()
    return tuple(written)
