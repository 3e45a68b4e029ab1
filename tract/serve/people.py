"""The team's people, invitations and signed-in devices, in SQLite (the standard library's
sqlite3), in a data folder that is never served and never committed.

Of a person only a display name is kept (a pseudonym is fine) and what they may do. Of an
invitation or a device only a hash of its token: whoever reads the database can neither sign
in nor use an unused invitation. The server and the `team` commands open the same file, so an
invitation made or a person revoked on the command line takes effect at once.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tract.serve.access import Grant, Person

DATA = ".tract"  # in the project, ignored by git
DATABASE = "team.sqlite3"
INVITATION_DAYS = 7
SESSION_DAYS = 400  # browsers keep a cookie at most this long
DAY = 86_400

SCHEMA = """
CREATE TABLE IF NOT EXISTS people (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS grants (
  person INTEGER NOT NULL REFERENCES people(id),
  role TEXT NOT NULL,
  lang TEXT
);
CREATE TABLE IF NOT EXISTS invitations (
  hash TEXT PRIMARY KEY,
  person INTEGER NOT NULL REFERENCES people(id),
  expires INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS devices (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  person INTEGER NOT NULL REFERENCES people(id),
  since TEXT NOT NULL,
  expires INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Refusal(Exception):
    """Something the team's data cannot do, said in one sentence."""


@dataclass(frozen=True)
class Member:
    """A person as staff see them on the list: who, what they may do, their devices."""

    person: Person
    revoked: bool
    devices: tuple[Device, ...]
    invited: bool  # an invitation not used yet and not expired


@dataclass(frozen=True)
class Device:
    id: int
    since: str  # the day it was signed in
    revoked: bool


def hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class People:
    """The team's data folder and its database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")  # never committed
        self.path = folder / DATABASE
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A connection for one piece of work, committed as a whole or not at all."""
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as db:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # settings the server leaves for the command line

    def setting(self, key: str) -> str:
        with self._db() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    def set(self, key: str, value: str) -> None:
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    # people

    def invite(self, name: str, grants: tuple[Grant, ...], now: float | None = None) -> str:
        """An invitation's token, single use, valid for INVITATION_DAYS days, shown once: for
        a new person, for someone on the team with another device (with `grants`, what they
        may do changes too), or for someone revoked, who comes back with `grants`."""
        name = " ".join(name.split())
        if not name or len(name) > 60 or not name.isprintable() or set(name) & set('<>"'):
            raise Refusal("a display name has 1 to 60 letters, digits, spaces or punctuation")
        token = secrets.token_urlsafe(32)
        expires = int((now or time.time()) + INVITATION_DAYS * DAY)
        with self._db() as db:
            row = db.execute("SELECT id, revoked FROM people WHERE name = ?", (name,)).fetchone()
            if not grants and (row is None or row[1]):
                raise Refusal("say what they may do: translate, review or staff")
            if row is None:
                added = db.execute("INSERT INTO people (name) VALUES (?)", (name,))
                person = int(added.lastrowid or 0)
            else:
                person = int(row[0])
                db.execute("UPDATE people SET revoked = 0 WHERE id = ?", (person,))
            if grants:
                db.execute("DELETE FROM grants WHERE person = ?", (person,))
                db.executemany(
                    "INSERT INTO grants VALUES (?, ?, ?)",
                    [(person, g.role, g.lang) for g in grants],
                )
            db.execute(
                "INSERT INTO invitations VALUES (?, ?, ?, 0)", (hashed(token), person, expires)
            )
        return token

    def join(self, token: str, now: float | None = None) -> tuple[Person, str]:
        """Use an invitation: the person, and a new device token to keep in a cookie."""
        now = now or time.time()
        device = secrets.token_urlsafe(32)
        with self._db() as db:
            row = db.execute(
                "SELECT i.person, i.expires, i.used, p.revoked FROM invitations i "
                "JOIN people p ON p.id = i.person WHERE i.hash = ?",
                (hashed(token),),
            ).fetchone()
            if row is None or row[2] or row[3] or row[1] < now:
                raise Refusal(
                    "this invitation is used, expired or withdrawn; ask staff for a new one"
                )
            db.execute("UPDATE invitations SET used = 1 WHERE hash = ?", (hashed(token),))
            db.execute(
                "INSERT INTO devices (hash, person, since, expires) VALUES (?, ?, ?, ?)",
                (
                    hashed(device),
                    row[0],
                    time.strftime("%Y-%m-%d", time.gmtime(now)),
                    int(now + SESSION_DAYS * DAY),
                ),
            )
            person = self._person(db, int(row[0]))
        return person, device

    def invited(self, token: str, now: float | None = None) -> str | None:
        """Whom an invitation is for, while it can be used; None otherwise."""
        with self._db() as db:
            row = db.execute(
                "SELECT p.name FROM invitations i JOIN people p ON p.id = i.person "
                "WHERE i.hash = ? AND i.used = 0 AND p.revoked = 0 AND i.expires > ?",
                (hashed(token), int(now or time.time())),
            ).fetchone()
        return str(row[0]) if row else None

    def signed_in(self, device: str, now: float | None = None) -> tuple[Person, int] | None:
        """The person a device token belongs to, and the device, unless revoked or expired."""
        if not device:
            return None
        with self._db() as db:
            row = db.execute(
                "SELECT d.person, d.id FROM devices d JOIN people p ON p.id = d.person "
                "WHERE d.hash = ? AND d.revoked = 0 AND p.revoked = 0 AND d.expires > ?",
                (hashed(device), int(now or time.time())),
            ).fetchone()
            return (self._person(db, int(row[0])), int(row[1])) if row else None

    def revoke(self, name: str) -> None:
        """The person and every device of theirs are out, at once; their invitation too."""
        with self._db() as db:
            row = db.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise Refusal(f"nobody on the team is called '{name}'")
            db.execute("UPDATE people SET revoked = 1 WHERE id = ?", row)
            db.execute("UPDATE devices SET revoked = 1 WHERE person = ?", row)
            db.execute("UPDATE invitations SET used = 1 WHERE person = ?", row)

    def revoke_device(self, device_id: int) -> None:
        with self._db() as db:
            db.execute("UPDATE devices SET revoked = 1 WHERE id = ?", (device_id,))

    def members(self, now: float | None = None) -> list[Member]:
        now = now or time.time()
        with self._db() as db:
            ids = [int(r[0]) for r in db.execute("SELECT id FROM people ORDER BY name")]
            out = []
            for person_id in ids:
                revoked = bool(
                    db.execute("SELECT revoked FROM people WHERE id = ?", (person_id,)).fetchone()[
                        0
                    ]
                )
                devices = tuple(
                    Device(int(d[0]), str(d[1]), bool(d[2]))
                    for d in db.execute(
                        "SELECT id, since, revoked FROM devices WHERE person = ? ORDER BY id",
                        (person_id,),
                    )
                )
                invited = db.execute(
                    "SELECT 1 FROM invitations WHERE person = ? AND used = 0 AND expires > ?",
                    (person_id, int(now)),
                ).fetchone()
                out.append(Member(self._person(db, person_id), revoked, devices, bool(invited)))
        return out

    @staticmethod
    def _person(db: sqlite3.Connection, person_id: int) -> Person:
        name = db.execute("SELECT name FROM people WHERE id = ?", (person_id,)).fetchone()[0]
        grants = tuple(
            Grant(str(role), lang)
            for role, lang in db.execute(
                "SELECT role, lang FROM grants WHERE person = ? ORDER BY role, lang", (person_id,)
            )
        )
        return Person(str(name), grants, person_id)
