"""The workspace: the one owner of every change to a content file made through tract.

Each change (a save, the sync a save may need, a confirmation) holds the lock of every file it
reads and writes, so no two read-modify-writes of one file interleave, whichever thread or
person sends them. The project is read once and kept: the workspace's own writes replace the
one file they changed in it, and the watcher makes it forget the project when a file changes
on disk otherwise, so a save, a check as one types or a font costs milliseconds, not a reading
of every file. The last build's problems are kept beside it for every answer.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tract.checks.content import check_project
from tract.problems import Problem, sort_unique
from tract.source.load import load_locale, load_project
from tract.source.model import LocaleFile, Project
from tract.source.paths import lock_file
from tract.translate import editor
from tract.translate.commands import Confirmed
from tract.translate.status import Status, keyed_problems, project_status


@dataclass(frozen=True)
class Change:
    """One change written to a content file, and who made it: what the team's history
    records. `key` is the text saved; None for a confirmation of the whole translation."""

    path: str
    author: str
    doc: str
    lang: str
    key: str | None
    value: str = ""


@dataclass(frozen=True)
class Snapshot:
    """The project as last read, the problems found reading it, and (once asked for) what
    the build's checks say of it."""

    project: Project
    read: tuple[Problem, ...]
    draft: bool

    @cached_property
    def checked(self) -> tuple[Problem, ...]:
        return tuple(sort_unique([*self.read, *check_project(self.project, self.draft)]))


@dataclass(frozen=True)
class Reply:
    """What the page hears after a save: the file's version now, whether a change on disk was
    merged, the conflict to show instead, and the problems of the saved text's row."""

    version: str
    merged: bool
    conflict: editor.Conflict | None
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        conflict = self.conflict
        return {
            "version": self.version,
            "merged": self.merged,
            "conflict": None
            if conflict is None
            else {"disk": conflict.disk, "yours": conflict.yours, "version": conflict.version},
            "problems": list(self.problems),
        }


