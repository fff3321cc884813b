"""Work on the second core: results and failures come back to the build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from series_publisher.background import Background, BackgroundError

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("inline", [False, True])
def test_values_come_back_in_order(inline):
    data = {"calendar.ics": b"x" * 1_000_000}  # larger than a pipe's buffer

    def job():
        yield "pages"
        yield data

    run = Background(job, inline=inline)
    assert run.next() == "pages"
    assert run.next() == data


@pytest.mark.parametrize("inline", [False, True])
def test_failure_in_the_job_is_raised(inline):
    def broken():
        yield "pages"
        raise RuntimeError("kaputt")

    run = Background(broken, inline=inline)
    assert run.next() == "pages"
    with pytest.raises((BackgroundError, RuntimeError), match="kaputt"):
        run.next()


def test_a_child_may_start_a_job_of_its_own():
    """The core's child checks the Leichte-Sprache texts in a child of its own."""
    def inner():
        yield os.getpid()

    def outer():
        grandchild = Background(inner)
        yield (os.getpid(), grandchild.last())

    child, grandchild = Background(outer).last()
    assert len({os.getpid(), child, grandchild}) == 3


def test_the_last_value_leaves_no_child_behind():
    run = Background(lambda: iter(["only"]))
    pid = run.pid
    assert run.last() == "only"
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie under `serve`


def test_asking_past_the_end_is_an_error():
    def one():
        yield 1

    run = Background(one)
    assert run.next() == 1
    with pytest.raises(BackgroundError, match="ended"):
        run.next()


def test_cancel_stops_a_child_whose_values_are_never_read():
    import time

    def slow():
        time.sleep(30)
        yield None

    run = Background(slow)
    started = time.monotonic()
    run.cancel()
    assert time.monotonic() - started < 5
    with pytest.raises(BackgroundError):
        run.next()


CANCEL_UNDER_HANDLERS = """
import signal, sys, time
sys.path.insert(0, {repo!r})
from series_publisher.background import Background

def stop(signum, frame):
    raise KeyboardInterrupt
signal.signal(signal.SIGTERM, stop)  # as build.py does, before the core's child is forked

def job():
    for _ in range(3):
        yield b"x" * 1_000_000  # more than a pipe holds: the child blocks until someone reads

run = Background(job)
run.next()
time.sleep(0.5)  # the child is now blocked on the second value
started = time.monotonic()
run.cancel()
print(round(time.monotonic() - started, 2))
"""


def test_cancel_ends_a_blocked_child_although_the_parent_turns_sigterm_into_an_exception():
    """build.py makes SIGTERM a KeyboardInterrupt; the forked core must not inherit that and then wait
    for ever to report it into a pipe the parent no longer reads (a content error found in on_files)."""
    result = subprocess.run([sys.executable, "-c", CANCEL_UNDER_HANDLERS.format(repo=str(REPO))],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr[-2000:]
    assert float(result.stdout) < 5


PARENT = """
import sys, time
sys.path.insert(0, {repo!r})
from series_publisher.background import Background

def job():
    yield b"x" * 1_000_000  # more than a pipe holds: the child blocks until someone reads
    time.sleep(60)
    yield None

run = Background(job)
print(run.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads processes from /proc (Linux)")
def test_the_child_dies_when_its_parent_is_killed():
    """SIGKILL gives the parent no chance to clean up; the child must not stay blocked forever."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT.format(repo=str(Path(__file__).parent.parent))],
                              stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert Path(f"/proc/{child}").exists()
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the forked child outlived its parent"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
