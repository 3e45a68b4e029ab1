"""`python build.py team`: the catalog, the editor and the review pages for a team, on one small
server behind a reverse proxy (Caddy) that terminates TLS; and `team invite`, `team people`,
`team revoke`, which staff run on that server.

It is serve's app with people added: the same routes, workspace and build loop, a gate that
knows people by their signed-in devices, the team's own routes in front (invitations, the
staff page, review, releases), and the history, which commits every change in the name of
whoever made it. It answers only at its public address and at 127.0.0.1.
"""

from __future__ import annotations

import argparse
import hashlib
import threading
import time
from collections import deque
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from tract.layout.workers import start_workers
from tract.pipeline import Options
from tract.render.words import available
from tract.report import EXIT_OK, usage
from tract.serve.access import Permission, Person, grants_of
from tract.serve.app import Origins, make_app
from tract.serve.history import History, NotARepository
from tract.serve.live import Live, Loop, run
from tract.serve.people import DATA, DAY, INVITATION_DAYS, SESSION_DAYS, People, Refusal
from tract.serve.release import Releases
from tract.serve.routes import ROUTES, Call, Context, Route, error, live_values, render_page
from tract.serve.server import Server, listen
from tract.serve.words import COOKIE as WORDS
from tract.serve.words import chosen
from tract.serve.workspace import Workspace
from tract.source.load import load_project

DEVICE = "tract_device"
ATTEMPTS, WINDOW_S = 10, 15 * 60  # wrong invitation links an address may try in a window


class Limiter:
    """Counts an address's wrong invitation links, so nobody can try them by the thousand.
    Kept in memory only, and only for the window."""

    def __init__(self) -> None:
        self._tries: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, address: str) -> bool:
        with self._lock:
            return len(self._recent(address)) >= ATTEMPTS

    def failed(self, address: str) -> None:
        with self._lock:
            self._recent(address).append(time.monotonic())

    def _recent(self, address: str) -> deque[float]:
        tries = self._tries.setdefault(address, deque())
        while tries and tries[0] < time.monotonic() - WINDOW_S:
            tries.popleft()
        return tries


class TeamGate:
    """People by the device they signed in on: a cookie holding a token whose hash only the
    team's database knows."""

    open_to_read = False

    def __init__(self, people: People, secure: bool, proxy: str) -> None:
        self.people = people
        self.secure = secure
        self.proxy = proxy

    def person(self, request: Request) -> Person | None:
        found = self.people.signed_in(request.cookies.get(DEVICE, ""))
        return found[0] if found else None

    def token(self, request: Request) -> str:
        """The page's token for changes: derived from the device's, which it does not reveal."""
        device = request.cookies.get(DEVICE, "")
        return hashlib.sha256(b"page:" + device.encode()).hexdigest() if device else "-"

    def enter(self, request: Request) -> Response | None:
        return None

    def signed_out(self, request: Request) -> str:
        return chosen(request)("team.signed_out")

    def menu(self, request: Request, person: Person | None) -> list[tuple[str, str]]:
        """The links at the top of every page: what this person may open."""
        if person is None:
            return []
        w = chosen(request)
        links = [(w("team.menu.documents"), "/")]
        links += [
            (w("team.menu.review", lang=lang), f"/review/{lang}")
            for lang in person.languages(Permission.REVIEW)
            if lang != "*"
        ]
        if person.may(Permission.STAFF):
            links.append((w("team.menu.staff"), "/team"))
        return links

    def client(self, request: Request) -> str:
        """The address a request comes from: the proxy's word for it only when the request
        comes from the proxy named with --trusted-proxy."""
        peer = request.client.host if request.client else ""
        forwarded = request.headers.get("x-forwarded-for", "")
        if self.proxy and peer == self.proxy and forwarded:
            return forwarded.split(",")[-1].strip()
        return peer

    def sign_in(self, response: Response, device: str) -> None:
        response.set_cookie(
            DEVICE,
            device,
            max_age=SESSION_DAYS * DAY,
            path="/",
            httponly=True,
            samesite="lax",  # Strict would drop the session for a link opened from a chat app
            secure=self.secure,
        )


@dataclass(frozen=True)
class Team:
    """What the team's own pages use."""

    people: People
    gate: TeamGate
    limiter: Limiter
    releases: Releases
    history: History
    url: str
    languages: tuple[str, ...]  # the translations' languages, for the invitation form


# invitations


def join_page(team: Team, call: Call) -> Response:
    """What an invitation link opens: who it is for, and a button. Opening the link signs
    nobody in, so a chat app's link preview cannot use it up."""
    w, address = chosen(call.request), team.gate.client(call.request)
    if team.limiter.blocked(address):
        return error(429, w("team.join.too_many"))
    name = team.people.invited(call.params["token"])
    if name is None:
        team.limiter.failed(address)
        return render_page("join.html.j2", 404, w=w, name=None)
    return render_page("join.html.j2", w=w, name=name)


