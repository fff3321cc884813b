"""What git history gives the calendars: shallow clones stopped, unannounced moves warned, renames redirected."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from series_publisher import site as core
from series_publisher.history import HistoryReader
from series_publisher.problems import Problems

from .projects import REPO, Project, new_project, session
from .test_season import NOON, events, feed_entries, git, publish


def checked(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Problems, core.Content]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    problems = Problems()
    settings = core.load_settings(root / "mkdocs.yml", problems)
    return problems, core.check(settings, problems)


def committed(root: Path, name: str, when: str) -> None:
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "-m", name, when=when)


def test_a_shallow_clone_is_an_error_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "p")
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    project.write("series/2021/sessions/auftakt.md", session(start="2021-10-06 14:00"))
    committed(project.root, "zwei", "2021-06-02T10:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone)], check=True)
    problems, _ = checked(clone, monkeypatch)
    assert [p.message for p in problems.errors if "flacher Klon" in p.message]
    assert any("git fetch --unshallow" in (p.hint or "") for p in problems.errors)


@dataclass(frozen=True)
class Move:
    name: str
    extra: str
    warned: bool
    uncommitted: bool = False


MOVES = [
    Move("moved without rescheduled_from", "", True),
    Move("moved with rescheduled_from", "rescheduled_from: [2021-10-05 14:00]", False),
    Move("moved, not yet committed", "", True, uncommitted=True),
]


@pytest.mark.parametrize("case", MOVES, ids=lambda c: c.name)
def test_a_start_moved_since_the_last_publication_needs_rescheduled_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Move) -> None:
    project = new_project(tmp_path / "p")
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    project.write("series/2021/sessions/auftakt.md", session(start="2021-10-06 14:00", extra=case.extra))
    if not case.uncommitted:
        committed(project.root, "verschoben", "2021-06-02T10:00:00Z")
    problems, _ = checked(project.root, monkeypatch)
    warnings = [p for p in problems.warnings if "rescheduled_from" in p.message]
    assert bool(warnings) == case.warned
    if warnings:
        assert warnings[0].path == "series/2021/sessions/auftakt.md" and warnings[0].line == 3
        assert "2021-10-05 14:00" in warnings[0].message and "rescheduled_from: [2021-10-05 14:00]" in warnings[0].hint


def test_the_warning_ends_once_the_move_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "p", {"auftakt": session(), "zweite": session("Zweite", "2021-10-12 14:00")})
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    project.write("series/2021/sessions/auftakt.md", session(start="2021-10-06 14:00"))
    committed(project.root, "verschoben", "2021-06-02T10:00:00Z")
    project.write("series/2021/sessions/zweite.md", session("Zweite, neu", "2021-10-12 14:00"))
    committed(project.root, "anderes", "2021-06-03T10:00:00Z")
    problems, _ = checked(project.root, monkeypatch)
    assert not [p for p in problems.warnings if "rescheduled_from" in p.message]


def test_git_mv_without_alias_redirects_the_old_page_and_keeps_the_uid(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project: Project = new_project(tmp_path / "p")
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    git(project.root, "mv", "series/2021/sessions/auftakt.md", "series/2021/sessions/neuer-auftakt.md",
        when="2021-06-02T10:00:00Z")
    committed(project.root, "umbenannt", "2021-06-02T10:00:00Z")
    problems, content = checked(project.root, monkeypatch)
    assert not problems.has_errors
    assert [s.uid_key for s in content.sessions] == ["2021-auftakt"]
    files = {f.path: f.data for f in core.build_site(content_settings(project), content,
                                                  core.BuildInputs(core.date(2021, 9, 1))).files}
    assert b"neuer-auftakt" in files["2021/auftakt/index.html"]
    assert b"UID:2021-auftakt@reihe.example.org" in files["2021/auftakt.ics"]


def test_check_reads_the_history_it_is_handed_instead_of_git(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    git(project.root, "mv", "series/2021/sessions/auftakt.md", "series/2021/sessions/neuer-auftakt.md",
        when="2021-06-02T10:00:00Z")
    committed(project.root, "umbenannt", "2021-06-02T10:00:00Z")
    settings = content_settings(project)
    content = core.check(settings, Problems(), core.BuildInputs(history=HistoryReader(project.root)))  # none, as outside git
    assert [s.uid_key for s in content.sessions] == ["2021-neuer-auftakt"], "the rename is unknown without history"
    assert content.history is not None and not content.history.touched


def content_settings(project: Project) -> core.Settings:
    return core.load_settings(project.root / "mkdocs.yml", Problems())


@pytest.mark.parametrize("years", [1, 2])
def test_history_costs_three_git_processes_whatever_its_length(tmp_path: Path, years: int) -> None:
    from bench.history import committed_project, measure

    root = tmp_path / "project"
    commits = committed_project(root, years, edits=1)
    assert commits > 12 * years
    cold, without, warm = measure(root / "mkdocs.yml")
    assert [(run.git_processes, run.sessions) for run in (cold, without, warm)] == [
        (3, 12 * years), (0, 12 * years), (3, 12 * years)]


def test_a_file_git_sees_as_deleted_and_added_keeps_its_uid_through_its_alias(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "p", {"auftakt": session("Auftakt", abstract="Kurz.")})
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    project.remove("series/2021/sessions/auftakt.md")
    rewritten = session("Eröffnung der Reihe mit neuem Programm", "2021-10-05 14:00", extra="aliases: [auftakt]",
                        abstract="Ein ganz anderer, viel längerer Text. " * 20)
    project.write("series/2021/sessions/eroeffnung.md", rewritten)
    committed(project.root, "neu geschrieben", "2021-06-02T10:00:00Z")
    log = git(project.root, "log", "-1", "-M", "--name-status", "--format=", when="2021-06-02T10:00:00Z")
    assert log.startswith("D\t") or "\nD\t" in log  # git itself sees no rename here
    problems, content = checked(project.root, monkeypatch)
    assert not problems.has_errors
    (only,) = content.sessions
    assert only.uid_key == "2021-auftakt" and only.sequence == 1  # the title changed once


@dataclass(frozen=True)
class Dated:
    id: str
    seconds: str
    """The committer time exactly as written into the commit object."""


WRONGLY_DATED = [
    Dated("year-33658", "1000000000000"),
    Dated("year-2500", "16725225600"),
    Dated("beyond-any-integer-type", "99999999999999999999999"),
    Dated("before-1970", "-1000"),
]


def _commit_dated(root: Path, seconds: str) -> str:
    """A commit of the working tree whose time git's porcelain would refuse: written as a raw object."""
    git(root, "add", "-A", when="2021-06-02T10:00:00Z")
    tree = git(root, "write-tree", when="2021-06-02T10:00:00Z").strip()
    parent = git(root, "rev-parse", "HEAD", when="2021-06-02T10:00:00Z").strip()
    body = (f"tree {tree}\nparent {parent}\nauthor T <t@example.org> {seconds} +0000\n"
            f"committer T <t@example.org> {seconds} +0000\n\nfalsch datiert\n")
    commit = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"], cwd=root,
                            input=body, capture_output=True, text=True, check=True).stdout.strip()
    git(root, "update-ref", "HEAD", commit, when="2021-06-02T10:00:00Z")
    return commit


