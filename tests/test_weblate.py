"""Weblate reads our translation files as tract does: translate-toolkit, the library Weblate
parses YAML with, finds the same keys and texts in every locale file, and the source file's
comments as the translators' notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage.yaml import YAMLFile

from tests.helpers import ROOT, Project
from tract.source.strings import PLURAL_CATEGORIES, plural_tags
from tract.source.yamlfile import read, walk_scalars

LEAFLET = sorted(p.stem for p in ROOT.glob("content/union-leaflet/*.yaml") if p.stem != "document")
LOCALE_FILES = sorted(p for p in ROOT.glob("content/*/*.yaml") if p.name != "document.yaml")


def toolkit_texts(path: Path) -> dict[str, str]:
    """Key → text as Weblate sees it; it writes nested keys with '->'."""
    store = YAMLFile.parsefile(str(path))
    return {unit.getid().replace("->", "."): unit.source for unit in store.units}


def tract_texts(path: Path, root: Path) -> dict[str, str]:
    node, problems = read(path, root)
    assert node is not None and not problems, problems
    return {key: scalar.text for key, scalar in walk_scalars(node) if scalar.text}


@pytest.mark.parametrize("path", LOCALE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_translate_toolkit_reads_what_tract_reads(path: Path) -> None:
    assert toolkit_texts(path) == tract_texts(path, ROOT)


def test_source_comments_are_notes() -> None:
    path = ROOT / "content/rights-flyer/fr.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
    notes = {unit.getid(): unit.getnotes() for unit in YAMLFile.parsefile(str(path)).units}
    assert notes["title"] == first[2:]


def test_a_synced_file_is_still_read_alike(minimal: Project) -> None:
    """Keys sync adds have empty values: both tract and Weblate count them as untranslated."""
    nl = minimal.root / "content/note/nl.yaml"
    minimal.edit("content/note/nl.yaml", "title: Een notitie\n", "")
    minimal.run("sync")
    assert "title:\n" in nl.read_text(encoding="utf-8")
    assert toolkit_texts(nl) == tract_texts(nl, minimal.root)
    assert "title" not in toolkit_texts(nl)


def test_every_plural_form_is_a_unit_in_the_source_and_in_each_translation() -> None:
    """The French leaflet declares the six forms its languages use; Weblate gives each a
    field (`key->form`), and reads each translation's own forms back as tract does."""
    ids = {
        lang: set(toolkit_texts(ROOT / f"content/union-leaflet/{lang}.yaml")) for lang in LEAFLET
    }
    assert {i for i in ids["fr"] if i.startswith("back.editions.")} == {
        f"back.editions.{tag}" for tag in PLURAL_CATEGORIES
    }
    for lang in (lang for lang in LEAFLET if lang != "fr"):
        forms = {i.rpartition(".")[2] for i in ids[lang] if i.startswith("back.editions.")}
        assert forms == set(plural_tags(lang)), lang


def test_a_translation_weblate_writes_from_the_source_passes_check(minimal: Project) -> None:
    """Weblate writes every key of the source, the forms Dutch never uses left empty: tract
    reads it as Weblate does, and says nothing about those forms."""
    minimal.edit(
        "content/note/fr.yaml",
        "body:",
        "counts:\n  copies:\n    zero: '{count} exemplaire'\n    one: '{count} exemplaire'\n"
        "    few: '{count} exemplaires'\n    many: '{count} d’exemplaires'\n"
        "    other: '{count} exemplaires'\nbody:",
    )
    source = YAMLFile.parsefile(str(minimal.root / "content/note/fr.yaml"))
    dutch = toolkit_texts(minimal.root / "content/note/nl.yaml") | {
        "counts.copies.one": "{count} exemplaar",
        "counts.copies.other": "{count} exemplaren",
    }
    written = YAMLFile()
    for unit in source.units:
        new = written.UnitClass(unit.source)
        new.setid(unit.getid())
        new.target = dutch.get(unit.getid().replace("->", "."), "")
        written.addunit(new)
    nl = minimal.write("content/note/nl.yaml", bytes(written))
    assert "    zero: ''\n" in minimal.read("content/note/nl.yaml")
    assert {k: v for k, v in toolkit_texts(nl).items() if v} == tract_texts(nl, minimal.root)
    result = minimal.run("check")
    assert [line for line in result.lines if "nl.yaml" in line] == []
