"""The web app: the route table made into an ASGI application, with the checks every request
passes before a handler runs.

In order: the Host must be one of the server's own names (another name pointing here is a
DNS-rebinding page); the route's permission needs a person (from the gate); a change needs
this server's own Origin, the page's token in a header no other site can set, and a small
JSON body; then the person must hold the permission, for the language the request names.
Every answer carries headers that keep pages from being framed, sniffed or leaking their
address, and pages a policy that runs no script but the server's own files.
"""

from __future__ import annotations

import hmac
import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from markupsafe import escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route as Endpoint
from starlette.routing import Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tract.render.words import Words
from tract.serve.access import Permission, Person
from tract.serve.routes import Call, Context, Route, error
from tract.serve.words import chosen
from tract.translate.editor import Refused

MAX_REQUEST = 64_000  # bytes: one text, with room to spare
HEADERS = (
    (b"cache-control", b"no-cache"),  # the files change under the browser's feet
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # an invitation's address never leaves in a Referer
    (b"x-frame-options", b"DENY"),
)
POLICY = (
    b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    b"base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Origins:
    """The server's own addresses: the Host names it answers to, each with its origin."""

    by_host: dict[str, str]  # "127.0.0.1:8000" → "http://127.0.0.1:8000"

    @classmethod
    def loopback(cls, port: int, public: str = "") -> Origins:
        """127.0.0.1 and localhost at `port`, and the public address (scheme://host) if any."""
        hosts = {f"{name}:{port}": f"http://{name}:{port}" for name in ("127.0.0.1", "localhost")}
        if public:
            hosts[public.split("://", 1)[1]] = public
        return cls(hosts)


def make_app(context: Context, routes: Sequence[Route], origins: Origins) -> ASGIApp:
    router = Router(
        [Endpoint(r.path, _endpoint(r, context, origins), methods=[r.method]) for r in routes]
    )
    return _Guard(router, origins)


def _endpoint(
    route: Route, context: Context, origins: Origins
) -> Callable[[Request], Awaitable[Response]]:
    """The route's handler behind the checks it needs."""

    async def endpoint(request: Request) -> Response:
        gate = context.gate
        entered = gate.enter(request) if request.method == "GET" else None
        if entered is not None:
            return entered
        person = gate.person(request)
        free = route.permission is Permission.READ and gate.open_to_read
        if route.permission is not None and person is None and not free:
            return _signed_out(request, gate.signed_out(request))
        data: dict[str, str | None] = {}
        if route.method == "POST" and route.permission is None:  # a form anyone may send
            if not _form_from_here(request, origins):
                return error(403, "changes are accepted only from this server's own pages")
        elif route.method == "POST":
            refused = _refuse_change(request, context, origins)
            if refused is not None:
                return refused
            body = await _body(request)
            if body is None:
                return error(400, "the request was not understood")
            data = body
        params = {k: str(v) for k, v in request.path_params.items()}
        if route.permission is not None and person is not None:
            lang = params.get("lang") or data.get("lang")
            if not person.may(route.permission, lang):
                return error(403, refusal(chosen(request), person, route.permission, lang))
        return await _run(route, Call(request, person, params, data, context))

    return endpoint


async def _run(route: Route, call: Call) -> Response:
    try:
        if inspect.iscoroutinefunction(route.handler):
            return await route.handler(call)  # type: ignore[no-any-return]
        return await run_in_threadpool(route.handler, call)  # type: ignore[arg-type]
    except Refused as refused:  # no such document or text: a page is not there, a change is wrong
        return error(404 if route.method == "GET" else 400, str(refused))
    except KeyError:
        return error(400, "the request was not understood")


def _signed_out(request: Request, said: str) -> Response:
    if request.url.path.startswith("/_tract/"):
        return error(401, said)
    body = f"<!DOCTYPE html><title>tract</title><p>{escape(said)}</p>"
    return HTMLResponse(body, 401)


def _form_from_here(request: Request, origins: Origins) -> bool:
    """Whether a form was sent from this server's own page. Under `no-referrer` a browser
    sends a form's Origin as "null"; its Sec-Fetch-Site, which no page can set, still says
    whether the page was ours."""
    origin = request.headers.get("origin", "")
    if origin == origins.by_host.get(request.headers.get("host", "")):
        return True
    return origin == "null" and request.headers.get("sec-fetch-site") == "same-origin"


def _refuse_change(request: Request, context: Context, origins: Origins) -> Response | None:
    """Why a change is refused, or None: it must come from this server's own page."""
    host = request.headers.get("host", "")
    token = request.headers.get("x-tract-session", "")
    length = request.headers.get("content-length") or ""
    if request.headers.get("origin") != origins.by_host.get(host):
        return error(403, "changes are accepted only from this server's own pages")
    if not hmac.compare_digest(token.encode(), context.gate.token(request).encode()):
        return error(403, "this page is out of date: open it again")
    if not length.isdigit() or not 0 < int(length) <= MAX_REQUEST:
        return error(413, "the request is too large")
    if request.headers.get("content-type", "").split(";")[0] != "application/json":
        return error(415, "the request was not understood")
    return None


async def _body(request: Request) -> dict[str, str | None] | None:
    """A change's JSON: an object of texts, never more than MAX_REQUEST bytes read."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_REQUEST:
            return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(v, str | None) for v in data.values()):
        return None
    return data


def refusal(w: Words, person: Person, permission: Permission, lang: str | None) -> str:
    """What a person may not do, and what they may do instead, in one sentence."""
    if permission is Permission.STAFF:
        return w("refuse.staff")
    review = person.languages(Permission.REVIEW)
    own = review if permission is Permission.REVIEW else person.languages(Permission.TRANSLATE)
    mine = ", ".join(own) if own else w("refuse.none")
    key = "refuse.review" if permission is Permission.REVIEW else "refuse.translate"
    return w(key, lang=lang or "", own=mine)


class _Guard:
    """Every request: its Host must be the server's own; every answer: the safe headers."""

    def __init__(self, app: ASGIApp, origins: Origins) -> None:
        self.app = app
        self.origins = origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")

        async def send_safely(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *HEADERS]
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if kind.startswith(b"text/html"):
                    headers.append((b"content-security-policy", POLICY))
                message = {**message, "headers": headers}
            await send(message)

        if host not in self.origins.by_host:
            response = error(403, "this server answers only at its own address")
            await response(scope, receive, send_safely)
            return
        await self.app(scope, receive, send_safely)
