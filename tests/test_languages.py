"""Languages are files only: script, direction, fonts and locale come from CLDR and the theme,
and a translation no reviewer has confirmed is built only as a marked draft."""

from __future__ import annotations

import pikepdf

from tests.helpers import Project
from tests.pdfs import text
from tract.fonts import embedded_fonts

UK_NOTE = (
    "title: Нотатка\nbody:\n"
    '  first: "З {fact.labour_law.year} року контракт: **так**."\n'
    '  when: "{event.rights_day.date} о {event.rights_day.time}, {event.rights_day.place}."\n'
)
PLACE_LINE = "15:7"  # the place names in the fixture's site.yaml
FA_NOTE = 'title: یادداشت\nbody:\n  first: "از سال {fact.labour_law.year} قرارداد: **بله**."\n'


def _add(project: Project, lang: str, note: str) -> None:
    project.edit("content/site.yaml", "languages: [fr, nl, en]", f"languages: [fr, nl, en, {lang}]")
    project.write(f"content/note/{lang}.yaml", note)
    project.write(f"content/strings/{lang}.yaml", 'page_of: "{page} / {pages}"\n')


def test_a_language_added_by_files_gets_its_script_font_and_direction(minimal: Project) -> None:
    """Ukrainian and Persian, which tract does not ship: Cyrillic left to right, Arabic script
    right to left, each in the theme's family for its script, with no code change."""
    _add(minimal, "uk", UK_NOTE)
    minimal.edit("content/site.yaml", "en, uk]", "en, uk, fa]")
    minimal.write("content/note/fa.yaml", FA_NOTE)
    minimal.write("content/strings/fa.yaml", 'page_of: "{page} / {pages}"\n')
    result = minimal.run("--draft", "--keep-html", "--lang", "uk", "--lang", "fa")
    assert result.code == 0, result.err
    expected = {"uk": ("ltr", "SofiaSans"), "fa": ("rtl", "IBMPlexSansArabic")}
    for lang, (direction, family) in expected.items():
        html = minimal.read(f"output/html/{lang}/note.html")
        assert f'<html lang="{lang}" dir="{direction}">' in html
        pdf = (minimal.root / f"output/{lang}/note.pdf").read_bytes()
        fonts = embedded_fonts(pdf)
        assert any(f.replace("-", "").startswith(family) for f in fonts), fonts
        with pikepdf.open(minimal.root / f"output/{lang}/note.pdf") as doc:
            assert str(doc.Root.Lang) == lang
    # the year is a left-to-right insert in the Persian text
    assert '<span dir="ltr">2024</span>' in minimal.read("output/html/fa/note.html")
    assert "Нотатка" in text(minimal.root / "output/uk/note.pdf")


def test_a_release_build_refuses_an_unreviewed_translation_by_name(minimal: Project) -> None:
    _add(minimal, "uk", UK_NOTE)
    result = minimal.run()
    assert result.code == 1
    assert (
        "content/note/uk.yaml:1:1: error: the Ukrainian (uk) note is an unreviewed draft: a "
        "reviewer who reads Ukrainian checks it and confirms it with python build.py "
        "translated --lang uk --doc note; until then build it with --draft"
    ) in result.lines
    assert (minimal.root / "output/nl/note.pdf").is_file()  # the reviewed ones are made
    assert not (minimal.root / "output/uk/note.pdf").exists()
    rows = [line.split() for line in minimal.run("status").out.splitlines()]
    assert ["note", "uk", "3", "of", "3", "-", "-", "-", "-", "complete,", "unreviewed"] in rows
    assert ["note", "nl", "3", "of", "3", "-", "-", "-", "-", "complete"] in rows


def test_a_draft_of_an_unreviewed_translation_is_marked(minimal: Project) -> None:
    _add(minimal, "uk", UK_NOTE)
    minimal.write("content/strings/uk.yaml", 'page_of: "{page} / {pages}"\ndraft: ЧЕРНЕТКА\n')
    minimal.edit("content/strings/fr.yaml", "\n", "\ndraft: BROUILLON\n")
    minimal.edit("content/strings/nl.yaml", "\n", "\ndraft: ONTWERP\n")
    minimal.edit("content/strings/en.yaml", "\n", "\ndraft: DRAFT\n")
    minimal.edit(
        "templates/note.html.j2",
        "</section>",
        "</section>\n{% if draft %}<p>{{ ui.draft }}</p>{% endif %}",
    )
    result = minimal.run("--draft", "--lang", "uk", "--lang", "nl")
    assert result.code == 0, result.err
    assert "ЧЕРНЕТКА" in text(minimal.root / "output/uk/note.pdf")
    assert "ONTWERP" not in text(minimal.root / "output/nl/note.pdf")  # reviewed: the real one


def test_missing_glyphs_are_said_once_per_file_and_script(minimal: Project) -> None:
    theme = minimal.read("templates/theme.yaml")
    minimal.write(
        "templates/theme.yaml",
        theme.split("    Cyrl:")[0] + "    Arab:" + theme.split("    Arab:")[1],
    )
    _add(minimal, "bg", UK_NOTE.replace("Нотатка", "Бележка"))
    result = minimal.run("check")
    errors = [line for line in result.lines if "font" in line]
    assert errors == [
        "content/note/bg.yaml:1:8: error: Bulgarian text needs a font with Cyrillic letters; "
        "the theme gives bg only Atkinson Hyperlegible: add a family for Cyrl under fonts in "
        "templates/theme.yaml"
    ]


def test_marks_that_draw_nothing_need_no_glyph(minimal: Project) -> None:
    minimal.edit("content/note/nl.yaml", "Een notitie", "Een \u200enotitie\u2067x\u2069\u200f")
    result = minimal.run("check")
    assert result.code == 0, result.err


def test_markup_around_a_latin_run_in_a_right_to_left_text_is_a_warning(minimal: Project) -> None:
    _add(minimal, "fa", FA_NOTE.replace("**بله**", "**UTSOPI**"))
    result = minimal.run("check")
    assert (
        "content/note/fa.yaml:3:10: warning: 'body.first': the bold or italic 'UTSOPI' is left "
        "to right in a right-to-left text and may be printed on the wrong side; use a "
        "placeholder, or leave it unmarked"
    ) in result.lines


def test_a_place_without_a_name_in_a_new_language_is_said_at_the_place(minimal: Project) -> None:
    _add(minimal, "uk", UK_NOTE)
    warned = (
        "the place of 'rights_day' has no Ukrainian name, so note in uk prints the fr one; "
        "add 'uk: …' under place"
    )
    assert [line for line in minimal.run("check").lines if warned in line] == [
        f"content/site.yaml:{PLACE_LINE}: warning: {warned}"
    ]
    minimal.edit(
        "content/site.yaml", "      en: ", "      uk: Брюссель, Північний квартал\n      en: "
    )
    assert not [line for line in minimal.run("check").lines if "has no Ukrainian name" in line]
