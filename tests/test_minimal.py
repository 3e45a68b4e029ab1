"""The smallest project builds, and what it prints is formatted by Babel for each language."""

from __future__ import annotations

import pypdf

from tests.helpers import Project


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


def test_check_writes_no_pdf(minimal: Project) -> None:
    result = minimal.run("check")
    assert result.code == 0, result.err
    assert "check: 0 error(s)" in result.out
    assert not (minimal.root / "output" / "fr" / "note.pdf").exists()


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
