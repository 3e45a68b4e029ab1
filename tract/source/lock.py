"""Who confirmed which translation: the lock file beside each document's texts, a build input.

A small JSON file beside each document's texts (content/<doc>/translations.lock.json, and
content/strings/translations.lock.json for the shared strings) keeps, per language, a
fingerprint of every source string as it was when a translator confirmed the translation with
`python build.py translated`, and the source text itself, so that a stale translation can be
shown with the source's old text beside its new one. When a source string changes, its
fingerprint no longer matches and the translation is stale until confirmed again. Translators
never edit this file; it is
JSON, not YAML, so that neither tract nor Weblate takes it for a translation file. Where no
file exists yet, nothing is stale: the first `translated` records what is there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tract.problems import Pos, Problem, warning
from tract.source.model import Project
from tract.source.paths import LOCK_NAME, STRINGS
from tract.source.strings import leaf_text, leaves
from tract.source.yamlfile import Mapping

FORMAT = 2
READS = (1, FORMAT)  # format 1 kept no texts: its stale strings show only the new source
NOTE = (
    "Written by `python build.py translated`; do not edit. For each language, a fingerprint "
    "of the source text each translation was last checked against and of the translation as "
    "checked, and the source texts: when a source text changes, `python build.py status` "
    "shows its translation as stale; when a translation changes, as unreviewed."
)


@dataclass(frozen=True)
class Lock:
    """What reviewers confirmed in one document: per language, each key's source text
    fingerprint (`confirmed`) and its translation's (`translations`), and the source texts
    by fingerprint (`texts`)."""

    source: str
    confirmed: dict[str, dict[str, str]]
    texts: dict[str, str]
    translations: dict[str, dict[str, str]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lock:
        """A lock as the file holds it (format 1 kept no texts and no translations)."""
        if data["format"] not in READS:
            raise ValueError("another format")
        confirmed, translations = (
            {str(lang): {str(k): str(v) for k, v in keys.items()} for lang, keys in table.items()}
            for table in (data["confirmed"], data.get("translations", {}))
        )
        texts = {str(k): str(v) for k, v in data.get("texts", {}).items()}
        return cls(str(data["source"]), confirmed, texts, translations)

    def to_json(self) -> bytes:
        data = {
            "note": NOTE,
            "format": FORMAT,
            "source": self.source,
            "confirmed": {
                lang: dict(sorted(keys.items())) for lang, keys in sorted(self.confirmed.items())
            },
            "translations": {
                lang: dict(sorted(keys.items())) for lang, keys in sorted(self.translations.items())
            },
            "texts": dict(sorted(self.texts.items())),
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def fingerprint(text: str) -> str:
    """A short hash of a source text; re-wrapping lines or re-indenting does not change it."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


def texts_of(root: Mapping) -> dict[str, str]:
    """Each string of a file by dotted key, as the lock fingerprints it."""
    return {key: leaf_text(node) for key, node in leaves(root)}


def fingerprints(texts: dict[str, str]) -> dict[str, str]:
    return {key: fingerprint(text) for key, text in texts.items()}


def lock_path(root: Path, folder: str) -> Path:
    return root / folder / LOCK_NAME


def read_lock(root: Path, folder: str, source_lang: str) -> tuple[Lock, list[Problem]]:
    """The folder's lock; an empty one if there is none, or it was made for another source
    language, or cannot be read (then with a warning saying how to start again)."""
    path = lock_path(root, folder)
    empty = Lock(source_lang, {}, {}, {})
    if not path.is_file():
        return empty, []
    try:
        lock = Lock.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError):
        rel = path.relative_to(root).as_posix()
        return empty, [
            warning(
                Pos(rel),
                "this file could not be read, so no translation is "
                "shown as stale; delete it, then confirm each language again "
                "with python build.py translated --lang CODE",
            )
        ]
    return (lock if lock.source == source_lang else empty), []


def reviewed(lock: Lock, lang: str) -> bool:
    """Whether a reviewer confirmed `lang` with `python build.py translated`: a translation
    no one confirmed is a draft (as all of ours are until a reader of that language checks
    them), which a release build refuses."""
    return lang == lock.source or lang in lock.confirmed


def reviewed_keys(lock: Lock, lang: str, translations: dict[str, str]) -> frozenset[str] | None:
    """The keys whose translation a reviewer confirmed as it reads today (a text changed
    since is not); None where no reviewer ever confirmed that language."""
    if lang not in lock.confirmed:
        return None
    seen = lock.translations.get(lang, {})
    return frozenset(
        key
        for key in lock.confirmed[lang]
        if key not in seen or seen[key] == fingerprint(translations.get(key, ""))
    )


def unreviewed(project: Project) -> frozenset[tuple[str, str]]:
    """Each (document, language) whose texts or shared strings no reviewer has confirmed."""
    source = project.site.source_lang
    strings, _ = read_lock(project.root, f"content/{STRINGS}", source)
    out = set()
    for doc, spec in project.documents.items():
        lock, _ = read_lock(project.root, f"content/{doc}", source)
        out |= {
            (doc, lang)
            for lang in spec.languages
            if not (reviewed(lock, lang) and reviewed(strings, lang))
        }
    return frozenset(out)


def changed(lock: Lock, lang: str, texts: dict[str, str]) -> dict[str, str | None]:
    """The keys, in source order, whose source text changed since `lang` confirmed them,
    each with the text it was confirmed against (None where an older lock did not keep it)."""
    seen = lock.confirmed.get(lang, {})
    return {
        key: lock.texts.get(seen[key])
        for key, print_ in fingerprints(texts).items()
        if key in seen and seen[key] != print_
    }
