"""Run a job on the second core while the site generator does its own work.

A plain MkDocs build keeps one of the machine's cores idle. The job is a
generator: a forked child runs it and sends each value it yields through a
pipe as soon as it is ready, so the parent can take the page data early and
the calendars later. Where fork does not exist (Windows), or when asked to,
the job runs in the calling process instead, lazily, value by value.

The child never outlives its parent: on Linux the kernel kills it when the
parent dies (PR_SET_PDEATHSIG), whatever killed the parent, SIGKILL
included; elsewhere it stops at its next send, because it closes its copy of
the pipe's reading end and so writes into a pipe nobody can read.
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
        self._process = None
        self._inline: Iterator[Any] | None = None
        if inline or "fork" not in multiprocessing.get_all_start_methods():
            self._inline = job()
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(job, send, self._receive, os.getpid()), daemon=True)
        self._process.start()
        send.close()

    def next(self) -> Any:
        if self._inline is not None:
            return next(self._inline)
        if self._process is None:
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

    def ready(self) -> bool:
        """Whether `next()` would return without waiting for the child (in-process: always)."""
        if self._inline is not None or self._process is None:
            return True
        return self._receive.poll()

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (tests check that it ends)."""
        return self._process.pid if self._process is not None else None

    def cancel(self) -> None:
        """Stop the child; its remaining values will not be read."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._process = None
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


def _run(job: Callable[[], Iterator[Any]], send: Any, receive: Any, parent: int) -> None:
    receive.close()  # else the child itself keeps the pipe readable, and blocks forever once the parent is gone
    _die_with_parent(parent)
    try:
        for value in job():
            send.send(("value", value))
        send.send(("end", None))
    except BaseException:  # noqa: BLE001 - everything must reach the parent
        try:
            send.send(("error", traceback.format_exc()))
        except OSError:
            pass  # the parent is gone: nobody to tell
    finally:
        send.close()
