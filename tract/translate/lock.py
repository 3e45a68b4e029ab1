"""Confirming a translation: the lock records, per language, each text as a reviewer checked
it against its source (the lock itself, a build input, is read in source/lock.py)."""

from __future__ import annotations

from tract.source.lock import Lock, fingerprint, fingerprints


def confirm(
    lock: Lock,
    lang: str,
    texts: dict[str, str],
    translations: dict[str, str],
    translated: list[str],
) -> Lock:
    """The lock with `lang`'s translated keys confirmed, as they read today, against
    today's source texts."""
    prints = fingerprints(texts)
    keys = [k for k in sorted(translated) if k in prints]
    confirmed = {**lock.confirmed, lang: {k: prints[k] for k in keys}}
    theirs = {**lock.translations, lang: {k: fingerprint(translations[k]) for k in keys}}
    kept = {**lock.texts, **{prints[k]: texts[k] for k in keys}}
    used = {print_ for keys in confirmed.values() for print_ in keys.values()}
    return Lock(lock.source, confirmed, {p: t for p, t in kept.items() if p in used}, theirs)
