"""Nothing subscribers rely on may disappear or change silently.

`python3 build.py check --previous <URL or file of the published calendar.ics>`
compares the calendar that is online now with the content about to be
published, and fails closed:

* Every UID in the old feed must still be there: a session that is called
  off stays in the feed with `status: cancelled` (so calendar clients strike
  it out); a renamed session keeps its UID (history.py follows git renames).
  A UID that simply vanished would leave a ghost appointment in every
  subscriber's calendar. Only an event already published as cancelled may go.
* SEQUENCE never goes down, and a change of start, end or status comes with
  a higher SEQUENCE: a client that imported the event refuses a lower one and
  ignores an equal one (RFC 5546 §2.1.5).
* A feed that cannot be read is a failure, never a pass; only
  `--first-publication` lets a build go on without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

from .calendars import uid
from .content import Content, Session
from .download import DEADLINE_SECONDS, SIZE_LIMIT, FeedError, download
from .model import SLUG_FORM, YEAR_FORM
from .problems import Problems
from .settings import Settings

MAX_SEQUENCE = 2_147_483_647
"""The largest iCalendar INTEGER (RFC 5545 §3.3.8)."""
_FEED_HINT = "die calendar.ics der veröffentlichten Seite angeben; ist sie es, wurde sie von Hand verändert"


@dataclass(frozen=True)
class PublishedEvent:
    """One VEVENT of the published feed."""

    uid: str
    summary: str
    url: str | None
    status: str
    line: int | None
    """Line of its UID in the feed (after unfolding), for the message."""
    sequence: int = 0
    start: datetime | None = None
    end: datetime | None = None

    @property
    def key(self) -> str:
        """The UID without '@host': the session's `id` (or '<year>-<slug>')."""
        return self.uid.rsplit("@", 1)[0]

    @property
    def slug_path(self) -> tuple[int, str] | None:
        """(year, slug) from the page URL, e.g. …/2021/auftakt/ → (2021, 'auftakt')."""
        match = re.search(rf"/({YEAR_FORM})/({SLUG_FORM})/?$", urlsplit(self.url or "").path)
        return (int(match[1]), match[2]) if match else None


def read_feed(source: str, problems: Problems, deadline: float = DEADLINE_SECONDS,
              limit: int = SIZE_LIMIT) -> tuple[str, bytes] | None:
    """The feed's bytes from a URL (https; http only on 127.0.0.1) or a file path; None with a problem.

    The server is not trusted: the whole download has one deadline, the
    answer a size cap, and a redirect may only stay on the same host.
    """
    if urlsplit(source).scheme in ("http", "https"):
        try:
            return source, download(source, deadline, limit)
        except FeedError as error:
            problems.error(source, None, f"der veröffentlichte Kalender ließ sich nicht laden ({error})",
                           "Adresse prüfen (z. B. https://…/calendar.ics) oder eine heruntergeladene Datei angeben")
            return None
    path = Path(source)
    if not path.is_file():
        problems.error(source, None, "der veröffentlichte Kalender ist keine vorhandene Datei",
                       "Pfad zur calendar.ics der veröffentlichten Seite oder ihre Adresse (https://…) angeben")
        return None
    if path.stat().st_size > limit:
        problems.error(source, None, f"die Datei ist größer als {limit // 1_000_000} MB – das ist kein Kalender "
                       "dieser Reihe", "die calendar.ics der veröffentlichten Seite angeben")
        return None
    return source, path.read_bytes()


