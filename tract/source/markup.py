"""The small language of translatable strings: `{placeholders}` and light markup.

Markup is our own allowlist, applied after HTML escaping: `**strong**`, `*emphasis*` and line
breaks. Anything else a translator types, `<script>` included, prints as the characters typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from tract.source.writing import ScriptRules, Typography, line_break

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


@dataclass(frozen=True)
class Span:
    """A bold (`strong`) or italic (`em`) part of a string, and the text it marks as typed."""

    kind: str
    text: str


def _mark(text: str, tag: Callable[[str, str], str]) -> str:
    """The one grammar of bold and italic, for the renderer and every check: `**strong**`
    first, then `*emphasis*` in what that leaves; `tag` says what each span becomes."""
    text = _STRONG.sub(lambda m: tag("strong", m.group(1)), text)
    return _EM.sub(lambda m: tag("em", m.group(1)), text)


# Characters of Unicode's private use area, which no text of ours holds: they stand for a
# placeholder (to_html) and for the tags of a span (spans), neither word characters nor spaces.
_PRIVATE = re.compile("[\ue000-\ue003]")
_OPEN, _CLOSE = "\ue002", "\ue003"


def spans(text: str) -> list[Span]:
    """The bold and italic parts of a string, exactly as to_html marks them."""
    found: list[Span] = []

    def keep(kind: str, inner: str) -> str:
        found.append(Span(kind, inner.replace(_OPEN, "").replace(_CLOSE, "")))
        return f"{_OPEN}{inner}{_CLOSE}"

    _mark(_PRIVATE.sub("", text), keep)
    return found


def markup_signature(text: str) -> tuple[int, int]:
    """How many strong and emphasis spans a string has; translations should keep the same."""
    kinds = [span.kind for span in spans(text)]
    return kinds.count("strong"), kinds.count("em")


def no_narrow_space(text: str) -> str:
    """A narrow no-break space (Babel's, or typed) as the no-break space our fonts have."""
    return text.replace(NNBSP, NBSP)


def no_break_spaces(text: str, typography: Typography) -> str:
    """The spaces a language's typography wants unbreakable: before the marks it sets apart
    from the word before (French: ; : ! ? »), after those it sets apart from the word after
    («). Only a space typed there changes; none is added."""
    if typography.no_break_before:
        marks = re.escape(typography.no_break_before)
        text = re.sub(f"[ {NNBSP}]([{marks}])", NBSP + r"\1", text)
    if typography.no_break_after:
        marks = re.escape(typography.no_break_after)
        text = re.sub(f"([{marks}])[ {NNBSP}]", r"\1" + NBSP, text)
    return text


def to_html(text: str, fill: Callable[[str], Markup], typography: Typography) -> Markup:
    """Turn a translated string into safe HTML, asking `fill` for each placeholder's value."""
    slots: list[str] = []

    def slot(match: re.Match[str]) -> str:
        slots.append(match.group(1))
        return f"\ue000{len(slots) - 1}\ue001"

    body = no_narrow_space(_PRIVATE.sub("", text))
    body = no_break_spaces(PLACEHOLDER.sub(slot, body), typography)
    html = _mark(str(escape(body)), lambda kind, inner: f"<{kind}>{inner}</{kind}>")
    html = html.strip().replace("\n", "<br>")
    return Markup(_SLOT.sub(lambda m: str(fill(slots[int(m.group(1))])), html))


def to_plain(html: Markup, scripts: Mapping[str, ScriptRules]) -> str:
    """What an HTML string of ours says as plain text on one line: a line break is a space,
    or nothing where `scripts` (site.yaml's) write the words on both sides together."""
    lines = [Markup(line).striptags() for line in html.split("<br>")]
    out = lines[0]
    for line in lines[1:]:
        out += line_break(out, line, scripts) + line
    return out


def marked(text: str) -> Markup:
    """A string as the translator typed it, escaped, with its placeholders set apart."""
    return Markup(
        PLACEHOLDER.sub(lambda m: f'<span class="ph">{m.group(0)}</span>', str(escape(text)))
    )
