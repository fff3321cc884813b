"""When each source file last changed: from git, never from the build clock.

history.py reads the last change of every file in one `git log` (calling git
once per file is what makes such builds slow). Fallbacks, in order:
SOURCE_DATE_EPOCH (read at the edge, inputs.py, and handed in), then the
file's modification time.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable


def latest_commit_second() -> int:
    """The last second a commit may plausibly carry: now + 1 day (the one clock read for commit times)."""
    return int(time.time()) + 86400


def commit_time(seconds: str, latest: int) -> tuple[datetime, bool] | None:
    """A commit time within 1970 … `latest`, and whether it had to be moved there; None: no number.

    Anyone can write any time into a commit (the year 33658 is beyond what a
    datetime holds); the history and the last commit's time (inputs.py) both clamp it here.
    """
    try:
        value = int(seconds.strip())
    except ValueError:
        return None
    kept = min(max(value, 0), latest)
    return datetime.fromtimestamp(kept, timezone.utc), kept != value


FileTime = Callable[[str], datetime]
"""When a source file (path relative to the project) last changed: a `FileTimes`, or a stand-in in tests."""


class FileTimes:
    """Modification times of the editors' files, resolved once per build."""

    def __init__(self, root: Path, git: dict[str, datetime], epoch: datetime | None) -> None:
        self.root = root
        self.git = git
        """Last change per path (relative to `root`) on the publishing branch, from history.py."""
        self.epoch = epoch
        """SOURCE_DATE_EPOCH, else the last commit's time (`BuildInputs.source_date_epoch`)."""

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

