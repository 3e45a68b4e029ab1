"""The build cache: an output is rebuilt only when a hash of everything it depends on changes.

This module imports nothing heavy on purpose: a build where nothing changed reads the manifest,
hashes the input files and stops, without loading Babel, Jinja or WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from tract.problems import Pos, Problem, warning
from tract.report import Made
from tract.source.paths import (
    FACTS_FILE,
    SITE_FILE,
    STRINGS,
    document_file,
    document_ids,
    locale_file,
    lock_file,
)
from tract.source.yamlfile import Mapping, Scalar, Sequence, read
from tract.variants import MANIFEST

FORMAT = 7  # 6: each warning keeps its subject; 7: and its severity


RACY_NS = 2_000_000_000  # a file changed this recently may change again within one clock tick


@lru_cache(maxsize=4096)
def _remembered_hash(path: Path, size: int, mtime_ns: int, ctime_ns: int, inode: int) -> str:
    return _digest(path)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    """A file's content hash. A server runs for days: the hash is remembered by the file's
    size, times and inode only once its last change is older than any clock tick (as git
    does for racily clean files); a file changed just now is read again every time."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_NS:
        return _digest(path)
    return _remembered_hash(path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


PACKAGE = Path(__file__).parents[1]  # the whole tract package, every room


def tool_files() -> list[Path]:
    """Every file of the tract package itself: its modules and its own page templates."""
    return _tree(PACKAGE)


@cache
def _tool_hash() -> str:
    """The pipeline's own code and the versions of what renders: a change rebuilds all."""
    digest = hashlib.sha256()
    for path in tool_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + file_hash(path).encode())
    fonts = sorted(d.name for d in metadata.distributions() if d.name.startswith("fontpkg"))
    for dist in ("weasyprint", "pydyf", "babel", "jinja2", "pikepdf", "segno", *fonts):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=none".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def content_files(doc: str, lang: str, source_lang: str) -> tuple[str, ...]:
    """The files one document in one language is made from, besides templates/ and the
    pipeline itself; its problems are the ones that can stop it."""
    return (
        SITE_FILE,
        FACTS_FILE,
        document_file(doc),
        locale_file(doc, source_lang),
        locale_file(doc, lang),
        locale_file(STRINGS, source_lang),
        locale_file(STRINGS, lang),
        lock_file(doc),  # who confirmed which translation: a draft is marked
        lock_file(STRINGS),
    )


def input_files(root: Path, doc: str, lang: str, source_lang: str) -> list[str]:
    """Every file one document in one language is made from, relative to the root."""
    files = list(content_files(doc, lang, source_lang))
    files += [
        p.relative_to(root).as_posix() for p in _tree(root / "seeds") + _tree(root / "templates")
    ]
    return list(dict.fromkeys(files))


def input_key(root: Path, doc: str, lang: str, source_lang: str, draft: bool) -> str:
    """The hash of every input of one document in one language (all its variants)."""
    digest = hashlib.sha256(_tool_hash().encode())
    digest.update(f"draft={draft}".encode())
    for rel in input_files(root, doc, lang, source_lang):
        digest.update(rel.encode() + b"\0")
        digest.update(file_hash(root / rel).encode())
    return digest.hexdigest()


def input_hashes(root: Path) -> dict[str, str]:
    """Every file a build may read, by path, with its hash: taken before a build reads its
    files and again once it has laid them out, so that a file saved meanwhile (the editor
    saves while a build runs) is never taken for the one that was read."""
    return {
        path.relative_to(root).as_posix(): file_hash(path)
        for folder in ("content", "seeds", "templates")
        for path in _tree(root / folder)
    }


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one document in one language: the hash of its inputs,
    what it made, and the warnings about it it was built with (shown again while it is up to
    date): its own, its document's and the project's, each with its subject."""

    key: str
    made: Made
    warnings: tuple[Problem, ...]
    lengths: tuple[tuple[str, int], ...] = ()  # each string's printed length when it fitted

    def to_json(self, doc: str, lang: str) -> dict[str, object]:
        return {
            "doc": doc,
            "lang": lang,
            "key": self.key,
            **self.made.to_json(),
            "warnings": [w.to_json() for w in self.warnings],
            "lengths": dict(self.lengths),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        made = Made.from_json(data, str(data["doc"]), str(data["lang"]))
        warnings = tuple(Problem.from_json(w) for w in data["warnings"])
        lengths = tuple((str(k), int(n)) for k, n in data["lengths"].items())
        return cls(str(data["key"]), made, warnings, lengths)


def read_manifest(root: Path) -> tuple[dict[tuple[str, str], Entry], list[Problem]]:
    """The previous build's entries by (doc, lang), and a warning if it could not be used.
    A manifest of another format is from an older tract: everything is rebuilt, silently."""
    path = root / MANIFEST
    if not path.is_file():
        return {}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}, []
        return {(str(d["doc"]), str(d["lang"])): Entry.from_json(d) for d in data["documents"]}, []
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}, [
            warning(Pos(MANIFEST), "the build cache could not be read, so everything is rebuilt")
        ]


def manifest_json(entries: dict[tuple[str, str], Entry]) -> bytes:
    ordered = sorted(entries.items(), key=lambda kv: (kv[0][1], kv[0][0]))  # by language
    data = {"format": FORMAT, "documents": [e.to_json(*key) for key, e in ordered]}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def is_fresh(root: Path, entry: Entry | None, key: str) -> bool:
    """Whether an entry was made from these inputs and everything it made is still there."""
    if entry is None or entry.key != key or not entry.made.files:
        return False
    paths = [b.output.path for b in entry.made.files] + [p.path for p in entry.made.previews]
    return all((root / p).is_file() for p in paths)


def quick_languages(root: Path, file: str = SITE_FILE) -> tuple[str, ...] | None:
    """The languages of site.yaml (or of a document.yaml), read without checking; None when
    anything looks unusual or the file names none."""
    try:
        node, problems = read(root / file, root)
    except OSError:
        return None
    langs = node.get("languages") if isinstance(node, Mapping) and not problems else None
    if not isinstance(langs, Sequence) or not all(isinstance(i, Scalar) for i in langs.items):
        return None
    return tuple(i.text for i in langs.items if isinstance(i, Scalar))


def up_to_date(
    root: Path, docs: tuple[str, ...], langs: tuple[str, ...], draft: bool
) -> dict[tuple[str, str], Entry] | None:
    """The manifest entries of everything asked for when none needs building, else None."""
    languages = quick_languages(root)
    if not languages:
        return None
    all_docs = document_ids(root)
    if any(d not in all_docs for d in docs) or any(lang not in languages for lang in langs):
        return None  # let the full build say what is wrong
    entries, problems = read_manifest(root)
    if problems:
        return None
    chosen = {}
    for doc in docs or all_docs:
        own = quick_languages(root, document_file(doc)) or languages
        for lang in (lang for lang in langs or languages if lang in own):
            entry = entries.get((doc, lang))
            if entry is None or not is_fresh(
                root, entry, input_key(root, doc, lang, languages[0], draft)
            ):
                return None
            chosen[(doc, lang)] = entry
    return chosen
