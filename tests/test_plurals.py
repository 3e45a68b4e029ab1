"""Plural forms: the source declares every form a language of its group uses, each translation
writes the forms its own language uses, and Babel (CLDR) decides both; sync adds exactly those,
and a draft stands in the source for a missing one."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT, Project
from tests.pdfs import text
from tract.render.context import language_contexts
from tract.render.resolve import Plural, resolve
from tract.source.load import load_project
from tract.source.strings import plural_counts, plural_tags
from tract.source.yamlfile import Mapping, read

FR = "content/note/fr.yaml"
NL = "content/note/nl.yaml"
AR = "content/note/ar.yaml"
# Every form that French, Dutch, English and Arabic use, written in French.
SIX = (
    "counts:\n"
    "  copies:\n"
    '    zero: "{count} exemplaire"\n'
    '    one: "{count} exemplaire"\n'
    '    two: "{count} exemplaires"\n'
    '    few: "{count} exemplaires"\n'
    '    many: "{count} d’exemplaires"\n'
    '    other: "{count} exemplaires"\n'
    "body:"
)
AR_NOTE = (
    "title: ملاحظة\n"
    "counts:\n"
    "  copies:\n"
    "    one: نسخة واحدة\n"
    "    few:\n"
    "    other: '{count} نسخة'\n"
    "body:\n"
    '  first: "منذ {fact.labour_law.year}، عقد: **نعم**."\n'
    '  when: "في {event.rights_day.date} الساعة {event.rights_day.time}، '
    '{event.rights_day.place}."\n'
)


def _with(project: Project, *langs: str) -> None:
    """The note also made in these languages (files only), each with shared strings."""
    project.edit("content/site.yaml", "en]", f"en, {', '.join(langs)}]")
    for lang in langs:
        project.write(f"content/strings/{lang}.yaml", 'page_of: "{page} / {pages}"\n')


def _forms(project: Project, rel: str) -> tuple[str, ...]:
    root, problems = read(project.root / rel, project.root)
    assert root is not None and not problems, problems
    group = root.get("counts")
    assert isinstance(group, Mapping)
    copies = group.get("copies")
    assert isinstance(copies, Mapping)
    return tuple(copies.keys())


def test_the_source_must_declare_the_forms_arabic_uses(minimal: Project) -> None:
    _with(minimal, "ar")
    minimal.write(AR, AR_NOTE)
    minimal.edit(
        FR,
        "body:",
        'counts:\n  copies:\n    one: "{count} exemplaire"\n    many: "{count} d’exemplaires"\n'
        '    other: "{count} exemplaires"\nbody:',
    )
    result = minimal.run("check")
    assert (
        f"{FR}:4:3: error: 'counts.copies' needs the plural forms 'zero', 'two' and 'few' too, "
        "because Arabic uses them; write them in French (each as French would say it for such "
        "a number) so that every translator, and Weblate, gets a field for them"
    ) in result.lines


def test_a_language_added_by_files_gets_its_forms_from_babel(minimal: Project) -> None:
    """Ukrainian, which tract does not ship: CLDR gives it 'few' and 'many'."""
    _with(minimal, "uk")
    minimal.edit(
        FR,
        "body:",
        'counts:\n  copies:\n    one: "{count} exemplaire"\n    other: "x {count}"\nbody:',
    )
    result = minimal.run("check")
    assert (
        f"{FR}:4:3: error: 'counts.copies' needs the plural forms 'few' and 'many' too, because "
        "French and Ukrainian use them; write them in French (each as French would say it for "
        "such a number) so that every translator, and Weblate, gets a field for them"
    ) in result.lines
    minimal.edit(FR, "    other:", "    few: y {count}\n    many: z {count}\n    other:")
    (minimal.root / "content/note/uk.yaml").unlink(missing_ok=True)
    assert minimal.run("sync", "--lang", "uk").code == 0
    assert _forms(minimal, "content/note/uk.yaml") == ("one", "few", "many", "other")


def test_a_translation_lacking_a_form_its_language_uses(minimal: Project) -> None:
    """Arabic lacks 'zero', 'two' and 'many' and left 'few' empty: each said where it is, an
    error in a release build and a warning in a draft, as for any text not translated yet."""
    _with(minimal, "ar")
    minimal.edit(FR, "body:", SIX)
    minimal.write(AR, AR_NOTE)
    release = minimal.run("check").lines
    assert (
        f"{AR}:3:3: error: not translated yet: 'counts.copies.zero', 'counts.copies.two', "
        "'counts.copies.many'; translate them, or build with --draft to see the rest"
    ) in release
    assert (
        f"{AR}:5:5: error: 'counts.copies.few' is empty: not translated yet; translate it, "
        "or build with --draft to see the rest"
    ) in release
    draft = minimal.run("check", "--draft").lines
    assert (
        f"{AR}:5:5: warning: 'counts.copies.few' is empty: not translated yet (the draft shows "
        "the source text instead)"
    ) in draft


def test_a_draft_stands_in_the_source_for_a_missing_form(minimal: Project) -> None:
    """Never an empty string: the French form, chosen by French's own rule, and marked."""
    _with(minimal, "ar")
    minimal.edit(FR, "body:", SIX)
    minimal.write(AR, AR_NOTE)
    project, _ = load_project(minimal.root)
    assert project is not None
    copies = resolve(project, language_contexts(project), "note", "ar", draft=True).text["counts"][
        "copies"
    ]
    assert isinstance(copies, Plural)
    assert copies(1).startswith("نسخة واحدة")
    assert copies(100).startswith("100\u00a0نسخة")
    five = copies(5)  # Arabic 'few', left empty: French 'other' stands in
    assert five.startswith('<span class="draft-text" lang="fr">5\u00a0exemplaires</span>')


