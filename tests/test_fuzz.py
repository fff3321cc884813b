"""Property-based fuzzing: whatever an editor's files hold, the build answers with a message or a site.

Hypothesis writes front matter values (any text, escapes for control
characters and lone surrogates, dates from the year 1 to 9999, numbers,
lists) and raw file bytes into a small project and runs the core as a build
does. The properties: no exception (an editor would see a traceback), no
example slower than a few seconds, and when there is no error, output that
parses: feed.xml as XML, every .ics with icalendar and strictly with ical.
A few full builds add the HTML pages and the exit status.

CI runs it derandomized (a fixed seed), with no example database, within
about a minute.
"""

from __future__ import annotations

import shutil
import signal
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Iterator

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from lxml import etree

from series_publisher.problems import Problem
from series_publisher.inputs import BuildInputs
from series_publisher.output import whole_run
from series_publisher.site import prepare

from .projects import Project, new_project, session

SESSION = "series/2021/sessions/auftakt.md"
SPEAKER = "series/speakers/prof-dr-lea-hartmann.md"
THEME = "series/2021/theme.yml"
SECONDS = 8
"""Longest an example may take: far above a normal check (well under a second)."""

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=250,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
FULL_BUILDS = settings(FUZZ, max_examples=4, phases=[Phase.explicit, Phase.generate])
"""Four real builds, a few seconds each; no shrinking, which would take minutes of builds."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail the example, instead of hanging the suite, when it runs too long."""
    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError(f"longer than {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- what editors (and accidents) write

any_text = st.text(st.characters(exclude_categories=()), max_size=40)  # surrogates and controls included
typed_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
"""What can be typed into a UTF-8 file: everything but lone surrogates."""


def _datetime_text(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"


date_times = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)).map(_datetime_text),
    st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2021, 12, 31)).map(_datetime_text),
    st.sampled_from(["0001-01-01T00:30:00+02:00", "9999-12-31T23:30:00-12:00", "2021-03-28 02:30",
                     "2021-10-31 02:30", "2021-10-05T14:00:00Z"]),
    typed_text,
)
scalars = st.one_of(any_text, typed_text, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                    date_times)
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(typed_text, scalars, max_size=2))


def _as_yaml(value: Any, raw: bool) -> str:
    """The value as an editor might type it (`raw`, may be broken YAML) or as YAML writes it (escapes)."""
    if raw and isinstance(value, str) and "\n" not in value:
        return value
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()


KEYS = ["title", "start", "end", "speakers", "location", "status", "aliases", "id", "registration",
        "recording", "materials", "booked_out", "perspective", "rescheduled_from", "unbekannt"]

wild_fields = st.dictionaries(st.sampled_from(KEYS), st.tuples(values, st.booleans()), max_size=3)
front_matter = st.one_of(
    # mostly valid: one free-text field with anything in it, so most examples reach the output checks
    st.tuples(st.sampled_from(["title", "location"]), any_text.filter(str.strip), st.booleans()).map(
        lambda field: {field[0]: (field[1], field[2])}),
    st.tuples(date_times, st.booleans()).map(lambda start: {"start": start}),
    wild_fields,
)
markdown_body = st.one_of(
    typed_text,
    st.lists(st.sampled_from(["# Titel", "<script>x()</script>", "{onclick=\"x()\"}", "[a](javascript:x)",
                              "<iframe src=\"https://x.example/\"></iframe>", "*kursiv* und **fett**", "<br>",
                              "&#x6a;avascript:", "<", "&", "{", "---", "| a | b |", "```", "\x0b", "\u2028"]),
             max_size=5).map("\n".join),
)


def _session_text(fields: dict[str, tuple[Any, bool]], body: str) -> str:
    lines = session().split("\n---\n", 1)[0].split("\n")  # a valid front matter to start from
    keep = [line for line in lines if line.split(":", 1)[0] not in fields]
    added = [f"{key}: {_as_yaml(value, raw)}" for key, (value, raw) in fields.items()]
    return "\n".join(keep + added) + "\n---\n" + body + "\n"


# ---------------------------------------------------------------- the properties


def _well_formed(files: list[Any]) -> None:
    by_path = {item.path: item.data for item in files}
    etree.fromstring(by_path["feed.xml"])  # raises on anything ill-formed
    calendars = [data for path, data in by_path.items() if path.endswith(".ics")]
    assert calendars
    for data in calendars:
        icalendar.Calendar.from_ical(data)
        IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


def _core_run(project: Project) -> list[Problem]:
    """What `build` does before MkDocs renders: every problem, or well-formed files."""
    with time_limit(SECONDS):
        steps = whole_run(prepare(project.root / "mkdocs.yml", BuildInputs(date(2021, 9, 1))))
        prepared = steps[0]
        if prepared.has_errors:
            return list(prepared.problems)
        made = steps[-1]
    if not made.problems:
        _well_formed(made.files)
    return list(prepared.problems) + list(made.problems)


@FUZZ
@given(fields=front_matter, body=markdown_body)
def test_any_front_matter_gives_messages_or_a_well_formed_site(tmp_path_factory: pytest.TempPathFactory,
                                                               fields: dict[str, tuple[Any, bool]], body: str) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    project = new_project(root / "p")
    project.write(SESSION, _session_text(fields, body))
    try:
        for problem in _core_run(project):
            assert problem.path and problem.message  # every message names its file
    finally:
        shutil.rmtree(root, ignore_errors=True)


@FUZZ
@given(target=st.sampled_from([SESSION, SPEAKER, THEME]), data=st.binary(max_size=300),
       keep_front=st.booleans())
def test_any_file_bytes_give_messages_or_a_well_formed_site(tmp_path_factory: pytest.TempPathFactory,
                                                            target: str, data: bytes, keep_front: bool) -> None:
    root = tmp_path_factory.mktemp("bytes")
    project = new_project(root / "p")
    path = project.root / target
    original = path.read_bytes()
    project.write(target, (original + data) if keep_front else data)
    try:
        _core_run(project)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@FULL_BUILDS
@given(title=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30), body=markdown_body)
def test_full_builds_exit_0_or_1_with_pages_that_parse(tmp_path_factory: pytest.TempPathFactory,
                                                       title: str, body: str) -> None:
    root = tmp_path_factory.mktemp("build")
    project = new_project(root / "p")
    project.write(SESSION, _session_text({"title": (title, False)}, body))
    try:
        result = project.run("build")
        assert result.returncode in (0, 1)
        assert "Traceback" not in result.stderr
        if result.returncode == 0:
            site = project.root / "site"
            page = BeautifulSoup((site / "2021" / "auftakt" / "index.html").read_bytes(), "html.parser")
            assert page.find("h1") is not None and page.find("html").get("lang") == "de"
            etree.fromstring((site / "feed.xml").read_bytes())
            for ics in site.rglob("*.ics"):
                IcsCalendarStream.calendar_from_ics(ics.read_text(encoding="utf-8"))
        else:
            assert not (project.root / "site").exists()
    finally:
        shutil.rmtree(root, ignore_errors=True)
