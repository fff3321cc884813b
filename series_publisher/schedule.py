"""The schedule: links between the loaded pieces, and the checks across files.

`build_schedule` resolves speaker slugs, orders each year's sessions, sets
previous/next, lists every speaker's sessions, and reports what only shows
when files are seen together (unknown speakers, duplicate UIDs, missing files,
overlaps, unbalanced years). Each pass is linear in the content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .content import Content, Session, Speaker, Year
from .model import free_uid
from .placeholders import launch_findings, placeholders
from .problems import Problems, did_you_mean
from .settings import Settings
from .slugs import slugify
from .vtimezone import check_zone

BALANCE_THRESHOLD = 2 / 3
"""A year whose larger perspective exceeds this share gets a warning."""


@dataclass(frozen=True)
class Balance:
    """Academic and practical contributions of one year."""

    academia: int
    practice: int
    unset: int
    uncounted: int = 0
    """Sessions whose files have errors: their perspective is not sure, so they are left out."""

    @property
    def leans(self) -> str | None:
        """'academia' or 'practice' when one clearly dominates."""
        total = self.academia + self.practice
        if total < 3 or self.uncounted:
            return None  # too few to judge, or not all could be counted
        if self.academia / total > BALANCE_THRESHOLD:
            return "academia"
        if self.practice / total > BALANCE_THRESHOLD:
            return "practice"
        return None


def balance(year: Year) -> Balance:
    """The year's perspectives, counting only sessions that take place and whose files have no errors."""
    counts = Counter(session.meta.perspective for session in year.sessions
                     if not session.is_cancelled and not session.has_errors)
    uncounted = year.unreadable + sum(session.has_errors for session in year.sessions)
    return Balance(counts["academia"], counts["practice"], counts[None], uncounted)


def build_schedule(content: Content, settings: Settings, problems: Problems) -> Content:
    """Link and check the content in place; returns it for chaining."""
    for year in content.years:
        year.sessions.sort(key=lambda s: (s.start, s.slug))
        _link_neighbours(year.sessions)
        _resolve_speakers(year.sessions, content, problems)
        _warn_overlaps(year.sessions, problems)
        _warn_outside_year(year, problems)
        _warn_balance(year, problems)
    for speaker in content.speakers.values():
        speaker.sessions.sort(key=lambda s: (s.start, s.slug))
    _check_unique_ids(content, problems)
    _check_aliases(content, problems)
    _check_files(content, settings, problems)
    _check_zones(content, settings, problems)
    _warn_speakers(content, problems)
    _warn_placeholders(content, settings, problems)
    _warn_recordings(content, problems)
    return content


def _link_neighbours(sessions: list[Session]) -> None:
    for before, after in zip(sessions, sessions[1:]):
        before.next, after.previous = after, before


def _speaker_hint(typed: str, content: Content) -> str:
    """How to name a speaker the editor meant: by display name, by slug of that name, or by the nearest slug."""
    by_name = {speaker.name.casefold(): slug for slug, speaker in content.speakers.items()}
    meant = by_name.get(typed.strip().casefold()) or (slugify(typed) if slugify(typed) in content.speakers else None)
    if meant:
        return f"unter speakers: steht der Kurzname (Dateiname ohne .md), nicht der Name: meinten Sie „{meant}“?"
    return did_you_mean(typed, content.speakers) or "python3 build.py new speaker \"Name\" legt eine Datei an"


def _resolve_speakers(sessions: list[Session], content: Content, problems: Problems) -> None:
    for session in sessions:
        for index, slug in enumerate(session.meta.speakers):
            speaker = content.speakers.get(slug)
            if speaker is None:
                if slug in content.unreadable_speakers:
                    continue  # the speaker's own file is reported; its slug is not the mistake here
                problems.error(session.source.path, session.source.document.line(("speakers", index)),
                               f"speakers: unbekannte Referent·in „{slug}“ (keine Datei series/speakers/{slug}.md)",
                               _speaker_hint(slug, content))
                continue
            if speaker not in session.speakers:
                session.speakers.append(speaker)
                speaker.sessions.append(session)
        if not session.meta.speakers:
            document = session.source.document
            line = document.line(("speakers",)) if ("speakers",) in document.lines else None
            problems.warning(session.source.path, line, "die Veranstaltung hat keine Referierenden",
                             "unter speakers: die Kurznamen aus series/speakers/ eintragen")


