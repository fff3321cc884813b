"""The same site from MkDocs, ProperDocs and Zensical, checked page by page.

Material for MkDocs gets no fixes after 2027-05-05; `build.py build --engine
properdocs|zensical` must then publish what the default engine publishes.
The example site is built once with each engine; every page of the default
build must exist in the other with the same article text, and the
calendars, the feed, the images and the PDFs must be the same bytes. The
navigation, trimmed per page (hooks/navigation.py; overrides-zensical/ for
Zensical), must list the same links on every page. A
difference names the page and its first differing line.

An engine whose package is not installed (requirements-engines.txt) is
skipped, with that reason; CI installs them.
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from bs4 import BeautifulSoup

from .browser.sites import TODAY as HOSTILE_TODAY, write_hostile_project
from .projects import REPO, Project, copy_project, new_project, pdf, session
from .test_season import replay

SEASON_TODAY = "2021-09-01"
"""Before the replayed season's sessions (as its builds run)."""

TODAY = "2021-10-10"
SAME_BYTES = (".ics", ".xml", ".jpg", ".jpeg", ".png", ".webp", ".pdf")
"""Files that are not pages: each engine publishes the core's bytes. (sitemap.xml is the engine's own.)"""
ENGINE_FILES = {"sitemap.xml"}


def build_with(engine: str, site_dir: Path, project: Path = REPO, today: str = TODAY) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--today", today, "--engine", engine,
                           "-d", str(site_dir)], cwd=project, capture_output=True, text=True, env=env, timeout=300)


def _installed(engine: str) -> None:
    if importlib.util.find_spec(engine) is None:
        pytest.skip(f"{engine} is not installed here: `.venv/bin/pip install -r requirements-engines.txt` "
                    "(CI installs it)")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Callable[..., Path]:
    """A project's site as each engine builds it, built once per engine and project.

    Projects: the example site; the hostile content set of the browser
    tests (titles that try to break out of HTML and JSON, a photo, a
    cancelled and a rescheduled session); and a replayed season (test_season:
    moved, cancelled, renamed and deleted sessions over a git history, so
    redirect pages and history-dated calendars); and links in an abstract and
    on the home page (Markdown the staged project renders itself).
    """
    folder = tmp_path_factory.mktemp("engines")
    done: dict[tuple[str, str], Path] = {}

    def site(engine: str, project: str = "example") -> Path:
        _installed(engine)
        if (engine, project) not in done:
            root, today = _project(folder, project)
            target = folder / f"{project}-{engine}"
            result = build_with(engine, target, root, today)
            assert result.returncode == 0, f"build --engine {engine} failed:\n{result.stderr[-3000:]}"
            done[engine, project] = target
        return done[engine, project]

    return site


def _project(folder: Path, name: str) -> tuple[Path, str]:
    """The project's folder (written on first use) and its reference date."""
    root = folder / f"{name}-project"
    if name == "example":
        return REPO, TODAY
    if not root.is_dir() and name == "hostile":
        write_hostile_project(root)
    if not root.is_dir() and name == "links":
        _write_links_project(root)
    if not root.is_dir() and name == "season":
        with pytest.MonkeyPatch.context() as monkeypatch:
            replay(root, monkeypatch)
    return root, HOSTILE_TODAY if name == "hostile" else SEASON_TODAY


LINKING_ABSTRACT = """Mit [der Referentin](../speakers/prof-dr-lea-hartmann.md), den [Folien](../materials/folien.pdf),
dem [Jahresprogramm](index.md#programm), dem [Impressum](../impressum.md) und ![einem Bild](../images/punkt.png)
sowie [einer Quelle](https://www.example.org/quelle).
"""


EASY_PAGE = """---
title: Das ist die Test-Reihe
bitv: inhalt
---

# Das ist die Test-Reihe

Hier lesen Sie etwas über die [Treffen](../2021/index.md).

## Treffen im Internet

Die Treffen sind im Internet.

## Wer macht die Treffen?

Ein Verein macht die Treffen.
"""


