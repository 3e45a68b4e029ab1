"""Test helpers: small projects in temporary folders, built in process through main()."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from tract.cli import main

CHROMIUM = Path("/usr/bin/chromium")
# Nothing outside the machine: no updates, sync or first-run pages; no GPU in CI.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


class Project:
    """A throwaway copy of a fixture project that a test may edit."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def run(self, *argv: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(
                [*argv, "--jobs", "1"] if "--jobs" not in argv else list(argv), root=self.root
            )
        return Run(code, out.getvalue(), err.getvalue())


def copy_project(source: Path, target: Path) -> Project:
    for name in ("content", "templates", "seeds"):
        if (source / name).exists():
            shutil.copytree(source / name, target / name)
    return Project(target)
