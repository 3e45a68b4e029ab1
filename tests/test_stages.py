"""The stages before layout, each on its own and fast: load, check, resolve and render the
minimal fixture with no WeasyPrint at all, its HTML, catalog, status and side-by-side page
compared with the expected files."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.golden import GOLDEN, LANGS, pages, rendered
from tests.helpers import FIXTURES, ROOT, Project
from tract.problems import Pos
from tract.render.context import language_contexts
from tract.render.resolve import resolve
from tract.source.load import load_project
from tract.variants import Layout, Output, collisions, layouts_of, outputs_of

MINIMAL = FIXTURES / "minimal"


@pytest.mark.parametrize("lang", LANGS)
def test_rendered_html_is_the_expected_one(lang: str) -> None:
    expected = (GOLDEN / f"note.{lang}.html").read_text(encoding="utf-8")
    assert rendered(MINIMAL, "note", lang) == expected, (
        "the HTML changed; if that is meant, run .venv/bin/python -m tests.golden and read the diff"
    )


def test_the_catalog_status_and_side_by_side_page_are_the_expected_ones() -> None:
    found = pages()
    expected = {name: (GOLDEN / name).read_text(encoding="utf-8") for name in found}
    changed = [name for name in found if found[name] != expected[name]]
    assert not changed, (
        f"{', '.join(changed)} changed; if that is meant, run .venv/bin/python -m tests.golden "
        "and read the diff"
    )


def test_resolve_formats_each_language_and_keeps_the_keys() -> None:
    project, problems = load_project(MINIMAL)
    assert project is not None and not problems
    contexts = language_contexts(project)
    nl = resolve(project, contexts, "note", "nl", draft=False)
    assert nl.title == "Een notitie"
    assert list(nl.text.body) == ["first", "when"]
    assert nl.text.body.when.html == "Op woensdag 3 maart 2027 om 18:00, Brussel."
    assert nl.text.body.when.key == "text.body.when"
    assert not nl.draft
    fr = resolve(project, contexts, "note", "fr", draft=False)
    assert fr.text.body.when.plain() == "Le mercredi 3 mars 2027 à 18:00, Bruxelles."


def test_the_stages_before_layout_never_import_weasyprint() -> None:
    code = (
        "import sys; from pathlib import Path; from tests.golden import rendered; "
        f"rendered(Path({str(MINIMAL)!r}), 'note', 'nl'); "
        "heavy = [m for m in ('weasyprint', 'pypdfium2', 'pikepdf') if m in sys.modules]; "
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_the_table_plans_each_output_once() -> None:
    outputs = outputs_of("card", "nl", ("screen", "print", "sheet"))
    assert [o.path for o in outputs] == [
        "output/nl/card.pdf",
        "output/nl/card.print.pdf",
        "output/nl/card.sheet.pdf",
        "output/nl/card.print.txt",
    ]
    assert layouts_of(outputs) == (
        Layout(
            "card", "nl", "screen", (Output("card", "nl", "screen"), Output("card", "nl", "sheet"))
        ),
        Layout(
            "card", "nl", "print", (Output("card", "nl", "print"), Output("card", "nl", "notes"))
        ),
    )
    # a sheet alone still needs its screen layout, which then writes no screen PDF
    (sheet_only,) = layouts_of(outputs_of("card", "nl", ("sheet",)))
    assert sheet_only.variant == "screen" and sheet_only.yields == (Output("card", "nl", "sheet"),)


def test_two_documents_writing_one_file_are_refused_before_anything_is_written(
    minimal: Project,
) -> None:
    """Zola's rule: a folder named like another document's variant would overwrite its PDF."""
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]")
    for name in ("document.yaml", "fr.yaml", "nl.yaml", "en.yaml", "translations.lock.json"):
        minimal.write(f"content/note.print/{name}", minimal.read(f"content/note/{name}"))
    result = minimal.run()
    assert result.code == 1
    said = (
        "error: 'note' (print) and 'note.print' (screen) would both write "
        "output/fr/note.print.pdf; rename content/note.print or content/note"
    )
    assert result.lines == [
        f"content/note.print/document.yaml:1:1: {said}",
        f"content/note/document.yaml:1:1: {said}",
    ]
    assert not list((minimal.root / "output").rglob("*.pdf"))


def test_collisions_are_said_once_per_pair_of_documents() -> None:
    first, second = Output("a.print", "nl", "screen"), Output("a", "nl", "print")
    other_lang = Output("a.print", "fr", "screen"), Output("a", "fr", "print")
    planned = [(first, Pos("one")), (second, Pos("two"))] + [(o, Pos("x")) for o in other_lang]
    problems = collisions(planned)
    assert [str(p) for p in problems] == [
        "one:1:1: error: 'a.print' (screen) and 'a' (print) would both write "
        "output/nl/a.print.pdf; rename content/a or content/a.print",
        "two:1:1: error: 'a.print' (screen) and 'a' (print) would both write "
        "output/nl/a.print.pdf; rename content/a or content/a.print",
    ]