def _write_links_project(root: Path) -> None:
    """Links in an abstract and on the home page, as MkDocs resolves them: against the page's source file;
    a hand-written page whose front matter is markup, and which links (inline and by reference) to a page
    in Leichte Sprache: one with page data of its own and a table of contents."""
    project = new_project(root, {"auftakt": session(abstract=LINKING_ABSTRACT)})
    project.write("content/index.md", "# Testreihe\n\nSiehe [Impressum](impressum.md) und [2021](2021/index.md).\n")
    project.write("content/impressum.md", '---\ntitle: "Impressum <b>&</b> Kontakt"\ndescription: "</script>&"\n---\n'
                  "# Impressum\n\nZurück zur [Startseite](index.md). In [Leichter Sprache](leichte-sprache/inhalt.md)"
                  " und [ihre Treffen][treffen].\n\n[treffen]: leichte-sprache/inhalt.md#treffen-im-internet\n")
    project.write("content/leichte-sprache/inhalt.md", EASY_PAGE)
    project.write("content/materials/folien.pdf", pdf())
    from PIL import Image

    (root / "content" / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (2, 2), "white").save(root / "content" / "images" / "punkt.png")


def _pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def _soup(page: Path) -> BeautifulSoup:
    """The page parsed once; every aspect below reads the same parse."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")


def _article_lines(soup: BeautifulSoup) -> list[str]:
    """The page's article as a reader sees its text: one line per line, blank lines and indentation dropped."""
    article = soup.find("article")
    text = article.get_text() if article is not None else ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _article_links(soup: BeautifulSoup, name: str) -> list[str]:
    """Where the article's links and images lead, resolved against the page's address.

    Not the theme's "edit this page" button (Zensical has none, see README)
    nor a link target without href (Zensical's skip target).
    """
    article = soup.find("article")
    folder = posixpath.dirname(name)
    found = []
    for element in article.find_all(["a", "img"]) if article is not None else []:
        target = element.get("href") if element.name == "a" else element.get("src")
        if target is None or "md-content__button" in (element.get("class") or []):
            continue
        resolved = target if ":" in target or target.startswith("#") else posixpath.normpath(
            posixpath.join(folder, target))
        found.append(f"{element.name} → {resolved}")
    return found


def _head(soup: BeautifulSoup, name: str) -> list[str]:
    """What search engines and link previews read: the description and the OpenGraph text, as parsed."""
    found = []
    for attribute, value in (("name", "description"), ("property", "og:title"), ("property", "og:description")):
        tag = soup.find("meta", attrs={attribute: value})
        found.append(f"{value}: {tag.get('content') if tag is not None else None}")
    return found


def _navigation(soup: BeautifulSoup, name: str) -> list[str]:
    """The main navigation's links as a reader meets them: text → the page it leads to."""
    nav = soup.find("nav", class_="md-nav--primary")
    folder = posixpath.dirname(name)
    return [f"{link.get_text(' ', strip=True)} → {posixpath.normpath(posixpath.join(folder, link.get('href', '')))}"
            for link in (nav.find_all("a") if nav is not None else [])]


