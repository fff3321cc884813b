"""No request to any other host, no console error, no failed request for our own files."""

from __future__ import annotations

import pytest

from .conftest import new_context
from .sites import CASES, Case

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_no_request_to_another_host(visits, case: Case) -> None:
    visit = visits(case)
    url, foreign = visit.url, list(dict.fromkeys(visit.foreign))
    assert visit.requests, f"no request recorded for {url}"
    assert not foreign, f"{url} requested other hosts on load or after scrolling:\n- " + "\n- ".join(foreign)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_no_console_error_and_no_failed_request(visits, case: Case) -> None:
    visit = visits(case)
    url = visit.url
    problems = ([f"console error: {m}" for m in visit.console_errors]
                + [f"uncaught exception: {m}" for m in visit.page_errors]
                + [f"failed request: {m}" for m in visit.failed]
                + [f"dialog opened: {m}" for m in visit.dialogs])
    assert not problems, f"{url}:\n- " + "\n- ".join(problems)


VIDEO_CASES = [c for c in CASES if c.label == "session-video"]


@pytest.mark.parametrize("case", VIDEO_CASES, ids=lambda c: c.id)
def test_video_player_loads_only_after_its_button_is_clicked(browser, visits, case: Case) -> None:
    """Two clicks: the page loads nothing from YouTube/Vimeo; the button does (aborted here)."""
    url = visits.url(case)
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.mouse.wheel(0, 20000)
        page.wait_for_timeout(200)
        before = list(context.foreign)
        button = page.locator("article button[data-embed-src]")
        assert button.count() == 1 and button.is_visible(), f"no visible play button on {url}"
        button.focus()
        page.keyboard.press("Enter")  # operable by keyboard, not only by mouse
        page.wait_for_selector("article iframe", timeout=5000)
        page.wait_for_timeout(200)
        after = list(context.foreign)
    finally:
        context.close()
    assert not before, f"{url} contacted other hosts before the click: {before}"
    assert after, f"pressing the play button on {url} did not load the player"
