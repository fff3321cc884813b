from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from .projects import Project, new_project


BROWSER_TESTS = Path(__file__).parent / "browser"


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that share something expensive run on one xdist worker (pytest.ini: `-n auto --dist loadgroup`).

    Every worker is a session of its own: a session fixture (a built site, a
    Chromium) is made once per worker that asks for it. So the browser tests,
    which share two built sites, the page visits and one Chromium
    (tests/browser/conftest.py), form one group; a module's tests that share a
    module- or session-scoped fixture of the test tree (a built site) form a
    group per module. All others go to whichever worker is free.
    """
    for item in items:
        path = Path(str(item.path))
        if path.parent == BROWSER_TESTS:
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif _shares_a_fixture(item):
            item.add_marker(pytest.mark.xdist_group(path.stem))


def _shares_a_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a fixture of the test tree (not pytest's own) that outlives it."""
    info = getattr(item, "_fixtureinfo", None)  # pytest's record of the fixtures a test function uses
    if info is None:
        return False
    return any(fixture.scope != "function" and fixture.baseid
               for fixtures in info.name2fixturedefs.values() for fixture in fixtures)


@pytest.fixture
def project(tmp_path) -> Project:
    """A valid one-year project in a temporary folder."""
    return new_project(tmp_path / "project")


# One Chromium per test session, shared by every browser test: Playwright's
# sync API allows only one running instance per thread.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
