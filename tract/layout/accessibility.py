"""Checks that a screen PDF is accessible (PDF/UA-1), read from the file itself with pikepdf.

No Java validator is needed for what matters most to people with screen readers: a structure
tree, the document's language, a title shown instead of the file name, the PDF/UA mark, alt
text on every figure and headings in order.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf

_HEADING = re.compile(r"/H([1-6])")


def _elements(node: object, depth: int = 0) -> Iterator[pikepdf.Dictionary]:
    """Structure elements in reading order."""
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from _elements(child, depth)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        if "/K" in node:
            yield from _elements(node.K, depth + 1)


def ua_problems(pdf: bytes) -> list[str]:
    """What keeps this PDF from being accessible, in plain words; empty when all is well."""
    problems = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        if "/StructTreeRoot" not in root:
            return ["the PDF has no structure tree (it is not tagged)"]
        if not str(root.get("/Lang", "")):
            problems.append("the PDF does not say its language (/Lang)")
        if not _flag(root, "/MarkInfo", "/Marked"):
            problems.append("the PDF is not marked as tagged (/MarkInfo)")
        if not _flag(root, "/ViewerPreferences", "/DisplayDocTitle"):
            problems.append("viewers would show the file name instead of the title")
        if not str(doc.open_metadata().get("dc:title", "")):
            problems.append("the PDF has no title in its metadata")
        xmp = root.Metadata.read_bytes() if "/Metadata" in root else b""
        if b"pdfuaid:part" not in xmp:
            problems.append("the PDF does not carry the PDF/UA identification in its XMP")
        tree = root.StructTreeRoot
        assert isinstance(tree, pikepdf.Dictionary)
        problems += _structure_problems(tree)
    return problems


def _flag(root: pikepdf.Object, group: str, name: str) -> bool:
    holder = root.get(group)
    return isinstance(holder, pikepdf.Dictionary) and bool(holder.get(name, False))


def _structure_problems(tree: pikepdf.Dictionary) -> list[str]:
    problems = []
    level = 0
    for element in _elements(tree.get("/K")):
        kind = str(element.S)
        if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append("a figure (image or QR code) has no alternative text")
        heading = _HEADING.fullmatch(kind)
        if heading:
            new = int(heading.group(1))
            if new > level + 1:
                problems.append(f"heading levels jump from H{level} to H{new}")
            level = new
    return sorted(set(problems))