def _warn_overlaps(sessions: list[Session], problems: Problems) -> None:
    active = [s for s in sessions if not s.is_cancelled]
    for before, after in zip(active, active[1:]):
        if after.start < before.end:
            problems.warning(after.source.path, after.source.document.line(("start",)),
                             f"überschneidet sich zeitlich mit {before.source.path}",
                             "Beginn oder Ende prüfen")


def _warn_outside_year(year: Year, problems: Problems) -> None:
    for session in year.sessions:
        if session.start.year != year.year:
            problems.warning(session.source.path, session.source.document.line(("start",)),
                             f"das Datum liegt nicht im Jahr {year.year} des Ordners",
                             "Datum prüfen oder die Datei in den passenden Jahresordner verschieben")


def _warn_balance(year: Year, problems: Problems) -> None:
    counts = balance(year)
    if counts.leans:
        problems.warning(year.source.path, None,
                         f"das Programm {year.year} ist einseitig: {counts.academia} × Wissenschaft (academia), "
                         f"{counts.practice} × Praxis (practice)",
                         "die Reihe soll wissenschaftliche und praktische Beiträge ausgleichen")


def _check_unique_ids(content: Content, problems: Problems) -> None:
    seen: dict[str, Session] = {}
    taken = {session.uid_key for session in content.sessions}
    for session in content.sessions:
        first = seen.setdefault(session.uid_key, session)
        if first is not session:
            # Point at the file whose `id:` line causes the clash (the other may not have one).
            culprit, other = (session, first) if session.meta.id else (first, session)
            free = free_uid(culprit.year, culprit.slug, taken)
            taken.add(free)
            problems.error(culprit.source.path, culprit.source.document.line(("id",)),
                           f"id: die Kalender-ID „{session.uid_key}“ hat schon {other.source.path}",
                           f"jede Veranstaltung braucht eine eigene id; frei ist z. B. „id: {free}“")


def _check_aliases(content: Content, problems: Problems) -> None:
    for year in content.years:
        taken = {session.slug: session for session in year.sessions}
        for session in year.sessions:
            for index, alias in enumerate(session.meta.aliases):
                owner = taken.setdefault(alias, session)
                if alias == session.slug:
                    problems.error(session.source.path, session.source.document.line(("aliases", index)),
                                   f"„{alias}“ ist der jetzige Kurzname, kein früherer",
                                   "unter aliases nur frühere Dateinamen eintragen")
                elif owner is not session:
                    problems.error(session.source.path, session.source.document.line(("aliases", index)),
                                   f"der frühere Kurzname „{alias}“ ist schon vergeben ({owner.source.path})",
                                   "aliases nennt nur frühere Dateinamen dieser Veranstaltung")


def _check_files(content: Content, settings: Settings, problems: Problems) -> None:
    """Every file an editor names under content/ must exist."""

    def require(path: str | None, source_path: str, line: int, what: str) -> None:
        if path and not (settings.docs_dir / path).is_file():
            meant = _other_case(settings.docs_dir, path)
            problems.error(source_path, line, f"{what} „{path}“ gibt es nicht unter {settings.shown(settings.docs_dir)}/",
                           f"meinten Sie „{meant}“? Groß-/Kleinschreibung zählt: so eintragen oder die Datei umbenennen"
                           if meant else "Pfad und Schreibweise prüfen (Groß-/Kleinschreibung zählt)")

    for speaker in content.speakers.values():
        line = speaker.source.document.line(("photo",))
        require(speaker.meta.photo, speaker.source.path, line, "photo: das Foto")
        if speaker.meta.photo and (settings.docs_dir / speaker.meta.photo).is_file():
            _check_photo(settings.docs_dir / speaker.meta.photo, speaker, problems)
    for session in content.sessions:
        line = session.source.document.line
        recording = session.published_recording
        if recording is not None:
            if recording.media_kind:
                require(recording.url, session.source.path, line(("recording", "url")), "recording.url: die Aufzeichnung")
            require(recording.captions, session.source.path, line(("recording", "captions")),
                    "recording.captions: die Untertiteldatei")
        for index, material in enumerate(session.meta.materials):
            require(material.file, session.source.path, line(("materials", index, "file")), "materials: die Datei")


