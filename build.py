#!/usr/bin/env python3
"""The editors' command line: check, build, serve — over the same core as the hooks.

    python build.py            validate, then build into site/ (same as `build`)
    python build.py check      validate only; report every problem at once
    python build.py check --previous https://…/calendar.ics
                               … and fail if a published session vanished
    python build.py serve      live preview that rebuilds when series/ changes
    python build.py new year|session|speaker …
                               a new file from a template (never overwrites)
    python build.py schema     regenerate schema/*.json from the content model

Exit status 0 or 1; content mistakes are messages (file:line: what, how to fix),
never a traceback.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import click

from series_publisher import handoff
from series_publisher.problems import Problems
from series_publisher.timestamps import pin_source_date_epoch


class _LazyCore:
    """series_publisher.site, imported on first use.

    `build` hands the core's work to a child process (handoff.py), so this
    process never needs the content model; the other commands import it.
    """

    def __getattr__(self, name: str):
        from series_publisher import site

        return getattr(site, name)


core = _LazyCore()

HERE = Path(__file__).resolve().parent


def _settings(config_file: Path, problems: Problems) -> core.Settings | None:
    if not config_file.is_file():
        problems.error(str(config_file), None, "die Konfigurationsdatei fehlt",
                       "im Projektordner aufrufen (dort, wo mkdocs.yml liegt) oder -f angeben")
        return None
    return core.load_settings(config_file, problems)


def _load(config_file: Path) -> tuple[Problems, core.Settings | None, core.Content | None]:
    problems = Problems()
    settings = _settings(config_file, problems)
    content = core.check(settings, problems) if settings else None
    return problems, settings, content


def _report(problems: Problems) -> None:
    for problem in problems.sorted():
        click.echo(str(problem), err=True)
    if problems.items:
        warnings = len(problems.warnings)
        click.echo(f"{len(problems.errors)} Fehler, {warnings} {'Warnung' if warnings == 1 else 'Warnungen'}.", err=True)


def _set_today(today: str | None) -> None:
    if today:
        os.environ[handoff.TODAY_VARIABLE] = today


config_option = click.option("-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
                             type=click.Path(path_type=Path), help="mkdocs.yml des Projekts")


def _valid_day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f"„{value}“ ist kein Datum im Format JJJJ-MM-TT, z. B. 2026-10-01") from None
    return value


today_option = click.option("--today", metavar="JJJJ-MM-TT", envvar=handoff.TODAY_VARIABLE, callback=_valid_day,
                            help=f"Stichtag für „bevorstehend“ (auch über {handoff.TODAY_VARIABLE})")


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Programmseite einer Veranstaltungsreihe bauen und prüfen.

    Ohne Befehl: wie `build`. Anleitung für Redaktionen: EDITING.md.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


def _balance_lines(content: core.Content) -> list[str]:
    """One line per year: how many academic and practical contributions (cancelled ones not counted)."""
    from series_publisher.schedule import balance

    lines = []
    for year in content.years:
        counts = balance(year)
        line = (f"Perspektiven {year.year}: {counts.academia} × Wissenschaft (academia), "
                f"{counts.practice} × Praxis (practice)")
        if counts.unset:
            line += f", {counts.unset} ohne Angabe"
        lines.append(line + (" – einseitig" if counts.leans else ""))
    return lines


@cli.command(short_help="Inhalte prüfen, alle Probleme auf einmal melden.")
@config_option
@click.option("--previous", metavar="URL|DATEI",
              help="veröffentlichte calendar.ics: Fehler, wenn ein Termin daraus ohne Absage verschwunden ist")
def check(config_file: Path, previous: str | None) -> None:
    """Inhalte prüfen und alle Probleme auf einmal melden (Datei:Zeile: was, wie beheben).

    Warnungen lassen die Prüfung bestehen; Fehler nicht (Exit-Status 1).
    Mit --previous wird zusätzlich mit dem veröffentlichten Kalender
    verglichen: kein Termin, den Abonnent:innen kennen, darf stillschweigend
    verschwinden.
    """
    problems, settings, content = _load(config_file)
    compared = None
    if previous and content is not None:
        if problems.has_errors:
            click.echo("Abgleich mit dem veröffentlichten Kalender übersprungen: erst die Fehler beheben.", err=True)
        else:
            from series_publisher.previous import check_previous

            compared = check_previous(previous, content, settings, problems)
    _report(problems)
    if content is not None:
        for line in _balance_lines(content):
            click.echo(line, err=True)
    if compared is not None and not problems.has_errors:
        click.echo(f"Veröffentlichter Kalender: alle {compared} Termine sind noch da.", err=True)
    if settings is None or problems.has_errors:
        sys.exit(1)
    click.echo("Keine Fehler gefunden.", err=True)


@cli.command(short_help="Prüfen, dann bauen (Standard ohne Befehl).")
@config_option
@today_option
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), default=None, help="Zielordner (Standard: site/)")
def build(config_file: Path = Path("mkdocs.yml"), today: str | None = None, site_dir: Path | None = None) -> None:
    """Prüfen, dann mit --strict bauen; site/ wird nur bei Erfolg ersetzt."""
    _set_today(today)
    if not config_file.is_file():
        problems = Problems()
        _settings(config_file, problems)
        _report(problems)
        sys.exit(1)
    pin_source_date_epoch(config_file.parent.resolve())
    # The core starts now, on the second core, while MkDocs loads; the hooks take this run.
    preparation = handoff.start(config_file)
    target = site_dir or (config_file.parent / "site")
    if not _build_into(config_file, target, preparation):
        sys.exit(1)
    click.echo(f"Gebaut: {target}", err=True)


def _abandon(staging: Path, target: Path, preparation: handoff.Preparation, message: str) -> bool:
    preparation.cancel()
    shutil.rmtree(staging, ignore_errors=True)
    click.echo(message, err=True)
    click.echo(f"{target} bleibt unverändert.", err=True)
    return False


def _build_into(config_file: Path, target: Path, preparation: handoff.Preparation) -> bool:
    """Build into a fresh folder beside `target`; swap it in only on success.

    MkDocs' --strict fails only after it has written every page, so building
    in place would leave a half-written site behind.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    try:
        config = load_config(str(config_file), strict=True, site_dir=str(staging))
        prepared = preparation.pages()
        if prepared.has_errors:
            preparation.cancel()
            _report(Problems(list(prepared.problems)))
            shutil.rmtree(staging, ignore_errors=True)
            return False
        mkdocs_build(config)
    except (MkDocsException, SystemExit, OSError) as exc:
        return _abandon(staging, target, preparation, f"Abgebrochen: {exc}")
    except Exception as exc:  # noqa: BLE001 - a bug of ours: still leave site/ as it was
        last = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        return _abandon(staging, target, preparation,
                        f"Abgebrochen wegen eines Programmfehlers ({last}); bitte mit dieser Ausgabe melden.")
    old = target.with_name(f".site-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return True


@cli.command(short_help="Vorschau im Browser, baut bei jeder Änderung neu.")
@config_option
@today_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(config_file: Path, today: str | None, dev_addr: str) -> None:
    """Vorschau im Browser; baut neu, sobald eine Datei unter series/ gespeichert wird."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _set_today(today)
    problems, settings, _ = _load(config_file)
    _report(problems)
    if settings is None or problems.has_errors:
        sys.exit(1)
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


# ---------------------------------------------------------------- new: scaffolding


@cli.group()
def new() -> None:
    """Neue Datei aus einer Vorlage anlegen: Jahr, Veranstaltung, Person.

    Die Dateien bestehen `check` so, wie sie angelegt werden; eine vorhandene
    Datei wird nie überschrieben.
    """


def _scaffold():
    """Imported only by `new`: the other commands should not pay for it."""
    from series_publisher import scaffold

    return scaffold


def _create(config_file: Path, make) -> None:
    problems = Problems()
    settings = _settings(config_file, problems)
    if settings is None:
        _report(problems)
        sys.exit(1)
    scaffold = _scaffold()
    try:
        made = make(settings)
        scaffold.write(made, settings)
    except scaffold.ScaffoldError as exc:
        click.echo(f"Fehler: {exc.message}" + (f" — {exc.hint}" if exc.hint else ""), err=True)
        sys.exit(1)
    click.echo(f"Angelegt: {settings.shown(made.path)}")
    for note in made.notes:
        click.echo(f"  {note}")


@new.command("year", short_help="Jahresordner mit theme.yml anlegen.")
@click.argument("year", metavar="JAHR")
@click.argument("title", metavar="THEMA")
@click.option("--subtitle", help="Untertitel")
@click.option("--echt/--beispiel", "real", default=None,
              help="echte Inhalte (schaltet den Stempel „Beispielinhalte“ in mkdocs.yml ab) oder Beispielinhalte; "
                   "ohne Angabe wird gefragt (ohne Terminal: echt)")
@config_option
def new_year(year: str, title: str, subtitle: str | None, real: bool | None, config_file: Path) -> None:
    """series/JAHR/theme.yml mit dem Titel THEMA anlegen.

    Beispiel: python build.py new year 2022 "Öffentlicher Raum"
    """
    if real is None:
        real = (click.confirm("Sind es echte Inhalte (nicht nur Beispielinhalte zum Ausprobieren)?", default=True)
                if sys.stdin.isatty() else True)
    _create(config_file, lambda settings: _scaffold().new_year(settings, year, title, subtitle, real, config_file))


@new.command("session", short_help="Veranstaltung anlegen.")
@click.argument("year", metavar="JAHR")
@click.argument("title", metavar="TITEL")
@click.option("--start", required=True, metavar="\"JJJJ-MM-TT HH:MM\"", help="Beginn, Ortszeit")
@click.option("--end", metavar="HH:MM", help="Ende (Standard: Beginn + 2:30)")
@click.option("--speaker", "speakers", multiple=True, metavar="KURZNAME", help="Kurzname einer Referent·in (mehrfach möglich)")
@click.option("--perspective", type=click.Choice(["academia", "practice"]), help="Perspektive des Beitrags")
@click.option("--slug", metavar="KURZNAME", help="Dateiname statt des aus dem Titel gebildeten")
@config_option
def new_session(year: str, title: str, start: str, end: str | None, speakers: tuple[str, ...],
                perspective: str | None, slug: str | None, config_file: Path) -> None:
    """series/JAHR/sessions/<kurzname>.md anlegen, mit fester Kalender-ID.

    Beispiel: python build.py new session 2022 "Auftakt" --start "2022-10-04 14:00"
    """
    _create(config_file, lambda settings: _scaffold().new_session(
        settings, year, title, start, end, speakers, perspective, slug))


@new.command("speaker", short_help="Referent·in anlegen.")
@click.argument("name", metavar="NAME")
@click.option("--role", help="Funktion")
@click.option("--organisation", help="Organisation")
@click.option("--sector", type=click.Choice(["academia", "administration", "civil-society"]), help="Bereich")
@click.option("--slug", metavar="KURZNAME", help="Dateiname statt des aus dem Namen gebildeten")
@config_option
def new_speaker(name: str, role: str | None, organisation: str | None, sector: str | None,
                slug: str | None, config_file: Path) -> None:
    """series/speakers/<kurzname>.md anlegen; NAME mit akademischem Titel.

    Beispiel: python build.py new speaker "Dr. Vorname Name"
    """
    _create(config_file, lambda settings: _scaffold().new_speaker(settings, name, role, organisation, sector, slug))


# ---------------------------------------------------------------- schema


@cli.command(short_help="JSON-Schemas in schema/ neu erzeugen.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=HERE / "schema", show_default="schema/",
              help="Zielordner")
@click.option("--check", "check_only", is_flag=True, help="nur prüfen, ob die Schemas aktuell sind")
def schema(output: Path, check_only: bool) -> None:
    """JSON-Schemas für theme.yml und das Front Matter aus dem Inhaltsmodell erzeugen.

    VS Code (Erweiterung „YAML“) nutzt sie für Vervollständigung und
    Prüfung beim Tippen; siehe EDITING.md.
    """
    from series_publisher import schema as schemas

    if check_only:
        stale = schemas.stale_schemas(output)
        for name in stale:
            click.echo(f"{output / name}: veraltet — python build.py schema ausführen", err=True)
        sys.exit(1 if stale else 0)
    for path in schemas.write_schemas(output):
        click.echo(f"Geschrieben: {path}")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cli(prog_name="build.py")


if __name__ == "__main__":
    main()
