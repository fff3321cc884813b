"""The public's view, in a real browser at 360×640 and 1280×800, on fixed reference dates.

One programme (the hostile set's sessions, registration open until 30
November, a long introduction and one session written in English) is built
four times: in season (15 September 2021), the day after a session and
before a cancelled one (6 October), between seasons (10 January 2022), and
as an English site (6 October). The tests read what a visitor sees: element
positions against the first screen and the visible text (innerText), never
the HTML source.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from .conftest import _serve
from .sites import HOSTILE_REGISTRATION, build, write_hostile_project
from ..projects import session

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1280, "height": 800}}
INTRO = "\n\n".join(
    f"Absatz {n} der Einführung: Die Reihe richtet sich an Verwaltungen, Beiräte und alle Interessierten; "
    "sie erklärt, warum Teilhabe vor Ort beginnt, und lädt zu Gesprächen über gute Praxis ein." for n in range(1, 6))
ENGLISH_TITLE = "Belonging in public space"
BUILDS = {"season": ("2021-09-15", "de"), "cancelled": ("2021-10-06", "de"),
          "between": ("2022-01-10", "de"), "english": ("2021-10-06", "en")}


def _programme(root: Path, language: str) -> Path:
    """The hostile set, registration open until 30 November, a long intro, one session in English."""
    write_hostile_project(root)
    theme = root / "series/2021/theme.yml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("2021-09-30", "2021-11-30"), encoding="utf-8")
    (root / "series/2021/sessions/englisch.md").write_text(
        session(ENGLISH_TITLE, "2021-11-16 14:00", extra="language: en",
                abstract="A talk about who feels welcome in squares and parks."), encoding="utf-8")
    (root / "content/index.md").write_text(f"# Testreihe\n\n{INTRO}\n", encoding="utf-8")
    if language != "de":
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config["theme"]["language"] = language
        config["plugins"] = [{"search": {"lang": language}}]
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


@dataclass
class Built:
    urls: dict[str, str]
    roots: dict[str, Path]


@pytest.fixture(scope="module")
def programme(tmp_path_factory) -> Iterator[Built]:
    base = tmp_path_factory.mktemp("public-view")
    servers, urls, roots = [], {}, {}
    for name, (today, language) in BUILDS.items():
        project = _programme(base / f"{name}-project", language)
        build(project, base / name, today=today)
        server, url = _serve(base / name)
        servers.append(server)
        urls[name], roots[name] = url, base / name
    yield Built(urls, roots)
    for server in servers:
        server.shutdown()
        server.server_close()
    shutil.rmtree(base, ignore_errors=True)


def _open(tabs: Any, url: str, viewport: str) -> Any:
    """The shared tab of this viewport (conftest.py: Tabs), on `url`."""
    page = tabs(viewport=VIEWPORTS[viewport])
    page.goto(url, wait_until="load")
    return page


def _box(page: Any, selector: str) -> dict[str, float]:
    locator = page.locator(selector).first
    assert locator.count() and locator.is_visible(), f"{selector} is not visible on {page.url}"
    return locator.bounding_box()


def _in_first_screen(page: Any, selector: str, viewport: str) -> None:
    box = _box(page, selector)
    height = VIEWPORTS[viewport]["height"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (
        f"{selector} ends at y = {box['y'] + box['height']:.0f} px, below the first screen ({height} px) "
        f"at {viewport} on {page.url}")


def _text(page: Any, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


# ------------------------------------------------------------------ 1. the next session first


@dataclass(frozen=True)
class NextCase:
    build: str
    title: str
    when: tuple[str, ...]
    """weekday and date, time, zone: each must be visible"""
    status: str
    registration: str
    cancelled: str | None = None

    @property
    def id(self) -> str:
        return self.build


NEXT_CASES = [
    NextCase("season", "Auftakt", ("Dienstag, 5. Oktober 2021", "14:00–16:30 Uhr", "MESZ"), "bestätigt",
             HOSTILE_REGISTRATION),
    NextCase("cancelled", "Verschobene Runde", ("Dienstag, 26. Oktober 2021", "14:00–16:30 Uhr", "MESZ"),
             "verschoben", HOSTILE_REGISTRATION, cancelled="Abgesagte Runde"),
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("case", NEXT_CASES, ids=lambda c: c.id)
def test_home_shows_the_next_session_first(tabs, programme: Built, case: NextCase, viewport: str) -> None:
    page = _open(tabs, programme.urls[case.build], viewport)
    _in_first_screen(page, ".sp-next-title a", viewport)
    assert _text(page, ".sp-next-title") == case.title
    _in_first_screen(page, ".sp-next-when", viewport)
    when = _text(page, ".sp-next-when")
    for part in case.when + (case.status,):
        assert part in when, f"the next session's line {when!r} does not show {part!r}"
    _in_first_screen(page, ".sp-next-register a", viewport)
    register = page.locator(".sp-next-register a").first
    assert register.inner_text().strip() == "Zur Anmeldung"
    assert register.get_attribute("href") == case.registration
    if case.cancelled:
        _in_first_screen(page, ".sp-home-cancelled", viewport)
        notice = _text(page, ".sp-home-cancelled")
        assert notice.startswith("abgesagt:") and case.cancelled in notice and "12. Oktober 2021" in notice
        assert _box(page, ".sp-home-cancelled")["y"] < _box(page, ".sp-next-title")["y"]
    else:
        assert page.locator(".sp-home-cancelled").count() == 0
    intro = page.get_by_text("Absatz 1 der Einführung").bounding_box()
    assert intro["y"] > _box(page, ".sp-next-register")["y"], "the introduction stands above the next session"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_home_between_seasons_shows_the_latest_programme_and_its_recordings(tabs, programme: Built,
                                                                          viewport: str) -> None:
    page = _open(tabs, programme.urls["between"], viewport)
    assert "Zurzeit sind keine weiteren Veranstaltungen angekündigt." in _text(page, ".sp-home-next")
    _in_first_screen(page, ".sp-next-title a", viewport)
    latest = page.locator(".sp-next-title a")
    assert " ".join(latest.inner_text().split()) == "Zuletzt: Programm 2021: Öffentlicher Raum"
    assert latest.get_attribute("href") == "2021/"
    _in_first_screen(page, ".sp-home-next .sp-recording-list a", viewport)
    recording = page.locator(".sp-home-next .sp-recording-list a").first
    assert recording.inner_text().strip() == "Rückblick"
    assert recording.get_attribute("href") == "2021/rueckblick/#aufzeichnung"
    assert page.locator(".sp-next-register").count() == 0


# ------------------------------------------------------------------ 2. past, upcoming, cancelled


@dataclass(frozen=True)
class RowCase:
    """One session as a programme row reads on 6 October 2021."""

    title: str
    status: str
    action: str | None = None
    """the visible link text after the status, if any"""
    href: str | None = None


ROWS = [
    RowCase("Rückblick", "hat stattgefunden", "Aufzeichnung", "rueckblick/#aufzeichnung"),
    RowCase("Auftakt", "hat stattgefunden"),
    RowCase("Abgesagte Runde", "abgesagt"),
    RowCase("Verschobene Runde", "verschoben", "Anmeldung", HOSTILE_REGISTRATION),
    RowCase('"Öffentlich" & <frei>', "bestätigt", "Anmeldung", HOSTILE_REGISTRATION),
]

_ROW_STATUS = """(table) => [...table.querySelectorAll("tbody tr")].map(row => {
    const cells = row.querySelectorAll("td");
    const status = cells[cells.length - 1];
    const links = [...status.querySelectorAll("a")];
    return {title: cells[2].querySelector("a").innerText.trim(),
            status: status.querySelector(".sp-badge").innerText.trim(),
            actions: links.map(a => [a.innerText.trim(), a.getAttribute("href")]),
            shown: status.getBoundingClientRect().width > 0};
})"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_year_page_says_where_each_session_stands(tabs, programme: Built, viewport: str) -> None:
    page = _open(tabs, programme.urls["cancelled"] + "2021/", viewport)
    rows = {row["title"]: row for row in page.locator("table.sp-programme").evaluate(_ROW_STATUS)}
    for case in ROWS:
        row = rows[case.title]
        assert row["shown"], f"{case.title}: the status is not visible at {viewport}"
        assert row["status"] == case.status, f"{case.title}: {row['status']!r}, expected {case.status!r}"
        expected = [[case.action, case.href]] if case.action else []
        assert row["actions"] == expected, f"{case.title}: links {row['actions']}, expected {expected}"


