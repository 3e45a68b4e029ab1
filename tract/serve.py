"""`python build.py serve`: the catalog on 127.0.0.1, rebuilt after every edit, and open pages
that reload by themselves (server-sent events), so staff and translators watch instead of read."""

from __future__ import annotations

import argparse
import dataclasses
import hmac
import json
import re
import secrets
import sys
import threading
import time
import traceback
from functools import partial
from http.cookies import SimpleCookie
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import watchfiles

from tract.layout.workers import Pool, start_workers
from tract.pipeline import Options, build
from tract.problems import Problem
from tract.render.templates import pages_environment
from tract.report import EXIT_OK, Report, print_report, usage
from tract.source.load import load_project
from tract.translate import editor

WATCHED = ("content", "templates", "seeds")
EDIT = re.compile(r"/edit/([a-z]{2,3})/([a-z0-9][a-z0-9.-]*)")
FONT = re.compile(r"/_tract/font/([a-z]{2,3})/(\d{1,3})")
STATE = re.compile(r"/_tract/state/([a-z]{2,3})/([a-z0-9][a-z0-9.-]*)")
SESSION = "tract_session"
MAX_REQUEST = 64_000  # bytes: one text, with room to spare
EVENTS = "/_tract/events"
KEEPALIVE_SECONDS = 15


@dataclasses.dataclass(frozen=True)
class State:
    """What an open page needs to know: which build it should show, and what is going on."""

    build: str = ""
    building: bool = False
    crash: str = ""


class Live:
    """The state the build loop publishes and every open page's event stream waits on."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._state = State()
        self._stopping = False
        self.problems: tuple[Problem, ...] = ()  # the last build's, for the editor's rows

    @property
    def state(self) -> State:
        with self._changed:
            return self._state

    def publish(self, building: bool, crash: str = "", build: str = "") -> None:
        """Tell every page; `build` names a newly finished build, which makes them reload."""
        with self._changed:
            self._state = State(build or self._state.build, building, crash)
            self._changed.notify_all()

    def wait(self, seen: State | None, timeout: float) -> State | None:
        """The state once it differs from `seen` (or after `timeout`); None when stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self._stopping or self._state != seen, timeout)
            return None if self._stopping else self._state

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()


# Added to every HTML page served: a small badge, and a reload when a newer build is ready.
LIVE_SNIPPET = """
<style>
#tract-live { position: fixed; right: 12px; bottom: 12px; z-index: 9; max-width: calc(100% - 24px);
  padding: 6px 12px; border-radius: 999px; font: 600 13px/1.4 system-ui, sans-serif;
  background: #e6f2ea; color: #2f6f4a; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
#tract-live.busy { background: #fbf1dc; color: #8a5a00; }
#tract-live.fail { border-radius: 10px; background: #fbe9e7; color: #a8322d; }
#tract-live.off { background: #efedea; color: #6b6461; }
#tract-live.quiet { display: none; }
</style>
<div id="tract-live" role="status">Live: this page follows your edits</div>
<script>
(() => {
  const shown = __BUILD__;
  const badge = document.getElementById("tract-live");
  let quiet;
  const say = (text, tone) => {
    badge.textContent = text;
    badge.className = tone;
    clearTimeout(quiet);
    if (!tone) quiet = setTimeout(() => { badge.className = "quiet"; }, 4000);
  };
  const events = new EventSource("__EVENTS__");
  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (state.build !== shown) { location.reload(); return; }
    if (state.building) say("Building your changes…", "busy");
    else if (state.crash) say(`The build stopped: ${state.crash} (see the terminal)`, "fail");
    else say("Live: this page follows your edits", "");
  };
  events.onerror = () => say("The preview has stopped: run python build.py serve again", "off");
  // in the preview, each translation on the catalog opens in the editor
  for (const card of document.querySelectorAll("[data-edit]")) {
    const link = Object.assign(document.createElement("a"), {
      href: "/" + card.dataset.edit, className: "edit", textContent: "Translate in the browser",
    });
    card.querySelector("header").after(link);
  }
})();
</script>
"""


