"""Safe publishing: the last good site survives a failed build, builds are reproducible,
nothing published vanishes from the calendar, renamed sessions redirect, and the CI
workflows are valid."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from .projects import REPO, Project, copy_project, new_project, session
from .test_cli import in_process

COMMIT_DATE = "2021-09-20T10:00:00+00:00"
COMMIT_EPOCH = int(datetime(2021, 9, 20, 10, tzinfo=timezone.utc).timestamp())
SITE_URL = "https://reihe.example.org/"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, by relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def two_sessions(root: Path) -> Project:
    return new_project(root, {
        "auftakt": session(),
        "zweite": session(title="Zweite Runde", start="2021-10-12 14:00"),
    })


# ---------------------------------------------------------------- the last good site stays


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The two-session project after one good build; tests change copies of it, never it."""
    project = two_sessions(tmp_path_factory.mktemp("built") / "p")
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def built(tmp_path: Path, built_once: Project) -> tuple[Project, dict[str, bytes]]:
    """The two-session project after a good build: its own copy, and its site's files."""
    project = copy_project(built_once, tmp_path / "p")
    return project, snapshot(project.root / "site")


def _no_leftovers(project: Project) -> None:
    assert not [p.name for p in project.root.iterdir() if p.name.startswith((".site-new-", ".site-old-"))]


def test_strict_failure_leaves_last_good_site_intact(built: tuple[Project, dict[str, bytes]]) -> None:
    """A missing anchor (a warning only where the site's mkdocs.yml asks MkDocs for it) fails --strict
    only after MkDocs wrote every page. (Broken links to files fail earlier: `check` finds them.)"""
    project, before = built
    project.config(validation={"links": {"anchors": "warn"}})
    project.write("content/kontakt.md", "# Kontakt\n\nSiehe [Anfahrt](#anfahrt).\n")
    project.write("series/2021/sessions/neu.md", session(title="Neu", start="2021-10-19 14:00"))
    result = project.run("build")
    assert result.returncode == 1
    assert "#anfahrt" in result.stderr and "bleibt unverändert" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project.root / "site") == before
    _no_leftovers(project)


def test_content_error_leaves_last_good_site_intact(built: tuple[Project, dict[str, bytes]]) -> None:
    project, before = built
    project.write("series/2021/sessions/zweite.md", session(extra="speaker: [x]"))
    result = project.run("build")
    assert result.returncode == 1 and "unbekannter Schlüssel „speaker“" in result.stderr
    assert snapshot(project.root / "site") == before
    _no_leftovers(project)


def test_successful_build_replaces_the_site(built: tuple[Project, dict[str, bytes]]) -> None:
    project, before = built
    (project.root / "site" / "stale.html").write_text("von früher")
    project.write("series/2021/sessions/neu.md", session(title="Neu", start="2021-10-19 14:00"))
    assert project.run("build").returncode == 0
    after = snapshot(project.root / "site")
    assert "2021/neu/index.html" in after and "stale.html" not in after
    _no_leftovers(project)


# ---------------------------------------------------------------- reproducible builds


