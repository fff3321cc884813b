"""The guard against losing subscribers' events (`check --previous`) fails closed.

Each case starts from the published calendar.ics of a two-session project,
changes the project (and, to stand for a feed published from a longer
history, sometimes the published feed), runs `build.py check --previous` and
compares the exit status and the words of the message with what an editor
must read. Without git the SEQUENCE cannot rise with a moved time, which is
exactly what the guard must catch.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from series_publisher import site as core
from series_publisher.problems import Problems

from .projects import REPO, Project, session
from .test_cli import in_process
from .test_publishing import two_sessions

ZWEITE = "UID:2021-zweite@reihe.example.org"


def published_calendar(project: Project) -> bytes:
    problems = Problems()
    settings = core.load_settings(project.root / "mkdocs.yml", problems)
    content = core.check(settings, problems)
    return next(f.data for f in core.build_site(settings, content, core.BuildInputs(core.date(2021, 9, 1))).files
                if f.path == "calendar.ics")


def in_zweite(feed: bytes, old: bytes, new: bytes) -> bytes:
    """`feed` with one property of the event „Zweite Runde" replaced."""
    head, _, rest = feed.partition(ZWEITE.encode())
    start = head.rindex(b"BEGIN:VEVENT")
    return head[:start] + head[start:].replace(old, new) + ZWEITE.encode() + rest.replace(old, new, 1)


def write_zweite(extra: str = "", start: str = "2021-10-12 14:00", end: str = "16:30") -> Callable[[Project], None]:
    return lambda project: project.write("series/2021/sessions/zweite.md",
                                         session(title="Zweite Runde", start=start, end=end, extra=extra))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Project], None]
    feed: Callable[[bytes], bytes] = lambda data: data
    exit_code: int = 1
    words: tuple[str, ...] = ()
    source: str | None = None
    """Instead of the published file: 'URL' (an address nobody answers) or 'SITE' (the local build)."""
    options: tuple[str, ...] = ()


CASES = [
    Case("nothing changed", lambda p: None, exit_code=0, words=("alle 2 Termine sind noch da",)),
    Case("moved, SEQUENCE not raised", write_zweite(start="2021-10-13 14:00"),
         words=("Beginn, Ende von „Zweite Runde“ (series/2021/sessions/zweite.md)", "SEQUENCE bleibt aber 0",
                "git fetch --unshallow")),
    Case("end changed, SEQUENCE not raised", write_zweite(end="17:00"),
         words=("Ende von „Zweite Runde“", "SEQUENCE bleibt aber 0")),
    Case("SEQUENCE would go down", lambda p: None, feed=lambda d: in_zweite(d, b"SEQUENCE:0", b"SEQUENCE:3"),
         words=("SEQUENCE von „Zweite Runde“", "von 3 auf 0 sinken")),
    Case("cancelled: SEQUENCE rises", write_zweite(extra="status: cancelled"), exit_code=0,
         words=("alle 2 Termine sind noch da",)),
    Case("vanished without cancellation", lambda p: p.remove("series/2021/sessions/zweite.md"),
         words=("„Zweite Runde“", "ist verschwunden", "„status: cancelled“")),
    Case("published as cancelled, then deleted", lambda p: p.remove("series/2021/sessions/zweite.md"),
         feed=lambda d: in_zweite(d, b"STATUS:CONFIRMED", b"STATUS:CANCELLED"), exit_code=0,
         words=("1 von 2 Terminen sind noch da, 1 als abgesagt veröffentlichter wurde entfernt",)),
    Case("unreachable address", lambda p: None, source="URL", words=("ließ sich nicht laden",)),
    Case("unreachable address on the first publication", lambda p: None, source="URL",
         options=("--first-publication",), exit_code=0, words=("Erste Veröffentlichung",)),
    Case("the local build instead of the published feed", lambda p: None, source="SITE",
         words=("eben lokal gebaute Kalender",)),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_check_previous(tmp_path: Path, case: Case) -> None:
    project = two_sessions(tmp_path / "p")
    feed = tmp_path / "published.ics"
    feed.write_bytes(case.feed(published_calendar(project)))
    source = str(feed)
    if case.source == "URL":
        source = f"http://127.0.0.1:{closed_port()}/calendar.ics"
    elif case.source == "SITE":
        (project.root / "site").mkdir()
        source = str(project.root / "site" / "calendar.ics")
        (project.root / "site" / "calendar.ics").write_bytes(feed.read_bytes())
    case.change(project)
    result = in_process(project, "check", "--previous", source, *case.options)
    assert result.returncode == case.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    for word in case.words:
        assert word in result.stderr, result.stderr


WORKFLOWS = [REPO / ".github/workflows/publish.yml", REPO / ".gitlab-ci.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_compare_with_the_live_feed_and_never_skip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"python build\.py check --previous \"?\$\{?\w*url", text), "check runs against the live feed"
    assert "skipped" not in text and "|| true" not in text and "curl" not in text
    assert "--first-publication" in text and "FIRST_PUBLICATION" in text
    check = text.index("check --previous")
    assert check < text.index("build.py build"), "the check comes before the build that is deployed"


def test_the_workflow_check_step_fails_on_an_unreachable_feed(tmp_path: Path) -> None:
    """The GitHub step's script, run by bash: a feed nobody serves stops it."""
    project = two_sessions(tmp_path / "p")
    project.config(site_url=f"http://127.0.0.1:{closed_port()}/")
    text = WORKFLOWS[0].read_text(encoding="utf-8")
    script = re.search(r"- name: Nothing published may vanish.*?run: \|\n(.*?)\n      - ", text, re.DOTALL)[1]
    env = {"PATH": f"{Path(subprocess.sys.executable).parent}:/usr/bin:/bin", "FIRST_PUBLICATION": "",
           "PYTHONPATH": str(REPO)}
    # The workflow runs the project's venv; here the test's own interpreter stands in for it.
    script = script.replace(".venv/bin/python build.py", f"{sys.executable} {REPO / 'build.py'}")
    script = script.replace(".venv/bin/python -c", f"{sys.executable} -c")
    assert " .venv/bin/python" not in script and "(.venv/bin/python" not in script, script
    result = subprocess.run(["bash", "-e", "-c", script], cwd=project.root, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "ließ sich nicht laden" in result.stderr
