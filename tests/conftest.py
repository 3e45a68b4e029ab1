"""Fixtures: the minimal project in a temporary folder, and the shipped project built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.helpers import ARGS, CHROMIUM, FIXTURES, ROOT, Project, Run, copy_project


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the shipped project built (real_build) is slow, wherever it is."""
    for item in items:
        if "real_project" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def minimal(tmp_path: Path) -> Project:
    """The smallest valid project: one A6 note in fr, nl and en."""
    return copy_project(FIXTURES / "minimal", tmp_path)


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A temporary copy of the shipped project."""
    return copy_project(ROOT, tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="session")
def real_run(real_project: Project) -> Run:
    """The shipped project's first build, and all it said: as a draft, since the languages
    no reviewer has confirmed yet are made only as marked drafts."""
    result = real_project.run("--jobs", "2", "--draft")
    assert result.code == 0, result.err
    return result


@pytest.fixture(scope="session")
def real_build(real_project: Project, real_run: Run) -> Project:
    """The shipped project, built once for the whole session."""
    return real_project


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright, which downloads no browser of its own."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()
