#!/usr/bin/env python3
"""The editors' command line: check, build, serve — over the same core as the hooks.

    python3 build.py            validate, then build into site/ (same as `build`)
    python3 build.py check      validate only; report every problem at once
    python3 build.py check --previous https://…/calendar.ics
                               … and fail if a published session vanished
    python3 build.py serve      live preview that rebuilds when series/ changes
    python3 build.py new year|session|speaker …
                               a new file from a template (never overwrites)
    python3 build.py schema     regenerate schema/*.json from the content model

Exit status 0 or 1; content mistakes are messages (file:line: what, how to fix),
never a traceback.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent

BUILD_NEEDS = ("click", "mkdocs", "material", "yaml", "markdown", "icalendar", "pydantic", "babel", "PIL")
"""Top-level modules of requirements.txt; looked up (not imported) before anything else runs."""


def _venv_python() -> Path | None:
    """The project's virtual environment, if it was set up (README's first command)."""
    for candidate in (HERE / ".venv" / "bin" / "python", HERE / ".venv" / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return None


def _ensure_dependencies() -> None:
    """Without the packages, say in one German sentence what to run; never a traceback.

    `python3 build.py` started outside the project's .venv continues inside it,
    so editors need not remember which Python to call.
    """
    missing = [name for name in BUILD_NEEDS if importlib.util.find_spec(name) is None]
    if not missing:
        return
    venv = _venv_python()
    if venv is not None and Path(sys.prefix).resolve() != (HERE / ".venv").resolve():
        os.execv(str(venv), [str(venv), str(Path(__file__).resolve()), *sys.argv[1:]])
    sys.exit(f"build.py: Es fehlen Pakete ({', '.join(missing)}) – bitte einmal im Projektordner "
             f"„python3 -m venv .venv && .venv/bin/pip install -r requirements.txt“ ausführen "
             f"und dann „.venv/bin/python3 build.py“ aufrufen.")


if __name__ == "__main__":
    _ensure_dependencies()

import click  # noqa: E402

from series_publisher import click_de, commands, engines, handoff, mkdocs_de  # noqa: E402
from series_publisher.problems import Problem, Problems, printable  # noqa: E402
from series_publisher.inputs import TODAY_VARIABLE, BuildInputs, hand_to_site_generator, read_inputs  # noqa: E402

click_de.install()


def _report(problems: Problems) -> None:
    """Every problem as `file:line: Fehler|Warnung: …`, then the count."""
    _echo_problems(problems.sorted())
    click.echo(commands.count(problems), err=True)


def _echo_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


config_option = click.option("-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
                             type=click.Path(path_type=Path), help="mkdocs.yml des Projekts")


def _valid_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"„{value}“ ist kein Datum im Format JJJJ-MM-TT, z. B. 2026-10-01") from None


today_option = click.option("--today", metavar="JJJJ-MM-TT", callback=_valid_day,
                            help=f"Stichtag für „bevorstehend“ (auch über {TODAY_VARIABLE})")
"""No envvar here: the group reads SERIES_TODAY once and passes it down as this option's default."""


