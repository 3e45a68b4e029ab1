"""Characters that hide what a text says, through `check` and the build: each class said at
the line and column where the character is written, by its Unicode name and where it is in the
value; what is harmless stays silent; --strict refuses what is only a warning."""

from __future__ import annotations

import pytest

from tests.helpers import Project

NL = "content/note/nl.yaml"
TITLE = "title: Een notitie"

# (case id, the title line written instead, the expected line; None: nothing is said)
CASES = [
    (
        "right-to-left-override",
        "title: Bel \u202e+32 2 000 00 00",
        f"{NL}:1:12: warning: 'title' holds the invisible character U+202E RIGHT-TO-LEFT "
        "OVERRIDE after 'Bel', which prints the text after it backwards, letter by letter: a "
        "phone number prints as another number; delete it",
    ),
    (
        "left-to-right-override-as-an-escape",
        'title: "Bel \\u202D+32 2 000 00 00"',
        f"{NL}:1:13: warning: 'title' holds the invisible character U+202D LEFT-TO-RIGHT "
        "OVERRIDE after 'Bel', which prints the text after it left to right letter by letter, "
        "whatever its letters; delete it",
    ),
    (
        "right-to-left-embedding",
        "title: Een \u202bnotitie\u202c",
        f"{NL}:1:12: warning: 'title' holds the invisible character U+202B RIGHT-TO-LEFT "
        "EMBEDDING after 'Een', which sets the text after it right to left, whatever its "
        "letters; delete it",
    ),
    (
        "left-to-right-embedding",
        "title: \u202aEen notitie",
        f"{NL}:1:8: warning: 'title' holds the invisible character U+202A LEFT-TO-RIGHT "
        "EMBEDDING at its start, which sets the text after it left to right, whatever its "
        "letters; delete it",
    ),
    (
        "pop-with-nothing-to-end",
        "title: Een notitie\u202c",
        f"{NL}:1:19: warning: 'title' holds the invisible character U+202C POP DIRECTIONAL "
        "FORMATTING after 'Een notitie', which ends a change of direction that was never "
        "started; delete it",
    ),
    (
        "isolate-never-closed",
        "title: Een \u2067notitie",
        f"{NL}:1:12: warning: 'title' holds the invisible character U+2067 RIGHT-TO-LEFT "
        "ISOLATE after 'Een', which is never closed by U+2069 POP DIRECTIONAL ISOLATE, so what "
        "follows keeps its direction; delete it",
    ),
    (
        "isolate-closed-twice",
        "title: Een \u2068notitie\u2069\u2069",
        f"{NL}:1:21: warning: 'title' holds the invisible character U+2069 POP DIRECTIONAL "
        "ISOLATE after 'Een <U+2068>notitie<U+2069>', which closes no isolate; delete it",
    ),
    ("balanced-isolates-stay-allowed", "title: Een \u2067notitie\u2069 \u2066x\u2069", None),
    (
        "zero-width-space-in-a-phone-number",
        "title: Bel +32 2 000\u200b 00 00",
        f"{NL}:1:21: warning: 'title' holds the invisible character U+200B ZERO WIDTH SPACE "
        "inside the number '+32 2 000 00 00' (after 'Bel +32 2 000'), which breaks it for "
        "whoever copies, types or searches it; delete it",
    ),
    (
        "zero-width-joiner-in-a-web-address",
        "title: Zie https://www.exam\u200dple.org/hulp.",
        f"{NL}:1:28: warning: 'title' holds the invisible character U+200D ZERO WIDTH JOINER "
        "inside the web address 'https://www.example.org/hulp' (after 'Zie https://www.exam'), "
        "which breaks it for whoever copies, types or searches it; delete it",
    ),
    (
        "soft-hyphen-in-an-e-mail-address",
        "title: Mail hulp@exam\u00adple.org",
        f"{NL}:1:22: warning: 'title' holds the invisible character U+00AD SOFT HYPHEN inside "
        "the e-mail address 'hulp@example.org' (after 'Mail hulp@exam'), which breaks it for "
        "whoever copies, types or searches it; delete it",
    ),
    ("zero-width-space-between-words-breaks-lines", "title: Een\u200bnotitie", None),
    ("zero-width-space-next-to-a-number-is-not-in-it", "title: Sinds\u200b2024 \u200b", None),
    (
        "null-as-an-escape",
        'title: "Een\\0notitie"',
        f"{NL}:1:12: error: 'title' holds the control character U+0000 NULL after 'Een', which "
        "prints nothing, or a box; delete it",
    ),
    (
        "escape-as-an-escape",
        'title: "Een \\e[31mnotitie"',
        f"{NL}:1:13: error: 'title' holds the control character U+001B ESCAPE after 'Een', "
        "which prints nothing, or a box; delete it",
    ),
    (
        "line-separator-as-an-escape",
        'title: "Een\\Lnotitie"',
        f"{NL}:1:12: error: 'title' holds the character U+2028 LINE SEPARATOR after 'Een', "
        "which breaks the line where your editor shows none; delete it",
    ),
    (
        "on-the-second-line-of-a-folded-text",
        "title: >-\n  Bel ons\n  op \u202e+32 2 000 00 00",
        f"{NL}:3:6: warning: 'title' holds the invisible character U+202E RIGHT-TO-LEFT "
        "OVERRIDE after 'Bel ons op', which prints the text after it backwards, letter by "
        "letter: a phone number prints as another number; delete it",
    ),
    ("tabs-and-line-ends-are-whitespace", 'title: "Een\\tnotitie\\r\\n"', None),
]


