"""German for the MkDocs log lines an editor sees while `build.py` builds or previews.

Like click_de.py for click: the command line speaks German, so MkDocs' own
English ("Building documentation...", "Serving on …") is translated on its
way to the terminal, and the level names with it. One line is dropped: the
warning that a "dirty" build is being performed, which MkDocs prints on every
save under `serve`, where build.py asks for exactly that (only the changed
pages are rebuilt; see hooks/series.py). Lines not listed here keep their
text (messages about MkDocs plugins an editor never configures); the known
frame of a configuration error ("Config value 'x': …") is German. Only text:
this module imports nothing of MkDocs.
"""

from __future__ import annotations

import logging
import re
from typing import Callable

_Replace = Callable[[re.Match[str]], str]

_TIME = r"(\[\d\d:\d\d:\d\d\] )?"
"""`serve` puts the time in front of its own lines."""

MESSAGES: list[tuple[re.Pattern[str], _Replace | None]] = [
    (re.compile(r"A 'dirty' build is being performed"), None),
    (re.compile(r"^Building documentation\.\.\.$"), lambda m: "Die Seite wird gebaut …"),
    (re.compile(r"^Cleaning site directory$"), lambda m: "Der Zielordner wird geleert."),
    (re.compile(r"^Building documentation to directory: (.*)$"), lambda m: f"Die Seite wird gebaut in: {m[1]}"),
    (re.compile(r"^Documentation built in ([\d.]+) seconds$"),
     lambda m: f"Gebaut in {m[1].replace('.', ',')} Sekunden."),
    (re.compile(rf"^{_TIME}Watching paths for changes: (.*)$"),
     lambda m: f"{m[1] or ''}Änderungen werden beobachtet in: {m[2]}"),
    (re.compile(rf"^{_TIME}Serving on (\S+)$"), lambda m: f"{m[1] or ''}Vorschau unter {m[2]}"),
    (re.compile(rf"^{_TIME}Detected file changes$"), lambda m: f"{m[1] or ''}Änderung bemerkt"),
    (re.compile(rf"^{_TIME}Reloading browsers$"), lambda m: f"{m[1] or ''}Der Browser lädt die Seite neu"),
    (re.compile(rf"^{_TIME}Shutting down\.\.\.$"), lambda m: f"{m[1] or ''}Die Vorschau wird beendet."),
    (re.compile(r"^Config value '([^']+)': (.*)$", re.S),
     lambda m: f"mkdocs.yml, Einstellung „{m[1]}“: {m[2]}"),
    (re.compile(r"^Aborted with a configuration error!$"), lambda m: "Abgebrochen: ein Fehler in mkdocs.yml."),
    (re.compile(r"^Aborted with (\d+) warnings? in strict mode!$"),
     lambda m: f"Abgebrochen: {m[1]} {'Warnung' if m[1] == '1' else 'Warnungen'} im strengen Modus (--strict)."),
]
"""MkDocs' English → German, or None to drop the line."""

LEVELS = {"DEBUG": "Debug", "INFO": "Info", "WARNING": "Warnung", "ERROR": "Fehler", "CRITICAL": "Fehler"}


def german(text: str) -> str | None:
    """The German for one MkDocs message; the text itself where none is known; None to drop it."""
    for pattern, replace in MESSAGES:
        match = pattern.search(text)
        if match:
            return replace(match) if replace else None
    return text


def german_record(record: logging.LogRecord) -> bool:
    """A logging filter: translates the record in place, False for a dropped line."""
    text = german(record.getMessage())
    if text is None:
        return False
    record.msg, record.args = text, ()
    record.levelname = LEVELS.get(record.levelname, record.levelname)
    return True


def install() -> None:
    """Translate every line that reaches the root logger's handlers (call after logging.basicConfig)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(german_record)
