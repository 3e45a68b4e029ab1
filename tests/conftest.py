"""Fixtures: the minimal project in a temporary folder, and the shipped project built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT, Project, copy_project


@pytest.fixture
def minimal(tmp_path: Path) -> Project:
    """The smallest valid project: one A6 note in fr, nl and en."""
    return copy_project(FIXTURES / "minimal", tmp_path)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The shipped project, built once for the whole session in a temporary copy."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("real"))
    result = project.run("--jobs", "2")
    assert result.code == 0, result.err
    return project
