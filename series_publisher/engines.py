"""Which program turns the pages into a site: MkDocs (the default), ProperDocs or Zensical.

Material for MkDocs gets no fixes after 2027-05-05 and MkDocs 1.x none since
2024; the two successors build the same site from the same content:

    mkdocs      MkDocs 1.6 + Material, through the hooks (hooks/series.py)
    properdocs  ProperDocs, the maintained fork of MkDocs 1.x, through the same
                hooks: every `mkdocs.*` import is redirected to it
    zensical    Zensical, Material's successor: it runs no hooks, so the core
                writes the whole site as a plain project first (staging.py)
                and Zensical builds that

The optional engines are pinned in requirements-engines.txt. Whatever the
engine, build.py replaces site/ whole or not at all (sitedir.py) and reports
the content's problems the same way, from the same core run.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import sitedir
from .inputs import BuildInputs
from .theme_html import patch_site
from .problems import Problem

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT = "mkdocs"
SERVES = ("mkdocs", "properdocs")
"""Engines with a live preview that follows edits under series/ (Zensical's would show the staged copy)."""
REQUIREMENTS = "requirements-engines.txt"
_MODULE = {"mkdocs": "mkdocs", "properdocs": "properdocs", "zensical": "zensical"}
ZENSICAL_THEME_LEFT_OUT = ("partials/search.html",)
"""Material 9's search form with an accessible name: Zensical's search is a button that opens a dialog
its own script builds, which this form would replace."""
ZENSICAL_THEME_ADDED = "overrides-zensical"
"""Overrides for Zensical only, beside mkdocs.yml: the navigation trimmed per page, the table of contents of
pages staged as HTML (see its partials/nav-item.html and toc.html)."""


class EngineError(Exception):
    """The engine cannot run here; `message` says in German what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def require(engine: str) -> None:
    """Stop with one German sentence when the engine's package is missing."""
    if importlib.util.find_spec(_MODULE[engine]) is None:
        raise EngineError(f"Das Programm „{engine}“ ist nicht installiert – bitte einmal "
                          f"„.venv/bin/pip install -r {REQUIREMENTS}“ ausführen.")


def use_properdocs() -> None:
    """From now on every `mkdocs.*` import in this process loads ProperDocs instead (properdocs/replacement.py).

    Only before MkDocs itself was imported: the hooks and build.py then run
    on ProperDocs unchanged.
    """
    require("properdocs")
    loaded = sys.modules.get("mkdocs")
    if loaded is not None and not loaded.__name__.startswith("properdocs"):
        raise EngineError("MkDocs ist in diesem Prozess schon geladen – ProperDocs bitte in einem neuen Aufruf "
                          "von build.py verwenden.")
    import properdocs.replacement  # noqa: F401 - the import is the switch


@dataclass(frozen=True)
class Staged:
    """What a staged build reports back: the content's problems, and why it stopped, if it did."""

    problems: list[Problem]
    stopped: str | None = None
    """None: the site is in place. Else what to tell the editor (content errors: "", they were reported)."""


def build_staged(config_file: Path, target: Path, inputs: BuildInputs,
                 report: Callable[[list[Problem]], None]) -> Staged:
    """The core's run written as a plain project, built by Zensical, swapped in for `target` on success.

    The project and Zensical's output live in one `.site-new-…` folder beside
    `target`, which sitedir.sweep removes if this process is killed.
    """
    from .settings import read_mkdocs_yml
    from .site import prepare
    from .staging import CoreRun, ThemeChanges, collect, write_project

    require("zensical")
    run = collect(prepare(config_file, inputs))
    outline = run.outline if isinstance(run, CoreRun) else run
    problems = list(outline.problems) + (list(run.files.problems) if isinstance(run, CoreRun) else [])
    report(problems)
    if not isinstance(run, CoreRun) or run.files.problems:
        return Staged(problems, "")
    target = target.resolve()
    sitedir.sweep(target)
    folder = sitedir.staging_dir(target)
    try:
        project = write_project(config_file, read_mkdocs_yml(config_file), run, folder,
                                ThemeChanges(ZENSICAL_THEME_LEFT_OUT, _zensical_overrides(config_file)))
        _zensical(project)
        patch_site(folder / "site")
        sitedir.swap_in(folder / "site", target)
    except Exception as exc:  # noqa: BLE001 - Zensical raises RuntimeError; any failure leaves site/ as it was
        return Staged(problems, "Abgebrochen: " + (str(exc).strip().splitlines()[-1] if str(exc).strip()
                                                    else type(exc).__name__))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Staged(problems)


def _zensical_overrides(config_file: Path) -> Path | None:
    """The project's own overrides-zensical/, else this repository's (tests build throwaway projects)."""
    for root in (config_file.parent.resolve(), Path(__file__).resolve().parent.parent):
        folder = root / ZENSICAL_THEME_ADDED
        if folder.is_dir():
            return folder
    return None


def _zensical(project: Path) -> None:
    """Zensical's own build, strict: a warning (a link that leads nowhere) stops it."""
    import zensical

    zensical.build(str(project), {"clean": False, "strict": True})
