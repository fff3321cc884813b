"""The site folder is replaced whole, or not at all — even when a build is killed.

A build writes into a fresh `.site-new-<pid>-…` folder beside the target and
swaps it in only on success (MkDocs' --strict fails only after it has
written every page). The swap is two renames: the old site steps aside as
`.site-old-<pid>`, the new one takes its place. A build killed at any moment
(SIGKILL included, where no clean-up of its own can run) leaves at most
those folders behind; the next build restores the last good site if the
kill fell between the two renames, and removes the rest. Folders of a build
that is still running (its process id is alive) are left alone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_LEFTOVER = re.compile(r"^\.site-(new|old)-(\d+)(-.*)?$")


def staging_dir(target: Path) -> Path:
    """A new, empty folder beside `target` for this build to write into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".site-new-{os.getpid()}-", dir=target.parent))


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished build in place of the old site."""
    old = target.with_name(f".site-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def sweep(target: Path) -> list[Path]:
    """Restore a site that an interrupted swap left aside, and remove what dead builds left behind.

    Returns the folders removed.
    """
    removed = []
    if not target.parent.is_dir():
        return removed
    for path in sorted(target.parent.iterdir()):
        match = _LEFTOVER.match(path.name)
        if not match or not path.is_dir() or _alive(int(match.group(2))):
            continue
        if match.group(1) == "old" and not target.exists():
            path.rename(target)  # killed between the two renames: this is the last good site
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier build of this very process (serve, tests) ended long ago
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
