"""Run a job on the second core while the site generator does its own work.

A plain MkDocs build keeps one of the machine's cores idle. The job is a
generator: a forked child runs it and sends each value it yields through a
pipe as soon as it is ready, so the parent can take the page data early and
the calendars later. Where fork does not exist (Windows), or when asked to,
the job runs in the calling process instead, lazily, value by value.
"""

from __future__ import annotations

import multiprocessing
import traceback
from typing import Any, Callable, Iterator


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
        self._process = context.Process(target=_run, args=(job, send), daemon=True)
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


def _run(job: Callable[[], Iterator[Any]], send: Any) -> None:
    try:
        for value in job():
            send.send(("value", value))
        send.send(("end", None))
    except BaseException:  # noqa: BLE001 - everything must reach the parent
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()
