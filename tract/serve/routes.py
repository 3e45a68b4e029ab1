"""Every address the server answers, as one table: method, path, who may call it, handler.

The app (app.py) checks the person and the permission a route names before its handler runs,
whatever the page shows; a handler only does its work. `serve` serves ROUTES; the team server
puts its own routes before them and shares these.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    Response,
    StreamingResponse,
)

from tract.render.templates import pages_environment
from tract.serve.access import Permission, Person
from tract.serve.live import Live
from tract.serve.words import chosen
from tract.serve.workspace import Workspace
from tract.variants import OUTPUT

KEEPALIVE_SECONDS = 15
STATIC = Path(__file__).parents[1] / "pages" / "static"
STATIC_TYPES = {".js": "text/javascript", ".css": "text/css"}


class Gate(Protocol):
    """How a request comes to be a person's: serve's one secret, or the team's sessions."""

    open_to_read: bool  # whether reading needs no person

    def person(self, request: Request) -> Person | None: ...

    def menu(self, request: Request, person: Person | None) -> list[tuple[str, str]]:
        """The links at the top of every page, (label, address)."""
        ...

    def token(self, request: Request) -> str:
        """The token the page sends back with each change (X-Tract-Session)."""
        ...

    def enter(self, request: Request) -> Response | None:
        """A request that signs a browser in, answered; None for any other."""
        ...

    def signed_out(self, request: Request) -> str:
        """What to do to sign in, in one sentence."""
        ...


@dataclass(frozen=True)
class Context:
    """What every handler may use."""

    root: Path
    workspace: Workspace
    live: Live
    gate: Gate


@dataclass(frozen=True)
class Call:
    """One request, once the app has let it through: who sends it, the path's parameters and
    the JSON of a change."""

    request: Request
    person: Person | None
    params: dict[str, str]
    data: dict[str, str | None]
    context: Context

    def text(self, name: str) -> str:
        value = self.data.get(name)
        if not isinstance(value, str):
            raise KeyError(name)
        return value