def _other_case(root: Path, path: str) -> str | None:
    """The file the editor meant when only upper/lower case differs (`Prof-Dr-Lea.JPG` for `prof-dr-lea.jpg`)."""
    folder, _, name = path.rpartition("/")
    directory = root / folder
    if not directory.is_dir():
        return None
    found = next((entry.name for entry in sorted(directory.iterdir())
                  if entry.name.casefold() == name.casefold() and entry.is_file()), None)
    return f"{folder}/{found}" if found and folder else found


def _check_photo(path: Path, speaker: Speaker, problems: Problems) -> None:
    """A photo must be an image Pillow can read, of a size it can decode (it reads only the header here)."""
    from .images import size_problem

    problem = size_problem(path)
    if problem:
        report_photo(speaker, problem, problems)


def report_photo(speaker: Speaker, problem: str, problems: Problems) -> None:
    """What is wrong with a speaker's photo, at its `photo:` line: `check` (the header) and the build
    (the whole image, `images.portrait`) say it alike."""
    from .images import SIZE_HINT

    problems.error(speaker.source.path, speaker.source.document.line(("photo",)), f"das Foto {problem}", SIZE_HINT)


def _check_zones(content: Content, settings: Settings, problems: Problems) -> None:
    """Each year's time zone must be one the calendars can describe to Outlook."""
    for year in content.years:
        if not year.sessions:
            continue
        try:
            check_zone(year.zone.key, year.sessions[0].start, year.sessions[-1].end)
        except ValueError as exc:
            where = year.source.path if year.theme.timezone else "mkdocs.yml"
            line = year.source.document.line(("timezone",)) if year.theme.timezone else None
            problems.error(where, line, f"die Zeitzone {year.zone.key} lässt sich im Kalender nicht abbilden: {exc}",
                           "eine Zeitzone mit jährlich gleicher Sommerzeitregel wählen, z. B. Europe/Berlin")


def _warn_namesakes(content: Content, problems: Problems) -> None:
    """Two speaker files for one person (same name, or names that differ only in accents or case)."""
    groups: dict[str, list[Speaker]] = {}
    for speaker in content.speakers.values():
        groups.setdefault(slugify(speaker.name), []).append(speaker)
    for first, *others in groups.values():
        for speaker in others:
            problems.warning(speaker.source.path, speaker.source.document.line(("name",)),
                             f"name: „{speaker.name}“ gibt es schon in {first.source.path} („{first.name}“)",
                             "zwei Dateien für dieselbe Person? Eine löschen und überall deren Kurznamen eintragen; "
                             "sonst die Namen unterscheidbar machen (z. B. mit zweitem Vornamen)")


def _warn_speakers(content: Content, problems: Problems) -> None:
    _warn_namesakes(content, problems)
    for speaker in content.speakers.values():
        path = speaker.source.path
        if not speaker.sessions and content.complete:  # else the session naming them may be the broken file
            problems.warning(path, None, "diese Referent·in kommt in keiner Veranstaltung vor",
                             f"in einer Veranstaltung unter speakers: „{speaker.slug}“ eintragen oder die Datei löschen")
        if not speaker.bio.strip():
            problems.warning(path, None, "die Kurzbiografie fehlt", "unter dem Front Matter ein paar Sätze schreiben")
        if not speaker.meta.photo:
            problems.warning(path, None, "es ist kein Foto angegeben",
                             f"photo: images/speakers/{speaker.slug}.jpg (Datei unter content/)")


