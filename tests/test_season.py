"""A season of changes, replayed commit by commit, as subscribers live through it.

A temporary git repository goes through a season of edits (issue 13): a
session moved without `rescheduled_from`, one cancelled and un-cancelled,
an end time changed, a title changed on a branch and merged, a speaker's
organisation changed, a file renamed with and without an alias, a session
cancelled and then deleted. After every commit the core builds the site,
and every published .ics file is handed to two model clients:

* `SequenceClient` — a client that imports events and keeps one copy per
  UID, as RFC 5546 §2.1.5 "Message Sequencing" prescribes
  (https://datatracker.ietf.org/doc/rfc5546/): a copy with a higher SEQUENCE
  replaces the one held, a lower one is refused as out of date; with equal
  SEQUENCE the later DTSTAMP wins, so one that is not newer is ignored.
  CalDAV clients and one-off imports (an .ics opened in Outlook, Apple
  Calendar or Thunderbird) match events by UID this way; test_caldav.py runs
  the same rule against a real CalDAV server.
* `MirrorClient` — a subscription. Microsoft describes Outlook's Internet
  Calendar Subscriptions as read-only and "bound to the original Internet
  Calendar on the server", updated from it (Outlook team blog, "Internet
  Calendar Subscriptions – Part 1", 2006, and its Q&A post); Google's and
  Microsoft's servers download the file on their own schedule and replace
  their copy (Google: every 12–24 hours, no manual refresh — twocal.app,
  "Why Google Calendar takes up to 24 hours…", 2026; usecarly.com on the
  refresh rate); Thunderbird's network (ICS) calendar reloads the whole file
  (every 30 minutes by default). So after each refresh the calendar *is* the
  feed: an event that leaves the feed leaves the calendar.

The season passes when the sequencing client ends up holding exactly the
published state of every event, every change reached both clients, no
SEQUENCE ever went down, and no event left the feed without having been
published as cancelled first.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

import icalendar
import pytest

from series_publisher import site as core
from series_publisher.problems import Problems

from .projects import SPEAKER, Project, new_project, session

HOST = "reihe.example.org"
UTC = timezone.utc


def git(root: Path, *args: str, when: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                          cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def publish(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What the site would publish now: every .ics file and the Atom feed, built by the core."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    problems = Problems()
    settings = core.load_settings(root / "mkdocs.yml", problems)
    content = core.check(settings, problems)
    assert not problems.has_errors, [str(p) for p in problems.errors]
    return {item.path: item.data for item in core.build_site(settings, content, core.BuildInputs(date(2021, 9, 1))).files
            if item.path.endswith((".ics", "feed.xml"))}


# ------------------------------------------------------------------ the model clients


@dataclass(frozen=True)
class Copy:
    """What a client keeps of one event."""

    sequence: int
    stamp: datetime
    start: datetime
    end: datetime
    status: str
    summary: str
    description: str

    @classmethod
    def of(cls, event: icalendar.Event) -> Copy:
        return cls(int(event.get("SEQUENCE", 0)), event.decoded("DTSTAMP"),
                   event.decoded("DTSTART").astimezone(UTC), event.decoded("DTEND").astimezone(UTC),
                   str(event.get("STATUS", "CONFIRMED")), str(event["SUMMARY"]), str(event.get("DESCRIPTION", "")))


def events(data: bytes) -> dict[str, Copy]:
    return {str(e["UID"]): Copy.of(e) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@dataclass
class SequenceClient:
    """RFC 5546 §2.1.5: highest SEQUENCE wins; equal SEQUENCE → newer DTSTAMP; lower is refused."""

    held: dict[str, Copy] = field(default_factory=dict)
    refused: list[tuple[str, int, int]] = field(default_factory=list)

    def receive(self, data: bytes) -> None:
        for uid, copy in events(data).items():
            mine = self.held.get(uid)
            if mine is None or copy.sequence > mine.sequence:
                self.held[uid] = copy
            elif copy.sequence < mine.sequence:
                self.refused.append((uid, copy.sequence, mine.sequence))
            elif copy.stamp > mine.stamp:
                self.held[uid] = copy
            # equal SEQUENCE and a stamp that is not newer: ignored


@dataclass
class MirrorClient:
    """A subscription (Thunderbird, Google, Outlook): after each refresh the calendar is the feed."""

    shown: dict[str, Copy] = field(default_factory=dict)
    left_uncancelled: list[str] = field(default_factory=list)

    def refresh(self, data: bytes) -> None:
        now = events(data)
        for uid, copy in self.shown.items():
            if uid not in now and copy.status != "CANCELLED":
                self.left_uncancelled.append(uid)
        self.shown = now


# ------------------------------------------------------------------ the season


@dataclass(frozen=True)
class Step:
    """One commit of the season and what subscribers must see after it."""

    name: str
    change: Callable[[Project], None]
    uid: str
    """The event the step is about."""
    expect: Callable[[Copy], bool]
    merge: bool = False
    """Made on a branch and merged (--no-ff) while main moved on."""


def uid(key: str) -> str:
    return f"{key}@{HOST}"


def edit(slug: str, **fields: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        project.write(f"series/2021/sessions/{slug}.md", session(**fields))
    return change


def rename(old: str, new: str, text: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        git(project.root, "mv", f"series/2021/sessions/{old}.md", f"series/2021/sessions/{new}.md", when=NOON)
        project.write(f"series/2021/sessions/{new}.md", text)
    return change


def remove(slug: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        project.remove(f"series/2021/sessions/{slug}.md")
    return change


NOON = "2021-08-01T12:00:00+00:00"
START = {slug: f"2021-10-{day:02d} 14:00" for slug, day in
         [("auftakt", 5), ("zweite", 12), ("dritte", 19), ("vierte", 26), ("fuenfte", 28), ("sechste", 30)]}
FIRST = {slug: session(slug.capitalize(), START[slug]) for slug in START}
NEW_ORG = SPEAKER.replace("Universität Altmühltal", "Hochschule Donautal")

STEPS = [
    Step("moved without rescheduled_from", edit("auftakt", title="Auftakt", start="2021-10-06 10:00"),
         uid("2021-auftakt"), lambda c: c.start == datetime(2021, 10, 6, 8, 0, tzinfo=UTC)),
    Step("cancelled", edit("zweite", title="Zweite", start=START["zweite"], extra="status: cancelled"),
         uid("2021-zweite"), lambda c: c.status == "CANCELLED" and c.summary.startswith("ABGESAGT")),
    Step("un-cancelled", edit("zweite", title="Zweite", start=START["zweite"]),
         uid("2021-zweite"), lambda c: c.status == "CONFIRMED" and c.summary == "Zweite"),
    Step("end time only", edit("dritte", title="Dritte", start=START["dritte"], end="17:15"),
         uid("2021-dritte"), lambda c: c.end == datetime(2021, 10, 19, 15, 15, tzinfo=UTC)),
    Step("title changed on a branch, merged", edit("vierte", title="Vierte, neuer Titel", start=START["vierte"]),
         uid("2021-vierte"), lambda c: c.summary == "Vierte, neuer Titel", merge=True),
    Step("speaker's organisation", lambda p: p.write("series/speakers/prof-dr-lea-hartmann.md", NEW_ORG),
         uid("2021-fuenfte"), lambda c: "Hochschule Donautal" in c.description),
    Step("renamed with alias", rename("fuenfte", "fuenfte-neu", session("Fuenfte", START["fuenfte"],
                                                                        extra="aliases: [fuenfte]")),
         uid("2021-fuenfte"), lambda c: "/2021/fuenfte-neu/" in c.description),
    Step("renamed without alias", rename("dritte", "dritte-neu", session("Dritte", START["dritte"], end="17:15")),
         uid("2021-dritte"), lambda c: "/2021/dritte-neu/" in c.description),
    Step("cancelled before deletion", edit("sechste", title="Sechste", start=START["sechste"],
                                           extra="status: cancelled"),
         uid("2021-sechste"), lambda c: c.status == "CANCELLED"),
    Step("deleted", remove("sechste"), uid("2021-sechste"), lambda c: c.status == "CANCELLED"),
]


@dataclass
class Season:
    published: list[dict[str, bytes]]
    """Every build's .ics files, the first one before any step."""
    sequence: SequenceClient
    mirror: MirrorClient
    mirror_after: list[dict[str, Copy]]
    held_after: list[dict[str, Copy]]
    feeds: list[bytes] = field(default_factory=list)
    """The Atom feed after each build."""


