"""What the hooks take from outside before the core runs: the reference date, the timestamps, the settings.

`build.py` passes its --today itself; plain `mkdocs build` reads
SERIES_TODAY here, at the edge, and nowhere else.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from series_publisher.problems import Problem
from series_publisher.text import GenderStarExtension
from series_publisher.timestamps import TODAY_VARIABLE, pin_source_date_epoch, pinned_today


def today(config: MkDocsConfig) -> date | None:
    """SERIES_TODAY, or None for today; pins the build's timestamps to the project's last commit."""
    pin_source_date_epoch(Path(config.config_file_path).parent.resolve())
    try:
        return pinned_today(os.environ)
    except ValueError:
        raise Abort(f"{TODAY_VARIABLE}={os.environ.get(TODAY_VARIABLE)!r} ist kein Datum im Format JJJJ-MM-TT, "
                    "z. B. 2026-10-01.") from None


def settings_problem(config: MkDocsConfig) -> str | None:
    """Why this configuration cannot build the site, or None."""
    if not config.use_directory_urls:
        return "use_directory_urls: false wird nicht unterstützt (die Seiten verlinken /jahr/kurzname/)."
    return None


def add_gender_star(config: MkDocsConfig) -> None:
    """„Kolleg*innen und Referent*innen" stays that, not italics (series_publisher/text.py)."""
    if not any(isinstance(item, GenderStarExtension) for item in config.markdown_extensions):
        config.markdown_extensions.append(GenderStarExtension())


def report(problems: Sequence[Problem], reporter: Callable[[list[Problem]], None] | None,
           log: logging.Logger) -> None:
    """The content's problems: printed by build.py as `check` prints them, else logged.

    Content warnings are logged at INFO: they must not fail a --strict build.
    """
    if reporter is not None:
        reporter(list(problems))
        return
    for problem in problems:
        (log.error if problem.is_error else log.info)(str(problem))
