"""iCalendar feeds: one small function per job — event, calendar, bytes.

Calendars depend on the content and its git history alone (never on the
reference date or the build clock): DTSTAMP and LAST-MODIFIED are the last
change of any file whose text is in the event (`event_time`), SEQUENCE and
the UID come from the session's history (history.py), and
every DTSTART/DTEND carries the series' TZID with a VTIMEZONE in the same
file, in the compact RRULE form Outlook writes. Every value is escaped and
serialised by icalendar; no ICS text is ever built by hand. Only the folding
is redone here (see `fold`), because icalendar 7.3.0 can split an escaped
backslash across two lines.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta, timezone
from typing import Iterable, Mapping

import icalendar

from .content import Content, Session, Year
from .i18n import Locale
from .lineages import event_inputs, former_names
from .output import SiteFile
from .paths import CALENDAR_PATH, session_calendar_path, year_calendar_path
from .recordings import published_recording
from .schedule import registration_link
from .settings import Settings
from .text import plain_text
from .timestamps import FileTime
from .vtimezone import vtimezone


def uid(session: Session, settings: Settings) -> str:
    """Stable for the life of the session: independent of title, date and build."""
    return f"{session.uid_key}@{settings.host}"


def category(year: Year) -> str:
    """The year's theme as one CATEGORIES value.

    Commas and semicolons separate categories in Outlook, and the strict
    `ical` parser splits even an escaped comma, so a theme such as
    "Diversität, Inklusion und Teilhabe …" would fall apart into several
    categories; they become " / " here.
    """
    return re.sub(r"\s*[,;]\s*", " / ", year.theme.title)


def description(session: Session, year: Year, settings: Settings) -> str:
    """What the event says in its text, first what changed: clients that keep only title and
    description (calcurse, a one-off import, Outlook, which ignores STATUS) still tell a reader
    that it moved, was cancelled (and why), or where its recording is."""
    locale = Locale(settings.language)
    parts = [_news(session, locale, settings), plain_text(session.abstract)]
    if session.speakers:
        names = [s.name + (f" ({s.meta.organisation})" if s.meta.organisation else "") for s in session.speakers]
        parts.append(locale.t("ics_speakers") + ": " + ", ".join(names))
    registration = registration_link(session, year)
    if registration:
        parts.append(locale.t("ics_registration") + f": {registration}")
    parts.append(locale.t("ics_page") + f": {settings.page_url(session.path)}")
    return "\n\n".join(part for part in parts if part)


def _news(session: Session, locale: Locale, settings: Settings) -> str:
    """„Abgesagt. <reason>“, „Verschoben vom …“, „Aufzeichnung: …“ — the first paragraph, or ""."""
    if session.is_cancelled:
        return " ".join(filter(None, [locale.t("ics_cancelled"), session.meta.cancel_reason]))
    lines = []
    if session.is_rescheduled:
        dates = "; ".join(locale.t("ics_at", date=locale.long_date(old), time=locale.time(old))
                          for old in session.meta.rescheduled_from)
        lines.append(locale.t("ics_rescheduled", dates=dates))
    recording = published_recording(session)
    if recording:
        url = recording.url if "://" in recording.url else settings.page_url(recording.url)
        lines.append(locale.t("ics_recording", url=url))
    return "\n".join(lines)


def event(session: Session, year: Year, settings: Settings, changed: datetime) -> icalendar.Event:
    """The VEVENT of one session."""
    prefix = Locale(settings.language).t("ics_cancelled_prefix") if session.is_cancelled else ""
    stamp = changed.astimezone(timezone.utc)
    item = icalendar.Event()
    item.add("uid", uid(session, settings))
    item.add("dtstamp", stamp)
    item.add("last-modified", stamp)
    item.add("sequence", session.sequence)
    item.add("status", session.ics_status)
    item.add("summary", prefix + session.title)
    item.add("dtstart", session.start)
    item.add("dtend", session.end)
    item.add("description", description(session, year, settings))
    item.add("url", settings.page_url(session.path))
    item.add("location", session.meta.location or settings.options.location)
    item.add("categories", [category(year)])
    organiser = settings.options.organiser
    if organiser and organiser.email:
        item.add("organizer", f"mailto:{organiser.email}", parameters={"CN": organiser.name})
    if session.is_cancelled:
        item.add("transp", "TRANSPARENT")  # frees the slot in Outlook's free/busy
    return item


def event_time(session: Session, settings: Settings, changed: FileTime) -> datetime:
    """DTSTAMP/LAST-MODIFIED: the newest change of any file whose text is in the event.

    The session's file, its speakers' files (name, organisation), the year's
    theme.yml (theme, registration) and mkdocs.yml (location, organiser,
    addresses): when any of them changes, the stamp moves, so clients that
    compare stamps take the new DESCRIPTION. A change that does not reach
    the event (say a speaker's bio) moves it too — harmless, a client then
    just reads the same event again.
    """
    return max(changed(path) for path in event_inputs(session, settings))


def calendar(name: str, settings: Settings, feed: bool = True) -> icalendar.Calendar:
    """An empty VCALENDAR; a subscribed `feed` also gets its name and refresh hints.

    A single event's file is imported once, not subscribed: a name or a
    refresh interval there would make some clients (Outlook, Apple) offer it
    as a calendar of its own. So only the feeds carry NAME, X-WR-CALNAME,
    REFRESH-INTERVAL and X-PUBLISHED-TTL (RFC 7986 §5.1, §5.7).
    """
    refresh = timedelta(hours=settings.options.refresh_hours)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//series-publisher//{settings.options.name}//{settings.language.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if not feed:
        return cal
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.options.timezone)
    # Both are a *lower* bound, never a promise of faster updates:
    # - REFRESH-INTERVAL is "a suggested minimum interval for polling for
    #   changes" (RFC 7986 §5.7).
    # - X-PUBLISHED-TTL is "a suggested iCalendar file download frequency"
    #   (MS-OXCICAL 2.1.3.1.1.15); classic Outlook's "Update Limit" box makes it
    #   a limit: with PT1H, send/receive does not fetch again within the hour
    #   (reported on Stack Overflow q. 538081, answer citing MS-OXCICAL).
    # The interval therefore decides how long a short-notice cancellation can
    # be held back in such a client: one hour (refresh_hours defaults to 1)
    # instead of the half day PT12H allowed. Google's and Microsoft's servers ignore both and
    # refresh on their own schedule; Thunderbird polls every 30 minutes.
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    # A bare timedelta would be written as "01:00:00"; Outlook wants PT1H.
    cal.add("x-published-ttl", icalendar.vDuration(refresh))
    return cal


def _zone_spans(sessions: Iterable[Session], settings: Settings) -> list[tuple[str, int, int]]:
    """Each zone the events use, with the years its VTIMEZONE must cover."""
    spans: dict[str, tuple[int, int]] = {}
    for session in sessions:
        key = getattr(session.start.tzinfo, "key", settings.options.timezone)
        first, last = spans.get(key, (session.start.year, session.end.year))
        spans[key] = (min(first, session.start.year), max(last, session.end.year))
    if not spans:
        # An empty feed still names its zone, so clients show it in the right one.
        spans[settings.options.timezone] = (2000, 2000)
    return [(key, first, last) for key, (first, last) in sorted(spans.items())]


@functools.lru_cache(maxsize=256)
def _vtimezone_lines(key: str, first_year: int, last_year: int) -> str:
    # Jan 2 / Dec 30 stand for "some time in that year": the rule start only
    # depends on the year, and the span check covers whole years.
    earliest = datetime(first_year, 1, 2, tzinfo=timezone.utc)
    latest = datetime(last_year, 12, 30, tzinfo=timezone.utc)
    return _serialise(vtimezone(key, earliest, latest))


def _serialise(component: icalendar.cal.Component) -> str:
    """icalendar's content lines of one component (escaped, not yet folded), each folded with `fold`."""
    return "".join(fold(line) + "\r\n" for line in map(str, component.content_lines()) if line)


def _wrap(header: str, components: Iterable[str]) -> bytes:
    """A serialised VCALENDAR with its already serialised components put in before its END line.

    Every piece is icalendar's serialisation: an event appears in three files
    (full feed, year, session), so it is serialised and folded once and the
    pieces are joined, instead of serialising it three times.
    """
    end = header.rindex("END:VCALENDAR")
    return (header[:end] + "".join(components) + header[end:]).encode("utf-8")


_FOLD_UNITS = re.compile(r"[\x00-\x5b\x5d\x5f-\x7f]+|\\.|\^.|.", re.DOTALL)
r"""What a fold must never split: a TEXT escape (\\, \, \; \n), an RFC 6868
parameter escape (^^ ^n ^'), or a character (the fold counts UTF-8 octets).
A run of ASCII other than `\` and `^` may be split anywhere: it is one match,
so a long DESCRIPTION costs a few matches instead of one per character."""


def fold(line: str, limit: int = 75) -> str:
    r"""One content line folded at `limit` octets (RFC 5545 3.1).

    icalendar 7.3.0 keeps `\n`, `\,` and `\;` together, but when the fold
    lands after an escaped backslash (`\\`) it moves the second backslash
    to the next line and so splits that escape; Google Calendar is reported
    to drop such events (icalendar issue #1501). Reading escapes left to
    right, as units, cannot split one.
    """
    if len(line) <= limit // 4 or len(line.encode("utf-8")) <= limit:
        return line
    lines, current, size = [], "", 0
    for unit in _FOLD_UNITS.findall(line):
        if len(unit) > 1 and unit[0] not in "\\^":  # plain ASCII: fill each line to the limit
            while unit:
                if size >= limit:
                    lines.append(current)
                    current, size = " ", 1
                taken = unit[:limit - size]
                current, size, unit = current + taken, size + len(taken), unit[len(taken):]
            continue
        width = len(unit.encode("utf-8"))
        if current and size + width > limit:
            lines.append(current)
            current, size = " ", 1
        current += unit
        size += width
    lines.append(current)
    return "\r\n".join(lines)


def calendar_files(content: Content, settings: Settings, changed: FileTime) -> list[SiteFile]:
    """The full feed, one per year, one per session (also at its former names); each event serialised once."""
    events = {id(session): _serialise(event(session, year, settings, event_time(session, settings, changed)))
              for year in content.years for session in year.sessions}
    headers = {(name, feed): _serialise(calendar(name, settings, feed))
               for name in [settings.calendar_name, *(f"{settings.calendar_name} {y.year}" for y in content.years)]
               for feed in (True, False)}
    name = settings.calendar_name
    files = [_calendar_file(CALENDAR_PATH, content.sessions, headers[name, True], events, settings)]
    for year in content.years:
        year_name = f"{name} {year.year}"
        files.append(_calendar_file(year_calendar_path(year.year), year.sessions, headers[year_name, True], events,
                                    settings))
        files.extend(_calendar_file(session_calendar_path(s.year, s.slug), [s], headers[year_name, False], events,
                                    settings) for s in year.sessions)
    taken = {file.path for file in files}
    for session, (year, slug) in former_names(content):
        path = session_calendar_path(year, slug)
        if path not in taken:  # a new session of that name wins
            taken.add(path)
            files.append(_calendar_file(path, [session], headers[name, False], events, settings))
    return files


def _calendar_file(path: str, sessions: list[Session], header: str, events: Mapping[int, str],
                   settings: Settings) -> SiteFile:
    """One .ics file: the serialised VCALENDAR `header` with the zones its sessions use and their events.

    `events` holds every session's serialised VEVENT by `id(session)`: each is made once and joined into
    the full feed, its year's file and its own.
    """
    zones = [_vtimezone_lines(*span) for span in _zone_spans(sessions, settings)]
    return SiteFile(path, _wrap(header, zones + [events[id(session)] for session in sessions]))
