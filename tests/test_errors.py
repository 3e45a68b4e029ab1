"""Every kind of content or template mistake, with the exact message a translator reads.

Each case edits the minimal project and runs `python build.py check`; the expected line is what
the build prints, position included. No case may print a traceback.
"""

from __future__ import annotations

import pytest

from tests.helpers import Project

NL = "content/note/nl.yaml"
FR = "content/note/fr.yaml"
TEMPLATE = "templates/note.html.j2"

# (case id, file, text to replace, replacement, expected line)
CASES = [
    (
        "tab",
        NL,
        "body:\n  first",
        "body:\n\tfirst",
        f"{NL}:3:1: error: a tab is used here; YAML needs spaces for indentation, replace the "
        "tab with spaces",
    ),
    (
        "bad-indentation",
        NL,
        "  when:",
        "   when:",
        f"{NL}:4:4: error: the indentation of this line does not match the lines above it",
    ),
    (
        "duplicate-key",
        NL,
        "  when:",
        "  first: Twee keer.\n  when:",
        f"{NL}:4:3: error: the key 'first' appears twice; it is already at line 3, keep only one",
    ),
    (
        "unknown-key",
        NL,
        "  when:",
        "  wehn:",
        f"{NL}:4:3: error: unknown key 'body.wehn', which the source file does not have "
        "(did you mean 'when'?)",
    ),
    (
        "missing-key",
        NL,
        '  when: "Op {event.rights_day.date} om {event.rights_day.time}, '
        '{event.rights_day.place}."\n',
        "",
        f"{NL}:2:1: error: not translated yet: 'body.when'; translate it, or build with "
        "--draft to see the rest",
    ),
    (
        "empty-value",
        NL,
        "title: Een notitie",
        "title:",
        f"{NL}:1:1: error: 'title' is empty: not translated yet; translate it, or build with "
        "--draft to see the rest",
    ),
    (
        "wrong-type",
        NL,
        "title: Een notitie",
        "title:\n  - Een\n  - notitie",
        f"{NL}:2:3: error: 'title' should be text, as in the source, but here it is a list",
    ),
    (
        "placeholder-changed",
        NL,
        "{fact.labour_law.year}",
        "{fact.labour_law.date}",
        f"{NL}:3:10: error: 'body.first' uses {{fact.labour_law.date}}, which the source text "
        "does not have; use exactly the source's placeholders",
    ),
    (
        "placeholder-dropped",
        NL,
        "Sinds {fact.labour_law.year} een",
        "Sinds 2024 een",
        f"{NL}:3:10: error: 'body.first' must contain {{fact.labour_law.year}} like the source "
        "text; copy it as it is, braces included",
    ),
    (
        "unknown-placeholder",
        FR,
        "{fact.labour_law.year}",
        "{fact.labor_law.year}",
        f"{FR}:4:10: error: unknown placeholder {{fact.labor_law.year}} (did you mean "
        "'fact.labour_law.year'?)",
    ),
    (
        "stray-brace",
        FR,
        "un contrat",
        "un {contrat",
        f"{FR}:4:10: error: '{{' is not a placeholder; placeholders look like {{org.name}}, and "
        "a brace cannot be used on its own",
    ),
    (
        "unknown-language",
        "content/site.yaml",
        "[fr, nl, en]",
        "[fr, nl, en, xx]",
        "content/site.yaml:1:25: error: 'xx' is not a language code Babel knows; use a "
        "two-letter ISO 639 code such as fr, nl, en, de",
    ),
    (
        "organisation-without-website",  # was a traceback: the site was made without it
        "content/site.yaml",
        "  website: https://www.example.org\n",
        "",
        "content/site.yaml:4:3: error: organisation needs a key 'website'",
    ),
    (
        "missing-template",
        "content/note/document.yaml",
        "note.html.j2",
        "notes.html.j2",
        "content/note/document.yaml:1:11: error: the template 'notes.html.j2' does not exist "
        "in templates/",
    ),
    (
        "unknown-document-key",
        "content/note/document.yaml",
        "pages: 1",
        "page: 1",
        "content/note/document.yaml:3:1: error: unknown key 'page' in document.yaml (did you "
        "mean 'pages'?)",
    ),
    (
        "bad-page-count",
        "content/note/document.yaml",
        "pages: 1",
        "pages: two",
        "content/note/document.yaml:3:8: error: 'two' is not a page count; write it like 2, or "
        "8+ for 8 or more",
    ),
    (
        "jinja-syntax",
        TEMPLATE,
        "{% endfor %}",
        "{% endfore %}",
        f"{TEMPLATE}:13:1: error: template syntax: Encountered unknown tag 'endfore'. Jinja "
        "was looking for the following tags: 'endfor' or 'else'. The innermost block that "
        "needs to be closed is 'for'.",
    ),
    (
        "jinja-undefined",
        TEMPLATE,
        "{{ text.title }}",
        "{{ text.titel }}",
        f"{TEMPLATE}:11:1: error: the template uses 'text.titel', which content/note/fr.yaml "
        "does not have (did you mean 'title'?)",
    ),
    (
        "jinja-unknown-name",
        TEMPLATE,
        "{{ text.title }}",
        "{{ txt.title }}",
        f"{TEMPLATE}:11:1: error: 'txt' is not defined in this template",
    ),
    (
        "glyph-missing-from-font",
        NL,
        "een contract",
        "een contract →",
        f"{NL}:3:10: error: the character '→' (U+2192 RIGHTWARDS ARROW) is not in the fonts "
        "the theme gives nl (Atkinson Hyperlegible); write it another way",
    ),
    ("html-in-string-is-fine", FR, "un contrat", "un <script>contrat</script>", None),
    (
        "control-character",
        NL,
        "title: Een notitie",
        "title: Een\x00notitie",
        f"{NL}:1:11: error: the invisible character U+0000 cannot be in a text file; delete it "
        "(an editor may show it as a box)",
    ),
    (
        "refused-character-named",
        NL,
        "title: Een notitie",
        "title: Een notitie\ufffe",
        f"{NL}:1:19: error: the invisible character U+FFFE cannot be in a text file; delete it "
        "(an editor may show it as a box)",
    ),
    (
        "line-separator-keeps-editor-lines",
        NL,
        "title: Een notitie\nbody:\n  first",
        "title: Een\u2028notitie\nbody:\n  first",
        f"{NL}:1:11: error: the character U+2028 LINE SEPARATOR ends the line for YAML but not "
        "in your editor; delete it, or press Enter for a real line break",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_message(minimal: Project, file: str, old: str, new: str, expected: str | None) -> None:
    minimal.edit(file, old, new)
    result = minimal.run("check")
    assert "Traceback" not in result.err
    errors = [line for line in result.lines if ": error: " in line]
    if expected is None:
        assert result.code == 0, result.err
        return
    assert result.code == 1
    assert expected in errors, "\n".join(errors)


def test_all_problems_are_reported_at_once(minimal: Project) -> None:
    minimal.edit(NL, "  when:", "  wehn:")
    minimal.edit("content/note/en.yaml", "{fact.labour_law.year}", "2024")
    result = minimal.run("check")
    assert sum(": error: " in line for line in result.lines) == 3  # typo, missing, placeholder
    assert {line.split(":")[0] for line in result.lines if ": error: " in line} == {
        NL,
        "content/note/en.yaml",
    }


def test_missing_translation_file(minimal: Project) -> None:
    (minimal.root / NL).unlink()
    result = minimal.run("check")
    assert (
        f"{NL}:1:1: error: this file is missing; copy {FR} here and translate it, or build "
        "with --draft to see the rest" in result.lines
    )


def test_non_utf8_file_is_named(minimal: Project) -> None:
    minimal.write(NL, "title: Caf\xe9\n".encode("latin-1"))
    result = minimal.run("check")
    assert (
        f"{NL}:1:11: error: the file is not saved as UTF-8; save it again choosing the "
        "UTF-8 encoding in your editor" in result.lines
    )


WARNING_CASES = [
    (
        "inline-comment",
        NL,
        "title: Een notitie",
        "title: Een notitie # voor iedereen",
        f"{NL}:1:20: warning: the text after ' #' is a comment and will not be printed; put the "
        "whole text of 'title' in double quotes to keep it",
    ),
    (
        "inline-comment-in-the-source",
        FR,
        "title: Une note",
        "title: Une note  #1",
        f"{FR}:2:18: warning: the text after ' #' is a comment and will not be printed; put the "
        "whole text of 'title' in double quotes to keep it",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [c[1:] for c in WARNING_CASES],
    ids=[c[0] for c in WARNING_CASES],
)
def test_warning(minimal: Project, file: str, old: str, new: str, expected: str) -> None:
    minimal.edit(file, old, new)
    result = minimal.run("check")
    assert result.code == 0, result.err
    assert result.lines == [expected]


def test_comments_on_their_own_line_or_after_quotes_stay_silent(minimal: Project) -> None:
    minimal.edit(NL, "title: Een notitie", '# a note for translators\ntitle: "Een notitie" # ok')
    minimal.edit(NL, "body:", "body:  # the body")
    result = minimal.run("check")
    assert result.code == 0 and result.err == ""


def test_a_control_character_is_never_printed_raw(minimal: Project) -> None:
    """An escape sequence in a translation must not rewrite what staff see in their terminal."""
    minimal.edit(NL, "title: Een notitie", 'title: "Een\\e[2J\\0notitie"')
    result = minimal.run("check")
    assert result.code == 1
    assert "\x1b" not in result.err + result.out and "\x00" not in result.err + result.out
    assert any(f"{NL}:1:12: error: " in line and "U+001B ESCAPE" in line for line in result.lines)


def test_a_place_without_its_source_language_name_is_said_at_the_place(minimal: Project) -> None:
    minimal.edit("content/site.yaml", "      fr: Bruxelles\n", "")
    result = minimal.run("check")
    assert "Traceback" not in result.err and result.code == 1
    assert (
        "content/site.yaml:15:7: error: the place of 'rights_day' has no name in fr, the source "
        "language; add 'fr: …' under place" in result.lines
    )
