"""Calendar feeds (issue 4): what every .ics file holds, proven on built sites.

One throwaway project, built once per test session with the real build
(`python3 build.py build`) and once more with plain `mkdocs build`, holds the
cases the issue names: sessions on both sides of both 2021 clock changes, a
session across the March change, starts given in UTC and with an offset, a
cancelled, a rescheduled and a tentative session, one with hostile text and a
second year whose theme contains commas. The project is a git repository with
pinned commit times, so DTSTAMP has a known value. Each test then reads the
built files; the parsers are icalendar and the strict `ical` package.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup
from ical.calendar_stream import IcsCalendarStream

from series_publisher import calendars
from series_publisher import site as core
from series_publisher.inputs import read_inputs
from series_publisher.problems import Problems

from .projects import Project, new_project, session

UTC = timezone.utc
HOST = "reihe.example.org"
FIRST_COMMIT = "2021-06-01T10:00:00+00:00"
EDIT_COMMIT = "2021-07-01T09:30:00+00:00"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def stamp(text: str) -> str:
    """An ISO instant as an iCalendar UTC date-time: 20210601T100000Z."""
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


HOSTILE_TITLE = 'Komma, Semikolon; Backslash \\ "Zitat" – Ümläüte ß 🎉\nzweite Zeile'
HOSTILE_ABSTRACT = (
    "Erste Zeile mit Komma, Semikolon; und Backslash C:\\Pfad\\datei – "
    "\"doppelt\" und 'einfach' zitiert.\n"
    "Zweite Zeile: Grüße aus München, Würzburg; Öttingen 🎉🇩🇪 ✓\n"
    "\n"
    + "Lang, lang; lang \\ lang – äöü 🎉 " * 12
    + "\nEnde; aus."
)


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML), keeping emoji literal."""
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Case:
    """One session of the project, and the UTC instants it must have."""

    year: int
    slug: str
    text: str
    start: datetime
    end: datetime

    @property
    def uid(self) -> str:
        pinned = re.search(r"^id: (\S+)$", self.text, re.MULTILINE)
        return f"{pinned[1] if pinned else f'{self.year}-{self.slug}'}@{HOST}"


CASES = [
    Case(2021, "vor-sommerzeit", session("Vor der Sommerzeit", "2021-03-27 14:00", extra="id: pinned-vor"),
         utc("2021-03-27 13:00"), utc("2021-03-27 15:30")),
    Case(2021, "nach-sommerzeit", session("Nach der Sommerzeit", "2021-03-28 14:00"),
         utc("2021-03-28 12:00"), utc("2021-03-28 14:30")),
    Case(2021, "ueber-die-umstellung", session("Über die Umstellung", "2021-03-28 01:30", end="03:30"),
         utc("2021-03-28 00:30"), utc("2021-03-28 01:30")),
    Case(2021, "vor-winterzeit", session("Vor der Winterzeit", "2021-10-30 14:00", extra="status: tentative"),
         utc("2021-10-30 12:00"), utc("2021-10-30 14:30")),
    Case(2021, "nach-winterzeit", session("Nach der Winterzeit", "2021-10-31 14:00"),
         utc("2021-10-31 13:00"), utc("2021-10-31 15:30")),
    Case(2021, "november", session("Im November", "2021-11-02 14:00",
                                   abstract="Mit **fett** und [Anmeldung](https://www.example.org/extra)."),
         utc("2021-11-02 13:00"), utc("2021-11-02 15:30")),
    Case(2021, "utc-angabe", session("Beginn in UTC", "2021-10-05T12:00:00Z"),
         utc("2021-10-05 12:00"), utc("2021-10-05 14:30")),
    Case(2021, "offset-angabe", session("Beginn mit Offset", "2021-11-09T14:00:00+01:00",
                                        end="2021-11-09T16:30:00+01:00"),
         utc("2021-11-09 13:00"), utc("2021-11-09 15:30")),
    Case(2021, "abgesagt", session("Abgesagte Veranstaltung", "2021-10-12 14:00", extra="status: cancelled"),
         utc("2021-10-12 12:00"), utc("2021-10-12 14:30")),
    Case(2021, "verschoben", session("Verschobene Veranstaltung", "2021-10-19 14:00",
                                     extra="rescheduled_from: [2021-10-14 14:00]"),
         utc("2021-10-19 12:00"), utc("2021-10-19 14:30")),
    Case(2021, "sonderzeichen", session(yaml_text(HOSTILE_TITLE), "2021-10-26 14:00", abstract=HOSTILE_ABSTRACT),
         utc("2021-10-26 12:00"), utc("2021-10-26 14:30")),
    Case(2020, "rueckblick", session("Rückblick 2020", "2020-10-06 14:00"),
         utc("2020-10-06 12:00"), utc("2020-10-06 14:30")),
]
BY_SLUG = {case.slug: case for case in CASES}
EDITED = "november"
"""The session whose file is edited (title and time) and committed again."""