def _git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Redaktion", GIT_AUTHOR_EMAIL="redaktion@example.org",
               GIT_COMMITTER_NAME="Redaktion", GIT_COMMITTER_EMAIL="redaktion@example.org",
               GIT_AUTHOR_DATE=COMMIT_DATE, GIT_COMMITTER_DATE=COMMIT_DATE)
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _build_from_git(root: Path, today: str = "2021-10-01") -> subprocess.CompletedProcess[str]:
    """Like CI: no SOURCE_DATE_EPOCH in the environment, so times must come from git."""
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "SERIES_TODAY")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--today", today],
                          cwd=root, capture_output=True, text=True, env=env)


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    project = two_sessions(tmp_path / "first")
    _git(project.root, "init", "-q", "-b", "main")
    _git(project.root, "add", ".")
    _git(project.root, "commit", "-q", "-m", "Programm 2021")
    clone = tmp_path / "second"
    _git(tmp_path, "clone", "-q", str(project.root), str(clone))  # fresh checkout: new mtimes, other path

    first = _build_from_git(project.root)
    assert first.returncode == 0, first.stderr
    second = _build_from_git(clone)
    assert second.returncode == 0, second.stderr

    a, b = project.root / "site", clone / "site"
    diff = subprocess.run(["diff", "-r", str(a), str(b)], capture_output=True, text=True)
    assert diff.returncode == 0, diff.stdout[:3000]
    assert snapshot(a) == snapshot(b)
    assert {"sitemap.xml", "sitemap.xml.gz", "calendar.ics", "search/search_index.json"} <= set(snapshot(a))

    # Timestamps are the commit's, not the build clock's.
    sitemap = (a / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2021-09-20</lastmod>" in sitemap
    with gzip.open(a / "sitemap.xml.gz") as stream:
        assert stream.read().decode("utf-8") == sitemap
    # gzip MTIME: MkDocs takes the newest page date (day precision), which is the commit's day.
    commit_day = COMMIT_EPOCH - COMMIT_EPOCH % 86400
    assert int.from_bytes((a / "sitemap.xml.gz").read_bytes()[4:8], "little") == commit_day


def test_reference_date_changes_pages_but_never_the_calendars(tmp_path: Path) -> None:
    """Pinned by --today or SERIES_TODAY: before the session it offers registration, after it not."""
    project = two_sessions(tmp_path / "p")
    page = project.root / "site/2021/auftakt/index.html"
    registration = "https://www.example.org/anmeldung"
    assert project.run("build", "--today", "2021-09-01", today="2000-01-01").returncode == 0  # option wins
    assert registration in page.read_text(encoding="utf-8")
    before = {k: v for k, v in snapshot(project.root / "site").items() if k.endswith(".ics")}
    assert project.run("build", today="2021-12-24").returncode == 0  # SERIES_TODAY
    assert registration not in page.read_text(encoding="utf-8")
    after = {k: v for k, v in snapshot(project.root / "site").items() if k.endswith(".ics")}
    assert before == after and len(before) == 4  # feed, year feed, two sessions


# ---------------------------------------------------------------- --previous: nothing vanishes


@pytest.fixture(scope="module")
def published_feed(built_once: Project) -> bytes:
    """The calendar.ics of the two-session project as built once (it depends on the content alone)."""
    return (built_once.root / "site" / "calendar.ics").read_bytes()


@pytest.fixture
def published(tmp_path: Path, published_feed: bytes) -> tuple[Project, Path]:
    """The two-session project, and its published calendar.ics as a file."""
    feed = tmp_path / "published.ics"
    feed.write_bytes(published_feed)
    return two_sessions(tmp_path / "p"), feed


def uid_line(feed: Path, uid: str) -> int:
    lines = feed.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    return next(number for number, line in enumerate(lines, 1) if line == f"UID:{uid}")


def test_previous_passes_when_everything_is_still_there(published: tuple[Project, Path]) -> None:
    """End to end, as CI runs it; the table below runs in-process."""
    project, feed = published
    result = project.run("check", "--previous", str(feed))
    assert result.returncode == 0, result.stderr
    assert "alle 2 Termine sind noch da" in result.stderr


ZWEITE = "series/2021/sessions/zweite.md"
RENAMED = "series/2021/sessions/zweite-runde.md"


@dataclass(frozen=True)
class Change:
    """A change to the published two-session project, and what `check --previous` says about it."""

    id: str
    change: Callable[[Project], None]
    code: int
    """the exit status of `check --previous`"""
    words: tuple[str, ...]
    """all in one line of the report"""
    uid: str | None = None
    """the published event whose line in the old calendar.ics that report line starts with"""


def _rename(extra: str) -> Callable[[Project], None]:
    def rename(project: Project) -> None:
        project.remove(ZWEITE)
        project.write(RENAMED, session(title="Zweite Runde", start="2021-10-12 14:00", extra="aliases: [zweite]" + extra))
    return rename


STILL_THERE = ("Veröffentlichter Kalender: alle 2 Termine sind noch da.",)

CHANGES = [
    Change("vanished", lambda project: project.remove(ZWEITE), 1,
           ("„Zweite Runde“", f"({SITE_URL}2021/zweite/)",  # its SUMMARY and its URL in the old feed
            "„status: cancelled“", "„id: 2021-zweite“"),  # both ways to fix it
           uid="2021-zweite@reihe.example.org"),
    Change("cancelled-instead", lambda project: project.write(ZWEITE, session(
        title="Zweite Runde", start="2021-10-12 14:00", extra="status: cancelled")), 0, STILL_THERE),
    Change("renamed-without-id", _rename(""), 1, (f"umbenannt zu {RENAMED}", "„id: 2021-zweite“"),
           uid="2021-zweite@reihe.example.org"),
    Change("renamed-with-the-old-id", _rename("\nid: 2021-zweite"), 0, STILL_THERE),
    Change("site-url-changed", lambda project: project.config(site_url="https://andere.example.org/"), 1,
           ("site_url", "@andere.example.org statt @reihe.example.org"), uid="2021-auftakt@reihe.example.org"),
    Change("content-has-errors", lambda project: project.write(ZWEITE, session(start="2021-10-12")), 1,
           ("Abgleich mit dem veröffentlichten Kalender übersprungen",)),
]


@pytest.mark.parametrize("case", CHANGES, ids=[case.id for case in CHANGES])
def test_previous_compares_the_project_with_the_published_calendar(published: tuple[Project, Path],
                                                                    case: Change) -> None:
    project, feed = published
    case.change(project)
    result = in_process(project, "check", "--previous", str(feed))
    assert result.returncode == case.code, result.stderr
    assert "Traceback" not in result.stderr
    prefix = f"{feed}:{uid_line(feed, case.uid)}: Fehler: " if case.uid else ""
    assert any(line.startswith(prefix) and all(word in line for word in case.words)
               for line in result.stderr.splitlines()), (prefix, case.words, result.stderr)


def test_a_session_published_as_cancelled_may_go(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {
        "auftakt": session(),
        "zweite": session(title="Zweite Runde", start="2021-10-12 14:00", extra="status: cancelled"),
    })
    assert project.run("build").returncode == 0
    feed = tmp_path / "published.ics"
    shutil.copy2(project.root / "site" / "calendar.ics", feed)
    project.remove("series/2021/sessions/zweite.md")
    result = in_process(project, "check", "--previous", str(feed))
    assert result.returncode == 0, result.stderr


@dataclass(frozen=True)
class Unreadable:
    """What `--previous` names instead of a calendar, and what the report says about it."""

    id: str
    data: bytes | None
    """the file's bytes; None: no such file"""
    words: tuple[str, ...]


UNREADABLE = [
    Unreadable("missing", None, ("keine vorhandene Datei",)),
    Unreadable("text", b"Das ist kein Kalender.\n", ("keine lesbare iCalendar-Datei",)),
    Unreadable("empty", b"", ("keine iCalendar-Datei",)),
]


@pytest.mark.parametrize("case", UNREADABLE, ids=[case.id for case in UNREADABLE])
def test_previous_unreadable_is_a_message(tmp_path: Path, case: Unreadable) -> None:
    project = two_sessions(tmp_path / "p")
    feed = tmp_path / "published.ics"
    if case.data is not None:
        feed.write_bytes(case.data)
    result = in_process(project, "check", "--previous", str(feed))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert all(word in result.stderr for word in case.words), result.stderr
    assert str(feed) in result.stderr


def test_previous_reads_a_folded_feed_with_several_calendars() -> None:
    from series_publisher.previous import published_events
    from series_publisher.problems import Problems

    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:2021-a@x.org\r\nSUMMARY:Ein sehr langer Tit\r\n"
            b" el\r\nURL:https://x.org/2021/a/\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:2021-b@\r\n x.org\r\nSTATUS:CANCELLED\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    events = published_events("feed.ics", data, Problems())
    assert [(e.uid, e.summary, e.url, e.status, e.line) for e in events] == [
        ("2021-a@x.org", "Ein sehr langer Titel", "https://x.org/2021/a/", "CONFIRMED", 4),
        ("2021-b@x.org", "", None, "CANCELLED", 13),
    ]
    assert events[0].slug_path == (2021, "a") and events[0].key == "2021-a"


# ---------------------------------------------------------------- renamed sessions redirect


def test_alias_redirects_to_the_new_url(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"neuer-name": session(extra="aliases: [alter-name]")})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    page = project.root / "site/2021/alter-name/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, _, target = refresh.partition(";")
    assert delay.strip() == "0" and target.strip().lower().startswith("url=")
    old_url = SITE_URL + "2021/alter-name/"
    new_url = SITE_URL + "2021/neuer-name/"
    assert urljoin(old_url, target.strip()[4:]) == new_url
    assert urljoin(old_url, soup.find("link", rel="canonical")["href"]) == new_url
    assert urljoin(old_url, soup.find("a")["href"]) == new_url
    assert (project.root / "site/2021/neuer-name/index.html").is_file()


