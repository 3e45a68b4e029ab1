"""The workspace owns every change to a content file: saves of one file never interleave,
confirming waits for them, the project is read once, and any text a person may type or paste
is written so that it reads back exactly, or refused with the file unchanged."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import FIXTURES, ROOT, Project, copy_project
from tract.problems import Subject, error
from tract.serve import workspace as workspace_module
from tract.serve.workspace import Change, Workspace
from tract.source.load import load_locale
from tract.source.lock import fingerprint, read_lock
from tract.source.strings import entry_at, leaf_text, leaves
from tract.translate import editor
from tract.translate.editor import Refused, version

FLYER = "content/rights-flyer/nl.yaml"
NL = "content/note/nl.yaml"


@pytest.fixture
def shipped(tmp_path: Path) -> Project:
    return copy_project(ROOT, tmp_path)


def _texts(project: Project, rel: str, lang: str) -> dict[str, str]:
    file = load_locale(project.root / rel, lang, project.root, [])
    assert file.root is not None
    return {key: leaf_text(node) for key, node in leaves(file.root)}


def _at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Each call in a thread of its own, all let go at the same moment; their results."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = calls[index]()
        except Exception as exc:  # a test failure, reported below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_every_text_saved_at_once_is_in_the_file(shipped: Project) -> None:
    """Two tabs, two people, many fields: every save read the same version of the file."""
    space = Workspace(shipped.root)
    before = _texts(shipped, FLYER, "nl")
    base = version((shipped.root / FLYER).read_bytes())
    wanted = {key: f"Tekst {n} van {key}" for n, key in enumerate(before)}
    replies = _at_once(
        [
            lambda key=key, value=value: space.save(
                "you", "rights-flyer", "nl", key, value, base, before[key]
            )
            for key, value in wanted.items()
        ]
    )
    assert all(r.conflict is None for r in replies), replies
    assert _texts(shipped, FLYER, "nl") == wanted
    assert space.page("rights-flyer", "nl").fields["title"][0].value == wanted["title"]


def test_two_saves_of_one_text_from_the_same_version_one_wins_nothing_is_lost(
    shipped: Project,
) -> None:
    space = Workspace(shipped.root)
    was = _texts(shipped, FLYER, "nl")["title"]
    base = version((shipped.root / FLYER).read_bytes())
    first, second = _at_once(
        [
            lambda value=value: space.save("you", "rights-flyer", "nl", "title", value, base, was)
            for value in ("Eerste", "Tweede")
        ]
    )
    (lost,) = [r for r in (first, second) if r.conflict is not None]
    written = _texts(shipped, FLYER, "nl")["title"]
    assert written in ("Eerste", "Tweede")
    assert lost.conflict.disk == written
    assert lost.conflict.yours == ({"Eerste", "Tweede"} - {written}).pop()


def test_confirm_waits_for_the_save_under_way(
    shipped: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "I checked this translation" pressed while the last text is being saved fingerprints
    the text as saved."""
    space = Workspace(shipped.root)
    space.snapshot()
    slow_save = editor.save
    saving = threading.Event()

    def slowly(*args: Any) -> editor.Saved:
        saving.set()
        time.sleep(0.3)
        return slow_save(*args)

    monkeypatch.setattr(editor, "save", slowly)
    was = _texts(shipped, FLYER, "nl")["title"]
    base = version((shipped.root / FLYER).read_bytes())
    save = threading.Thread(
        target=space.save, args=("you", "rights-flyer", "nl", "title", "Nagekeken", base, was)
    )
    save.start()
    saving.wait(5)
    space.confirm("you", "rights-flyer", "nl")
    save.join()
    lock, _ = read_lock(shipped.root, "content/rights-flyer", "fr")
    assert lock.translations["nl"]["title"] == fingerprint("Nagekeken")


