"""`python build.py status`, `translated` and length hints: what a translator is told, and
output/status.json exactly as other tools read it."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import Project
from tract.source.lock import Lock

NL = "content/note/nl.yaml"
FR = "content/note/fr.yaml"
LOCK = "content/note/translations.lock.json"
ALL = ["title", "body.first", "body.when"]
WAS = {"body.first": "Depuis {fact.labour_law.year}, un contrat : **oui**."}
FIRST = (
    "'body.first' must contain {fact.labour_law.year} like the source text; copy it as it "
    "is, braces included"
)


def status(project: Project) -> dict:
    result = project.run("status")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return json.loads(project.read("output/status.json"))


def nl(
    done: int, missing=(), extra=(), stale=(), errors=(), reviewed=True, was=None, unreviewed=()
) -> dict:
    return {
        "done": done,
        "missing": list(missing),
        "extra": list(extra),
        "stale": list(stale),
        "was": was or {},
        "errors": list(errors),
        "reviewed": reviewed,
        "unreviewed": list(unreviewed),
    }


def test_complete_project(minimal: Project) -> None:
    assert status(minimal) == {
        "note": {"nl": nl(3), "en": nl(3)},
        "strings": {"nl": nl(1), "en": nl(1)},
    }


# (case id, edits of (file, old, new), expected status of note in nl)
CASES = [
    (
        "missing",
        [
            (
                NL,
                '  when: "Op {event.rights_day.date} om {event.rights_day.time}, '
                '{event.rights_day.place}."\n',
                "",
            )
        ],
        nl(2, missing=["body.when"]),
    ),
    ("empty-is-missing", [(NL, "title: Een notitie", "title:")], nl(2, missing=["title"])),
    ("extra", [(NL, "  when:", "  wehn: Oud.\n  when:")], nl(3, extra=["body.wehn"])),
    (
        "placeholder-mismatch",
        [(NL, "{fact.labour_law.year}", "2024")],
        nl(
            2,
            errors=[
                {
                    "key": "body.first",
                    "path": NL,
                    "line": 3,
                    "column": 10,
                    "severity": "error",
                    "message": FIRST,
                }
            ],
        ),
    ),
    (
        "markup-mismatch",
        [(NL, "**ja**", "ja")],
        nl(
            2,
            errors=[
                {
                    "key": "body.first",
                    "path": NL,
                    "line": 3,
                    "column": 10,
                    "severity": "warning",
                    "message": "'body.first' does not have the same **bold** and *italic* "
                    "parts as the source text",
                }
            ],
        ),
    ),
    (
        "source-edit-without-lock-is-not-stale-but-unreviewed",
        [(FR, "un contrat", "un vrai contrat")],
        nl(3, reviewed=False, unreviewed=ALL),
    ),
    (
        "unreadable",
        [(NL, "body:\n  first", "body:\n\tfirst")],
        nl(
            0,
            missing=["title", "body.first", "body.when"],
            errors=[
                {
                    "key": None,
                    "path": NL,
                    "line": 3,
                    "column": 1,
                    "severity": "error",
                    "message": "a tab is used here; YAML needs spaces for indentation, "
                    "replace the tab with spaces",
                }
            ],
        ),
    ),
]


@pytest.mark.parametrize(("edits", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_status_of_one_translation(minimal: Project, edits: list, expected: dict) -> None:
    if not expected["reviewed"]:  # without a lock nothing is stale, and nothing reviewed
        (minimal.root / LOCK).unlink()
    for file, old, new in edits:
        minimal.edit(file, old, new)
    assert status(minimal)["note"]["nl"] == expected


def test_stale_after_a_source_edit_until_confirmed(minimal: Project) -> None:
    (minimal.root / LOCK).unlink()
    first = minimal.run("translated", "--lang", "nl", "--doc", "note")
    assert first.code == 0, first.err
    assert first.out == f"{NL}: 3 nl text(s) confirmed as up to date\n"
    lock = json.loads(minimal.read(LOCK))
    assert lock["source"] == "fr"
    assert sorted(lock["confirmed"]) == ["nl"]
    assert sorted(lock["confirmed"]["nl"]) == ["body.first", "body.when", "title"]

    minimal.edit(FR, "un contrat", "un vrai contrat")
    assert status(minimal)["note"] == {
        "nl": nl(2, stale=["body.first"], was=WAS),
        "en": nl(3, reviewed=False, unreviewed=ALL),
    }
    shown = minimal.run("status").out
    assert "  stale: body.first\n" in shown
    assert "python build.py translated --lang nl --doc note" in shown

    minimal.edit(FR, "# A tiny", "# A small")  # comments and wrapping are not changes
    minimal.edit(FR, "title: Une note", "title:   Une note")
    assert status(minimal)["note"]["nl"] == nl(2, stale=["body.first"], was=WAS)

    assert minimal.run("translated", "--lang", "nl", "--doc", "note").code == 0
    assert status(minimal)["note"]["nl"] == nl(3)


def test_a_text_translated_after_the_review_is_unreviewed_until_confirmed(
    minimal: Project,
) -> None:
    minimal.edit(NL, "title: Een notitie", "title:")
    minimal.run("translated", "--lang", "nl", "--doc", "note")
    minimal.edit(NL, "title:", "title: Een briefje")
    assert status(minimal)["note"]["nl"] == nl(3, unreviewed=["title"])
    shown = minimal.run("status").out
    assert "  unreviewed: title\n    translated since the last review" in shown
    assert ["note", "nl", "3", "of", "3", "-", "-", "-", "-", "complete,", "1", "unreviewed"] in [
        line.split() for line in shown.splitlines()
    ]
    assert minimal.run("--lang", "nl").code == 0  # a reviewed language is still made
    assert "Translation: 3 done · 1 unreviewed</summary>" in minimal.read("output/index.html")
    rows = re.findall(
        r'<tr class="(\w+)" id="([\w.]+)">', minimal.read("output/translate/nl/note.html")
    )
    assert rows == [("unreviewed", "title"), ("done", "body.first"), ("done", "body.when")]
    minimal.run("translated", "--lang", "nl", "--doc", "note")
    assert status(minimal)["note"]["nl"] == nl(3)


def test_a_reviewed_text_changed_since_is_unreviewed(minimal: Project) -> None:
    """A reviewer confirmed the text as it read then: rewriting it needs a review again."""
    minimal.edit(NL, "title: Een notitie", "title: Een briefje")
    assert status(minimal)["note"]["nl"] == nl(3, unreviewed=["title"])
    minimal.edit(NL, "title: Een briefje", "title:   Een notitie")  # back as it was reviewed
    assert status(minimal)["note"]["nl"] == nl(3)


def test_stale_and_broken_at_once(minimal: Project) -> None:
    minimal.run("translated", "--lang", "nl")
    minimal.edit(FR, "un contrat", "un vrai contrat")
    minimal.edit(NL, "{fact.labour_law.year}", "2024")
    got = status(minimal)["note"]["nl"]
    assert (got["done"], got["stale"], [e["key"] for e in got["errors"]]) == (
        2,
        ["body.first"],
        ["body.first"],
    )


def test_translated_names_what_it_could_not_confirm(minimal: Project) -> None:
    minimal.edit(NL, "title: Een notitie", "title:")
    result = minimal.run("translated", "--lang", "nl", "--doc", "note")
    assert (
        result.out == f"{NL}: 2 nl text(s) confirmed as up to date; 1 not translated "
        "yet, so not confirmed\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["translated"],
            "python build.py: error: say which language you checked, e.g. python "
            "build.py translated --lang nl --doc rights-flyer",
        ),
        (
            ["translated", "--lang", "fr"],
            "python build.py: error: 'fr' is the source language: "
            "translations are compared with it, so it has no status of its own",
        ),
        (
            ["status", "--doc", "nope"],
            "python build.py: error: there is no document 'nope' (did you mean 'note'?)",
        ),
    ],
)
def test_usage_errors(minimal: Project, argv: list[str], message: str) -> None:
    result = minimal.run(*argv)
    assert result.code == 2
    assert result.lines == [message]


def test_terminal_table(minimal: Project) -> None:
    minimal.edit(NL, "title: Een notitie", "title:")
    minimal.edit(NL, "  when:", "  wehn: Oud.\n  when:")
    out = minimal.run("status").out
    assert out.splitlines()[:7] == [
        "Translations compared with the source language, fr:",
        "",
        "document  language  translated  missing  stale  broken  extra",
        "note      nl        2 of 3      1        -      -       1",
        "note      en        3 of 3      -        -      -       -      complete",
        "strings   nl        1 of 1      -        -      -       -      complete",
        "strings   en        1 of 1      -        -      -       -      complete",
    ]
    assert (
        "  missing: title\n    to add them to the file, each with the fr text above it, "
        "run:\n    python build.py sync --lang nl --doc note\n" in out
    )


def test_a_broken_project_still_exits_0(minimal: Project) -> None:
    minimal.edit("content/site.yaml", "languages: [fr, nl, en]", "languages: [fr, nl, en")
    result = minimal.run("status")
    assert result.code == 0
    assert minimal.read("output/status.json") == "{}\n"


LIMIT = "max_chars:\n  body.first: 20\n"


def test_length_hint_warns_with_position(minimal: Project) -> None:
    minimal.write("content/note/document.yaml", minimal.read("content/note/document.yaml") + LIMIT)
    result = minimal.run("check")
    assert result.code == 0, result.err
    assert [line for line in result.lines if "max_chars" in line] == [
        "content/note/en.yaml:3:10: warning: 'body.first' prints 28 characters, 8 more than "
        "the 20 that fit (max_chars in content/note/document.yaml); shorten it by 8 characters",
        f"{FR}:4:10: warning: 'body.first' prints 30 characters, 10 more than the 20 that fit "
        "(max_chars in content/note/document.yaml); shorten it by 10 characters",
        f"{NL}:3:10: warning: 'body.first' prints 28 characters, 8 more than the 20 that fit "
        "(max_chars in content/note/document.yaml); shorten it by 8 characters",
    ]
    warned = status(minimal)["note"]["nl"]
    assert warned["done"] == 3 and [e["severity"] for e in warned["errors"]] == ["warning"]


def test_length_hint_on_a_group_and_an_unknown_key(minimal: Project) -> None:
    minimal.write(
        "content/note/document.yaml",
        minimal.read("content/note/document.yaml") + "max_chars:\n  body: 29\n  body.frist: 10\n",
    )
    result = minimal.run("check")
    assert (
        "content/note/document.yaml:7:3: error: max_chars names 'body.frist', which "
        f"{FR} does not have (did you mean 'body.first'?)" in result.lines
    )
    assert sum("max_chars" in line and "warning" in line for line in result.lines) == 4


def test_side_by_side_page(minimal: Project) -> None:
    minimal.edit(
        NL,
        '  when: "Op {event.rights_day.date} om {event.rights_day.time}, '
        '{event.rights_day.place}."\n',
        "",
    )
    assert minimal.run("--draft").code == 0
    assert minimal.run("status").code == 0
    html = minimal.read("output/translate/nl/note.html")
    rows = re.findall(r'<tr class="(\w+)" id="([\w.]+)">', html)
    assert rows == [("done", "title"), ("done", "body.first"), ("missing", "body.when")]
    pictures = re.findall(r'<img src="([^"]+)" alt="page (\d)"', html)
    assert pictures == [("../../previews/nl/note-1.png", "1")] * 3  # a draft shows the French text
    assert all((minimal.root / "output/translate/nl" / src).is_file() for src, _ in pictures)
    spots = [
        tuple(map(float, s))
        for s in re.findall(
            r"left: ([\d.]+)%; top: ([\d.]+)%; width: ([\d.]+)%; height: ([\d.]+)%", html
        )
    ]
    assert len(spots) == 3 and all(x >= 0 and w > 0 and x + w <= 100.5 for x, _, w, _ in spots)
    assert spots[0][1] < spots[1][1] < spots[2][1]  # title above the first line above the second
    assert "python build.py sync --lang nl --doc note" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_side_by_side_without_a_translated_pdf(minimal: Project) -> None:
    assert minimal.run("--lang", "fr").code == 0
    minimal.run("status")
    html = minimal.read("output/translate/en/note.html")
    assert html.count('<img src="../../previews/fr/note-1.png"') == 3
    assert html.count("page 1, fr PDF") == 3
    assert "There is no en PDF yet" in html


def test_a_stale_text_shows_what_changed_in_the_source(minimal: Project) -> None:
    """The lock keeps the source texts it confirmed, so the translator sees the words that
    changed (struck through, underlined) rather than two paragraphs to compare by eye."""
    assert json.loads(minimal.read(LOCK))["texts"]  # the fixture's lock is in today's format
    minimal.edit(FR, "un contrat : **oui**", "un vrai contrat de travail : **oui**")
    minimal.run("status")
    row = _row(minimal.read("output/translate/nl/note.html"), "body.first")
    assert '<span class="badge stale">' in row
    assert (
        '<span class="changed">Changed since this was translated: Depuis '
        "{fact.labour_law.year}, un <ins>vrai</ins> contrat <ins>de travail</ins> : **oui**.</span>"
    ) in row


def test_a_lock_of_the_first_format_still_says_what_is_stale(minimal: Project) -> None:
    """Locks written before the texts were kept: stale strings still show, without the old
    text, and the next confirmation writes today's format."""
    lock = json.loads(minimal.read(LOCK))
    old = {k: v for k, v in lock.items() if k != "texts"} | {"format": 1}
    minimal.write(LOCK, json.dumps(old))
    minimal.edit(FR, "un contrat", "un vrai contrat")
    assert status(minimal)["note"]["nl"] == nl(2, stale=["body.first"], was={"body.first": None})
    row = _row(minimal.read("output/translate/nl/note.html"), "body.first")
    assert "Changed since this was translated; the earlier text was not recorded." in row
    minimal.run("translated", "--lang", "nl")
    again = json.loads(minimal.read(LOCK))
    assert again["format"] == 2
    when = lock["texts"][lock["confirmed"]["nl"]["body.when"]]
    assert sorted(again["texts"].values()) == sorted(
        ["Une note", "Depuis {fact.labour_law.year}, un vrai contrat : **oui**.", when]
    )


