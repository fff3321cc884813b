"""Run a job on the second core while the site generator does its own work.

A plain MkDocs build keeps one of the machine's cores idle. The job is a
generator: a forked child runs it and sends each value it yields through a
pipe as soon as it is ready, so the parent can take the page data early and
the calendars later. Where fork does not exist (Windows), or when asked to,
the job runs in the calling process instead, lazily, value by value.

The child is a bare `os.fork` (multiprocessing's pipe, not its Process): a
child may then start a job of its own (the core's child checks the
Leichte-Sprache texts in one), which multiprocessing forbids its daemonic
processes. The child never outlives its parent: on Linux the kernel kills it
when the parent dies (PR_SET_PDEATHSIG), whatever killed the parent, SIGKILL
included; elsewhere it stops at its next send, because it closes its copy of
the pipe's reading end and so writes into a pipe nobody can read. It ends
with `os._exit`, running none of the parent's exit handlers.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import traceback
from typing import Any, Callable, Iterator

_PR_SET_PDEATHSIG = 1


class Background:
    """`job()` yields values; `next()` returns them in order (or re-raises the job's error)."""

    def __init__(self, job: Callable[[], Iterator[Any]], inline: bool = False) -> None:
        self._inline: Iterator[Any] | None = None
        self._pid: int | None = None
        if inline or not hasattr(os, "fork"):
            self._inline = job()
            return
        self._receive, send = multiprocessing.Pipe(duplex=False)
        parent = os.getpid()
        sys.stdout.flush()  # else the child's copy of a buffer could be written twice
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _run(job, send, self._receive, parent)  # never returns
        self._pid = pid
        send.close()

    def next(self) -> Any:
        if self._inline is not None:
            return next(self._inline)
        if self._pid is None:
            raise BackgroundError("no more values: the job has ended")
        try:
            kind, value = self._receive.recv()
        except EOFError:
            kind, value = "error", "the background job ended without a result"
        if kind != "value":
            self.cancel()
        if kind == "error":
            raise BackgroundError(value)
        if kind == "end":
            raise BackgroundError("no more values: the job has ended")
        return value

    def last(self) -> Any:
        """The next value, when the caller wants no more: the child is then stopped and reaped."""
        value = self.next()
        self.cancel()
        return value

    def ready(self) -> bool:
        """Whether `next()` would return without waiting for the child (in-process: always)."""
        if self._inline is not None or self._pid is None:
            return True
        return self._receive.poll()

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (tests check that it ends)."""
        return self._pid

    def cancel(self) -> None:
        """Stop the child; its remaining values will not be read."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGTERM)
            except ProcessLookupError:
                pass  # it has ended already
            os.waitpid(self._pid, 0)
            self._receive.close()
            self._pid = None
        self._inline = None


class BackgroundError(RuntimeError):
    """The job failed in the child; the message carries its traceback."""


def _die_with_parent(parent: int) -> None:
    """Ask the kernel for SIGKILL when the parent ends (Linux); then make sure it has not already ended."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the closed pipe below still ends the child at its next send
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _default_signals() -> None:
    """SIGTERM and SIGINT end the child at once, whatever the parent made of them.

    build.py turns SIGTERM into a KeyboardInterrupt, and Python into one for
    SIGINT; a child that inherited that would, on `cancel`, try to report the
    interruption into a pipe its parent no longer reads, and wait for ever
    (the parent waits for it in `cancel`). The child has nothing to clean up:
    it writes no site, and kept.py writes each entry whole or not at all.
    """
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)


def _run(job: Callable[[], Iterator[Any]], send: Any, receive: Any, parent: int) -> None:
    """The child's whole life: run the job, send every value, then leave without the parent's exit handlers."""
    code = 0
    try:
        receive.close()  # else the child itself keeps the pipe readable, and blocks forever once the parent is gone
        _default_signals()
        _die_with_parent(parent)
        for value in job():
            send.send(("value", value))
        send.send(("end", None))
    except BaseException:  # noqa: BLE001 - everything must reach the parent
        code = 1
        try:
            send.send(("error", traceback.format_exc()))
        except OSError:
            pass  # the parent is gone: nobody to tell
    finally:
        try:
            send.close()
        finally:
            os._exit(code)