def differences(expected: Path, actual: Path) -> list[str]:
    """Every way `actual` is not the site `expected` is, one line each, naming the page or file."""
    found = []
    pages, theirs = _pages(expected), _pages(actual)
    found += [f"{name}: missing" for name in sorted(pages - theirs)]
    found += [f"{name}: not in the default build" for name in sorted(theirs - pages)]
    for name in sorted(pages & theirs):
        ours_page, other_page = _soup(expected / name), _soup(actual / name)
        ours, other = _article_lines(ours_page), _article_lines(other_page)
        if ours != other:
            line = next((i for i, (a, b) in enumerate(zip(ours, other)) if a != b), min(len(ours), len(other)))
            found.append(f"{name}: article differs from line {line + 1}: "
                         f"{(ours + [''])[line]!r} ≠ {(other + [''])[line]!r}")
        ours, other = _article_links(ours_page, name), _article_links(other_page, name)
        if ours != other:
            line = next((i for i, (a, b) in enumerate(zip(ours, other)) if a != b), min(len(ours), len(other)))
            found.append(f"{name}: article links differ from link {line + 1}: "
                         f"{(ours + [''])[line]!r} ≠ {(other + [''])[line]!r}")
        ours, other = _head(ours_page, name), _head(other_page, name)
        if ours != other:
            line = next((i for i, (a, b) in enumerate(zip(ours, other)) if a != b), min(len(ours), len(other)))
            found.append(f"{name}: head differs: {(ours + [''])[line]!r} ≠ {(other + [''])[line]!r}")
        ours, other = _navigation(ours_page, name), _navigation(other_page, name)
        if ours != other:
            line = next((i for i, (a, b) in enumerate(zip(ours, other)) if a != b), min(len(ours), len(other)))
            found.append(f"{name}: navigation differs from link {line + 1}: "
                         f"{(ours + [''])[line]!r} ≠ {(other + [''])[line]!r}")
    for path in sorted(expected.rglob("*")):
        name = path.relative_to(expected).as_posix()
        if path.suffix.lower() in SAME_BYTES and name not in ENGINE_FILES:
            copy = actual / name
            if not copy.is_file():
                found.append(f"{name}: missing")
            elif copy.read_bytes() != path.read_bytes():
                found.append(f"{name}: other bytes")
    return found


@dataclass(frozen=True)
class Engine:
    id: str
    name: str
    generator: str
    """How the engine signs each page (<meta name="generator">): the option really switched the engine."""


ENGINES = [Engine("properdocs-through-the-hooks", "properdocs", "mkdocs-ProperDocs 1.6"),
           Engine("zensical-through-the-staged-project", "zensical", "zensical-0.1")]


@pytest.mark.parametrize("project", ["example", "hostile", "season", "links"])
@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.id)
def test_each_engine_publishes_the_default_site(built, engine: Engine, project: str) -> None:
    default, other = built("mkdocs", project), built(engine.name, project)
    generator = BeautifulSoup((other / "index.html").read_text(encoding="utf-8"), "lxml").find(
        "meta", attrs={"name": "generator"})
    assert generator is not None and generator["content"].startswith(engine.generator), generator
    found = differences(default, other)
    assert not found, f"--engine {engine.name} differs from mkdocs:\n- " + "\n- ".join(found[:20])


def _drop_page(site: Path) -> str:
    shutil.rmtree(site / "2021" / "beteiligung-bei-der-platzgestaltung")
    return "2021/beteiligung-bei-der-platzgestaltung/index.html: missing"


def _change_a_line(site: Path) -> str:
    page = site / "speakers" / "index.html"
    html = page.read_text(encoding="utf-8")
    first = _article_lines(_soup(page))[0]
    start = html.index("<article")
    page.write_text(html[:start] + html[start:].replace(first, first + " (geändert)", 1), encoding="utf-8")
    return f"speakers/index.html: article differs from line 1: {first!r} ≠ {first + ' (geändert)'!r}"


def _change_a_calendar(site: Path) -> str:
    calendar = site / "calendar.ics"
    calendar.write_bytes(calendar.read_bytes().replace(b"SEQUENCE:", b"SEQUENCE:1", 1))
    return "calendar.ics: other bytes"


@dataclass(frozen=True)
class Planted:
    id: str
    plant: Callable[[Path], str]
    """Changes a copy of the site; returns the one line the comparison must report (or its beginning)."""


def _untrim_navigation(site: Path) -> str:
    page = site / "2021" / "beteiligung-bei-der-platzgestaltung" / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('class="md-nav__list"', html.index("md-nav--primary"))
    end = html.index(">", start) + 1
    extra = '<li class="md-nav__item"><a href="../auftakt/" class="md-nav__link">Auftakt</a></li>'
    page.write_text(html[:end] + extra + html[end:], encoding="utf-8")
    return "2021/beteiligung-bei-der-platzgestaltung/index.html: navigation differs from link "


