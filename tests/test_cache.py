"""The build cache rebuilds exactly what an edit touches, and survives a broken manifest."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import Project
from tests.pdfs import text
from tract import pipeline
from tract.outputs.cache import RACY_NS, file_hash
from tract.pipeline import Options, build
from tract.progress import Progress
from tract.report import declared_files


@pytest.fixture
def built(minimal: Project) -> Project:
    shutil.copytree(minimal.root / "content/note", minimal.root / "content/other")
    first = minimal.run()
    assert first.code == 0, first.err
    assert "6 built, 0 up to date" in first.out
    return minimal


def _rebuilt(project: Project, *argv: str) -> set[str]:
    result = project.run(*argv)
    assert result.code == 0, result.err
    return {
        line.split()[1].removeprefix("output/")
        for line in result.out.splitlines()
        if line.startswith("built ")
    }


ALL_NOTES = {"fr/note.pdf", "nl/note.pdf", "en/note.pdf"}
EVERYTHING = ALL_NOTES | {"fr/other.pdf", "nl/other.pdf", "en/other.pdf"}

EDITS = [
    ("content/note/nl.yaml", {"nl/note.pdf"}),
    ("content/note/fr.yaml", ALL_NOTES),  # the source language: every translation follows it
    ("content/note/document.yaml", ALL_NOTES),
    ("content/strings/en.yaml", {"en/note.pdf", "en/other.pdf"}),
    ("content/strings/fr.yaml", EVERYTHING),
    ("content/site.yaml", EVERYTHING),
    ("seeds/facts.yaml", EVERYTHING),
    ("templates/note.html.j2", EVERYTHING),
]


def test_nothing_changed_means_nothing_to_do(built: Project) -> None:
    result = built.run()
    assert result.code == 0
    assert "0 built, 6 up to date" in result.out and "nothing to do" in result.out


@pytest.mark.parametrize(("path", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_rebuilds_exactly_what_depends_on_it(
    built: Project, path: str, expected: set[str]
) -> None:
    comment = "{# edited #}" if path.endswith(".j2") else "# edited"
    built.write(path, built.read(path) + f"\n{comment}\n")
    assert _rebuilt(built) == expected
    assert _rebuilt(built) == set()


def test_force_rebuilds_everything(built: Project) -> None:
    assert _rebuilt(built, "--force") == EVERYTHING


def test_a_deleted_output_is_rebuilt(built: Project) -> None:
    (built.root / "output/nl/other.pdf").unlink()
    assert _rebuilt(built) == {"nl/other.pdf"}


def test_a_corrupt_manifest_is_a_full_rebuild_with_one_warning(built: Project) -> None:
    built.write("output/build.json", "{not json")
    result = built.run()
    assert result.code == 0
    assert "6 built" in result.out
    assert result.lines == [
        "output/build.json:1:1: warning: the build cache could not be "
        "read, so everything is rebuilt"
    ]


def test_a_failed_document_is_tried_again_after_a_revert(built: Project) -> None:
    good = built.read("content/note/nl.yaml")
    built.write("content/note/nl.yaml", good.replace("body:\n  first", "body:\n\tfirst"))
    assert built.run().code == 1
    built.write("content/note/nl.yaml", good)
    result = built.run()
    assert result.code == 0
    assert "nothing to do" not in result.out
    assert "built   output/nl/note.pdf" in result.out


def test_an_unreadable_file_is_not_also_called_missing(built: Project) -> None:
    built.write("content/note/nl.yaml", "title: Een\n\tnotitie\n")
    result = built.run("check")
    assert [x for x in result.lines if "content/note/nl.yaml" in x] == [
        "content/note/nl.yaml:2:1: error: a tab is used here; YAML needs spaces for "
        "indentation, replace the tab with spaces"
    ]


class _StopAfterFirst(Progress):
    """serve's watcher, in effect: a newer edit arrives once the first layout is done."""

    def __init__(self, stop: threading.Event) -> None:
        super().__init__(io.StringIO(), live=False)
        self.stop = stop

    def step(self, key: str) -> None:
        super().step(key)
        self.stop.set()


def test_a_superseded_build_publishes_what_it_laid_out_and_the_next_does_the_rest(
    built: Project,
) -> None:
    built.write("content/strings/fr.yaml", built.read("content/strings/fr.yaml") + "\n# edited\n")
    stop = threading.Event()
    report = build(built.root, Options(jobs=1), _StopAfterFirst(stop), stop=stop)
    assert report.superseded and not report.ok
    (first,) = [
        b.output.path.removeprefix("output/") for b in declared_files(report.built.values())
    ]
    assert _rebuilt(built) == EVERYTHING - {first}
    assert _rebuilt(built) == set()


def test_what_was_just_edited_is_laid_out_first(built: Project) -> None:
    """serve names the files just saved: what is made of them comes before the rest of
    what is out of date, so the page a translator watches is not queued behind it."""
    built.write("content/site.yaml", built.read("content/site.yaml") + "\n# edited\n")
    built.edit("content/other/nl.yaml", "Een notitie", "Een briefje")
    out = io.StringIO()
    options = Options(jobs=1, first=("content/other/nl.yaml",))
    assert build(built.root, options, Progress(out, live=False)).ok
    made = [line.split()[1] for line in out.getvalue().splitlines() if line.startswith("built")]
    assert made[0] == "output/nl/other.pdf"
    assert sorted(made) == sorted(f"output/{p}" for p in EVERYTHING)


def test_two_writes_of_the_same_size_in_one_clock_tick_hash_differently(tmp_path: Path) -> None:
    """A server runs for days: a file rewritten with as many bytes, its time set back to the
    same tick, must not read as unchanged."""
    path = tmp_path / "nl.yaml"
    path.write_text("title: Hallo\n", encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    first = file_hash(path)
    path.write_text("title: Hello\n", encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert file_hash(path) != first


def test_a_file_unchanged_for_a_while_is_hashed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fr.yaml"
    path.write_text("title: Bonjour\n", encoding="utf-8")
    past = time.time_ns() - 10 * RACY_NS
    os.utime(path, ns=(past, past))
    monkeypatch.setattr(time, "time_ns", lambda: path.stat().st_ctime_ns + 2 * RACY_NS)
    first = file_hash(path)
    reads = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or b"")
    assert file_hash(path) == first and not reads


def test_a_file_saved_while_the_build_reads_is_built_again(
    built: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor saves while a build runs: what the build made from the older text is never
    taken for the newer one (it used to be, when the file changed between reading the
    project and hashing its inputs)."""
    real_load = pipeline.load_project

    def saved_meanwhile(root: Path):  # type: ignore[no-untyped-def]
        loaded = real_load(root)
        built.edit("content/note/nl.yaml", "Een notitie", "Een briefje")
        return loaded

    built.edit("content/note/nl.yaml", "**ja**", "**zeker**")
    monkeypatch.setattr(pipeline, "load_project", saved_meanwhile)
    assert built.run().code == 0
    monkeypatch.setattr(pipeline, "load_project", real_load)
    assert "nl/note.pdf" in _rebuilt(built)
    assert "Een briefje" in text(built.root / "output/nl/note.pdf")