THEME_2020 = """\
title: Vielfalt, Inklusion und Teilhabe; kommunal
summary: Das erste Jahr.
"""


# ------------------------------------------------------------------ the built project


@dataclass
class Built:
    """The project and its builds: build.py, plain mkdocs, and the core after an edit."""

    project: Project
    site: Path
    """`python3 build.py build`"""
    mkdocs_site: Path
    """plain `mkdocs build`"""
    edited: dict[str, bytes]
    """site path -> bytes, from the core after another session's file was edited and committed"""

    def ics(self, path: str, site: Path | None = None) -> bytes:
        return ((site or self.site) / path).read_bytes()

    def all_ics(self) -> list[Path]:
        return sorted(self.site.rglob("*.ics"))


def git(root: Path, *args: str, when: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def core_calendars(root: Path, today: date = date(2021, 9, 1), environ: dict[str, str] | None = None) -> dict[str, bytes]:
    """The core's calendars without MkDocs (fast; the hooks are not the point); `environ` read as the edge reads it."""
    problems = Problems()
    settings = core.load_settings(root / "mkdocs.yml", problems)
    inputs = read_inputs(root, environ, today) if environ is not None else core.BuildInputs(today)
    content = core.check(settings, problems, inputs)
    assert not problems.has_errors, [str(p) for p in problems.errors]
    return {item.path: item.data for item in core.build_site(settings, content, inputs).calendars}


def write_project(root: Path) -> Project:
    project = new_project(root, {c.slug: c.text for c in CASES if c.year == 2021})
    project.write("series/2020/theme.yml", THEME_2020)
    project.write("content/ueber.md", "# Über uns\n\nEine handgeschriebene Seite.\n")
    for case in CASES:
        if case.year == 2020:
            project.write(f"series/2020/sessions/{case.slug}.md", case.text)
    return project


BEFORE_EVERY_SESSION = "2020-01-01"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The project, built once per test session; test_calendar_page.py imports this fixture and shares it."""
    root = tmp_path_factory.mktemp("calendars") / "project"
    project = write_project(root)
    git(root, "init", "-q", when=FIRST_COMMIT)
    git(root, "add", "-A", when=FIRST_COMMIT)
    git(root, "commit", "-q", "-m", "content", when=FIRST_COMMIT)

    # Before every session (calendars do not depend on the date): the session pages still offer
    # their add-to-calendar links, which sessions that have taken place no longer do.
    result = project.run("build", today=BEFORE_EVERY_SESSION)
    assert result.returncode == 0, result.stderr
    result = project.mkdocs("build", "-d", "site-mkdocs", today=BEFORE_EVERY_SESSION)
    assert result.returncode == 0, result.stderr

    # Another session's file changes title and time, and is committed later.
    project.write(f"series/2021/sessions/{EDITED}.md",
                  session("Im November, neuer Titel", "2021-11-03 10:00", end="12:00"))
    git(root, "commit", "-q", "-am", "edit", when=EDIT_COMMIT)
    edited = core_calendars(root)
    return Built(project, root / "site", root / "site-mkdocs", edited)


# ------------------------------------------------------------------ reading .ics bytes


def unfold(data: bytes) -> bytes:
    return re.sub(rb"\r\n[ \t]", b"", data)


def content_lines(data: bytes) -> list[str]:
    return unfold(data).decode("utf-8").split("\r\n")


def vevents(data: bytes) -> dict[str, bytes]:
    """UID -> the exact bytes of its VEVENT."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL)
    result = {}
    for block in blocks:
        uid = re.search(rb"^UID:(.*)$", unfold(block), re.MULTILINE)[1].rstrip(b"\r").decode()
        result[uid] = block
    return result


def by_icalendar(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def by_ical(data: bytes):
    return {e.uid: e for e in IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events}


def instants_icalendar(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    return {uid: (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
            for uid, e in by_icalendar(data).items()}


def instants_ical(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    return {uid: (e.dtstart.astimezone(UTC), e.dtend.astimezone(UTC)) for uid, e in by_ical(data).items()}


PARSERS = {"icalendar": instants_icalendar, "ical": instants_ical}


def expected(cases: list[Case]) -> dict[str, tuple[datetime, datetime]]:
    return {case.uid: (case.start, case.end) for case in cases}


def prop(data: bytes, uid: str, name: str) -> str:
    """The raw (unfolded) value of one property of one event."""
    block = unfold(vevents(data)[uid]).decode("utf-8")
    match = re.search(rf"^{name}(;[^:]*)?:(.*)$", block, re.MULTILINE)
    assert match, f"{name} missing in {uid}"
    return match[2].rstrip("\r")


# ------------------------------------------------------------------ files and parsing


def test_plain_mkdocs_build_writes_the_same_ics_files_as_build_py(built: Built) -> None:
    ours = {p.relative_to(built.site).as_posix(): p.read_bytes() for p in built.site.rglob("*.ics")}
    plain = {p.relative_to(built.mkdocs_site).as_posix(): p.read_bytes() for p in built.mkdocs_site.rglob("*.ics")}
    assert plain == ours


def test_one_file_per_session_per_year_and_the_full_feed(built: Built) -> None:
    paths = {p.relative_to(built.site).as_posix() for p in built.all_ics()}
    wanted = {"calendar.ics", "2020/calendar.ics", "2021/calendar.ics"}
    wanted |= {f"{c.year}/{c.slug}.ics" for c in CASES}
    assert paths == wanted


@pytest.mark.parametrize("parser", ["icalendar", "ical"])
def test_every_file_parses(built: Built, parser: str) -> None:
    for path in built.all_ics():
        data = path.read_bytes()
        events = by_icalendar(data) if parser == "icalendar" else by_ical(data)
        assert events, f"{path.name}: no events"


def test_lines_are_folded_at_75_octets_never_inside_a_character_or_escape(built: Built) -> None:
    for path in built.all_ics():
        data = path.read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, (path.name, line)
            line.decode("utf-8")  # a fold inside a multi-byte character would fail here
            trailing = len(line) - len(line.rstrip(b"\\"))
            assert trailing % 2 == 0, f"{path.name}: fold inside an escape: {line!r}"


FOLD_UNITS = {"escaped backslash": "\\\\", "escaped comma": "\\,", "escaped newline": "\\n",
              "umlaut": "ä", "emoji": "🎉", "flag": "🇩🇪"}


@pytest.mark.parametrize("unit", list(FOLD_UNITS.values()), ids=list(FOLD_UNITS))
def test_fold_never_splits_a_unit_at_any_position(unit: str) -> None:
    for prefix in range(60, 80):
        line = "DESCRIPTION:" + "x" * prefix + unit * 30
        folded = calendars.fold(line)
        assert folded.replace("\r\n ", "") == line
        for part in folded.encode().split(b"\r\n"):
            assert len(part) <= 75
            part.decode("utf-8")
            assert (len(part) - len(part.rstrip(b"\\"))) % 2 == 0, part


@pytest.mark.xfail(strict=True, reason="icalendar 7.3.0 splits an escaped backslash at a fold; "
                                       "calendars.fold works around it (drop fold once this passes)")
def test_icalendar_alone_keeps_escaped_backslashes_together() -> None:
    event = icalendar.Event()
    event.add("summary", "x" * 64 + "\\ y")
    for line in event.to_ical().split(b"\r\n"):
        assert (len(line) - len(line.rstrip(b"\\"))) % 2 == 0, line


def test_full_feed_holds_every_session_of_every_year(built: Built) -> None:
    assert set(vevents(built.ics("calendar.ics"))) == {c.uid for c in CASES}


@pytest.mark.parametrize("year", [2020, 2021])
def test_year_feed_holds_exactly_that_years_sessions(built: Built, year: int) -> None:
    assert set(vevents(built.ics(f"{year}/calendar.ics"))) == {c.uid for c in CASES if c.year == year}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_session_file_holds_exactly_its_event(built: Built, case: Case) -> None:
    assert list(vevents(built.ics(f"{case.year}/{case.slug}.ics"))) == [case.uid]


def test_an_event_has_the_same_bytes_in_every_file(built: Built) -> None:
    full = vevents(built.ics("calendar.ics"))
    for case in CASES:
        assert vevents(built.ics(f"{case.year}/calendar.ics"))[case.uid] == full[case.uid]
        assert vevents(built.ics(f"{case.year}/{case.slug}.ics"))[case.uid] == full[case.uid]


# ------------------------------------------------------------------ times and zones


@pytest.mark.parametrize("feed", ["calendar.ics", "2021/calendar.ics", "2020/calendar.ics"])
@pytest.mark.parametrize("parser", list(PARSERS))
def test_feed_instants_are_the_intended_ones(built: Built, parser: str, feed: str) -> None:
    year = feed.split("/")[0]
    cases = [c for c in CASES if feed == "calendar.ics" or str(c.year) == year]
    assert PARSERS[parser](built.ics(feed)) == expected(cases)


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_session_file_instants_are_the_intended_ones(built: Built, case: Case, parser: str) -> None:
    assert PARSERS[parser](built.ics(f"{case.year}/{case.slug}.ics")) == expected([case])


@pytest.mark.parametrize("parser", list(PARSERS))
def test_the_files_own_vtimezone_gives_the_intended_instants(built: Built, parser: str) -> None:
    """Renamed TZID: no zone database can help, only the VTIMEZONE in the file.

    The name is unique per run because icalendar caches a custom VTIMEZONE
    process-wide under its TZID.
    """
    tzid = f"Reihe/Ortszeit-{uuid.uuid4().hex[:6]}".encode()
    data = built.ics("calendar.ics").replace(b"Europe/Berlin", tzid)
    assert tzid in data
    assert PARSERS[parser](data) == expected(CASES)


def test_times_are_written_with_tzid_never_floating_or_utc(built: Built) -> None:
    data = built.ics("calendar.ics")
    for case in CASES:
        block = unfold(vevents(data)[case.uid]).decode()
        for name in ("DTSTART", "DTEND"):
            line = re.search(rf"^{name}[;:].*$", block, re.MULTILINE)[0].rstrip("\r")
            assert line.startswith(f"{name};TZID=Europe/Berlin:") and not line.endswith("Z"), line


def test_explicit_offsets_are_converted_into_the_series_zone(built: Built) -> None:
    data = built.ics("calendar.ics")
    assert prop(data, BY_SLUG["utc-angabe"].uid, "DTSTART") == "20211005T140000"
    assert prop(data, BY_SLUG["offset-angabe"].uid, "DTSTART") == "20211109T140000"
    assert prop(data, BY_SLUG["offset-angabe"].uid, "DTEND") == "20211109T163000"


def test_every_tzid_has_its_vtimezone(built: Built) -> None:
    for path in built.all_ics():
        text = unfold(path.read_bytes()).decode()
        used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
        defined = set(re.findall(r"^TZID:(.+?)\r?$", text, re.MULTILINE))
        assert used and used <= defined, path.name


def test_vtimezone_uses_rrules_and_no_rdate(built: Built) -> None:
    for path in built.all_ics():
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        (zone,) = cal.walk("VTIMEZONE")
        observances = {sub.name: sub for sub in zone.subcomponents}
        assert set(observances) == {"STANDARD", "DAYLIGHT"}, path.name
        assert all("RRULE" in sub and "RDATE" not in sub for sub in observances.values()), path.name
        assert b"RDATE" not in path.read_bytes()


def test_vtimezone_rules_start_before_the_earliest_event_in_the_file(built: Built) -> None:
    for path in built.all_ics():
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        earliest = min(e.decoded("DTSTART").replace(tzinfo=None) for e in cal.walk("VEVENT"))
        for observance in cal.walk("VTIMEZONE")[0].subcomponents:
            assert observance.decoded("DTSTART") < earliest - timedelta(days=365), path.name


# ------------------------------------------------------------------ calendar properties


CALENDAR_LINES = [
    ("calendar.ics", "VERSION:2.0"),
    ("calendar.ics", "CALSCALE:GREGORIAN"),
    ("calendar.ics", "METHOD:PUBLISH"),
    ("calendar.ics", "NAME:Testreihe"),
    ("calendar.ics", "X-WR-CALNAME:Testreihe"),
    ("calendar.ics", "X-WR-TIMEZONE:Europe/Berlin"),
    ("calendar.ics", "REFRESH-INTERVAL;VALUE=DURATION:PT1H"),
    ("calendar.ics", "X-PUBLISHED-TTL:PT1H"),
    ("2021/calendar.ics", "NAME:Testreihe 2021"),
    ("2021/calendar.ics", "X-WR-CALNAME:Testreihe 2021"),
    ("2021/calendar.ics", "X-PUBLISHED-TTL:PT1H"),
    ("2021/calendar.ics", "METHOD:PUBLISH"),
]


@pytest.mark.parametrize(("path", "line"), CALENDAR_LINES)
def test_calendar_property(built: Built, path: str, line: str) -> None:
    header = unfold(built.ics(path)).split(b"BEGIN:VTIMEZONE")[0].decode()
    assert line in header.split("\r\n")


def test_prodid_is_present(built: Built) -> None:
    cal = icalendar.Calendar.from_ical(built.ics("calendar.ics"))
    assert str(cal["PRODID"]).startswith("-//")


def test_strict_parser_reads_the_calendar_properties(built: Built) -> None:
    cal = IcsCalendarStream.calendar_from_ics(built.ics("calendar.ics").decode())
    assert (cal.method, cal.calscale, list(cal.name)) == ("PUBLISH", "GREGORIAN", ["Testreihe"])
    assert cal.refresh_interval == timedelta(hours=1)


# ------------------------------------------------------------------ event properties


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_uid_is_pinned_id_or_year_and_slug_at_the_site_host(built: Built, case: Case) -> None:
    assert case.uid in vevents(built.ics("calendar.ics"))
    assert case.uid.endswith(f"@{HOST}")


def test_pinned_id_is_used(built: Built) -> None:
    assert f"pinned-vor@{HOST}" in vevents(built.ics("calendar.ics"))


@pytest.mark.parametrize("name", ["DTSTAMP", "LAST-MODIFIED"])
def test_timestamps_are_the_last_commit_of_the_sessions_file(built: Built, name: str) -> None:
    data = built.ics("calendar.ics")
    assert {prop(data, c.uid, name) for c in CASES} == {stamp(FIRST_COMMIT)}


EVENT_PROPS = [
    ("nach-sommerzeit", "STATUS", "CONFIRMED"),
    ("vor-winterzeit", "STATUS", "TENTATIVE"),
    ("abgesagt", "STATUS", "CANCELLED"),
    ("nach-sommerzeit", "SEQUENCE", "0"),
    ("verschoben", "SEQUENCE", "1"),
    ("abgesagt", "SEQUENCE", "1"),
    ("nach-sommerzeit", "SUMMARY", "Nach der Sommerzeit"),
    ("abgesagt", "SUMMARY", "ABGESAGT: Abgesagte Veranstaltung"),
    ("abgesagt", "TRANSP", "TRANSPARENT"),
    ("nach-sommerzeit", "URL", f"https://{HOST}/2021/nach-sommerzeit/"),
    ("nach-sommerzeit", "LOCATION", "Online (Zoom)"),
    ("nach-sommerzeit", "ORGANIZER", "mailto:reihe@example.org"),
    ("nach-sommerzeit", "CATEGORIES", "Öffentlicher Raum"),
    ("rueckblick", "CATEGORIES", "Vielfalt / Inklusion und Teilhabe / kommunal"),
]


@pytest.mark.parametrize(("slug", "name", "value"), EVENT_PROPS, ids=lambda v: str(v)[:24])
def test_event_property(built: Built, slug: str, name: str, value: str) -> None:
    assert prop(built.ics("calendar.ics"), BY_SLUG[slug].uid, name) == value


def test_organizer_has_the_organisers_name(built: Built) -> None:
    event = by_icalendar(built.ics("calendar.ics"))[BY_SLUG["nach-sommerzeit"].uid]
    assert event["ORGANIZER"].params["CN"] == "Testverein e.V."


def test_a_theme_with_commas_is_one_category_in_both_parsers(built: Built) -> None:
    uid = BY_SLUG["rueckblick"].uid
    data = built.ics("calendar.ics")
    assert by_ical(data)[uid].categories == ["Vielfalt / Inklusion und Teilhabe / kommunal"]
    assert by_icalendar(data)[uid]["CATEGORIES"].cats == ["Vielfalt / Inklusion und Teilhabe / kommunal"]


DESCRIPTION_PARTS = [
    ("nach-sommerzeit", "Ein Abstract."),
    ("nach-sommerzeit", "Referierende: Prof. Dr. Lea Hartmann (Universität Altmühltal)"),
    ("nach-sommerzeit", "Anmeldung: https://www.example.org/anmeldung"),
    ("nach-sommerzeit", f"Mehr Informationen: https://{HOST}/2021/nach-sommerzeit/"),
    ("november", "Mit fett und Anmeldung (https://www.example.org/extra)."),
]


@pytest.mark.parametrize(("slug", "part"), DESCRIPTION_PARTS, ids=lambda v: str(v)[:24])
def test_description_is_plain_text_with_abstract_speakers_and_links(built: Built, slug: str, part: str) -> None:
    event = by_ical(built.ics("calendar.ics"))[BY_SLUG[slug].uid]
    assert part in event.description


def test_cancelled_session_offers_no_registration(built: Built) -> None:
    event = by_ical(built.ics("calendar.ics"))[BY_SLUG["abgesagt"].uid]
    assert "Anmeldung:" not in event.description


@pytest.mark.parametrize("path", ["calendar.ics", "2021/calendar.ics", "2021/abgesagt.ics"])
def test_cancelled_session_stays_in_every_feed(built: Built, path: str) -> None:
    event = by_ical(built.ics(path))[BY_SLUG["abgesagt"].uid]
    assert event.status.value == "CANCELLED"
    assert event.summary == "ABGESAGT: Abgesagte Veranstaltung"
    assert event.sequence == 1


def test_rescheduled_session_has_the_new_time_and_a_higher_sequence(built: Built) -> None:
    event = by_ical(built.ics("calendar.ics"))[BY_SLUG["verschoben"].uid]
    assert event.dtstart.astimezone(UTC) == utc("2021-10-19 12:00")
    assert event.sequence == 1


@pytest.mark.parametrize("parser", ["icalendar", "ical"])
def test_hostile_title_survives_the_round_trip(built: Built, parser: str) -> None:
    uid = BY_SLUG["sonderzeichen"].uid
    data = built.ics("calendar.ics")
    summary = str(by_icalendar(data)[uid]["SUMMARY"]) if parser == "icalendar" else by_ical(data)[uid].summary
    assert summary == HOSTILE_TITLE


@pytest.mark.parametrize("parser", ["icalendar", "ical"])
def test_hostile_abstract_survives_the_round_trip(built: Built, parser: str) -> None:
    uid = BY_SLUG["sonderzeichen"].uid
    data = built.ics("calendar.ics")
    text = str(by_icalendar(data)[uid]["DESCRIPTION"]) if parser == "icalendar" else by_ical(data)[uid].description
    assert text.startswith(HOSTILE_ABSTRACT.strip() + "\n\n")


# ------------------------------------------------------------------ stability


def test_two_builds_give_identical_bytes(built: Built, tmp_path: Path) -> None:
    """build.py and plain mkdocs are two independent builds of the same commit."""
    for path in built.all_ics():
        relative = path.relative_to(built.site)
        assert (built.mkdocs_site / relative).read_bytes() == path.read_bytes(), relative


def test_other_events_are_byte_identical_after_another_sessions_file_changed(built: Built) -> None:
    before = vevents(built.ics("calendar.ics"))
    after = vevents(built.edited["calendar.ics"])
    edited_uid = BY_SLUG[EDITED].uid
    assert set(after) == set(before)
    for uid in before:
        if uid != edited_uid:
            assert after[uid] == before[uid], uid
    assert after[edited_uid] != before[edited_uid]


def test_edited_session_keeps_its_uid_and_gets_the_new_commit_time(built: Built) -> None:
    uid = BY_SLUG[EDITED].uid
    data = built.edited["calendar.ics"]
    assert uid in vevents(data)  # title and time changed, the UID did not
    assert prop(data, uid, "DTSTAMP") == stamp(EDIT_COMMIT)
    assert prop(data, uid, "LAST-MODIFIED") == stamp(EDIT_COMMIT)
    assert by_ical(data)[uid].dtstart.astimezone(UTC) == utc("2021-11-03 09:00")


def test_calendars_do_not_depend_on_the_reference_date(built: Built) -> None:
    root = built.project.root
    assert core_calendars(root, date(2019, 1, 1)) == core_calendars(root, date(2030, 12, 31))


def test_without_git_timestamps_come_from_source_date_epoch(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    data = core_calendars(project.root, environ={"SOURCE_DATE_EPOCH": "1633000000"})["calendar.ics"]
    assert prop(data, f"2021-auftakt@{HOST}", "DTSTAMP") == "20210930T110640Z"


STATES = [
    ("confirmed", ""),
    ("rescheduled once", "rescheduled_from: [2021-10-01 14:00]"),
    ("rescheduled twice", "rescheduled_from: [2021-10-01 14:00, 2021-10-03 14:00]"),
    ("rescheduled twice, then cancelled",
     "rescheduled_from: [2021-10-01 14:00, 2021-10-03 14:00]\nstatus: cancelled"),
]


def test_sequence_rises_with_every_reschedule_and_with_cancellation(tmp_path: Path) -> None:
    sequences, uids = [], set()
    for index, (_, extra) in enumerate(STATES):
        project = new_project(tmp_path / str(index), {"auftakt": session(extra=extra)})
        event = next(iter(by_ical(core_calendars(project.root)["calendar.ics"]).values()))
        sequences.append(event.sequence)
        uids.add(event.uid)
    assert sequences == sorted(set(sequences)) and sequences[0] == 0
    assert uids == {f"2021-auftakt@{HOST}"}


def test_duplicate_uid_is_an_error_naming_the_file(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", {
        "erste": session("Erste", "2021-10-05 14:00", extra="id: doppelt"),
        "zweite": session("Zweite", "2021-10-12 14:00", extra="id: doppelt"),
    })
    result = project.run("build")
    assert result.returncode == 1
    assert "series/2021/sessions/zweite.md" in result.stderr and "doppelt" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()


# ------------------------------------------------------------------ links on the pages


def page(built: Built, path: str) -> BeautifulSoup:
    return BeautifulSoup((built.site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def site_path(page_path: str, href: str) -> str:
    """A relative href on page `page_path` as a site path."""
    return urlsplit(urljoin(f"https://{HOST}/{page_path}", href)).path.lstrip("/")


def test_session_page_links_its_ics_download(built: Built) -> None:
    soup = page(built, "2021/nach-sommerzeit/")
    link = soup.select_one("article a[download][href$='.ics']")
    assert link is not None
    target = site_path("2021/nach-sommerzeit/", link["href"])
    assert target == "2021/nach-sommerzeit.ics" and (built.site / target).is_file()


@pytest.mark.parametrize(("prefix", "start_key", "end_key", "title_key", "start", "end"), [
    ("https://calendar.google.com/calendar/render?", "dates", None, "text",
     "20210328T120000Z/20210328T143000Z", None),
    ("https://outlook.live.com/calendar/0/action/compose?", "startdt", "enddt", "subject",
     "2021-03-28T12:00:00Z", "2021-03-28T14:30:00Z"),
], ids=["google", "outlook.com"])
def test_session_page_has_plain_add_to_calendar_links(built: Built, prefix: str, start_key: str,
                                                      end_key: str | None, title_key: str, start: str,
                                                      end: str | None) -> None:
    soup = page(built, "2021/nach-sommerzeit/")
    (link,) = [a for a in soup.select("article a[href]") if a["href"].startswith(prefix)]
    query = parse_qs(urlsplit(link["href"]).query)
    assert query[start_key] == [start]
    if end_key:
        assert query[end_key] == [end]
    assert query[title_key] == ["Nach der Sommerzeit"]


def test_session_page_loads_no_script_from_calendar_hosts(built: Built) -> None:
    soup = page(built, "2021/nach-sommerzeit/")
    for script in soup.select("script[src]"):
        assert not urlsplit(script["src"]).netloc, script["src"]


def test_year_page_links_download_and_webcal_subscription(built: Built) -> None:
    soup = page(built, "2021/")
    download = soup.select_one("article a[download][href$='calendar.ics']")
    assert download is not None and site_path("2021/", download["href"]) == "2021/calendar.ics"
    hrefs = [a["href"] for a in soup.select("article a[href]")]
    assert f"webcal://{HOST}/2021/calendar.ics" in hrefs
    assert any(site_path("2021/", h) == "kalender/" for h in hrefs)
