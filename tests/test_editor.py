"""The editor's writing, without a browser: one value into its file and nothing else, in the
style it had where possible; a change made on disk meanwhile is merged or shown, never lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Project
from tract.serve.workspace import Reply, Workspace
from tract.translate.editor import Refused, replace_value, version
from tract.translate.sidebyside import word_changes

NL = "content/note/nl.yaml"


def save(
    root: Path, doc: str, lang: str, key: str, value: str, base: str, was: str | None
) -> Reply:
    """A save through a workspace of its own, as the editor's page sends it."""
    return Workspace(root).save("you", doc, lang, key, value, base, was)


FILE = """\
# Dutch: keep it short.
title: Een notitie   # the title
body:
  # about first
  first: "Sinds {fact.labour_law.year} een contract: **ja**."
  when: >-
    Op {event.rights_day.date} om {event.rights_day.time},
    {event.rights_day.place}.
  last: 'It''s here'
  empty:
"""


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("title", "Een briefje", "title: Een briefje   # the title\n"),
        ("title", "Vragen: bel ons", 'title: "Vragen: bel ons"   # the title\n'),
        ("body.first", 'Een "contract"', '  first: "Een \\"contract\\""\n'),
        ("body.last", "Het is 'hier'", "  last: 'Het is ''hier'''\n"),
        ("body.empty", "Nu vol", "  empty: Nu vol\n"),
        ("body.when", "Kort.", "    Kort.\n"),
        ("body.first", "Twee\nregels", "  first: |-\n    Twee\n    regels\n"),
    ],
)
def test_only_the_value_changes(key: str, value: str, expected: str) -> None:
    new = replace_value(FILE, NL, key, value)
    old_lines, new_lines = FILE.splitlines(keepends=True), new.splitlines(keepends=True)
    changed = [line for line in new_lines if line not in old_lines]
    assert "".join(changed) == expected
    kept = [line for line in old_lines if line in new_lines]
    assert len(kept) >= len(old_lines) - 3  # the value's own lines, nothing else
    assert "# Dutch: keep it short.\n" in new and "  # about first\n" in new


def test_crlf_and_byte_order_mark_stay(minimal: Project) -> None:
    text = minimal.read(NL).replace("\n", "\r\n")
    (minimal.root / NL).write_bytes(b"\xef\xbb\xbf" + text.encode())
    raw = (minimal.root / NL).read_bytes()
    save(minimal.root, "note", "nl", "title", "Een briefje", version(raw), "Een notitie")
    after = (minimal.root / NL).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert after.decode("utf-8-sig") == text.replace("Een notitie", "Een briefje")


def test_a_change_elsewhere_on_disk_is_merged(minimal: Project) -> None:
    base = version((minimal.root / NL).read_bytes())
    minimal.edit(NL, "**ja**", "**zeker**")  # someone else, meanwhile
    saved = save(minimal.root, "note", "nl", "title", "Een briefje", base, "Een notitie")
    assert saved.merged and saved.conflict is None
    text = minimal.read(NL)
    assert "title: Een briefje" in text and "**zeker**" in text


def test_the_same_value_changed_on_disk_is_shown_not_overwritten(minimal: Project) -> None:
    base = version((minimal.root / NL).read_bytes())
    minimal.edit(NL, "title: Een notitie", "title: Een nota")
    before = minimal.read(NL)
    saved = save(minimal.root, "note", "nl", "title", "Een briefje", base, "Een notitie")
    assert saved.conflict is not None
    assert (saved.conflict.disk, saved.conflict.yours) == ("Een nota", "Een briefje")
    assert minimal.read(NL) == before
    again = save(minimal.root, "note", "nl", "title", "Een briefje", saved.conflict.version, None)
    assert again.conflict is None and "title: Een briefje" in minimal.read(NL)


def test_a_key_the_source_lacks_is_refused_and_nothing_changes(minimal: Project) -> None:
    before = minimal.read(NL)
    base = version((minimal.root / NL).read_bytes())
    for key in ("titel", "body", "../../etc", "__class__"):
        with pytest.raises(Refused):
            save(minimal.root, "note", "nl", key, "x", base, None)
    with pytest.raises(Refused):
        save(minimal.root, "note", "fr", "title", "x", base, None)  # the source itself
    assert minimal.read(NL) == before


def test_a_missing_key_is_added_with_the_others(minimal: Project) -> None:
    minimal.edit(
        NL,
        '  when: "Op {event.rights_day.date} om {event.rights_day.time}, '
        '{event.rights_day.place}."\n',
        "",
    )
    base = version((minimal.root / NL).read_bytes())
    value = "Op {event.rights_day.date}, {event.rights_day.time}, {event.rights_day.place}."
    save(minimal.root, "note", "nl", "body.when", value, base, "")
    assert minimal.run("check").code == 0


def test_checks_as_you_type_write_nothing(minimal: Project) -> None:
    before = minimal.read(NL)
    found = Workspace(minimal.root).check("note", "nl", "body.first", "Sinds {fact.labour_law} ja.")
    assert [p for p in found if ": error: " in p] == [
        "content/note/nl.yaml:3:10: error: 'body.first' must contain {fact.labour_law.year} "
        "like the source text; copy it as it is, braces included",
        "content/note/nl.yaml:3:10: error: 'body.first' uses {fact.labour_law}, which the "
        "source text does not have; use exactly the source's placeholders",
    ]
    assert minimal.read(NL) == before


def test_a_stale_row_shows_the_words_that_changed_in_the_source(minimal: Project) -> None:
    minimal.edit("content/note/fr.yaml", "un contrat", "un contrat écrit")
    rows = {row.key: row for row in Workspace(minimal.root).page("note", "nl").page.rows}
    assert rows["body.first"].status == "stale"
    assert [(c.kind, c.text) for c in rows["body.first"].changes or ()] == [
        ("same", "Depuis {fact.labour_law.year}, un contrat"),
        ("new", "écrit"),
        ("same", ": **oui**."),
    ]
    assert rows["title"].changes is None  # not stale: nothing to show


def test_word_changes_name_what_went_and_what_came() -> None:
    assert [(c.kind, c.text) for c in word_changes("a b c", "a c d")] == [
        ("same", "a"),
        ("old", "b"),
        ("same", "c"),
        ("new", "d"),
    ]
