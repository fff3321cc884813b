"""Results kept in memory for `serve`: one entry per source file, replaced when the file changes.

`serve` rebuilds after every save, in one process. Resizing a photo or
cleaning an image costs far more than hashing it, so each result is kept
under its source's path with the digest of the bytes it was made from: an
unchanged file is not made again, and a changed one replaces its entry
instead of adding one, so memory follows the files there are, not every
version ever saved (content.py keeps its parsed files the same way).
"""

from __future__ import annotations

import hashlib
from typing import Callable


class LastVersion:
    """For each key (a source path), the result made from its last bytes."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, bytes]] = {}

    def get(self, key: str, raw: bytes, make: Callable[[bytes], bytes]) -> bytes:
        """`make(raw)`, or what it gave for these same bytes under `key` last time. Nothing is kept when it raises."""
        digest = hashlib.sha256(raw).hexdigest()
        found = self._entries.get(key)
        if found is None or found[0] != digest:
            found = self._entries[key] = (digest, make(raw))
        return found[1]

    def __len__(self) -> int:
        return len(self._entries)