@pytest.mark.parametrize("case", WRONGLY_DATED, ids=lambda case: case.id)
def test_a_commit_dated_outside_1970_to_tomorrow_builds_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Dated) -> None:
    project = new_project(tmp_path / "p")
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    project.write("series/2021/sessions/auftakt.md", session(start="2021-10-06 14:00",
                                                            extra="rescheduled_from: [2021-10-05 14:00]"))
    commit = _commit_dated(project.root, case.seconds)
    problems, _ = checked(project.root, monkeypatch)
    assert not problems.errors, [str(p) for p in problems.errors]
    warned = [p for p in problems.warnings if commit[:12] in p.message]
    assert [p.path for p in warned] == ["series/2021/sessions/auftakt.md"], [str(p) for p in problems]
    assert "außerhalb von 1970 bis morgen" in warned[0].message


def test_a_build_after_a_commit_from_the_year_33658_ends_well(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    committed(project.root, "eins", "2021-06-01T10:00:00Z")
    project.write("series/2021/sessions/auftakt.md", session(start="2021-10-05 15:00"))
    committed(project.root, "zukunft", "@1000000000000 +0000")
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--today", "2021-09-01"],
                            cwd=project.root, capture_output=True, text=True, env=env)
    assert result.returncode == 0 and "Programmfehler" not in result.stderr, result.stderr
    stamps = [line for line in (project.root / "site/calendar.ics").read_text().splitlines()
              if line.startswith(("DTSTAMP", "LAST-MODIFIED"))]
    assert stamps and all(line.split(":")[1][:4] < "2100" for line in stamps), stamps


# ------------------------------------------------------------------ one reader for every version


def closed_with(text: str, closing: str) -> str:
    """A session file whose front matter ends with `closing` instead of `---`."""
    head, body = text.split("\n---\n", 1)
    return f"{head}\n{closing}\n{body}"


def published_story(root: Path, closing: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, int], list]:
    """SEQUENCE of every event and the feed's entries after a move and a new title, each its own commit."""
    project = new_project(root, {"auftakt": closed_with(session(), closing)})
    git(root, "init", "-q", "-b", "main", when=NOON)
    committed(root, "Programm", "2021-06-01T10:00:00Z")
    moved = session(start="2021-10-06 14:00", extra="rescheduled_from: [2021-10-05 14:00]")
    for name, when, text in [("verschoben", "2021-06-02T10:00:00Z", moved),
                             ("neuer Titel", "2021-06-03T10:00:00Z", moved.replace("Auftakt", "Neuer Auftakt")),
                             ("wieder verschoben", "2021-06-04T10:00:00Z",
                              moved.replace("2021-10-06 14:00", "2021-10-07 14:00"))]:
        project.write("series/2021/sessions/auftakt.md", closed_with(text, closing))
        committed(root, name, when)
    files = publish(root, monkeypatch)
    entries = [(re.sub(r"/[0-9a-f]{12}$", "/<commit>", id_), *rest) for id_, *rest in feed_entries(files["feed.xml"])]
    return {uid: copy.sequence for uid, copy in events(files["calendar.ics"]).items()}, entries


@pytest.mark.parametrize("closing", ["...", "...  ", "---  "])
def test_a_front_matter_closed_with_dots_has_the_same_history(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, closing: str) -> None:
    """YAML's `...` ends the front matter as `---` does, in the current file and in every past version."""
    dashes = published_story(tmp_path / "dashes", "---", monkeypatch)
    assert dashes[0] == {"2021-auftakt@reihe.example.org": 3}  # three changes after the first publication
    assert len([entry for entry in dashes[1] if entry[1].startswith("Verschoben")]) == 2
    assert published_story(tmp_path / "other", closing, monkeypatch) == dashes