def test_the_project_is_read_once_and_kept_across_saves_and_checks(
    shipped: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = Workspace(shipped.root)
    space.page("rights-flyer", "nl")
    reads = []
    real = workspace_module.load_project
    monkeypatch.setattr(
        workspace_module, "load_project", lambda root: reads.append(root) or real(root)
    )
    was = _texts(shipped, FLYER, "nl")["title"]
    base = version((shipped.root / FLYER).read_bytes())
    reply = space.save("you", "rights-flyer", "nl", "title", "Een titel", base, was)
    space.check("rights-flyer", "nl", "title", "Nog een titel")
    assert space.font("nl", 0) is not None
    space.forget([FLYER])  # the watcher sees the workspace's own write: nothing to read again
    assert space.page("rights-flyer", "nl").version == reply.version
    assert reads == []
    shipped.edit(FLYER, "Een titel", "Door iemand anders")  # someone else, in a text editor
    space.forget([FLYER])
    assert space.page("rights-flyer", "nl").fields["title"][0].value == "Door iemand anders"
    assert len(reads) == 1


def test_a_save_says_the_last_build_s_problems_of_its_row(shipped: Project) -> None:
    """ "does not fit" stays on its row after a save, until the next build says otherwise."""
    space = Workspace(shipped.root)
    file = load_locale(shipped.root / FLYER, "nl", shipped.root, [])
    assert file.root is not None
    headline = entry_at(file.root, "front.headline")
    assert headline is not None
    about = Subject("rights-flyer", "nl", "screen")
    overflow = error(headline.key_pos, "the front page overflows by 2 lines", about)
    elsewhere = error(headline.key_pos, "the front page overflows by 3 lines", Subject("other"))
    space.built([overflow, elsewhere])
    was = _texts(shipped, FLYER, "nl")["front.headline"]
    base = version((shipped.root / FLYER).read_bytes())
    reply = space.save("you", "rights-flyer", "nl", "front.headline", was + "!", base, was)
    assert reply.problems == (str(overflow),)
    assert space.check("rights-flyer", "nl", "front.headline", was) == (str(overflow),)


def test_each_change_is_told_with_who_made_it(shipped: Project) -> None:
    told: list[Change] = []
    space = Workspace(shipped.root, written=told.append)
    was = _texts(shipped, FLYER, "nl")["title"]
    base = version((shipped.root / FLYER).read_bytes())
    space.save("Noor", "rights-flyer", "nl", "title", "Een titel", base, was)
    space.confirm("Sam", "rights-flyer", "nl")
    assert told == [
        Change(FLYER, "Noor", "rights-flyer", "nl", "title", "Een titel"),
        Change("content/rights-flyer/translations.lock.json", "Sam", "rights-flyer", "nl", None),
    ]


@pytest.mark.parametrize(
    ("pasted", "written"),
    [
        ("Een\u2028regel", '"Een\\u2028regel"'),  # a word processor's line separator
        ("Een\u0085regel", '"Een\\u0085regel"'),  # NEL, from old web pages
        ("Een\x7fregel", '"Een\\u007fregel"'),  # DEL
        ("Een\x00regel", '"Een\\u0000regel"'),
        ("Een\x1b[2Jregel", '"Een\\u001b[2Jregel"'),
    ],
)
def test_what_a_translator_pastes_is_written_safely_and_reads_back(
    minimal: Project, pasted: str, written: str
) -> None:
    space = Workspace(minimal.root)
    base = version((minimal.root / NL).read_bytes())
    reply = space.save("you", "note", "nl", "title", pasted, base, "Een notitie")
    assert f"title: {written}\n" in minimal.read(NL)
    assert _texts(minimal, NL, "nl")["title"] == pasted
    if pasted.isprintable():
        return
    # the editor says what the build will say, with the character written as its code
    assert reply.problems and all(ord(c) >= 0x20 or c == "\n" for m in reply.problems for c in m)
    result = minimal.run("check")
    said = [line for line in result.lines if line.startswith(f"{NL}:1:")]
    assert said and all(s in reply.problems for s in said)


def test_half_a_character_is_refused_and_nothing_changes(minimal: Project) -> None:
    before = minimal.read(NL)
    with pytest.raises(Refused, match="half of a character"):
        Workspace(minimal.root).save(
            "you", "note", "nl", "title", "Een\ud800", version(before.encode()), None
        )
    assert minimal.read(NL) == before


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(value=st.text(max_size=60))
def test_any_text_reads_back_exactly_or_is_refused_with_the_file_unchanged(
    tmp_path_factory: pytest.TempPathFactory, value: str
) -> None:
    project = copy_project(FIXTURES / "minimal", tmp_path_factory.mktemp("any"))
    before, raw = _texts(project, NL, "nl"), (project.root / NL).read_bytes()
    space = Workspace(project.root)
    try:
        space.save("you", "note", "nl", "body.first", value, version(raw), before["body.first"])
    except Refused as refused:
        assert str(refused)
        assert (project.root / NL).read_bytes() == raw
        return
    after = _texts(project, NL, "nl")
    assert after["body.first"] == value
    assert {k: v for k, v in after.items() if k != "body.first"} == {
        k: v for k, v in before.items() if k != "body.first"
    }


def test_the_editor_warns_of_a_hidden_character_as_the_translator_types(minimal: Project) -> None:
    """A right-to-left override pasted before a phone number: the editor says what `check`
    says, at the same line and column, before anything is saved."""
    space = Workspace(minimal.root)
    typed = "Bel \u202e+32 2 000 00 00"
    said = space.check("note", "nl", "title", typed)
    assert minimal.read(NL).startswith("title: Een notitie")  # nothing written
    base = version((minimal.root / NL).read_bytes())
    saved = space.save("you", "note", "nl", "title", typed, base, "Een notitie")
    from_check = [line for line in minimal.run("check").lines if "U+202E" in line]
    assert from_check and all(line in said and line in saved.problems for line in from_check)