def published_events(name: str, data: bytes, problems: Problems) -> list[PublishedEvent] | None:
    """The events of a feed; None with a problem when it is not an iCalendar file."""
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable input is a message, never a traceback
        problems.error(name, None, f"das ist keine lesbare iCalendar-Datei ({exc})",
                       "die calendar.ics der veröffentlichten Seite angeben")
        return None
    if not calendars:
        problems.error(name, None, "das ist keine iCalendar-Datei (kein BEGIN:VCALENDAR)",
                       "die calendar.ics der veröffentlichten Seite angeben")
        return None
    lines = _uid_lines(data)
    events = []
    for calendar in calendars:
        for item in calendar.walk("VEVENT"):
            event_uid = str(item.get("UID", "")).strip()
            if not event_uid:
                continue
            events.append(PublishedEvent(
                uid=event_uid,
                summary=str(item.get("SUMMARY", "")).strip(),
                url=str(item["URL"]).strip() if item.get("URL") else None,
                status=str(item.get("STATUS", "CONFIRMED")).strip().upper(),
                line=lines.get(event_uid),
                sequence=_integer(item.get("SEQUENCE"), name, lines.get(event_uid), problems),
                start=_instant(item, "DTSTART", name, lines.get(event_uid), problems),
                end=_instant(item, "DTEND", name, lines.get(event_uid), problems),
            ))
    return events


def _integer(value: object, name: str, line: int | None, problems: Problems) -> int:
    """SEQUENCE as published; one that is no iCalendar INTEGER is an error (it used to pass as 0)."""
    if value is None:
        return 0
    text = str(value).strip()
    if re.fullmatch(r"\d{1,10}", text) and int(text) <= MAX_SEQUENCE:
        return int(text)
    problems.error(name, line, f"SEQUENCE „{text[:40]}{'…' if len(text) > 40 else ''}“ ist keine Zahl "
                   f"zwischen 0 und {MAX_SEQUENCE} – der Vergleich wäre wertlos", _FEED_HINT)
    return MAX_SEQUENCE


