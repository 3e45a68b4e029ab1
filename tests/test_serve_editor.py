"""The editor in `serve`, over HTTP as a browser and as a hostile page would talk to it: each
door of the server is tried, and what is refused changes nothing."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from tests.helpers import FIXTURES, Project, copy_project
from tests.pdfs import text
from tests.serving import Served
from tract.source.load import load_locale
from tract.source.strings import leaf_text, leaves
from tract.translate.editor import version

pytestmark = pytest.mark.slow  # starts servers: make test-fast leaves it out


NL = "content/note/nl.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(FIXTURES / "minimal", tmp_path_factory.mktemp("editor"))


@pytest.fixture(scope="module")
def server(project: Project) -> Iterator[Served]:
    served = Served(project.root, "--port", "0", "--jobs", "1")
    yield served
    served.stop()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def read(self) -> bytes:
        return self.body


def _request(
    server: Served,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> Answer:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def _good(server: Served) -> dict[str, str]:
    host = urlsplit(server.url).netloc
    return {
        "Host": host,
        "Origin": f"http://{host}",
        "Cookie": f"tract_session={server.secret}",
        "X-Tract-Session": server.secret,
        "Content-Type": "application/json",
    }


def _save(
    server: Served, project: Project, key: str, value: str, **change: str
) -> tuple[int, dict]:
    headers = {**_good(server), **change}
    data = {
        "doc": "note",
        "lang": "nl",
        "key": key,
        "value": value,
        "base": version((project.root / NL).read_bytes()),
        "was": None,
    }
    body = json.dumps(data).encode()
    response = _request(server, "POST", "/_tract/save", body, headers)
    assert "Access-Control-Allow-Origin" not in response.headers
    return response.status, json.loads(response.read() or b"{}")


def test_the_printed_address_starts_a_session(server: Served) -> None:
    response = _request(server, "GET", f"/edit/nl/note?session={server.secret}")
    assert response.status == 303
    assert response.headers["Location"] == "/edit/nl/note"
    cookie = response.headers["Set-Cookie"]
    assert cookie == f"tract_session={server.secret}; HttpOnly; Path=/; SameSite=strict"


def test_the_editor_needs_the_session(server: Served) -> None:
    refused = _request(server, "GET", "/edit/nl/note")
    assert refused.status == 401
    assert "open the address python build.py serve printed" in refused.read().decode()
    response = _request(server, "GET", "/edit/nl/note", headers=_good(server))
    assert response.status == 200
    page = response.read().decode()
    assert '<textarea id="f-title" name="title" lang="nl" dir="ltr"' in page
    assert '<textarea id="f-body.first" name="body.first"' in page


def test_a_save_changes_that_value_s_lines_only_and_rebuilds(
    server: Served, project: Project
) -> None:
    before = project.read(NL).splitlines()
    pdf = project.root / "output/nl/note.pdf"
    built = pdf.stat().st_mtime_ns
    code, answer = _save(server, project, "title", "Een briefje")
    assert code == 200 and answer["conflict"] is None and answer["problems"] == []
    after = project.read(NL).splitlines()
    assert [b for b, a in zip(before, after, strict=True) if a != b] == ["title: Een notitie"]
    assert after[0] == "title: Een briefje"
    server.wait_for(r"^1 built, 2 up to date, 0 failed")
    assert pdf.stat().st_mtime_ns > built


def test_a_broken_value_is_saved_and_said_with_its_line(server: Served, project: Project) -> None:
    code, answer = _save(server, project, "body.first", "Sinds {fact.labour_law} ja.")
    assert code == 200
    assert "content/note/nl.yaml:3:10: error: 'body.first' must contain " in answer["problems"][0]
    assert "Sinds {fact.labour_law} ja." in project.read(NL)
    _save(server, project, "body.first", "Sinds {fact.labour_law.year} een contract: **ja**.")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"Host": "evil.example"}, 403),
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": ""}, 403),
        ({"X-Tract-Session": "guessed"}, 403),
        ({"Cookie": "tract_session=guessed"}, 401),
        ({"Cookie": ""}, 401),
        ({"Content-Type": "text/plain"}, 415),
    ],
    ids=["host", "origin", "no-origin", "header", "cookie", "no-cookie", "type"],
)
def test_a_foreign_request_changes_nothing(
    server: Served, project: Project, change: dict[str, str], code: int
) -> None:
    before = project.read(NL)
    status, _ = _save(server, project, "title", "Gehackt", **change)
    assert status == code
    assert project.read(NL) == before


def test_a_key_the_source_does_not_have_changes_nothing(server: Served, project: Project) -> None:
    before = project.read(NL)
    for key in ("titel", "body", "../site", "title.x"):
        status, answer = _save(server, project, key, "x")
        assert status == 400, answer
    assert project.read(NL) == before


def test_a_request_too_large_is_refused(server: Served, project: Project) -> None:
    before = project.read(NL)
    status, _ = _save(server, project, "title", "x" * 70_000)
    assert status == 413
    assert project.read(NL) == before


def test_another_host_name_sees_nothing(server: Served) -> None:
    """A DNS-rebinding page names its own host: it gets no file and no editor."""
    for path in ("/", "/index.html", "/edit/nl/note", "/_tract/events"):
        assert _request(server, "GET", path, headers={"Host": "evil.example"}).status == 403


def test_a_text_too_long_for_its_page_says_so_on_its_row(server: Served, project: Project) -> None:
    line = "Sinds {fact.labour_law.year} een contract: **ja**."
    code, _ = _save(server, project, "body.first", " ".join([line] * 60))
    assert code == 200
    server.wait_for(r"failed: output/nl/note.pdf")
    response = _request(server, "GET", "/_tract/state/nl/note", headers=_good(server))
    rows = {row["key"]: row for row in json.loads(response.read())["rows"]}
    assert any("the front page overflows by" in m for m in rows["body.first"]["messages"])
    assert rows["body.first"]["status"] == "broken"
    _save(server, project, "body.first", line)
    server.wait_for(r"^1 built, 2 up to date, 0 failed")


def test_a_malformed_request_is_refused_in_words(server: Served, project: Project) -> None:
    before = project.read(NL)
    for body, length in ((b"not json", None), (b"[1, 2]", None), (b'{"doc": 1}', None)):
        headers = {**_good(server), **({"Content-Length": length} if length else {})}
        response = _request(server, "POST", "/_tract/save", body, headers)
        assert response.status == 400
        assert json.loads(response.read())["error"] == "the request was not understood"
    response = _request(
        server, "POST", "/_tract/save", b"{}", {**_good(server), "Content-Length": "x"}
    )
    assert response.status == 400  # refused by the HTTP server itself
    assert _request(server, "POST", "/_tract/elsewhere", b"{}", _good(server)).status == 405
    assert project.read(NL) == before


def test_the_editor_says_how_much_room_each_page_has(server: Served, project: Project) -> None:
    """The fit meter, from the layout: the note's one page has room for more lines, which
    shrinks as its text grows."""

    def room() -> int:
        response = _request(server, "GET", "/_tract/state/nl/note", headers=_good(server))
        (said,) = json.loads(response.read())["fit"]
        found = re.fullmatch(r"page 1: room for about (\d+) more lines?", said)
        assert found, said
        return int(found.group(1))

    before = room()
    assert before > 5
    longer = "Sinds {fact.labour_law.year} een contract: **ja**. " * 4
    _save(server, project, "body.first", longer.strip())
    server.wait_for(r"^1 built, 2 up to date, 0 failed")
    assert room() < before
    _save(server, project, "body.first", "Sinds {fact.labour_law.year} een contract: **ja**.")
    server.wait_for(r"^1 built, 2 up to date, 0 failed")


def test_the_fields_are_set_in_the_language_s_own_fonts(server: Served) -> None:
    page = _request(server, "GET", "/edit/nl/note", headers=_good(server)).read().decode()
    assert 'font-family: "Atkinson Hyperlegible"; src: url("/_tract/font/nl/0")' in page
    assert 'font: 16px/1.4 "Atkinson Hyperlegible", system-ui, sans-serif' in page
    font = _request(server, "GET", "/_tract/font/nl/0", headers={"Host": _good(server)["Host"]})
    assert font.status == 200 and font.read()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    for path in ("/_tract/font/nl/99", "/_tract/font/xx/0"):
        assert _request(server, "GET", path, headers={"Host": _good(server)["Host"]}).status == 404


def _texts(project: Project) -> dict[str, str]:
    file = load_locale(project.root / NL, "nl", project.root, [])
    assert file.root is not None
    return {key: leaf_text(node) for key, node in leaves(file.root)}


def _at_once(server: Served, base: str, was: dict[str, str], wanted: dict[str, str]) -> list:
    """One save per text, all sent at the same moment from pages that read `base`."""
    start = threading.Barrier(len(wanted))

    def send(key: str) -> tuple[int, dict]:
        data = {"doc": "note", "lang": "nl", "key": key, "value": wanted[key]}
        body = json.dumps({**data, "base": base, "was": was[key]}).encode()
        start.wait()
        answer = _request(server, "POST", "/_tract/save", body, _good(server))
        return answer.status, json.loads(answer.body)

    with ThreadPoolExecutor(len(wanted)) as pool:
        return list(pool.map(send, wanted))


def test_saves_sent_at_once_over_http_are_all_in_the_file(server: Served, project: Project) -> None:
    """Several tabs save different texts of one file at the same moment, each from the
    version it read: every one is in the file, and every answer says so."""
    original = current = _texts(project)
    for round_ in range(4):
        base = version((project.root / NL).read_bytes())
        wanted = {k: f"{v.rstrip('.')} ({round_})." for k, v in current.items()}
        answers = _at_once(server, base, current, wanted)
        assert all(code == 200 and a["conflict"] is None for code, a in answers), answers
        assert _texts(project) == wanted
        current = wanted
    for key, value in original.items():
        _save(server, project, key, value)
    server.wait_for(r"^\d+ built, \d+ up to date, 0 failed")


def test_a_save_while_a_build_publishes_reaches_the_next_build(
    server: Served, project: Project
) -> None:
    _save(server, project, "title", "Een eerste")
    server.wait_for(r"^content/note/nl\.yaml changed: building…$")
    code, answer = _save(server, project, "title", "Een tweede")  # while that build runs
    assert code == 200 and answer["conflict"] is None
    server.wait_for(r"^1 built, 2 up to date, 0 failed")
    deadline = time.monotonic() + 30
    while "Een tweede" not in text(project.root / "output/nl/note.pdf"):
        assert time.monotonic() < deadline, "\n".join(server.output)
        time.sleep(0.2)
    _save(server, project, "title", "Een notitie")
    server.wait_for(r"^1 built, 2 up to date, 0 failed")
