"""Fixtures for the browser tests: two built sites, a local server, Chromium.

Each site is built once per session (python3 build.py build --today …) into a
temporary folder and served by http.server on 127.0.0.1 in a thread. Chromium
is Debian's /usr/bin/chromium (Playwright never downloads a browser here),
launched once per session for the interactive tests (keyboard, JavaScript
off, print, search, video) and once more on a background thread for the page
visits. Every visit gets a fresh context: a first visit with an empty cache.
The other tests share one tab per kind of context (`Tabs`: a new document
with empty storage each time: with a fresh context per test the browser
tests took twice the CPU, 600 s instead of 295 s). Everywhere,
a request to any other host is recorded and aborted.

`visits` loads each page once with JavaScript on, scrolls to the bottom,
records every request, response, console message and dialog, and runs
axe-core; the tests for requests, console errors, axe, bytes and images all
read that one record. The visits run while the interactive tests use the
main browser (those are sorted first): the browser tests take about three
minutes in one process (`-n 0`), beside the rest of the suite on the other
core. The W3C Nu checker runs once, in one Java process, over every HTML
file of both sites, also in the background, and so does Lighthouse
(lighthouse.py) when its tests are to run.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest

from ..projects import REPO, VNU, VNU_JAR
from .lighthouse import PAGE_TYPES, LighthouseRun
from .sites import CASES, Case, build, write_hostile_project

from ..conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - one browser per test session

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 800}
LIGHT_REPORT: list[str] = []
"""First-visit byte counts, printed at the end of the run (test_light.py)."""


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive the main browser first: the background visits run meanwhile."""
    here = Path(__file__).parent
    slots = [i for i, item in enumerate(items) if Path(str(item.path)).parent == here]
    ours = sorted((items[i] for i in slots), key=lambda item: "browser" not in item.fixturenames)
    for slot, item in zip(slots, ours):
        items[slot] = item


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if LIGHT_REPORT:
        terminalreporter.section("first visit to a session page: bytes transferred (raw, gzip level 6)")
        for number, report in enumerate(LIGHT_REPORT):
            # The per-file breakdown once; the pages differ only in their HTML.
            terminalreporter.line(report if number == 0 else report.splitlines()[0])


# ------------------------------------------------------------------ sites and server


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        pass


@dataclass
class Site:
    name: str
    root: Path
    url: str
    """base URL with trailing slash, e.g. http://127.0.0.1:43121/"""

    def has(self, case: Case) -> bool:
        return case.file(self.root).is_file()

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


@dataclass(repr=False)
class Sites:
    sites: dict[str, Site]
    vnu: subprocess.Popen | None
    vnu_files: list[Path]
    lighthouse: LighthouseRun | None = None
    """Running over the example site when Lighthouse tests are to run and Lighthouse is installed."""
    _vnu_result: dict | None = None

    def __getitem__(self, name: str) -> Site:
        return self.sites[name]

    def __repr__(self) -> str:
        return f"Sites({', '.join(f'{s.name}={s.url}' for s in self.sites.values())})"

    def page(self, case: Case) -> Site:
        """The case's site; skips an optional page type the site does not have yet."""
        site = self.sites[case.site]
        if not site.has(case):
            if case.optional:
                pytest.skip(f"/{case.path} is not in the built {case.site} site: the {case.kind} page "
                            "has not landed yet; the test runs as soon as the build writes it")
            pytest.fail(f"/{case.path} is missing from the built {case.site} site")
        return site

    def vnu_messages(self) -> list[dict]:
        """The Nu checker's messages for every HTML file of both sites (waits for the one run)."""
        if self.vnu is None:
            message = f"{VNU_JAR} or java is missing: run `npm install --no-save vnu-jar@26.9.27` (see .ci/run)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        if self._vnu_result is None:
            _, stderr = self.vnu.communicate(timeout=300)
            try:
                self._vnu_result = json.loads(stderr)
            except json.JSONDecodeError:
                pytest.fail(f"vnu.jar did not print JSON (exit {self.vnu.returncode}):\n{stderr[-3000:]}")
        return self._vnu_result.get("messages", [])


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser context closed mid-download: nothing to report


