"""When each source file last changed: from git, never from the build clock.

history.py reads the last change of every file in one `git log` (calling git
once per file is what makes such builds slow). Fallbacks, in order:
SOURCE_DATE_EPOCH, then the file's modification time.
"""

from __future__ import annotations

import os
import subprocess
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Mapping

TODAY_VARIABLE = "SERIES_TODAY"
"""Environment variable that pins the reference date (YYYY-MM-DD); read only at the edges."""


def latest_commit_second() -> int:
    """The last second a commit may plausibly carry: now + 1 day (the one clock read for commit times)."""
    return int(time.time()) + 86400


def commit_time(seconds: str, latest: int) -> tuple[datetime, bool] | None:
    """A commit time within 1970 … `latest`, and whether it had to be moved there; None: no number.

    Anyone can write any time into a commit (the year 33658 is beyond what a
    datetime holds); the history and SOURCE_DATE_EPOCH both clamp it here.
    """
    try:
        value = int(seconds.strip())
    except ValueError:
        return None
    kept = min(max(value, 0), latest)
    return datetime.fromtimestamp(kept, timezone.utc), kept != value


def last_commit_time(root: Path) -> datetime | None:
    """Time of the last commit (clamped), for SOURCE_DATE_EPOCH; None outside git."""
    try:
        seconds = _git(root, "log", "-1", "--format=%ct")
    except (OSError, subprocess.CalledProcessError):
        return None
    found = commit_time(seconds, latest_commit_second())
    return found[0] if found else None


def pin_source_date_epoch(root: Path) -> None:
    """Set SOURCE_DATE_EPOCH from the last commit unless it is set.

    sitemap.xml(.gz) carry a build date and files outside git fall back to it:
    take it from git, never from the build clock. Set before the core's child
    process starts, so both see the same value.
    """
    if "SOURCE_DATE_EPOCH" not in os.environ:
        commit = last_commit_time(root)
        if commit is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(int(commit.timestamp()))


def source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(value), timezone.utc) if value.isdigit() else None


def pinned_today(environ: Mapping[str, str]) -> date | None:
    """The reference date SERIES_TODAY pins, for the edges (plain `mkdocs build`); ValueError if malformed."""
    value = environ.get(TODAY_VARIABLE, "").strip()
    return date.fromisoformat(value) if value else None


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


FileTime = Callable[[str], datetime]
"""When a source file (path relative to the project) last changed: a `FileTimes`, or a stand-in in tests."""


class FileTimes:
    """Modification times of the editors' files, resolved once per build."""

    def __init__(self, root: Path, git: dict[str, datetime]) -> None:
        self.root = root
        self.git = git
        """Last change per path (relative to `root`) on the publishing branch, from history.py."""
        self.epoch = source_date_epoch()

    def __call__(self, shown_path: str) -> datetime:
        """Git, else SOURCE_DATE_EPOCH, else mtime — truncated to whole seconds."""
        if shown_path in self.git:
            return self.git[shown_path]
        if self.epoch is not None:
            return self.epoch
        try:
            mtime = (self.root / shown_path).stat().st_mtime
        except OSError:  # e.g. mkdocs.yml under another name: it does not hold event text then
            return datetime.fromtimestamp(0, timezone.utc)
        return datetime.fromtimestamp(int(mtime), timezone.utc)

