"""What reading git history costs a build: 20 years, committed as editors would.

    python -m bench.history [--years 20] [--edits 4]

Writes the benchmark project, then commits it the slow way: one commit per
year with its theme and sessions, then `--edits` commits per session
(title, time, cancellation, un-cancellation) and a rename every tenth session.
Then times `site.check` — which reads the history (history.py) — against the
same content with no history handed in (`check(…, BuildInputs(history=HistoryReader(root)))`),
and counts the git processes: a child process does the checks, with a `git`
first on its PATH that notes each call and runs the real one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from series_publisher import site
from series_publisher.history import HistoryReader
from series_publisher.inputs import BuildInputs
from series_publisher.problems import Problems

from .corpus import make_corpus
from .files import GIT_ENV, REPO, session_file, write_series_project



def _git(root: Path, *args: str, when: int) -> None:
    env = GIT_ENV | {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_AUTHOR_DATE": f"@{when} +0000",
                     "GIT_COMMITTER_DATE": f"@{when} +0000"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def committed_project(root: Path, years: int, edits: int) -> int:
    """The project with a long history; returns the number of commits."""
    corpus = make_corpus(years)
    write_series_project(corpus, root, git=False)
    series = root / "series"
    hidden = root.parent / "hidden"
    shutil.move(series, hidden)
    when, commits = 1_600_000_000, 0
    _git(root, "init", "-q", "-b", "main", when=when)
    (series / "speakers").parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(hidden / "speakers", series / "speakers")
    _git(root, "add", "-A", when=when)
    _git(root, "commit", "-q", "-m", "Start", when=when)
    commits += 1
    for number, year in enumerate(corpus.years):
        shutil.copytree(hidden / str(year.year), series / str(year.year))
        when += 86_400
        _git(root, "add", "-A", when=when)
        _git(root, "commit", "-q", "-m", f"Jahr {year.year}", when=when)
        commits += 1
        for index, session in enumerate(year.sessions):
            path = series / str(year.year) / "sessions" / f"{session.slug}.md"
            for edit in range(edits):
                text = session_file(session)
                if edit % 2 == 0:
                    text = text.replace("title: \"", f"title: \"({edit}) ", 1)
                else:
                    text = text.replace(f"start: {session.start:%Y-%m-%d} ", f"start: {session.start:%Y-%m-%d} ", 1)
                    text = text.replace(f"\nend: {session.end}", "\nend: 23:59", 1)
                path.write_text(text, encoding="utf-8")
                when += 3_600
                _git(root, "commit", "-q", "-am", "edit", when=when)
                commits += 1
            if index % 10 == 9:
                when += 3_600
                _git(root, "mv", str(path), str(path.with_name(f"{session.slug}-neu.md")), when=when)
                _git(root, "commit", "-q", "-m", "rename", when=when)
                commits += 1
    return commits


@dataclass(frozen=True)
class CheckRun:
    """One `site.check` of the project."""

    seconds: float
    """Wall clock."""
    cpu_s: float
    """This process and its finished children: steadier than wall time on a busy machine."""
    git_processes: int
    sessions: int


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _calls(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.is_file() else 0


def timed_check(config: Path, with_history: bool, git_log: Path) -> CheckRun:
    """`site.check` with its own git history, or with none handed in; `git_log` is the counting git's log."""
    problems = Problems()
    settings = site.load_settings(config, problems)
    assert settings is not None, "the benchmark project has valid settings"
    history = None if with_history else HistoryReader(settings.root)
    calls, begin, cpu = _calls(git_log), time.perf_counter(), _cpu()
    content = site.check(settings, problems, BuildInputs(history=history))
    seconds, cpu = time.perf_counter() - begin, _cpu() - cpu
    return CheckRun(seconds, cpu, _calls(git_log) - calls, len(content.sessions))


COUNTING_GIT = '#!/bin/sh\necho "$*" >> {log}\nexec {git} "$@"\n'
"""A `git` that notes each call in a log, then runs the real one."""


def measure(config: Path) -> list[CheckRun]:
    """In a fresh process: check with history (cold, nothing parsed yet, as in CI), without, with again."""
    with tempfile.TemporaryDirectory() as folder:
        shim, log = Path(folder) / "bin", Path(folder) / "git-calls"
        shim.mkdir()
        real = shutil.which("git") or "/usr/bin/git"
        (shim / "git").write_text(COUNTING_GIT.format(log=shlex.quote(str(log)), git=shlex.quote(real)), encoding="utf-8")
        (shim / "git").chmod(0o755)
        env = dict(os.environ, PATH=f"{shim}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}")
        result = subprocess.run([sys.executable, "-m", "bench.history", "--measure", str(config), str(log)],
                                cwd=REPO, env=env, capture_output=True, text=True, check=True)
    return [CheckRun(**row) for row in json.loads(result.stdout)]


def _measure_here(config: Path, log: Path) -> None:
    runs = [timed_check(config, True, log), timed_check(config, False, log), timed_check(config, True, log)]
    print(json.dumps([asdict(run) for run in runs]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--edits", type=int, default=4)
    parser.add_argument("--measure", nargs=2, type=Path, metavar=("CONFIG", "GIT_LOG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure_here(*args.measure)
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        commits = committed_project(root, args.years, args.edits)
        cold, without, warm = measure(root / "mkdocs.yml")
        print(f"{args.years} Jahre, {warm.sessions} Veranstaltungen, {commits} Commits, "
              f"{warm.git_processes} git-Prozesse\n"
              f"  check im frischen Prozess (mit Geschichte): {cold.seconds:.2f} s, CPU {cold.cpu_s:.2f} s\n"
              f"  danach ohne Geschichte: {without.seconds:.2f} s, CPU {without.cpu_s:.2f} s\n"
              f"  danach mit Geschichte:  {warm.seconds:.2f} s, CPU {warm.cpu_s:.2f} s")


if __name__ == "__main__":
    main()