def join(team: Team, call: Call) -> Response:
    w, address = chosen(call.request), team.gate.client(call.request)
    if team.limiter.blocked(address):
        return error(429, w("team.join.too_many"))
    try:
        person, device = team.people.join(call.params["token"])
    except Refusal:
        team.limiter.failed(address)
        return render_page("join.html.j2", 403, w=w, name=None)
    review = [lang for lang in person.languages(Permission.REVIEW) if lang != "*"]
    response = RedirectResponse(f"/review/{review[0]}" if review else "/", 303)
    team.gate.sign_in(response, device)
    return response


def choose_words(call: Call) -> Response:
    """The server's words in another language: kept in a cookie, nothing stored."""
    lang = call.params["lang"]
    back = call.request.query_params.get("back", "/")
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    response = RedirectResponse(back, 303)
    if lang in available():
        response.set_cookie(WORDS, lang, max_age=SESSION_DAYS * DAY, path="/", samesite="lax")
    return response


# the staff page


def staff_page(team: Team, call: Call) -> Response:
    return render_page(
        "team.html.j2",
        **live_values(call),
        token=team.gate.token(call.request),
        members=team.people.members(),
        languages=team.languages,
        releases=team.releases.kept(),
        releasing=team.releases.running,
        pushing=team.history.pushing,
        invitation_days=INVITATION_DAYS,
    )


def invite(team: Team, call: Call) -> Response:
    langs = set(team.languages)
    translate = _languages(call.data.get("translate"))
    review = _languages(call.data.get("review"))
    unknown = (translate | review) - langs
    if unknown:
        return error(400, chosen(call.request)("team.invite.unknown", langs=", ".join(unknown)))
    grants = grants_of(call.data.get("staff") == "yes", translate, review)
    try:
        token = team.people.invite(call.text("name"), grants)
    except Refusal as refused:
        return error(400, str(refused))
    return JSONResponse({"link": f"{team.url}/join/{token}"})


def _languages(given: str | None) -> set[str]:
    return {code.strip() for code in (given or "").split(",") if code.strip()}


def revoke(team: Team, call: Call) -> Response:
    device = call.data.get("device")
    try:
        if device:
            team.people.revoke_device(int(device))
        else:
            team.people.revoke(call.text("name"))
    except (Refusal, ValueError) as refused:
        return error(400, str(refused))
    return JSONResponse({"done": True})


def release(team: Team, call: Call) -> Response:
    started = team.releases.start()
    return JSONResponse({"started": started, "running": True})


def releases(team: Team, call: Call) -> Response:
    return JSONResponse(
        {"running": team.releases.running, "kept": [r.name for r in team.releases.kept()]}
    )


def archive(team: Team, call: Call) -> Response:
    path = team.releases.archive(call.params["name"])
    if path is None:
        return error(404, chosen(call.request)("team.nothing_here"))
    return FileResponse(path, media_type="application/zip", filename=path.name)


# review


def review_page(team: Team, call: Call) -> Response:
    """What awaits a reviewer in their language: each document's texts not yet confirmed."""
    lang = call.params["lang"]
    status = call.context.workspace.status()
    documents = [(name, langs[lang]) for name, langs in status.groups.items() if lang in langs]
    return render_page(
        "review.html.j2",
        **live_values(call),
        lang=lang,
        name=call.context.workspace.snapshot().project.lang[lang].name,
        documents=documents,
    )


def team_routes(team: Team) -> tuple[Route, ...]:
    """The team's own addresses, in front of serve's."""
    return (
        Route("GET", "/join/{token}", None, partial(join_page, team)),
        Route("POST", "/join/{token}", None, partial(join, team)),
        Route("GET", "/_tract/words/{lang}", None, choose_words),
        Route("GET", "/team", Permission.STAFF, partial(staff_page, team)),
        Route("POST", "/_tract/invite", Permission.STAFF, partial(invite, team)),
        Route("POST", "/_tract/revoke", Permission.STAFF, partial(revoke, team)),
        Route("POST", "/_tract/release", Permission.STAFF, partial(release, team)),
        Route("GET", "/_tract/releases", Permission.STAFF, partial(releases, team)),
        Route("GET", "/_tract/release/{name}", Permission.READ, partial(archive, team)),
        Route("GET", "/review/{lang}", Permission.REVIEW, partial(review_page, team)),
    )


