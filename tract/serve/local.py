"""`python build.py serve`: the catalog on 127.0.0.1, rebuilt after every edit, open pages
that reload by themselves, and the editor, for the one person at this computer.

The address printed carries this session's secret; opening it keeps the secret in a cookie
only this server gets. Whoever has it may do everything, as at the keyboard; without it, a
page of this computer may read the catalog and the files, as from the disk, and change
nothing.
"""

from __future__ import annotations

import argparse
import hmac
import secrets
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tract.layout.workers import start_workers
from tract.pipeline import Options
from tract.report import usage
from tract.serve.access import OWNER, Person
from tract.serve.app import Origins, make_app
from tract.serve.live import Live, Loop, run
from tract.serve.routes import ROUTES, Context
from tract.serve.server import Server, listen
from tract.serve.workspace import Workspace

SESSION = "tract_session"


class SecretGate:
    """serve's one secret: in the printed address once, then in a cookie."""

    open_to_read = True  # the catalog and the files, as anyone on this computer reads output/

    def __init__(self) -> None:
        self.secret = secrets.token_urlsafe(24)

    def person(self, request: Request) -> Person | None:
        cookie = request.cookies.get(SESSION, "")
        return OWNER if hmac.compare_digest(cookie.encode(), self.secret.encode()) else None

    def token(self, request: Request) -> str:
        return self.secret

    def enter(self, request: Request) -> Response | None:
        """The address serve printed: keep its secret in a cookie only this server gets."""
        given = request.query_params.get("session", "")
        if not given or not hmac.compare_digest(given.encode(), self.secret.encode()):
            return None
        response = RedirectResponse(request.url.path, 303)
        response.set_cookie(SESSION, self.secret, path="/", httponly=True, samesite="strict")
        return response

    def menu(self, request: Request, person: Person | None) -> list[tuple[str, str]]:
        return []  # one person, who may do everything: no one's pages to list

    def signed_out(self, request: Request) -> str:
        return "To translate here, open the address python build.py serve printed in the terminal."


def cmd_serve(args: argparse.Namespace, root: Path) -> int:
    """Build, serve output/ and the editor on 127.0.0.1 and rebuild on every edit until
    Ctrl-C."""
    if not 0 <= args.port <= 65535:
        return usage("--port must be between 1 and 65535 (or 0 for any free port)")
    try:
        listening = listen("127.0.0.1", args.port)
    except OSError as exc:
        return usage(
            f"cannot serve on port {args.port} ({exc.strerror}); "
            f"try another one, e.g. --port {args.port + 1}"
        )
    port = listening.getsockname()[1]
    options = Options.of(args)
    live, workspace, gate = Live(), Workspace(root, options.draft), SecretGate()
    app = make_app(Context(root, workspace, live, gate), ROUTES, Origins.loopback(port))
    pool = start_workers(args.jobs)  # warm for the whole session: an edit waits for no import

    def announce() -> None:
        print(
            f"\nOpen http://127.0.0.1:{port}/?session={gate.secret} in your "
            "browser: it shows every document, follows your edits and lets you translate "
            "(the address is this session's key: do not share it). Press Ctrl-C to stop.",
            flush=True,
        )

    return run(Loop(root, options, live, workspace, pool), Server(app, listening), announce)
