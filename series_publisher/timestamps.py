"""When each source file last changed: from git, never from the build clock.

One `git log` call reads the last commit time of every file under a folder;
calling git once per file is what makes such builds slow. Fallbacks, in order:
SOURCE_DATE_EPOCH, then the file's modification time.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Mapping

TODAY_VARIABLE = "SERIES_TODAY"
"""Environment variable that pins the reference date (YYYY-MM-DD); read only at the edges."""


def git_file_times(root: Path, folder: Path) -> dict[str, datetime]:
    """Last commit time per file (paths relative to `root`), newest commit wins."""
    try:
        toplevel = _git(root, "rev-parse", "--show-toplevel").strip()
        output = _git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", str(folder))
    except (OSError, subprocess.CalledProcessError):
        return {}
    times: dict[str, datetime] = {}
    top = Path(toplevel)
    current: datetime | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = datetime.fromtimestamp(int(line[1:]), timezone.utc)
        elif line and current is not None:
            try:
                shown = (top / line).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
            times.setdefault(shown, current)
    return times


def last_commit_time(root: Path) -> datetime | None:
    """Time of the last commit, for SOURCE_DATE_EPOCH; None outside git."""
    try:
        return datetime.fromtimestamp(int(_git(root, "log", "-1", "--format=%ct").strip()), timezone.utc)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return None


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


class FileTimes:
    """Modification times of the editors' files, resolved once per build."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        self.git = git_file_times(root, folder)
        self.epoch = source_date_epoch()

    def __call__(self, shown_path: str) -> datetime:
        """Git, else SOURCE_DATE_EPOCH, else mtime — truncated to whole seconds."""
        if shown_path in self.git:
            return self.git[shown_path]
        if self.epoch is not None:
            return self.epoch
        mtime = (self.root / shown_path).stat().st_mtime
        return datetime.fromtimestamp(int(mtime), timezone.utc)

