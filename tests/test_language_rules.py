"""One context per language: the length a text prints is measured once, so the overflow message
and the max_chars warning say the same number in any script; a language's typography and a
script's word and sentence rules are data in site.yaml, read strictly, and nothing else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from tests.helpers import FIXTURES, Project
from tract.checks.easyread import text_warnings
from tract.render.context import language_contexts
from tract.render.resolve import resolve
from tract.source.load import load_project
from tract.source.markup import markup_signature, spans, to_html, to_plain
from tract.source.writing import ScriptRules, Typography, sentences, words

LAO = "ສະບາຍດີ ຂອບໃຈ"  # two sentences: Lao, like Thai, ends a sentence with a space


def _add(project: Project, lang: str, first: str) -> None:
    project.edit("content/site.yaml", "languages: [fr, nl, en]", f"languages: [fr, nl, en, {lang}]")
    project.write(f"content/note/{lang}.yaml", f'title: x\nbody:\n  first: "{first}"\n')
    project.write(f"content/strings/{lang}.yaml", 'page_of: "{page} / {pages}"\n')


# A word with marks above or below its letters, which take no room of their own on the line:
# Thai "here" (2 letters, 4 marks), Arabic "welcome" with its vowel signs (5 letters, 4 marks).
@pytest.mark.parametrize(("lang", "word", "letters"), [("th", "ที่นี่", 2), ("ar", "مَرْحَبًا", 5)])
def test_the_overflow_and_max_chars_say_one_length(
    minimal: Project, lang: str, word: str, letters: int
) -> None:
    _add(minimal, lang, "{fact.labour_law.year} " + " ".join([word] * 600))
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 1\nmax_chars:\n  body.first: 20")
    result = minimal.run("--draft", "--lang", lang)
    assert result.code == 1
    expected = len("2024 ") + 600 * letters + 599  # the year, the words and the spaces
    assert (
        f"content/note/{lang}.yaml:3:10: warning: 'body.first' prints {expected} characters, "
        f"{expected - 20} more than the 20 that fit (max_chars in content/note/document.yaml); "
        f"shorten it by {expected - 20} characters"
    ) in result.lines
    overflow = next(line for line in result.lines if "overflows" in line)
    assert f"'body.first' (content/note/{lang}.yaml:3, {expected} characters)" in overflow


def _html(project: Project, lang: str) -> str:
    loaded, problems = load_project(project.root)
    assert loaded is not None, problems
    first = resolve(loaded, language_contexts(loaded), "note", lang, draft=False).text.body.first
    return str(first.html)


FRENCH_SPACING = 'typography:\n  fr:\n    no_break_before: ";:!?»"\n    no_break_after: "«"\n'


def test_a_language_declared_with_french_spacing_gets_no_break_spaces(minimal: Project) -> None:
    minimal.edit("content/note/nl.yaml", "contract: **ja**", "contract : **ja** « x »")
    assert "contract : <strong>ja</strong> « x »" in _html(minimal, "nl")
    minimal.edit("content/site.yaml", FRENCH_SPACING, FRENCH_SPACING.replace("fr:", "nl:"))
    assert "contract\u00a0: <strong>ja</strong> «\u00a0x\u00a0»" in _html(minimal, "nl")
    assert "contrat : " in _html(minimal, "fr")  # its declaration moved to nl


def test_the_shipped_french_spacing_comes_from_site_yaml(minimal: Project) -> None:
    assert "contrat\u00a0: " in _html(minimal, "fr")
    minimal.edit("content/site.yaml", FRENCH_SPACING, "")
    assert "contrat : " in _html(minimal, "fr")


def test_a_script_that_writes_words_together_is_declared_in_site_yaml(minimal: Project) -> None:
    """Lao, which tract does not ship, ends its sentences at a space once site.yaml says so."""
    _add(minimal, "lo", LAO)
    loaded, _ = load_project(minimal.root)
    assert loaded is not None
    assert language_contexts(loaded)["lo"].sentences(LAO) == [LAO]
    minimal.write(
        "content/site.yaml",
        minimal.read("content/site.yaml") + "scripts:\n  Laoo:\n    space_between: sentences\n",
    )
    loaded, problems = load_project(minimal.root)
    assert loaded is not None and not problems, problems
    assert language_contexts(loaded)["lo"].sentences(LAO) == ["ສະບາຍດີ ", "ຂອບໃຈ"]


THAI = ScriptRules(space_between="sentences", words="libthai")


def test_thai_words_are_found_by_the_breaker_its_rules_name() -> None:
    assert words("สวัสดีครับ", {"Thai": THAI}) == ["สวัสดี", "ครับ"]
    assert words("สวัสดีครับ", {}) == ["สวัสดีครับ"]
    assert sentences("สวัสดีครับ ขอบคุณ", {"Thai": THAI}) == ["สวัสดีครับ ", "ขอบคุณ"]
    assert sentences("สวัสดีครับ ขอบคุณ", {}) == ["สวัสดีครับ ขอบคุณ"]
    # a space next to another script's letter ends nothing; nor do a placeholder's dots
    assert sentences("โทร {contact.phone} WhatsApp ได้", {"Thai": THAI}) == [
        "โทร {contact.phone} WhatsApp ได้"
    ]


def test_a_line_break_inside_a_thai_sentence_says_nothing_aloud() -> None:
    """A translator's line break is a space on one line (alt text, lengths), except between
    two letters of a script whose words are written together: there it is no space at all."""
    thai = {"Thai": THAI}
    headline = Markup("งานบริการทางเพศ<br>คืองาน <strong>คุณมีสิทธิ</strong>")
    assert to_plain(headline, thai) == "งานบริการทางเพศคืองาน คุณมีสิทธิ"
    assert to_plain(headline, {}) == "งานบริการทางเพศ คืองาน คุณมีสิทธิ"
    assert to_plain(Markup("จบแล้ว.<br>ใหม่"), thai) == "จบแล้ว. ใหม่"  # a sentence ended
    assert to_plain(Markup("โทร<br>WhatsApp"), thai) == "โทร WhatsApp"  # another script
    assert to_plain(Markup("Sex work<br><em>is</em> work"), thai) == "Sex work is work"


@pytest.mark.parametrize(
    ("yaml", "said"),
    [
        (
            'typography:\n  de:\n    no_break_before: ":"\n',
            "19:3: error: 'de' under typography is not one of the languages (did you mean 'en'?)",
        ),
        (
            'typography:\n  nl:\n    no_break_befor: ":"\n',
            "20:5: error: unknown key 'no_break_befor' in a language's typography "
            "(no_break_before, no_break_after) (did you mean 'no_break_before'?)",
        ),
        (
            'typography:\n  nl:\n    no_break_after: "«a"\n',
            "20:21: error: 'a' is not a punctuation mark; write the marks themselves, "
            'together in quotes, like ";:!?»"',
        ),
        (
            "scripts:\n  Thia:\n    space_between: sentences\n",
            "23:3: error: 'Thia' is not a script code; write it as ISO 15924 and the theme's "
            "fonts do, like Thai or Laoo (did you mean 'Thai'?)",
        ),
        (
            "scripts:\n  Thai:\n    space_between: sentence\n",
            "24:20: error: 'sentence' is not one of: words, sentences (did you mean 'sentences'?)",
        ),
        (
            "scripts:\n  Thai:\n    words: icu\n",
            "24:12: error: 'icu' is not one of: libthai",
        ),
    ],
)
def test_the_rules_are_read_strictly(minimal: Project, yaml: str, said: str) -> None:
    site = minimal.read("content/site.yaml")
    if yaml.startswith("typography:"):
        site = site.replace(FRENCH_SPACING, "")
    minimal.write("content/site.yaml", site + yaml)
    result = minimal.run("check")
    assert result.code == 1
    assert f"content/site.yaml:{said}" in result.lines, result.lines


FUZZ = settings(max_examples=300, deadline=None)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab *\n{}.<&")), max_size=40))
def test_the_checks_see_the_bold_and_italic_the_renderer_prints(text: str) -> None:
    html = str(to_html(text, lambda name: Markup("V"), Typography()))
    printed = re.findall(r"<(strong|em)>", html)
    assert markup_signature(text) == (printed.count("strong"), printed.count("em"))
    assert sorted(s.kind for s in spans(text)) == sorted(printed)


def test_the_checks_no_longer_see_stars_the_renderer_prints_as_stars() -> None:
    """Stars inside a word print as stars, and italics may run over a line break."""
    assert spans("5*3*2") == []
    assert "<em>" not in to_html("5*3*2", lambda name: Markup(""), Typography())
    project, _ = load_project(FIXTURES / "minimal")
    assert project is not None
    said = text_warnings("body", "*two\nlines*", language_contexts(project)["en"])
    assert said == ["'body': italic text is harder to read; use **bold** to stress words"]


def test_capitals_are_found_in_any_script_that_has_them() -> None:
    project, _ = load_project(FIXTURES / "minimal")
    assert project is not None
    context = language_contexts(project)["en"]
    said = text_warnings("body", "Днес: ВСИЧКИ НАШИ ПРАВА, 3 × ДА", context)
    assert said == [
        "'body': 'ВСИЧКИ НАШИ ПРАВА' is written in capitals; write it in ordinary letters"
    ]