@dataclass(frozen=True)
class SessionCase:
    slug: str
    notice: str
    registration: bool
    download: bool

    @property
    def id(self) -> str:
        return self.slug


SESSION_PAGES = [
    SessionCase("rueckblick", "Diese Veranstaltung hat am Dienstag, 7. September 2021 stattgefunden. "
                              "Die Aufzeichnung steht unten auf dieser Seite.", False, False),
    SessionCase("auftakt", "Diese Veranstaltung hat am Dienstag, 5. Oktober 2021 stattgefunden.", False, False),
    SessionCase("abgesagt", "Diese Veranstaltung ist abgesagt.", False, True),
    SessionCase("verschoben", "verschoben vom Dienstag, 19. Oktober 2021, 14:00", True, True),
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("case", SESSION_PAGES, ids=lambda c: c.id)
def test_session_page_says_where_it_stands(tabs, programme: Built, case: SessionCase, viewport: str) -> None:
    page = _open(tabs, programme.urls["cancelled"] + f"2021/{case.slug}/", viewport)
    notices = [" ".join(t.split()) for t in page.locator(".sp-notice").all_inner_texts()]
    assert case.notice in notices, f"notices {notices}"
    _in_first_screen(page, ".sp-notice", viewport)
    visible = page.locator("article").inner_text()
    assert ("Zur Anmeldung" in visible) == case.registration
    assert ("Termin herunterladen" in visible) == case.download, (
        "a session that has taken place must not offer its date for download as if it were ahead")
    if case.slug == "rueckblick":
        page.get_by_role("link", name="Die Aufzeichnung steht unten auf dieser Seite.").click()
        assert page.url.endswith("#aufzeichnung")


def test_speaker_page_says_where_each_session_stands(tabs, programme: Built) -> None:
    page = _open(tabs, programme.urls["cancelled"] + "speakers/prof-dr-lea-hartmann/", "phone")
    rows = {row["title"]: row["status"] for row in page.locator("table.sp-programme").evaluate(_ROW_STATUS)}
    assert rows["Rückblick"] == "hat stattgefunden" and rows["Abgesagte Runde"] == "abgesagt"
    assert rows["Verschobene Runde"] == "verschoben"


def test_calendars_and_feed_do_not_depend_on_the_reference_date(programme: Built) -> None:
    """Three reference dates, one set of calendar files and one feed, byte for byte."""
    names = ("season", "cancelled", "between")
    files = sorted(p.relative_to(programme.roots["season"]).as_posix()
                   for p in programme.roots["season"].rglob("*") if p.suffix in (".ics", ".xml")
                   and not p.name.startswith("sitemap"))
    assert "calendar.ics" in files and "feed.xml" in files
    differ = [f for f in files for name in names[1:]
              if (programme.roots[name] / f).read_bytes() != (programme.roots["season"] / f).read_bytes()]
    assert not differ, f"these files change with the reference date: {differ}"


# ------------------------------------------------------------------ 3. the content width, no sideways scroll

PAGES = ["", "2021/", "2021/verschoben/", "speakers/dr-kim-brandt/", "speakers/", "recordings/", "kalender/",
         "barrierefreiheit/"]

_LAYOUT = """() => {
    const main = document.querySelector(".md-main__inner").getBoundingClientRect();
    const content = document.querySelector(".md-content").getBoundingClientRect();
    const toc = document.querySelector(".md-sidebar--secondary");
    const tocBox = toc ? toc.getBoundingClientRect() : null;
    return {scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
            mainRight: main.right, contentRight: content.right, contentWidth: content.width,
            toc: !!tocBox && tocBox.width > 0 && getComputedStyle(toc).display !== "none" && !toc.hidden};
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/") or "home")
def test_generated_pages_use_the_width_without_sideways_scrolling(tabs, programme: Built, path: str,
                                                                  viewport: str) -> None:
    page = _open(tabs, programme.urls["cancelled"] + path, viewport)
    layout = page.evaluate(_LAYOUT)
    assert layout["scrollWidth"] <= layout["width"], (
        f"/{path} scrolls sideways at {viewport}: {layout['scrollWidth']} px wide in a {layout['width']} px window")
    assert not layout["toc"], f"/{path} shows a table-of-contents column at {viewport}"
    assert layout["contentRight"] >= layout["mainRight"] - 2, (
        f"/{path}: the content ends {layout['mainRight'] - layout['contentRight']:.0f} px before the page's "
        f"right edge at {viewport}: an empty column")


_PROGRAMME_ON_PHONE = """(table) => {
    const rows = [...table.querySelectorAll("tbody tr")];
    return rows.map(row => [...row.querySelectorAll("td")].filter(td => td.innerText.trim()).map(td => {
        const r = td.getBoundingClientRect();
        return {left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top),
                size: parseFloat(getComputedStyle(td).fontSize), text: td.innerText.trim(),
                label: td.dataset.label, before: getComputedStyle(td, "::before").content};
    }));
}"""


def test_year_programme_on_a_phone_is_a_list_of_sessions(tabs, programme: Built) -> None:
    """At 360 px each session is a block: its facts one below the other, labelled, in readable type."""
    page = _open(tabs, programme.urls["cancelled"] + "2021/", "phone")
    rows = page.locator("table.sp-programme").evaluate(_PROGRAMME_ON_PHONE)
    for cells in rows:
        assert len({c["left"] for c in cells}) == 1, f"cells side by side on a phone: {cells}"
        assert [c["top"] for c in cells] == sorted(c["top"] for c in cells)
        assert all(c["right"] <= 360 and c["size"] >= 12 for c in cells), cells
        # The column's name stands before the date (CSS generated text, which innerText leaves out).
        assert cells[0]["label"] == "Datum" and cells[0]["before"] not in ("none", "normal", ""), cells[0]


# ------------------------------------------------------------------ issue 18 item 6: no word broken

_BROKEN_WORDS = """(table) => {
    const broken = [];
    for (const cell of table.querySelectorAll("td")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                      .map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(`${match[0]} (${lines.size} lines)`);
            }
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("site", ["example", "programme"])
def test_no_word_or_date_in_the_year_programme_breaks_at_360_px(tabs, sites, programme: Built, site: str) -> None:
    """Each word of each cell (dates, times, titles, names) stays on one rendered line."""
    url = sites["example"].url + "2021/" if site == "example" else programme.urls["cancelled"] + "2021/"
    page = _open(tabs, url, "phone")
    broken = page.locator("table.sp-programme").evaluate(_BROKEN_WORDS)
    assert not broken, f"words broken across lines at 360 px on {url}: {broken}"


# ------------------------------------------------------------------ 6. language of parts


_LANG_OF = """(selectors) => Object.fromEntries(selectors.map(s => {
    const el = document.querySelector(s);
    return [s, el ? (el.closest("[lang]") || document.documentElement).getAttribute("lang") : null];
}))"""


@dataclass(frozen=True)
class LangCase:
    build: str
    path: str
    expected: dict[str, str] = field(default_factory=dict)
    """selector -> the language a screen reader must read it in"""

    @property
    def id(self) -> str:
        return f"{self.build}-{self.path.strip('/').replace('/', '-') or 'home'}"


LANG_CASES = [
    LangCase("english", "2021/verschoben/", {"html": "en", "h1": "de", "article .sp-facts dt": "en",
                                             "article > div[lang] p": "de", ".sp-speaker-card p:not(.sp-affiliation)": "de"}),
    LangCase("english", "2021/", {"h1": "en", "h1 span": "de", "table.sp-programme tbody td a": "de",
                                  "table.sp-programme caption": "en"}),
    LangCase("english", "speakers/dr-kim-brandt/", {"h1": "en", "article > div[lang] p": "de"}),
    LangCase("english", "", {".sp-next-title a": "de", ".sp-home-next h2": "en"}),
    LangCase("cancelled", "2021/englisch/", {"html": "de", "h1": "en", "article > div[lang] p": "en",
                                             ".sp-facts dt": "de"}),
    LangCase("cancelled", "2021/anfuehrung/", {"h1": "de", ".sp-pager__next span[lang]": "en"}),
]


@pytest.mark.parametrize("case", LANG_CASES, ids=lambda c: c.id)
def test_content_in_another_language_is_marked(tabs, programme: Built, case: LangCase) -> None:
    page = _open(tabs, programme.urls[case.build] + case.path, "desktop")
    found = page.evaluate(_LANG_OF, list(case.expected))
    assert found == case.expected


def test_german_site_marks_the_english_session_in_the_programme(programme: Built) -> None:
    """In the German build the English session's title is marked in every programme row that lists it."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((programme.roots["cancelled"] / "2021/index.html").read_text(encoding="utf-8"), "lxml")
    links = [a for a in page.select("table.sp-programme td a") if a.get_text() == ENGLISH_TITLE]
    assert links and all(a.get("lang") == "en" for a in links)
    others = [a for a in page.select("table.sp-programme td > a:first-child") if a.get_text() != ENGLISH_TITLE]
    assert others and not any(a.get("lang") for a in others), "German titles in a German build need no lang"


# ------------------------------------------------------------------ 5. the accessibility statement


@pytest.mark.parametrize("build_name, path, heading, sections", [
    ("cancelled", "barrierefreiheit/", "Erklärung zur Barrierefreiheit",
     ["Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte",
      "Erstellung dieser Erklärung zur Barrierefreiheit", "Barrieren melden: Kontakt zu den Feedback-Ansprechpartnern",
      "Schlichtungsverfahren", "Leichte Sprache und Gebärdensprache"]),
    ("english", "accessibility/", "Accessibility statement",
     ["Compliance status", "Non-accessible content", "Preparation of this accessibility statement",
      "Feedback and contact information", "Enforcement procedure", "Easy-to-read German and German Sign Language"]),
], ids=["de", "en"])
def test_statement_is_linked_from_the_footer_and_has_the_model_sections(tabs, programme: Built, build_name: str,
                                                                         path: str, heading: str,
                                                                         sections: list[str]) -> None:
    page = _open(tabs, programme.urls[build_name] + "2021/auftakt/", "phone")
    page.locator(".md-footer").get_by_role("link", name=heading).click()
    page.wait_for_load_state("load")
    assert page.url == programme.urls[build_name] + path
    assert page.locator("h1").inner_text().strip() == heading
    assert [h.strip() for h in page.locator("article h2").all_inner_texts()] == sections
    article = page.locator("article").inner_text()
    assert "schlichtungsstelle-bgg.de" in article and "niko@example.org" in article
    assert re.search(r"20\. November 2026|November 20, 2026", article), "the date it was prepared is missing"


def test_statement_pages_in_both_languages_are_valid_html(programme: Built) -> None:
    """The W3C Nu checker on the German and the English statement (the main suite checks the German one too)."""
    from ..projects import VNU, VNU_JAR

    if not VNU_JAR.is_file() or not shutil.which("java"):
        pytest.skip(f"{VNU_JAR} or java is missing (see .ci/run)")
    files = [programme.roots["cancelled"] / "barrierefreiheit/index.html",
             programme.roots["english"] / "accessibility/index.html"]
    run = subprocess.run([*VNU, "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr).get("messages", [])
    assert not messages, [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
