"""The schedule: order, neighbours, balance and what is 'upcoming' on a date."""

from __future__ import annotations

from datetime import date, timezone

import pytest

from series_publisher import site as core
from series_publisher.problems import Problems
from series_publisher.schedule import balance, next_session

from .projects import new_project, session


def load(project):
    problems = Problems()
    settings = core.load_settings(project.root / "mkdocs.yml", problems)
    content = core.check(settings, problems)
    return content, problems


@pytest.fixture
def three(tmp_path):
    project = new_project(tmp_path / "p", sessions={
        "c-dritte": session(title="Dritte", start="2021-10-19 14:00"),
        "a-erste": session(title="Erste", start="2021-10-05 14:00"),
        "b-zweite": session(title="Zweite", start="2021-10-12 14:00", extra="status: cancelled"),
    })
    return load(project)[0]


def test_sessions_are_ordered_by_start_not_by_file_name(three):
    assert [s.title for s in three.years[0].sessions] == ["Erste", "Zweite", "Dritte"]


def test_previous_and_next_link_neighbours_within_the_year(three):
    first, second, third = three.years[0].sessions
    assert (first.previous, first.next) == (None, second)
    assert (third.previous, third.next) == (second, None)


def test_speakers_know_their_sessions(three):
    assert [s.title for s in three.speakers["prof-dr-lea-hartmann"].sessions] == ["Erste", "Zweite", "Dritte"]


@pytest.mark.parametrize("today,expected", [
    ("2021-09-01", "Erste"),
    ("2021-10-05", "Erste"),  # the day itself still counts as upcoming
    ("2021-10-06", "Dritte"),  # the cancelled one is skipped
    ("2021-10-20", None),
])
def test_next_session_on_a_reference_date(three, today, expected):
    upcoming = next_session(three, date.fromisoformat(today))
    assert (upcoming.title if upcoming else None) == expected


@pytest.mark.parametrize("perspectives,leans", [
    (["academia", "practice", "academia", "practice"], None),
    (["academia", "academia", "practice"], None),
    (["academia", "academia", "academia", "practice"], "academia"),
    (["practice", "practice", "practice"], "practice"),
    (["academia", "academia"], None),  # too few to judge
])
def test_balance_warns_when_one_perspective_dominates(tmp_path, perspectives, leans):
    sessions = {
        f"s{i}": session(title=f"S{i}", start=f"2021-10-{10 + i} 14:00").replace(
            "perspective: academia", f"perspective: {p}")
        for i, p in enumerate(perspectives)
    }
    content, problems = load(new_project(tmp_path / "p", sessions=sessions))
    assert balance(content.years[0]).leans == leans
    warned = [p for p in problems.warnings if "einseitig" in p.message]
    assert bool(warned) == bool(leans)


def test_sequence_rises_with_reschedules_and_cancellation(tmp_path):
    content, _ = load(new_project(tmp_path / "p", sessions={
        "a": session(extra="rescheduled_from: ['2021-09-28 14:00', '2021-09-21 14:00']\nstatus: cancelled"),
    }))
    assert content.sessions[0].sequence == 3


@pytest.mark.parametrize("start,expected_utc", [
    ("2021-10-05 14:00", "2021-10-05T12:00:00+00:00"),  # summer time
    ("2021-11-02 14:00", "2021-11-02T13:00:00+00:00"),  # winter time
    ("2021-10-05T12:00:00Z", "2021-10-05T12:00:00+00:00"),  # explicit UTC, converted into Berlin
    ("2021-10-05T15:00:00+03:00", "2021-10-05T12:00:00+00:00"),
])
def test_start_times_are_instants_in_the_series_zone(tmp_path, start, expected_utc):
    content, problems = load(new_project(tmp_path / "p", sessions={"a": session(start=start, end="2021-11-02 16:30" if start.startswith("2021-11") else "16:30")}))
    assert not problems.has_errors, problems.errors
    moment = content.sessions[0].start
    assert moment.tzinfo.key == "Europe/Berlin"
    assert moment.astimezone(timezone.utc).isoformat() == expected_utc


def test_serve_watches_the_series_folder(project):
    """`mkdocs serve` rebuilds when an editor saves a file under series/."""
    from mkdocs.config import load_config

    import hooks.series as adapter

    config = load_config(str(project.root / "mkdocs.yml"))
    adapter.on_startup(command="serve", dirty=False)
    try:
        adapter.on_config(config)
    finally:
        adapter.on_startup(command="build", dirty=False)
    assert str((project.root / "series").resolve()) in config.watch
