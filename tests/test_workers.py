"""The warm worker pool: a run left before its end never pairs a result with the wrong job."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from tests.helpers import Project
from tests.slow import Nap
from tract import pipeline
from tract.layout.workers import Pool, start_workers
from tract.pipeline import Options, build

LANGS = ("fr", "nl", "en")


def test_a_run_left_early_replaces_the_busy_worker_and_the_next_run_gets_its_own() -> None:
    with Pool("tests.slow:nap", 2) as pool:
        for result in pool.run([Nap("quick", 0.05), Nap("slow", 1.0)], limit=10.0):
            assert result == "quick"
            break  # the caller leaves while "slow" is still laid out
        assert all(w.job is None for w in pool.workers)
        after = list(pool.run([Nap("next-1", 0.05), Nap("next-2", 0.05)], limit=10.0))
    assert sorted(after) == ["next-1", "next-2"]


def test_a_run_that_raises_in_its_caller_replaces_the_busy_worker() -> None:
    with Pool("tests.slow:nap", 2) as pool:
        with pytest.raises(OSError):
            for _ in pool.run([Nap("quick", 0.05), Nap("slow", 1.0)], limit=10.0):
                raise OSError("the disk is full")
        assert list(pool.run([Nap("after", 0.05)], limit=10.0)) == ["after"]


def _lang(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        return str(pdf.Root.Lang)


@pytest.mark.slow  # other processes, stopped or killed
def test_a_failure_while_publishing_then_a_normal_build_publishes_the_right_pdfs(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve keeps its pool after a build that crashed while writing a file: the next build
    must write each PDF from its own layout, not the crashed build's leftovers."""
    real_write = pipeline.write_atomic
    calls = []

    def full_disk(path: Path, data: bytes) -> None:
        calls.append(path)
        if path.suffix == ".pdf":
            raise OSError(28, "No space left on device")
        real_write(path, data)

    pool = start_workers(2)
    assert pool is not None
    try:
        monkeypatch.setattr(pipeline, "write_atomic", full_disk)
        with pytest.raises(OSError):
            build(minimal.root, Options(jobs=2), pool=pool)
        monkeypatch.setattr(pipeline, "write_atomic", real_write)
        report = build(minimal.root, Options(jobs=2), pool=pool)
    finally:
        pool.close()
    assert calls and not report.failed
    assert [_lang(minimal.root / f"output/{lang}/note.pdf") for lang in LANGS] == list(LANGS)
