"""The team's history in git: commits in their authors' names, even with no git identity on the
server, and pushes to a remote that another clone has pushed to meanwhile: rebased and pushed
when the changes are elsewhere, stopped with every commit kept when they conflict. Never a
force-push."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import Project
from tests.teaming import git, team_project
from tract.serve.history import History, NotARepository, email
from tract.serve.workspace import Workspace
from tract.translate.editor import version

pytestmark = pytest.mark.slow  # git histories of the team server: make test-fast leaves it out


NL = "content/note/nl.yaml"
EN = "content/note/en.yaml"


@pytest.fixture
def repos(tmp_path: Path) -> tuple[Project, Path, Path]:
    """The project on the server, cloned from a bare remote, and another clone of it."""
    first = team_project(tmp_path / "first")
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(first.root), str(remote))
    git(tmp_path, "clone", "--quiet", str(remote), str(tmp_path / "server"))
    git(tmp_path, "clone", "--quiet", str(remote), str(tmp_path / "other"))
    return Project(tmp_path / "server"), remote, tmp_path / "other"


def _save(space: Workspace, project: Project, key: str, value: str, author: str = "Noor") -> None:
    base = version((project.root / NL).read_bytes())
    reply = space.save(author, "note", "nl", key, value, base, None)
    assert reply.conflict is None


def _pushed_elsewhere(other: Path, rel: str, old: str, new: str) -> None:
    path = other / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    git(other, "commit", "--quiet", "-am", f"Elsewhere: {rel}")
    git(other, "push", "--quiet", "origin", "main")


def _team(project: Project) -> tuple[History, Workspace]:
    history = History(project.root, "origin")
    space = Workspace(project.root, True, written=history.record)
    history.attach(space)
    return history, space


def test_a_commit_needs_no_git_identity_on_the_server(
    repos: tuple[Project, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project, _, _ = repos
    monkeypatch.setenv("HOME", str(tmp_path / "nobody"))  # no ~/.gitconfig: a service account
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    history = History(project.root)
    space = Workspace(project.root, True, written=history.record)
    _save(space, project, "title", "Een briefje", author="Ana María")
    shown = git(project.root, "show", "--format=%an <%ae>%n%cn <%ce>%n%s", "--name-only", "HEAD")
    assert shown.splitlines()[:4] == [
        "Ana María <ana-maria@team.invalid>",
        "tract <tract@team.invalid>",
        "note, nl: title",
        "",
    ]
    assert shown.splitlines()[4:] == [NL]
    assert os.environ["HOME"].endswith("nobody")


def test_the_remote_moved_on_elsewhere_the_server_rebases_and_pushes(
    repos: tuple[Project, Path, Path],
) -> None:
    project, remote, other = repos
    history, space = _team(project)
    space.snapshot()
    _pushed_elsewhere(other, EN, "A note", "A short note")
    _save(space, project, "title", "Een briefje")
    pushing = history.push_now()
    assert pushing is not None and pushing.stopped == ""
    subjects = git(remote, "log", "--format=%s", "main").splitlines()
    assert subjects[:2] == ["note, nl: title", f"Elsewhere: {EN}"]
    assert "A short note" in project.read(EN)  # the team sees the remote's change
    assert space.page("note", "en").fields["title"][0].value == "A short note"


def test_a_real_conflict_stops_pushing_and_keeps_every_commit(
    repos: tuple[Project, Path, Path],
) -> None:
    project, remote, other = repos
    history, space = _team(project)
    _pushed_elsewhere(other, NL, "title: Een notitie", "title: Een nota")
    remote_before = git(remote, "rev-parse", "main")
    _save(space, project, "title", "Een briefje")
    pushing = history.push_now()
    assert pushing is not None
    assert pushing.stopped.startswith("the remote origin has changes that conflict with the team's")
    assert NL in pushing.stopped and "git pull --rebase origin main" in pushing.stopped
    assert git(remote, "rev-parse", "main") == remote_before  # never forced
    assert git(project.root, "log", "-1", "--format=%s") == "note, nl: title\n"
    assert git(project.root, "status", "--porcelain") == ""  # the rebase was undone
    assert "title: Een briefje" in project.read(NL)
    _save(space, project, "body.first", "Sinds {fact.labour_law.year}: **ja**.")
    assert git(project.root, "log", "-1", "--format=%s") == "note, nl: body.first\n"
    assert history.push_now() == pushing  # stays stopped until someone resolves it


def test_a_folder_that_is_not_a_repository_is_said_plainly(minimal: Project) -> None:
    with pytest.raises(NotARepository, match="run git init there"):
        History(minimal.root)


def test_a_display_name_becomes_a_non_routable_address() -> None:
    assert email("Layla Haddad") == "layla-haddad@team.invalid"
    assert email("นิด") == "member@team.invalid"
