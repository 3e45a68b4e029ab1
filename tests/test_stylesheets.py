"""Stylesheets parsed once per layout process: the same pages, the same problems, fresh files."""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium
import weasyprint

from tests.helpers import Project
from tract.layout.stylesheets import hoist
from tract.layout.weasy import RestrictedFetcher, _Capture, font_config

# The cascade between the sheets matters here: the link overrides the <style> block, the
# inline style overrides both, and the link's @page margin overrides the block's.
SHARED = """h1 { color: rgb(0, 0, 200); font-size: 20pt }
@page { margin: 20mm }
p { margin: 0 }
"""


def _html(folder: Path, inline: str = "font-size: 30pt") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><base href="{folder.as_uri()}/">'
        "<style>@page { size: A6; margin: 5mm } h1 { color: red; margin: 0 }</style>"
        '<link rel="stylesheet" href="shared.css"></head>'
        f'<body><h1 style="{inline}">Title</h1><p>Some text to set.</p></body></html>'
    )


def _hoist(html: str, folder: Path) -> tuple[weasyprint.HTML, list | None, RestrictedFetcher, list]:
    fetcher = RestrictedFetcher((str(folder),))
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    capture = _Capture()
    logging.getLogger("weasyprint").addHandler(capture)
    try:
        sheets = hoist(document, fetcher, font_config(), capture.records)
    finally:
        logging.getLogger("weasyprint").removeHandler(capture)
    return document, sheets, fetcher, capture.records


def _pixels(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=1).to_pil().tobytes() for i in range(len(document))]


def _elements(document: weasyprint.HTML) -> list[str]:
    return [e.tag for e in document.etree_element.iter() if e.tag in ("style", "link")]


def test_parsed_sheets_give_the_same_pages_as_plain_weasyprint(tmp_path: Path) -> None:
    (tmp_path / "shared.css").write_text(SHARED)
    html = _html(tmp_path)
    plain = weasyprint.HTML(string=html).write_pdf(font_config=font_config())
    document, sheets, _, _ = _hoist(html, tmp_path)
    assert sheets is not None and len(sheets) == 2
    assert _elements(document) == []
    hoisted = document.write_pdf(font_config=font_config(), stylesheets=sheets)
    assert _pixels(hoisted) == _pixels(plain)
    again, sheets_again, _, _ = _hoist(html, tmp_path)  # the second document reuses them
    assert sheets_again == sheets
    assert _pixels(again.write_pdf(font_config=font_config(), stylesheets=sheets_again)) == (
        _pixels(plain)
    )


def test_what_would_cascade_differently_keeps_the_plain_way(tmp_path: Path) -> None:
    (tmp_path / "shared.css").write_text(SHARED)
    document, sheets, _, _ = _hoist(_html(tmp_path, "color: green !important"), tmp_path)
    assert sheets is None and _elements(document) == ["style", "link"]
    (tmp_path / "shared.css").write_text("@layer base { p { color: red } }\n" + SHARED)
    document, sheets, _, _ = _hoist(_html(tmp_path), tmp_path)
    assert sheets is None and _elements(document) == ["style", "link"]


def test_every_document_hears_what_a_shared_sheet_refused_and_logged(tmp_path: Path) -> None:
    (tmp_path / "shared.css").write_text(
        "@import url(file:///etc/hostname);\nh1 { colour: red }\n" + SHARED
    )
    for _ in range(2):  # parsed for the first document, reused for the second
        _, sheets, fetcher, log = _hoist(_html(tmp_path), tmp_path)
        assert sheets is not None
        assert fetcher.refused == ["file:///etc/hostname"]
        sheet = (tmp_path / "shared.css").as_uri()
        assert [(m, at) for _, m, at in log if "colour" in m] == [
            ("Ignored `colour: red ` at 2:6, unknown property.", sheet)
        ], log


def test_a_sheet_is_parsed_again_when_its_file_changes(tmp_path: Path) -> None:
    css = tmp_path / "shared.css"
    css.write_text(SHARED)
    _, first, _, _ = _hoist(_html(tmp_path), tmp_path)
    css.write_text(SHARED.replace("rgb(0, 0, 200)", "rgb(0, 150, 0)"))
    document, second, _, _ = _hoist(_html(tmp_path), tmp_path)
    assert first is not None and second is not None
    assert second[0] is first[0] and second[1] is not first[1]  # same block, new link
    plain = weasyprint.HTML(string=_html(tmp_path)).write_pdf(font_config=font_config())
    assert _pixels(document.write_pdf(font_config=font_config(), stylesheets=second)) == (
        _pixels(plain)
    )


def test_built_pdfs_look_like_their_kept_html_in_plain_weasyprint(minimal: Project) -> None:
    """--keep-html is the floor the benchmark measures: it must be the same document."""
    assert minimal.run("--keep-html", "--lang", "nl").code == 0
    kept = minimal.root / "output/html/nl/note.html"
    plain = weasyprint.HTML(filename=kept).write_pdf(
        font_config=font_config(), pdf_variant="pdf/ua-1", pdf_tags=True
    )
    assert _pixels((minimal.root / "output/nl/note.pdf").read_bytes()) == _pixels(plain)
