"""The "Kalender abonnieren" page (issue 4): addresses, copy buttons, instructions.

The German site is the one test_calendars.py builds: its fixture, so both
modules run on one xdist worker and the site is built once (tests/conftest.py).
An English build checks the language switch. The HTML is parsed with
BeautifulSoup; the W3C Nu checker and a headless Chromium (keyboard use of the
copy buttons, and the page without JavaScript) run where installed.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from .projects import MKDOCS_YML, VNU, VNU_JAR, new_project, session
from .test_calendars import HOST, Built, built  # noqa: F401 - the site test_calendars.py builds, shared

PAGE = "kalender/"
FEEDS = ["calendar.ics", "2021/calendar.ics", "2020/calendar.ics"]


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project built with theme.language: en."""
    root = tmp_path_factory.mktemp("english") / "project"
    project = new_project(root, {
        "auftakt": session(),
        "abgesagt": session("Called off", "2021-10-12 14:00", extra="status: cancelled"),
    })
    project.config(theme=MKDOCS_YML["theme"] | {"language": "en"}, plugins=[{"search": {"lang": "en"}}])
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def soup_of(site: Path, path: str = PAGE) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def article(site: Path, path: str = PAGE):
    return soup_of(site, path).select_one("article")


def resolve(page_path: str, href: str) -> str:
    return urlsplit(urljoin(f"https://{HOST}/{page_path}", href)).path.lstrip("/")


# ------------------------------------------------------------------ addresses


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("scheme", ["https", "webcal"])
def test_address_is_plain_selectable_text(built: Built, feed: str, scheme: str) -> None:
    codes = [c for c in article(built.site).select("code") if c.get_text() == f"{scheme}://{HOST}/{feed}"]
    assert len(codes) == 1


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("scheme", ["https", "webcal"])
def test_address_has_a_copy_button_naming_what_it_copies(built: Built, feed: str, scheme: str) -> None:
    page = article(built.site)
    (code,) = [c for c in page.select("code") if c.get_text() == f"{scheme}://{HOST}/{feed}"]
    (button,) = page.select(f'button[data-copy-target="{code["id"]}"]')
    assert button["type"] == "button"
    visible = button.get_text(strip=True)
    assert visible == "Kopieren"
    name = button["aria-label"]
    assert name.startswith(visible) and scheme in name  # label in name (WCAG 2.5.3), and says which one


def test_copy_buttons_are_keyboard_buttons_hidden_until_the_script_runs(built: Built) -> None:
    buttons = article(built.site).select("button")
    assert len(buttons) == 2 * len(FEEDS)
    for button in buttons:
        assert button.get("tabindex") is None and not button.has_attr("disabled")
        assert button.parent.has_attr("hidden"), "without JavaScript no button that does nothing"


def test_copy_script_is_one_same_site_file_and_no_inline_script(built: Built) -> None:
    scripts = article(built.site).select("script")
    assert len(scripts) == 1 and not scripts[0].get_text(strip=True)
    src = scripts[0]["src"]
    assert not urlsplit(src).scheme and not src.startswith("//")
    assert scripts[0].has_attr("defer")
    assert resolve(PAGE, src) == "assets/copy.js" and (built.site / "assets" / "copy.js").is_file()


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_has_a_webcal_link_and_a_download(built: Built, feed: str) -> None:
    links = article(built.site).select("a[href]")
    assert any(a["href"] == f"webcal://{HOST}/{feed}" for a in links)
    downloads = [a for a in links if a.has_attr("download") and resolve(PAGE, a["href"]) == feed]
    assert len(downloads) == 1 and (built.site / feed).is_file()


# ------------------------------------------------------------------ structure and text


def test_headings_start_at_h1_and_never_skip_a_level(built: Built) -> None:
    levels = [int(h.name[1]) for h in article(built.site).find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:])), levels


def test_page_title(built: Built) -> None:
    soup = soup_of(built.site)
    assert soup.select_one("article h1").get_text() == "Kalender abonnieren"
    assert soup.title.get_text().startswith("Kalender abonnieren")


@dataclass(frozen=True)
class Client:
    """A calendar program the page explains, and what its row of the refresh table says."""

    id: str
    heading: str
    refresh: tuple[str, ...]
    """words in the client's row of the refresh table"""


CLIENTS = [
    Client("outlook-desktop", "Outlook (Windows, Desktop)", ("Senden/Empfangen", "jede Stunde")),
    Client("outlook-web", "Outlook im Web, neues Outlook, Microsoft 365 und Exchange", ("24 Stunden", "nicht")),
    Client("thunderbird", "Thunderbird", ("Einstellbar", "30 Minuten")),
    Client("apple", "Apple Kalender (Mac, iPhone, iPad)", ("Einstellbar", "5 Minuten")),
    Client("google", "Google Kalender", ("12 bis 24 Stunden", "erzwingen")),
]