class _Command(click.Command):
    """A command whose usage line is German too ("[OPTIONEN]" instead of "[OPTIONS]")."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPTIONEN]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    """A group of German commands; its subgroups are German groups as well."""

    command_class = _Command
    group_class = type  # click: subgroups get this same class

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPTIONEN]")
        kwargs.setdefault("subcommand_metavar", "BEFEHL [ANGABEN]...")
        super().__init__(*args, **kwargs)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

_COMMON = {"config_file": ("check", "build", "serve"), "today": ("check", "build", "serve")}
"""Options a user may type before the command (`build.py --today … serve`) and the commands that take them."""


def _defaults_for_commands(config_file: Path | None, today: date | None) -> dict[str, dict[str, object]]:
    """click's default_map: what was typed before the command becomes that command's default."""
    given = {"config_file": config_file, "today": today}
    defaults: dict[str, dict[str, object]] = {}
    for option, names in _COMMON.items():
        if given[option] is None:
            continue
        for command in names:
            defaults.setdefault(command, {})[option] = given[option]
    for command in ("year", "session", "speaker"):  # `new`'s subcommands read from the map of `new`
        if config_file is not None:
            defaults.setdefault("new", {}).setdefault(command, {})["config_file"] = config_file
    return defaults


@click.group(cls=_Group, invoke_without_command=True, context_settings=CONTEXT)
@click.option("-f", "--config-file", "config_file", default=None, type=click.Path(path_type=Path),
              help="mkdocs.yml des Projekts (Standard: mkdocs.yml im aktuellen Ordner)")
@click.option("--today", metavar="JJJJ-MM-TT", envvar=TODAY_VARIABLE, callback=_valid_day,
              help=f"Stichtag für „bevorstehend“ (auch über {TODAY_VARIABLE})")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None, today: date | None) -> None:
    """Programmseite einer Veranstaltungsreihe bauen und prüfen.

    Ohne Befehl: wie `build`. Optionen vor dem Befehl gelten für ihn
    (`build.py --today 2021-10-10 serve`). Anleitung für Redaktionen:
    EDITING.md.
    """
    ctx.default_map = _defaults_for_commands(config_file, today)
    if ctx.invoked_subcommand is None:
        ctx.invoke(build, config_file=config_file or Path("mkdocs.yml"), today=today)


@cli.command(short_help="Inhalte prüfen, alle Probleme auf einmal melden.")
@config_option
@today_option
@click.option("--previous", metavar="URL|DATEI",
              help="veröffentlichte calendar.ics: Fehler, wenn ein Termin daraus ohne Absage verschwunden ist "
                   "oder sich ohne höhere SEQUENCE geändert hat")
@click.option("--first-publication", is_flag=True,
              help="nur für die allererste Veröffentlichung: fehlt der Kalender unter --previous, ist das kein Fehler")
def check(config_file: Path, today: date | None, previous: str | None, first_publication: bool = False) -> None:
    """Inhalte prüfen und alle Probleme auf einmal melden (Datei:Zeile: was, wie beheben).

    Warnungen lassen die Prüfung bestehen; Fehler nicht (Exit-Status 1).
    Mit --previous wird zusätzlich mit dem veröffentlichten Kalender
    verglichen: kein Termin, den Abonnent·innen kennen, darf stillschweigend
    verschwinden oder sich ändern. Ist er nicht lesbar, ist das ein Fehler –
    außer mit --first-publication (die Seite gibt es noch nicht).
    """
    loaded = commands.load(config_file, _inputs(config_file, today))
    comparison = commands.Comparison()
    if previous:
        comparison = commands.compare_with_published(loaded, previous, first_publication, config_file.parent / "site")
    for note in comparison.notes:
        click.echo(note, err=True)
    _report(loaded.problems)
    if loaded.content is not None:
        for line in commands.balance_lines(loaded.content):
            click.echo(line, err=True)
    for line in commands.readability_lines(loaded.settings):
        click.echo(line, err=True)
    if comparison.compared is not None and not loaded.problems.has_errors:
        click.echo(comparison.compared.summary(), err=True)
    if loaded.settings is None or loaded.problems.has_errors:
        sys.exit(1)
    click.echo("Keine Fehler gefunden.", err=True)


def _engine_option(engines_offered: tuple[str, ...]):
    return click.option("--engine", type=click.Choice(engines_offered), default=engines.DEFAULT, show_default=True,
                        help="Programm, das die Seiten baut: mkdocs (Standard), properdocs (Nachfolger von MkDocs 1.x)"
                             + (" oder zensical (Nachfolger von Material for MkDocs)" if "zensical" in engines_offered
                                else "") + "; siehe README")


def _use_engine(engine: str) -> None:
    """Switch to the engine before MkDocs is imported; without its package, one sentence and exit 1."""
    try:
        if engine == "properdocs":
            engines.use_properdocs()
        elif engine != engines.DEFAULT:
            engines.require(engine)
    except engines.EngineError as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)


@cli.command(short_help="Prüfen, dann bauen (Standard ohne Befehl).")
@config_option
@today_option
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), default=None, help="Zielordner (Standard: site/)")
@_engine_option(engines.ENGINES)
def build(config_file: Path = Path("mkdocs.yml"), today: date | None = None, site_dir: Path | None = None,
          engine: str = engines.DEFAULT) -> None:
    """Prüfen, dann mit --strict bauen; site/ wird nur bei Erfolg ersetzt."""
    if not config_file.is_file():
        _report(commands.load(config_file, settings_only=True).problems)
        sys.exit(1)
    _use_engine(engine)
    signal.signal(signal.SIGTERM, _stop)  # clean up like Ctrl-C: no half-written folder, no child left
    target = (site_dir or (config_file.parent / "site")).resolve()
    try:
        built = commands.build(config_file, target, _inputs(config_file, today), engine, _echo_problems)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (see _stop)
        click.echo("Abgebrochen.", err=True)
        click.echo(f"{target} bleibt unverändert.", err=True)
        raise
    for line in built.stopped or ():
        click.echo(line, err=True)
    if built.stopped is not None:
        sys.exit(1)
    click.echo(f"Gebaut: {site_dir or (config_file.parent / 'site')}", err=True)
    click.echo(commands.count(built.problems), err=True)


def _inputs(config_file: Path, today: date | None) -> BuildInputs:
    """What the build takes from outside, read once here and passed down (series_publisher/inputs.py).

    SOURCE_DATE_EPOCH also goes to the environment unless it is set: MkDocs
    dates sitemap.xml.gz by it, never by the build clock. `today` is already
    read (--today, else SERIES_TODAY, by click).
    """
    inputs = read_inputs(config_file.parent.resolve(), os.environ, today)
    hand_to_site_generator(inputs, os.environ)
    return inputs


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@cli.command(short_help="Vorschau im Browser, baut bei jeder Änderung neu.")
@config_option
@today_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT",
              help="Adresse der Vorschau")
@_engine_option(engines.SERVES)
def serve(config_file: Path, today: date | None, dev_addr: str, engine: str = engines.DEFAULT) -> None:
    """Vorschau im Browser; baut neu, sobald eine Datei unter series/ gespeichert wird."""
    _use_engine(engine)
    from mkdocs.commands.serve import serve as mkdocs_serve

    inputs = _inputs(config_file, today)
    loaded = commands.load(config_file, inputs)
    _report(loaded.problems)
    if loaded.settings is None or loaded.problems.has_errors:
        sys.exit(1)
    handoff.serve(config_file, inputs)
    # Dirty: rebuild only the pages whose data changed (hooks/series.py), for a live preview in about a second.
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")


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
    loaded = commands.load(config_file, settings_only=True)
    settings = loaded.settings
    if settings is None:
        _report(loaded.problems)
        sys.exit(1)
    scaffold = _scaffold()
    try:
        made = make(settings)
        scaffold.write(made, settings)
    except scaffold.ScaffoldError as exc:
        click.echo(printable(f"Fehler: {exc.message}" + (f" — {exc.hint}" if exc.hint else "")), err=True)
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

    Beispiel: python3 build.py new year 2022 "Öffentlicher Raum"
    """
    if real is None:
        real = (click_de.confirm("Sind es echte Inhalte (nicht nur Beispielinhalte zum Ausprobieren)?", default=True)
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

    Beispiel: python3 build.py new session 2022 "Auftakt" --start "2022-10-04 14:00"
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

    Beispiel: python3 build.py new speaker "Dr. Vorname Name"
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
            click.echo(f"{output / name}: veraltet — python3 build.py schema ausführen", err=True)
        sys.exit(1 if stale else 0)
    for path in schemas.write_schemas(output):
        click.echo(f"Geschrieben: {path}")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    mkdocs_de.install()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cli(prog_name="build.py")


if __name__ == "__main__":
    main()