class Handler(SimpleHTTPRequestHandler):
    """Files from output/, never cached, HTML with the live snippet, the event stream, and the
    editor. Every request must name this server's own address as its Host (another name that
    points here is a DNS-rebinding page); the editor needs the session's cookie, and a change
    also its secret in a header and this server's own Origin."""

    server: Server

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        parts = urlsplit(self.path)
        path = parts.path
        if parse_qs(parts.query).get("session") == [self.server.secret]:
            self._start_session(path)
            return
        if path == EVENTS:
            self._events()
            return
        font = FONT.fullmatch(path)
        if font:
            self._font(font.group(1), int(font.group(2)))
            return
        for pattern, state in ((EDIT, False), (STATE, True)):
            found = pattern.fullmatch(path)
            if found:
                if self._has_session(page=not state):
                    self._editor(found.group(1), found.group(2), state)
                return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file() and path.endswith(("/", ".html")):
            self._page(file)
            return
        super().do_GET()

    def do_POST(self) -> None:
        if not (self._host_ok() and self._may_change()):
            return
        action = urlsplit(self.path).path
        if action not in ACTIONS:
            self._json(404, {"error": "there is nothing to do at this address"})
            return
        try:
            data = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            if not isinstance(data, dict) or not all(
                isinstance(v, str | None) for v in data.values()
            ):
                raise ValueError
            answer = ACTIONS[action](self.server.root, data)
        except (ValueError, KeyError):
            self._json(400, {"error": "the request was not understood"})
        except editor.Refused as refused:
            self._json(400, {"error": str(refused)})
        else:
            self._json(200, answer)

    def _host_ok(self) -> bool:
        port = self.server.server_port
        if self.headers.get("Host") in (f"127.0.0.1:{port}", f"localhost:{port}"):
            return True
        self._json(403, {"error": "this preview answers only at 127.0.0.1"})
        return False

    def _has_session(self, page: bool = False) -> bool:
        """Whether the request carries this session's cookie; if not, says so (to a person
        opening the editor, as a page)."""
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        if SESSION in cookie and hmac.compare_digest(cookie[SESSION].value, self.server.secret):
            return True
        said = "open the address python build.py serve printed in the terminal"
        if page:
            body = f"<!DOCTYPE html><title>tract</title><p>To translate here, {said}.</p>"
            self._send(403, "text/html; charset=utf-8", body.encode())
        else:
            self._json(403, {"error": said})
        return False

    def _may_change(self) -> bool:
        """A change comes from this server's own page: its Origin, the session's cookie and
        the secret in a header no other site can set; small, and JSON."""
        host = self.headers.get("Host", "")
        secret = self.headers.get("X-Tract-Session", "")
        length = self.headers.get("Content-Length") or "0"
        size = int(length) if length.isdigit() else -1
        if self.headers.get("Origin") != f"http://{host}":
            self._json(403, {"error": "changes are accepted only from this preview's own pages"})
        elif not hmac.compare_digest(secret, self.server.secret):
            self._json(403, {"error": "open the address python build.py serve printed"})
        elif not self._has_session():
            pass
        elif not 0 < size <= MAX_REQUEST:
            self._json(413, {"error": "the request is too large"})
        elif self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            self._json(415, {"error": "the request was not understood"})
        else:
            return True
        return False

    def _start_session(self, path: str) -> None:
        """The address serve printed: keep its secret in a cookie only this server gets."""
        self.send_response(303)
        self.send_header(
            "Set-Cookie", f"{SESSION}={self.server.secret}; Path=/; HttpOnly; SameSite=Strict"
        )
        self.send_header("Location", path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _editor(self, lang: str, doc: str, state: bool) -> None:
        try:
            page = editor.editor_page(self.server.root, doc, lang, self.server.live.problems)
        except editor.Refused as refused:
            self._json(404, {"error": str(refused)})
            return
        if state:
            self._json(200, _state(page, self.server.live.state.build))
            return
        html = (
            pages_environment()
            .get_template("editor.html.j2")
            .render(**page, secret=self.server.secret)
        )
        self._send(200, "text/html; charset=utf-8", html.encode())

    def _font(self, lang: str, number: int) -> None:
        """One file of a language's fonts, for the editor's fields: only files its stack names."""
        project, _ = load_project(self.server.root)
        language = project.lang.get(lang) if project is not None else None
        faces = editor.language_faces(language) if language is not None else []
        if not 0 <= number < len(faces):
            self._json(404, {"error": "there is no such font"})
            return
        self._send(200, "font/ttf", faces[number][1].path.read_bytes())

    def _json(self, code: int, data: dict[str, Any]) -> None:
        self._send(code, "application/json", json.dumps(data, ensure_ascii=False).encode())

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        # the files change under the browser's feet: make it ask again every time
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Staff do not need a line per request; the build's own output says what matters."""

    def _page(self, file: Path) -> None:
        snippet = LIVE_SNIPPET.replace(
            "__BUILD__", json.dumps(self.server.live.state.build)
        ).replace("__EVENTS__", EVENTS)
        html = file.read_text(encoding="utf-8")
        at = html.rfind("</body>")
        body = (html[:at] + snippet + html[at:] if at >= 0 else html + snippet).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        seen = None
        try:
            while (state := self.server.live.wait(seen, KEEPALIVE_SECONDS)) is not None:
                if state == seen:
                    self.wfile.write(b": still here\n\n")  # finds out when the page is gone
                else:
                    data = json.dumps(dataclasses.asdict(state))
                    self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()
                seen = state
        except (BrokenPipeError, ConnectionResetError):
            return


class Server(ThreadingHTTPServer):
    """output/ over HTTP on 127.0.0.1 only: nobody else on the network sees the drafts."""

    def __init__(self, port: int, root: Path, live: Live) -> None:
        super().__init__(("127.0.0.1", port), partial(Handler, directory=str(root / "output")))
        self.root = root
        self.live = live
        self.secret = secrets.token_urlsafe(24)  # this session's: handed over in the address


def _save(root: Path, data: dict[str, Any]) -> dict[str, Any]:
    saved = editor.save(
        root, data["doc"], data["lang"], data["key"], data["value"], data["base"], data.get("was")
    )
    conflict = dataclasses.asdict(saved.conflict) if saved.conflict else None
    problems = [] if conflict else _problems(root, data["doc"], data["lang"], data["key"])
    return {
        "version": saved.version,
        "merged": saved.merged,
        "conflict": conflict,
        "problems": problems,
    }


def _check(root: Path, data: dict[str, Any]) -> dict[str, Any]:
    found = editor.check_value(root, data["doc"], data["lang"], data["key"], data["value"])
    return {"problems": [str(p) for p in found]}


def _confirm(root: Path, data: dict[str, Any]) -> dict[str, Any]:
    return {"said": editor.confirm(root, data["doc"], data["lang"])}


def _problems(root: Path, doc: str, lang: str, key: str) -> list[str]:
    row = next(r for r in editor.editor_page(root, doc, lang)["rows"] if key.startswith(r.key))
    return list(row.messages)


def _state(page: dict[str, Any], build: str) -> dict[str, Any]:
    """What the editor refreshes after a build: each row's status, messages and picture."""
    rows = []
    for row in page["rows"]:
        spot = dataclasses.asdict(row.picture.spot) if row.picture else None
        picture = {**spot, "src": row.picture.src} if row.picture and spot else None
        rows.append(
            {
                "key": row.key,
                "status": row.status,
                "messages": list(row.messages),
                "picture": picture,
            }
        )
    return {
        "build": build,
        "version": page["version"],
        "counts": page["counts"],
        "rows": rows,
        "fit": page["fit"],
    }


ACTIONS = {"/_tract/save": _save, "/_tract/check": _check, "/_tract/confirm": _confirm}


def cmd_serve(args: argparse.Namespace, root: Path) -> int:
    """Build, serve output/ on 127.0.0.1 and rebuild on every edit until Ctrl-C."""
    if not 0 <= args.port <= 65535:
        return usage("--port must be between 1 and 65535 (or 0 for any free port)")
    live = Live()
    try:
        server = Server(args.port, root, live)
    except OSError as exc:
        return usage(
            f"cannot serve on port {args.port} ({exc.strerror}); "
            f"try another one, e.g. --port {args.port + 1}"
        )
    options = Options.of(args)
    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    pool = start_workers(args.jobs)  # warm for the whole session: an edit waits for no import
    try:
        started = time.time()
        first = _rebuild(root, options, live, pool)
        if first is not None and first.usage_error:
            return usage(first.usage_error)
        if first is None or not first.interrupted:
            thread.start()
            print(
                f"\nOpen http://127.0.0.1:{server.server_port}/?session={server.secret} in your "
                "browser: it shows every document, follows your edits and lets you translate "
                "(the address is this session's key: do not share it). Press Ctrl-C to stop.",
                flush=True,
            )
            _watch(root, dataclasses.replace(options, force=False), live, pool, started)
    except KeyboardInterrupt:
        pass
    finally:
        if pool is not None:
            pool.close()
        live.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    print("\nStopped.", flush=True)
    return EXIT_OK


class Builds:
    """The builds after edits, one at a time, each in a thread of its own so that the watcher
    sees a newer edit while one runs: that build then starts no further layout (those under
    way finish) and the newer one starts, instead of queueing behind it."""

    def __init__(self, root: Path, options: Options, live: Live, pool: Pool | None) -> None:
        self.args = (root, options, live, pool)
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, edited: list[str]) -> None:
        """A build of what is out of date, what is made of the files just `edited` first."""
        if self.finish():
            print("The build under way stopped for this newer change.", flush=True)
        self.stop = threading.Event()
        root, options, live, pool = self.args
        options = dataclasses.replace(options, first=tuple(edited))
        self.thread = threading.Thread(
            target=_rebuild, args=(root, options, live, pool, self.stop), name="build", daemon=True
        )
        self.thread.start()

    def finish(self) -> bool:
        """Stop the build under way, if any, once its layouts in progress are done; whether
        one was under way."""
        if self.thread is None or not self.thread.is_alive():
            return False
        self.stop.set()
        self.thread.join()
        return True


