"""Light: what a first visit to a session page transfers, and images without layout shift."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from .conftest import LIGHT_REPORT
from .sites import CASES, SESSION_CASES, Case

pytestmark = pytest.mark.browser

BUDGET = 100_000
"""Bytes, gzip-compressed (level 6), for everything a first visit loads at once (the search index comes on focus)."""


@pytest.mark.parametrize("case", SESSION_CASES, ids=lambda c: c.id)
def test_first_visit_to_a_session_page_is_light(visits, case: Case) -> None:
    visit = visits(case)
    rows = [(urlsplit(url).path, len(body), len(gzip.compress(body, compresslevel=6)))
            for url, body in visit.bodies.items()]
    raw = sum(r[1] for r in rows)
    packed = sum(r[2] for r in rows)
    lines = [f"{case.id}: {len(rows)} responses, {raw:,} bytes raw, {packed:,} bytes gzip"]
    lines += [f"    {size:>9,} raw {gz:>9,} gzip  {path}" for path, size, gz in sorted(rows, key=lambda r: -r[2])]
    report = "\n".join(lines)
    print(report)
    LIGHT_REPORT.append(report)
    assert packed <= BUDGET, f"first visit transfers {packed:,} bytes gzip-compressed (budget {BUDGET:,}):\n{report}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_content_images_have_width_and_height(visits, case: Case) -> None:
    visit = visits(case)
    url = visit.url
    problems = [f"{img['src']}: width={img['width']!r} height={img['height']!r}"
                for img in visit.images
                if not (str(img["width"] or "").isdigit() and str(img["height"] or "").isdigit())]
    assert not problems, f"images without width/height on {url} (layout shift):\n- " + "\n- ".join(problems)
    broken = [img["src"] for img in visit.images if img["complete"] and img["natural"][0] == 0]
    assert not broken, f"images that did not load on {url}: {broken}"
