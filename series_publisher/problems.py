"""Problems found in the editors' content, collected as values.

Loading never stops at the first mistake: every stage appends `Problem`s to a
`Problems` list, and the caller decides what to do (print them all, fail the
build on errors, log warnings). An editor fixes everything in one round trip.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal

Severity = Literal["error", "warning"]


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
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "Fehler" if self.is_error else "Warnung"
        text = f"{where}: {label}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


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
