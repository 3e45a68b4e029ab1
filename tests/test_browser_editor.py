"""The editor in a real browser, as a translator uses it: open the address serve printed, write
a Dutch text, leave the field, and the file, the PDF and the picture of its page follow; a
broken placeholder is said with its line; a change made on disk meanwhile is not lost."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.helpers import CHROMIUM, FIXTURES, Project, copy_project
from tests.serving import Served
from tract.source.lock import fingerprint

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]
NL = "content/note/nl.yaml"
LOCK = "content/note/translations.lock.json"
WAIT_MS = 15_000
ESCAPED_DOT = "\\."  # a dot in a CSS id selector


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(FIXTURES / "minimal", tmp_path_factory.mktemp("editor-browser"))


@pytest.fixture(scope="module")
def server(project: Project) -> Iterator[Served]:
    served = Served(project.root, "--port", "0", "--jobs", "1")
    yield served
    served.stop()


@pytest.fixture
def page(browser: Browser, server: Served) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.address.replace("/?", "/edit/nl/note?"))
    yield page
    page.close()


def test_a_translation_reaches_the_file_the_pdf_and_the_picture(
    page: Page, project: Project, server: Served
) -> None:
    before = project.read(NL).splitlines()
    pdf = project.root / "output/nl/note.pdf"
    built = pdf.stat().st_mtime_ns
    field = page.locator('textarea[name="title"]')
    expect(field).to_have_value("Een notitie")
    expect(field).to_have_attribute("lang", "nl")
    field.fill("Een briefje")
    field.press("Tab")
    expect(page.locator("#row-title .saved")).to_have_text("Saved", timeout=WAIT_MS)
    after = project.read(NL).splitlines()
    assert [(b, a) for b, a in zip(before, after, strict=True) if a != b] == [
        ("title: Een notitie", "title: Een briefje")
    ]
    picture = page.locator("#row-body\\.first .page img")
    expect(picture).to_have_attribute("src", re.compile(r"\?build="), timeout=WAIT_MS)
    assert pdf.stat().st_mtime_ns > built
    page.screenshot(path=str(project.root / "editor-desktop.png"), full_page=True)


def test_a_broken_placeholder_is_said_with_its_line(page: Page, project: Project) -> None:
    field = page.locator('textarea[name="body.first"]')
    field.fill("Sinds {fact.labour_law} een contract: **ja**.")
    messages = page.locator("#row-body\\.first .messages li")
    expect(messages.first).to_contain_text("content/note/nl.yaml:3:10: error: 'body.first' must")
    field.press("Control+s")
    expect(page.locator("#row-body\\.first .saved")).to_have_text("Saved", timeout=WAIT_MS)
    assert "Sinds {fact.labour_law} een contract" in project.read(NL)  # nothing typed is lost
    field.fill("Sinds {fact.labour_law.year} een contract: **ja**.")
    field.press("Tab")
    expect(messages).to_have_count(0, timeout=WAIT_MS)


def test_a_change_on_disk_meanwhile_is_kept(page: Page, project: Project) -> None:
    project.edit(NL, "**ja**", "**zeker**")  # another editor, a git pull, a Weblate push
    field = page.locator('textarea[name="title"]')
    field.fill("Een nota")
    field.press("Tab")
    expect(page.locator("#row-title .saved")).to_contain_text("merged", timeout=WAIT_MS)
    text = project.read(NL)
    assert "title: Een nota" in text and "**zeker**" in text


def test_the_editor_fits_a_phone(page: Page, project: Project) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(project.root / "editor-phone.png"), full_page=True)


def test_the_catalog_opens_each_translation_in_the_editor(page: Page, server: Served) -> None:
    page.goto(server.url)
    expect(page.locator("#note-fr a.edit")).to_have_count(0)  # the source is not translated
    page.locator("#note-nl a.edit").click()
    expect(page).to_have_url(server.url + "edit/nl/note")
    expect(page.locator('textarea[name="title"]')).to_be_visible()


def test_a_placeholder_goes_in_whole_from_its_chip(page: Page, project: Project) -> None:
    field = page.locator('textarea[name="body.first"]')
    field.fill("Sinds  een contract: **ja**.")
    field.evaluate("f => f.setSelectionRange(6, 6)")
    page.locator("#row-body\\.first button.chip", has_text="{fact.labour_law.year}").click()
    expect(field).to_have_value("Sinds {fact.labour_law.year} een contract: **ja**.")
    field.press("Tab")
    expect(page.locator("#row-body\\.first .messages li")).to_have_count(0, timeout=WAIT_MS)


def test_a_reviewer_confirms_with_a_button(page: Page, project: Project) -> None:
    lock = json.loads(project.read(LOCK))
    del lock["confirmed"]["nl"]["title"]  # translated after the last review
    project.write(LOCK, json.dumps(lock))
    page.reload()
    badge = page.locator("#row-title .badge")
    expect(badge).to_have_text("unreviewed")
    expect(page.locator('[data-count="unreviewed"]')).to_have_text("1")
    page.get_by_role("button", name=re.compile("I checked this translation")).click()
    expect(badge).to_have_text("done", timeout=WAIT_MS)
    assert "title" in json.loads(project.read(LOCK))["confirmed"]["nl"]


def test_one_save_at_a_time_each_from_the_last_answer_s_version(
    page: Page, project: Project
) -> None:
    """Leaving three fields quickly sends three saves, one after the other: the page never
    races itself, and each save carries the version the answer before it gave."""
    sent: list[dict] = []
    versions: list[str] = []
    under_way = {"now": 0, "most": 0}

    def slowly(route: Route) -> None:
        under_way["now"] += 1
        under_way["most"] = max(under_way["most"], under_way["now"])
        sent.append(json.loads(route.request.post_data or "{}"))
        response = route.fetch()
        versions.append(response.json()["version"])
        time.sleep(0.3)
        under_way["now"] -= 1
        route.fulfill(response=response)

    page.route("**/_tract/save", slowly)
    texts = {"title": "Een snelle nota", "body.first": "Sinds {fact.labour_law.year}: **ja**!"}
    for name, value in texts.items():
        field = page.locator(f'textarea[name="{name}"]')
        field.fill(value)
        field.press("Tab")
    for name in texts:
        row = page.locator(f"#row-{name.replace('.', ESCAPED_DOT)} .saved")
        expect(row).to_have_text("Saved", timeout=WAIT_MS)
    assert under_way["most"] == 1 and len(sent) == 2
    assert sent[1]["base"] == versions[0]
    text = project.read(NL)
    assert all(value in text for value in texts.values())


def test_a_save_the_server_did_not_answer_is_sent_again(page: Page, project: Project) -> None:
    failures = {"left": 1}

    def once_down(route: Route) -> None:
        if failures["left"]:
            failures["left"] -= 1
            route.abort("connectionrefused")
        else:
            route.continue_()

    page.route("**/_tract/save", once_down)
    field = page.locator('textarea[name="title"]')
    field.fill("Een memo")
    field.press("Tab")
    note = page.locator("#row-title .saved")
    expect(note).to_contain_text("Not saved yet", timeout=WAIT_MS)
    expect(field).to_have_class(re.compile("unsaved"))
    expect(note).to_have_text("Saved", timeout=WAIT_MS)
    assert "title: Een memo" in project.read(NL)


def test_confirm_right_after_typing_confirms_the_text_as_saved(
    page: Page, project: Project
) -> None:
    field = page.locator('textarea[name="title"]')
    field.fill("Een gecontroleerde titel")
    page.locator('button[name="confirm"]').click()  # the field loses focus: its save first
    expect(page.locator("#said")).to_contain_text("Confirmed: ", timeout=WAIT_MS)
    lock = json.loads(project.read(LOCK))
    assert lock["translations"]["nl"]["title"] == fingerprint("Een gecontroleerde titel")