def _watch(root: Path, options: Options, live: Live, pool: Pool | None, since: float) -> None:
    """Rebuild after every edit. Files edited after `since` (while the first build ran, before
    the watcher was set up) are caught up with as soon as it is."""
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    builds = Builds(root, options, live, pool)
    caught_up = False
    try:
        # yield_on_timeout: an empty first round says the watcher is running
        for changes in watchfiles.watch(*folders, rust_timeout=500, yield_on_timeout=True):
            names = _changed(changes, root)
            if not caught_up:
                names, caught_up = sorted({*names, *_edited_since(root, since)}), True
            if names:
                print(f"\n{', '.join(names)} changed: building…", flush=True)
                builds.start(names)
    finally:
        builds.finish()


def _edited_since(root: Path, since: float) -> list[str]:
    return [
        path.relative_to(root).as_posix()
        for name in WATCHED
        for path in (root / name).rglob("*")
        if path.is_file() and path.stat().st_mtime > since
    ]


def _changed(changes: set[tuple[watchfiles.Change, str]], root: Path) -> list[str]:
    """The files a person changed, without the temporary files editors come and go with."""
    added = {path for change, path in changes if change == watchfiles.Change.added}
    return sorted(
        {
            Path(path).relative_to(root).as_posix()
            for _, path in changes
            if Path(path).exists() or path not in added
        }
    )


def _rebuild(
    root: Path,
    options: Options,
    live: Live,
    pool: Pool | None,
    stop: threading.Event | None = None,
) -> Report | None:
    """Build through the pipeline and tell the open pages; None when the build crashed."""
    live.publish(building=True)
    try:
        report = build(root, options, pool=pool, stop=stop)
    except Exception as exc:  # a bug, not a content mistake: keep serving and say so
        traceback.print_exc()
        live.publish(building=False, crash=f"{type(exc).__name__}: {exc}")
        return None
    if report.superseded or report.interrupted or report.usage_error:
        return report
    live.problems = tuple(report.problems)
    print_report(report, "build")
    sys.stdout.flush()
    live.publish(building=False, build=str(time.time_ns()))
    return report
