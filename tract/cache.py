"""The build cache: an output is rebuilt only when a hash of everything it depends on changes.

This module imports nothing heavy on purpose: a build where nothing changed reads the manifest,
hashes the input files and stops, without loading Babel, Jinja or WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

MANIFEST = "output/build.json"
FORMAT = 1


@cache
def _file_hash(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    """A file's content hash, remembered per size and modification time within a process."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    return _file_hash(path, stat.st_size, stat.st_mtime_ns)


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@cache
def _tool_hash() -> str:
    """The pipeline's own code and the versions of what renders: a change rebuilds all."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in _tree(package):
        digest.update(path.relative_to(package).as_posix().encode() + file_hash(path).encode())
    for dist in (
        "weasyprint",
        "pydyf",
        "babel",
        "jinja2",
        "fontpkg-atkinson-hyperlegible",
        "pikepdf",
        "segno",
    ):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=none".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def shared_files(root: Path) -> list[Path]:
    """Inputs every output depends on: site facts, the fact sheet, templates and styles."""
    return [root / "content" / "site.yaml", *_tree(root / "seeds"), *_tree(root / "templates")]


def input_key(root: Path, doc: str, lang: str, source_lang: str, draft: bool) -> str:
    """The hash of every input of one document in one language (all its variants)."""
    digest = hashlib.sha256(_tool_hash().encode())
    digest.update(f"draft={draft}".encode())
    content = root / "content"
    files = [
        *shared_files(root),
        content / doc / "document.yaml",
        content / doc / f"{source_lang}.yaml",
        content / doc / f"{lang}.yaml",
        content / "strings" / f"{source_lang}.yaml",
        content / "strings" / f"{lang}.yaml",
    ]
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(file_hash(path).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one document in one language."""

    key: str
    outputs: dict[str, dict[str, Any]]  # output path → pages, bytes, variant
    warnings: tuple[str, ...]


def read_manifest(root: Path) -> tuple[dict[str, Entry], str]:
    """The previous build's entries by "lang/doc", and a warning if it could not be used."""
    path = root / MANIFEST
    if not path.is_file():
        return {}, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("another format")
        entries = {
            k: Entry(v["key"], v["outputs"], tuple(v["warnings"]))
            for k, v in data["documents"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}, "the build cache could not be read, so everything is rebuilt"
    return entries, ""


def manifest_json(entries: dict[str, Entry]) -> bytes:
    data = {
        "format": FORMAT,
        "documents": {
            k: {"key": e.key, "outputs": e.outputs, "warnings": list(e.warnings)}
            for k, e in sorted(entries.items())
        },
    }
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def is_fresh(root: Path, entry: Entry | None, key: str) -> bool:
    return (
        entry is not None
        and entry.key == key
        and bool(entry.outputs)
        and all((root / p).is_file() for p in entry.outputs)
    )


def quick_languages(root: Path) -> tuple[str, ...] | None:
    """site.yaml's languages, read without checking; None when anything looks unusual."""
    from tract.yamlfile import Mapping, Scalar, Sequence, read

    try:
        node, problems = read(root / "content" / "site.yaml", root)
    except OSError:
        return None
    langs = node.get("languages") if isinstance(node, Mapping) and not problems else None
    if not isinstance(langs, Sequence) or not all(isinstance(i, Scalar) for i in langs.items):
        return None
    return tuple(i.text for i in langs.items if isinstance(i, Scalar))


def up_to_date(
    root: Path, docs: tuple[str, ...], langs: tuple[str, ...], draft: bool
) -> list[Entry] | None:
    """The manifest entries of every asked-for output when none needs building, else None."""
    languages = quick_languages(root)
    if not languages:
        return None
    all_docs = sorted(p.parent.name for p in (root / "content").glob("*/document.yaml"))
    if any(d not in all_docs for d in docs) or any(lang not in languages for lang in langs):
        return None  # let the full build say what is wrong
    entries, problem = read_manifest(root)
    if problem:
        return None
    chosen = []
    for doc in docs or all_docs:
        for lang in langs or languages:
            entry = entries.get(f"{lang}/{doc}")
            if entry is None or not is_fresh(
                root, entry, input_key(root, doc, lang, languages[0], draft)
            ):
                return None
            chosen.append(entry)
    return chosen
