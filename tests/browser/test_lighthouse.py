"""Lighthouse accessibility 100 (mobile) on every page type, and a named search dialog.

Lighthouse comes from npm (`.ci/run`: `npm install --no-save lighthouse@12.8.2`)
and runs from node_modules in one Node process over one page of each type of
the example site, against a Chromium this test starts and stops
(CHROME_PATH is Debian's /usr/bin/chromium). The pages come from 127.0.0.1;
nothing is fetched from the network. Lighthouse's accessibility category runs
axe-core rules beyond WCAG A/AA, among them aria-dialog-name, which Material's
search dialog failed (score 96). The axe test below checks the same rule with
the search dialog open, so it is covered even where Node is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from ..conftest import CHROMIUM, CHROMIUM_ARGS
from ..projects import REPO
from .conftest import AXE_TAGS, _axe_source, format_violations, new_context
from .sites import CASES, Case

pytestmark = pytest.mark.browser

LIGHTHOUSE = REPO / "node_modules" / "lighthouse"
SCRIPT = Path(__file__).with_name("lighthouse_a11y.mjs")
KINDS: dict[str, Case] = {}
for _case in CASES:
    if _case.site == "example" or _case.kind == "sign":  # the DGS page is on the hostile site only
        KINDS.setdefault(_case.kind, _case)
PAGE_TYPES = list(KINDS.values())
"""One page of each type: home, year, session, speakers, speaker, page, subscribe, recordings, statement,
easy_read, sign."""


def _start_chromium(profile: Path) -> tuple[subprocess.Popen, int]:
    """Chromium with a DevTools port for Lighthouse; the port is read from the profile folder."""
    process = subprocess.Popen([CHROMIUM, *CHROMIUM_ARGS, "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"
    for _ in range(300):
        if port_file.is_file() and port_file.read_text().strip():
            return process, int(port_file.read_text().split()[0])
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    process.wait()
    pytest.fail(f"{CHROMIUM} did not open a DevTools port")


@pytest.fixture(scope="module")
def lighthouse(sites) -> Iterator[dict[str, Any]]:
    """Lighthouse's result per page type (one run over all of them)."""
    node = shutil.which("node")
    if node is None or not (LIGHTHOUSE / "package.json").is_file():
        message = "Lighthouse is not installed: `npm install --no-save lighthouse@12.8.2` (see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    urls = {case.id: sites.page(case).url + case.path for case in PAGE_TYPES}
    with tempfile.TemporaryDirectory(prefix="lighthouse-chromium-") as profile:
        chromium, port = _start_chromium(Path(profile))
        try:
            run = subprocess.run([node, str(SCRIPT), str(port), *urls.values()], cwd=REPO, capture_output=True,
                                 text=True, timeout=900, env=dict(os.environ, CHROME_PATH=CHROMIUM))
        finally:
            chromium.kill()
            chromium.wait()
    if run.returncode != 0:
        pytest.fail(f"Lighthouse failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    results = json.loads(run.stdout)
    yield {case_id: results[url] for case_id, url in urls.items()}


@pytest.mark.parametrize("case", PAGE_TYPES, ids=lambda c: c.kind)
def test_lighthouse_accessibility_is_100_on_a_phone(lighthouse: dict[str, Any], case: Case) -> None:
    result = lighthouse[case.id]
    assert result["error"] is None, f"/{case.path}: {result['error']}"
    assert result["formFactor"] == "mobile"
    failures = "\n".join(f"- {f['id']}: {f['title']} {f['items']}" for f in result["failures"])
    assert result["score"] == 1, f"/{case.path}: Lighthouse accessibility {result['score'] * 100:.0f}\n{failures}"


_AXE_RULE = """async (rules) => {
    const result = await axe.run(document, {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(" ")), summaries: v.nodes.map(n => n.failureSummary)}));
}"""
_AXE_TAGS = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(" ")), summaries: v.nodes.map(n => n.failureSummary)}));
}"""


@pytest.mark.parametrize("case", PAGE_TYPES, ids=lambda c: c.kind)
def test_open_search_dialog_has_a_name_and_no_axe_violations(browser, sites, case: Case) -> None:
    """With Material's search dialog open (phone size): aria-dialog-name and WCAG A/AA pass."""
    context = new_context(browser, viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(sites.page(case).url + case.path, wait_until="load")
        page.locator("label.md-header__button[for='__search']").click()
        page.locator("input.md-search__input").wait_for(state="visible")
        assert page.get_by_role("dialog").count() == 1
        page.evaluate(_axe_source())
        violations = page.evaluate(_AXE_RULE, ["aria-dialog-name"]) + page.evaluate(_AXE_TAGS, AXE_TAGS)
    finally:
        context.close()
    assert not violations, f"axe on /{case.path} with search open:\n{format_violations(violations)}"
