"""Each hostile HTML family, built with `check` switched off, runs nothing and asks no other host in Chromium.

`check` refuses these texts (tests/test_sanitise.py); here the build's own
sanitiser is the only guard, so a gap in either shows. Every page is loaded
with JavaScript on, in the shared tab (conftest.py: Tabs) as a new document
with empty storage; every link and element in the article is then read
through the browser's own DOM and URL parser.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

from ..payloads import PAYLOADS, PLACES, Payload, Place, payload_project
from ..projects import REPO, _env
from .conftest import _serve

pytestmark = pytest.mark.browser

UNGUARDED_BUILD = """\
import runpy, sys
sys.path.insert(0, {repo!r})
import series_publisher.site as site
site.check_markup = lambda *args: None  # the sanitiser alone: what check would refuse is built
sys.argv = ["build.py", "build"]
runpy.run_path({build!r}, run_name="__main__")
"""

HOVER = """() => {
    for (const el of document.querySelectorAll("article *"))  // mouse-over handlers, had any survived
        el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
}"""
FINDINGS = """() => {
    const found = [];
    if (window.__ran) found.push("window.__ran was set: a payload ran");
    const article = document.querySelector("article");
    for (const el of article.querySelectorAll("*")) {
        for (const attr of el.attributes) {
            if (attr.name.startsWith("on") || attr.name === "srcdoc") found.push(`${el.localName} ${attr.name}`);
        }
        if (["script", "iframe", "object", "embed", "animate", "set", "math", "maction"].includes(el.localName))
            found.push(`<${el.localName}>`);
        if ((el.localName === "a" || el.localName === "area") && el.hasAttribute("href")
                && !["http:", "https:", "mailto:", "tel:"].includes(el.protocol))
            found.push(`${el.localName} href with ${el.protocol}`);
    }
    return found;
}"""


@dataclass(frozen=True)
class Visited:
    payload: Payload
    place: Place

    @property
    def id(self) -> str:
        return f"{self.payload.family}-in-{self.place.kind}"

    @property
    def path(self) -> str:
        return self.place.page.format(family=self.payload.family)


VISITS = [Visited(payload, place) for payload in PAYLOADS for place in PLACES]


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Iterator[str]:
    project = payload_project(tmp_path_factory.mktemp("payloads") / "project")
    driver = UNGUARDED_BUILD.format(repo=str(REPO), build=str(REPO / "build.py"))
    result = subprocess.run([sys.executable, "-c", driver], cwd=project.root, capture_output=True, text=True,
                            env=_env("2021-09-01", None))
    assert result.returncode == 0, result.stderr[-3000:]
    server, url = _serve(project.root / "site")
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("case", VISITS, ids=lambda case: case.id)
def test_payload_runs_nothing_and_asks_no_other_host(tabs, payload_site: str, case: Visited) -> None:
    page = tabs()
    dialogs: list[str] = []

    def dialog(opened: Any) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    try:
        response = page.goto(payload_site + case.path, wait_until="load")
        assert response is not None and response.ok, f"/{case.path} is missing from the built site"
        page.mouse.wheel(0, 20000)
        page.evaluate(HOVER)
        page.wait_for_timeout(200)
        found = page.evaluate(FINDINGS)
        foreign = list(page.context.foreign)
    finally:
        page.remove_listener("dialog", dialog)
    assert not found and not dialogs, f"/{case.path}: {found + dialogs}"
    assert not foreign, f"/{case.path} asked other hosts: {foreign}"