def replay(root: Path, monkeypatch: pytest.MonkeyPatch) -> Season:
    project = new_project(root, FIRST)
    git(root, "init", "-q", "-b", "main", when=NOON)
    git(root, "add", "-A", when=NOON)
    git(root, "commit", "-q", "-m", "Programm 2021", when="2021-06-01T10:00:00+00:00")
    season = Season([], SequenceClient(), MirrorClient(), [], [])

    def build() -> None:
        files = publish(root, monkeypatch)
        season.feeds.append(files.pop("feed.xml"))
        season.published.append(files)
        for path in sorted(files):  # a subscriber may have imported any of them
            season.sequence.receive(files[path])
        season.mirror.refresh(files["calendar.ics"])
        season.mirror_after.append(dict(season.mirror.shown))
        season.held_after.append(dict(season.sequence.held))

    build()
    for index, step in enumerate(STEPS, start=1):
        when = f"2021-06-{index + 1:02d}T10:00:00+00:00"
        if step.merge:
            git(root, "checkout", "-q", "-b", "titel", when=when)
            step.change(project)
            git(root, "commit", "-q", "-am", step.name, when=when)
            git(root, "checkout", "-q", "main", when=when)
            project.write("content/ueber.md", "# Über uns\n")  # main moves on meanwhile
            git(root, "add", "-A", when=f"2021-06-{index + 1:02d}T11:00:00+00:00")
            git(root, "commit", "-q", "-m", "Seite", when=f"2021-06-{index + 1:02d}T11:00:00+00:00")
            git(root, "merge", "-q", "--no-ff", "-m", "Merge titel", "titel", when=f"2021-06-{index + 1:02d}T12:00:00+00:00")
        else:
            step.change(project)
            git(root, "add", "-A", when=when)
            git(root, "commit", "-q", "-m", step.name, when=when)
        build()
    return season


