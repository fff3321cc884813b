"""The subscribe page says what clients really do (issue 13, item 9).

REFRESH-INTERVAL is a suggested *minimum* (RFC 7986 §5.7) and classic
Outlook's "Update Limit" turns X-PUBLISHED-TTL into "not more often than"
(MS-OXCICAL 2.1.3.1.1.15): the shipped configuration asks for one hour, and
the page no longer promises that programs check on that schedule.
"""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from ical.calendar_stream import IcsCalendarStream

from .projects import REPO, MKDOCS_YML, Project, new_project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("subscribe") / "p")
    series = dict(MKDOCS_YML["extra"]["series"], refresh_hours=1)
    project.config(extra={"series": series})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return project


def page_text(project: Project) -> str:
    html = (project.root / "site/kalender/index.html").read_text(encoding="utf-8")
    return " ".join(BeautifulSoup(html, "lxml").select_one("article").get_text(" ").split())


def test_the_shipped_configuration_asks_for_one_hour() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["extra"]["series"]["refresh_hours"] == "1"


@pytest.mark.parametrize("parser", ["icalendar", "ical"])
def test_one_hour_is_written_as_pt1h(built: Project, parser: str) -> None:
    data = (built.root / "site/calendar.ics").read_bytes()
    if parser == "icalendar":
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
        assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    else:
        assert IcsCalendarStream.calendar_from_ics(data.decode()).refresh_interval == timedelta(hours=1)


SAYS = [
    ("a minimum, not a promise", "nicht öfter als jede Stunde"),
    ("servers on their own schedule", "Google und Microsoft holen abonnierte Kalender nach eigenem Zeitplan ab"),
    ("Thunderbird's default", "Thunderbird alle 30 Minuten"),
    ("Outlook's update limit", "nicht öfter als jede Stunde nach"),
    ("webcal links do not open everywhere", "Outlook für Android öffnen „Im Kalenderprogramm abonnieren“ nicht"),
    ("the current iPhone path", "Einstellungen → Apps → Kalender → Kalender-Accounts"),
    ("what a cancellation means for organisers", "Kurzfristige Absagen also zusätzlich per E-Mail mitteilen"),
    ("Outlook ignores the status", "Outlook beachtet den Status „abgesagt“ nicht"),
    ("Nextcloud subscribes by link", "„Neues Abonnement per Link (nur lesen)“"),
    ("CalDAV holds one event per object", "in CalDAV enthält jedes Kalenderobjekt genau einen Termin"),
    ("a sync tool for other CalDAV servers", "Ein Abgleichprogramm wie vdirsyncer holt die https-Adresse regelmäßig ab"),
    ("the per-session file", "„Termin herunterladen (.ics)“ auf jeder Veranstaltungsseite ist eine Datei mit genau einem Termin"),
]


@pytest.mark.parametrize(("topic", "words"), SAYS, ids=[s[0] for s in SAYS])
def test_the_page_says(built: Project, topic: str, words: str) -> None:
    assert words in page_text(built)


def test_the_page_no_longer_promises_a_schedule(built: Project) -> None:
    text = page_text(built)
    assert "bittet die Programme" not in text and "alle 1 Stunden" not in text


def test_the_https_address_stands_beside_the_webcal_button(built: Project) -> None:
    html = (built.root / "site/kalender/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    addresses = [code.get_text() for code in soup.select("code.sp-url")]
    assert "https://reihe.example.org/calendar.ics" in addresses
    assert "webcal://reihe.example.org/calendar.ics" in addresses
