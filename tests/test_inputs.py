"""What a build takes from outside is read once, at the edge, and handed down (series_publisher/inputs.py).

The core reads no environment variable, starts a process only in the few
modules whose job that is, and none while it makes the page data; a
SOURCE_DATE_EPOCH the user sets still dates what git cannot.
"""

from __future__ import annotations

import ast
import os
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from series_publisher import handoff
from series_publisher.inputs import BuildInputs, read_inputs
from series_publisher.output import MorePages, PageContents, PreparedFiles
from series_publisher.site import prepare

from .projects import REPO, new_project
from .test_calendars import git, prop

CORE = REPO / "series_publisher"

STARTS_PROCESSES = {
    "inputs": "git log -1: the last commit's time, read by the edges (build.py, hooks/edge.py)",
    "history": "git rev-parse, log, cat-file: the history, read while `check` loads the content",
    "signvideo": "ffprobe: size and frame rate of the sign-language videos, during `check`",
    "background": "the forked child that runs the core beside MkDocs",
}
"""The only modules of the core that may start a process, and why; none of them while the page data is made."""

ENVIRONMENT = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
PROCESS_CALLS = {"system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp", "execv", "execve", "execvp",
                 "execvpe", "execl", "execle", "execlp", "execlpe", "spawnv", "spawnve", "spawnl", "spawnle"}
PROCESS_MODULES = {"subprocess", "multiprocessing", "pty", "concurrent.futures.process"}


def _uses(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(environment names, process starters) a module's code uses from `os`, or imports."""
    environment, processes = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os":
            environment |= {node.attr} & ENVIRONMENT
            processes |= {f"os.{node.attr}"} if node.attr in PROCESS_CALLS else set()
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            environment |= {alias.name for alias in node.names} & ENVIRONMENT
            processes |= {f"os.{alias.name}" for alias in node.names if alias.name in PROCESS_CALLS}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            processes |= {name for name in names if name.split(".")[0] in PROCESS_MODULES or name in PROCESS_MODULES}
    return environment, processes


def _core_modules() -> dict[str, ast.AST]:
    return {path.relative_to(CORE).with_suffix("").as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(CORE.rglob("*.py"))}


def test_no_module_of_the_core_reads_or_writes_the_environment() -> None:
    found = {name: sorted(_uses(tree)[0]) for name, tree in _core_modules().items() if _uses(tree)[0]}
    assert found == {}, "read it at the edge (build.py, hooks/edge.py) into BuildInputs and pass it down"


def test_only_the_named_modules_start_processes() -> None:
    found = {name: sorted(_uses(tree)[1]) for name, tree in _core_modules().items() if _uses(tree)[1]}
    assert set(found) <= set(STARTS_PROCESSES), {name: found[name] for name in set(found) - set(STARTS_PROCESSES)}
    assert set(found) == set(STARTS_PROCESSES), f"no longer starts a process: {set(STARTS_PROCESSES) - set(found)}"


@pytest.mark.parametrize("code", ["import os\nos.environ.get('X')\n", "from os import getenv\n",
                                  "import subprocess\n", "import os\nos.system('true')\n"],
                         ids=["os.environ", "getenv", "subprocess", "os.system"])
def test_the_checks_see_what_they_look_for(code: str) -> None:
    environment, processes = _uses(ast.parse(code))
    assert environment or processes


class NoProcess(Exception):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NoProcess(f"a process was started: {args[:2]}")


def test_the_page_data_is_made_without_starting_a_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "project")
    git(project.root, "init", "-q", "-b", "main", when="2021-06-01T10:00:00Z")
    git(project.root, "add", "-A", when="2021-06-01T10:00:00Z")
    git(project.root, "commit", "-q", "-m", "eins", when="2021-06-01T10:00:00Z")
    steps = prepare(project.root / "mkdocs.yml", read_inputs(project.root, {}, date(2021, 9, 1)))
    assert not next(steps).has_errors  # check: git log runs here
    monkeypatch.setattr(subprocess.Popen, "__init__", _refuse)
    monkeypatch.setattr(os, "fork", _refuse)
    pages: dict[str, object] = {}
    for step in steps:  # the page data: PageContents, then MorePages up to the last
        pages |= step.pages
        if isinstance(step, MorePages) and step.last:
            break
    statement = pages["barrierefreiheit/index.md"].context
    assert "1. Juni 2021" in statement["prepared"], "the statement is dated by the last commit, handed in"


@dataclass(frozen=True)
class Case:
    id: str
    environ: dict[str, str] = field(default_factory=dict)
    committed: str | None = None
    """When the project's one commit was made; None: no git."""
    epoch: int | None = None
    """SOURCE_DATE_EPOCH as the build uses it."""
    last_change: int | None = None
    """What dates the accessibility statement."""
    today: date | None = None


COMMIT = "2021-06-01T10:00:00Z"
COMMIT_SECONDS = 1622541600
USER_EPOCH = 1633000000

CASES = [
    Case("git alone: the last commit dates everything", committed=COMMIT, epoch=COMMIT_SECONDS,
         last_change=COMMIT_SECONDS),
    Case("the user's SOURCE_DATE_EPOCH wins for files, the commit for the statement", {"SOURCE_DATE_EPOCH": "1633000000"},
         committed=COMMIT, epoch=USER_EPOCH, last_change=COMMIT_SECONDS),
    Case("outside git: the user's SOURCE_DATE_EPOCH", {"SOURCE_DATE_EPOCH": " 1633000000\n"}, epoch=USER_EPOCH,
         last_change=USER_EPOCH),
    Case("an unreadable SOURCE_DATE_EPOCH counts as none", {"SOURCE_DATE_EPOCH": "gestern"}, committed=COMMIT,
         last_change=COMMIT_SECONDS),
    Case("outside git, nothing set: nothing", {}),
    Case("SERIES_TODAY pins the reference date", {"SERIES_TODAY": "2021-09-01"}, today=date(2021, 9, 1)),
]


def _seconds(moment: datetime | None) -> int | None:
    return int(moment.timestamp()) if moment is not None else None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_edge_reads_the_inputs(tmp_path: Path, case: Case) -> None:
    tmp_path.joinpath("mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    if case.committed:
        git(tmp_path, "init", "-q", when=case.committed)
        git(tmp_path, "add", "-A", when=case.committed)
        git(tmp_path, "commit", "-q", "-m", "x", when=case.committed)
    inputs = read_inputs(tmp_path, case.environ)
    assert (_seconds(inputs.source_date_epoch), _seconds(inputs.last_change), inputs.today) == (
        case.epoch, case.last_change, case.today)


def test_a_malformed_series_today_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        read_inputs(tmp_path, {"SERIES_TODAY": "1.9.2021"})


def test_the_child_gets_the_inputs_as_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = new_project(tmp_path / "project")  # outside git: the calendars are dated by SOURCE_DATE_EPOCH
    epoch = datetime.fromtimestamp(USER_EPOCH, timezone.utc)
    inputs = BuildInputs(date(2021, 9, 1), source_date_epoch=epoch)
    run = handoff.Preparation(project.root / "mkdocs.yml", handoff.Request(inputs, inline=False))
    try:
        assert not run.pages().has_errors
        run.contents()
        files = run.files()
    finally:
        run.cancel()
    assert isinstance(files, PreparedFiles)
    calendar = next(item.data for item in files.files if item.path == "calendar.ics")
    assert prop(calendar, "2021-auftakt@reihe.example.org", "DTSTAMP") == "20210930T110640Z"
    assert "SOURCE_DATE_EPOCH" not in os.environ, "the core writes nothing into the environment"
