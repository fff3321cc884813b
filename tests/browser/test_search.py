"""Search: costs nothing until used, and finds a session by a word of its abstract.

Material fetches search/search_index.json on every page load; overrides/assets/search.js
holds that request back until the search field gets the focus. A visitor who never
searches downloads no index; one who searches needs no second click.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .conftest import new_context

pytestmark = pytest.mark.browser

INDEX = "search/search_index.json"
SESSION = "2020/vielfalt-messen-kommunales-monitoring/"
"""A session of the example site whose abstract, not its title, has the words below."""


@dataclass(frozen=True)
class Query:
    id: str
    typed: str
    """What the visitor types, right after focusing the field (no second click)."""
    finds: str
    """Site path of the session the results must link to."""


QUERIES = [
    Query("word-of-the-abstract", "Checkliste", SESSION),
    Query("lower-case-with-umlaut", "bürgerbefragungen", SESSION),
]


def _index_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if url.endswith(INDEX)]


def test_a_visit_without_searching_loads_no_index(browser, sites) -> None:
    context = new_context(browser)
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(sites["example"].url + SESSION, wait_until="networkidle")
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert not _index_requests(requests), f"a visit that never searched fetched the index: {requests}"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_search_finds_a_session_by_a_word_of_its_abstract(browser, sites, query: Query) -> None:
    context = new_context(browser)
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(sites["example"].url, wait_until="networkidle")
        before_focus = _index_requests(requests)
        page.locator("input.md-search__input").click()
        page.keyboard.type(query.typed)  # Material searches on key events
        page.locator(".md-search-result__item").first.wait_for(timeout=10000)
        links = page.eval_on_selector_all(".md-search-result__item a[href]", "els => els.map(e => e.href)")
    finally:
        context.close()
    assert not before_focus, f"the index was fetched before the search field had the focus: {before_focus}"
    assert len(_index_requests(requests)) == 1, f"the index should be fetched once, on focus: {requests}"
    wanted = sites["example"].url + query.finds
    assert any(link.split("#")[0].split("?")[0] == wanted for link in links), (
        f"searching {query.typed!r} did not list {wanted}: {links}")