def _serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = _QuietServer((HOST, 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, name=f"serve {root.name}", daemon=True).start()
    return server, f"http://{HOST}:{server.server_address[1]}/"


def _start_lighthouse(built: dict[str, Site], items: list[pytest.Item]) -> LighthouseRun | None:
    """Lighthouse in the background, if its tests are among those to run (it waits more than it computes)."""
    if not LighthouseRun.installed() or not any(Path(str(i.path)).name == "test_lighthouse.py" for i in items):
        return None
    return LighthouseRun([built[case.site].url + case.path for case in PAGE_TYPES if built[case.site].has(case)])


@pytest.fixture(scope="session")
def sites(tmp_path_factory, request) -> Iterator[Sites]:
    base = tmp_path_factory.mktemp("browser-sites")
    build(REPO, base / "example")
    build(write_hostile_project(base / "hostile-project"), base / "hostile")
    servers, built = [], {}
    for name in ("example", "hostile"):
        server, url = _serve(base / name)
        servers.append(server)
        built[name] = Site(name, base / name, url)
    files = [f for site in built.values() for f in site.html_files()]
    vnu = None
    if VNU_JAR.is_file() and shutil.which("java"):
        # One Java process for every file of both sites; it runs while the browser tests do.
        vnu = subprocess.Popen([*VNU, "--format", "json",
                                *map(str, files)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lighthouse = _start_lighthouse(built, request.session.items)
    yield Sites(built, vnu, files, lighthouse)
    if lighthouse is not None:
        lighthouse.stop()
    if vnu is not None and vnu.poll() is None:
        vnu.kill()
        vnu.wait()
    for server in servers:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ browser


def is_own(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == HOST


@dataclass
class Visit:
    """Everything one first visit (JavaScript on, scrolled to the bottom) showed."""

    url: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)
    """own URL -> response body, for every response of the visit"""
    violations: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)


def new_context(browser: Any, **options: Any) -> Any:
    """A fresh context whose requests to any other host are recorded and never leave the machine."""
    context = browser.new_context(viewport=options.pop("viewport", DESKTOP), locale="de-DE", **options)
    context.foreign = []

    def guard(route: Any) -> None:
        if is_own(route.request.url):
            route.continue_()
        else:
            context.foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


EMPTY_STORAGE = "try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}"
"""Before every document of a reused tab: what the last test's page stored is gone (Material keeps
its palette and search state there)."""


class Tabs:
    """One tab per kind of context (viewport, JavaScript on or off), reused from test to test.

    A fresh context costs Chromium about 0.4 s of CPU and a new page in it 0.2 s more: a page load
    took 0.8 s of CPU in a fresh context and 0.2 s in a reused tab (measured, 20 loads each), and
    the browser tests load some 300 pages. Tests that read what a page shows and does (keyboard,
    layout, JavaScript off, hostile markup) need no first visit: they share a tab, which starts
    each test on about:blank, with its storage emptied before every document and its record of
    requests to other hosts cleared. The visits, which count the requests and bytes of a first
    visit, keep a fresh context each.
    """

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.tabs: dict[str, Any] = {}

    def __call__(self, **options: Any) -> Any:
        """The tab for these context options, on about:blank, with nothing recorded yet."""
        key = repr(sorted(options.items()))
        if key not in self.tabs:
            context = new_context(self.browser, **options)
            context.add_init_script(EMPTY_STORAGE)
            self.tabs[key] = context.new_page()
        tab = self.tabs[key]
        tab.goto("about:blank")  # a new document for the test's page, even at the same address with a #
        tab.context.foreign.clear()
        return tab

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()


@pytest.fixture(scope="session")
def tabs(browser: Any) -> Iterator[Tabs]:
    shared = Tabs(browser)
    yield shared
    shared.close()


class Visitor:
    """Visits every page case once, in a second Chromium on a background thread.

    The visits (load, scroll, axe) start with the first test that asks for
    one and run while the keyboard and no-JavaScript tests use the main
    browser; a test that needs a visit waits for just that one.
    """

    def __init__(self, sites: Sites, cases: list[Case]) -> None:
        self.sites = sites
        self.cases = [c for c in cases if sites[c.site].has(c)]
        self.results: dict[str, Visit | BaseException] = {}
        self.done = {c.id: threading.Event() for c in self.cases}
        self.axe = _axe_source()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="page visits", daemon=True)
        self.thread.start()

    def url(self, case: Case) -> str:
        return self.sites.page(case).url + case.path

    def __call__(self, case: Case) -> Visit:
        self.url(case)  # skips an optional page the site does not have
        if not self.done[case.id].wait(timeout=600):
            pytest.fail(f"visiting {case.id} took more than 10 minutes")
        result = self.results[case.id]
        if isinstance(result, BaseException):
            raise result
        return result

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for case in self.cases:
                    if self.stop.is_set():
                        break
                    try:
                        self.results[case.id] = self._visit(chromium, self.url(case))
                    except BaseException as exc:  # noqa: BLE001 - handed to the test that asks
                        self.results[case.id] = exc
                    self.done[case.id].set()
                chromium.close()
        except BaseException as exc:  # noqa: BLE001 - e.g. Chromium failed to start
            for case in self.cases:
                self.results.setdefault(case.id, exc)
        finally:
            for event in self.done.values():
                event.set()

    def _visit(self, browser: Any, url: str) -> Visit:
        visit = Visit(url)
        context = new_context(browser)
        page = context.new_page()
        responses: list[Any] = []
        context.on("request", lambda r: visit.requests.append(r.url))
        context.on("response", lambda r: responses.append(r))
        context.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})") if is_own(r.url) else None)
        page.on("console", lambda m: visit.console_errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on("dialog", lambda d: (visit.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        try:
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            page.mouse.wheel(0, 20000)
            # Whatever scrolling starts (lazy images, players) has begun by now; a second
            # wait_for_load_state("networkidle") would return at once, as the page was idle before.
            page.wait_for_timeout(300)
            page.wait_for_function("() => performance.getEntriesByType('resource')"
                                   ".every(e => e.responseEnd > 0)", timeout=5000)
            for response in responses:
                if is_own(response.url) and response.url.startswith("http"):
                    if response.status >= 400:
                        visit.failed.append(f"{response.url} ({response.status})")
                    try:
                        visit.bodies[response.url] = response.body()
                    except Exception:  # noqa: BLE001 - a body that cannot be read (redirect) counts as 0 bytes
                        visit.bodies[response.url] = b""
            visit.images = page.eval_on_selector_all(
                "article img",
                "els => els.map(e => ({src: e.getAttribute('src'), width: e.getAttribute('width'),"
                " height: e.getAttribute('height'), alt: e.getAttribute('alt'), complete: e.complete,"
                " natural: [e.naturalWidth, e.naturalHeight]}))")
            page.evaluate(self.axe)
            visit.violations = page.evaluate(
                """async (tags) => {
                    const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                             resultTypes: ["violations"]});
                    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.map(n => n.target.join(" ")),
                        summaries: v.nodes.map(n => n.failureSummary)}));
                }""",
                AXE_TAGS,
            )
        finally:
            visit.foreign = list(context.foreign)
            context.close()
        return visit


@pytest.fixture(scope="session")
def visits(sites: Sites) -> Iterator[Visitor]:
    visitor = Visitor(sites, CASES)
    yield visitor
    visitor.stop.set()
    visitor.thread.join(timeout=60)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} (impact: {v['impact']}): {v['help']}")
        pairs = list(zip(v["targets"], v.get("summaries", [])))
        for target, summary in pairs[:8]:
            detail = " ".join((summary or "").split())[:300]
            lines.append(f"    target: {target}  {detail}")
        if len(pairs) > 8:
            lines.append(f"    … and {len(pairs) - 8} more targets")
    return "\n".join(lines)
