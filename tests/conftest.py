from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from .projects import Project, new_project


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
