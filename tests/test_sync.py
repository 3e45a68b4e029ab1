"""`python build.py sync`: missing keys added in the source's order with the source text above
them, and everything the translator wrote kept byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT, Project, copy_project

NL = "content/note/nl.yaml"
FR = "content/note/fr.yaml"

SOURCE = """\
# A tiny document for tests.
title: Une note
intro: Une introduction
body:
  # Context for first.
  first: "Depuis {fact.labour_law.year}, un contrat : **oui**."
  middle: Au milieu
  when: "Le {event.rights_day.date} à {event.rights_day.time}, {event.rights_day.place}."
  last: |
    Ligne un
    Ligne deux
group:
  a: Texte A
  b: >-
    Un texte long qui continue sur plusieurs lignes et qui dépasse largement la largeur
    d'une ligne de commentaire normale, pour voir comment il est coupé.
"""

# The translator's own comments, quoting, blank lines and an old key of their own.
TRANSLATION = """\
# Dutch: keep it short.
title: 'Een notitie'   # the title
body:
  # about first (nl)
  first: "Sinds {fact.labour_law.year} een contract: **ja**."
  # about when (nl)
  when: >-
    Op {event.rights_day.date} om {event.rights_day.time},
    {event.rights_day.place}.

  # stray: an old key
  oud: Oude tekst
# the end
"""

SYNCED = """\
# Dutch: keep it short.
title: 'Een notitie'   # the title
# fr: Une introduction
intro:
body:
  # about first (nl)
  first: "Sinds {fact.labour_law.year} een contract: **ja**."
  # fr: Au milieu
  middle:
  # about when (nl)
  when: >-
    Op {event.rights_day.date} om {event.rights_day.time},
    {event.rights_day.place}.
  # fr: Ligne un
  #     Ligne deux
  last:

  # stray: an old key
  oud: Oude tekst
group:
  # fr: Texte A
  a:
  # fr: Un texte long qui continue sur plusieurs lignes et qui dépasse largement la largeur d'une
  #     ligne de commentaire normale, pour voir comment il est coupé.
  b:
