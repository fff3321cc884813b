"""What the built site shows a visitor beyond the programme (issue 24), read from the HTML and the feed.

The browser tests (tests/browser/test_visitor.py) load the example; these
build small projects for what the example does not have: an English site,
a site that asks for edit links, a session with a recording in the feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from .projects import MKDOCS_YML, Project, new_project, session


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _built(project: Project, today: str = "2021-09-01") -> Path:
    result = project.run("build", today=today)
    assert result.returncode == 0, result.stderr
    return project.root / "site"


@dataclass(frozen=True)
class NotFound:
    id: str
    language: str
    title: str
    home: str
    programme: str


NOT_FOUND = [NotFound("german", "de", "Seite nicht gefunden", "Zur Startseite", "Programm 2021"),
             NotFound("english", "en", "Page not found", "Go to the home page", "Programme 2021")]


@pytest.mark.parametrize("case", NOT_FOUND, ids=lambda case: case.id)
def test_the_404_page_speaks_the_sites_language(tmp_path: Path, case: NotFound) -> None:
    project = new_project(tmp_path / "p")
    project.config(theme={**MKDOCS_YML["theme"], "language": case.language})
    page = _soup(_built(project) / "404.html")
    assert page.html["lang"] == case.language
    assert page.select_one("article h1").get_text() == case.title
    links = {a.get_text(): a["href"] for a in page.select("article a")}
    assert links[case.home] == "/" and links[case.programme] == "/2021/", links


@dataclass(frozen=True)
class Pencil:
    id: str
    edit_links: bool | None
    shown: bool


PENCILS = [Pencil("unset", None, False), Pencil("off", False, False), Pencil("on", True, True)]


@pytest.mark.parametrize("case", PENCILS, ids=lambda case: case.id)
def test_the_edit_pencil_only_where_the_site_turns_it_on(tmp_path: Path, case: Pencil) -> None:
    project = new_project(tmp_path / "p")
    project.write("content/ueber.md", "# Über uns\n\nText.\n")
    series = dict(MKDOCS_YML["extra"]["series"]) | ({} if case.edit_links is None else {"edit_links": case.edit_links})
    theme = {**MKDOCS_YML["theme"], "features": [*MKDOCS_YML["theme"]["features"], "content.action.edit"]}
    project.config(theme=theme, extra={"series": series})
    site = _built(project)
    expected = {"2021/auftakt/index.html": "https://git.example.org/reihe/edit/main/series/2021/sessions/auftakt.md",
                "ueber/index.html": "https://git.example.org/reihe/edit/main/content/ueber.md"}
    for path, href in expected.items():
        pencils = [a["href"] for a in _soup(site / path).select("a.md-content__button[href]")]
        assert pencils == ([href] if case.shown else []), path


def test_a_recordings_feed_entry_says_the_session_took_place(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"auftakt": session(extra="""\
        recording:
          url: https://www.youtube.com/watch?v=abcdefghijk""")})
    feed = feedparser.parse((_built(project, today="2021-12-01") / "feed.xml").read_bytes())
    entries = {entry.title: entry.summary for entry in feed.entries}
    assert "Status: hat stattgefunden" in entries["Aufzeichnung: Auftakt"], entries
    assert "Status: bestätigt" in entries["Auftakt"], entries
