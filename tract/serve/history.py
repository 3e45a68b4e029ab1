"""The team's history: every change made through the team server is a git commit in the
project's own repository, authored by the person who made it, touching only the file it
changed; optionally pushed to a remote, which is then the team's backup.

Git itself, run as a command, keeps the history: no database of ours says who wrote or
confirmed a text. Commits name the person by their display name at an address under
`team.invalid` (a name reserved never to route anywhere), and are made with an identity of
their own, so a service account with no git identity configured commits all the same. When
the remote has moved on, the server rebases its commits onto it, the content files merging
by text; a real conflict stops the pushing, keeps every local commit, and is said on the staff
page. Nothing is ever force-pushed.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tract.serve.workspace import Change, Workspace

DOMAIN = "team.invalid"
IDENTITY = (  # the committer, where the server's own user has no git identity
    *("-c", "user.name=tract", "-c", f"user.email=tract@{DOMAIN}"),
    *("-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"),
)


class NotARepository(Exception):
    """The project is not in a git repository: the team server keeps its history there."""


@dataclass(frozen=True)
class Pushing:
    """How pushing to the remote goes, for the staff page."""

    remote: str
    branch: str
    stopped: str = ""  # what went wrong and what to do; "" while pushes go through
    last: str = ""  # the last commit the remote has


def email(name: str) -> str:
    """A display name as a non-routable address: "Layla Haddad" → layla-haddad@team.invalid."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "member"
    return f"{slug}@{DOMAIN}"


def message(change: Change) -> str:
    """What the commit says: the document, the language and the text, or the confirmation."""
    if change.key is None:
        return (
            f"{change.doc}, {change.lang}: confirmed by {change.author}\n\n"
            f"{change.author} checked the {change.lang} translation of {change.doc} against "
            "its source and confirmed it."
        )
    return f"{change.doc}, {change.lang}: {change.key}\n\n{change.value}"


class History:
    """Commits each change, one at a time; pushes them in a thread of its own."""

    def __init__(self, root: Path, remote: str = "") -> None:
        self.root = root
        found = self._git("rev-parse", "--show-toplevel", check=False)
        if found.returncode != 0:
            raise NotARepository(
                f"{root} is not in a git repository; the team server keeps every change as a "
                "commit: run git init there (or clone the project's repository) first"
            )
        self.top = Path(found.stdout.strip())
        branch = self._git("symbolic-ref", "--short", "HEAD", check=False).stdout.strip()
        self.pushing = Pushing(remote, branch or "main") if remote else None
        self._lock = threading.Lock()  # one git command at a time: git has one index
        self._wanted = threading.Event()
        self._closing = False
        self._thread: threading.Thread | None = None
        self._workspace: Workspace | None = None

    def record(self, change: Change) -> None:
        """Commit one change: only its file, in the person's name. Called under the file's
        lock, so commits come in the order the changes were written."""
        path = self.root / change.path
        rel = path.relative_to(self.top).as_posix()
        author = f"{change.author} <{email(change.author)}>"
        with self._lock:
            self._git("add", "--", rel)
            if not self._git("diff", "--cached", "--quiet", "--", rel, check=False).returncode:
                return  # the file is as the last commit has it
            self._git(
                "commit", "--quiet", "--no-verify", "--only", f"--author={author}",
                "-m", message(change), "--", rel,
            )  # fmt: skip
        self._wanted.set()

    def log(self, *paths: str) -> list[tuple[str, str, str]]:
        """(author, address, subject) of each commit, newest first."""
        out = self._git("log", "--format=%an%x00%ae%x00%s", "--", *paths).stdout
        return [tuple(line.split("\0")) for line in out.splitlines()]  # type: ignore[misc]

    # pushing

    def attach(self, workspace: Workspace) -> None:
        """The workspace whose files a rebase onto the remote rewrites: it holds every change
        off meanwhile, and is told which files changed."""
        self._workspace = workspace

    def start_pushing(self) -> None:
        """Push every commit to the remote, in a thread, from now on."""
        if self.pushing is None:
            return
        self._thread = threading.Thread(target=self._push_loop, name="push", daemon=True)
        self._wanted.set()  # the remote may be ahead from the start
        self._thread.start()

    def close(self) -> None:
        self._closing = True
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def push_now(self) -> Pushing | None:
        """Push what is not pushed yet, in this thread; how it went."""
        if self.pushing is None or self.pushing.stopped:
            return self.pushing
        assert self.pushing is not None
        remote, branch = self.pushing.remote, self.pushing.branch
        with self._lock:
            pushed = self._push(remote, branch)
        if not pushed:
            self._catch_up(remote, branch)
        return self.pushing

    def _push_loop(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._closing:
                return
            self.push_now()

    def _push(self, remote: str, branch: str) -> bool:
        done = self._git("push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
        if done.returncode == 0:
            head = self._git("rev-parse", "--short", "HEAD").stdout.strip()
            assert self.pushing is not None
            self.pushing = Pushing(remote, branch, "", head)
        return done.returncode == 0

    def _catch_up(self, remote: str, branch: str) -> None:
        """The remote has moved on: rebase our commits onto it, the files merging by text,
        and push; a conflict stops pushing and keeps every commit."""
        assert self._workspace is not None, "attach() the workspace before pushing"
        with self._workspace.quiet(), self._lock:
            fetched = self._git("fetch", "--quiet", remote, branch, check=False)
            if fetched.returncode != 0:
                self._stop(f"git fetch {remote} failed: {_said(fetched)}")
                return
            before = self._git("rev-parse", "HEAD").stdout.strip()
            rebased = self._git("rebase", "--quiet", "FETCH_HEAD", check=False)
            if rebased.returncode != 0:
                files = self._git("diff", "--name-only", "--diff-filter=U", check=False).stdout
                self._git("rebase", "--abort", check=False)
                self._stop(
                    f"the remote {remote} has changes that conflict with the team's in "
                    f"{', '.join(files.split()) or 'the content files'}; every change is kept "
                    f"here. Someone with a terminal on the server runs git pull --rebase "
                    f"{remote} {branch} in {self.top}, resolves the conflict, then restarts "
                    "the team server"
                )
                return
            changed = self._git("diff", "--name-only", before, "HEAD").stdout.split()
            self._workspace.forget([self._project_path(p) for p in changed])
            if not self._push(remote, branch):
                self._stop(f"git push {remote} was refused again after a rebase")

    def _project_path(self, rel: str) -> str:
        path = self.top / rel
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else rel

    def _stop(self, said: str) -> None:
        assert self.pushing is not None
        self.pushing = Pushing(self.pushing.remote, self.pushing.branch, said, self.pushing.last)

    def _git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["git", *IDENTITY, *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=_ENV,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"git {args[0]} failed: {_said(done)}")
        return done


def _said(done: subprocess.CompletedProcess[str]) -> str:
    """The last line git printed, to say why it failed."""
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit {done.returncode}"


# a remote asking for a password fails at once instead of waiting; messages in plain English
_ENV = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
