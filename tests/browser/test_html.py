"""Valid HTML (W3C Nu checker), metadata, schema.org JSON-LD and escaping of hostile titles.

These read the built files (parsed with lxml through BeautifulSoup, never
grepped), except the search test, which types into Material's search box.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import new_context
from .sites import CASES, QUOTE_TITLE, SCRIPT_TITLE, SESSION_CASES, Case

pytestmark = pytest.mark.browser

SCHEMA = "https://schema.org/"
EVENT_STATUS = {"confirmed": "EventScheduled", "cancelled": "EventCancelled", "rescheduled": "EventRescheduled"}
HOSTILE_CASES = [c for c in CASES if c.title]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _page(sites, case: Case) -> BeautifulSoup:
    site = sites.page(case)
    return _soup(case.file(site.root))


def _format_nu(messages: list[dict]) -> str:
    lines = []
    for m in messages:
        where = urlsplit(m.get("url", "")).path
        lines.append(f"- {where}:{m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')}"
                     f"  [{(m.get('extract') or '').strip()[:120]}]")
    return "\n".join(lines)


# ------------------------------------------------------------------ W3C Nu checker


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_nu_checker_finds_no_errors(sites, case: Case) -> None:
    file = case.file(sites.page(case).root).resolve()
    messages = [m for m in sites.vnu_messages() if Path(urlsplit(m.get("url", "")).path).resolve() == file]
    assert not messages, f"W3C Nu checker on {file}:\n{_format_nu(messages)}"


def test_nu_checker_finds_no_errors_in_any_generated_page(sites) -> None:
    """Every HTML file of both sites, including the ones no case names (redirects, 404, Impressum …)."""
    messages = sites.vnu_messages()
    assert not messages, (f"W3C Nu checker, {len(sites.vnu_files)} files:\n{_format_nu(messages)}")


# ------------------------------------------------------------------ metadata


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_meta_description_and_opengraph(sites, case: Case) -> None:
    soup = _page(sites, case)
    missing = []
    description = soup.find("meta", attrs={"name": "description"})
    if not (description and description.get("content", "").strip()):
        missing.append('<meta name="description">')
    for prop in ("og:title", "og:description", "og:url"):
        tag = soup.find("meta", attrs={"property": prop})
        if not (tag and tag.get("content", "").strip()):
            missing.append(f'<meta property="{prop}">')
    assert not missing, f"/{case.path} ({case.site}) lacks " + ", ".join(missing)
    og_url = soup.find("meta", attrs={"property": "og:url"})["content"]
    assert urlsplit(og_url).scheme == "https" and urlsplit(og_url).path == "/" + case.path, (
        f"og:url {og_url!r} is not the page's absolute address /{case.path}")
    canonical = soup.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == og_url


def test_every_page_of_both_sites_has_description_and_opengraph(sites) -> None:
    """Also the pages no case names (Impressum, Datenschutz, all speakers …).

    Not the redirect stubs, and not 404.html: it is served at whatever address
    was wrong, so it has no og:url of its own.
    """
    missing = []
    for name in ("example", "hostile"):
        site = sites[name]
        for file in site.html_files():
            soup = _soup(file)
            if file.name == "404.html" or soup.find("meta", attrs={"http-equiv": "refresh"}):
                continue
            tags = [soup.find("meta", attrs={"name": "description"})] + [
                soup.find("meta", attrs={"property": p}) for p in ("og:title", "og:description", "og:url")]
            if not all(tag and tag.get("content", "").strip() for tag in tags):
                missing.append(f"{name}/{file.relative_to(site.root)}")
    assert not missing, "pages without meta description or OpenGraph title/description/url:\n- " + "\n- ".join(missing)


# ------------------------------------------------------------------ JSON-LD


def _json_ld(soup: BeautifulSoup, where: str) -> dict:
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1, f"{where}: {len(scripts)} JSON-LD blocks, expected exactly 1"
    return json.loads(scripts[0].string)


def _with_offset(value: str, what: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() is not None, f"{what} {value!r} has no UTC offset"
    return moment


@pytest.mark.parametrize("case", SESSION_CASES, ids=lambda c: c.id)
def test_session_json_ld(sites, case: Case) -> None:
    soup = _page(sites, case)
    data = _json_ld(soup, f"/{case.path}")
    page_url = soup.find("link", rel="canonical")["href"]
    assert data["@context"].rstrip("/") + "/" == SCHEMA
    assert data["@type"] == "Event"
    assert data["name"] == soup.find("h1").get_text(), "the event's name is not the page's heading"
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["eventStatus"] == SCHEMA + EVENT_STATUS[case.status]
    if case.status == "rescheduled":
        previous = data.get("previousStartDate")
        assert previous, "a rescheduled event needs previousStartDate"
        for value in previous if isinstance(previous, list) else [previous]:
            _with_offset(value, "previousStartDate")
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["location"]["url"] == page_url
    start = _with_offset(data["startDate"], "startDate")
    end = _with_offset(data["endDate"], "endDate")
    assert end > start
    performers = data["performer"] if isinstance(data["performer"], list) else [data["performer"]]
    assert performers and all(p["@type"] == "Person" and p["name"] for p in performers)
    assert data["organizer"]["@type"] == "Organization" and data["organizer"]["name"]
    series = data["superEvent"]
    assert series["@type"] == "EventSeries" and series["name"]
    assert urlsplit(series["url"]).path == "/" + case.path.split("/")[0] + "/"


# ------------------------------------------------------------------ hostile titles


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=lambda c: c.id)
def test_hostile_title_is_text_everywhere(sites, case: Case) -> None:
    site = sites.page(case)
    title = case.title
    soup = _page(sites, case)
    assert json.loads(soup.find("script", attrs={"type": "application/ld+json"}).string)["name"] == title, (
        "the title broke out of, or was altered in, the JSON-LD block")
    assert _json_ld(soup, f"/{case.path}")["name"] == title
    assert soup.title.get_text().startswith(title), f"<title> is {soup.title.get_text()!r}"
    assert soup.find("h1").get_text() == title
    assert soup.find("meta", attrs={"property": "og:title"})["content"] == title
    assert title in soup.find("meta", attrs={"name": "description"})["content"]
    nav = [a.get_text(" ", strip=True) for a in soup.select(".md-nav--primary a")]
    assert title in nav, f"the navigation does not list {title!r} as text: {nav}"
    year = _soup(site.root / case.path.split("/")[0] / "index.html")
    assert title in [a.get_text() for a in year.select("article table a")], "the programme does not list it as text"

    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"] == case.path]
    assert entries, f"the search index has no entry for /{case.path}"
    assert BeautifulSoup(entries[0]["title"], "lxml").get_text() == title, (
        f"the search index's title {entries[0]['title']!r} is not the escaped title")


def test_no_injected_markup_in_any_hostile_page(sites) -> None:
    site = sites["hostile"]
    injected = []
    for file in site.html_files():
        soup = _soup(file)
        injected += [f"{file.relative_to(site.root)}: {img}" for img in soup.find_all("img", src="x")]
        injected += [f"{file.relative_to(site.root)}: <{tag.name} onerror>" for tag in soup.find_all(onerror=True)]
        injected += [f"{file.relative_to(site.root)}: <frei>" for _ in soup.find_all("frei")]
    assert not injected, "markup from a title became markup:\n- " + "\n- ".join(injected)


@pytest.mark.parametrize("query, title", [("onerror", SCRIPT_TITLE), ("Öffentlich", QUOTE_TITLE)], ids=["script", "quote"])
def test_hostile_title_in_search_results_is_text(browser, sites, query: str, title: str) -> None:
    """Material renders search results as HTML: the index must hold the title escaped."""
    context = new_context(browser)
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(sites["hostile"].url, wait_until="networkidle")
        page.locator("input.md-search__input").click()
        page.keyboard.type(query)  # Material searches on key events, not on a programmatic fill
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10000)
        texts = page.eval_on_selector_all(".md-search-result__item h1, .md-search-result__item h2",
                                          "els => els.map(e => e.textContent.trim())")
        injected = page.locator('img[src="x"]').count()
    finally:
        context.close()
    assert title in texts, f"search for {query!r} did not show {title!r} as text: {texts}"
    assert not injected and not dialogs, f"search results ran markup from a title (dialogs: {dialogs})"
