"""What a build takes from outside the project's files: read once, at the edge, and passed down.

The reference date, SOURCE_DATE_EPOCH and the last commit's time come from
the command line, the environment and git. `build.py` and the hooks
(hooks/edge.py) read them here, once per build, into one `BuildInputs`,
which travels as an argument: through handoff.py into the core's child
process, to `site.check`, `site.prepare`, the page builder, the calendars'
and the PDFs' file times. No other module of the core reads an environment
variable, and none starts a process while it makes the page data
(tests/test_inputs.py holds both).

Light on purpose: build.py reads this before it starts the core's child
process, and must not load the content model for it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, MutableMapping

from .timestamps import commit_time, latest_commit_second

if TYPE_CHECKING:
    from .history import HistoryReader

TODAY_VARIABLE = "SERIES_TODAY"
"""Environment variable that pins the reference date (YYYY-MM-DD)."""
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
"""Seconds since 1970 that date what git cannot (reproducible-builds.org); MkDocs dates sitemap.xml.gz by it."""


@dataclass(frozen=True)
class BuildInputs:
    """Everything one build takes from outside the project's files."""

    today: date | None = None
    """The pinned reference date (`--today`, SERIES_TODAY); None: today in the series' zone."""
    source_date_epoch: datetime | None = None
    """SOURCE_DATE_EPOCH as set in the environment, else the last commit's time: dates a file git does not know."""
    last_commit: datetime | None = None
    """The last commit's time (clamped); None outside git."""
    history: HistoryReader | None = None
    """The git history as the caller has it (`HistoryReader(root)`: none, as outside git);
    None: history.py reads it from git, while the content loads."""

    @property
    def last_change(self) -> datetime | None:
        """The last commit's time, else SOURCE_DATE_EPOCH: the accessibility statement's default date."""
        return self.last_commit or self.source_date_epoch



def read_inputs(root: Path, environ: Mapping[str, str], today: date | None = None) -> BuildInputs:
    """The inputs of a build of the project at `root`; `today` as the edge read it (else SERIES_TODAY).

    SOURCE_DATE_EPOCH set in the environment wins (unreadable: none); unset,
    it is the last commit's time, never the build clock. ValueError for a
    malformed SERIES_TODAY.
    """
    commit = last_commit_time(root)
    epoch = _epoch(environ[EPOCH_VARIABLE]) if EPOCH_VARIABLE in environ else commit
    return BuildInputs(today if today is not None else pinned_today(environ), epoch, commit)


def hand_to_site_generator(inputs: BuildInputs, environ: MutableMapping[str, str]) -> None:
    """SOURCE_DATE_EPOCH into the edge's `environ` unless it is set: MkDocs dates sitemap.xml.gz by it.

    The one value that must travel through the environment, because MkDocs
    reads it there; the core never does.
    """
    if inputs.source_date_epoch is not None:
        environ.setdefault(EPOCH_VARIABLE, str(int(inputs.source_date_epoch.timestamp())))


def pinned_today(environ: Mapping[str, str]) -> date | None:
    """The reference date SERIES_TODAY pins; ValueError if malformed."""
    value = environ.get(TODAY_VARIABLE, "").strip()
    return date.fromisoformat(value) if value else None


def _epoch(value: str) -> datetime | None:
    value = value.strip()
    return datetime.fromtimestamp(int(value), timezone.utc) if value.isdigit() else None


def last_commit_time(root: Path) -> datetime | None:
    """Time of the last commit (clamped); None outside git."""
    try:
        seconds = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, check=True, capture_output=True,
                                 text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = commit_time(seconds, latest_commit_second())
    return found[0] if found else None
