"""Expected pages of the minimal fixture, made without WeasyPrint: each document's HTML, the
catalog (output/index.html) for a build's result, output/status.json and a side-by-side page.
Regenerate them with

    .venv/bin/python -m tests.golden

after a change that is meant to change them, and read the diff before committing it."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from tests.helpers import FIXTURES, copy_project
from tract.checks.content import check_project
from tract.outputs.catalog import gather
from tract.outputs.catalog import render as render_catalog
from tract.render.context import language_contexts
from tract.render.resolve import resolve
from tract.render.templates import environment, render
from tract.report import Built, Made, Preview, Report
from tract.source.load import load_project
from tract.variants import STATUS, Output, preview_path, side_by_side_path

GOLDEN = Path(__file__).parent / "golden" / "minimal"
LANGS = ("fr", "nl", "en")
SIDE_BY_SIDE = ("note", "nl")  # the side-by-side page kept as expected
# The expected files besides each document's HTML: where each is in output/, and its name here.
PAGES = {
    "index.html": "index.html",
    STATUS.removeprefix("output/"): "status.json",
    side_by_side_path(*SIDE_BY_SIDE).removeprefix("output/"): "sidebyside.nl.html",
}


def rendered(root: Path, doc: str, lang: str) -> str:
    """The screen HTML of one document in one language, through the stages before layout,
    with this machine's paths replaced so that it compares anywhere."""
    project, problems = load_project(root)
    assert project is not None, problems
    problems += check_project(project, draft=False)
    assert not problems, problems
    html, found = render(
        environment(root / "templates"),
        resolve(project, language_contexts(project), doc, lang, False),
        "screen",
        root,
    )
    assert html is not None, found
    for family in project.lang[lang].stack:
        html = html.replace(family.folder.as_uri(), "file:///FONTS")
    return html.replace(root.as_uri(), "file:///PROJECT")


def pages() -> dict[str, str]:
    """The catalog, the status and a side-by-side page of the minimal fixture, by their name
    in tests/golden/minimal: the catalog of a build that made each screen PDF (its pages,
    sizes and previews as such a build reports them), after `python build.py status`."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(FIXTURES / "minimal", Path(folder))
        assert project.run("status").code == 0
        loaded, problems = load_project(project.root)
        assert loaded is not None and not problems, problems
        built = {
            ("note", lang): Made(
                (Built(Output("note", lang, "screen"), 1, 7 * 1024),),
                resolve(loaded, language_contexts(loaded), "note", lang, False).title,
                (Preview(preview_path("note", lang, 1), 140, 197),),
            )
            for lang in LANGS
        }
        catalog = gather(project.root, loaded, Report(built=built, seconds=1.0), {})
        catalog = dataclasses.replace(catalog, when="2027-03-03 18:00:00")
        project.write("output/index.html", render_catalog(catalog))
        found = {name: project.read(f"output/{path}") for path, name in PAGES.items()}
        shutil.rmtree(project.root / "output")
    return found


def regenerate() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    written = {f"note.{lang}.html": rendered(FIXTURES / "minimal", "note", lang) for lang in LANGS}
    for name, text in {**written, **pages()}.items():
        path = GOLDEN / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    regenerate()
