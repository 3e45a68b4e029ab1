"""The live build loop: the watcher sees an edit, a build runs in a thread of its own, and
every open page's event stream hears what is going on.

One build at a time; a newer edit stops the one under way from starting more layouts and
starts the next, what was just edited first. Nothing here writes a content file: the
workspace does, and is told when files change on disk and what the last build found.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import watchfiles

from tract.layout.workers import Pool
from tract.pipeline import Options, build
from tract.report import EXIT_OK, Report, print_report, usage
from tract.serve.server import Server
from tract.serve.workspace import Workspace

WATCHED = ("content", "templates", "seeds")


@dataclasses.dataclass(frozen=True)
class State:
    """What an open page needs to know: which build it should show, and what is going on."""

    build: str = ""
    building: bool = False
    crash: str = ""


class Live:
    """The state the build loop publishes, and the event streams (coroutines of the server's
    loop) that wait on it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = State()
        self._stopping = False
        self._waiting: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    @property
    def state(self) -> State:
        with self._lock:
            return self._state

    def publish(self, building: bool, crash: str = "", build: str = "") -> None:
        """Tell every page; `build` names a newly finished build, which makes them reload."""
        with self._lock:
            self._state = State(build or self._state.build, building, crash)
        self._wake()

    async def next(self, seen: State | None, timeout: float) -> State | None:
        """The state once it differs from `seen` (or after `timeout`); None when stopping."""
        woken = asyncio.Event()
        waiter = (asyncio.get_running_loop(), woken)
        with self._lock:
            if self._stopping or self._state != seen:
                return None if self._stopping else self._state
            self._waiting.add(waiter)
        try:
            await asyncio.wait_for(woken.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            with self._lock:
                self._waiting.discard(waiter)
        with self._lock:
            return None if self._stopping else self._state

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
        self._wake()

    def _wake(self) -> None:
        with self._lock:
            waiting = list(self._waiting)
        for loop, woken in waiting:
            if not loop.is_closed():
                loop.call_soon_threadsafe(woken.set)


@dataclasses.dataclass(frozen=True)
class Loop:
    """What a build after an edit needs."""

    root: Path
    options: Options
    live: Live
    workspace: Workspace
    pool: Pool | None


class Builds:
    """The builds after edits, one at a time, each in a thread of its own so that the watcher
    sees a newer edit while one runs: that build then starts no further layout (those under
    way finish) and the newer one starts, instead of queueing behind it."""

    def __init__(self, loop: Loop) -> None:
        self.loop = loop
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, edited: list[str]) -> None:
        """A build of what is out of date, what is made of the files just `edited` first."""
        if self.finish():
            print("The build under way stopped for this newer change.", flush=True)
        self.stop = threading.Event()
        loop = dataclasses.replace(
            self.loop, options=dataclasses.replace(self.loop.options, first=tuple(edited))
        )
        self.thread = threading.Thread(
            target=rebuild, args=(loop, self.stop), name="build", daemon=True
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


def watch(loop: Loop, since: float) -> None:
    """Rebuild after every edit. Files edited after `since` (while the first build ran, before
    the watcher was set up) are caught up with as soon as it is."""
    root = loop.root
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    builds = Builds(loop)
    caught_up = False
    try:
        # yield_on_timeout: an empty first round says the watcher is running
        for changes in watchfiles.watch(*folders, rust_timeout=500, yield_on_timeout=True):
            names = _changed(changes, root)
            if not caught_up:
                names, caught_up = sorted({*names, *_edited_since(root, since)}), True
            if names:
                loop.workspace.forget(names)
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


def run(loop: Loop, server: Server, announce: Callable[[], None]) -> int:
    """Build, then serve and rebuild on every edit until Ctrl-C; the exit code."""
    try:
        started = time.time()
        first = rebuild(loop)
        if first is not None and first.usage_error:
            return usage(first.usage_error)
        if first is None or not first.interrupted:
            server.start()
            announce()
            options = dataclasses.replace(loop.options, force=False)
            watch(dataclasses.replace(loop, options=options), started)
    except KeyboardInterrupt:
        pass
    finally:
        if loop.pool is not None:
            loop.pool.close()
        loop.live.stop()
        server.stop()
    print("\nStopped.", flush=True)
    return EXIT_OK


def rebuild(loop: Loop, stop: threading.Event | None = None) -> Report | None:
    """Build through the pipeline and tell the open pages; None when the build crashed."""
    live = loop.live
    live.publish(building=True)
    try:
        report = build(loop.root, loop.options, pool=loop.pool, stop=stop)
    except Exception as exc:  # a bug, not a content mistake: keep serving and say so
        traceback.print_exc()
        live.publish(building=False, crash=f"{type(exc).__name__}: {exc}")
        return None
    if report.superseded or report.interrupted or report.usage_error:
        return report
    loop.workspace.built(report.problems)
    print_report(report, "build")
    sys.stdout.flush()
    live.publish(building=False, build=str(time.time_ns()))
    return report
