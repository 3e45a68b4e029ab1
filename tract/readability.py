"""Readable type, measured in the laid-out document: nothing tiny, body text large enough to read at
arm's length or across a room."""

from __future__ import annotations

from collections import Counter

SMALLEST_PT = 7.0


def size_problems(sizes: Counter[float], body_min: float) -> list[str]:
    """Sentences saying what is too small; empty when the type is readable. `sizes` counts
    the characters set at each size in points."""
    if not sizes:
        return []
    problems = []
    smallest = min(sizes)
    if smallest < SMALLEST_PT:
        problems.append(
            f"some text is set at {smallest:g} pt; nothing may be smaller than {SMALLEST_PT:g} pt"
        )
    body = sizes.most_common(1)[0][0]
    if body < body_min:
        problems.append(
            f"the body text is set at {body:g} pt; this document needs at least {body_min:g} pt"
        )
    return problems
