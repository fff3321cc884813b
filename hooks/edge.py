"""What the hooks take from outside before the core runs: the build's inputs, the settings.

`build.py` reads the inputs itself and starts the run; plain `mkdocs build`
reads SERIES_TODAY, SOURCE_DATE_EPOCH and the last commit here, at the
edge, and nowhere else (series_publisher/inputs.py).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from series_publisher.problems import Problem
from series_publisher.inputs import TODAY_VARIABLE, BuildInputs, hand_to_site_generator, read_inputs
from series_publisher.text import GenderStarExtension


def inputs(config: MkDocsConfig) -> BuildInputs:
    """SERIES_TODAY, SOURCE_DATE_EPOCH (else the last commit's time), read once for this build.

    SOURCE_DATE_EPOCH also goes to the environment unless it is set: MkDocs
    dates sitemap.xml.gz by it, never by the build clock.
    """
    try:
        read = read_inputs(Path(config.config_file_path).parent.resolve(), os.environ)
    except ValueError:
        raise Abort(f"{TODAY_VARIABLE}={os.environ.get(TODAY_VARIABLE)!r} ist kein Datum im Format JJJJ-MM-TT, "
                    "z. B. 2026-10-01.") from None
    hand_to_site_generator(read, os.environ)
    return read


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
