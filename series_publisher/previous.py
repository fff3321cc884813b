"""Nothing subscribers rely on may disappear silently.

`python build.py check --previous <URL or file of the published calendar.ics>`
compares the calendar that is online now with the content about to be
published. Every UID in the old feed must still be there: a session that is
called off stays in the feed with `status: cancelled` (so calendar clients
strike it out), and a renamed session keeps its UID by pinning `id:`. A UID
that simply vanished would leave a ghost appointment in every subscriber's
calendar — that is an error.

Only an event that was already published as cancelled may go: its
subscribers have seen the cancellation.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

from .calendars import uid
from .content import Content, Session
from .problems import Problems
from .settings import Settings

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class PublishedEvent:
    """One VEVENT of the published feed."""

    uid: str
    summary: str
    url: str | None
    status: str
    line: int | None
    """Line of its UID in the feed (after unfolding), for the message."""

    @property
    def key(self) -> str:
        """The UID without '@host': the session's `id` (or '<year>-<slug>')."""
        return self.uid.rsplit("@", 1)[0]

    @property
    def slug_path(self) -> tuple[int, str] | None:
        """(year, slug) from the page URL, e.g. …/2021/auftakt/ → (2021, 'auftakt')."""
        match = re.search(r"/(\d{4})/([a-z0-9-]+)/?$", urlsplit(self.url or "").path)
        return (int(match[1]), match[2]) if match else None


def read_feed(source: str, problems: Problems) -> tuple[str, bytes] | None:
    """The feed's bytes from a URL (http/https) or a file path; None with a problem."""
    if urlsplit(source).scheme in ("http", "https"):
        try:
            request = urllib.request.Request(source, headers={"User-Agent": "series-publisher (build.py check)"})
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return source, response.read()
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            problems.error(source, None, f"der veröffentlichte Kalender ließ sich nicht laden ({reason})",
                           "Adresse prüfen (z. B. https://…/calendar.ics) oder eine heruntergeladene Datei angeben")
            return None
    path = Path(source)
    if not path.is_file():
        problems.error(source, None, "der veröffentlichte Kalender ist keine vorhandene Datei",
                       "Pfad zur calendar.ics der veröffentlichten Seite oder ihre Adresse (https://…) angeben")
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
            ))
    return events


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


def check_previous(source: str, content: Content, settings: Settings, problems: Problems) -> int | None:
    """Report every published UID that vanished; returns how many events were compared."""
    feed = read_feed(source, problems)
    if feed is None:
        return None
    name, data = feed
    events = published_events(name, data, problems)
    if events is None:
        return None
    current = {uid(session, settings): session for session in content.sessions}
    for event in events:
        if event.uid in current or event.status == "CANCELLED":
            continue
        problems.error(name, event.line, _message(event), _hint(event, content, settings))
    return len(events)


def _message(event: PublishedEvent) -> str:
    what = f"„{event.summary}“" if event.summary else "ein Termin"
    where = f" ({event.url})" if event.url else ""
    return (f"der veröffentlichte Termin {what}{where} mit der Kalender-ID „{event.uid}“ ist verschwunden – "
            "Abonnent:innen behielten ihn sonst ohne Absage im Kalender")


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
