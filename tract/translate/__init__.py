"""Translate: the translators' tools (status, sync, translated, side-by-side pages)."""
