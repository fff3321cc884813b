"""Print: a year's programme on A4 as a clean list, without the site's chrome."""

from __future__ import annotations

import pytest

from .conftest import new_context
from .sites import YEAR_CASES, Case

pytestmark = pytest.mark.browser

A4_AT_96_DPI = {"width": 794, "height": 1123}
CHROME = [".md-header", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".md-tabs", ".md-skip", ".md-content__button"]


@pytest.mark.parametrize("case", YEAR_CASES, ids=lambda c: c.id)
def test_year_programme_prints_as_a_clean_list(browser, visits, case: Case) -> None:
    url = visits.url(case)
    context = new_context(browser, viewport=A4_AT_96_DPI)
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(url, wait_until="load")
        shown = page.evaluate(
            """(selectors) => selectors.flatMap(sel => [...document.querySelectorAll(sel)]
                .filter(el => getComputedStyle(el).display !== "none" && el.getClientRects().length > 0)
                .map(el => sel))""",
            CHROME)
        table = page.evaluate(
            """() => {
                const t = document.querySelector("article table");
                if (!t) return null;
                const r = t.getBoundingClientRect();
                const rows = [...t.tBodies[0].rows];
                return {visible: getComputedStyle(t).display !== "none" && r.width > 0 && r.height > 0,
                        rows: rows.length,
                        shownRows: rows.filter(row => row.getBoundingClientRect().height > 0).length,
                        width: t.scrollWidth, room: document.querySelector("article").clientWidth,
                        headers: [...t.tHead.rows[0].cells].map(c => c.textContent.trim())};
            }""")
        pdf = page.pdf(format="A4", print_background=False)
    finally:
        context.close()
    assert not shown, f"printing {url} still shows: {sorted(set(shown))}"
    assert table and table["visible"] and table["rows"], f"the programme table is not printed: {table}"
    assert table["shownRows"] == table["rows"], f"some programme rows are hidden in print: {table}"
    assert table["width"] <= table["room"], f"the programme is wider than an A4 page: {table}"
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
