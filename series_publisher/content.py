"""The loaded content: typed speakers, sessions and years, read from series/.

`load_content` reads every file once, validates it against the content model
and returns what could be loaded plus every problem found; a broken file is
reported and left out, so the remaining files are still checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import paths
from .editor_file import EditorFile, Kind, read_editor_file
from .model import YEAR_PATTERN, Recording, SessionFrontMatter, SpeakerFrontMatter, Theme, uid_key
from .problems import Problem, Problems
from .settings import Settings
from .slugs import slugify
from .sources import Document, SourceFile

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
    has_errors: bool = False
    """The file has errors (reported): `meta` is its stand-in (editor_file.py), here only for the other checks."""

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
    has_errors: bool = False
    """The file has errors (reported): `meta` is its stand-in (editor_file.py), here only for the other checks."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def status(self) -> str:
        return self.meta.status

    @property
    def is_cancelled(self) -> bool:
        return self.meta.is_cancelled

    @property
    def is_tentative(self) -> bool:
        return self.meta.is_tentative

    @property
    def is_booked_out(self) -> bool:
        return self.meta.is_booked_out

    @property
    def published_recording(self) -> Recording | None:
        return self.meta.published_recording

    @property
    def ics_status(self) -> str:
        return self.meta.ics_status

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
        return self.meta.fallback_sequence


@dataclass(eq=False)
class Year:
    """A year of the series: its theme and its sessions in date order."""

    year: int
    theme: Theme
    source: SourceFile
    zone: ZoneInfo
    sessions: list[Session] = field(default_factory=list)
    unreadable: int = 0
    """Session files of the year that could not be read at all (reported): what counts them cannot be sure."""

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


_parsed: dict[str, tuple[tuple[int, int, str, str], EditorFile, list[Problem]]] = {}
"""Each file's last reading, by path, with its modification time, size, kind and zone: `serve`
rebuilds after every save, and only the files that changed are read again (a changed file
replaces its entry, so the cache does not grow with every save)."""


def _read(path: Path, shown: str, kind: Kind, zone: ZoneInfo | None, problems: Problems) -> EditorFile:
    """An editor's file through the one reader (editor_file.py), once per version of its content."""
    stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size, kind, getattr(zone, "key", ""))
    cached = _parsed.get(str(path))
    if cached is None or cached[0] != version:
        found = Problems()
        cached = _parsed[str(path)] = (version, read_editor_file(path, shown, kind, found, zone), found.items)
    problems.extend(cached[2])
    return cached[1]


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
        if not (entry.is_dir() and re.fullmatch(YEAR_PATTERN, entry.name)):
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


def _load_speakers(folder: Path, settings: Settings, problems: Problems) -> tuple[dict[str, Speaker], frozenset[str]]:
    """The speakers that load, and the slugs of those whose files have errors (reported here, once)."""
    speakers: dict[str, Speaker] = {}
    unreadable: set[str] = set()
    for path in _markdown_files(folder, settings, problems):
        read = _read(path, settings.shown(path), "speaker", None, problems)
        meta = read.meta or read.stand_in
        if meta:
            speakers[path.stem] = Speaker(path.stem, meta, read.source.body, read.source, has_errors=not read.meta)
        else:
            unreadable.update({path.stem, slugify(path.stem)})
    return speakers, frozenset(unreadable)


def _load_year(folder: Path, settings: Settings, problems: Problems) -> Year | None:
    theme_path = folder / "theme.yml"
    shown = settings.shown(theme_path)
    if not theme_path.is_file():
        problems.error(shown, None, f"der Jahresordner {folder.name}/ hat keine theme.yml",
                       f"python3 build.py new year {folder.name} \"Thema\" legt sie an")
        return None
    read = _read(theme_path, shown, "theme", None, problems)
    source, theme = read.source, read.meta
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
        else:
            year.unreadable += 1
    return year


def _load_session(path: Path, year: Year, settings: Settings, problems: Problems) -> Session | None:
    read = _read(path, settings.shown(path), "session", year.zone, problems)
    meta = read.meta or read.stand_in
    if not meta:
        return None
    return Session(path.stem, year.year, meta, read.source.body, read.source, meta.start, meta.end,
                   has_errors=not read.meta)
