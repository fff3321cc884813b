"""One event is one event, cancelled means cancelled, text as the editor meant it (issue 13, items 5–7).

One project with a confirmed session whose abstract uses Markdown and gender
stars, and a cancelled one, built once with `build.py build`; the tests read
the pages (BeautifulSoup), the .ics files (icalendar and ical) and JSON-LD.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup
from ical.calendar_stream import IcsCalendarStream

from series_publisher.text import plain_text

from .projects import Project, new_project, session

ABSTRACT = ("## Worum es geht\n\nFür **Kolleg\\*innen** und Referent*innen aus der *Verwaltung*: "
            "[Anmeldung](https://www.example.org/a) und <b>mehr</b>.\n\nAlle Kolleg*innen und Referent*innen.\n\n"
            "- jede*r ist willkommen\n")
PLAIN = ("Worum es geht\n\nFür Kolleg*innen und Referent*innen aus der Verwaltung: "
         "Anmeldung (https://www.example.org/a) und mehr.\n\nAlle Kolleg*innen und Referent*innen.\n\n"
         "- jede*r ist willkommen")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("text") / "p", {
        "auftakt": session(title="Auftakt mit Leerzeichen", abstract=ABSTRACT),
        "abgesagt": session(title="Abgesagt", start="2021-10-12 14:00", extra="status: cancelled"),
    })
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return project


def page(project: Project, slug: str) -> BeautifulSoup:
    return BeautifulSoup((project.root / f"site/2021/{slug}/index.html").read_text(encoding="utf-8"), "lxml")


def add_links(project: Project, slug: str) -> dict[str, str]:
    hosts = {"calendar.google.com": "google", "outlook.office.com": "microsoft 365", "outlook.live.com": "outlook.com"}
    return {hosts[urlsplit(a["href"]).hostname]: a["href"] for a in page(project, slug).select("article a[href]")
            if urlsplit(a["href"]).hostname in hosts}


# ------------------------------------------------------------------ 5. cancelled everywhere


def test_a_cancelled_session_offers_no_add_links(built: Project) -> None:
    assert add_links(built, "abgesagt") == {}
    assert set(add_links(built, "auftakt")) == {"google", "microsoft 365", "outlook.com"}


def test_a_cancelled_session_says_so_on_its_page_in_json_ld_and_in_its_ics(built: Project) -> None:
    soup = page(built, "abgesagt")
    assert "abgesagt" in soup.select_one(".sp-notice--cancelled").get_text().lower()
    data = json.loads(soup.find("script", type="application/ld+json").string)
    events = data if isinstance(data, list) else [data]
    assert any(e.get("eventStatus") == "https://schema.org/EventCancelled" for e in events)
    event = icalendar.Calendar.from_ical((built.root / "site/2021/abgesagt.ics").read_bytes()).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"


# ------------------------------------------------------------------ 6. one event is one event

FEED_ONLY = ["NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"]


@pytest.mark.parametrize("name", FEED_ONLY)
def test_a_session_ics_has_no_calendar_name_or_refresh(built: Project, name: str) -> None:
    single = icalendar.Calendar.from_ical((built.root / "site/2021/auftakt.ics").read_bytes())
    feed = icalendar.Calendar.from_ical((built.root / "site/calendar.ics").read_bytes())
    assert name not in single and name in feed


def test_a_session_ics_reads_in_the_strict_parser(built: Project) -> None:
    calendar = IcsCalendarStream.calendar_from_ics((built.root / "site/2021/auftakt.ics").read_text(encoding="utf-8"))
    assert [event.summary for event in calendar.events] == ["Auftakt mit Leerzeichen"]


@dataclass(frozen=True)
class LinkCase:
    name: str
    title: str
    start: str
    end: str | None


LINKS = [LinkCase("google", "text", "dates", None), LinkCase("microsoft 365", "subject", "startdt", "enddt"),
         LinkCase("outlook.com", "subject", "startdt", "enddt")]


@pytest.mark.parametrize("case", LINKS, ids=lambda c: c.name)
def test_add_links_carry_time_place_and_a_short_plain_description(built: Project, case: LinkCase) -> None:
    href = add_links(built, "auftakt")[case.name]
    query = parse_qs(urlsplit(href).query)
    assert "Auftakt%20mit%20Leerzeichen" in href and "+" not in urlsplit(href).query
    assert query[case.title] == ["Auftakt mit Leerzeichen"]
    assert query[case.start][0].startswith(("20211005T120000Z", "2021-10-05T12:00:00Z"))
    assert query["location"] == ["Online (Zoom)"]
    details = query["details" if case.name == "google" else "body"][0]
    assert "Kolleg*innen" in details and "**" not in details and "https://reihe.example.org/2021/auftakt/" in details


# ------------------------------------------------------------------ 7. text as the editor meant it


def test_markdown_becomes_plain_text_by_a_parser() -> None:
    assert plain_text(ABSTRACT) == PLAIN


@pytest.mark.parametrize("where", ["ics", "json-ld"])
def test_plain_text_leaves_no_markdown_or_html(built: Project, where: str) -> None:
    if where == "ics":
        event = icalendar.Calendar.from_ical((built.root / "site/calendar.ics").read_bytes()).walk("VEVENT")
        text = next(str(e["DESCRIPTION"]) for e in event if "Auftakt" in str(e["SUMMARY"]))
    else:
        data = json.loads(page(built, "auftakt").find("script", type="application/ld+json").string)
        text = next(e["description"] for e in (data if isinstance(data, list) else [data]) if "description" in e)
    assert "Kolleg*innen und Referent*innen" in text
    for mark in ["**", "](", "##", "<b>", "\\*"]:
        assert mark not in text


def test_gender_stars_are_not_italics_on_the_page(built: Project) -> None:
    body = page(built, "auftakt").select_one("article")
    assert "Kolleg*innen und Referent*innen" in body.get_text()
    assert "Alle Kolleg*innen und Referent*innen." in body.get_text()
    assert "jede*r ist willkommen" in body.get_text()
    assert [em.get_text() for em in body.select("em")] == ["Verwaltung"]
