"""A small pool of worker processes for laying out PDFs, with a time limit per document.

Each worker is spawned (never forked) and imports the work function by name, so WeasyPrint is
imported once per worker and never in the main process. The pool starts before the build has
even read its files, so the workers' imports overlap the checking. It is ours rather than
concurrent.futures' because a document that hangs must be stopped alone: its worker is killed
and replaced, the rest go on.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import itertools
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

CONTEXT = mp.get_context("spawn")
PRODUCE = "tract.layout.produce:produce"  # what a layout worker does with a job, imported by name


@dataclass(frozen=True)
class Failure:
    """A job that produced no result: it hung past the limit or its worker died."""

    key: Any  # the job's own key
    reason: str


def load(name: str) -> Callable[[Any], Any]:
    """The function named "package.module:function"."""
    module, function = name.split(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


@contextlib.contextmanager
def _libraries_from_ldconfig() -> Iterator[None]:
    """While a worker imports its work (WeasyPrint), ctypes looks libraries up in the system's
    library cache only. WeasyPrint tries up to six spellings of each native library, and on
    Linux every miss makes ctypes.util.find_library run the C compiler and the linker, in
    every worker (README, Performance). The spelling that exists is the soname, which the
    system's loader opens without any lookup."""
    quick = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if quick is None or sys.platform != "linux":
        yield
        return
    original, ctypes.util.find_library = ctypes.util.find_library, quick
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _serve(conn: Connection, name: str) -> None:
    """Worker loop: run each job sent, until told to stop (None), and answer with the job's
    ticket beside its result. Ctrl-C is for the build process, which stops or ends its
    workers itself; a worker that died of it would look like a crash to a build still
    running in another thread (serve)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _libraries_from_ldconfig():
            function = load(name)
        while (sent := conn.recv()) is not None:
            ticket, job = sent
            try:
                conn.send((ticket, True, function(job)))
            except Exception as exc:  # a programming error: tell the parent, keep serving
                conn.send((ticket, False, f"{type(exc).__name__}: {exc}"))
    except (EOFError, BrokenPipeError):
        return


_TICKETS = itertools.count(1)  # one per job given, in this process: a result names its job


class _Worker:
    def __init__(self, name: str) -> None:
        self.conn, child = CONTEXT.Pipe()
        self.process = CONTEXT.Process(target=_serve, args=(child, name), daemon=True)
        self.process.start()
        child.close()
        self.job: Any = None
        self.ticket = 0
        self.started = 0.0

    def give(self, job: Any) -> None:
        self.job, self.ticket, self.started = job, next(_TICKETS), time.monotonic()
        self.conn.send((self.ticket, job))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()


@dataclass(frozen=True)
class _Outcome:
    value: Any
    replace: bool  # the worker hung or died and must be replaced


class Pool:
    """`size` workers running the function `name` ("module:function"), started at once."""

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.workers = [_Worker(name) for _ in range(max(1, size))]

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker; idle ones hold nothing, so they are simply ended, at once."""
        for worker in self.workers:
            worker.stop(kill=True)
        self.workers = []

    def run(
        self, jobs: list[Any], limit: float, stop: threading.Event | None = None
    ) -> Generator[Any | Failure]:
        """Results (or Failures) as jobs finish; jobs need a `key` that names them. Once `stop`
        is set no job is started, and the run ends with the results of those under way (a
        worker cannot drop a layout half done without being replaced, and staying warm is
        what the editor's latency needs). A run left before its end (the caller stopped
        reading, raised, or was interrupted) replaces every worker still holding a job, so
        the next run never receives this one's results."""
        queue = deque(jobs)

        def more() -> bool:
            return bool(queue) and not (stop is not None and stop.is_set())

        try:
            for worker in self.workers:
                if more():
                    worker.give(queue.popleft())
            while any(w.job is not None for w in self.workers):
                ready = wait([w.conn for w in self.workers if w.job is not None], timeout=0.5)
                for index, worker in enumerate(self.workers):
                    if worker.job is None:
                        continue
                    outcome = _outcome(worker, ready, limit)
                    if outcome is None:
                        continue
                    if outcome.replace:
                        self._replace(index)
                    worker = self.workers[index]
                    worker.job = None
                    yield outcome.value
                    if more():
                        worker.give(queue.popleft())
        finally:
            for index, worker in enumerate(self.workers):
                if worker.job is not None:
                    self._replace(index)

    def _replace(self, index: int) -> None:
        """A new worker in place of one that hung, died or holds an abandoned job."""
        self.workers[index].stop(kill=True)
        self.workers[index] = _Worker(self.name)


def _outcome(worker: _Worker, ready: list[Any], limit: float) -> _Outcome | None:
    """A finished job's result or failure, or None while it is still running."""
    key = worker.job.key
    if worker.conn in ready:
        try:
            ticket, ok, value = worker.conn.recv()
        except (EOFError, OSError):
            return _Outcome(Failure(key, "the layout process died"), replace=True)
        if ticket != worker.ticket:  # not this job's: never paired with it
            return _Outcome(Failure(key, "the layout process answered another job"), True)
        return _Outcome(value if ok else Failure(key, value), replace=False)
    if time.monotonic() - worker.started > limit:
        return _Outcome(
            Failure(key, f"layout took longer than {limit:.0f} s and was stopped"), replace=True
        )
    return None


def start_workers(jobs: int, check_only: bool = False) -> Pool | None:
    """The layout processes, or None to lay out in the build's own (one job, or only checking).
    Started first, they import WeasyPrint while the build imports the rest and reads the files."""
    workers = jobs or os.cpu_count() or 1
    return Pool(PRODUCE, workers) if workers > 1 and not check_only else None