PLANTED = [Planted("a-page-the-engine-lacks", _drop_page), Planted("a-changed-line-of-an-article", _change_a_line),
           Planted("a-calendar-with-other-bytes", _change_a_calendar),
           Planted("a-navigation-not-trimmed", _untrim_navigation)]


@pytest.mark.parametrize("planted", PLANTED, ids=lambda p: p.id)
def test_a_planted_difference_names_the_page_and_the_first_differing_line(built, tmp_path, planted) -> None:
    default = built("mkdocs")
    copy = tmp_path / "copy"
    shutil.copytree(default, copy)
    expected = planted.plant(copy)
    found = differences(default, copy)
    assert len(found) == 1 and found[0].startswith(expected), found


@dataclass(frozen=True)
class Broken:
    id: str
    path: str
    """The file an editor broke, inside the project."""
    text: str | bytes
    message: str
    """What every engine's build prints for it (file:line: Fehler: …, or why it stopped)."""


BROKEN = [
    Broken("a-start-that-is-no-date", "series/2021/sessions/auftakt.md", session(start="2021-13-05 14:00"),
           "series/2021/sessions/auftakt.md:3: Fehler:"),
    Broken("an-image-that-is-no-image", "content/images/kaputt.jpg", b"kein Bild",
           "content/images/kaputt.jpg: Fehler: das Bild kaputt.jpg ist kein lesbares Bild"),
    Broken("a-hand-written-page-where-a-generated-one-goes", "content/2021/index.md", "# Eigene Seite\n",
           "content/2021/index.md überschneidet sich mit der erzeugten Seite /2021/ – bitte die Datei umbenennen"),
]


@pytest.fixture(scope="module")
def last_good(tmp_path_factory) -> Callable[[str], Project]:
    """The test project with the site each engine built from it, built once per engine."""
    folder = tmp_path_factory.mktemp("last-good")
    done: dict[str, Project] = {}

    def project(engine: str) -> Project:
        _installed(engine)
        if engine not in done:
            done[engine] = new_project(folder / engine)
            result = build_with(engine, done[engine].root / "site", done[engine].root)
            assert result.returncode == 0, result.stderr[-2000:]
        return done[engine]

    return project


@pytest.mark.parametrize("broken", BROKEN, ids=lambda b: b.id)
@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_a_content_error_stops_every_engine_and_leaves_the_site(last_good, tmp_path, engine: str,
                                                                broken: Broken) -> None:
    project = copy_project(last_good(engine), tmp_path / "project")
    before = {path.relative_to(project.root / "site"): path.read_bytes() for path in (project.root / "site").rglob("*")
              if path.is_file()}
    project.write(broken.path, broken.text)
    result = build_with(engine, project.root / "site", project.root)
    after = {path.relative_to(project.root / "site"): path.read_bytes() for path in (project.root / "site").rglob("*")
             if path.is_file()}
    assert result.returncode == 1
    assert broken.message in result.stderr, result.stderr[-2000:]
    assert "bleibt unverändert" in result.stderr, result.stderr[-2000:]
    assert after == before, "site/ changed after a failed build"
    assert not [path.name for path in project.root.iterdir() if path.name.startswith(".site-")]


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_a_second_build_gives_the_same_bytes(built, tmp_path, engine: str) -> None:
    """Same commit, same reference date: the same site, whichever engine builds it."""
    first = built(engine)
    result = build_with(engine, tmp_path / "again")
    assert result.returncode == 0, result.stderr[-2000:]
    differing = [path.relative_to(first).as_posix() for path in sorted(first.rglob("*"))
                 if path.is_file() and path.read_bytes() != (tmp_path / "again" / path.relative_to(first)).read_bytes()]
    assert not differing, differing[:10]
