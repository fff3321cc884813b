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
    group per module, joined with the module that defines the fixture when it
    is imported from another one (test_calendar_page.py shares the site of
    test_calendars.py, test_caldav.py the season of test_season.py). All others
    go to whichever worker is free.
    """
    homes = {item: _fixture_homes(item) for item in items}
    groups = _Groups()
    for item, modules in homes.items():
        for module in modules:
            groups.join(_stem(item), module)
    for item in items:
        if Path(str(item.path)).parent == BROWSER_TESTS:
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif homes[item]:
            item.add_marker(pytest.mark.xdist_group(groups.root(_stem(item))))


def _stem(item: pytest.Item) -> str:
    return Path(str(item.path)).stem


def _fixture_homes(item: pytest.Item) -> set[str]:
    """The test modules whose shared fixtures (of the test tree, not pytest's own, outliving one test) it uses.

    A fixture of a conftest.py (Chromium) is made once per worker whichever module asks: it
    counts as the test's own module's.
    """
    info = getattr(item, "_fixtureinfo", None)  # pytest's record of the fixtures a test function uses
    if info is None:
        return set()
    homes = set()
    for fixtures in info.name2fixturedefs.values():
        for fixture in fixtures:
            if fixture.scope != "function" and fixture.baseid:
                module = fixture.func.__module__.rpartition(".")[2]
                homes.add(_stem(item) if module == "conftest" else module)
    return homes


class _Groups:
    """Modules joined into groups (a union-find); a group is named after its alphabetically first module."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, module: str) -> str:
        while self.parent.setdefault(module, module) != module:
            module = self.parent[module]
        return module

    def join(self, first: str, second: str) -> None:
        a, b = sorted((self.root(first), self.root(second)))
        self.parent[b] = a


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
