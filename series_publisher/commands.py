"""What build.py's `check` and `build` do, without the command line.

build.py is click wiring over this module, as `mkdocs/__main__.py` is over
`mkdocs.commands`: options in, German lines out. Here is the policy: what a
check compares and when the published calendar may be missing, how a build
runs with each engine and when site/ is replaced (sitedir.py), what the
editors read when something stops. Nothing here prints; the lines go to
whoever called, problems to `report` as soon as the core has them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engines, handoff, sitedir
from .inputs import BuildInputs
from .problems import Problem, Problems, printable

Report = Callable[[list[Problem]], None]
"""Prints the content's problems (every one so far) the moment the core has them."""


@dataclass
class Loaded:
    """The settings and the content of one project, with every problem found reading them."""

    problems: Problems
    settings: Any | None = None
    """settings.Settings; None when mkdocs.yml is missing or wrong."""
    content: Any | None = None
    """content.Content; None without settings."""


def load(config_file: Path, inputs: BuildInputs = BuildInputs(), settings_only: bool = False) -> Loaded:
    """Read mkdocs.yml, then (unless `settings_only`) check the content, as every command does first."""
    from .site import check, load_settings

    loaded = Loaded(Problems())
    if not config_file.is_file():
        loaded.problems.error(str(config_file), None, "die Konfigurationsdatei fehlt",
                              "im Projektordner aufrufen (dort, wo mkdocs.yml liegt) oder -f angeben")
        return loaded
    loaded.settings = load_settings(config_file, loaded.problems)
    if loaded.settings is not None and not settings_only:
        loaded.content = check(loaded.settings, loaded.problems, inputs)
    return loaded


def count(problems: Problems) -> str:
    """The closing count, the same in `check` and `build`: "0 Fehler, 3 Warnungen."."""
    warnings = len(problems.warnings)
    return f"{len(problems.errors)} Fehler, {warnings} {'Warnung' if warnings == 1 else 'Warnungen'}."


def balance_lines(content: Any) -> list[str]:
    """One line per year: how many academic and practical contributions (cancelled ones and files with errors not counted)."""
    from .schedule import balance

    lines = []
    for year in content.years:
        counts = balance(year)
        line = (f"Perspektiven {year.year}: {counts.academia} × Wissenschaft (academia), "
                f"{counts.practice} × Praxis (practice)")
        if counts.unset:
            line += f", {counts.unset} ohne Angabe"
        if counts.uncounted:
            line += f"; {counts.uncounted} mit Fehlern nicht gezählt"
        lines.append(line + (" – einseitig" if counts.leans else ""))
    return lines


def readability_lines(settings: Any) -> list[str]:
    """Readability of each page in Leichte Sprache (printed by check, never failing); none without settings."""
    if settings is None:
        return []
    from .easy_pages import readability_lines as lines

    return lines(settings)


@dataclass
class Comparison:
    """`check --previous`: what the published calendar showed, and what to tell the editor."""

    compared: Any | None = None
    """previous.Comparison, None when it was not compared (errors first, or nothing readable)."""
    notes: list[str] = field(default_factory=list)


def compare_with_published(loaded: Loaded, previous: str, first_publication: bool, built_site: Path) -> Comparison:
    """Compare with the published calendar; its problems join `loaded.problems`.

    An unreadable calendar is an error, except at the very first publication
    (`--first-publication`), which must be dropped once the calendar exists.
    """
    if loaded.content is None:
        return Comparison()
    if loaded.problems.has_errors:
        return Comparison(notes=["Abgleich mit dem veröffentlichten Kalender übersprungen: erst die Fehler beheben."])
    from .previous import check_previous

    found = Problems()
    compared = check_previous(previous, loaded.content, loaded.settings, found, built_site=built_site)
    if compared is None and first_publication:
        return Comparison(notes=[f"Erste Veröffentlichung: {previous} ist nicht lesbar, der Abgleich entfällt "
                                 "diesmal. Danach --first-publication wieder entfernen."])
    loaded.problems.extend(found)
    notes = (["Hinweis: der Kalender ist schon veröffentlicht – --first-publication entfernen."]
             if compared is not None and first_publication else [])
    return Comparison(compared, notes)


@dataclass
class Built:
    """How a build ended: the content's problems, and the lines to print when it stopped."""

    problems: Problems
    stopped: list[str] | None = None
    """None: site/ is the new site. Else what to print; site/ is as it was."""


def build(config_file: Path, target: Path, inputs: BuildInputs, engine: str, report: Report) -> Built:
    """Build with `engine` into a fresh folder beside `target`; swap it in only on success.

    MkDocs' --strict fails only after it has written every page, so building
    in place would leave a half-written site behind. The content's problems
    go to `report` as soon as the core has them, as `check` prints them, and
    not again by the hooks. Ctrl-C (KeyboardInterrupt) cleans up and goes on.
    """
    problems = Problems()

    def collect(found: list[Problem]) -> None:
        problems.extend(found)
        report(problems.sorted())

    target = target.resolve()
    if engine == "zensical":
        outcome = engines.build_staged(config_file, target, inputs, collect)
        return Built(problems, None if outcome.stopped is None else _stopped(problems, outcome.stopped, target))
    # The core starts now, on the second core, while MkDocs loads; the hooks take this run.
    preparation = handoff.start(config_file, inputs)
    preparation.reporter = collect
    reason = _mkdocs_build(config_file, target, preparation)
    return Built(problems, None if reason is None else _stopped(problems, reason, target))


def _stopped(problems: Problems, reason: str, target: Path) -> list[str]:
    """Content errors were printed with the count, like `check` does; anything else says what stopped."""
    return [count(problems) if problems.has_errors else printable(reason), f"{target} bleibt unverändert."]


def _mkdocs_build(config_file: Path, target: Path, preparation: handoff.Preparation) -> str | None:
    """MkDocs (or ProperDocs, once engines.use_properdocs ran) with --strict; None on success, else why not."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    sitedir.sweep(target)
    staging = sitedir.staging_dir(target)
    try:
        config = load_config(str(config_file), strict=True, site_dir=str(staging))
        mkdocs_build(config)
    except (MkDocsException, SystemExit, OSError) as exc:
        from .mkdocs_de import german  # MkDocs' own words, in German

        message = german(str(exc)) or "Abgebrochen."
        return _abandon(staging, preparation, message if message.startswith("Abgebrochen") else f"Abgebrochen: {message}")
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (build.py turns it into this)
        _abandon(staging, preparation, "")
        raise
    except Exception as exc:  # noqa: BLE001 - a bug of ours: still leave site/ as it was
        last = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        return _abandon(staging, preparation,
                        f"Abgebrochen wegen eines Programmfehlers ({last}); bitte mit dieser Ausgabe melden.")
    sitedir.swap_in(staging, target)
    return None


def _abandon(staging: Path, preparation: handoff.Preparation, reason: str) -> str:
    preparation.cancel()
    shutil.rmtree(staging, ignore_errors=True)
    return reason