def _row(html: str, key: str) -> str:
    return re.search(rf'<tr class="\w+" id="{re.escape(key)}">.*?</tr>', html, re.S).group(0)


def test_a_damaged_lock_file_is_named_not_fatal(minimal: Project) -> None:
    minimal.write(LOCK, "<<<<<<< HEAD\n")
    result = minimal.run("status")
    assert result.code == 0
    assert result.lines == [
        f"{LOCK}:1:1: warning: this file could not be read, so no translation is shown as "
        "stale; delete it, then confirm each language again with python build.py translated "
        "--lang CODE"
    ]


def test_confirming_again_changes_nothing(minimal: Project) -> None:
    minimal.run("translated", "--lang", "nl")
    minimal.run("translated", "--lang", "en")
    first = (minimal.root / LOCK).read_bytes()
    minimal.run("translated", "--lang", "nl")
    assert (minimal.root / LOCK).read_bytes() == first
    assert sorted(json.loads(first)["confirmed"]) == ["en", "nl"]


def test_the_lock_reads_back_what_it_writes_and_its_first_format() -> None:
    lock = Lock("fr", {"nl": {"title": "abc"}}, {"abc": "Une note"}, {"nl": {"title": "def"}})
    assert Lock.from_json(json.loads(lock.to_json())) == lock
    first = {"format": 1, "source": "fr", "confirmed": {"nl": {"title": "abc"}}}
    assert Lock.from_json(first) == Lock("fr", {"nl": {"title": "abc"}}, {}, {})
    with pytest.raises(ValueError):
        Lock.from_json({**first, "format": 9})
