"""`python build.py serve` without a browser: 127.0.0.1 only, the live snippet on pages, the event
stream that tells them to reload, a rebuild on edit, a plain word for a busy port, and Ctrl-C."""

from __future__ import annotations

import json
import re
import shutil
import socket
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from tests.helpers import FIXTURES, Project, copy_project
from tests.pdfs import text
from tests.serving import Served
from tract.pipeline import Options
from tract.serve import live
from tract.serve.workspace import Workspace

pytestmark = pytest.mark.slow  # starts servers: make test-fast leaves it out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(FIXTURES / "minimal", tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def server(project: Project) -> Iterator[Served]:
    served = Served(project.root, "--port", "0", "--jobs", "1")
    yield served
    served.stop()


def _get(url: str) -> tuple[str, Message]:
    with urlopen(url, timeout=10) as response:
        return response.read().decode(), response.headers


def _states(url: str) -> Iterator[dict]:
    """What the event stream sends, one state at a time."""
    with urlopen(url + "_tract/events", timeout=20) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        for line in response:
            if line.startswith(b"data: "):
                yield json.loads(line.removeprefix(b"data: "))


def test_it_builds_first_and_prints_the_address_to_open(server: Served) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?session=[\w-]{32}", server.address)
    assert "3 built, 0 up to date, 0 failed, 0 error(s), 0 warning(s)" in "\n".join(server.output)


def test_it_listens_on_127_0_0_1_only(server: Served) -> None:
    port = urlsplit(server.url).port
    assert port
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", port), timeout=5)


def test_pages_come_with_the_live_reload(server: Served, project: Project) -> None:
    page, headers = _get(server.url)
    assert headers["Cache-Control"] == "no-cache"
    assert "script-src 'self';" in headers["Content-Security-Policy"]  # no inline script runs
    assert page.startswith(project.read("output/index.html").split("</body>")[0])
    assert page.count('id="tract-live"') == 1
    assert '<script src="/_tract/static/live.js"></script>' in page
    assert 'new EventSource("/_tract/events")' in _get(server.url + "_tract/static/live.js")[0]
    shown = re.search(r'data-build="(\d+)"', page)
    assert shown
    assert next(_states(server.url)) == {"build": shown.group(1), "building": False, "crash": ""}


def test_files_are_served_as_they_are(server: Served, project: Project) -> None:
    with urlopen(server.url + "fr/note.pdf", timeout=10) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read() == (project.root / "output/fr/note.pdf").read_bytes()


def test_an_edit_rebuilds_and_tells_the_pages(server: Served, project: Project) -> None:
    states = _states(server.url)
    first = next(states)
    project.edit("content/note/nl.yaml", "Een notitie", "Een briefje")
    server.wait_for(r"^content/note/nl\.yaml changed: building…$")
    assert next(states)["building"] is True
    done = next(states)
    assert done["building"] is False and done["build"] != first["build"]
    assert "Een briefje" in _get(server.url)[0]
    server.wait_for(r"^1 built, 2 up to date, 0 failed")


def test_ctrl_c_stops_it_cleanly(server: Served) -> None:
    port = urlsplit(server.url).port
    assert server.stop() == 0
    assert server.output[-1] == "Stopped."
    assert not any("Traceback" in line for line in server.output)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port or 0), timeout=5)


def test_a_busy_port_is_said_plainly(minimal: Project) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = minimal.run("serve", "--port", str(port))
    assert result.code == 2
    assert result.err == (
        f"python build.py: error: cannot serve on port {port} (Address "
        f"already in use); try another one, e.g. --port {port + 1}\n"
    )
    assert not (minimal.root / "output").exists()


def test_a_crashing_build_keeps_the_server_and_says_so(
    minimal: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def crash(root: object, options: object, pool: object = None, stop: object = None) -> None:
        raise RuntimeError("a bug in tract")

    monkeypatch.setattr(live, "build", crash)
    state = live.Live()
    loop = live.Loop(minimal.root, Options(), state, Workspace(minimal.root), None)
    assert live.rebuild(loop) is None
    assert state.state == live.State(build="", building=False, crash="RuntimeError: a bug in tract")
    assert "RuntimeError: a bug in tract" in capsys.readouterr().err


def test_a_newer_edit_supersedes_the_build_in_flight(tmp_path: Path) -> None:
    """An edit made while a long rebuild runs does not wait for it: that build lays out no
    more, and the newer one runs at once and leaves every file up to date."""
    busy = copy_project(FIXTURES / "minimal", tmp_path)
    for n in range(7):
        shutil.copytree(busy.root / "content/note", busy.root / f"content/note{n}")
    served = Served(busy.root, "--port", "0", "--jobs", "1")
    try:
        busy.write("content/site.yaml", busy.read("content/site.yaml") + "\n# edited\n")
        served.wait_for(r"^content/site\.yaml changed: building…$")
        served.wait_for(r"^built ")
        busy.edit("content/note/nl.yaml", "Een notitie", "Een briefje")
        served.wait_for(r"^The build under way stopped for this newer change\.$")
        summary = served.wait_for(r"^(\d+) built, (\d+) up to date, 0 failed")
        assert 0 < int(summary.group(2)) < 24  # the first build had done part of the work
        assert "Een briefje" in text(busy.root / "output/nl/note.pdf")
    finally:
        assert served.stop() == 0
    assert not any("Traceback" in line for line in served.output)
    summaries = [line for line in served.output if re.match(r"\d+ built, ", line)]
    assert len(summaries) == 2  # the first build's, and the newer one's: none for the stopped


def test_ctrl_c_during_a_rebuild_stops_it_cleanly(tmp_path: Path) -> None:
    busy = copy_project(FIXTURES / "minimal", tmp_path)
    for n in range(7):
        shutil.copytree(busy.root / "content/note", busy.root / f"content/note{n}")
    served = Served(busy.root, "--port", "0", "--jobs", "2")
    busy.write("content/site.yaml", busy.read("content/site.yaml") + "\n# edited\n")
    served.wait_for(r"^content/site\.yaml changed: building…$")
    served.wait_for(r"^built ")
    assert served.stop() == 0
    assert served.output[-1] == "Stopped."
    assert not any("Traceback" in line or line.startswith("failed") for line in served.output)
    assert sum(bool(re.match(r"\d+ built, ", line)) for line in served.output) == 1  # the first
