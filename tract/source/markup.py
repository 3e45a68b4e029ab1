"""The small language of translatable strings: `{placeholders}` and light markup.

Markup is our own allowlist, applied after HTML escaping: `**strong**`, `*emphasis*` and line
breaks. Anything else a translator types, `<script>` included, prints as the characters typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

# Babel and translators may produce a narrow no-break space; our font has no glyph for it,
# so it becomes a no-break space rather than letting a fallback font into the PDF.
NNBSP = "\u202f"
NBSP = "\u00a0"

# A placeholder as it stands in a string: {name} or {name.path}
_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")
PLACEHOLDER = re.compile(r"\{(" + _NAME.pattern + r")\}")
_BRACES = re.compile(r"\{([^{}]*)\}|[{}]")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S)
_SLOT = re.compile("\ue000(\\d+)\ue001")


@dataclass(frozen=True)
class Placeholder:
    name: str
    offset: int


@dataclass(frozen=True)
class BadBrace:
    """A brace that does not make a placeholder; `offset` is where it stands in the text."""

    text: str
    offset: int


def scan(text: str) -> Iterator[Placeholder | BadBrace]:
    """The placeholders of a string, and any brace that is not a well-formed placeholder."""
    for match in _BRACES.finditer(text):
        inner = match.group(1)
        if inner is not None and _NAME.fullmatch(inner):
            yield Placeholder(inner, match.start())
        else:
            yield BadBrace(match.group(0), match.start())


def markup_signature(text: str) -> tuple[int, int]:
    """How many strong and emphasis spans a string has; translations should keep the same."""
    without_strong = _STRONG.sub(" ", text)
    return len(_STRONG.findall(text)), len(_EM.findall(without_strong))


def french_spacing(text: str) -> str:
    """No-break spaces before ; : ! ? » and after «, as French typography asks."""
    text = re.sub(r"[ \u202f]([;:!?»])", NBSP + r"\1", text)
    return re.sub(r"«[ \u202f]", "«" + NBSP, text)


def to_html(text: str, fill: Callable[[str], Markup], lang: str) -> Markup:
    """Turn a translated string into safe HTML, asking `fill` for each placeholder's value."""
    slots: list[str] = []

    def slot(match: re.Match[str]) -> str:
        slots.append(match.group(1))
        return f"\ue000{len(slots) - 1}\ue001"

    body = text.replace("\ue000", "").replace("\ue001", "").replace(NNBSP, NBSP)
    body = PLACEHOLDER.sub(slot, body)
    if lang.split("-")[0].split("_")[0] == "fr":
        body = french_spacing(body)
    html = str(escape(body))
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    html = _EM.sub(r"<em>\1</em>", html)
    html = html.strip().replace("\n", "<br>")
    return Markup(_SLOT.sub(lambda m: str(fill(slots[int(m.group(1))])), html))


def to_plain(html: Markup) -> str:
    """What an HTML string of ours says as plain text on one line: a line break is a space."""
    return Markup(html.replace("<br>", " ")).striptags()


def marked(text: str) -> Markup:
    """A string as the translator typed it, escaped, with its placeholders set apart."""
    return Markup(
        PLACEHOLDER.sub(lambda m: f'<span class="ph">{m.group(0)}</span>', str(escape(text)))
    )
