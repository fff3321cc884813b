"""With JavaScript off, everything a reader needs is there, visible and linked.

Locked-down office PCs block scripts: the programme, a session's details, the
speakers, the .ics downloads, registration and subscribe links must not wait
for a script. Each check uses the content's own data (registration URLs,
session links), not our templates' class names.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import HOST
from .sites import CASES, Case

pytestmark = pytest.mark.browser

# Patterns match the link's absolute URL (el.href), so relative hrefs compare alike.
SESSION_LINK = r"/\d{4}/[^/]+/$"
SPEAKER_LINK = r"/speakers/[^/]+/$"

# What each page type must show, as (description, CSS selector, href pattern or None).
SHOWS: dict[str, list[tuple[str, str, str | None]]] = {
    "home": [("a link to a session", "article a[href]", SESSION_LINK),
             ("a link to the calendar-subscribe page", "article a[href]", r"/kalender/$")],
    "year": [("the programme table", "article table caption", None),
             ("links to the sessions", "article table a[href]", SESSION_LINK),
             ("links to the speakers", "article table a[href]", SPEAKER_LINK),
             ("the year's .ics download", "article a[href][download]", r"\.ics$"),
             ("a webcal subscribe link", "article a[href]", r"^webcal://")],
    "session": [("the date and time", "article time[datetime]", None),
                ("the .ics download", "article a[href][download]", r"\.ics$"),
                ("links to the speakers", "article a[href]", SPEAKER_LINK)],
    "speakers": [("links to the speakers", "article a[href]", SPEAKER_LINK)],
    "speaker": [("links to the speaker's sessions", "article a[href]", SESSION_LINK)],
    "page": [("the page text", "article p", None)],
    "subscribe": [("a webcal subscribe link", "article a[href]", r"^webcal://"),
                  ("an .ics download", "article a[href][download]", r"\.ics$"),
                  ("the addresses as text", "article code", None)],
    "recordings": [("links to the sessions", "article a[href]", SESSION_LINK)],
    "statement": [("a feedback e-mail address", "article a[href]", r"^mailto:"),
                  ("the arbitration body's website", "article a[href]", r"schlichtungsstelle-bgg\.de")],
    "easy_read": [("the page text", "article .sp-easy-read p", None)],
    "sign": [("the video's download", "article a[href][download]", r"\.mp4$"),
             ("the transcript", "article details summary", None)],
}
PAST_SESSION = [("the notice that it has taken place", "article .sp-notice--past", None)]
"""A session before the reference date shows this instead of its .ics download."""
STATUS_TEXT = {"cancelled": "abgesagt", "rescheduled": "verschoben"}


def _visible(page, selector: str, pattern: str | None) -> int:
    return page.evaluate(
        """([selector, pattern]) => [...document.querySelectorAll(selector)].filter(el => {
            if (pattern && !new RegExp(pattern).test(el.href || "")) return false;
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"
                && !el.closest("[hidden]");
        }).length""",
        [selector, pattern],
    )


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_usable_without_javascript(tabs, visits, case: Case) -> None:
    url = visits.url(case)
    page = tabs(java_script_enabled=False)
    page.goto(url, wait_until="load")
    missing = []
    shows = SHOWS[case.kind]
    if case.past:
        shows = [item for item in shows if "download" not in item[0]] + PAST_SESSION
    expected = list(shows) + [("the page heading", "article h1", None),
                                         ("the site navigation", ".md-nav--primary a[href]", None)]
    if case.registration:
        expected.append(("the registration link", f'article a[href="{case.registration}"]', None))
    for what, selector, pattern in expected:
        if not _visible(page, selector, pattern):
            missing.append(f"{what} ({selector}{' ~ ' + pattern if pattern else ''})")
    if case.status in STATUS_TEXT:
        text = page.inner_text("article")
        if STATUS_TEXT[case.status] not in text.lower():
            missing.append(f"the status '{STATUS_TEXT[case.status]}' in the text")

    links = page.eval_on_selector_all(
        "article a[href]",
        """els => els.map(el => {
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            return {href: el.getAttribute("href"), abs: el.href,
                    shown: r.width > 0 && r.height > 0 && s.visibility !== "hidden"};
        })""")
    hidden = [link["href"] for link in links if not link["shown"]]
    own = sorted({urljoin(url, link["href"]).split("#")[0] for link in links
                  if urlsplit(link["abs"]).hostname == HOST})
    broken = [f"{target} ({code})" for target in own if (code := _status(target)) != 200]
    problems = ([f"missing or invisible: {m}" for m in missing]
                + [f"link hidden without JavaScript: {h}" for h in hidden]
                + [f"link to our own site does not work: {b}" for b in broken])
    assert not problems, f"{url} with JavaScript off:\n- " + "\n- ".join(problems)