# the end
"""


def test_missing_keys_are_added_and_the_rest_kept(minimal: Project) -> None:
    minimal.write(FR, SOURCE)
    minimal.write(NL, TRANSLATION)
    result = minimal.run("sync", "--lang", "nl", "--doc", "note")
    assert result.code == 0
    assert minimal.read(NL) == SYNCED
    assert result.out.splitlines()[0] == (
        f"{NL}: added intro, body.middle, body.last, group.a, group.b"
    )
    assert result.lines == [
        f"{NL}:12:3: warning: 'body.oud' is not in the source file, so it is never printed; "
        "sync leaves it: rename it to the source's key or delete it"
    ]
    again = minimal.run("sync", "--lang", "nl", "--doc", "note")
    assert minimal.read(NL) == SYNCED
    assert "nothing changed" in again.out


def test_added_keys_are_missing_until_translated(minimal: Project) -> None:
    minimal.write(FR, SOURCE)
    minimal.write(NL, TRANSLATION)
    minimal.run("sync")
    check = minimal.run("check")
    said = "is empty: not translated yet; translate it, or build with --draft to see the rest"
    assert [line for line in check.lines if line.startswith(NL)] == [
        f"{NL}:4:1: error: 'intro' {said}",
        f"{NL}:9:3: error: 'body.middle' {said}",
        f"{NL}:16:3: error: 'body.last' {said}",
        f"{NL}:19:3: error: unknown key 'body.oud', which the source file does not have",
        f"{NL}:22:3: error: 'group.a' {said}",
        f"{NL}:25:3: error: 'group.b' {said}",
    ]


def test_first_keys_of_a_group_keep_the_comments_of_the_next(minimal: Project) -> None:
    minimal.write(NL, "body:    # the body\n    # about when\n    when: Op een dag.\n")
    minimal.run("sync", "--lang", "nl")
    assert minimal.read(NL) == (
        "# fr: Une note\ntitle:\nbody:    # the body\n"
        "    # fr: Depuis {fact.labour_law.year}, un contrat : **oui**.\n    first:\n"
        "    # about when\n    when: Op een dag.\n"
    )


def test_an_empty_group_is_filled(minimal: Project) -> None:
    minimal.write(NL, "title: Een notitie\nbody:\n# end\n")
    minimal.run("sync", "--lang", "nl")
    assert minimal.read(NL) == (
        "title: Een notitie\nbody:\n"
        "  # fr: Depuis {fact.labour_law.year}, un contrat : **oui**.\n  first:\n"
        "  # fr: Le {event.rights_day.date} à {event.rights_day.time}, "
        "{event.rights_day.place}.\n  when:\n# end\n"
    )


def test_windows_line_ends_and_byte_order_mark_are_kept(minimal: Project) -> None:
    minimal.write(NL, "\ufefftitle: Een notitie\r\nbody:\r\n  first: Eerst.\r\n".encode())
    minimal.run("sync", "--lang", "nl")
    assert (minimal.root / NL).read_bytes() == (
        "\ufefftitle: Een notitie\r\nbody:\r\n  first: Eerst.\r\n  # fr: Le "
        "{event.rights_day.date} à {event.rights_day.time}, {event.rights_day.place}.\r\n"
        "  when:\r\n"
    ).encode()


def test_plural_forms_of_the_translation_language(minimal: Project) -> None:
    minimal.edit(FR, "body:", 'pages:\n  one: "{count} page"\n  other: "{count} pages"\nbody:')
    minimal.run("sync", "--lang", "nl")
    assert "# fr: {count} page\npages:\n" not in minimal.read(NL)
    assert (
        "title: Een notitie\npages:\n  # for counts 1\n  # fr: {count} page\n  one:\n"
        "  # for counts 0, 2–200, …\n  # fr: {count} pages\n  other:\nbody:\n" in minimal.read(NL)
    )


def test_a_missing_file_is_created_from_the_source(minimal: Project) -> None:
    (minimal.root / NL).unlink()
    result = minimal.run("sync", "--lang", "nl")
    assert f"{NL}: created, with 3 text(s) to translate" in result.out
    assert minimal.read(NL) == (
        "# nl translation of content/note/fr.yaml. Write each text after its key; the fr text "
        "is in the comment above it.\n# See docs/translating.md for the rules.\n"
        "# fr: Une note\ntitle:\nbody:\n"
        "  # fr: Depuis {fact.labour_law.year}, un contrat : **oui**.\n  first:\n"
        "  # fr: Le {event.rights_day.date} à {event.rights_day.time}, "
        "{event.rights_day.place}.\n  when:\n"
    )


def test_a_broken_file_is_left_alone(minimal: Project) -> None:
    minimal.write(NL, "title: Een notitie\nbody:\n\tfirst: x\n")
    before = (minimal.root / NL).read_bytes()
    result = minimal.run("sync", "--lang", "nl")
    assert result.code == 0
    assert (minimal.root / NL).read_bytes() == before
    assert f"{NL}: not synced; fix the error above first" in result.out


def test_every_shipped_translation_stays_byte_for_byte(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path)
    files = sorted(project.root.glob("content/*/*.yaml"))
    before = {path: path.read_bytes() for path in files}
    result = project.run("sync")
    assert result.code == 0, result.err
    assert "nothing changed" in result.out
    assert {path: path.read_bytes() for path in files} == before


@pytest.mark.parametrize(
    "name",
    sorted(
        p.relative_to(ROOT).as_posix()
        for p in ROOT.glob("content/*/*.yaml")
        if p.name != "document.yaml" and p.stem != "fr"
    ),
)
def test_sync_puts_a_key_back_in_place(tmp_path: Path, name: str) -> None:
    """Take the second key out of a real translation: sync puts it back where it was, with the
    French text above it, and every other line stays as it was."""
    project = copy_project(ROOT, tmp_path)
    path = project.root / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    second = [i for i, line in enumerate(lines) if line[:1].isalpha()][1]
    end = next(
        (
            i
            for i in range(second + 1, len(lines))
            if lines[i][:1].isalpha() or lines[i].startswith("#")
        ),
        len(lines),
    )
    if any(line.lstrip().startswith("#") for line in lines[second:end]):
        pytest.skip("the key holds comments of its own, which a translator would lose too")
    path.write_text("".join(lines[:second] + lines[end:]), encoding="utf-8")
    project.run("sync", "--doc", path.parent.name, "--lang", path.stem)
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    added = len(after) - (len(lines) - (end - second))
    assert after[:second] == lines[:second]
    assert after[second + added :] == lines[end:]
    key = lines[second].split(":")[0]
    assert after[second].startswith("# fr: ") or after[second] == f"{key}:\n"
