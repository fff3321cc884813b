"""Problems found in the editors' content, collected as values.

Loading never stops at the first mistake: every stage appends `Problem`s to a
`Problems` list, and the caller decides what to do (print them all, fail the
build on errors, log warnings). An editor fixes everything in one round trip.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal

Severity = Literal["error", "warning"]

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe for a terminal or a CI log: control and direction characters shown as \\xNN / \\uNNNN.

    Messages quote what others wrote (a feed's SUMMARY, a file name, a YAML
    value); an escape sequence there would recolour, hide or rewrite the log.
    """
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in one file."""

    path: str
    """The file, relative to the project root, with forward slashes."""

    line: int | None
    """1-based line in that file, where the YAML node gives one."""

    message: str
    """What is wrong, in the editor's words."""

    hint: str | None = None
    """How to fix it, e.g. the nearest allowed key or the expected format."""

    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        """The report's line; every part escaped with `printable` (a message may quote anything)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "Fehler" if self.is_error else "Warnung"
        text = f"{where}: {label}: {self.message}"
        return printable(f"{text} — {self.hint}" if self.hint else text)


@dataclass
class Problems:
    """An ordered collection of problems, appended to by every stage."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.items.append(Problem(path, line, message, hint, "error"))

    def warning(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.items.append(Problem(path, line, message, hint, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def sorted(self) -> list[Problem]:
        """Errors and warnings by file and line, so the report reads top to bottom."""
        return sorted(self.items, key=lambda p: (p.path, p.line or 0, p.severity, p.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A German hint naming the nearest choice, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"meinten Sie „{close[0]}“?" if close else None
