"""A build that is killed leaves nothing behind but the last good site.

Each case kills a real `build.py build` while it writes into its staging
folder (its core child process is running then), and checks what an editor
would: no process of the build is left, site/ is the site of the last good
build, and the next build removes every leftover folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from series_publisher import sitedir

from .projects import REPO, Project, _env, copy_project, new_project, session

SESSIONS = 40
"""Enough sessions that the core's child is still at work when the kill comes."""


@dataclass(frozen=True)
class Kill:
    id: str
    signal: int


KILLS = [Kill("sigterm", signal.SIGTERM), Kill("sigint", signal.SIGINT), Kill("sigkill", signal.SIGKILL)]


def _project(root: Path):
    sessions = {f"termin-{n:02d}": session(title=f"Termin {n}", start=f"2021-10-{1 + n % 28:02d} {10 + n % 10}:00",
                                           end=f"{10 + n % 10}:45", abstract="Ein Abstract. " * 200)
                for n in range(SESSIONS)}
    return new_project(root, sessions=sessions)


def _session_members(sid: int) -> list[int]:
    """Processes whose session is `sid` (the build and everything it started)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


@pytest.fixture(scope="module")
def last_good(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project after its last good build, built once; each kill gets a copy."""
    project = _project(tmp_path_factory.mktemp("last-good") / "p")
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("kill", KILLS, ids=lambda k: k.id)
def test_a_killed_build_leaves_no_process_and_the_last_good_site(last_good: Project, tmp_path: Path,
                                                                 kill: Kill) -> None:
    project = copy_project(last_good, tmp_path / "p")
    good = _site_files(project.root / "site")
    project.write("series/2021/sessions/termin-00.md", session(title="Geändert", start="2021-10-01 10:00",
                                                               end="10:45"))
    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "build"], cwd=project.root,
                             env=_env("2021-09-01", None), start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(lambda: _leftovers(project.root) or build.poll() is not None, 60)
        assert build.poll() is None, "the build ended before it could be killed: make the project bigger"
        assert len(_session_members(build.pid)) >= 2, "the core's child process should be running"
        os.kill(build.pid, kill.signal)
        _, stderr = build.communicate(timeout=60)
        assert _wait_for(lambda: not _session_members(build.pid), 10), (
            f"processes left behind: {_session_members(build.pid)}")
    finally:
        for pid in _session_members(build.pid):
            os.kill(pid, signal.SIGKILL)
    assert build.returncode != 0
    assert "Traceback" not in stderr
    assert _site_files(project.root / "site") == good, "site/ must stay the last good site"
    assert project.run("build").returncode == 0
    assert _leftovers(project.root) == [], "the next build removes what the killed one left"
    assert "Geändert" in (project.root / "site/2021/termin-00/index.html").read_text(encoding="utf-8")


def test_a_site_set_aside_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    """Killed between the swap's two renames: site/ is missing, its last good copy waits beside it."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    aside = tmp_path / f".site-old-{dead}"
    aside.mkdir()
    (aside / "index.html").write_text("letzte gute Seite", encoding="utf-8")
    half = tmp_path / f".site-new-{dead}-abc"
    half.mkdir()
    removed = sitedir.sweep(tmp_path / "site")
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "letzte gute Seite"
    assert removed == [half] and _leftovers(tmp_path) == []


def test_folders_of_a_running_build_are_left_alone(tmp_path: Path) -> None:
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        busy = tmp_path / f".site-new-{running.pid}-abc"
        busy.mkdir()
        assert sitedir.sweep(tmp_path / "site") == []
        assert busy.is_dir()
    finally:
        running.kill()
        running.wait()
