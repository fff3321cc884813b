"""The programme site as a reader sees it: every page type, parsed as HTML."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml
from bs4 import BeautifulSoup

from .projects import REPO, new_project, session

TODAY = "2021-10-10"  # between the 2021 sessions: some past, some ahead


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    """Visible text with whitespace collapsed, as a reader would read it."""
    return " ".join(node.get_text().split())


def build_example(target: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {"SERIES_TODAY": TODAY, "SOURCE_DATE_EPOCH": "1633000000", "NO_MKDOCS_2_WARNING": "1"}
    import os
    return subprocess.run([sys.executable, *command, "-d", str(target)], cwd=REPO, capture_output=True, text=True,
                          env=dict(os.environ, **env))


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("example") / "site"
    result = build_example(site, "build.py", "build")
    assert result.returncode == 0, result.stderr
    return site


def test_plain_mkdocs_strict_builds_the_same_files_as_build_py(example, tmp_path):
    plain = tmp_path / "plain"
    result = build_example(plain, "-m", "mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    ours = sorted(p.relative_to(example).as_posix() for p in example.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*") if p.is_file())
    assert ours == theirs
    _, mismatch, errors = filecmp.cmpfiles(example, plain, ours, shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.parametrize("path", [
    "index.html", "2020/index.html", "2021/index.html", "speakers/index.html", "recordings/index.html",
    "2021/wem-gehoert-der-oeffentliche-raum/index.html", "speakers/prof-dr-lea-hartmann/index.html",
    "about/index.html", "impressum/index.html", "datenschutz/index.html",
    "calendar.ics", "2021/calendar.ics", "2021/wem-gehoert-der-oeffentliche-raum.ics", "feed.xml",
])
def test_every_page_type_of_the_example_exists(example, path):
    assert (example / path).is_file()


def test_year_page_lists_the_programme_in_date_order(example):
    page = soup(example / "2021/index.html")
    rows = page.select("table.sp-programme tbody tr")
    starts = [row.find("time")["datetime"] for row in rows]
    assert len(rows) == 9
    assert starts == sorted(starts)
    first = rows[0].find_all("td")
    assert text(first[0]) == "Dienstag, 05.10.2021"
    assert text(first[1]) == "14:00–16:30 Uhr"
    assert first[2].find("a")["href"] == "wem-gehoert-der-oeffentliche-raum/"
    assert [text(a) for a in first[2].select(".sp-speakers-inline a")] == ["Prof. Dr. Johanna Brenner", "Dr. Samuel Okafor"]
    assert text(first[3]) == "Wissenschaft"
    # 5 October is before the reference date: it has taken place, and its recording is linked.
    assert text(first[4].select_one(".sp-badge")) == "hat stattgefunden"
    assert [a["href"] for a in first[4].find_all("a")] == ["wem-gehoert-der-oeffentliche-raum/#aufzeichnung"]
    ahead = rows[-1].find_all("td")
    assert text(ahead[4].select_one(".sp-badge")) == "bestätigt"
    assert page.find("h1").get_text().startswith("Programm 2021: Öffentlicher Raum")
    assert [th.get("scope") for th in page.select("table.sp-programme thead th")] == ["col"] * 5


def test_year_page_marks_cancelled_rescheduled_and_booked_out_sessions(example):
    rows = {text(row.find_all("td")[2].find("a")): row for row in soup(example / "2021/index.html").select("tbody tr")}
    cancelled = rows["Mehrsprachigkeit im Stadtbild und in Bürgerbüros"]
    assert "abgesagt" in text(cancelled.find_all("td")[4])
    moved = next(row for title, row in rows.items() if title.startswith("Erinnerungskultur"))
    assert "verschoben vom Donnerstag, 21. Oktober 2021, 14:00" in text(moved)
    full = next(row for title, row in rows.items() if title.startswith("Sicherheit für wen"))
    assert "ausgebucht" in text(full)


def test_session_page_shows_date_time_zone_status_abstract_and_speakers(example):
    page = soup(example / "2021/jugendliche-im-oeffentlichen-raum/index.html")
    facts = page.select_one("dl.sp-facts")
    assert facts.find("time")["datetime"] == "2021-11-09T14:00:00+01:00"
    assert "Dienstag, 9. November 2021, 14:00–16:30 Uhr MEZ" in text(facts)
    assert facts.find("abbr")["title"] == "Mitteleuropäische Normalzeit"
    cards = page.select(".sp-speaker-card")
    assert [text(card.find("h3")) for card in cards] == ["Jonas Maier", "Markus Gruber"]
    assert cards[0].find("h3").find("a")["href"] == "../../speakers/jonas-maier/"
    assert cards[0].select_one(".sp-affiliation").get_text(strip=True)
    assert page.select_one(".sp-example")  # example data is marked visibly


def registration_links(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.select(".sp-actions a") if text(a) == "Zur Anmeldung"]


@dataclass(frozen=True)
class Registration:
    """A session on 2021-10-05 (theme deadline 2021-09-30), and the registration link its page shows."""

    id: str
    today: str
    extra: str
    expected: str | None


REGISTRATION = [
    Registration("theme-before-its-deadline", "2021-09-01", "", "https://www.example.org/anmeldung"),
    Registration("theme-deadline-passed", "2021-10-01", "", None),
    Registration("own-link-after-the-theme-deadline", "2021-10-01", "registration: https://www.example.org/nur-diese",
                 "https://www.example.org/nur-diese"),
    Registration("own-link-after-the-session", "2021-10-06", "registration: https://www.example.org/nur-diese", None),
    Registration("booked-out", "2021-09-01", "booked_out: true", None),
    Registration("cancelled", "2021-09-01", "status: cancelled", None),
]


@pytest.fixture(scope="module")
def registration_site(tmp_path_factory) -> Callable[[str], Path]:
    """For each reference date, one project with a session per case of that date (named by its id), built once."""
    folder = tmp_path_factory.mktemp("registration")
    sites: dict[str, Path] = {}

    def site(today: str) -> Path:
        if today not in sites:
            cases = [case for case in REGISTRATION if case.today == today]
            project = new_project(folder / today, sessions={case.id: session(extra=case.extra) for case in cases})
            result = project.run("build", today=today)
            assert result.returncode == 0, result.stderr
            sites[today] = project.root / "site"
        return sites[today]

    return site


@pytest.mark.parametrize("case", REGISTRATION, ids=[case.id for case in REGISTRATION])
def test_registration_link_shows_only_while_registration_is_open(registration_site, case: Registration):
    links = registration_links(soup(registration_site(case.today) / f"2021/{case.id}/index.html"))
    assert links == ([case.expected] if case.expected else [])


def test_booked_out_session_says_so_instead_of_a_registration_link(example):
    full = soup(example / "2021/sicherheit-und-diskriminierung-im-stadtraum/index.html")
    assert registration_links(full) == []
    assert "ausgebucht" in text(full.select_one(".sp-actions"))


def test_session_page_links_previous_and_next_session_of_the_year(example):
    pager = soup(example / "2021/beteiligung-bei-der-platzgestaltung/index.html").select_one("nav.sp-pager")
    assert pager.select_one("a[rel=prev]")["href"] == "../wem-gehoert-der-oeffentliche-raum/"
    assert pager.select_one("a[rel=next]")["href"] == "../sicherheit-und-diskriminierung-im-stadtraum/"
    first = soup(example / "2021/wem-gehoert-der-oeffentliche-raum/index.html").select_one("nav.sp-pager")
    assert first.select_one("a[rel=prev]") is None


def test_cancelled_session_page_says_so_prominently(example):
    page = soup(example / "2021/mehrsprachigkeit-im-stadtbild/index.html")
    assert text(page.select_one(".sp-notice--cancelled")) == "Diese Veranstaltung ist abgesagt."


def test_speaker_page_lists_sessions_across_years(example):
    page = soup(example / "speakers/prof-dr-lea-hartmann/index.html")
    assert text(page.find("h1")) == "Prof. Dr. Lea Hartmann"
    years = {row.find("time")["datetime"][:4] for row in page.select("table.sp-programme tbody tr")}
    assert years == {"2020", "2021"}


def test_speakers_overview_links_every_speaker(example):
    links = soup(example / "speakers/index.html").select("ul.sp-speaker-list a")
    assert len(links) == len(list((REPO / "series/speakers").glob("*.md")))
    assert all(link["href"].endswith("/") for link in links)


def test_home_page_shows_theme_next_session_subscription_and_archive(example):
    page = soup(example / "index.html")
    assert "Öffentlicher Raum" in text(page.select_one(".sp-home-theme"))
    next_title = text(page.select_one(".sp-home-next .sp-next-title"))
    assert next_title.startswith("Plätze gemeinsam gestalten")  # the first session on or after 2021-10-10
    assert page.select_one(".sp-home-subscribe code").get_text().startswith("webcal://")
    assert [text(a) for a in page.select(".sp-home-archive a")][0].startswith("2020:")
    assert text(page.find("h1")) == "NIKO-Online"  # the hand-written text stays


@pytest.mark.parametrize("path", ["2021/wem-gehoert-der-oeffentliche-raum/index.html", "about/index.html", "index.html"])
def test_no_edit_pencil_unless_the_site_asks_for_it(example, path):
    """Visitors took the pencil to github.com/example/… for a broken link (extra.series.edit_links turns it on)."""
    assert soup(example / path).select("a.md-content__button[href]") == []


def test_search_index_covers_generated_pages(example):
    index = json.loads((example / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"2021/", "2021/wem-gehoert-der-oeffentliche-raum/", "speakers/", "speakers/jonas-maier/"} <= locations
    assert index["config"]["lang"] == ["de"]


def test_search_finds_each_text_on_its_own_page_only(example):
    index = json.loads((example / "search/search_index.json").read_text(encoding="utf-8"))
    speaker = (REPO / "series/speakers/jonas-maier.md").read_text(encoding="utf-8")
    bio = speaker.split("---\n", 2)[2].split(".")[0]  # the bio's first sentence, shown on his session cards too
    holders = {doc["location"].split("#")[0] for doc in index["docs"] if bio in doc["text"] or bio in doc["title"]}
    assert "speakers/jonas-maier/" in holders
    assert "2021/jugendliche-im-oeffentlichen-raum/" not in holders


def test_year_without_sessions_says_the_programme_follows(tmp_path):
    project = new_project(tmp_path / "p", sessions={})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    page = soup(project.root / "site/2021/index.html")
    assert "Das Programm folgt in Kürze." in text(page.select_one(".sp-programme-section"))
    assert page.select("table.sp-programme") == []


HOSTILE = '</script><img src=x onerror=alert(1)>'
QUOTED = '"Öffentlich" & <frei>'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    project = new_project(tmp_path_factory.mktemp("hostile") / "p", sessions={
        "boese": session(title="'" + HOSTILE + "'"),
        "zitat": session(title="'" + QUOTED + "'", start="2021-10-12 14:00"),
    })
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return project.root / "site"


@pytest.mark.parametrize("slug,title", [("boese", HOSTILE), ("zitat", QUOTED)])
def test_editor_titles_stay_text_in_title_heading_nav_and_body(hostile, slug, title):
    page = soup(hostile / f"2021/{slug}/index.html")
    assert page.title.get_text() == f"{title} - Testreihe"
    assert page.find("h1").get_text() == title
    nav_titles = [" ".join(a.get_text().split()) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert title in nav_titles
    assert page.find("img", src="x") is None
    assert page.find("meta", attrs={"name": "description"})["content"].endswith(f"{title} – Testreihe")


@pytest.mark.parametrize("slug,title", [("boese", HOSTILE), ("zitat", QUOTED)])
def test_editor_titles_stay_text_on_every_other_page_and_in_search(hostile, slug, title):
    for path in hostile.rglob("*.html"):
        assert soup(path).find("img", src="x") is None, path
    index = json.loads((hostile / "search/search_index.json").read_text(encoding="utf-8"))
    entry = next(doc for doc in index["docs"] if doc["location"] == f"2021/{slug}/")
    # Material's search renders titles as HTML: the index must hold them escaped.
    assert BeautifulSoup(entry["title"], "html.parser").get_text() == title


def test_english_switch_renders_english_strings_and_dates(project):
    project.config(theme={**_theme(project), "language": "en"})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    year = soup(project.root / "site/2021/index.html")
    assert year.find("h1").get_text().startswith("Programme 2021:")
    row = year.select_one("table.sp-programme tbody tr")
    assert text(row.find_all("td")[0]) == "Tuesday, Oct 5, 2021"
    assert text(row.find_all("td")[1]) == "2:00 PM–4:30 PM"
    page = soup(project.root / "site/2021/auftakt/index.html")
    assert "Tuesday, October 5, 2021" in text(page.select_one("dl.sp-facts"))
    assert [text(dt) for dt in page.select("dl.sp-facts dt")][:2] == ["Date", "Location"]
    article = text(page.select_one("article"))
    assert not {"Datum", "Uhr", "Zur Anmeldung", "Referierende", "Dienstag"} & set(article.replace(",", " ").split())


def _theme(project) -> dict:
    import yaml
    return yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]


def nav_links(page: BeautifulSoup) -> list[str]:
    """Titles in the site navigation, in order."""
    return [text(a) for a in page.select("nav.md-nav--primary a.md-nav__link")]


YEAR_2021 = ["Auftakt: Wem gehört der öffentliche Raum?",
             "Plätze gemeinsam gestalten – Beteiligung, die alle erreicht",
             "Sicherheit für wen? Diskriminierung im öffentlichen Raum"]
"""The first three sessions of 2021, by date."""


def test_year_page_navigation_lists_the_years_sessions(example):
    nav = nav_links(soup(example / "2021/index.html"))
    start = nav.index("Programm 2021") + 1
    assert nav[start:start + 3] == YEAR_2021
    assert len(nav) - len(nav_links(soup(example / "index.html"))) == 9, "all nine sessions of 2021, once"


def test_session_page_navigation_shows_its_year_and_itself_not_every_session(example):
    nav = nav_links(soup(example / "2021/beteiligung-bei-der-platzgestaltung/index.html"))
    assert nav[nav.index("Programm 2021") + 1] == YEAR_2021[1]
    assert YEAR_2021[0] not in nav and YEAR_2021[2] not in nav, "a big year would put every session on every page"
    assert "Programm 2020" in nav


def test_speaker_page_navigation_shows_the_speakers_page_and_itself(example):
    nav = nav_links(soup(example / "speakers/jonas-maier/index.html"))
    assert nav[nav.index("Referierende") + 1] == "Jonas Maier"
    assert "Markus Gruber" not in nav


def test_a_nav_of_the_editors_own_keeps_the_generated_pages(tmp_path):
    """`nav:` in mkdocs.yml lists the hand-written pages; the programme still comes first, then those pages."""
    project = new_project(tmp_path / "project")
    project.write("content/impressum.md", "# Impressum\n\nVerein.\n")
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"Start": "index.md"}, {"Verein": [{"Impressum": "impressum.md"}, {"Auftakt": "2021/auftakt.md"}]}]
    (project.root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    nav = nav_links(soup(project.root / "site/impressum/index.html"))
    assert nav.index("Programm 2021") < nav.index("Impressum")
    assert "Auftakt" not in nav, "a generated page the editors listed too stays in the programme only"
    assert "Auftakt" in nav_links(soup(project.root / "site/2021/auftakt/index.html"))
