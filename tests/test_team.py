"""The team server over HTTP, as its people and a hostile page would talk to it: invitations,
roles enforced by the server, every door tried (each refused request changes no file and makes
no commit), and the history that says who wrote and who confirmed every text."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator

import pytest
from starlette.requests import Request

from tests.helpers import Project
from tests.teaming import Member, Teamed, git, page_token, request, team_project, tract
from tract.serve.access import grants_of
from tract.serve.people import DAY, People
from tract.serve.team import TeamGate

pytestmark = pytest.mark.slow  # starts team servers: make test-fast leaves it out


AR = "content/note/ar.yaml"
LOCK = "content/note/translations.lock.json"
NL = "content/note/nl.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return team_project(tmp_path_factory.mktemp("team"))


@pytest.fixture(scope="module")
def server(project: Project) -> Iterator[Teamed]:
    served = Teamed(project.root, "--trusted-proxy", "127.0.0.1")
    yield served
    served.stop()


@pytest.fixture(scope="module")
def staff(server: Teamed) -> Member:
    return server.join(server.invite("Sam", "--staff"))


@pytest.fixture(scope="module")
def translator(server: Teamed) -> Member:
    return server.join(server.invite("Layla Haddad", "--translate", "ar"))


@pytest.fixture(scope="module")
def reviewer(server: Teamed) -> Member:
    return server.join(server.invite("Noor", "--review", "ar"))


def _commits(project: Project, count: int) -> list[list[str]]:
    """The last commits, newest first: author, subject, then each file it touched."""
    shown = [
        git(project.root, "show", "--format=%an <%ae>|%s", "--name-only", f"HEAD~{n}")
        for n in range(count)
    ]
    return [[line for line in text.splitlines() if line] for text in shown]


def _unchanged(project: Project) -> tuple[str, str]:
    """The files and the history, to show that a refused request changed neither."""
    return git(project.root, "rev-parse", "HEAD"), git(project.root, "status", "--porcelain")


def test_the_invitation_is_the_link_printed_last(server: Teamed, project: Project) -> None:
    done = tract(project.root, "team", "invite", "Ana", "--translate", "ar")
    assert done.returncode == 0, done.stderr
    link = done.stdout.splitlines()[-1]
    assert link.startswith(f"{server.public}/join/") and len(link.split("/")[-1]) >= 40
    people = tract(project.root, "team", "people").stdout
    assert "Ana" in people and "translates ar" in people and "invited" in people


def test_opening_the_link_signs_nobody_in_until_the_button(server: Teamed) -> None:
    """A chat app's link preview opens the link: it must not use the invitation up."""
    link = server.invite("Mira", "--translate", "ar")
    path = link.removeprefix(server.public)
    for _ in range(2):
        status, headers, body = request(server, "GET", path)
        assert status == 200 and "Welcome, Mira." in body.decode()
        assert "set-cookie" not in headers
    member = server.join(link)
    assert member.get("/")[0] == 200
    status, _, body = request(server, "POST", path, origin=True)  # used: refused
    assert status == 403 and "used, expired or withdrawn" in body.decode()


def test_the_device_cookie_is_httponly_lax_and_not_secure_over_http(server: Teamed) -> None:
    link = server.invite("Ines", "--translate", "ar")
    _, headers, _ = request(server, "POST", link.removeprefix(server.public), origin=True)
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def test_everything_needs_a_person_but_the_invitation_page(server: Teamed) -> None:
    for path in ("/", "/index.html", "/fr/note.pdf", "/edit/ar/note", "/review/ar", "/team",
                 "/_tract/events", "/_tract/state/ar/note", "/_tract/font/ar/0"):  # fmt: skip
        status, _, body = request(server, "GET", path)
        assert status == 401, path
        assert b"invitation link" in body
    assert request(server, "GET", "/_tract/static/team.css")[0] == 200


def test_an_expired_invitation_is_refused(server: Teamed, project: Project) -> None:
    people = People(project.root / ".tract")
    token = people.invite("Old", grants_of(False, ["ar"], []), now=time.time() - 8 * DAY)
    assert request(server, "GET", f"/join/{token}")[0] == 404
    status, headers, _ = request(server, "POST", f"/join/{token}", origin=True)
    assert status == 403 and "set-cookie" not in headers