# the commands


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py team",
        description="The team server, and the people who may use it.",
        epilog=(
            "python build.py team --url https://tract.example.org   start the server\n"
            "python build.py team invite NAME --translate ar --review ar   invite someone\n"
            "python build.py team people                            who is on the team\n"
            "python build.py team revoke NAME                       sign someone out for good"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("action", nargs="?", choices=("invite", "people", "revoke"))
    p.add_argument("name", nargs="?", help="the person's display name (a pseudonym is fine)")
    p.add_argument(
        "--url", default="", help="the address people open, e.g. https://tract.example.org"
    )
    p.add_argument("--port", type=int, default=8100, help="port on 127.0.0.1 (default 8100)")
    p.add_argument("--jobs", type=int, default=0, metavar="N", help="layout processes")
    p.add_argument(
        "--push", default="", metavar="REMOTE", help="push every commit to this git remote"
    )
    p.add_argument(
        "--trusted-proxy",
        default="",
        metavar="ADDRESS",
        help="the reverse proxy's address: only its X-Forwarded-For is believed",
    )
    p.add_argument(
        "--data", default="", metavar="FOLDER", help=f"the team's data (default {DATA}/)"
    )
    p.add_argument("--translate", default="", metavar="L,..", help="languages they translate")
    p.add_argument("--review", default="", metavar="L,..", help="languages they review and confirm")
    p.add_argument("--staff", action="store_true", help="they invite, revoke and make releases")
    return p


def cmd_team(argv: list[str], root: Path) -> int:
    args = parser().parse_args(argv)
    people = People(Path(args.data) if args.data else root / DATA)
    if args.action is None:
        return _serve(args, root, people)
    if args.action != "people" and not args.name:
        return usage(f"say whom: python build.py team {args.action} NAME")
    if args.action == "invite":
        return _invite(args, root, people)
    if args.action == "revoke":
        try:
            people.revoke(args.name)
        except Refusal as refused:
            return usage(str(refused))
        print(f"{args.name} is revoked: every device of theirs is signed out now.")
        return EXIT_OK
    _print_people(people)
    return EXIT_OK


def _invite(args: argparse.Namespace, root: Path, people: People) -> int:
    url = (args.url or people.setting("url")).rstrip("/")
    if not url:
        return usage(
            "the team server has not run here yet, so the invitation does not know its "
            "address: start it once with --url, or give --url here"
        )
    project, _ = load_project(root)
    langs = set(project.languages[1:]) if project is not None else set()
    translate, review = _languages(args.translate), _languages(args.review)
    if (translate | review) - langs:
        unknown = ", ".join(sorted((translate | review) - langs))
        return usage(f"{unknown}: not a language translated here ({', '.join(sorted(langs))})")
    try:
        token = people.invite(args.name, grants_of(args.staff, translate, review))
    except Refusal as refused:
        return usage(str(refused))
    print(
        f"Send this link to {args.name}, and to nobody else: it works once, within "
        f"{INVITATION_DAYS} days, and signs in the phone or computer they open it on."
    )
    print(f"{url}/join/{token}")
    return EXIT_OK


def _print_people(people: People) -> None:
    rows = [("name", "may", "devices", "")]
    for member in people.members():
        person = member.person
        may = ", ".join(
            ["staff"] * person.may(Permission.STAFF)
            + [f"translates {', '.join(person.languages(Permission.TRANSLATE))}"]
            * bool(person.languages(Permission.TRANSLATE))
            + [f"reviews {', '.join(person.languages(Permission.REVIEW))}"]
            * bool(person.languages(Permission.REVIEW))
        )
        signed_in = sum(not d.revoked for d in member.devices)
        state = "revoked" if member.revoked else "invited" if member.invited else ""
        rows.append((person.name, may, str(signed_in), state))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _serve(args: argparse.Namespace, root: Path, people: People) -> int:
    url = args.url.rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        return usage("--url is the address people open, e.g. --url https://tract.example.org")
    project, _ = load_project(root)
    if project is None:
        return usage("the project files cannot be read; python build.py check says why")
    try:
        history = History(root, args.push)
        listening = listen("127.0.0.1", args.port)
    except NotARepository as refused:
        return usage(str(refused))
    except OSError as exc:
        return usage(
            f"cannot serve on port {args.port} ({exc.strerror}); try --port {args.port + 1}"
        )
    port = listening.getsockname()[1]
    people.set("url", url)
    options = Options(jobs=args.jobs, draft=True)  # the team sees drafts; a release refuses them
    workspace = Workspace(root, True, written=history.record)
    history.attach(workspace)
    history.start_pushing()
    gate = TeamGate(people, url.startswith("https://"), args.trusted_proxy)
    data = people.folder
    team = Team(
        people, gate, Limiter(), Releases(root, data, args.jobs), history, url,
        tuple(project.languages[1:]),
    )  # fmt: skip
    live = Live()
    app = make_app(
        Context(root, workspace, live, gate),
        (*team_routes(team), *ROUTES),
        Origins.loopback(port, public=f"{parts.scheme}://{parts.netloc}"),
    )
    pool = start_workers(args.jobs)

    def announce() -> None:
        print(
            f"\nThe team server answers at {url} (on this machine: http://127.0.0.1:{port}/). "
            "Invite someone with: python build.py team invite NAME --translate LANG. "
            "Press Ctrl-C to stop.",
            flush=True,
        )

    try:
        return run(Loop(root, options, live, workspace, pool), Server(app, listening), announce)
    finally:
        history.close()