Handler = Callable[[Call], Response] | Callable[[Call], Awaitable[Response]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # with {name} parameters, as Starlette reads them
    permission: Permission | None  # None: anyone, signed in or not
    handler: Handler


def render_page(template: str, code: int = 200, /, **values: Any) -> HTMLResponse:
    """One of tract's own pages (tract/pages/), rendered; `code` is its HTTP status."""
    html = pages_environment().get_template(template).render(**values)
    return HTMLResponse(html, code)


def error(status: int, said: str) -> JSONResponse:
    return JSONResponse({"error": said}, status)


# the handlers


REVIEW_ORDER = {"stale": 0, "unreviewed": 1, "broken": 2, "missing": 3, "done": 4}


def editor_page(call: Call) -> Response:
    lang, doc = call.params["lang"], call.params["doc"]
    page = call.context.workspace.page(doc, lang)
    review_first = call.request.query_params.get("order") == "review"
    if review_first:  # what awaits a reviewer first, each in the file's order
        rows = tuple(sorted(page.page.rows, key=lambda row: REVIEW_ORDER[row.status]))
        page = dataclasses.replace(page, page=dataclasses.replace(page.page, rows=rows))
    person = call.person
    return render_page(
        "editor.html.j2",
        **page.names(),
        **live_values(call),
        token=call.context.gate.token(call.request),
        may_confirm=person is not None and person.may(Permission.REVIEW, lang),
        review_first=review_first,
    )


def live_values(call: Call) -> dict[str, Any]:
    """What the live badge, the menu and the scripts of every page need."""
    person, gate = call.person, call.context.gate
    return {
        "w": chosen(call.request),
        "build": call.context.live.state.build,
        "menu": gate.menu(call.request, person),
        "person": person,
        "mode": "serve" if gate.open_to_read else "team",
        "translates": " ".join(person.languages(Permission.TRANSLATE)) if person else "",
        "here": call.request.url.path,
    }


def editor_state(call: Call) -> Response:
    """What the editor refreshes after a build: each row's status, messages and picture."""
    lang, doc = call.params["lang"], call.params["doc"]
    page = call.context.workspace.page(doc, lang)
    return JSONResponse(page.state(call.context.live.state.build).to_json())


def font(call: Call) -> Response:
    """One file of a language's fonts, for the editor's fields: only files its stack names."""
    number = call.params["number"]
    path = (
        call.context.workspace.font(call.params["lang"], int(number)) if number.isdigit() else None
    )
    if path is None:
        return error(404, "there is no such font")
    return FileResponse(path, media_type="font/ttf")


def save(call: Call) -> Response:
    person = call.person
    assert person is not None
    was = call.data.get("was")
    reply = call.context.workspace.save(
        person.name,
        call.text("doc"),
        call.text("lang"),
        call.text("key"),
        call.text("value"),
        call.text("base"),
        was if isinstance(was, str) else None,
    )
    return JSONResponse(reply.to_json())


def check(call: Call) -> Response:
    found = call.context.workspace.check(
        call.text("doc"), call.text("lang"), call.text("key"), call.text("value")
    )
    return JSONResponse({"problems": list(found)})


def confirm(call: Call) -> Response:
    person = call.person
    assert person is not None
    done = call.context.workspace.confirm(person.name, call.text("doc"), call.text("lang"))
    w = chosen(call.request)
    if done.refused:
        return error(400, str(done))
    said = [w("editor.confirmed", count=done.count)]
    said += [w("editor.confirmed_missing", count=done.missing)] * bool(done.missing)
    said += [w("editor.confirmed_broken", count=done.broken)] * bool(done.broken)
    return JSONResponse({"said": " ".join(said)})


async def events(call: Call) -> Response:
    """The build's state as server-sent events, for as long as the page is open."""

    async def stream() -> AsyncIterator[str]:
        live, seen = call.context.live, None
        while (state := await live.next(seen, KEEPALIVE_SECONDS)) is not None:
            if state == seen:
                yield ": still here\n\n"  # finds out when the page is gone
            else:
                yield f"data: {json.dumps(dataclasses.asdict(state))}\n\n"
            seen = state

    return StreamingResponse(stream(), media_type="text/event-stream")


def static(call: Call) -> Response:
    """The pages' own scripts and styles: only the files tract ships."""
    name = call.params["name"]
    path = STATIC / name
    if "/" in name or path.suffix not in STATIC_TYPES or not path.is_file():
        return error(404, "there is nothing at this address")
    return FileResponse(path, media_type=STATIC_TYPES[path.suffix])


def output_file(call: Call) -> Response:
    """A file the build made, from output/; an HTML page with the live badge added."""
    folder = (call.context.root / OUTPUT).resolve()
    wanted = call.params["path"]
    path = (folder / wanted).resolve()
    if not path.is_relative_to(folder) or any(
        part.startswith(".") for part in path.relative_to(folder).parts
    ):
        return error(404, "there is nothing at this address")
    if path.is_dir():
        if wanted and not wanted.endswith("/"):
            return Response(status_code=307, headers={"Location": f"/{wanted}/"})
        path = path / "index.html"
    if not path.is_file():
        return error(404, "there is nothing at this address")
    if path.suffix == ".html":
        return HTMLResponse(_with_live(path.read_text(encoding="utf-8"), call))
    return FileResponse(path, content_disposition_type="inline")


def _with_live(html: str, call: Call) -> str:
    """A page of the build with the live badge and, on the team server, the menu."""
    values = live_values(call)
    env = pages_environment()
    badge = env.get_template("live.html.j2").render(**values)
    menu = env.get_template("menu.html.j2").render(**values)
    at = html.rfind("</body>")
    html = html[:at] + badge + html[at:] if at >= 0 else html + badge
    start = html.find("<body")
    opened = html.find(">", start) + 1 if start >= 0 else 0
    return html[:opened] + menu + html[opened:]


ROUTES: tuple[Route, ...] = (
    Route("GET", "/_tract/static/{name}", None, static),
    Route("GET", "/_tract/events", Permission.READ, events),
    Route("GET", "/_tract/state/{lang}/{doc}", Permission.TRANSLATE, editor_state),
    Route("GET", "/_tract/font/{lang}/{number}", Permission.READ, font),
    Route("POST", "/_tract/save", Permission.TRANSLATE, save),
    Route("POST", "/_tract/check", Permission.TRANSLATE, check),
    Route("POST", "/_tract/confirm", Permission.REVIEW, confirm),
    Route("GET", "/edit/{lang}/{doc}", Permission.TRANSLATE, editor_page),
    Route("GET", "/{path:path}", Permission.READ, output_file),  # last: anything else
)
