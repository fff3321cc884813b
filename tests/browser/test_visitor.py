"""What a visitor meets beyond the programme (issue 24): the 404 page, the
webcal address on a phone, buttons that need JavaScript, the next-session
box's calendar links and the visible Atom link, in headless Chromium.
"""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass
from datetime import timezone
from urllib.parse import parse_qs, urljoin, urlsplit

import icalendar
import pytest

from .conftest import new_context
from .sites import CASES

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
VIDEO = next(case for case in CASES if case.site == "example" and case.label == "session-video")

_BREAKS = """(code) => {
    // The character before every line break inside the element, read from the laid-out text.
    const breaks = [];
    let top = null, previous = "";
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue;
            if (top !== null && rect.top > top + 2) breaks.push(previous);
            top = rect.top;
            previous = node.data[i];
        }
    }
    return {text: code.textContent, breaks: breaks};
}"""


def _page(browser, url: str, **options):
    context = new_context(browser, **options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


@dataclass(frozen=True)
class NotFound:
    id: str
    javascript: bool
    search_shown: bool


NOT_FOUND = [NotFound("with-javascript", True, True), NotFound("without-javascript", False, False)]


@pytest.mark.parametrize("case", NOT_FOUND, ids=lambda case: case.id)
def test_the_404_page_is_german_and_leads_back(browser, sites, case: NotFound) -> None:
    site = sites["example"]
    context, page = _page(browser, site.url + "404.html", java_script_enabled=case.javascript)
    try:
        assert page.get_attribute("html", "lang") == "de"
        assert page.locator("article h1").inner_text() == "Seite nicht gefunden"
        assert "Not found" not in page.locator("article").inner_text()
        links = {link.inner_text(): link.get_attribute("href") for link in page.locator("article a:visible").all()}
        assert links.get("Zur Startseite") == "/" and links.get("Programm 2021") == "/2021/", links
        for href in ("/", "/2021/"):
            assert _status(urljoin(site.url, href)) == 200
        search = page.locator("article a", has_text="Auf der Website suchen")
        assert search.is_visible() is case.search_shown
        if case.search_shown:
            search.click()
            page.wait_for_function("document.getElementById('__search').checked")
            assert page.evaluate("document.activeElement.matches('[data-md-component=search-query]')")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "kalender/"], ids=["home", "subscribe"])
def test_on_a_phone_the_webcal_address_breaks_only_after_slash_or_dot(browser, sites, path: str) -> None:
    context, page = _page(browser, sites["example"].url + path, viewport=PHONE)
    try:
        found = page.locator("code.sp-url").evaluate_all(f"(codes) => codes.map({_BREAKS})")
        assert any(item["breaks"] for item in found), found  # the phone is narrow enough to wrap
        for item in found:
            assert item["text"].startswith(("webcal://", "https://"))
            assert set(item["breaks"]) <= {"/", "."}, item
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"the page scrolls sideways ({width} px)"
    finally:
        context.close()


def test_without_javascript_a_video_page_shows_no_inert_button(browser, sites) -> None:
    context, page = _page(browser, sites.page(VIDEO).url + VIDEO.path, java_script_enabled=False)
    try:
        assert page.locator("[data-sp-video] a[href*='youtu']").is_visible()
        assert page.locator("article button:visible").count() == 0
    finally:
        context.close()


def test_with_javascript_the_video_button_is_there(browser, sites) -> None:
    context, page = _page(browser, sites.page(VIDEO).url + VIDEO.path)
    try:
        assert page.locator("article button[data-embed-src]").is_visible()
    finally:
        context.close()


def test_the_next_session_box_offers_its_calendar(browser, sites) -> None:
    site = sites["example"]
    context, page = _page(browser, site.url)
    try:
        box = page.locator(".sp-home-next")
        title = box.locator(".sp-next-title a").inner_text()
        with page.expect_download() as download:
            box.get_by_role("link", name="Termin herunterladen (.ics)").click()
        event = icalendar.Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == title
        start = event.decoded("DTSTART").astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        google = urlsplit(box.get_by_role("link", name="In Google Kalender eintragen").get_attribute("href"))
        query = parse_qs(google.query)
        assert google.hostname == "calendar.google.com" and query["text"] == [title]
        assert query["dates"][0].startswith(start + "/"), query
        for name, host in (("In Outlook (Microsoft 365) eintragen", "outlook.office.com"),
                           ("In Outlook.com eintragen", "outlook.live.com")):
            outlook = urlsplit(box.get_by_role("link", name=name).get_attribute("href"))
            assert outlook.hostname == host and parse_qs(outlook.query)["subject"] == [title]
        assert context.foreign == []
    finally:
        context.close()


def test_the_atom_feed_is_linked_and_says_what_it_is(browser, sites) -> None:
    site = sites["example"]
    context, page = _page(browser, site.url)
    try:
        link = page.locator("article a[type='application/atom+xml']")
        assert link.is_visible() and "Feed (Atom)" in link.inner_text()
        assert re.search(r"Feed-Reader", link.locator("xpath=..").inner_text())
        assert _status(urljoin(site.url, link.get_attribute("href"))) == 200
    finally:
        context.close()


def test_a_button_keeps_its_distance_from_the_text_beside_it(browser, sites) -> None:
    context, page = _page(browser, sites["example"].url)
    try:
        gap = page.locator(".sp-next-register").evaluate("""(p) => {
            const button = p.querySelector('.md-button');
            const range = document.createRange();
            range.setStartAfter(button);
            range.setEnd(p, p.childNodes.length);
            const text = [...range.getClientRects()].find(r => r.width > 0);
            return text.left - button.getBoundingClientRect().right;
        }""")
        assert gap >= 8, gap
    finally:
        context.close()
