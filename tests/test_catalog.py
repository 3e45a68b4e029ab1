"""The catalog, output/index.html: every document × language with its previews, files, sizes,
problems and translation status, read back from the page a build writes."""

from __future__ import annotations

import json
import shutil

import pytest
from lxml import html
from PIL import Image

from tests.helpers import FIXTURES, Project, copy_project
from tract.layout.pictures import LONG_SIDE
from tract.outputs.catalog import gather
from tract.pipeline import Options, build
from tract.problems import Pos, Subject, error, warning
from tract.report import Report
from tract.source.load import load_project

DOCS = ("note", "other")
LANGS = ("fr", "nl", "en")
TITLES = {"fr": "Une note", "nl": "Een notitie", "en": "A note"}
WEHN = (
    "content/note/nl.yaml:4:3: error: unknown key 'body.wehn', which the source file does "
    "not have (did you mean 'when'?)"
)


def _two_documents(project: Project) -> Project:
    shutil.copytree(project.root / "content/note", project.root / "content/other")
    result = project.run()
    assert result.code == 0, result.err
    return project


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Two documents in three languages, built once for the tests that only read."""
    return _two_documents(copy_project(FIXTURES / "minimal", tmp_path_factory.mktemp("cat")))


@pytest.fixture
def built(minimal: Project) -> Project:
    """One document in three languages, built, for a test to edit."""
    result = minimal.run()
    assert result.code == 0, result.err
    return minimal


def _page(project: Project) -> html.HtmlElement:
    return html.fromstring(project.read("output/index.html"))


def _card(project: Project, doc: str, lang: str) -> html.HtmlElement:
    return _page(project).get_element_by_id(f"{doc}-{lang}")


def _texts(element: html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in element.xpath(xpath)]


def test_every_document_and_language_has_previews_and_links(shared: Project) -> None:
    out = shared.root / "output"
    for doc in DOCS:
        for lang in LANGS:
            card = _card(shared, doc, lang)
            assert _texts(card, ".//*[@class='pill']") == ["Ready"]
            assert _texts(card, ".//*[@class='title']") == [TITLES[lang]]
            (image,) = card.xpath(".//img")
            assert image.get("src") == f"previews/{lang}/{doc}-1.png"
            with Image.open(out / image.get("src")) as png:
                assert png.format == "PNG" and max(png.size) == LONG_SIDE
                assert png.size == (int(image.get("width")), int(image.get("height")))
            pdf = out / lang / f"{doc}.pdf"
            assert card.xpath(".//ul[@class='files']//a/@href") == [f"{lang}/{doc}.pdf"]
            assert _texts(card, ".//ul[@class='files']/li")[0].startswith(
                f"Screen PDF 1 page · {pdf.stat().st_size // 1024} KB"
            )


def test_the_overview_links_to_every_card(shared: Project) -> None:
    page = _page(shared)
    links = page.xpath("//nav//td/a/@href")
    assert links == [f"#{doc}-{lang}" for doc in DOCS for lang in LANGS]
    assert all(page.get_element_by_id(link[1:]) is not None for link in links)
    assert (
        "2 documents in 3 languages · 6 built now · 0 up to date"
        in _texts(page, "//p[@class='summary']")[0]
    )


def test_the_page_opens_from_disk_and_fetches_nothing(shared: Project) -> None:
    page = _page(shared)
    assert not page.xpath("//script | //link | //iframe | //object")
    targets = page.xpath("//@src | //@href")
    assert targets
    for target in targets:
        assert ":" not in target and not target.startswith("/"), target
        path = target.split("#")[0]
        assert not path or (shared.root / "output" / path).is_file(), target


def test_an_error_shows_on_its_card_with_its_position(built: Project) -> None:
    built.edit("content/note/nl.yaml", "  when:", "  wehn:")
    assert built.run().code == 1
    card = _card(built, "note", "nl")
    assert "fail" in card.get("class")
    assert _texts(card, ".//*[@class='pill']") == ["Failed"]
    assert WEHN in _texts(card, ".//li[@class='error']")
    assert _texts(card, ".//p[@class='reason']") == ["Not made: 2 problem(s) in its files"]
    # the last good previews stay, greyed out, so the translator still sees the page
    assert card.xpath(".//div[@class='pages old']//img")
    assert _texts(_card(built, "note", "en"), ".//*[@class='pill']") == ["Ready"]
    assert not _card(built, "note", "en").xpath(".//ul[@class='problems']")
    built.edit("content/note/nl.yaml", "  wehn:", "  when:")
    built.edit("content/note/nl.yaml", "Een notitie", "Een briefje")
    assert built.run().code == 0
    assert not _card(built, "note", "nl").xpath(".//ul[@class='problems']")


def test_whole_project_warnings_are_shown_on_top(built: Project) -> None:
    built.edit("content/site.yaml", "    kind: phone", "    kind: phone\n    sample: true")
    assert built.run().code == 0
    box = _page(built).get_element_by_id("project-problems")
    assert _texts(box, ".//li") == [
        "content/site.yaml:8:5: warning: the contact 'phone' is a sample (+32 2 000 00 00); "
        "put the real one in content/site.yaml before printing"
    ]


def test_previews_are_made_only_for_what_was_rebuilt(built: Project) -> None:
    folder = built.root / "output/previews"
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*.png")}
    (folder / "nl/note-2.png").write_bytes(b"a page the document no longer has")
    (folder / "nl/note-extra-1.png").write_bytes(b"another document's preview")
    built.edit("content/note/nl.yaml", "Een notitie", "Een briefje")
    assert built.run().code == 0
    changed = {
        p.relative_to(folder).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t
    }
    assert changed == {"nl/note-1.png"}
    assert not (folder / "nl/note-2.png").exists()
    assert (folder / "nl/note-extra-1.png").exists()


def test_deleted_previews_come_back_on_the_next_build(built: Project) -> None:
    """Previews are outputs like the PDFs: where they are gone, the document is made again,
    and the catalog never draws pages itself."""
    shutil.rmtree(built.root / "output/previews/fr")
    result = built.run()
    assert "1 built, 2 up to date" in result.out
    assert sorted(
        p.relative_to(built.root / "output/previews").as_posix()
        for p in (built.root / "output/previews").rglob("*.png")
    ) == ["en/note-1.png", "fr/note-1.png", "nl/note-1.png"]


def test_translation_status_is_shown_when_there_is_one(built: Project) -> None:
    assert not _page(built).xpath("//details[@class='translation']")
    too_long = {
        "key": "title",
        "path": "content/note/nl.yaml",
        "line": 1,
        "column": 8,
        "severity": "warning",
        "message": "longer than 20 characters",
    }
    built.write(
        "output/status.json",
        json.dumps(
            {
                "note": {
                    "nl": {
                        "done": 1,
                        "missing": ["body.when"],
                        "extra": [],
                        "stale": ["title"],
                        "errors": [too_long],
                    }
                }
            }
        ),
    )
    built.edit("content/note/nl.yaml", "Een notitie", "Een briefje")
    assert built.run().code == 0
    (status,) = _card(built, "note", "nl").xpath(".//details[@class='translation']")
    assert _texts(status, "summary") == ["Translation: 1 done · 1 missing · 1 stale · 1 problem"]
    assert _texts(status, ".//li") == [
        "body.when",
        "title",
        "content/note/nl.yaml:1:8: warning: longer than 20 characters",
    ]
    assert len(_page(built).xpath("//details[@class='translation']")) == 1


def test_a_status_file_it_cannot_read_is_left_out(built: Project) -> None:
    built.write("output/status.json", "{not json")
    built.edit("content/note/nl.yaml", "Een notitie", "Een briefje")
    assert built.run().code == 0
    assert not _page(built).xpath("//details[@class='translation']")


def test_text_from_the_documents_is_escaped(built: Project) -> None:
    built.edit("content/note/en.yaml", "title: A note", 'title: "<script>alert(1)</script>"')
    assert built.run().code == 0
    page = _page(built)
    assert not page.xpath("//script")
    assert _texts(_card(built, "note", "en"), ".//*[@class='title']") == [
        "<script>alert(1)</script>"
    ]


def test_check_writes_no_catalog(minimal: Project) -> None:
    assert minimal.run("check").code == 0
    assert not (minimal.root / "output/index.html").exists()


def test_an_unreadable_project_shows_why(built: Project) -> None:
    """What `serve` shows when site.yaml breaks: the catalog says why, nothing is built."""
    built.write("content/site.yaml", "languages: [fr, nl, en\n")
    report = build(built.root, Options(jobs=1))
    assert report.halted and not report.built
    box = _page(built).get_element_by_id("project-problems")
    assert _texts(box, ".//li") == [
        "content/site.yaml:2:1: error: this is not valid YAML (did not find expected ',' or "
        "']'); check the indentation and quotes on this line"
    ]


def test_sizes_and_pages_of_every_kind_of_file(built: Project) -> None:
    built.edit("content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]")
    assert built.run().code == 0
    card = _card(built, "note", "fr")
    out = built.root / "output/fr"
    expected = [
        f"Screen PDF 1 page · {(out / 'note.pdf').stat().st_size // 1024} KB",
        f"Print PDF 1 page · {(out / 'note.print.pdf').stat().st_size // 1024} KB",
        f"Print-shop notes {max(1, (out / 'note.print.txt').stat().st_size // 1024)} KB",
    ]
    lines = _texts(card, ".//ul[@class='files']/li")
    assert [line.split(" KB")[0] + " KB" for line in lines] == expected
    assert card.xpath(".//ul[@class='files']//a/@href") == [
        "fr/note.pdf",
        "fr/note.print.pdf",
        "fr/note.print.txt",
    ]


def test_a_template_error_shows_once_above_its_document(built: Project) -> None:
    built.edit("templates/note.html.j2", "{{ text.title }}", "{{ txt.title }}")
    assert built.run().code == 1
    section = _page(built).get_element_by_id("note")
    assert _texts(section, "./ul[@class='problems']/li") == [
        "templates/note.html.j2:11:1: error: 'txt' is not defined in this template"
    ]
    for lang in LANGS:
        card = _card(built, "note", lang)
        assert _texts(card, ".//*[@class='pill']") == ["Failed"]
        assert not card.xpath(".//ul[@class='problems']")


def test_what_a_partial_build_left_alone_is_marked(minimal: Project) -> None:
    built = _two_documents(minimal)
    assert built.run("--doc", "note", "--force").code == 0
    for lang in LANGS:
        assert _texts(_card(built, "note", lang), ".//*[@class='pill']") == ["Ready"]
        other = _card(built, "other", lang)
        assert _texts(other, ".//*[@class='pill']") == ["Not checked"]
        assert _texts(other, ".//p[@class='note']") == [
            "Not part of this build: these files are from an earlier one. python build.py "
            "builds everything."
        ]
        assert other.xpath(".//ul[@class='files']//a/@href") == [f"{lang}/other.pdf"]


def test_text_that_does_not_fit_is_said_once_on_its_card(built: Project) -> None:
    line = "Sinds {fact.labour_law.year} een contract: **ja**."
    built.edit("content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]")
    built.edit("content/note/nl.yaml", line, " ".join([line.replace("**ja**", "ja")] * 80))
    assert built.run().code == 1
    card = _card(built, "note", "nl")
    assert _texts(card, ".//p[@class='reason']") == ["Not made, because of the errors below."]
    errors = _texts(card, ".//li[@class='error']")
    assert [e.split(" by ")[0] for e in errors] == [
        "content/note/nl.yaml:3:10: error: nl note: 2 pages instead of 1",
        "content/note/nl.yaml:3:10: error: nl note: the front page overflows",
    ]


def test_each_problem_is_shown_where_its_subject_is(minimal: Project) -> None:
    """The catalog alone, from a build's result: no build, no WeasyPrint."""
    project, _ = load_project(minimal.root)
    template = Pos("templates/note.html.j2", 3, 1)
    dutch = error(template, "the print PDF page 1 has RGB colour", Subject("note", "nl", "print"))
    note = warning(Pos("templates/note.css", 2, 3), "WeasyPrint: Ignored", Subject("note"))
    everything = warning(Pos("content/site.yaml", 5, 3), "the contact is a sample")
    catalog = gather(minimal.root, project, Report(problems=[dutch, note, everything]), {})
    (row,) = catalog.rows
    assert (catalog.problems, row.problems, [c.problems for c in row.cards]) == (
        (everything,),
        (note,),
        [(), (dutch,), ()],
    )
