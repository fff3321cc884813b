"""The loaded content: typed speakers, sessions and years, read from series/.

`load_content` reads every file once, validates it against the content model
and returns what could be loaded plus every problem found; a broken file is
reported and left out, so the remaining files are still checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from . import paths
from .model import MAX_SLUG_LENGTH, SLUG_PATTERN, SessionFrontMatter, SpeakerFrontMatter, Theme, localize
from .problems import Problem, Problems, did_you_mean
from .settings import Settings
from .slugs import slugify
from .sources import Document, SourceFile, read_front_matter_file, read_yaml_file

if TYPE_CHECKING:
    from .history import History, Lineage


@dataclass(eq=False)
class Speaker:
    """A speaker, shared across years."""

    slug: str
    meta: SpeakerFrontMatter
    bio: str
    """Markdown."""
    source: SourceFile
    sessions: list[Session] = field(default_factory=list)
    """Every session of theirs, all years, in date order (filled by the schedule)."""

    @property
    def name(self) -> str:
        return self.meta.name


@dataclass(eq=False)
class Session:
    """One session of one year."""

    slug: str
    year: int
    meta: SessionFrontMatter
    abstract: str
    """Markdown."""
    source: SourceFile
    start: datetime
    end: datetime
    speakers: list[Speaker] = field(default_factory=list)
    previous: Session | None = None
    next: Session | None = None
    lineage: Lineage | None = None
    """The file's life on the publishing branch (history.py); None outside git."""
    history_sequence: int | None = None
    """SEQUENCE derived from that history (history.py:sequence)."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def status(self) -> str:
        return self.meta.status

    @property
    def is_cancelled(self) -> bool:
        return self.meta.status == "cancelled"

    @property
    def is_rescheduled(self) -> bool:
        return bool(self.meta.rescheduled_from)

    @property
    def path(self) -> str:
        """Site path of the session page, e.g. '2021/auftakt/'."""
        return paths.session_path(self.year, self.slug)

    @property
    def uid_key(self) -> str:
        """The calendar identity: the pinned `id`, else year and slug of the file it started as.

        Following git renames, a `git mv` keeps the identity without an `id`.
        """
        first = self.lineage.uid_key if self.lineage else None
        return self.meta.id or first or uid_key(self.year, self.slug)

    @property
    def sequence(self) -> int:
        """RFC 5545 SEQUENCE: +1 for each change of start, end, status or title in git history.

        Without history (no git): reschedules plus cancellation.
        """
        if self.history_sequence is not None:
            return self.history_sequence
        return len(self.meta.rescheduled_from) + (1 if self.is_cancelled else 0)


def uid_key(year: int | str, slug: str) -> str:
    """The calendar identity of a session without a pinned `id`: '2021-auftakt'."""
    return f"{year}-{slug}"


def free_uid(year: int | str, slug: str, taken: set[str]) -> str:
    """The first of '2021-auftakt', '2021-auftakt-2', … that no session uses yet."""
    key, counter = uid_key(year, slug), 2
    while key in taken:
        key, counter = f"{uid_key(year, slug)}-{counter}", counter + 1
    return key


@dataclass(eq=False)
class Year:
    """A year of the series: its theme and its sessions in date order."""

    year: int
    theme: Theme
    source: SourceFile
    zone: ZoneInfo
    sessions: list[Session] = field(default_factory=list)

    @property
    def path(self) -> str:
        return paths.year_path(self.year)


@dataclass
class Content:
    """Everything loaded from series/."""

    years: list[Year]
    """Ascending by year."""
    speakers: dict[str, Speaker]
    """By slug, sorted by slug."""
    history: History | None = None
    """The publishing branch's history (history.py), attached by site.check."""
    unreadable_speakers: frozenset[str] = frozenset()
    """Slugs of speaker files that exist but could not be loaded (already reported): no follow-on errors."""
    complete: bool = True
    """False when a file could not be loaded: checks that need every file (an unused speaker) keep quiet."""

    @property
    def sessions(self) -> list[Session]:
        return [session for year in self.years for session in year.sessions]