@pytest.mark.parametrize(("new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_hidden_character_is_said_where_it_is(
    minimal: Project, new: str, expected: str | None
) -> None:
    minimal.edit(NL, TITLE, new)
    result = minimal.run("check")
    assert "Traceback" not in result.err
    if expected is None:
        assert result.code == 0 and result.err == "", result.err
        return
    assert result.lines == [expected]
    assert result.code == (1 if ": error: " in expected else 0)


def test_two_in_one_value_are_said_apart(minimal: Project) -> None:
    minimal.edit(NL, TITLE, "title: \u202eBel +32\u200b2 000 00 00")
    said = [line.split(": warning: ")[0] for line in minimal.run("check").lines]
    assert said == [f"{NL}:1:8", f"{NL}:1:16"]


def test_a_contact_in_site_yaml_is_checked_at_its_value(minimal: Project) -> None:
    minimal.edit("content/site.yaml", '"+32 2 000 00 00"', '"+32 2 000 00\u200c00"')
    result = minimal.run("check")
    assert result.lines == [
        "content/site.yaml:8:5: warning: 'contacts.phone' holds the invisible character U+200C "
        "ZERO WIDTH NON-JOINER inside the number '+32 2 000 0000' (after '+32 2 000 00'), which "
        "breaks it for whoever copies, types or searches it; delete it"
    ]


def test_the_build_warns_and_strict_refuses(minimal: Project) -> None:
    minimal.edit(NL, TITLE, "title: Bel \u202e+32 2 000 00 00")
    expected = f"{NL}:1:12: warning: 'title' holds the invisible character U+202E"
    built = minimal.run("--lang", "nl")
    assert built.code == 0 and any(line.startswith(expected) for line in built.lines)
    assert (minimal.root / "output/nl/note.pdf").is_file()
    strict = minimal.run("--lang", "nl", "--strict", "--force")
    refused = expected.replace(": warning: ", ": error: ")
    assert strict.code == 1 and any(line.startswith(refused) for line in strict.lines)


def test_an_escaped_control_character_stops_only_its_document(minimal: Project) -> None:
    minimal.edit(NL, TITLE, 'title: "Een\\enotitie"')
    result = minimal.run()
    assert result.code == 1
    assert not (minimal.root / "output/nl/note.pdf").exists()
    assert (minimal.root / "output/en/note.pdf").is_file()
