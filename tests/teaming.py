"""Test helper: `python build.py team` on a test project in a git repository, in its own
process as the person who runs the server starts it, and the people staff invite, each with
the cookie their invitation gave their device."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

from tests.helpers import FIXTURES, Project, copy_project
from tests.serving import MAIN, ROOT, Served
from tract.translate.editor import version

AR_NOTE = (
    "title: ملاحظة\nbody:\n"
    '  first: "منذ {fact.labour_law.year}، عقد: **نعم**."\n'
    '  when: "{event.rights_day.date}، {event.rights_day.time}، {event.rights_day.place}."\n'
)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Staff", "-c", "user.email=staff@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def team_project(target: Path) -> Project:
    """The minimal project with an Arabic draft, in a git repository of its own."""
    project = copy_project(FIXTURES / "minimal", target)
    project.edit("content/site.yaml", "languages: [fr, nl, en]", "languages: [fr, nl, en, ar]")
    project.write("content/note/ar.yaml", AR_NOTE)
    project.write("content/strings/ar.yaml", 'page_of: "{page} / {pages}"\n')
    project.write(".gitignore", "/output/\n/.tract/\n")
    git(project.root, "init", "--quiet", "--initial-branch=main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "--quiet", "-m", "The project")
    return project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tract(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """One `python build.py …` command in the project, as staff type it on the server."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", MAIN, *argv], cwd=root, env=env, capture_output=True, text=True
    )


class Teamed(Served):
    """A running team server, answering at `url`."""

    def __init__(self, project: Path, *argv: str, url: str = "", port: int = 0) -> None:
        self.port = port or free_port()
        self.public = url or f"http://127.0.0.1:{self.port}"
        super().__init__(
            project,
            "--url",
            self.public,
            "--port",
            str(self.port),
            "--jobs",
            "1",
            *argv,
            command="team",
            ready=r"The team server answers at (\S+) ",
        )
        self.project = project
        self.url = f"http://127.0.0.1:{self.port}/"

    def invite(self, name: str, *flags: str) -> str:
        done = tract(self.project, "team", "invite", name, *flags)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[-1]

    def join(self, link: str) -> Member:
        status, headers, _ = request(self, "POST", urlsplit(link).path, origin=True)
        assert status == 303, status
        cookie = SimpleCookie(headers["set-cookie"])
        return Member(self, cookie["tract_device"].value)


def request(
    server: Teamed,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    origin: bool = False,
    host: str = "",
) -> tuple[int, dict[str, str], bytes]:
    host = host or f"127.0.0.1:{server.port}"
    sent = {"Host": host, **({"Origin": f"http://{host}"} if origin else {}), **(headers or {})}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@dataclass
class Member:
    """Someone on the team, with the device their invitation signed in."""

    server: Teamed
    device: str
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        token = hashlib.sha256(b"page:" + self.device.encode()).hexdigest()
        self.headers = {"Cookie": f"tract_device={self.device}", "X-Tract-Session": token}

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        return request(self.server, "GET", path, headers={**self.headers, **headers})

    def post(self, path: str, data: dict[str, str | None], **headers: str) -> tuple[int, dict]:
        body = json.dumps(data).encode()
        sent = {**self.headers, "Content-Type": "application/json", **headers}
        status, _, answer = request(self.server, "POST", path, body, sent, origin=True)
        return status, json.loads(answer or b"{}")

    def save(self, doc: str, lang: str, key: str, value: str) -> tuple[int, dict]:
        path = self.server.project / f"content/{doc}/{lang}.yaml"
        base = version(path.read_bytes())
        data = {"doc": doc, "lang": lang, "key": key, "value": value, "base": base, "was": None}
        return self.post("/_tract/save", data)

    def confirm(self, doc: str, lang: str) -> tuple[int, dict]:
        return self.post("/_tract/confirm", {"doc": doc, "lang": lang})


def page_token(html: str) -> str:
    found = re.search(r'<meta name="tract-session" content="([^"]+)">', html)
    assert found
    return found.group(1)
