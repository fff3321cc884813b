"""Sessions and their git lineages: identity across renames, former names, what each event is made of.

history.py reads the publishing branch's history without knowing the
content model; this module joins the two: it gives every session its
lineage (so a `git mv` keeps the calendar UID), its SEQUENCE over the
history, a warning for a move without `rescheduled_from`, and the former
names whose pages and .ics files must keep answering.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import PurePosixPath

from .content import Content, Session
from .history import History, Lineage, Version, sequence
from .problems import Problems
from .settings import Settings


def attach(content: Content, settings: Settings, history: History, problems: Problems) -> None:
    """Give every session its lineage; report a shallow clone and unannounced moves."""
    if history.shallow:
        problems.error(".git", None,
                       "das Git-Archiv ist ein flacher Klon (ohne die ältere Geschichte): Kalender-IDs und "
                       "SEQUENCE würden niedriger als veröffentlicht und Abonnent·innen bekämen Änderungen nicht",
                       "git fetch --unshallow ausführen (in GitHub Actions: fetch-depth: 0, in GitLab: GIT_DEPTH: 0)")
        return
    for year in content.years:
        for session in year.sessions:
            lineage = history.lineages.get(session.source.path)
            if lineage is None:
                lineage = Lineage(session.source.path)
            _adopt_by_alias(lineage, session, history)
            session.lineage = lineage
            current = Version("", datetime.max.replace(tzinfo=timezone.utc), session.source.path, session.meta,
                              session.start, session.end)
            session.history_sequence = sequence(lineage.versions, current)
            _warn_unannounced_move(session, lineage, history, problems)


def _adopt_by_alias(lineage: Lineage, session: Session, history: History) -> None:
    """A file git saw as deleted and re-added is the same session when it lists the old slug as alias.

    Each deleted file is adopted once (two sessions claiming one alias are an error of their own).
    """
    if lineage.former or lineage.origin != session.source.path:
        return
    folder = PurePosixPath(session.source.path).parent
    for alias in session.meta.aliases:
        old = (folder / f"{alias}.md").as_posix()
        dead = history.dead.pop(old, None)
        if dead is not None:
            lineage.origin = dead.origin
            lineage.former[:0] = dead.former + [dead.path]
            lineage.versions[:0] = dead.versions
            return


def _warn_unannounced_move(session: Session, lineage: Lineage, history: History, problems: Problems) -> None:
    """A start changed since the last published state, with the old time missing from rescheduled_from.

    The last published state is HEAD when the file has uncommitted changes,
    else HEAD's parent when HEAD itself changed the file (CI builds HEAD).
    """
    readable = [v for v in lineage.versions if v.key is not None]
    if not readable:
        return
    last = readable[-1]
    if session.start != last.start:
        before = last
    elif last.commit == history.head and len(readable) > 1:
        before = readable[-2]
    else:
        return
    if before.start == session.start or any(old == before.start for old in session.meta.rescheduled_from):
        return
    old = before.start.astimezone(session.start.tzinfo)
    problems.warning(session.source.path, session.source.document.line(("start",)),
                     f"der Beginn wurde von {old:%Y-%m-%d %H:%M} auf {session.start:%Y-%m-%d %H:%M} verschoben, "
                     "ohne dass rescheduled_from den alten Termin nennt – die Seite zeigt nicht „verschoben“",
                     f"rescheduled_from: [{old:%Y-%m-%d %H:%M}] ergänzen (Kalender erhalten die Änderung ohnehin)")


def event_inputs(session: Session, settings: Settings, config_name: str = "mkdocs.yml") -> list[str]:
    """The files whose text ends up in the session's VEVENT (paths relative to the project)."""
    year_folder = PurePosixPath(session.source.path).parent.parent
    inputs = [session.source.path, (year_folder / "theme.yml").as_posix(), config_name]
    inputs.extend(speaker.source.path for speaker in session.speakers)
    return inputs


def former_names(content: Content) -> list[tuple[Session, tuple[int, str]]]:
    """Every earlier (year, slug) of every session: `aliases:` and git renames.

    Their pages redirect, and their .ics files are copies of the current
    event: a calendar client does not follow an HTML redirect, and a static
    host cannot send an HTTP one.
    """
    current = {(session.year, session.slug) for session in content.sessions}
    found: list[tuple[Session, tuple[int, str]]] = []
    seen: set[tuple[int, str]] = set()
    for session in content.sessions:
        names = [(session.year, alias) for alias in session.meta.aliases]
        names += session.lineage.former_slugs() if session.lineage else []
        for name in names:
            if name not in current and name not in seen:
                seen.add(name)
                found.append((session, name))
    return found
