"""Output kept between builds, in a private folder under `$TMPDIR`, never in the repository.

Some files cost real time to make and depend on nothing but their input: a
programme PDF takes Typst about 30 ms of CPU a year, and a site of twenty
years would pay that on every build although past years never change. Kept
under the digest of everything it is made from, such a file is made once per
machine, and a build with it gives the same bytes as a build without.

Like Jinja's cache of compiled templates (hooks/templates.py): one folder per
user (`_series-publisher-<uid>`, mode 0700), refused when anyone else owns it
or may write into it; entries are written whole or not at all; beyond
`LIMIT` entries the longest unused go. Without such a folder (no uid, a
read-only $TMPDIR), nothing is kept and everything is made every time.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

LIMIT = 512
"""Entries kept (a programme PDF is about 60 KB: some 30 MB at most)."""


def folder() -> Path | None:
    """The user's private folder, made if missing; None when there is none to be had safely."""
    if not hasattr(os, "getuid"):
        return None
    path = Path(tempfile.gettempdir()) / f"_series-publisher-{os.getuid()}"
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # a link, or a folder someone else could have filled
    return path


def fetch(name: str) -> bytes | None:
    """The entry kept under `name` (a digest and a suffix), or None."""
    where = folder()
    if where is None:
        return None
    try:
        data = (where / name).read_bytes()
        os.utime(where / name)  # used: the last to go
    except OSError:
        return None
    return data


def keep(name: str, data: bytes) -> None:
    """Keep `data` under `name`; quietly nothing when the folder cannot take it."""
    where = folder()
    if where is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".writing-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, where / name)  # whole or not at all, also with a build killed meanwhile
        _trim(where)
    except OSError:
        return


def _trim(where: Path) -> None:
    """The longest unused entries beyond LIMIT go, and what a killed build left half-written."""
    now = time.time()
    for entry in where.glob(".writing-*"):
        if now - entry.stat().st_mtime > 3600:
            entry.unlink(missing_ok=True)
    entries = [entry for entry in where.iterdir() if not entry.name.startswith(".")]
    if len(entries) <= LIMIT:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime)
    for entry in entries[: len(entries) - LIMIT]:
        entry.unlink(missing_ok=True)
