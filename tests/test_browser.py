"""The catalog in a real browser, Debian's Chromium driven by Playwright, as staff use it with
`python build.py serve`: every document and language is there, and the open page follows edits
and errors by itself. Run alone with `pytest -m browser`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.helpers import CHROMIUM, FIXTURES, Project, copy_project
from tests.serving import Served

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]

DOCS = ("note", "other")
LANGS = ("fr", "nl", "en")
NL = "content/note/nl.yaml"
WAIT_MS = 15_000  # a rebuild takes about a second; a loaded CI machine may take longer


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(FIXTURES / "minimal", tmp_path_factory.mktemp("browser"))
    shutil.copytree(project.root / "content/note", project.root / "content/other")
    return project


@pytest.fixture(scope="module")
def server(project: Project) -> Iterator[Served]:
    served = Served(project.root, "--port", "0", "--jobs", "1")
    yield served
    assert served.stop() == 0


@pytest.fixture
def page(browser: Browser, server: Served) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    yield page
    page.close()


def test_every_document_and_language_with_previews_and_links(page: Page, server: Served) -> None:
    for doc in DOCS:
        for lang in LANGS:
            card = page.locator(f"#{doc}-{lang}")
            expect(card.locator(".pill")).to_have_text("Ready")
            image = card.locator(".pages img")
            image.scroll_into_view_if_needed()
            expect(image).to_have_attribute("src", f"previews/{lang}/{doc}-1.png")
            page.wait_for_function(
                "i => i.complete && i.naturalWidth > 0", arg=image.element_handle()
            )
            link = card.locator(".files a")
            expect(link).to_have_text("Screen PDF")
            response = page.request.get(server.url + (link.get_attribute("href") or ""))
            assert response.ok and response.body().startswith(b"%PDF-")
    overview = page.locator("nav td a")
    expect(overview).to_have_count(len(DOCS) * len(LANGS))
    overview.nth(4).click()  # other, nl
    expect(page).to_have_url(server.url + "#other-nl")


def test_an_edit_updates_the_open_page_by_itself(page: Page, project: Project) -> None:
    page.evaluate("window.notReloaded = true")
    title = page.locator("#note-nl .title")
    expect(title).to_have_text("Een notitie")
    project.edit(NL, "title: Een notitie", "title: Een briefje")
    expect(title).to_have_text("Een briefje", timeout=WAIT_MS)
    assert page.evaluate("window.notReloaded") is None
    expect(page.locator("#tract-live")).to_have_text("Live: this page follows your edits")


def test_a_broken_file_shows_its_error_until_it_is_fixed(page: Page, project: Project) -> None:
    card = page.locator("#note-nl")
    good = project.read(NL)
    project.write(NL, good.replace("  when:", "  wehn:"))
    expect(card.locator(".pill")).to_have_text("Failed", timeout=WAIT_MS)
    expect(card.locator(".problems li.error").filter(has_text=f"{NL}:4:3")).to_have_text(
        f"{NL}:4:3: error: unknown key 'body.wehn', which the source file does not have "
        "(did you mean 'when'?)"
    )
    expect(page.locator("#note-en .pill")).to_have_text("Ready")
    project.write(NL, good)
    expect(card.locator(".pill")).to_have_text("Ready", timeout=WAIT_MS)
    expect(card.locator(".problems")).to_have_count(0)


def test_the_catalog_fits_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    french, dutch = (page.locator(f"#note-{lang}").bounding_box() for lang in ("fr", "nl"))
    assert french and dutch
    assert dutch["y"] >= french["y"] + french["height"]  # languages stack, one per line
