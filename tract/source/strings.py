"""The shape of translatable strings, shared by check, resolve, sync and the lock: plural forms,
the placeholders templates fill themselves, and the strings of a file by dotted key."""

from __future__ import annotations

from functools import cache

from babel import Locale

from tract.source.yamlfile import Entry, Mapping, Node, Scalar

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# Placeholders the templates fill in themselves (page numbers, counts, a document's headline
# in the words a screen reader says for its images), not facts.
ARGUMENTS = frozenset({"count", "page", "pages", "headline"})


def is_plural(node: Node) -> bool:
    return (
        isinstance(node, Mapping)
        and "other" in node
        and all(e.key in PLURAL_CATEGORIES for e in node.entries)
    )


@cache
def plural_tags(lang: str) -> tuple[str, ...]:
    """The plural forms a language uses, as CLDR (through Babel) gives them, in CLDR's order:
    the forms its translators write and its documents print."""
    tags = Locale.parse(lang).plural_form.tags | {"other"}
    return tuple(t for t in PLURAL_CATEGORIES if t in tags)


SAMPLES = (*range(201), 1_000_000, 2_000_000)  # whole counts: small ones, and millions


@cache
def _counts(lang: str, tag: str) -> tuple[int, ...]:
    """The sample counts one plural form of a language is for, by CLDR's rule."""
    rule = Locale.parse(lang).plural_form
    return tuple(n for n in SAMPLES if rule(n) == tag)


def one_number(lang: str, tag: str) -> bool:
    """Whether a plural form stands for a single count (Arabic 'two' is 2 alone, English
    'one' 1), which a translator may then write in words, without {count}. No CLDR rule
    singles out one number past the samples."""
    return len(_counts(lang, tag)) == 1


def is_blank(node: Node | None) -> bool:
    """No text at all: a key left empty (or absent) is not translated yet."""
    return node is None or (isinstance(node, Scalar) and not node.text.strip())


def leaves(node: Node, key: str = "") -> list[tuple[str, Node]]:
    """(dotted key, node) for each string a translator translates, in file order; a group of
    plural forms counts as one string, as it does in the check."""
    if isinstance(node, Scalar) or (isinstance(node, Mapping) and is_plural(node)):
        return [(key, node)]
    if isinstance(node, Mapping):
        return [
            leaf
            for e in node.entries
            for leaf in leaves(e.value, f"{key}.{e.key}" if key else e.key)
        ]
    return []


def leaf_text(node: Node) -> str:
    """The text of a string, plural forms one per line ("one: …")."""
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Mapping):
        return "\n".join(f"{e.key}: {leaf_text(e.value)}" for e in node.entries)
    return ""


def entry_at(root: Mapping | None, key: str) -> Entry | None:
    """The entry of a dotted key in a file (its position, its value), or None."""
    entry = None
    node: Node | None = root
    for part in key.split("."):
        if not isinstance(node, Mapping):
            return None
        entry = next((e for e in node.entries if e.key == part), None)
        if entry is None:
            return None
        node = entry.value
    return entry


def node_at(root: Mapping | None, key: str) -> Node | None:
    """The value under a dotted key, or None where the file does not have it."""
    entry = entry_at(root, key)
    return entry.value if entry is not None else None


def plural_counts(lang: str, tag: str) -> str:
    """Which counts one plural form of a language is for, as CLDR's rule gives them ("3–10,
    103–110, …" for Arabic's few), so that a translator knows what to write in it."""
    runs: list[list[int]] = []
    for n in _counts(lang, tag):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    ends = next((i for i, (_, b) in enumerate(runs) if b == 200), len(runs) - 1)
    shown = [f"{a:,}" if a == b else f"{a:,}–{b:,}" for a, b in runs[: min(ends + 1, 3)]]
    return ", ".join(shown) + (", …" if runs and runs[-1][1] > 100 else "")
