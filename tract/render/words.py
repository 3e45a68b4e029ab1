"""tract's own words (buttons, states, help, refusals) in French, Dutch and English, from
files like every other text: `tract/pages/words/<lang>.yaml`, read by the same strict loader.

A word may have `{name}` places filled in when it is said; the pages' scripts get the words
under `js` as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from tract.source.yamlfile import Mapping, read, walk_scalars

FOLDER = Path(__file__).parents[1] / "pages" / "words"
_PLACE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Words:
    """One language's words, by dotted key."""

    lang: str
    texts: dict[str, str]

    def __call__(self, word: str, /, **values: object) -> str:
        return _PLACE.sub(lambda m: str(values[m.group(1)]), self.texts[word])

    def html(self, word: str, /, **values: object) -> Markup:
        """The word as HTML: its text escaped, each value escaped unless it is markup."""
        text = str(escape(self.texts[word]))
        return Markup(_PLACE.sub(lambda m: str(escape(values[m.group(1)])), text))

    def js(self) -> dict[str, Any]:
        """The words the pages' scripts say: those under `js`, and the states of a text."""
        return {
            k.removeprefix("js."): v
            for k, v in self.texts.items()
            if k.startswith(("js.", "status."))
        }


@cache
def available() -> tuple[str, ...]:
    """The languages the server speaks: one file each."""
    return tuple(sorted(path.stem for path in FOLDER.glob("*.yaml")))


@cache
def words(lang: str) -> Words:
    node, problems = read(FOLDER / f"{lang}.yaml", FOLDER)
    if problems or not isinstance(node, Mapping):  # shipped with tract: a bug, not content
        raise ValueError(f"{lang}.yaml: {problems}")
    return Words(lang, {key: scalar.text for key, scalar in walk_scalars(node)})
