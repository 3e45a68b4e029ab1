"""A release, started by staff from the browser: a build that makes only what reviewers have
confirmed (no draft), from the texts as they are now, into a folder of its own, kept as one
archive for a print shop or a phone, with what was made and what was refused and why.

It builds a copy of the project, so the team's live preview, which shows drafts, is left as it
is, and a release is exactly the texts of the moment it was started.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tract.pipeline import Options, build
from tract.progress import Progress
from tract.variants import OUTPUT

RELEASES = "releases"
STAMP = "%Y-%m-%d-%H%M%S"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # the same bytes whatever the day: no time in the archive


@dataclass(frozen=True)
class Released:
    """What one release made and refused, as staff read it on their page."""

    name: str  # tract-release-<stamp>, also the archive's name
    started: str
    seconds: float
    made: tuple[str, ...]  # output files, relative to output/
    refused: tuple[tuple[str, str], ...]  # (output file, why)
    problems: tuple[str, ...]  # the errors that stopped something

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Released:
        return cls(
            str(data["name"]),
            str(data["started"]),
            float(data["seconds"]),
            tuple(str(p) for p in data["made"]),
            tuple((str(p), str(w)) for p, w in data["refused"]),
            tuple(str(p) for p in data["problems"]),
        )


class Releases:
    """The releases kept in the team's data folder; one made at a time, in a thread."""

    def __init__(self, root: Path, data: Path, jobs: int) -> None:
        self.root = root
        self.folder = data / RELEASES
        self.folder.mkdir(parents=True, exist_ok=True)
        self.jobs = jobs
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> bool:
        """Start a release; False when one is being made already."""
        with self._lock:
            if self.running:
                return False
            self._thread = threading.Thread(target=self.make, name="release", daemon=True)
            self._thread.start()
            return True

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def make(self) -> Released:
        """Build a copy of the project as a release and keep its archive."""
        started = time.gmtime()
        name = f"tract-release-{time.strftime(STAMP, started)}"
        work = self.folder / f".{name}"
        for part in ("content", "templates", "seeds"):
            if (self.root / part).is_dir():
                shutil.copytree(self.root / part, work / part)
        try:
            report = build(work, Options(jobs=self.jobs), Progress(io.StringIO(), live=False))
            made = sorted(
                b.output.path.removeprefix(f"{OUTPUT}/")
                for key, built in report.built.items()
                for b in built.files
            )
            self._archive(work / OUTPUT, made, self.folder / f"{name}.zip")
            released = Released(
                name,
                time.strftime("%Y-%m-%d %H:%M UTC", started),
                round(report.seconds, 1),
                tuple(made),
                tuple(
                    sorted(
                        (f.output.path.removeprefix(f"{OUTPUT}/"), f.reason) for f in report.failed
                    )
                ),
                tuple(str(p) for p in report.problems if p.is_error),
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
        (self.folder / f"{name}.json").write_text(
            json.dumps(released.to_json(), indent=1, ensure_ascii=False), encoding="utf-8"
        )
        return released

    @staticmethod
    def _archive(output: Path, files: list[str], target: Path) -> None:
        partial = target.with_suffix(".zip.part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for rel in files:
                info = zipfile.ZipInfo(rel, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, (output / rel).read_bytes())
        partial.replace(target)

    def kept(self) -> list[Released]:
        """Every release made, newest first."""
        found = []
        for path in sorted(self.folder.glob("tract-release-*.json"), reverse=True):
            try:
                found.append(Released.from_json(json.loads(path.read_text(encoding="utf-8"))))
            except (ValueError, KeyError, TypeError):
                continue
        return found

    def archive(self, name: str) -> Path | None:
        """A release's archive, by its name; None for any other name."""
        path = self.folder / f"{name}.zip"
        ok = name.startswith("tract-release-") and "/" not in name and path.is_file()
        return path if ok else None
