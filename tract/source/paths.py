"""Where a project's content lives, relative to its root: said once, for every stage, and
for the build cache, which a build where nothing changed runs alone (so nothing here is
heavy)."""

from __future__ import annotations

from pathlib import Path

SITE_FILE = "content/site.yaml"
FACTS_FILE = "seeds/facts.yaml"
STRINGS = "strings"  # content/strings/: the texts documents share, named like a document
THEME_FILE = "templates/theme.yaml"
LOCK_NAME = "translations.lock.json"


def document_file(doc: str) -> str:
    return f"content/{doc}/document.yaml"


def locale_file(doc: str, lang: str) -> str:
    """One language's texts of a document (or of the shared strings, doc "strings")."""
    return f"content/{doc}/{lang}.yaml"


def lock_file(doc: str) -> str:
    """Which source text each translation of a document (or of the strings) was confirmed
    against, written by `python build.py translated`."""
    return f"content/{doc}/{LOCK_NAME}"


def document_ids(root: Path) -> list[str]:
    """Every folder of content/ with a document.yaml, even one too broken to load."""
    return sorted(p.parent.name for p in (root / "content").glob("*/document.yaml"))
