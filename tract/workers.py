"""A small pool of worker processes for laying out PDFs, with a time limit per document.

Each worker is spawned (never forked), imports WeasyPrint once and keeps its fonts and parsed
stylesheets between documents. The pool is ours rather than concurrent.futures' because a
document that hangs must be stopped alone: its worker is killed and replaced, the rest go on.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

CONTEXT = mp.get_context("spawn")


@dataclass(frozen=True)
class Failure:
    """A job that produced no result: it hung past the limit or its worker died."""

    key: str
    reason: str


def _serve(conn: Connection, function: Callable[[Any], Any]) -> None:
    """Worker loop: lay out each job sent, until told to stop (None)."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            conn.send((True, function(job)))
        except KeyboardInterrupt:
            return
        except Exception as exc:  # a programming error: report it to the parent, keep serving
            conn.send((False, f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.conn, child = CONTEXT.Pipe()
        self.process = CONTEXT.Process(target=_serve, args=(child, function), daemon=True)
        self.process.start()
        child.close()
        self.job: Any = None
        self.started = 0.0

    def give(self, job: Any) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

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


def run(
    jobs: list[Any], function: Callable[[Any], Any], workers: int, limit: float
) -> Iterator[Any | Failure]:
    """Results (or Failures) as jobs finish. `function` must be importable by a spawned child;
    jobs need a `key` attribute, which names them in failures."""
    queue = deque(jobs)
    pool = [_Worker(function) for _ in range(max(1, min(workers, len(jobs))))]
    try:
        for worker in pool:
            if queue:
                worker.give(queue.popleft())
        while any(w.job is not None for w in pool):
            ready = wait([w.conn for w in pool if w.job is not None], timeout=0.5)
            for index, worker in enumerate(pool):
                if worker.job is None:
                    continue
                outcome = _outcome(worker, ready, limit)
                if outcome is None:
                    continue
                if outcome.replace:
                    worker.stop(kill=True)
                    pool[index] = worker = _Worker(function)
                worker.job = None
                yield outcome.value
                if queue:
                    worker.give(queue.popleft())
    finally:
        for worker in pool:
            worker.stop(kill=worker.job is not None)


@dataclass(frozen=True)
class _Outcome:
    value: Any
    replace: bool  # the worker hung or died and must be replaced


def _outcome(worker: _Worker, ready: list, limit: float) -> _Outcome | None:
    """A finished job's result or failure, or None while it is still running."""
    key = worker.job.key
    if worker.conn in ready:
        try:
            ok, value = worker.conn.recv()
        except (EOFError, OSError):
            return _Outcome(Failure(key, "the layout process died"), replace=True)
        return _Outcome(value if ok else Failure(key, value), replace=False)
    if time.monotonic() - worker.started > limit:
        return _Outcome(
            Failure(key, f"layout took longer than {limit:.0f} s and was stopped"), replace=True
        )
    return None
