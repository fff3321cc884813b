"""Start the core's work early, and hand its results to whoever builds the site.

`build.py` starts the work before it even imports MkDocs; the hooks then take
the same run instead of starting their own, so importing the content model
and reading series/ overlap with MkDocs' own start-up on the second core.
Plain `mkdocs build` starts it from the hooks. Under `mkdocs serve` the work
runs in-process, where the parsed-file cache survives between rebuilds.

Light on purpose: the parent process needs only this module, background.py
and output.py to receive the results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .background import Background
from .output import Prepared

TODAY_VARIABLE = "SERIES_TODAY"
"""Environment variable that pins the reference date (YYYY-MM-DD)."""

_started: dict[str, "Preparation"] = {}
inline = False
"""Run in-process (set for `mkdocs serve`, whose rebuilds share a warm cache)."""


class Preparation:
    """One core run for one build: the page data first, the other files later."""

    def __init__(self, config_file: Path, today: str | None) -> None:
        self._run = Background(lambda: _prepare(config_file, today, inline), inline=inline)
        self._prepared: Prepared | None = None
        self.problems_reported = False
        """Set by whoever printed the content's problems (build.py), so the hooks do not log them again."""

    def pages(self) -> Prepared:
        if self._prepared is None:
            self._prepared = self._run.next()
        return self._prepared

    def files(self) -> Any:
        return self._run.next()

    def cancel(self) -> None:
        self._run.cancel()


def _prepare(config_file: Path, today: str | None, in_process: bool) -> Iterator[Any]:
    from .site import prepare  # in the child: the parent never imports the content model

    yield from prepare(config_file, today, files_in_background=in_process)


def _key(config_file: Path) -> str:
    return str(Path(config_file).resolve())


def start(config_file: Path, today: str | None = None) -> Preparation:
    """Begin now; the hooks of the same process will take this run."""
    preparation = Preparation(config_file, today)
    _started[_key(config_file)] = preparation
    return preparation


def take(config_file: Path) -> Preparation:
    """The run `start` began for this configuration, or a new one."""
    return _started.pop(_key(config_file), None) or Preparation(config_file, None)
