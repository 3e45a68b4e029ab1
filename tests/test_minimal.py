"""The smallest project builds, and what it prints is formatted by Babel for each language."""

from __future__ import annotations

import os
import subprocess
import sys

import pypdf
import pytest

from tests.helpers import ROOT, Project


def _text(project: Project, lang: str) -> str:
    reader = pypdf.PdfReader(project.root / "output" / lang / "note.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def test_minimal_project_builds_in_every_language(minimal: Project) -> None:
    result = minimal.run()
    assert result.code == 0, result.err
    assert result.err == ""  # a sound project builds without a word of warning
    assert result.out.splitlines()[-1].startswith(
        "3 built, 0 up to date, 0 failed, 0 error(s), 0 warning(s) in "
    )
    assert "samedi" not in _text(minimal, "fr")
    assert "mercredi 3 mars 2027 à 18:00" in _text(minimal, "fr")
    assert "woensdag 3 maart 2027 om 18:00" in _text(minimal, "nl")
    assert "Wednesday 3 March 2027 at 18:00" in _text(minimal, "en").replace(",", "")


def test_check_writes_nothing_at_all(minimal: Project) -> None:
    """Gather, then write: `check` stops before the write phase, so output/ is never made,
    not even for the compiled templates."""
    result = minimal.run("check")
    assert result.code == 0, result.err
    assert "check: 0 error(s)" in result.out
    assert not (minimal.root / "output").exists()


@pytest.mark.slow  # a build in another process
def test_the_build_process_never_loads_weasyprint_or_pdfium(minimal: Project) -> None:
    """The workers lay out and draw; the build's own process only checks, renders and writes,
    and the catalog takes pages and sizes from the build's result."""
    code = (
        "import sys; from pathlib import Path; from tract.cli import main; "
        "code = main(['--jobs', '2', '--keep-html'], root=Path.cwd()); "
        "heavy = sorted(m for m in ('weasyprint', 'pypdfium2', 'PIL') if m in sys.modules); "
        "print('heavy:', heavy); sys.exit(code)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=minimal.root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "heavy: []" in done.stdout
    assert (minimal.root / "output/html/nl/note.html").is_file()
    assert "Een notitie" in minimal.read("output/index.html")


def test_only_the_asked_document_and_language(minimal: Project) -> None:
    result = minimal.run("--lang", "nl")
    assert result.code == 0
    assert (minimal.root / "output/nl/note.pdf").exists()
    assert not (minimal.root / "output/fr/note.pdf").exists()


def test_unknown_language_flag_is_a_usage_error(minimal: Project) -> None:
    result = minimal.run("--lang", "nn")
    assert result.code == 2
    assert (
        "'nn' is not one of the languages in content/site.yaml (did you mean 'nl'?)" in result.err
    )


def test_strict_refuses_what_has_a_warning(minimal: Project) -> None:
    """For a print run: a sample contact, fine for a draft, stops every document."""
    minimal.edit("content/site.yaml", "    kind: phone", "    kind: phone\n    sample: true")
    relaxed = minimal.run()
    assert relaxed.code == 0
    assert any(": warning: the contact 'phone' is a sample" in line for line in relaxed.lines)
    strict = minimal.run("--strict")
    assert strict.code == 1
    assert any(": error: the contact 'phone' is a sample" in line for line in strict.lines)
    assert "0 built, 0 up to date, 3 failed" in strict.out
    check = minimal.run("check", "--strict")
    assert check.code == 1 and "check: 1 error(s), 0 warning(s)" in check.out


def test_strict_passes_a_project_without_warnings(minimal: Project) -> None:
    assert minimal.run().code == 0
    result = minimal.run("--strict")
    assert result.code == 0, result.err
    assert result.err == ""
