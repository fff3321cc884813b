"""What reading git history costs a build: 20 years, committed as editors would.

    python -m bench.history [--years 20] [--edits 4]

Writes the benchmark project, then commits it the slow way: one commit per
year with its theme and sessions, then `--edits` commits per session
(title, time, cancellation, un-cancellation) and a rename every tenth session.
Then times `site.check` — which reads the history (history.py) — against the
same content with history switched off, and counts the git processes.
"""

from __future__ import annotations

import argparse
import resource
import contextlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator
from unittest import mock

from series_publisher import history, site
from series_publisher.problems import Problems

from .generate import _path, make_corpus, session_file, write_series_project

ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "Bench",
       "GIT_COMMITTER_EMAIL": "b@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def _git(root: Path, *args: str, when: int) -> None:
    env = dict(ENV, PATH=_path(), GIT_AUTHOR_DATE=f"@{when} +0000", GIT_COMMITTER_DATE=f"@{when} +0000")
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


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


def _cpu() -> float:
    """CPU seconds of this process and its finished children: steadier than wall time on a busy machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_check(config: Path, with_history: bool) -> tuple[float, int, int, float]:
    """Wall seconds for site.check, git processes started, sessions checked, CPU seconds."""
    started = []
    real_popen = subprocess.Popen

    class CountingPopen(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **options):
            if args and args[0] == "git":
                started.append(args)
            super().__init__(args, *rest, **options)

    problems = Problems()
    settings = site.load_settings(config, problems)
    no_history = mock.patch.object(site, "start_history", lambda *a, **k: history.HistoryReader(Path(".")))
    # subprocess.run starts its process through Popen too: one count per git process.
    with mock.patch.object(subprocess, "Popen", CountingPopen), (no_history if not with_history else _nothing()):
        begin, cpu = time.perf_counter(), _cpu()
        content = site.check(settings, problems)
        seconds, cpu = time.perf_counter() - begin, _cpu() - cpu
    return seconds, len(started), len(content.sessions), cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--edits", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        commits = committed_project(root, args.years, args.edits)
        config = root / "mkdocs.yml"
        cold, _, _, cold_cpu = timed_check(config, True)  # a fresh process: nothing parsed yet (CI)
        without, _, sessions, without_cpu = timed_check(config, False)
        with_history, processes, _, with_cpu = timed_check(config, True)
        print(f"{args.years} Jahre, {sessions} Veranstaltungen, {commits} Commits, {processes} git-Prozesse\n"
              f"  check im frischen Prozess (mit Geschichte): {cold:.2f} s, CPU {cold_cpu:.2f} s\n"
              f"  danach ohne Geschichte: {without:.2f} s, CPU {without_cpu:.2f} s\n"
              f"  danach mit Geschichte:  {with_history:.2f} s, CPU {with_cpu:.2f} s")


if __name__ == "__main__":
    main()
