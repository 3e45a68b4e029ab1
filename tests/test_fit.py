"""Text that does not fit is a build error naming document, language, page and lines; the
other documents are still built."""

from __future__ import annotations

import shutil

from tests.helpers import Project

NL = "content/note/nl.yaml"


def test_too_long_translation_fails_only_its_document(minimal: Project) -> None:
    shutil.copytree(minimal.root / "content/note", minimal.root / "content/other")
    line = "Sinds {fact.labour_law.year} een contract: **ja**."
    minimal.edit(NL, line, " ".join([line.replace("**ja**", "ja")] * 80))
    result = minimal.run()
    assert result.code == 1
    errors = [x for x in result.lines if ": error: " in x]
    assert len(errors) == 1 + 1, errors  # the overflow, and the page count it causes
    assert errors[0] == f"{NL}:3:10: error: nl note: 2 pages instead of 1"
    assert errors[1].startswith(f"{NL}:3:10: error: nl note: the front page overflows by ")
    assert errors[1].endswith(
        " lines; shorten its text, printed from 'body.first' (content/note/nl.yaml:3, 2319 "
        "characters), 'body.when' (content/note/nl.yaml:4, 43 characters), 'title' "
        "(content/note/nl.yaml:1, 11 characters)"
    )
    built = {
        p.relative_to(minimal.root / "output").as_posix()
        for p in (minimal.root / "output").rglob("*.pdf")
    }
    assert built == {"fr/note.pdf", "en/note.pdf", "fr/other.pdf", "nl/other.pdf", "en/other.pdf"}
    assert "failed: output/nl/note.pdf: the front page overflows by " in result.out


def test_body_size_steps_down_within_the_declared_range(minimal: Project) -> None:
    minimal.edit(
        "content/note/document.yaml", "pages: 1", "pages: 1\nfont_size:\n  base: 14\n  min: 8"
    )
    line = "Sinds {fact.labour_law.year} een contract: **ja**."
    minimal.edit(NL, line, " ".join([line.replace("**ja**", "ja")] * 25))
    result = minimal.run("--lang", "nl")
    assert result.code == 0, result.err
    warnings = [x for x in result.lines if "body text set at" in x]
    assert len(warnings) == 1
    size = float(warnings[0].split("set at ")[1].split(" pt")[0])
    assert 8 <= size < 14
    assert warnings[0] == (
        f"{NL}:1:1: warning: nl note: body text set at {size:g} pt instead of 14 pt to fit the page"
    )


def test_never_below_the_declared_minimum(minimal: Project) -> None:
    minimal.edit(
        "content/note/document.yaml", "pages: 1", "pages: 1\nfont_size:\n  base: 10\n  min: 9"
    )
    line = "Sinds {fact.labour_law.year} een contract: **ja**."
    minimal.edit(NL, line, " ".join([line.replace("**ja**", "ja")] * 80))
    result = minimal.run("--lang", "nl")
    assert result.code == 1
    assert (
        f"{NL}:1:1: error: nl note: it does not fit even with the body text at its "
        "smallest allowed size, 9 pt"
    ) in result.lines


def test_a_broken_template_stops_only_its_documents(minimal: Project) -> None:
    shutil.copytree(minimal.root / "content/note", minimal.root / "content/other")
    shutil.copy(minimal.root / "templates/note.html.j2", minimal.root / "templates/other.html.j2")
    minimal.edit("content/other/document.yaml", "note.html.j2", "other.html.j2")
    minimal.edit("templates/other.html.j2", "{% endfor %}", "{% endfore %}")
    result = minimal.run()
    assert result.code == 1
    assert "3 built" in result.out
    assert {p.name for p in (minimal.root / "output").rglob("*.pdf")} == {"note.pdf"}
    assert any(x.startswith("templates/other.html.j2:") for x in result.lines)


def test_an_overflow_names_the_string_that_grew_first(minimal: Project) -> None:
    """The strings printed on the page that overflows, read from the layout: the one that grew
    since the last build that fitted comes first, even when another is longer."""
    minimal.edit(NL, "title: Een notitie", "title: " + "Een heel lange notitie " * 8)
    assert minimal.run("--lang", "nl").code == 0
    minimal.edit(NL, '  when: "Op', '  when: "' + "Op " * 400 + "Op")
    result = minimal.run("--lang", "nl")
    assert result.code == 1
    overflow = next(line for line in result.lines if "overflows" in line)
    assert overflow.startswith(f"{NL}:4:9: error: nl note: the front page overflows by ")
    assert overflow.endswith(
        "shorten its text, printed from 'body.when' (content/note/nl.yaml:4, 1243 characters, "
        "1200 characters longer than in the last build that fitted), 'title' "
        "(content/note/nl.yaml:1, 183 characters), 'body.first' (content/note/nl.yaml:3, 28 "
        "characters)"
    )
