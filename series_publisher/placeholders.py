"""Template text an editor has not replaced yet: „Beschreibung folgt.“, `https://…`.

The scaffolds (`build.py new …`) write such placeholders so that a new file
passes `check`; the schedule then warns wherever one is still in place, with
the file and line, so it never reaches the public unnoticed. A site can make
them errors (`extra.series.fail_on_placeholders: true`) for its publishing build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from .sources import KeyPath, SourceFile

_WHOLE = re.compile(r"^(?:[\wÄÖÜäöüß]+ ){0,4}folgt\.?$", re.IGNORECASE)
"""A line that is only „… folgt.“ (real prose goes on after the verb: „Dann folgt ein Vortrag.“)."""
_ANYWHERE = re.compile(r"\b(?:TODO|TBA|TBD|XXX|Lorem ipsum)\b|https?://…")


@dataclass(frozen=True)
class Placeholder:
    line: int
    key: str
    """The key (`title`, `summary` …) or "" for the Markdown text below the front matter."""
    text: str
    """The placeholder line, as typed."""


def _found(text: str) -> str | None:
    stripped = text.strip()
    if _WHOLE.match(stripped):
        return stripped
    match = _ANYWHERE.search(stripped)
    return stripped if match else None


def _values(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _values(value, path + (index,))


def placeholders(source: SourceFile) -> list[Placeholder]:
    """Every placeholder in one file: in its values (with their lines) and in its Markdown body."""
    found: list[Placeholder] = []
    document = source.document
    for path, value in _values(document.data, ()):
        key = ".".join(str(part) for part in path if isinstance(part, str))
        lines = value.split("\n")
        for offset, line in enumerate(lines):
            text = _found(line)
            if text:
                # A block value (`summary: |`) starts on the line below its key.
                found.append(Placeholder(document.line(path) + (offset + 1 if len(lines) > 1 else 0), key, text))
    for offset, line in enumerate(source.body.split("\n")):
        text = _found(line)
        if text:
            found.append(Placeholder(source.body_line + offset, "", text))
    return found