@pytest.fixture(scope="session")
def season(tmp_path_factory: pytest.TempPathFactory) -> Season:
    """The season replayed once per worker: test_caldav.py imports this fixture, and the
    grouping in tests/conftest.py runs both modules on one worker."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return replay(tmp_path_factory.mktemp("season") / "project", monkeypatch)


def test_the_season_has_at_least_ten_commits(season: Season) -> None:
    assert len(season.published) - 1 >= 10


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[step.name for step in STEPS])
def test_every_change_reaches_the_sequencing_client(season: Season, index: int) -> None:
    step = STEPS[index]
    held = season.held_after[index + 1][step.uid]
    assert step.expect(held), held
    assert not step.expect(season.held_after[index][step.uid]) or step.name == "deleted"


@pytest.mark.parametrize("index", range(len(STEPS) - 1), ids=[step.name for step in STEPS[:-1]])
def test_every_change_reaches_the_mirroring_client(season: Season, index: int) -> None:
    step = STEPS[index]
    assert step.expect(season.mirror_after[index + 1][step.uid])


def test_the_sequencing_client_holds_exactly_what_was_published_last(season: Season) -> None:
    last: dict[str, Copy] = {}
    for files in season.published:
        last.update(events(files["calendar.ics"]))
    assert season.sequence.held == last


def test_after_every_build_the_sequencing_client_holds_the_published_events(season: Season) -> None:
    for files, held in zip(season.published, season.held_after):
        assert {uid: held[uid] for uid in events(files["calendar.ics"])} == events(files["calendar.ics"])


def test_no_sequence_ever_went_down(season: Season) -> None:
    assert season.sequence.refused == []
    highest: dict[str, int] = {}
    for files in season.published:
        for path, data in files.items():
            for event_uid, copy in events(data).items():
                assert copy.sequence >= highest.get(event_uid, 0), (path, event_uid)
                highest[event_uid] = max(highest.get(event_uid, 0), copy.sequence)


def test_sequence_rises_with_every_change_of_time_status_or_title(season: Season) -> None:
    for index, step in enumerate(STEPS[:-1]):
        before = events(season.published[index]["calendar.ics"])[step.uid]
        after = events(season.published[index + 1]["calendar.ics"])[step.uid]
        changed = (before.start, before.end, before.status, before.summary) != (
            after.start, after.end, after.status, after.summary)
        assert (after.sequence > before.sequence) == changed, step.name
        assert after.stamp > before.stamp or not changed and after == before, step.name


def test_no_event_leaves_the_feed_without_a_published_cancellation(season: Season) -> None:
    assert season.mirror.left_uncancelled == []
    assert uid("2021-sechste") not in season.mirror.shown


def test_renamed_sessions_keep_one_uid_and_the_old_ics_serves_the_current_event(season: Season) -> None:
    last = season.published[-1]
    assert set(events(last["calendar.ics"])) == {uid(f"2021-{s}") for s in START if s != "sechste"}
    for old, new in [("fuenfte", "fuenfte-neu"), ("dritte", "dritte-neu")]:
        assert events(last[f"2021/{old}.ics"]) == events(last[f"2021/{new}.ics"])


def test_a_merged_title_change_is_dated_by_the_merge(season: Season) -> None:
    index = next(i for i, step in enumerate(STEPS) if step.merge)
    held = season.held_after[index + 1][STEPS[index].uid]
    assert held.stamp == datetime(2021, 6, index + 2, 12, 0, tzinfo=UTC)


# ------------------------------------------------------------------ the Atom feed tells the story

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Story:
    step: str
    """The step whose commit makes the entry (its date)."""
    title: str
    summary: tuple[str, ...]


STORY = [
    Story("moved without rescheduled_from", "Verschoben: Auftakt – neu am Mittwoch, 6. Oktober 2021, 10:00–16:30 Uhr",
          ("Mittwoch, 6. Oktober 2021, 10:00–16:30 Uhr", "Referierende: Prof. Dr. Lea Hartmann", "Status: bestätigt")),
    Story("cancelled", "Abgesagt: Zweite", ("Dienstag, 12. Oktober 2021", "Status: abgesagt")),
    Story("un-cancelled", "Findet wieder statt: Zweite", ("Dienstag, 12. Oktober 2021", "Status: bestätigt")),
    Story("end time only", "Verschoben: Dritte – neu am Dienstag, 19. Oktober 2021, 14:00–17:15 Uhr",
          ("14:00–17:15 Uhr",)),
]


def feed_entries(data: bytes) -> list[tuple[str, str, str, str]]:
    from xml.etree import ElementTree as ET
    root = ET.fromstring(data)
    return [(e.find(f"{ATOM}id").text, e.find(f"{ATOM}title").text, e.find(f"{ATOM}updated").text,
             e.find(f"{ATOM}summary").text or "") for e in root.findall(f"{ATOM}entry")]


@pytest.mark.parametrize("story", STORY, ids=lambda s: s.step)
def test_the_feed_has_an_entry_for_the_change_dated_by_its_commit(season: Season, story: Story) -> None:
    index = next(i for i, step in enumerate(STEPS, start=1) if step.name == story.step)
    found = [e for e in feed_entries(season.feeds[-1]) if e[1] == story.title]
    assert len(found) == 1, [e[1] for e in feed_entries(season.feeds[-1])]
    _, _, updated, summary = found[0]
    assert updated == f"2021-06-{index + 1:02d}T10:00:00Z"
    for words in story.summary:
        assert words in summary


def test_the_feed_announces_every_session_once_and_ids_are_unique(season: Season) -> None:
    entries = feed_entries(season.feeds[-1])
    ids = [e[0] for e in entries]
    assert len(ids) == len(set(ids))
    announced = [e for e in ids if ":session/" in e]
    assert sorted(announced) == sorted(f"tag:{HOST},2021:session/2021-{s}" for s in START if s != "sechste")
    assert [e[2] for e in entries] == sorted((e[2] for e in entries), reverse=True)


def test_a_title_change_alone_is_no_story(season: Season) -> None:
    assert not [e for e in feed_entries(season.feeds[-1]) if "Vierte" in e[1] and e[0].count("/") > 1]


def test_a_published_recording_is_an_entry_dated_by_its_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "p", {"auftakt": session("Auftakt", "2021-10-05 14:00")})
    git(project.root, "init", "-q", "-b", "main", when=NOON)
    git(project.root, "add", "-A", when=NOON)
    git(project.root, "commit", "-q", "-m", "eins", when="2021-06-01T10:00:00+00:00")
    project.write("series/2021/sessions/auftakt.md", session("Auftakt", "2021-10-05 14:00", extra=(
        "recording:\n  url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n  duration: \"1:02:03\"\n"
        "  published: 2021-10-07")))
    git(project.root, "commit", "-q", "-am", "Aufzeichnung", when="2021-10-08T09:00:00+00:00")
    entries = feed_entries(publish(project.root, monkeypatch)["feed.xml"])
    recording = [e for e in entries if e[1] == "Aufzeichnung: Auftakt"]
    assert [(e[0], e[2]) for e in recording] == [(f"tag:{HOST},2021:recording/2021-auftakt", "2021-10-08T09:00:00Z")]
    assert [e[2] for e in entries if e[1] == "Auftakt"] == ["2021-06-01T10:00:00Z"]
