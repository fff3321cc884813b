"""Run one job on the second core while the site generator renders pages.

A plain MkDocs build keeps one of the machine's cores idle. The calendars,
the Atom feed and the resized portraits depend on the content alone, so a
forked child computes them from the already loaded content (nothing is
re-read or re-parsed) and sends the result back through a pipe. Where fork
does not exist (Windows), the job simply runs in the calling process.
"""

from __future__ import annotations

import multiprocessing
import traceback
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`job()` in a forked child; `result()` waits for it (or re-raises its error)."""

    def __init__(self, job: Callable[[], T]) -> None:
        self._value: T | None = None
        self._process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._value = job()
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(job, send), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> T:
        if self._process is None:
            return self._value  # type: ignore[return-value]
        try:
            ok, value = self._receive.recv()  # before join: a large result fills the pipe
        except EOFError:
            ok, value = False, "the background job ended without a result"
        finally:
            self._process.join()
            self._receive.close()
            self._process = None
        if not ok:
            raise BackgroundError(value)
        self._value = value
        return value


    def cancel(self) -> None:
        """Stop the child when its result will never be read (a failed build)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._process = None


class BackgroundError(RuntimeError):
    """The job failed in the child; the message carries its traceback."""


def _run(job: Callable[[], object], send) -> None:
    try:
        send.send((True, job()))
    except BaseException:  # noqa: BLE001 - everything must reach the parent
        send.send((False, traceback.format_exc()))
    finally:
        send.close()