def test_an_unused_form_is_ignored_empty_and_warned_filled(minimal: Project) -> None:
    minimal.edit(FR, "body:", SIX)
    minimal.edit(
        NL,
        "body:",
        "counts:\n  copies:\n    zero:\n    one: '{count} exemplaar'\n"
        "    few: '{count} exemplaren'\n    other: '{count} exemplaren'\nbody:",
    )
    result = minimal.run("check")
    about_nl = [line for line in result.lines if line.startswith(NL)]
    assert about_nl == [
        f"{NL}:6:5: warning: Dutch never uses the form 'few'; it is never printed",
    ]


@pytest.mark.parametrize("lang", ["ar", "ro", "th"])
def test_sync_writes_exactly_the_forms_babel_gives(minimal: Project, lang: str) -> None:
    _with(minimal, lang)
    minimal.edit(FR, "body:", SIX)
    assert minimal.run("sync", "--lang", lang).code == 0
    rel = f"content/note/{lang}.yaml"
    assert _forms(minimal, rel) == plural_tags(lang)
    assert (
        _forms(minimal, rel)
        == {
            "ar": ("zero", "one", "two", "few", "many", "other"),
            "ro": ("one", "few", "other"),
            "th": ("other",),
        }[lang]
    )


def test_sync_adds_the_forms_a_group_written_earlier_lacks(minimal: Project) -> None:
    """The source declared more forms after Arabic was written: sync adds them in order, each
    with the French form above it, and keeps what the translator wrote."""
    _with(minimal, "ar")
    minimal.edit(FR, "body:", SIX)
    minimal.write(AR, AR_NOTE.replace("    few:\n", ""))
    result = minimal.run("sync", "--lang", "ar")
    assert result.code == 0, result.err
    assert (
        "  copies:\n    # for counts 0\n    # fr: {count} exemplaire\n    zero:\n"
        "    one: نسخة واحدة\n"
        "    # for counts 2\n    # fr: {count} exemplaires\n    two:\n"
        "    # for counts 3–10, 103–110, …\n    # fr: {count} exemplaires\n    few:\n"
        "    # for counts 11–99, 111–199, …\n    # fr: {count} d’exemplaires\n    many:\n"
        "    other: '{count} نسخة'\n"
    ) in minimal.read(AR)


def test_a_form_for_a_single_count_may_say_it_in_words(minimal: Project) -> None:
    """Arabic 'one' is 1 alone: it may leave {count} out; 'other' may not."""
    _with(minimal, "ar")
    minimal.edit(FR, "body:", SIX)
    minimal.write(AR, AR_NOTE.replace("'{count} نسخة'", "نسخ"))
    lines = minimal.run("check", "--draft").lines
    assert [line for line in lines if "{count}" in line] == [
        f"{AR}:6:12: error: 'counts.copies.other' must contain {{count}} like the source text; "
        "copy it as it is, braces included"
    ]


def test_the_shipped_leaflet_says_how_many_languages_it_is_made_in(real_build: Project) -> None:
    """Eight languages: French 'other', Romanian 'few', Arabic 'few', Thai 'other'."""

    def printed(lang: str) -> str:
        return " ".join(text(real_build.root / f"output/{lang}/union-leaflet.pdf").split())

    assert "existe en 8 langues." in printed("fr")
    assert "există în 8 limbi." in printed("ro")
    project, _ = load_project(ROOT)
    assert project is not None
    contexts = language_contexts(project)
    said = {
        lang: resolve(project, contexts, "union-leaflet", lang, draft=True).text["back"]["editions"]
        for lang in ("ar", "th", "nl")
    }
    count = len(project.documents["union-leaflet"].languages)
    assert said["ar"](count).startswith("هذه المطوية متوفّرة بـ8\u00a0لغات.")
    assert said["th"](count).startswith("แผ่นพับนี้มี 8\u00a0ภาษา")
    assert said["nl"](count).startswith("Deze folder bestaat in 8\u00a0talen.")  # one line


@pytest.mark.parametrize(
    ("lang", "tag", "counts"),
    [
        ("ar", "few", "3–10, 103–110, …"),
        ("ar", "two", "2"),
        ("ro", "few", "0, 2–19, 101–119, …"),
        ("fr", "one", "0–1"),
        ("fr", "many", "1,000,000, 2,000,000, …"),
        ("th", "other", "0–200, …"),
    ],
)
def test_each_form_says_which_counts_it_is_for(lang: str, tag: str, counts: str) -> None:
    """From CLDR's rule, for the editor's labels and the comments sync writes."""
    assert plural_counts(lang, tag) == counts