@pytest.mark.parametrize("client", CLIENTS, ids=[client.id for client in CLIENTS])
def test_client_has_step_by_step_instructions(built: Built, client: Client) -> None:
    (heading,) = [h for h in article(built.site).select("h3") if h.get_text() == client.heading]
    steps = heading.find_next_sibling("ol").select("li")
    assert len(steps) >= 3


@pytest.mark.parametrize("client", CLIENTS, ids=[client.id for client in CLIENTS])
def test_refresh_table_says_how_often_each_client_refreshes(built: Built, client: Client) -> None:
    rows = {row.th.get_text(): row.td.get_text() for row in article(built.site).select("table tbody tr")}
    assert all(words in rows[client.heading] for words in client.refresh), rows[client.heading]


def test_page_says_why_to_subscribe_rather_than_import(built: Built) -> None:
    (heading,) = [h for h in article(built.site).select("h2") if h.get_text().startswith("Warum abonnieren")]
    text = heading.find_next_sibling("ul").get_text()
    assert "Import" in text and "ABGESAGT" in text and "Termin herunterladen (.ics)" in text


def test_nav_lists_the_page_after_the_speakers_before_hand_written_pages(built: Built) -> None:
    soup = soup_of(built.site, "")
    titles = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary > ul > li > a, "
                                                                "nav.md-nav--primary > ul > li > label")]
    titles = [t for t in titles if t]
    assert titles.index("Referierende") < titles.index("Kalender abonnieren") < titles.index("Über uns"), titles


def test_home_page_links_the_subscribe_page(built: Built) -> None:
    hrefs = [a["href"] for a in soup_of(built.site, "").select("article a[href]")]
    assert any(resolve("", h) == PAGE for h in hrefs)


# ------------------------------------------------------------------ English


ENGLISH = [
    ("article h1", "Subscribe to the calendar"),
    ("article button", "Copy"),
    ("article h2", "Addresses"),
]


@pytest.mark.parametrize(("selector", "text"), ENGLISH, ids=[e[1] for e in ENGLISH])
def test_english_site_has_english_strings(english: Path, selector: str, text: str) -> None:
    assert article(english).select_one(selector).get_text(strip=True) == text


def test_english_site_has_no_german_left_on_the_page(english: Path) -> None:
    text = article(english).get_text(" ")
    for german in ("Kopieren", "Adressen", "Schritt", "Aktualisierung", "abonnieren", "Kalender"):
        assert german not in text


def test_english_calendar_prefixes_cancelled_summaries_in_english(english: Path) -> None:
    data = (english / "2021" / "abgesagt.ics").read_bytes()
    assert b"SUMMARY:CANCELLED: Called off\r\n" in data


# ------------------------------------------------------------------ validators and a real browser


@pytest.mark.skipif(not VNU_JAR.is_file() or shutil.which("java") is None, reason="W3C Nu checker not installed")
def test_pages_are_valid_html(built: Built, english: Path) -> None:
    files = [built.site / PAGE / "index.html", built.site / "2021" / "index.html",
             built.site / "2021" / "nach-sommerzeit" / "index.html", english / PAGE / "index.html"]
    result = subprocess.run([*VNU,
                             *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def served(built: Built):
    handler = functools.partial(_Quiet, directory=str(built.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's name
        pass


@pytest.mark.browser
def test_keyboard_reaches_and_operates_every_copy_button(browser, served: str) -> None:
    # 127.0.0.1 is a secure context, so the Clipboard API is available.
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(served + PAGE, wait_until="load")
        expected = page.eval_on_selector_all(
            "button.sp-copy", "bs => bs.map(b => document.getElementById(b.dataset.copyTarget).textContent)")
        assert len(expected) == 2 * len(FEEDS)
        copied, keys = [], ["Enter", " "]
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('button.sp-copy')"):
                page.keyboard.press(keys[len(copied) % 2])
                page.wait_for_function("document.querySelector('.sp-copy-status').textContent !== ''")
                copied.append(page.evaluate("navigator.clipboard.readText()"))
                page.evaluate("document.querySelector('.sp-copy-status').textContent = ''")
                if len(copied) == len(expected):
                    break
        assert copied == expected
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_addresses_show_and_buttons_do_not(browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served + PAGE, wait_until="load")
        assert page.locator("button.sp-copy:visible").count() == 0
        shown = page.locator("code:visible").evaluate_all("codes => codes.map(code => code.textContent)")
        assert shown.count(f"webcal://{HOST}/calendar.ics") == 1, shown
    finally:
        context.close()
