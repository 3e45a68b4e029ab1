"""tract as an installed package: the wheel alone builds a project, and the build cache's key
covers every file of the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

import tract
from tests.helpers import FIXTURES, ROOT, copy_project
from tract.outputs.cache import tool_files

pytestmark = pytest.mark.slow  # builds and installs a wheel: make test-fast leaves it out


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as a wheel from a copy of the source, installed into its own folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(ROOT / "tract", source / "tract", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", str(source), "-w", str(work)],
        check=True,
        capture_output=True,
    )
    (wheel,) = work.glob("tract-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {
        "tract/pages/catalog.html.j2",
        "tract/pages/sidebyside.html.j2",
        "tract/pages/rows.html.j2",
        "tract/pages/static/editor.js",
        "tract/pages/static/live.js",
        "tract/pages/words/fr.yaml",
        "tract/finish/profile/FOGRA39L-coated.icc",
        "tract/finish/profile/README.md",
    } <= names
    site = work / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    return site


def _run(site: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_wheel_alone_builds_a_project(installed: Path, tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "minimal", tmp_path)
    project.edit("content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]")
    shutil.copy(ROOT / "build.py", project.root)  # a checkout without its tract/ folder
    where = _run(installed, project.root, "-c", "import tract; print(tract.__file__)")
    assert where.stdout.startswith(str(installed)), where
    built = _run(installed, project.root, "build.py", "--jobs", "1")
    assert built.returncode == 0, built.stderr
    assert "6 built, 0 up to date, 0 failed" in built.stdout
    assert (project.root / "output/nl/note.pdf").is_file()
    with pikepdf.open(project.root / "output/nl/note.print.pdf") as pdf:  # the packaged profile
        intent = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    assert intent == (ROOT / "tract/finish/profile/FOGRA39L-coated.icc").read_bytes()
    assert "Een notitie" in (project.root / "output/index.html").read_text(encoding="utf-8")
    status = _run(installed, project.root, "-m", "tract", "status")
    assert status.returncode == 0, status.stderr
    assert (project.root / "output/translate/nl/note.html").is_file()


def test_the_cache_key_covers_every_module_and_page() -> None:
    package = Path(tract.__file__).parent
    expected = {
        p for p in package.rglob("*") if p.suffix in (".py", ".j2") and "__pycache__" not in p.parts
    }
    assert expected <= set(tool_files())
    assert {p.parent.name for p in expected} >= {"source", "layout", "translate", "pages"}
