"""The site Zensical builds (`build.py build --engine zensical`), as a visitor's browser sees it.

Zensical's theme is its own (Rust, MiniJinja, a new search): the same
promises must hold there. No request to another host on any page, the
search index only once the visitor opens the search, axe and the Nu
checker clean, and the search finds a session by a word of its abstract. Skipped, with the reason, where
Zensical is not installed (requirements-engines.txt; CI installs it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from ..test_engines import build_with
from ..projects import VNU, VNU_JAR
from .conftest import _axe_source, _serve, new_context

pytestmark = pytest.mark.browser

INDEX = "search.json"
SESSION = "2020/vielfalt-messen-kommunales-monitoring/"
"""A session whose abstract, not its title, has the word „Checkliste“."""


@dataclass(frozen=True)
class Page:
    id: str
    path: str


PAGES = [Page("home", ""), Page("year", "2021/"), Page("session", "2021/beteiligung-bei-der-platzgestaltung/"),
         Page("session-with-recording", "2020/diversitaet-inklusion-teilhabe-grundbegriffe/"),
         Page("speaker-with-photo", "speakers/jana-wiesner/"), Page("statement", "barrierefreiheit/"),
         Page("leichte-sprache-with-headings", "leichte-sprache/barrierefreiheit/")]


@pytest.fixture(scope="module")
def zensical_folder(tmp_path_factory) -> Path:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed here: `.venv/bin/pip install -r requirements-engines.txt` "
                    "(CI installs it)")
    site = tmp_path_factory.mktemp("zensical") / "site"
    result = build_with("zensical", site)
    assert result.returncode == 0, f"build --engine zensical failed:\n{result.stderr[-3000:]}"
    return site


@pytest.fixture(scope="module")
def zensical_site(zensical_folder: Path) -> Iterator[str]:
    server, url = _serve(zensical_folder)
    yield url
    server.shutdown()
    server.server_close()


def test_zensical_html_passes_the_nu_checker(zensical_folder: Path) -> None:
    if not VNU_JAR.is_file() or not shutil.which("java"):
        message = f"{VNU_JAR} or java is missing: run `npm install --no-save vnu-jar@26.9.27` (see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    files = sorted(str(path) for path in zensical_folder.rglob("*.html"))
    result = subprocess.run([*VNU, "--format", "json", *files],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr).get("messages", [])
    shown = [f"{m.get('url', '').split(str(zensical_folder))[-1]}:{m.get('lastLine')}: {m.get('message')}"
             for m in messages]
    assert not shown, "Nu checker on Zensical's output:\n- " + "\n- ".join(shown[:20])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_zensical_pages_request_no_other_host_and_no_index(browser, zensical_site, page: Page) -> None:
    context = new_context(browser)
    requests: list[str] = []
    try:
        tab = context.new_page()
        tab.on("request", lambda request: requests.append(request.url))
        tab.goto(zensical_site + page.path, wait_until="networkidle")
        tab.mouse.wheel(0, 20000)
        tab.wait_for_timeout(300)
        tab.evaluate(_axe_source())
        violations = tab.evaluate("""async () => (await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})).violations
            .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))""")
    finally:
        context.close()
    assert not context.foreign, f"/{page.path} requested other hosts: {context.foreign}"
    assert not [url for url in requests if url.endswith(INDEX)], f"/{page.path} loaded the search index unasked"
    assert not violations, f"axe on /{page.path}:\n- " + "\n- ".join(violations)


def test_zensical_search_finds_a_session_by_a_word_of_its_abstract(browser, zensical_site) -> None:
    context = new_context(browser)
    try:
        tab = context.new_page()
        tab.goto(zensical_site + "2021/", wait_until="networkidle")
        tab.click(".md-search__button")  # Zensical's search: a button that opens a dialog (in a shadow root)
        field = tab.locator("dialog[open] input")
        field.wait_for(timeout=10000)
        field.type("Checkliste")  # typed as soon as the field is there: the index arrives meanwhile
        result = tab.locator(f"a[href*='{SESSION}']")
        result.first.wait_for(timeout=10000)
    finally:
        context.close()
    assert not context.foreign