def test_a_revoked_person_is_out_at_once(server: Teamed, project: Project) -> None:
    member = server.join(server.invite("Kim", "--translate", "ar"))
    assert member.get("/edit/ar/note")[0] == 200
    done = tract(project.root, "team", "revoke", "Kim")
    assert done.returncode == 0 and "revoked" in done.stdout
    before = _unchanged(project)
    assert member.get("/edit/ar/note")[0] == 401
    assert member.save("note", "ar", "title", "مرحبا")[0] == 401
    assert _unchanged(project) == before


def test_a_translator_saves_their_language_only_and_never_confirms(
    translator: Member, project: Project
) -> None:
    before = _unchanged(project)
    status, answer = translator.save("note", "nl", "title", "Gehackt")
    assert status == 403
    assert answer["error"] == (
        "You translate ar here, not nl; ask staff if you should translate it too."
    )
    status, answer = translator.confirm("note", "ar")
    assert status == 403 and answer["error"].startswith("Only a reviewer of ar confirms")
    assert translator.get("/edit/nl/note")[0] == 403
    assert _unchanged(project) == before


def test_a_reviewer_confirms_their_language_only(reviewer: Member, project: Project) -> None:
    before = _unchanged(project)
    for lang in ("nl", "en"):
        status, _ = reviewer.confirm("note", lang)
        assert status == 403
    assert reviewer.get("/team")[0] == 403
    assert _unchanged(project) == before


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"Host": "evil.example"}, 403),
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": ""}, 403),
        ({"X-Tract-Session": "guessed"}, 403),
        ({"X-Tract-Session": ""}, 403),
        ({"Cookie": "tract_device=guessed"}, 401),
        ({"Content-Type": "text/plain"}, 415),
    ],
    ids=["host", "origin", "no-origin", "token", "no-token", "cookie", "type"],
)
def test_a_foreign_request_changes_nothing(
    translator: Member, project: Project, change: dict[str, str], code: int
) -> None:
    before = _unchanged(project), project.read(AR)
    data = {"doc": "note", "lang": "ar", "key": "title", "value": "مخترق", "base": "", "was": None}
    status, _ = translator.post("/_tract/save", data, **change)
    assert status == code
    assert (_unchanged(project), project.read(AR)) == before


def test_another_host_name_sees_nothing(translator: Member, server: Teamed) -> None:
    for path in ("/", "/edit/ar/note", "/join/x", "/_tract/static/team.css"):
        status, _, _ = request(server, "GET", path, headers=translator.headers, host="evil.example")
        assert status == 403


def test_each_save_and_each_confirmation_is_a_commit_by_its_author(
    translator: Member, reviewer: Member, project: Project
) -> None:
    status, answer = translator.save("note", "ar", "title", "ملاحظة قصيرة")
    assert status == 200 and answer["conflict"] is None
    status, answer = reviewer.save("note", "ar", "title", "ملاحظة")
    assert status == 200
    status, answer = reviewer.confirm("note", "ar")
    assert status == 200, answer
    assert _commits(project, 3) == [
        [
            "Noor <noor@team.invalid>|note, ar: confirmed by Noor",
            "content/note/translations.lock.json",
        ],
        ["Noor <noor@team.invalid>|note, ar: title", AR],
        ["Layla Haddad <layla-haddad@team.invalid>|note, ar: title", AR],
    ]
    assert git(project.root, "status", "--porcelain", "--", "content") == ""
    lock = json.loads(project.read("content/note/translations.lock.json"))
    assert "title" in lock["confirmed"]["ar"]


def test_a_translation_is_shown_escaped_to_the_reviewer(
    translator: Member, reviewer: Member
) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert translator.save("note", "ar", "body.first", attack)[0] == 200
    status, headers, body = reviewer.get("/edit/ar/note")
    page = body.decode()
    assert status == 200
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "script-src 'self';" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    translator.save("note", "ar", "body.first", "منذ {fact.labour_law.year}، عقد: **نعم**.")


def test_the_page_token_is_not_the_device_s(translator: Member) -> None:
    _, _, body = translator.get("/edit/ar/note")
    token = page_token(body.decode())
    assert token == translator.headers["X-Tract-Session"] and translator.device not in token


