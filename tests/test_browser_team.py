"""The team server as a team uses it, end to end: behind a real Caddy (Debian's, with its
internal certificate authority for 127.0.0.1), in Chromium, two people at once. Staff invite a
translator and a reviewer from their page; the translator opens the link, writes an Arabic
text and sees its page; the reviewer corrects it on a phone and confirms; the history says
who wrote and who confirmed it, each commit touching one file."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.helpers import CHROMIUM, ROOT, Project
from tests.teaming import Teamed, free_port, git, team_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() or not shutil.which("caddy"),
        reason="needs Debian's Chromium and Caddy (apt-get install chromium caddy)",
    ),
]
WAIT_MS = 20_000
AR = "content/note/ar.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return team_project(tmp_path_factory.mktemp("team-browser"))


@pytest.fixture(scope="module")
def public() -> str:
    return f"https://127.0.0.1:{free_port()}"


@pytest.fixture(scope="module")
def server(project: Project, public: str) -> Iterator[Teamed]:
    served = Teamed(project.root, "--trusted-proxy", "127.0.0.1", url=public)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def caddy(server: Teamed, public: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped Caddyfile, run by Caddy as the server's service would, with its own CA
    instead of a public one; the CA's root certificate."""
    home = tmp_path_factory.mktemp("caddy")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TRACT_SITE": public,
        "TRACT_TLS": "tls internal",
        "TRACT_PORT": str(server.port),
        "TRACT_CADDY_ADMIN": "off",
    }
    running = subprocess.Popen(
        ["caddy", "run", "--config", str(ROOT / "deploy/Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    root_cert = home / "data/caddy/pki/authorities/local/root.crt"
    deadline = time.monotonic() + 30
    while not _answers(public, root_cert):
        assert running.poll() is None and time.monotonic() < deadline, running.stderr
        time.sleep(0.2)
    yield root_cert
    running.terminate()
    try:
        running.wait(timeout=5)
    except subprocess.TimeoutExpired:  # still waiting for the pages' event streams to end
        running.kill()
        running.wait()
    assert running.stderr is not None
    running.stderr.close()


def _answers(public: str, root_cert: Path) -> bool:
    if not root_cert.is_file():
        return False
    context = ssl.create_default_context(cafile=str(root_cert))
    try:
        urllib.request.urlopen(public + "/", context=context, timeout=2)
    except urllib.error.HTTPError as refused:
        return refused.code == 401  # Caddy passed it to tract, which wants a person
    except OSError:
        return False
    return True


def _context(browser: Browser, phone: bool = False) -> BrowserContext:
    size = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 900}
    return browser.new_context(
        viewport=size,
        is_mobile=phone,
        has_touch=phone,
        ignore_https_errors=True,  # Caddy's own CA; its chain is checked by _answers instead
        locale="en-GB",
    )


def _invite(staff: Page, name: str, role: str) -> str:
    form = staff.locator("#invite")
    form.locator("#name").fill(name)
    form.locator(f'input[name="{role}"][value="ar"]').check()
    form.get_by_role("button").click()
    link = staff.locator("#link .link")
    expect(link).to_contain_text("/join/", timeout=WAIT_MS)
    said = link.text_content() or ""
    staff.reload()
    return said


def _join(page: Page, link: str) -> None:
    page.goto(link)
    page.get_by_role("button", name="Sign in on this device").click()
    expect(page).not_to_have_url(re.compile("/join/"), timeout=WAIT_MS)


def test_a_translation_written_reviewed_on_a_phone_and_confirmed(
    browser: Browser, server: Teamed, caddy: Path, public: str, project: Project
) -> None:
    staff_link = server.invite("Sam", "--staff")  # the first member of staff, from a terminal
    staff = _context(browser).new_page()
    _join(staff, staff_link)
    staff.goto(public + "/team")
    translator_link = _invite(staff, "Layla", "translate")
    reviewer_link = _invite(staff, "Noor", "review")
    assert translator_link.startswith(public + "/join/")

    translator = _context(browser).new_page()
    _join(translator, translator_link)
    translator.goto(public + "/edit/ar/note")
    field = translator.locator('textarea[name="title"]')
    expect(field).to_have_attribute("dir", "rtl")
    field.fill("ملاحظة من ليلى")
    field.press("Tab")
    expect(translator.locator("#row-title .saved")).to_have_text("Saved", timeout=WAIT_MS)
    picture = translator.locator("#row-title .page img")  # the page, drawn again
    expect(picture).to_have_attribute("src", re.compile(r"\?build="), timeout=WAIT_MS)
    assert translator.locator('button[name="confirm"]').count() == 0  # not hers to confirm
    translator.screenshot(path=str(project.root / "team-translator.png"), full_page=True)

    reviewer = _context(browser, phone=True).new_page()
    _join(reviewer, reviewer_link)
    expect(reviewer).to_have_url(public + "/review/ar")
    reviewer.screenshot(path=str(project.root / "team-review-phone.png"), full_page=True)
    reviewer.locator("#doc-note").get_by_role("link", name="Review", exact=True).click()
    corrected = reviewer.locator('textarea[name="title"]')
    expect(corrected).to_have_value("ملاحظة من ليلى", timeout=WAIT_MS)
    corrected.fill("ملاحظة")
    reviewer.locator('button[name="confirm"]').click()  # saves the correction first
    expect(reviewer.locator("#said")).to_contain_text("Confirmed: ", timeout=WAIT_MS)
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= 360
    reviewer.screenshot(path=str(project.root / "team-review-editor-phone.png"), full_page=True)

    shown = [
        git(project.root, "show", "--format=%an|%s", "--name-only", f"HEAD~{n}").split()
        for n in range(3)
    ]
    assert [" ".join(s) for s in shown] == [
        "Noor|note, ar: confirmed by Noor content/note/translations.lock.json",
        f"Noor|note, ar: title {AR}",
        f"Layla|note, ar: title {AR}",
    ]
