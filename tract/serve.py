"""`python build.py serve`: the catalog on 127.0.0.1, rebuilt after every edit, and open pages
that reload by themselves (server-sent events), so staff and translators watch instead of read."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import threading
import time
import traceback
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import watchfiles

from tract.pipeline import Options, build
from tract.report import EXIT_OK, Report, print_report, usage

WATCHED = ("content", "templates", "seeds")
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
})();
</script>
"""


class Handler(SimpleHTTPRequestHandler):
    """Files from output/, never cached, HTML with the live snippet, and the event stream."""

    server: Server

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file() and path.endswith(("/", ".html")):
            self._page(file)
            return
        super().do_GET()

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

    def __init__(self, port: int, output: Path, live: Live) -> None:
        super().__init__(("127.0.0.1", port), partial(Handler, directory=str(output)))
        self.live = live


def cmd_serve(args: argparse.Namespace, root: Path) -> int:
    """Build, serve output/ on 127.0.0.1 and rebuild on every edit until Ctrl-C."""
    if not 0 <= args.port <= 65535:
        return usage("--port must be between 1 and 65535 (or 0 for any free port)")
    live = Live()
    try:
        server = Server(args.port, root / "output", live)
    except OSError as exc:
        return usage(
            f"cannot serve on port {args.port} ({exc.strerror}); "
            f"try another one, e.g. --port {args.port + 1}"
        )
    options = Options.of(args)
    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    try:
        first = _rebuild(root, options, live)
        if first is not None and first.usage_error:
            return usage(first.usage_error)
        if first is None or not first.interrupted:
            thread.start()
            print(
                f"\nOpen http://127.0.0.1:{server.server_port}/ in your browser: it shows "
                "every document and follows your edits. Press Ctrl-C to stop.",
                flush=True,
            )
            # an edit usually touches one language: laying it out here beats starting workers
            _watch(root, dataclasses.replace(options, force=False, jobs=args.jobs or 1), live)
    except KeyboardInterrupt:
        pass
    finally:
        live.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    print("\nStopped.", flush=True)
    return EXIT_OK


def _watch(root: Path, options: Options, live: Live) -> None:
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    for changes in watchfiles.watch(*folders):
        names = _changed(changes, root)
        if not names:
            continue
        print(f"\n{', '.join(names)} changed: building…", flush=True)
        report = _rebuild(root, options, live)
        if report is not None and report.interrupted:
            return


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


def _rebuild(root: Path, options: Options, live: Live) -> Report | None:
    """Build through the pipeline and tell the open pages; None when the build crashed."""
    live.publish(building=True)
    try:
        report = build(root, options)
    except Exception as exc:  # a bug, not a content mistake: keep serving and say so
        traceback.print_exc()
        live.publish(building=False, crash=f"{type(exc).__name__}: {exc}")
        return None
    if report.interrupted or report.usage_error:
        return report
    print_report(report, "build")
    sys.stdout.flush()
    live.publish(building=False, build=str(time.time_ns()))
    return report