# ---------------------------------------------------------------- CI workflows


def _builds_with_runtime_requirements_only(commands: list[str]) -> None:
    """The publishing job sets up a venv with requirements.txt alone: no test tool near the secrets."""
    installs = [line for line in commands if "pip install" in line]
    assert installs and all("python -m venv .venv" in line and "-r requirements.txt" in line for line in installs)
    assert not any("requirements-dev" in line or "pytest" in line for line in commands)


def test_github_workflow_is_valid() -> None:
    text = (REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"].count(" ") == 4
    jobs = data["jobs"]
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    steps = jobs["build"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") and step["with"]["path"] == "site"
               for step in steps)
    assert any(".venv/bin/python build.py build" in step.get("run", "") for step in steps)
    assert any("check --previous" in step.get("run", "") for step in steps)
    _builds_with_runtime_requirements_only([step.get("run", "") for step in steps])
    assert any("pytest" in step.get("run", "") or ".ci/run" in step.get("run", "") for step in jobs["test"]["steps"])
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert "site_url in mkdocs.yml" in text


def test_gitlab_pipeline_is_valid() -> None:
    text = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["variables"]["GIT_DEPTH"] == 0
    pages = data["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert any(".venv/bin/python build.py build --site-dir public" in line for line in pages["script"])
    _builds_with_runtime_requirements_only(pages["script"])
    assert any("check --previous" in line for line in pages["script"])
    assert any(".ci/run" in line for line in data["test"]["script"])
    assert data["stages"].index("test") < data["stages"].index(pages["stage"])
    assert "site_url in mkdocs.yml" in text and "Pipeline schedules" in text
