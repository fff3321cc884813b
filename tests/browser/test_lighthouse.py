"""Lighthouse accessibility 100 (mobile) on every page type, and a named search dialog.

Lighthouse comes from npm (`.ci/run`: `npm install --no-save lighthouse@12.8.2`)
and runs from node_modules in one Node process over one page of each type of
the example site, against a Chromium of its own (CHROME_PATH is Debian's
/usr/bin/chromium), in the background from the moment the sites are served
(lighthouse.py). The pages come from 127.0.0.1;
nothing is fetched from the network. Lighthouse's accessibility category runs
axe-core rules beyond WCAG A/AA, among them aria-dialog-name, which Material's
search dialog failed (score 96). The axe test below checks the same rule with
the search dialog open, so it is covered even where Node is missing.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from .conftest import AXE_TAGS, Sites, _axe_source, format_violations, new_context
from .lighthouse import MISSING, PAGE_TYPES, LighthouseError
from .sites import Case

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lighthouse(sites: Sites) -> dict[str, Any]:
    """Lighthouse's result per page type: one run over all of them, started with the sites (lighthouse.py)."""
    if sites.lighthouse is None:
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    urls = {case.id: sites.page(case).url + case.path for case in PAGE_TYPES}
    try:
        results = sites.lighthouse.results()
    except LighthouseError as exc:
        pytest.fail(str(exc))
    return {case_id: results[url] for case_id, url in urls.items()}


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
        # axe judges colours as drawn: wait until the dialog's fade-in has ended (mid-fade the
        # status line is half transparent, and its contrast is that of no finished page).
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        assert page.get_by_role("dialog").count() == 1
        page.evaluate(_axe_source())
        violations = page.evaluate(_AXE_RULE, ["aria-dialog-name"]) + page.evaluate(_AXE_TAGS, AXE_TAGS)
    finally:
        context.close()
    assert not violations, f"axe on /{case.path} with search open:\n{format_violations(violations)}"
