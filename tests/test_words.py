"""tract's own words: every language has every word, with the same places to fill in."""

from __future__ import annotations

import re

import pytest

from tract.render.words import available, words

PLACE = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("lang", [lang for lang in available() if lang != "en"])
def test_each_language_says_every_word_with_the_same_places(lang: str) -> None:
    english, theirs = words("en").texts, words(lang).texts
    assert set(theirs) == set(english)
    for key, text in english.items():
        assert set(PLACE.findall(theirs[key])) == set(PLACE.findall(text)), key


def test_the_server_speaks_french_dutch_and_english() -> None:
    assert available() == ("en", "fr", "nl")
