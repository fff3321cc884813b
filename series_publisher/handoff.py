"""Start the core's work early, and hand its results to whoever builds the site.

`build.py` starts the work before it even imports MkDocs; the hooks then take
the same run instead of starting their own, so importing the content model
and reading series/ overlap with MkDocs' own start-up on the second core.
Plain `mkdocs build` starts it from the hooks. Under `serve` the work runs
in-process, where the parsed-file cache survives between rebuilds.

What a build takes from outside (the reference date, SOURCE_DATE_EPOCH,
the last commit's time: inputs.py) travels as one argument: `build.py`
hands its `BuildInputs` to `start` or `serve`, the hooks hand a way to read
theirs (at that edge, only when no run was started) to `take`. The forked
child receives them with the job, never through the environment.

Light on purpose: the parent process needs only this module, background.py
and output.py to receive the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .background import Background
from .inputs import BuildInputs
from .output import MorePages, PageContents, PageData, Prepared, PreparedFiles
from .problems import Problem


@dataclass(frozen=True)
class Request:
    """How every run for one configuration is to be made."""

    inputs: BuildInputs
    """What the build takes from outside, read once at the edge."""
    inline: bool
    """Run in-process (`serve`, whose rebuilds share a warm cache)."""


_started: dict[str, "Preparation"] = {}
"""Runs `build.py build` began, waiting for the hooks of the same process."""
_requests: dict[str, Request] = {}
"""What `build.py serve` asked for every rebuild of a configuration."""


class Preparation:
    """One core run for one build: the page list first, then the page data, then the other files."""

    def __init__(self, config_file: Path, request: Request) -> None:
        self._run = Background(lambda: _prepare(config_file, request), inline=request.inline)
        self._prepared: Prepared | None = None
        self._contents: PageContents | None = None
        self._complete = False
        self.reporter: Callable[[list[Problem]], None] | None = None
        """Who prints the content's problems when they arrive (build.py, as `check` does); None: the hooks log them."""

    def pages(self) -> Prepared:
        """Which pages there are, and every content problem."""
        if self._prepared is None:
            self._prepared = self._run.next()
        return self._prepared

    def first_contents(self) -> PageContents:
        """What the theme shows on every page and the hand-written pages' own data (only after `pages`,
        and only without errors): rendering can begin. The generated pages' data follows (`page`),
        the home page's last (`contents`)."""
        if self._contents is None:
            self._contents = self._run.next()
        return self._contents

    def page(self, src_uri: str) -> PageData | None:
        """A page's data, waiting only until it has arrived (the core sends them in the order of `pages`)."""
        contents = self.first_contents()
        while src_uri not in contents.pages and self._take_more():
            pass
        while self._run.ready() and self._take_more():
            pass  # and whatever else has come: a full pipe would stop the core before the files
        return contents.pages.get(src_uri)

    def contents(self) -> PageContents:
        """What every page shows, waiting for the last page."""
        while self._take_more():
            pass
        return self.first_contents()

    def _take_more(self) -> bool:
        """Add the next part of the page data; False when none follows."""
        contents = self.first_contents()
        if self._complete:
            return False
        more: MorePages = self._run.next()
        contents.pages.update(more.pages)
        contents.home = more.home if more.home is not None else contents.home
        self._complete = more.last
        return True

    def files(self) -> PreparedFiles:
        """Calendars, feed, photos, PDFs (after every page's data)."""
        self.contents()
        return self._run.last()

    def ready(self) -> bool:
        """Whether the next step is there (a site generator may do other work until it is)."""
        return self._run.ready()

    def cancel(self) -> None:
        self._run.cancel()


def _prepare(config_file: Path, request: Request) -> Iterator[Prepared | PageContents | MorePages | PreparedFiles]:
    # Imported here: in a child, the parent never loads the content model.
    from .site import prepare

    yield from prepare(config_file, request.inputs, files_in_background=request.inline, in_child=not request.inline)


def _key(config_file: Path) -> str:
    return str(Path(config_file).resolve())


def start(config_file: Path, inputs: BuildInputs) -> Preparation:
    """Begin now, in a child process; the hooks of the same process will take this run."""
    preparation = Preparation(config_file, Request(inputs, inline=False))
    _started[_key(config_file)] = preparation
    return preparation


def serve(config_file: Path, inputs: BuildInputs) -> None:
    """Every later run for this configuration in this process: in-process, with these inputs."""
    _requests[_key(config_file)] = Request(inputs, inline=True)


def take(config_file: Path, inputs: Callable[[], BuildInputs], inline: bool = False) -> Preparation:
    """The run `start` began for this configuration, else a new one.

    A new run follows what `serve` asked for, else `inputs()` (read only
    then: a started run has its own) and `inline`.
    """
    key = _key(config_file)
    started = _started.pop(key, None)
    if started is not None:
        return started
    return Preparation(config_file, _requests.get(key) or Request(inputs(), inline))
