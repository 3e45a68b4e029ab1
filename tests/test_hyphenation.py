"""Hyphenation: the report's body text is hyphenated by each language's Pyphen dictionary (the
one WeasyPrint uses, by the element's lang); the street materials never split a word."""

from __future__ import annotations

import re

import pyphen
import pytest

from tests.helpers import Project
from tests.pdfs import text
from tract.checks.easyread import split_words

STREET = ("rights-flyer", "contact-card", "union-leaflet")


def automatic_splits(project: Project, doc: str, lang: str) -> list[tuple[str, int]]:
    """(word, where the line broke it) for each word split at a line end by a hyphen the
    layout added: not one written in the text ("bien-être" broken at its hyphen is not)."""
    written = (project.root / f"content/{doc}/{lang}.yaml").read_text(encoding="utf-8")
    lines = text(project.root / f"output/{lang}/{doc}.pdf").splitlines()
    out = []
    for split in split_words(lines):
        word = re.sub(r"\W+$", "", split)
        if word not in written:
            out.append((word.replace("-", "", 1), word.index("-")))
    return out


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_the_report_is_hyphenated_where_the_dictionary_allows(
    real_build: Project, lang: str
) -> None:
    splits = automatic_splits(real_build, "history-report", lang)
    assert splits, f"no word of the {lang} report is hyphenated"
    dictionary = pyphen.Pyphen(lang=lang)
    for word, at in splits:
        assert at in dictionary.positions(word), (word, at)
        assert word in (real_build.root / f"content/history-report/{lang}.yaml").read_text(
            encoding="utf-8"
        )


@pytest.mark.parametrize("doc", STREET)
def test_street_materials_never_hyphenate(real_build: Project, doc: str) -> None:
    for lang in (p.stem for p in (real_build.root / f"content/{doc}").glob("??.yaml")):
        assert automatic_splits(real_build, doc, lang) == [], (doc, lang)
