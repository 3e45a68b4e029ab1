"""Expected HTML of the minimal fixture, rendered without WeasyPrint; regenerate it with

    .venv/bin/python -m tests.golden

after a change that is meant to change the HTML, and read the diff before committing it."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import FIXTURES
from tract.checks.content import check_project
from tract.render.context import language_contexts
from tract.render.resolve import resolve
from tract.render.templates import environment, render
from tract.source.load import load_project

GOLDEN = Path(__file__).parent / "golden" / "minimal"
LANGS = ("fr", "nl", "en")


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


def regenerate() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        path = GOLDEN / f"note.{lang}.html"
        path.write_text(rendered(FIXTURES / "minimal", "note", lang), encoding="utf-8")
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    regenerate()