def _instant(item: icalendar.Event, key: str, name: str, line: int | None, problems: Problems) -> datetime | None:
    """A DTSTART/DTEND as an instant in UTC; None when missing; an unreadable one is an error."""
    if key not in item:
        return None
    try:
        value = item.decoded(key)
    except (KeyError, ValueError, TypeError, OverflowError):
        value = None
    if isinstance(value, date) and not isinstance(value, datetime):
        return None  # an all-day event: no time to compare
    if not isinstance(value, datetime):
        problems.error(name, line, f"{key} „{str(item.get(key))[:40]}“ ist kein lesbares Datum", _FEED_HINT)
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _uid_lines(data: bytes) -> dict[str, int]:
    """UID → its line in the file (folded continuation lines are joined first)."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    found: dict[str, int] = {}
    physical = text.split("\n")
    index = 0
    while index < len(physical):
        start = index
        logical = physical[index]
        while index + 1 < len(physical) and physical[index + 1][:1] in (" ", "\t"):
            index += 1
            logical += physical[index][1:]
        if logical.upper().startswith("UID"):
            found.setdefault(logical.split(":", 1)[-1].strip(), start + 1)
        index += 1
    return found


@dataclass(frozen=True)
class Comparison:
    """What the comparison with the published feed found, for the closing line."""

    published: int
    """Events in the published feed."""
    kept: int
    """Of those, still in the new calendars."""
    removed_cancelled: int
    """Published as cancelled and now gone (allowed)."""

    def summary(self) -> str:
        if self.removed_cancelled == 0:
            return f"Veröffentlichter Kalender: alle {self.published} Termine sind noch da."
        return (f"Veröffentlichter Kalender: {self.kept} von {self.published} Terminen sind noch da, "
                f"{self.removed_cancelled} als abgesagt veröffentlichte"
                f"{'r wurde' if self.removed_cancelled == 1 else ' wurden'} entfernt.")


def check_previous(source: str, content: Content, settings: Settings, problems: Problems,
                   built_site: Path | None = None) -> Comparison | None:
    """Report every published UID that vanished or would change unseen; None when the feed is unreadable."""
    if built_site is not None and _inside(source, built_site):
        problems.error(source, None, "das ist der eben lokal gebaute Kalender, nicht der veröffentlichte – "
                       "er würde nur mit sich selbst verglichen",
                       "die Adresse der veröffentlichten Seite angeben (https://…/calendar.ics)")
        return None
    feed = read_feed(source, problems)
    if feed is None:
        return None
    name, data = feed
    events = published_events(name, data, problems)
    if events is None:
        return None
    current = {uid(session, settings): session for session in content.sessions}
    kept = removed = 0
    for event in events:
        session = current.get(event.uid)
        if session is not None:
            kept += 1
            _check_sequence(name, event, session, problems)
        elif event.status == "CANCELLED":
            removed += 1
        else:
            problems.error(name, event.line, _message(event), _hint(event, content, settings))
    return Comparison(len(events), kept, removed)


def _inside(source: str, folder: Path) -> bool:
    if urlsplit(source).scheme in ("http", "https"):
        return False
    try:
        Path(source).resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


_HISTORY_HINT = ("die Kalender werden aus der Git-Geschichte berechnet: mit vollständiger Geschichte prüfen "
                 "(git fetch --unshallow); wurde die Geschichte von main umgeschrieben (force-push)? "
                 "Dann die alte Geschichte wiederherstellen")


def _check_sequence(name: str, event: PublishedEvent, session: Session, problems: Problems) -> None:
    """SEQUENCE may not go down, and a changed time or status needs a higher one (RFC 5546 §2.1.5)."""
    what = f"„{session.title}“ ({session.source.path})"
    if session.sequence < event.sequence:
        problems.error(name, event.line,
                       f"SEQUENCE von {what} würde von {event.sequence} auf {session.sequence} sinken – "
                       "Kalender, die den Termin importiert haben, lehnen die neue Fassung ab", _HISTORY_HINT)
        return
    start, end = session.start.astimezone(timezone.utc), session.end.astimezone(timezone.utc)
    changed = [label for label, old, new in [("Beginn", event.start, start), ("Ende", event.end, end),
                                             ("Status", event.status, session.ics_status)]
               if old is not None and old != new]
    if changed and session.sequence == event.sequence:
        problems.error(name, event.line,
                       f"{', '.join(changed)} von {what} hat sich geändert, SEQUENCE bleibt aber {event.sequence} – "
                       "Kalender, die den Termin importiert haben, übernähmen die Änderung nicht", _HISTORY_HINT)


def _message(event: PublishedEvent) -> str:
    what = f"„{event.summary}“" if event.summary else "ein Termin"
    where = f" ({event.url})" if event.url else ""
    return (f"der veröffentlichte Termin {what}{where} mit der Kalender-ID „{event.uid}“ ist verschwunden – "
            "Abonnent·innen behielten ihn sonst ohne Absage im Kalender")


def _hint(event: PublishedEvent, content: Content, settings: Settings) -> str:
    host = event.uid.rsplit("@", 1)[-1] if "@" in event.uid else ""
    if host and host != settings.host:
        return (f"die Kalender-IDs enden jetzt auf @{settings.host} statt @{host}: wurde site_url in mkdocs.yml "
                "geändert? Dann ändern sich alle IDs – site_url zurücksetzen")
    renamed = _renamed_to(event, content)
    if renamed is not None:
        return (f"wurde sie umbenannt zu {renamed.source.path}? Dann dort „id: {event.key}“ eintragen "
                "(und die alte Adresse unter aliases:); sonst die Datei wiederherstellen und „status: cancelled“ setzen")
    return ("die Datei wiederherstellen und „status: cancelled“ setzen (so wird der Termin bei allen abgesagt); "
            f"nach einem Umbenennen in der neuen Datei „id: {event.key}“ eintragen")


def _renamed_to(event: PublishedEvent, content: Content) -> Session | None:
    """The session this event probably became: it lists the old slug as alias, or has the same title."""
    old = event.slug_path
    for session in content.sessions:
        if old and session.year == old[0] and old[1] in session.meta.aliases:
            return session
    summary = event.summary.casefold()
    same_title = [session for session in content.sessions if session.title.casefold() == summary]
    return same_title[0] if len(same_title) == 1 else None
