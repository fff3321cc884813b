"""Scaffolding: new year, session and speaker files that pass `check` as written.

`python3 build.py new year|session|speaker …` calls these. Each returns a
`Scaffold` (path and text) or raises `ScaffoldError` with a German message
and hint; `write` refuses to overwrite an existing file. Slugs come from the
title or name with German transliteration ("Öffentlicher Raum" →
`oeffentlicher-raum`); a session also gets a pinned `id` (`<year>-<slug>`, the
UID its calendar entry would have anyway), so the entry survives a later
rename of the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import yaml

from .editor_file import Kind, read_editor_file, read_editor_text
from .model import SESSION_FILE, SLUG_PATTERN, YEAR_PATTERN, free_uid, uid_key
from .problems import Problems, did_you_mean
from .settings import Settings
from .slugs import slugify
from .values import DATETIME_FORMAT_HINT, parse_local_datetime, parse_time_of_day

DEFAULT_DURATION = timedelta(hours=2, minutes=30)
"""A session without --end lasts 2:30 (the series' usual 14:00–16:30)."""


class ScaffoldError(Exception):
    """The file cannot be created; `message` says why, `hint` how to go on."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Edit:
    """A change to an existing file that the editor asked for (e.g. switching off the example stamp)."""

    path: Path
    old: str
    """The file's text as read: the edit is skipped if the file changed since."""
    new: str


@dataclass(frozen=True)
class Scaffold:
    path: Path
    text: str
    notes: list[str] = field(default_factory=list)
    """Next steps or warnings for the editor."""
    edits: list[Edit] = field(default_factory=list)


def write(scaffold: Scaffold, settings: Settings) -> None:
    """Create the file; never overwrite one (an editor's work may be in it). Then apply the edits."""
    scaffold.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with scaffold.path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(scaffold.text)
    except FileExistsError:
        raise _exists(scaffold.path, settings) from None
    for edit in scaffold.edits:
        if _read_exactly(edit.path) == edit.old:
            with edit.path.open("w", encoding="utf-8", newline="") as stream:
                stream.write(edit.new)


def _read_exactly(path: Path) -> str:
    """A file's text with its own line endings (an edit must keep every other byte)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return stream.read()


def _exists(path: Path, settings: Settings) -> ScaffoldError:
    return ScaffoldError(f"{settings.shown(path)} gibt es schon – nichts wurde überschrieben",
                         "die vorhandene Datei bearbeiten oder mit --slug einen anderen Kurznamen wählen")


def yaml_scalar(value: str) -> str:
    """A string as a YAML scalar that reads back as exactly this string (quoted only when needed).

    Where quotes are needed they are the double quotes EDITING.md teaches
    (`title: "Bilanz: Was bleibt?"`), not PyYAML's single ones.
    """
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    text = text.removesuffix("\n...\n").rstrip("\n")
    if text.startswith("'"):
        text = yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**6).rstrip("\n")
    return text


def _modeline(settings: Settings, kind: str, target: Path) -> list[str]:
    """The yaml-language-server comment that turns on completion in VS Code, when the schema is there."""
    schema = settings.root / "schema" / f"{kind}.schema.json"
    if not schema.is_file():
        return []
    relative = Path(os.path.relpath(schema, target.parent)).as_posix()
    return [f"# yaml-language-server: $schema={relative}"]


def _slug(text: str, explicit: str | None, what: str) -> str:
    if explicit is not None:
        slug = explicit.strip()
        if not re.fullmatch(SLUG_PATTERN, slug):
            raise ScaffoldError(f"„{slug}“ ist kein gültiger Kurzname",
                                f"nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. „{slugify(slug) or 'name'}“")
        return slug
    slug = slugify(text)
    if not slug:
        raise ScaffoldError(f"aus {what} „{text}“ lässt sich kein Kurzname bilden", "mit --slug einen angeben")
    return slug


def _year_folder(settings: Settings, year: str) -> Path:
    if not re.fullmatch(YEAR_PATTERN, year):
        raise ScaffoldError(f"„{year}“ ist keine Jahreszahl", "vierstellig, z. B. 2022")
    return settings.series_dir / year


def _text_arg(value: str, what: str) -> str:
    if not value.strip():
        raise ScaffoldError(f"{what} darf nicht leer sein")
    return value.strip()


# ---------------------------------------------------------------- year


UNCOMMENT = "Raute # am Zeilenanfang entfernen (nur die Raute)"
"""Every line a template offers starts with `#` right before its key, so removing the `#` is enough.

Notes stand on comment lines of their own (`# …` with a space): a note never
becomes part of a value, and an uncommented line never keeps a leading space.
"""

_EXAMPLE_DATA = re.compile(r"(?m)^([ \t]+example_data:[ \t]*)(?:true|True|TRUE|yes|on)([ \t]*(?:#[^\r\n]*)?\r?)$")


def _example_data_off(settings: Settings, config_file: Path) -> tuple[list[Edit], list[str]]:
    """For real content: switch off the „Beispielinhalte“ stamp in mkdocs.yml, keeping every other byte."""
    if not settings.options.example_data:
        return [], []
    shown = settings.shown(config_file)
    try:
        old = _read_exactly(config_file)
    except (OSError, UnicodeDecodeError):
        old = ""
    new, count = _EXAMPLE_DATA.subn(r"\1false\2", old)
    if count != 1:
        return [], [f"Achtung: {shown} stempelt jede Seite als „Beispielinhalte“: "
                    "dort unter extra.series „example_data: false“ eintragen."]
    return [Edit(config_file, old, new)], [
        f"{shown}: example_data auf false gesetzt – die Seiten tragen keinen Stempel „Beispielinhalte“ mehr. "
        "Die erfundenen Beispieljahre und -personen in series/ vor der Veröffentlichung löschen."]


def new_year(settings: Settings, year: str, title: str, subtitle: str | None = None, real: bool = True,
             config_file: Path | None = None) -> Scaffold:
    """series/<year>/theme.yml; for real content (`real`), mkdocs.yml's example stamp is switched off."""
    folder = _year_folder(settings, year)
    path = folder / "theme.yml"
    if path.exists():
        raise _exists(path, settings)
    lines = _modeline(settings, "theme", path)
    lines += [f"title: {yaml_scalar(_text_arg(title, 'Der Titel'))}"]
    if subtitle:
        lines.append(f"subtitle: {yaml_scalar(subtitle.strip())}")
    lines += [
        "summary: |",
        "  Beschreibung des Jahresthemas folgt.",
        f"# Anmeldung zur ganzen Reihe: in den drei Zeilen darunter die {UNCOMMENT}, dann Adresse und Frist eintragen.",
        "#registration:",
        "#  url: https://…",
        f"#  deadline: {year}-09-30",
        f"# Höchstzahl der Teilnehmenden: {UNCOMMENT}.",
        "#capacity: 50",
    ]
    notes = [
        "summary: den Text unter „summary: |“ ersetzen (eingerückt lassen).",
        f"Veranstaltungen: python3 build.py new session {year} \"Titel\" --start \"{year}-10-04 14:00\"",
    ]
    edits: list[Edit] = []
    if real:
        edits, more = _example_data_off(settings, config_file or settings.root / "mkdocs.yml")
        notes += more
    elif settings.options.example_data:
        notes.append("Beispielinhalte: die Seiten tragen den Stempel „Beispielinhalte“ (example_data in mkdocs.yml).")
    return _checked(Scaffold(path, "\n".join(lines) + "\n", notes, edits), "theme", settings)


# ---------------------------------------------------------------- session


def _year_zone(settings: Settings, folder: Path) -> ZoneInfo:
    """The year's time zone: theme.yml's override, else the series' (`check` reports a broken theme.yml)."""
    path = folder / "theme.yml"
    theme = read_editor_file(path, settings.shown(path), "theme", Problems()).meta
    return ZoneInfo(theme.timezone) if theme and theme.timezone else settings.zone


def _parse_start(value: str, zone: ZoneInfo) -> datetime:
    try:
        return parse_local_datetime(value, zone)
    except ValueError as exc:
        message = str(exc)
        raise ScaffoldError(f"--start: {message}", None if "Format" in message else DATETIME_FORMAT_HINT) from None


def _end_line(value: str | None, start: datetime, zone: ZoneInfo) -> str:
    """`end: 16:30`, or the full date and time when the end falls on another day.

    Only the form is read here; whether the end comes after the start (and
    exists on a day the clocks change) the model says, in `_checked`.
    """
    try:
        if value is None:
            end = (start + DEFAULT_DURATION).astimezone(zone)
        elif re.match(r"\d{4}-\d{2}-\d{2}", value.strip()):
            end = parse_local_datetime(value, zone)
        else:
            return f"end: {parse_time_of_day(value):%H:%M}"
    except ValueError as exc:
        raise ScaffoldError(f"--end: {exc}", "z. B. --end 16:30") from None
    return f"end: {end:%H:%M}" if end.date() == start.date() else f"end: {end:%Y-%m-%d %H:%M}"


def _session_files(settings: Settings) -> Iterable[tuple[str, Path]]:
    for path in sorted(settings.series_dir.glob("*/sessions/*.md")):
        match = SESSION_FILE.fullmatch(path.relative_to(settings.series_dir).as_posix())
        if match:
            yield match[1], path


def _front_matter(path: Path, settings: Settings) -> dict[str, Any]:
    source = read_editor_file(path, settings.shown(path), "session", Problems()).source
    return source.document.data if source else {}


def _taken(settings: Settings, year: str) -> tuple[set[str], dict[str, Path]]:
    """Calendar ids in use (all years) and this year's old slugs (aliases) → their file."""
    ids: set[str] = set()
    aliases: dict[str, Path] = {}
    for folder_year, path in _session_files(settings):
        data = _front_matter(path, settings)
        ids.add(str(data.get("id") or uid_key(folder_year, path.stem)))
        if folder_year == year and isinstance(data.get("aliases"), list):
            aliases.update({str(alias): path for alias in data["aliases"]})
    return ids, aliases


def _checked(scaffold: Scaffold, kind: Kind, settings: Settings, zone: ZoneInfo | None = None) -> Scaffold:
    """The scaffold, when its text passes the same reader as `check`; else refused before anything is written."""
    problems = Problems()
    shown = settings.shown(scaffold.path)
    read_editor_text(scaffold.text, shown, kind, problems, zone)
    if problems.errors:
        first = problems.errors[0]
        raise ScaffoldError(f"so angelegt, bestünde {shown} die Prüfung nicht: {first.message}",
                            first.hint or "die Angaben beim Aufruf prüfen")
    return scaffold


def _check_speakers(settings: Settings, speakers: Iterable[str]) -> list[str]:
    known = sorted(path.stem for path in (settings.series_dir / "speakers").glob("*.md"))
    result = []
    for slug in speakers:
        slug = slug.strip()
        if slug not in known:
            meant = slugify(slug) if slugify(slug) in known else None
            hint = (f"--speaker nimmt den Kurznamen: meinten Sie „{meant}“?" if meant else did_you_mean(slug, known)
                    or f"zuerst python3 build.py new speaker \"Name\" (Kurzname wie „{slugify(slug) or slug}“)")
            raise ScaffoldError(f"--speaker: unbekannte Referent·in „{slug}“ (keine Datei series/speakers/{slug}.md)", hint)
        if slug not in result:
            result.append(slug)
    return result


def new_session(settings: Settings, year: str, title: str, start: str, end: str | None = None,
                speakers: Iterable[str] = (), perspective: str | None = None, slug: str | None = None) -> Scaffold:
    """A session file that passes `check` as written; anything else is refused (ScaffoldError) before writing."""
    folder = _session_year(settings, year)
    title = _text_arg(title, "Der Titel")
    path, ids = _free_session_path(settings, folder, year, _slug(title, slug, "dem Titel"))
    zone = _year_zone(settings, folder)
    begins = _parse_start(start, zone)
    end_line = _end_line(end, begins, zone)
    speaker_slugs = _check_speakers(settings, speakers)
    pinned = free_uid(year, path.stem, ids)  # a renamed session may have pinned `<year>-<slug>` already
    lines = [*_modeline(settings, "session", path), *_session_lines(pinned, title, begins, end_line, speaker_slugs,
                                                                    perspective)]
    notes = ["Unter der zweiten „---“-Zeile die Beschreibung (Markdown) ersetzen."]
    if begins.year != int(year):
        notes.append(f"Achtung: der Termin liegt nicht im Jahr {year} des Ordners.")
    if not speaker_slugs:
        notes.append("Referierende unter speakers: eintragen (Kurznamen aus series/speakers/).")
    text = "\n".join(["---", *lines, "---", "Beschreibung folgt."]) + "\n"
    return _checked(Scaffold(path, text, notes), "session", settings, zone)


def _session_year(settings: Settings, year: str) -> Path:
    """The year's folder, once it has its theme: a session needs the year's page and zone."""
    folder = _year_folder(settings, year)
    if not (folder / "theme.yml").is_file():
        raise ScaffoldError(f"für {year} gibt es noch kein Jahresthema ({settings.shown(folder / 'theme.yml')} fehlt)",
                            f"zuerst python3 build.py new year {year} \"Thema\"")
    return folder


def _free_session_path(settings: Settings, folder: Path, year: str, slug: str) -> tuple[Path, set[str]]:
    """The new file's path, when neither a file nor a former name (alias) has it; and the calendar ids in use."""
    path = folder / "sessions" / f"{slug}.md"
    if path.exists():
        raise _exists(path, settings)
    ids, aliases = _taken(settings, year)
    if slug in aliases:
        raise ScaffoldError(f"der Kurzname „{slug}“ ist ein früherer Name von {settings.shown(aliases[slug])} "
                            "und leitet dorthin weiter", "mit --slug einen anderen Kurznamen wählen")
    return path, ids


def _session_lines(pinned: str, title: str, begins: datetime, end_line: str, speakers: list[str],
                   perspective: str | None) -> list[str]:
    """The front matter's lines, with a comment beside each key an editor fills in later."""
    lines = [
        "# Feste Kalender-ID (id): nie ändern, auch nicht beim Umbenennen der Datei.",
        f"id: {pinned}",
        f"title: {yaml_scalar(title)}",
        f"start: {begins:%Y-%m-%d %H:%M}",
        end_line,
    ]
    if speakers:
        lines += ["speakers:"] + [f"  - {name}" for name in speakers]
    else:
        lines += ["# Referierende: „[]“ löschen und darunter je Person eine Zeile „  - kurzname“",
                  "# (Kurzname = Dateiname in series/speakers/ ohne .md).", "speakers: []"]
    if perspective:
        lines.append(f"perspective: {perspective}")
    else:
        lines += [f"# Perspektive: academia (Wissenschaft) oder practice (Praxis); {UNCOMMENT}.",
                  "#perspective: academia"]
    return lines + [f"# Aufzeichnung geplant? {UNCOMMENT}.", "#recording: planned"]


# ---------------------------------------------------------------- speaker


def new_speaker(settings: Settings, name: str, role: str | None = None, organisation: str | None = None,
                sector: str | None = None, slug: str | None = None) -> Scaffold:
    name = _text_arg(name, "Der Name")
    slug = _slug(name, slug, "dem Namen")
    path = settings.series_dir / "speakers" / f"{slug}.md"
    if path.exists():
        raise _exists(path, settings)
    lines = ["---", *_modeline(settings, "speaker", path), f"name: {yaml_scalar(name)}"]
    offered = [f"# Funktion und Organisation: {UNCOMMENT} und ausfüllen."]
    lines.append(f"role: {yaml_scalar(role.strip())}" if role and role.strip() else "#role: Funktion folgt")
    lines.append(f"organisation: {yaml_scalar(organisation.strip())}" if organisation and organisation.strip()
                 else "#organisation: Organisation folgt")
    if lines[-1].startswith("#") or lines[-2].startswith("#"):
        lines[-2:-2] = offered
    if sector:
        lines.append(f"sector: {sector}")
    else:
        lines += ["# Bereich: academia (Wissenschaft), administration (Verwaltung) oder civil-society "
                  f"(Zivilgesellschaft); {UNCOMMENT}.", "#sector: administration"]
    lines += [f"# Foto: die Datei unter content/images/speakers/{slug}.jpg ablegen, dann {UNCOMMENT}.",
              f"#photo: images/speakers/{slug}.jpg",
              f"# Webseite: {UNCOMMENT} und die Adresse eintragen.", "#website: https://…",
              "---", "Kurzbiografie folgt.", ""]
    notes = [
        "Unter der zweiten „---“-Zeile ein paar Sätze Kurzbiografie schreiben.",
        f"In Veranstaltungen unter speakers: als „{slug}“ eintragen.",
    ]
    return _checked(Scaffold(path, "\n".join(lines), notes), "speaker", settings)