def _warn_recordings(content: Content, problems: Problems) -> None:
    """A recording promised for a cancelled session, or published before the session took place."""
    for session in content.sessions:
        recording, line = session.published_recording, session.source.document.line
        if session.meta.recording == "planned" and session.is_cancelled:
            problems.warning(session.source.path, line(("recording",)),
                             "recording: planned, aber die Veranstaltung ist abgesagt (status: cancelled)",
                             "„recording: none“ schreiben oder die Zeile löschen; die Seite kündigt keine Aufzeichnung an")
        elif recording is not None and recording.published:
            if recording.published < session.start.date():
                problems.warning(session.source.path, line(("recording", "published")),
                                 f"recording.published: „{recording.published:%Y-%m-%d}“ liegt vor der Veranstaltung "
                                 f"am {session.start:%Y-%m-%d}",
                                 "eine Aufzeichnung erst nach der Veranstaltung eintragen; Datum prüfen")


def _warn_placeholders(content: Content, settings: Settings, problems: Problems) -> None:
    """Template text still in place: a warning, or an error where the site asks for it (CI)."""
    report = problems.error if settings.options.fail_on_placeholders else problems.warning
    sources = [year.source for year in content.years]
    sources += [session.source for session in content.sessions]
    sources += [speaker.source for speaker in content.speakers.values()]
    for source in sources:
        for found in placeholders(source):
            where = f"{found.key}: " if found.key else ""
            report(source.path, found.line, f"{where}„{found.text}“ ist noch Platzhaltertext aus der Vorlage",
                   "durch den richtigen Text ersetzen" + ("" if found.key else " (unter der zweiten „---“-Zeile)"))


def warn_before_launch(settings: Settings, today: date, problems: Problems) -> None:
    """Example settings and template pages left from the shipped site: warnings, errors where the site asks (CI)."""
    report = problems.error if settings.options.fail_on_placeholders else problems.warning
    for found in launch_findings(settings, today):
        report(found.path, found.line, found.message, found.hint)


# ---------------------------------------------------------------- status on a reference date


def warn_recordings_ahead(content: Content, today: date, problems: Problems) -> None:
    """A recording published for a session that has not taken place yet (on the reference date)."""
    for session in content.sessions:
        if session.published_recording is not None and session.start.date() > today:
            problems.warning(session.source.path, session.source.document.line(("recording",)),
                             f"recording: eine Aufzeichnung für eine Veranstaltung, die erst am "
                             f"{session.start:%Y-%m-%d} stattfindet",
                             "vor dem Termin „recording: planned“ schreiben; die Aufzeichnung danach eintragen")


def is_upcoming(session: Session, today: date) -> bool:
    """Still ahead (or today) in the series' time zone."""
    return session.start.date() >= today


def registration_link(session: Session, year: Year) -> str | None:
    """Where this session takes registrations at all: its own link, else the series'.

    None for cancelled and booked-out sessions. Depends on the content only
    (the calendars use it); `registration_url` adds the reference date.
    """
    if session.is_cancelled or session.is_booked_out:
        return None
    if session.meta.registration:
        return session.meta.registration
    return year.theme.registration.url if year.theme.registration else None


def series_registration_open(year: Year, today: date) -> bool:
    registration = year.theme.registration
    return registration is not None and (registration.deadline is None or today <= registration.deadline)


def registration_url(session: Session, year: Year, today: date) -> str | None:
    """Where to register for this session today, or None when closed, booked out or cancelled."""
    if not is_upcoming(session, today):
        return None
    if session.meta.registration or series_registration_open(year, today):
        return registration_link(session, year)
    return None


def next_session(content: Content, today: date) -> Session | None:
    return next((s for s in content.sessions if is_upcoming(s, today) and not s.is_cancelled), None)


def featured_year(content: Content, today: date) -> Year | None:
    """The current or next year: the first with a session ahead, else the latest."""
    upcoming = next_session(content, today)
    if upcoming:
        return next(year for year in content.years if year.year == upcoming.year)
    future = [year for year in content.years if year.year >= today.year]
    return future[0] if future else (content.years[-1] if content.years else None)


def cancelled_before(content: Content, today: date, upcoming: Session | None) -> list[Session]:
    """Cancelled sessions still ahead that come before the next real one (all of them if none is left)."""
    return [s for s in content.sessions
            if s.is_cancelled and is_upcoming(s, today) and (upcoming is None or s.start < upcoming.start)]
