"""Leichte Sprache and Gebärdensprache as a reader meets them (BITV 2.0 § 4).

The example site has pages in Leichte Sprache and no DGS video; the hostile
site has a DGS page (a test video made by Debian's ffmpeg) and no page in
Leichte Sprache. So each site shows exactly the link whose pages it has.
Axe, the Nu checker and the no-foreign-request tests cover the new pages
through their cases in sites.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .conftest import new_context
from .sites import CAPTION, CASES, SIGN_VIDEO_SECONDS, Case

pytestmark = pytest.mark.browser

EXPECTED = {"example": ["Leichte Sprache"], "hostile": ["Gebärdensprache"]}
"""The links each site must show: only the kinds whose pages exist."""

VIEWPORTS = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1280, "height": 800}}

ONE_PER_KIND = list({(c.site, c.kind): c for c in CASES if not c.optional}.values())


def test_every_page_of_both_sites_carries_exactly_its_links(sites) -> None:
    """In the HTML of every page (404 included): the header links and the same in the footer."""
    import re

    for name, expected in EXPECTED.items():
        for file in sites[name].html_files():
            html = file.read_text(encoding="utf-8")
            if "<header" not in html:
                continue  # a redirect page
            header = re.search(r'<nav class="sp-easy-links"[^>]*>(.*?)</nav>', html, re.S)
            footer = re.search(r'<p class="sp-footer-links sp-footer-easy">(.*?)</p>', html, re.S)
            assert header and footer, f"{file}: no links to Leichte Sprache / Gebärdensprache"
            for part in (header[1], footer[1]):
                texts = [re.sub(r"<[^>]+>", "", a) for a in re.findall(r"<a [^>]*>.*?</a>", part, re.S)]
                assert texts == expected, f"{file}: {texts}"


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("case", ONE_PER_KIND, ids=lambda c: c.id)
def test_header_links_are_visible_text_on_every_page_type(tabs, visits, case: Case, viewport: str) -> None:
    page = tabs(viewport=VIEWPORTS[viewport])
    page.goto(visits.url(case), wait_until="load")
    links = page.locator("nav.sp-easy-links a")
    shown = [links.nth(i) for i in range(links.count())]
    texts = [link.inner_text().strip() for link in shown]
    boxes = [link.bounding_box() for link in shown]
    alts = page.eval_on_selector_all("nav.sp-easy-links img", "els => els.map(e => e.getAttribute('alt'))")
    assert texts == EXPECTED[case.site]
    width = VIEWPORTS[viewport]["width"]
    for box in boxes:
        assert box and box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] < 200, box
        assert box["height"] >= 24  # a target a finger hits
    assert alts == [""] * len(texts)  # the icon is decoration: the text says it


@dataclass(frozen=True)
class Style:
    id: str
    selector: str
    check: str
    """A JavaScript expression over `s`, the element's computed style, that must be true."""


LS_STYLES = [
    Style("text-18px", ".sp-easy-read p", "parseFloat(s.fontSize) >= 18"),
    Style("line-height-1.5", ".sp-easy-read p", "parseFloat(s.lineHeight) / parseFloat(s.fontSize) >= 1.5"),
    Style("list-18px", ".sp-easy-read li", "parseFloat(s.fontSize) >= 18"),
    Style("left-aligned", ".sp-easy-read p", "['left', 'start'].includes(s.textAlign)"),
    Style("no-hyphenation", ".sp-easy-read p", "['none', 'manual'].includes(s.hyphens)"),
    Style("sentence-per-line", ".sp-easy-read p", "s.whiteSpace === 'pre-line'"),
    Style("no-italics", ".sp-easy-read em", "s.fontStyle === 'normal' && parseInt(s.fontWeight) >= 700"),
]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_easy_read_page_layout_meets_the_rules(browser, visits, viewport: str) -> None:
    case = next(c for c in CASES if c.kind == "easy_read")
    context = new_context(browser, viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto(visits.url(case), wait_until="load")
        # Emphasis an editor might type, to see how it shows.
        page.evaluate("document.querySelector('.sp-easy-read p').appendChild(document.createElement('em'))"
                      ".textContent = 'wichtig'")
        failed = [style.id for style in LS_STYLES if not page.evaluate(
            f"() => [...document.querySelectorAll({style.selector!r})].every(e => {{"
            f" const s = getComputedStyle(e); return {style.check}; }})")]
        lang = page.evaluate("document.documentElement.lang")
        sideways = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    finally:
        context.close()
    assert not failed, f"{viewport}: {failed}"
    assert lang == "de" and not sideways


def test_easy_read_page_links_back_to_the_page_it_explains(sites) -> None:
    html = (sites["example"].root / "leichte-sprache/barrierefreiheit/index.html").read_text(encoding="utf-8")
    assert '<p class="sp-easy-back">Diese Seite in Alltags-Sprache: <a href="../../barrierefreiheit/">' in html


def test_home_and_statement_name_the_pages(sites) -> None:
    home = (sites["example"].root / "index.html").read_text(encoding="utf-8")
    statement = (sites["hostile"].root / "barrierefreiheit/index.html").read_text(encoding="utf-8")
    # Near the top: the bar above the header names them first; on the page right after the next session,
    # which stays first on a phone's first screen (test_public_view.py), before the introduction.
    assert home.index('class="sp-easy-links"') < home.index('id="naechste"') < home.index('class="sp-easy-home"')
    assert home.index('class="sp-easy-home"') < home.index('id="thema"')
    assert '<a href="leichte-sprache/" lang="de">' in home
    assert 'id="leichte-sprache"' in statement and '<a href="../gebaerdensprache/" lang="de">' in statement


def test_sign_language_video_plays_with_captions_and_states_size_and_time(browser, visits) -> None:
    case = next(c for c in CASES if c.kind == "sign")
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(visits.url(case), wait_until="load")
        video = page.locator("article video")
        attributes = video.evaluate("v => [v.preload, v.autoplay, v.controls, v.paused]")
        page.evaluate("document.querySelector('article video').muted = true")
        video.evaluate("v => v.play()")
        page.wait_for_function("document.querySelector('article video').currentTime > 0.5", timeout=10000)
        cues = page.evaluate("""() => { const t = document.querySelector('article video').textTracks[0];
                                        return [t.kind, t.mode, [...(t.cues || [])].map(c => c.text)]; }""")
        download = page.locator("article .sp-sign-download").inner_text()
        logo = page.locator("article .sp-sign-logo").get_attribute("alt")
        transcript = page.locator("article details").text_content() or ""
        foreign = list(context.foreign)
    finally:
        context.close()
    assert attributes == ["metadata", False, True, True]  # no autoplay: the reader starts it
    assert cues == ["captions", "showing", [CAPTION]]
    assert f"0:{SIGN_VIDEO_SECONDS:02d} Min." in download and "MP4, " in download and " KB" in download
    assert logo and "Gebärdensprache" in logo
    assert CAPTION in transcript
    assert not foreign