# ---------------------------------------------------------------- validation → problems

_GERMAN_TYPES = {
    "missing": "Pflichtangabe fehlt",
    "bool_parsing": "erwartet wird true oder false",
    "bool_type": "erwartet wird true oder false",
    "list_type": "erwartet wird eine Liste (Zeilen, die mit „- “ beginnen)",
    "model_type": "erwartet werden eingerückte Angaben (schlüssel: wert)",
    "model_attributes_type": "erwartet werden eingerückte Angaben (schlüssel: wert)",
    "int_parsing": "erwartet wird eine ganze Zahl",
    "int_type": "erwartet wird eine ganze Zahl",
    "greater_than": "erwartet wird eine Zahl größer als 0",
    "string_type": "erwartet wird ein Text",
    "string_pattern_mismatch": "nur Kleinbuchstaben, Ziffern und Bindestriche erlaubt",
    "string_too_long": f"höchstens {MAX_SLUG_LENGTH} Zeichen",
}


_UNION_TAGS = {"recording": ("published", "state")}
"""Discriminator tags pydantic puts into an error's location after these keys; they are no keys of the file."""


def _key_path(document: Document, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The YAML path of a pydantic error, without the union tags (`recording.published.url` is `recording.url`)."""
    parts = [part for index, part in enumerate(loc)
             if not (index and part in _UNION_TAGS.get(str(loc[index - 1]), ()))]
    path: list[str | int] = []
    node: Any = document.data
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            path.append(part)
            break
        path.append(part)
    return tuple(path)


def _name(path: tuple[str | int, ...]) -> str:
    """`speakers`, `registration.url`, `materials[2].file`: the key as an editor finds it in the file.

    A list entry that is a plain value is named by its key; the message echoes
    the value itself (and the line points at it), which says more than `[2]`.
    """
    if path and isinstance(path[-1], int):
        path = path[:-1]
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (("." if text else "") + part)
    return text or "Datei"


def _typed(value: Any) -> str | None:
    """The value as the editor typed it, for a message; None for lists and groups."""
    return value if isinstance(value, str) else None


def report_validation(error: ValidationError, model: type[BaseModel], source: SourceFile, problems: Problems) -> None:
    """One problem per pydantic error, with line, German message and hint."""
    document = source.document
    for item in error.errors():
        path = _key_path(document, item["loc"])
        kind = item["type"]
        line = document.line(path)
        key = path[-1] if path else ""
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, path[:-1])
            hint = did_you_mean(str(key), allowed) or "erlaubt sind: " + ", ".join(allowed)
            problems.error(source.path, line, f"unbekannter Schlüssel „{_name(path)}“", hint)
        elif kind == "literal_error":
            expected = re.findall(r"'([^']*)'", item["ctx"]["expected"])
            given = str(item["input"])
            hint = did_you_mean(given, expected) or "erlaubt sind: " + ", ".join(expected)
            problems.error(source.path, line, f"„{given}“ ist kein erlaubter Wert für „{_name(path)}“", hint)
        elif kind == "missing":
            problems.error(source.path, line, f"Pflichtangabe „{_name(path)}“ fehlt", _EXAMPLES.get(str(key)))
        elif kind == "value_error":
            message = str(item["ctx"]["error"])
            problems.error(source.path, line, f"{_name(path)}: {message}")
        elif kind == "string_pattern_mismatch" and _typed(item["input"]):
            given = item["input"]
            problems.error(source.path, line, f"{_name(path)}: „{given}“ ist kein Kurzname",
                           f"nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. „{slugify(given) or 'name'}“")
        else:
            given = _typed(item["input"])
            what = _GERMAN_TYPES.get(kind, item["msg"])
            problems.error(source.path, line, f"{_name(path)}: „{given}“: {what}" if given else f"{_name(path)}: {what}")


_EXAMPLES = {
    "title": "z. B. title: \"Auftakt: Vielfalt in der Verwaltung\"",
    "start": "z. B. start: 2021-10-05 14:00",
    "end": "z. B. end: 16:30",
    "summary": "summary: | und darunter eingerückt der Text",
    "name": "z. B. name: Prof. Dr. Lea Hartmann",
    "url": "z. B. url: https://www.example.org/anmeldung",
}


def _allowed_keys(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at `path` inside `model` (nested models included)."""
    current: type[BaseModel] = model
    for part in path:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[str(part)].annotation
        nested = _nested_model(annotation)
        if nested is None:
            break
        current = nested
    return sorted(current.model_fields)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _nested_model(arg)
        if found:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _nested_model(origin) if origin not in (None, list) and origin is not annotation else None


_parsed: dict[tuple[str, int, int, str, str], tuple[SourceFile | None, Any, list[Problem]]] = {}
"""Parsed and validated files by path, modification time, size, model and zone.

`serve` rebuilds after every edit (and `check --previous` or tools may load
twice): only the files that changed are read again. Values are frozen models, so sharing them is safe.
"""


def _read_validated(path: Path, shown: str, model: type[BaseModel], zone: ZoneInfo | None,
                    problems: Problems) -> tuple[SourceFile | None, Any]:
    """A file read, parsed and validated once per version of its content."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, model.__name__, getattr(zone, "key", ""))
    if key not in _parsed:
        found = Problems()
        reader = read_yaml_file if model is Theme else read_front_matter_file
        source = reader(path, shown, found)
        meta = source and _validate(model, source, found, {"tz": zone} if zone else {})
        _parsed[key] = (source, meta, found.items)
    source, meta, found_items = _parsed[key]
    problems.extend(found_items)
    return source, meta


def _validate(model: type[BaseModel], source: SourceFile, problems: Problems, context: dict[str, Any]) -> Any:
    try:
        return model.model_validate(source.document.data, context=context)
    except ValidationError as exc:
        report_validation(exc, model, source, problems)
        return None


# ---------------------------------------------------------------- loading


def load_content(settings: Settings, problems: Problems) -> Content:
    """Read series/: speakers, then each year's theme and sessions."""
    series_dir = settings.series_dir
    if not series_dir.is_dir():
        problems.error(settings.shown(series_dir), None, "der Ordner mit den Inhalten fehlt",
                       "python3 build.py new year 2022 \"Thema\" legt ihn an")
        return Content([], {})
    errors_before = len(problems.errors)
    speakers, unreadable = _load_speakers(series_dir / "speakers", settings, problems)
    years: list[Year] = []
    for entry in sorted(series_dir.iterdir()):
        if entry.name.startswith(".") or entry.name == "speakers":
            continue
        if not (entry.is_dir() and re.fullmatch(r"\d{4}", entry.name)):
            problems.error(settings.shown(entry), None, "unerwarteter Eintrag in series/",
                           "series/ enthält nur Jahresordner (z. B. 2022/) und speakers/")
            continue
        year = _load_year(entry, settings, problems)
        if year:
            years.append(year)
    return Content(years, speakers, unreadable_speakers=unreadable, complete=len(problems.errors) == errors_before)


def _markdown_files(folder: Path, settings: Settings, problems: Problems) -> list[Path]:
    """The .md files of a folder; anything else is reported, never silently skipped."""
    if not folder.is_dir():
        return []
    files = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".md":
            files.append(entry)
        else:
            problems.error(settings.shown(entry), None, "hier werden nur .md-Dateien gelesen",
                           "die Datei umbenennen (….md) oder an einen anderen Ort verschieben")
    return files


RESERVED_SLUGS = frozenset({"index", "calendar"})
"""Names the site uses itself: /2021/index.md is the year page, /2021/calendar.ics its feed."""


def _check_slug(path: Path, settings: Settings, problems: Problems) -> bool:
    if path.stem in RESERVED_SLUGS:
        problems.error(settings.shown(path), None, f"der Dateiname „{path.name}“ ist für die Seite selbst reserviert",
                       f"umbenennen, z. B. in „{path.stem}-1.md“")
        return False
    if len(path.stem) > MAX_SLUG_LENGTH:
        problems.error(settings.shown(path), None,
                       f"der Dateiname ist zu lang ({len(path.stem)} Zeichen, höchstens {MAX_SLUG_LENGTH})",
                       f"kürzer umbenennen, z. B. in „{path.stem[:40].rstrip('-')}.md“")
        return False
    if re.fullmatch(SLUG_PATTERN, path.stem):
        return True
    problems.error(settings.shown(path), None,
                   "der Dateiname ist kein gültiger Kurzname (nur Kleinbuchstaben, Ziffern, Bindestriche)",
                   f"umbenennen in „{slugify(path.stem) or 'name'}.md“")
    return False


def _load_speakers(folder: Path, settings: Settings, problems: Problems) -> tuple[dict[str, Speaker], frozenset[str]]:
    """The speakers that load, and the slugs of those whose files have errors (reported here, once)."""
    speakers: dict[str, Speaker] = {}
    unreadable: set[str] = set()
    for path in _markdown_files(folder, settings, problems):
        if not _check_slug(path, settings, problems):
            unreadable.add(slugify(path.stem))
            continue
        source, meta = _read_validated(path, settings.shown(path), SpeakerFrontMatter, None, problems)
        if meta:
            speakers[path.stem] = Speaker(path.stem, meta, source.body, source)
        else:
            unreadable.add(path.stem)
    return speakers, frozenset(unreadable)


def _load_year(folder: Path, settings: Settings, problems: Problems) -> Year | None:
    theme_path = folder / "theme.yml"
    shown = settings.shown(theme_path)
    if not theme_path.is_file():
        problems.error(shown, None, f"der Jahresordner {folder.name}/ hat keine theme.yml",
                       f"python3 build.py new year {folder.name} \"Thema\" legt sie an")
        return None
    source, theme = _read_validated(theme_path, shown, Theme, None, problems)
    extra = sorted(p.name for p in folder.iterdir() if p.name not in ("theme.yml", "sessions") and not p.name.startswith("."))
    for name in extra:
        problems.error(settings.shown(folder / name), None, "unerwartete Datei im Jahresordner",
                       "ein Jahresordner enthält theme.yml und den Ordner sessions/")
    if not theme:
        # theme.yml has errors (already reported, so nothing will be built): a placeholder
        # keeps the year's sessions in the cross-file checks, so an editor sees every
        # mistake in one round instead of a second wave after fixing theme.yml.
        theme = Theme.model_construct(title=folder.name, summary="")
        source = source or SourceFile(shown, Document({}))
    zone = ZoneInfo(theme.timezone) if theme.timezone else settings.zone
    year = Year(int(folder.name), theme, source, zone)
    for path in _markdown_files(folder / "sessions", settings, problems):
        session = _load_session(path, year, settings, problems)
        if session:
            year.sessions.append(session)
    return year


def _load_session(path: Path, year: Year, settings: Settings, problems: Problems) -> Session | None:
    if not _check_slug(path, settings, problems):
        return None
    source, meta = _read_validated(path, settings.shown(path), SessionFrontMatter, year.zone, problems)
    if not meta:
        return None
    end = meta.end
    if not isinstance(end, datetime):
        typed = str(source.document.data.get("end"))
        try:  # a clock time on the day of a clock change may not exist, or exist twice
            end = localize(datetime.combine(meta.start.date(), end), year.zone, f"{meta.start:%Y-%m-%d} {typed}")
        except ValueError as exc:
            problems.error(source.path, source.document.line(("end",)), f"end: {exc}")
            return None
    if end <= meta.start:
        typed = source.document.data.get("end")
        problems.error(source.path, source.document.line(("end",)),
                       f"end: „{typed}“: das Ende liegt nicht nach dem Beginn ({meta.start:%Y-%m-%d %H:%M})",
                       "end ist die Uhrzeit des Endes am selben Tag (z. B. 16:30) oder ein vollständiger Zeitpunkt")
        return None
    if end - meta.start > timedelta(hours=24):
        problems.error(source.path, source.document.line(("end",)), "die Veranstaltung dauert länger als 24 Stunden",
                       "Datum von start und end prüfen")
        return None
    return Session(path.stem, year.year, meta, source.body, source, meta.start, end)