def test_wrong_invitation_links_are_limited_per_address(server: Teamed) -> None:
    """Counted per address as the trusted proxy gives it: one address trying links by the
    dozen is stopped, the others are not."""

    def tries(address: str, count: int) -> list[int]:
        sent = {"X-Forwarded-For": f"198.51.100.1, {address}"}
        return [request(server, "GET", f"/join/guess{n}", headers=sent)[0] for n in range(count)]

    assert tries("203.0.113.7", 12) == [404] * 10 + [429, 429]
    assert tries("203.0.113.8", 1) == [404]


def test_staff_invite_and_revoke_from_the_browser(
    staff: Member, translator: Member, project: Project
) -> None:
    status, answer = staff.post(
        "/_tract/invite", {"name": "Dana", "translate": "ar", "review": "", "staff": ""}
    )
    assert status == 200 and answer["link"].startswith("http://127.0.0.1:")
    status, answer = translator.post("/_tract/invite", {"name": "Eve", "staff": "yes"})
    assert status == 403 and "Only staff" in answer["error"]
    assert staff.post("/_tract/revoke", {"name": "Dana"})[0] == 200
    _, _, page = staff.get("/team")
    assert "Dana" in page.decode() and "revoked" in page.decode()


def test_refusals_speak_the_person_s_language(translator: Member) -> None:
    status, answer = translator.post(
        "/_tract/confirm", {"doc": "note", "lang": "ar"}, **{"Accept-Language": "fr-BE,fr;q=0.9"}
    )
    assert status == 403 and answer["error"].startswith("Seul·e un·e relecteur·ice de ar")
    _, _, page = translator.get("/edit/ar/note", **{"Accept-Language": "nl-BE"})
    assert '<html lang="nl">' in page.decode()


def test_no_token_is_ever_printed(server: Teamed, translator: Member) -> None:
    printed = "\n".join(server.output)
    assert translator.device not in printed
    assert "/join/" not in printed


def test_behind_https_the_cookie_is_secure_and_only_the_public_name_is_answered(
    project: Project,
) -> None:
    public = Teamed(project.root, url="https://tract.example.test")
    try:
        link = public.invite("Tess", "--translate", "ar")
        assert link.startswith("https://tract.example.test/join/")
        path = link.removeprefix("https://tract.example.test")
        sent = {"Origin": "https://tract.example.test"}
        status, headers, _ = request(public, "POST", path, headers=sent, host="tract.example.test")
        assert status == 303 and "Secure" in headers["set-cookie"]
        assert request(public, "GET", "/", host="tract.example.test:8443")[0] == 403
        status, _, _ = request(public, "POST", path, headers=sent, host="tract.example.test")
        assert status == 403  # used
    finally:
        public.stop()


def test_the_client_s_address_is_the_proxy_s_word_only_for_the_trusted_proxy() -> None:
    gate = TeamGate(People.__new__(People), secure=True, proxy="10.0.0.2")

    def address(peer: str) -> str:
        scope = {
            "type": "http",
            "client": (peer, 50000),
            "headers": [(b"x-forwarded-for", b"203.0.113.9")],
        }
        return gate.client(Request(scope))

    assert address("10.0.0.2") == "203.0.113.9"
    assert address("10.0.0.3") == "10.0.0.3"  # anyone else's header is not believed


def test_staff_make_a_release_of_what_reviewers_confirmed(
    staff: Member, translator: Member, project: Project
) -> None:
    assert translator.post("/_tract/release", {})[0] == 403
    lock = json.loads(project.read(LOCK))
    lock["confirmed"].pop("ar", None)  # Arabic as a draft again (as if pulled so)
    project.write(LOCK, json.dumps(lock))
    status, answer = staff.post("/_tract/release", {})
    assert status == 200 and answer["started"]
    deadline = time.monotonic() + 120
    while json.loads(staff.get("/_tract/releases")[2])["running"]:
        assert time.monotonic() < deadline
        time.sleep(0.3)
    (name,) = json.loads(staff.get("/_tract/releases")[2])["kept"]
    status, headers, body = translator.get(f"/_tract/release/{name}")
    assert status == 200 and headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        files = sorted(archive.namelist())
    assert files == ["en/note.pdf", "fr/note.pdf", "nl/note.pdf"]  # Arabic is still a draft
    page = staff.get("/team")[2].decode()
    assert "3 files made" in page and "ar/note.pdf" in page and "refused: no reviewer" in page
    assert staff.get("/_tract/release/../team.sqlite3")[0] == 404
    assert not (project.root / "output/.release").exists()
