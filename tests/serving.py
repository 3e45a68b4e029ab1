"""Test helper: `python build.py serve` on a test project, in its own process as staff run it."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).parent.parent
# A shell may start a background process with Ctrl-C ignored; a person's terminal does not.
MAIN = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from tract.cli import main; sys.exit(main())"
)


class Served:
    """A running server: its URL, everything it printed so far, and a Ctrl-C to stop it."""

    def __init__(
        self,
        project: Path,
        *argv: str,
        timeout: float = 60,
        command: str = "serve",
        ready: str = r"Open (http://\S+) in your browser",
    ) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", MAIN, command, *argv],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            found = self.wait_for(ready, timeout)
        except AssertionError:
            self.process.kill()  # never leave a server behind a failed test
            raise
        self.address = found.group(1)  # as printed: serve's carries the session's secret
        parts = urlsplit(self.address)
        self.url = f"{parts.scheme}://{parts.netloc}/"
        self.secret = parse_qs(parts.query).get("session", [""])[0]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """The first line from now on that matches, or fail with everything printed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.1)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.output)
                continue
            self.output.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.output))

    def stop(self) -> int:
        """Ctrl-C, as a person would; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self._reader.join(timeout=5)
        assert self.process.stdout is not None
        self.process.stdout.close()
        while not self._lines.empty():
            self.output.append(self._lines.get())
        return code
