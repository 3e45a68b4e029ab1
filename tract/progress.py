"""What the build says while it works: one updating line on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Counts laid-out documents; on a terminal it rewrites one line, elsewhere (logs, CI,
    tests) it prints one line per output written, which is easy to read back."""

    def __init__(self, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty() if live is None else live
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        if self.live and total:
            self._line(f"laying out {total} PDF(s)…")

    def say(self, message: str) -> None:
        """A line that stays: a written file, a failure, a notice."""
        if self.live:
            self.stream.write("\r\033[K")
        print(message, file=self.stream)
        if self.live and self.done < self.total:
            self._line(self._status(""))

    def step(self, key: str) -> None:
        """One layout finished (whatever came of it)."""
        self.done += 1
        if self.live:
            self._line(self._status(key))

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _status(self, key: str) -> str:
        return f"[{self.done}/{self.total}] {key}"

    def _line(self, text: str) -> None:
        self.stream.write("\r\033[K" + text)
        self.stream.flush()
