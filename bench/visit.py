"""What a visitor's browser does with a built site: first-visit weight and first search result.

Headless Chromium (Debian's /usr/bin/chromium through Playwright, never a
downloaded browser) loads one page with an empty cache from a local server,
scrolls to the bottom and waits for the network to settle: every response
body is counted, compressed with gzip level 6 as a web server would. Then it
focuses the search field, types a word and times the first result. Returns
None where Playwright or Chromium are missing: the benchmark reports "n/a".
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INDEX = "search/search_index.json"


@dataclass(frozen=True)
class Visit:
    """One page's first visit (empty cache) and the first search result after it."""

    path: str
    responses: int
    bytes_gzip: int
    """Every response body, compressed with gzip level 6 as a web server would."""
    bytes_raw: int
    index_on_first_visit: bool
    """Whether the search index came with the first visit (Material loads it on every page by default)."""
    largest: list[tuple[str, int]]
    """The five biggest responses: path, gzip bytes."""
    search_word: str
    first_result_s: float
    """From focusing the search field to its first result."""
    index_bytes_gzip: int


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def visit(site: Path, path: str, word: str) -> Visit | None:
    """First-visit bytes of /path and the time from typing `word` in the search field to its first result."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                first_visit, first_result = _measure(browser, base, path, word)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return _visit(site, path, word, first_visit, first_result)


def _measure(browser: Any, base: str, path: str, word: str) -> tuple[dict[str, bytes], float]:
    """The response bodies of the first visit, by URL, and the seconds to the first search result."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  else route.abort())
    bodies: dict[str, bytes] = {}

    def keep(response: Any) -> None:
        try:
            bodies[response.url] = response.body()
        except Exception:  # noqa: BLE001 - a redirect or an aborted response has no body
            pass

    try:
        page = context.new_page()
        page.on("response", keep)
        page.goto(base + path, wait_until="networkidle")
        page.mouse.wheel(0, 20000)
        page.wait_for_timeout(500)
        page.wait_for_load_state("networkidle")
        first_visit = dict(bodies)
        started = time.perf_counter()
        page.locator("input.md-search__input").click()
        page.keyboard.type(word)
        page.locator(".md-search-result__item").first.wait_for(timeout=60000)
        first_result = time.perf_counter() - started
    finally:
        context.close()
    return first_visit, first_result


def _visit(site: Path, path: str, word: str, first_visit: dict[str, bytes], first_result: float) -> Visit:
    packed = {urlsplit(url).path: len(gzip.compress(body, compresslevel=6)) for url, body in first_visit.items()}
    index = site / INDEX
    return Visit(
        path=path, responses=len(first_visit), bytes_gzip=sum(packed.values()),
        bytes_raw=sum(len(body) for body in first_visit.values()),
        index_on_first_visit=any(url.endswith(INDEX) for url in first_visit),
        largest=sorted(packed.items(), key=lambda item: -item[1])[:5], search_word=word,
        first_result_s=round(first_result, 3),
        index_bytes_gzip=len(gzip.compress(index.read_bytes(), compresslevel=6)) if index.is_file() else 0,
    )