class Workspace:
    """The project's content as the editor reads and changes it. `written` is told of each
    change once it is on disk, still under its file's lock (the team server commits it)."""

    def __init__(
        self, root: Path, draft: bool = False, written: Callable[[Change], None] | None = None
    ) -> None:
        self.root = root
        self.draft = draft
        self.written = written
        self._snapshot: Snapshot | None = None
        self._generation = 0  # counts what the watcher saw, so a slow reading is not kept
        self._built: tuple[Problem, ...] = ()
        self._ours: dict[str, str] = {}  # path → hash of what the workspace last wrote there
        self._guard = threading.Lock()
        self._loading = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._changing = threading.Condition()  # changes under way, and a pause for them
        self._active = 0
        self._paused = False

    # reading

    def snapshot(self) -> Snapshot:
        """The project as it is now, read once and kept until a file changes."""
        snap = self._snapshot
        if snap is not None:
            return snap
        with self._loading:
            if self._snapshot is not None:
                return self._snapshot
            generation = self._generation
            project, problems = load_project(self.root)
            if project is None:
                raise editor.Refused(
                    "the project files cannot be read; python build.py check says why"
                )
            snap = Snapshot(project, tuple(problems), self.draft)
            with self._guard:
                if generation == self._generation:
                    self._snapshot = snap
            return snap

    def forget(self, paths: Iterable[str]) -> None:
        """Files changed on disk (the watcher saw them): read the project again when next
        asked, unless each is exactly what the workspace itself last wrote there."""
        with self._guard:
            if any(self._ours.get(p) != _hash(self.root / p) for p in paths):
                self._snapshot = None
                self._generation += 1

    def built(self, problems: Sequence[Problem]) -> None:
        """The last build's problems: a text that does not fit says so on its row."""
        self._built = tuple(problems)

    def page(self, doc: str, lang: str) -> editor.EditorPage:
        """The editor's page of one document in one language."""
        snap = self.snapshot()
        return editor.editor_page(snap.project, [*snap.checked, *self._built], doc, lang)

    def status(self) -> Status:
        """Where every translation stands, with every problem known."""
        snap = self.snapshot()
        return project_status(snap.project, [*snap.checked, *self._built])

    def font(self, lang: str, number: int) -> Path | None:
        """One font file of a language's stack, by its place in it."""
        language = self.snapshot().project.lang.get(lang)
        faces = editor.language_faces(language) if language is not None else []
        return faces[number][1].path if 0 <= number < len(faces) else None

    def check(self, doc: str, lang: str, key: str, value: str) -> tuple[str, ...]:
        """What the build would say of `value` as `key`, on the text in memory: the
        messages of its row."""
        trial = editor.trial(self.snapshot().project, doc, lang, key, value)
        if trial is None:
            return ()
        return self._row(trial, check_project(_scope(trial, doc), self.draft), doc, lang, key)

    # changing

    def save(
        self, author: str, doc: str, lang: str, key: str, value: str, base: str, was: str | None
    ) -> Reply:
        """Write one text, holding its file's lock from reading the file to writing it."""
        _, file = editor.target(self.snapshot().project, doc, lang, key)
        with self._locked([file.path]):
            saved = editor.save(self.snapshot().project, doc, lang, key, value, base, was)
            if saved.conflict is not None:
                return Reply(saved.version, False, saved.conflict, ())
            self._reread(doc, file)
            self._wrote(Change(file.path, author, doc, lang, key, value))
        snap = self.snapshot()
        found = [*snap.read, *check_project(_scope(snap.project, doc), self.draft)]
        return Reply(
            saved.version, saved.merged, None, self._row(snap.project, found, doc, lang, key)
        )

    def confirm(self, author: str, doc: str, lang: str) -> Confirmed:
        """Confirm a translation as checked, against its texts as saved: it waits for every
        save of that file under way."""
        file = editor.translation(self.snapshot().project, doc, lang)
        lock = lock_file(doc)
        with self._locked([file.path, lock]):
            confirmed = editor.confirm(self.snapshot().project, doc, lang)
            if not confirmed.refused:
                self._wrote(Change(lock, author, doc, lang, None))
        return confirmed

    # inside

    def _row(
        self, project: Project, found: Sequence[Problem], doc: str, lang: str, key: str
    ) -> tuple[str, ...]:
        """The messages of the row `key` is on: the checks' and the last build's about this
        translation, at that text."""
        group = editor.group_of(project, doc)
        file = editor.translation(project, doc, lang)
        source = editor.translation(project, doc, project.site.source_lang)
        row = editor.row_of(source.root, key) if source.root is not None else key
        mine = [p for p in (*found, *self._built) if group.has(p, lang)]
        return tuple(
            str(k.problem)
            for k in keyed_problems(mine, file)
            if k.key == row or (k.key or "").startswith(f"{row}.")
        )

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """No change to any file while this is held: it waits for those under way and holds
        off new ones (the team's history rebases onto its remote meanwhile)."""
        with self._changing:
            self._changing.wait_for(lambda: not self._paused)
            self._paused = True
            self._changing.wait_for(lambda: self._active == 0)
        try:
            yield
        finally:
            with self._changing:
                self._paused = False
                self._changing.notify_all()

    @contextmanager
    def _locked(self, paths: list[str]) -> Iterator[None]:
        """Hold each file's lock, always taken in the same order, so that two changes never
        wait on each other."""
        with self._changing:
            self._changing.wait_for(lambda: not self._paused)
            self._active += 1
        try:
            with self._guard:
                locks = [self._locks.setdefault(p, threading.Lock()) for p in sorted(set(paths))]
            with ExitStack() as stack:
                for lock in locks:
                    stack.enter_context(lock)
                yield
        finally:
            with self._changing:
                self._active -= 1
                self._changing.notify_all()

    def _reread(self, doc: str, file: LocaleFile) -> None:
        """After a save: the file as saved, read anew into the kept project."""
        problems: list[Problem] = []
        fresh = load_locale(self.root / file.path, file.lang, self.root, problems)
        with self._guard:
            snap = self._snapshot
            if snap is not None:
                group = editor.group_of(snap.project, doc)
                problems = snap.project.with_subjects(problems)
                read = [p for p in snap.read if not group.has(p, file.lang)] + problems
                project = editor.with_file(snap.project, doc, fresh)
                self._snapshot = Snapshot(project, tuple(read), self.draft)

    def _wrote(self, change: Change) -> None:
        with self._guard:
            self._ours[change.path] = _hash(self.root / change.path)
        if self.written is not None:
            self.written(change)


def _scope(project: Project, doc: str) -> Project:
    """What a change to one of `doc`'s translations can change the checks of: that document
    alone (a third of the time of checking every one). The strings every document shares
    are checked with all of them."""
    if doc not in project.documents:
        return project
    return dataclasses.replace(
        project,
        documents={doc: project.documents[doc]},
        locales={key: file for key, file in project.locales.items() if key[0] == doc},
    )


def _hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"
