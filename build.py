#!/usr/bin/env python3
"""The editors' command line: check, build, serve — over the same core as the hooks.

    python build.py            validate, then build into site/ (same as `build`)
    python build.py check      validate only; report every problem at once
    python build.py serve      live preview that rebuilds when series/ changes

Exit status 0 or 1; content mistakes are messages (file:line: what, how to fix),
never a traceback.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from series_publisher import site as core
from series_publisher.problems import Problems
from series_publisher.timestamps import last_commit_time


def _load(config_file: Path) -> tuple[Problems, core.Settings | None]:
    problems = Problems()
    if not config_file.is_file():
        problems.error(str(config_file), None, "die Konfigurationsdatei fehlt", "im Projektordner aufrufen")
        return problems, None
    settings = core.load_settings(config_file, problems)
    if settings:
        core.check(settings, problems)
    return problems, settings


def _report(problems: Problems) -> None:
    for problem in problems.sorted():
        click.echo(str(problem), err=True)
    if problems.items:
        click.echo(f"{len(problems.errors)} Fehler, {len(problems.warnings)} Warnungen.", err=True)


def _set_today(today: str | None) -> None:
    if today:
        os.environ[core.TODAY_VARIABLE] = today


config_option = click.option("-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
                             type=click.Path(path_type=Path), help="mkdocs.yml des Projekts")
today_option = click.option("--today", metavar="JJJJ-MM-TT", envvar=core.TODAY_VARIABLE,
                            help=f"Stichtag für „bevorstehend“ (auch über {core.TODAY_VARIABLE})")


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Programmseite einer Veranstaltungsreihe bauen und prüfen."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@cli.command()
@config_option
def check(config_file: Path) -> None:
    """Inhalte prüfen und alle Probleme auf einmal melden."""
    problems, settings = _load(config_file)
    _report(problems)
    if settings is None or problems.has_errors:
        sys.exit(1)
    click.echo("Keine Fehler gefunden.", err=True)


@cli.command()
@config_option
@today_option
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), default=None, help="Zielordner (Standard: site/)")
def build(config_file: Path = Path("mkdocs.yml"), today: str | None = None, site_dir: Path | None = None) -> None:
    """Prüfen, dann mit --strict bauen; site/ wird nur bei Erfolg ersetzt."""
    _set_today(today)
    problems, settings = _load(config_file)
    if settings is None or problems.has_errors:
        _report(problems)
        sys.exit(1)
    target = site_dir or (config_file.parent / "site")
    if not _build_into(config_file, target):
        sys.exit(1)
    click.echo(f"Gebaut: {target}", err=True)


def _build_into(config_file: Path, target: Path) -> bool:
    """Build into a fresh folder beside `target`; swap it in only on success.

    MkDocs' --strict fails only after it has written every page, so building
    in place would leave a half-written site behind.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _pin_source_date(config_file)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    try:
        config = load_config(str(config_file), strict=True, site_dir=str(staging))
        mkdocs_build(config)
    except (MkDocsException, SystemExit, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        click.echo(f"Abgebrochen: {exc}", err=True)
        click.echo(f"{target} bleibt unverändert.", err=True)
        return False
    old = target.with_name(f".site-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return True


def _pin_source_date(config_file: Path) -> None:
    """Timestamps (sitemap, gzip) from the last commit, never from the build clock."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        commit = last_commit_time(config_file.parent.resolve())
        if commit is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(int(commit.timestamp()))


@cli.command()
@config_option
@today_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(config_file: Path, today: str | None, dev_addr: str) -> None:
    """Vorschau im Browser; baut neu, sobald eine Datei unter series/ gespeichert wird."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _set_today(today)
    problems, settings = _load(config_file)
    _report(problems)
    if settings is None or problems.has_errors:
        sys.exit(1)
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cli(prog_name="build.py")


if __name__ == "__main__":
    main()
