"""Page data: what each generated page shows, as plain values for a template.

Nothing here renders HTML. Each function returns a `PageData` whose context
(one of contexts.py's shapes, the contract with its template) holds plain
text (templates escape it), Markdown written by editors (which the site
generator renders), and relative links between site paths. Everything is
computed once per page from the linked content: no page scans all sessions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable
from urllib.parse import quote, urlencode, urlsplit

from .content import Content, Session, Speaker, Year
from .context_parts import (CalendarLinks, ProgrammeLink, RecordingRow, SessionRow, SpeakerLink, SpeakerRef, Status,
                            When)
from .contexts import (ArchiveYear, Common, HomeContext, NextSession, NotFound, RecordingGroup, RecordingsPage,
                       SessionDetail, SessionPage, SiteExtra, SpeakerPage, SpeakersPage, StatementLink, YearFeed,
                       YearPage, YearRegistration)
from .i18n import Locale, foreign_language
from .images import PORTRAIT_SIZE
from .schedule import (balance, cancelled_before, featured_year, is_upcoming, next_session, registration_url,
                       series_registration_open)
from .recordings import RecordingView, duration_text, iso_duration, published_recording, recorded_sessions
from . import paths
from .output import PageData, PageEntry
from .paths import ASSETS_PATH, CALENDAR_PATH, RECORDINGS_PATH, SPEAKERS_PATH, SUBSCRIBE_PATH, link, portrait_path, webcal
from .settings import Settings
from .easy_pages import site_links
from .statement import statement_entry, statement_page
from .subscribe import subscribe_entry, subscribe_page
from .schema_org import session_event
from .text import first_paragraph, plain_text, shorten

ADD_LINK_TEXT = 300
"""Characters of the abstract in an add link: enough to recognise it, short enough for any URL limit."""



def _no_programme(path: str) -> None:
    """No programme PDFs (tests of the page data alone)."""
    return None


@dataclass
class PageBuilder:
    """Builds every page's data for one reference date."""

    content: Content
    settings: Settings
    today: date
    _when: dict[int, When] = field(default_factory=dict, repr=False)
    """Formatted dates per session: each session appears on several pages."""
    programme_size: Callable[[str], int | None] = _no_programme
    """Bytes of a year's programme PDF by its site path (site.py: Programmes.size, which waits for
    that PDF); None: no PDF, so no link."""
    last_change: datetime | None = None
    """The last commit's time, else SOURCE_DATE_EPOCH (`BuildInputs.last_change`): the statement's default date."""

    @functools.cached_property
    def _years(self) -> dict[int, Year]:
        """Each year by its number: a session's status needs its year's registration."""
        return {year.year: year for year in self.content.years}

    @functools.cached_property
    def recordings(self) -> RecordingView:
        """Recordings and materials, for every session page."""
        return RecordingView(self.settings)

    @functools.cached_property
    def locale(self) -> Locale:
        """The site language's strings and formats, made once: `t` asks it for every string."""
        return Locale(self.settings.language)

    def t(self, key: str, **values: object) -> str:
        return self.locale.t(key, **values)

    # -------------------------------------------------------------- shared pieces

    def when(self, session: Session) -> When:
        if id(session) not in self._when:
            self._when[id(session)] = self._format_when(session)
        return self._when[id(session)]

    def _format_when(self, session: Session) -> When:
        locale = self.locale
        return {
            "weekday": locale.weekday(session.start),
            "date_long": locale.long_date(session.start),
            "date_short": locale.short_date(session.start),
            "time_range": locale.time_range(session.start, session.end),
            "zone_short": locale.zone_short(session.start),
            "zone_long": locale.zone_long(session.start),
            "start_iso": session.start.isoformat(),
        }

    def status(self, session: Session) -> Status:
        """Where the session stands on the reference date, in words (never by colour alone).

        The badge's words are the template's (macro `status_badge`); only
        upcoming sessions carry a registration link, only past ones a recording.
        """
        rescheduled = [self.locale.long_date(d) + ", " + self.locale.time(d) for d in session.meta.rescheduled_from]
        past = not session.is_cancelled and not is_upcoming(session, self.today)
        year = self._years[session.year]
        return {
            "is_cancelled": session.is_cancelled,
            "cancel_reason": session.meta.cancel_reason if session.is_cancelled else None,
            "is_past": past,
            "is_tentative": session.is_tentative,
            "rescheduled_from": rescheduled,
            "rescheduled_text": self.t("rescheduled_from", dates="; ".join(rescheduled)) if rescheduled else "",
            "booked_out": session.is_booked_out and not past,
            "registration_url": registration_url(session, year, self.today),
            "has_recording": past and published_recording(session) is not None,
        }

    def lang(self, declared: str | None) -> str | None:
        """The `lang` to put on editor text: its language where it is not the interface's."""
        return foreign_language(declared or self.settings.options.content_language, self.settings.language)

    def speaker_ref(self, speaker: Speaker, here: str) -> SpeakerRef:
        meta = speaker.meta
        return {
            "name": meta.name,
            "role": meta.role,
            "organisation": meta.organisation,
            "url": link(here, speaker_path(speaker)),
            "photo": self.photo(speaker, here),
            "photo_size": PORTRAIT_SIZE,
            "short_bio": first_paragraph(speaker.bio),
            "lang": self.lang(meta.language),
        }

    def photo(self, speaker: Speaker, here: str) -> str | None:
        return link(here, portrait_path(speaker.slug)) if speaker.meta.photo else None

    def sector(self, speaker: Speaker) -> str | None:
        return self.t(speaker.meta.sector) if speaker.meta.sector else None

    def speaker_links(self, session: Session, here: str) -> list[SpeakerLink]:
        return [{"name": s.name, "url": link(here, speaker_path(s))} for s in session.speakers]

    def perspective(self, session: Session) -> str:
        return self.t(session.meta.perspective) if session.meta.perspective else ""

    def session_row(self, session: Session, here: str) -> SessionRow:
        return {
            "title": session.title,
            "lang": self.lang(session.meta.language),
            "url": link(here, session.path),
            "recording_url": link(here, session.path) + "#aufzeichnung",
            "when": self.when(session),
            "status": self.status(session),
            "perspective": self.perspective(session),
            "speakers": self.speaker_links(session, here),
        }

    def common(self, here: str) -> Common:
        return {
            "t": self.locale.strings,
            "example_data": self.settings.options.example_data,
            "assets": link(here, ASSETS_PATH),
            "content_lang": self.lang(None),
        }

    # -------------------------------------------------------------- pages

    def all_pages(self) -> list[PageData]:
        return [make(entry) for entry, make in self.plan()]

    def plan(self) -> list[tuple[PageEntry, Callable[[PageEntry], PageData]]]:
        """Every generated page's entry, in order, with the function that adds its data.

        The entries are cheap: a site generator can list the pages before any data is made.
        """
        plan: list[tuple[PageEntry, Callable[[PageEntry], PageData]]] = [
            (self.session_entry(session), functools.partial(self.session_page, session))
            for session in self.content.sessions]
        plan.append((self.recordings_entry(), self.recordings_page))
        plan.append((self.speakers_entry(), self.speakers_page))
        plan += [(self.speaker_entry(speaker), functools.partial(self.speaker_page, speaker))
                 for speaker in self.content.speakers.values()]
        plan.append((subscribe_entry(self), functools.partial(subscribe_page, self)))
        plan.append((statement_entry(self), functools.partial(statement_page, self)))
        # Last: each links its programme PDF with the size, so it waits for Typst (the newest year first).
        plan += [(self.year_entry(year), functools.partial(self.year_page, year)) for year in reversed(self.content.years)]
        return plan

    def session_entry(self, session: Session) -> PageEntry:
        return PageEntry(session.path, session.title, "session.html", session.source.path, markdown=session.abstract)

    def session_page(self, session: Session, entry: PageEntry) -> PageData:
        here = entry.path
        year = self._years[session.year]
        when = self.when(session)
        detail: SessionDetail = {
            "title": session.title,
            "lang": self.lang(session.meta.language),
            "when": when,
            "status": self.status(session),
            "perspective": self.perspective(session),
            "location": session.meta.location or self.settings.options.location,
            "speakers": [self.speaker_ref(s, here) for s in session.speakers],
            "recording": self.recordings.recording(session, here, self.today),
            "materials": self.recordings.materials(session, here),
        }
        context: SessionPage = {
            **self.common(here),
            "session": detail,
            "year": {"year": year.year, "title": year.theme.title, "url": link(here, year.path)},
            "calendar": self.add_to_calendar(session, here),
            "previous": self.session_row(session.previous, here) if session.previous else None,
            "next": self.session_row(session.next, here) if session.next else None,
        }
        description = self.t("description_session", date=when["date_long"], time=when["time_range"],
                             title=session.title, series=self.settings.options.name)
        return PageData.of(entry, description, context, session_event(session, year, self.settings))

    def year_entry(self, year: Year) -> PageEntry:
        programme = self.t("programme_year", year=year.year)
        return PageEntry(year.path, programme + ": " + year.theme.title, "year.html", year.source.path,
                         nav_title=programme, markdown=year.theme.summary)

    def year_page(self, year: Year, entry: PageEntry) -> PageData:
        here = entry.path
        theme = year.theme
        counts = balance(year)
        context: YearPage = {
            **self.common(here),
            "year": year.year,
            "theme": {"title": theme.title, "subtitle": theme.subtitle,
                      "capacity": theme.capacity},
            "registration": self.year_registration(year),
            "sessions": [self.session_row(s, here) for s in year.sessions],
            "balance": {"academia": counts.academia, "practice": counts.practice},
            "zone": self.locale.zone_generic(year.zone),
            "feed": self.year_feed(year, here),
            "programme_pdf": self.programme_link(year, here),
        }
        description = self.t("description_year", year=year.year, series=self.settings.options.name, title=theme.title)
        return PageData.of(entry, description, context)

    def year_registration(self, year: Year) -> YearRegistration | None:
        """Registration for the whole year, where its theme has one: the button while open, „geschlossen“ after."""
        registration = year.theme.registration
        if registration is None:
            return None
        open_ = series_registration_open(year, self.today)
        return {"url": registration.url if open_ else None,
                "deadline": self.locale.long_date(registration.deadline) if registration.deadline else None,
                "closed": not open_}

    def speakers_entry(self) -> PageEntry:
        return PageEntry(SPEAKERS_PATH, self.t("speakers"), "speakers.html")

    def speakers_page(self, entry: PageEntry) -> PageData:
        here = entry.path
        speakers = sorted(self.content.speakers.values(), key=surname_key)
        context: SpeakersPage = {
            **self.common(here),
            "speakers": [{"name": s.name, "url": link(here, speaker_path(s)), "organisation": s.meta.organisation,
                          "sector": self.sector(s)} for s in speakers],
        }
        return PageData.of(entry, self.t("description_speakers", series=self.settings.options.name), context)

    def speaker_entry(self, speaker: Speaker) -> PageEntry:
        return PageEntry(speaker_path(speaker), speaker.name, "speaker.html", speaker.source.path,
                         markdown=speaker.bio)

    def speaker_page(self, speaker: Speaker, entry: PageEntry) -> PageData:
        here = entry.path
        meta = speaker.meta
        context: SpeakerPage = {
            **self.common(here),
            "speaker": {"name": meta.name, "role": meta.role, "organisation": meta.organisation,
                        "sector": self.sector(speaker), "website": meta.website, "photo": self.photo(speaker, here),
                        "photo_size": PORTRAIT_SIZE, "lang": self.lang(meta.language)},
            "sessions": [self.session_row(s, here) for s in speaker.sessions],
            "recordings": [self.recording_row(s, here) for s in speaker.sessions if published_recording(s)],
        }
        description = self.t("description_speaker", name=speaker.name, series=self.settings.options.name)
        return PageData.of(entry, description, context)

    def recording_row(self, session: Session, here: str) -> RecordingRow:
        recording = published_recording(session)
        assert recording is not None
        return {
            "title": session.title,
            "lang": self.lang(session.meta.language),
            "url": link(here, session.path),
            "recording_url": link(here, session.path) + "#aufzeichnung",
            "when": self.when(session),
            "perspective": self.perspective(session),
            "speakers": self.speaker_links(session, here),
            "duration": duration_text(recording.duration),
            "duration_iso": iso_duration(recording.duration),
        }

    def recordings_entry(self) -> PageEntry:
        return PageEntry(RECORDINGS_PATH, self.t("recordings"), "recordings.html")

    def recordings_page(self, entry: PageEntry) -> PageData:
        """/recordings/: every published recording, newest year first, grouped by year."""
        here = entry.path
        groups: dict[int, list[RecordingRow]] = {}
        for session in recorded_sessions(self.content):
            groups.setdefault(session.year, []).append(self.recording_row(session, here))
        rows: list[RecordingGroup] = [{"year": y, "sessions": rows} for y, rows in groups.items()]
        context: RecordingsPage = {**self.common(here), "groups": rows}
        return PageData.of(entry, self.t("description_recordings", series=self.settings.options.name), context)

    def home_context(self) -> HomeContext:
        """The generated part of the hand-written home page: the next session first.

        Cancelled sessions before the next real one are named above it; between
        seasons (nothing ahead) the latest programme and its recordings stand there.
        """
        here = ""
        year = featured_year(self.content, self.today)
        upcoming = next_session(self.content, self.today)
        feed = self.settings.page_url(CALENDAR_PATH)
        # Between seasons: the recordings of the latest year that has any (the featured year may be
        # next year's, announced before its programme).
        recorded = next((y for y in reversed(self.content.years) if any(map(published_recording, y.sessions))
                         and (year is None or y.year <= year.year)), None)
        latest = [self.recording_row(s, here) for s in recorded.sessions if published_recording(s)] if recorded else []
        archive: list[ArchiveYear] = [
            {"year": y.year, "title": y.theme.title, "url": link(here, y.path), "count": len(y.sessions)}
            for y in reversed(self.content.years) if year is None or y.year != year.year
        ]
        return {
            **self.common(here),
            "featured": {
                "year": year.year, "title": year.theme.title, "subtitle": year.theme.subtitle,
                "summary": year.theme.summary, "url": link(here, year.path),
                "programme_pdf": self.programme_link(year, here),
            } if year else None,
            "next": self.next_block(upcoming, here) if upcoming else None,
            "cancelled": [self.session_row(s, here) for s in cancelled_before(self.content, self.today, upcoming)],
            "latest_recordings": [] if upcoming else latest,
            "latest_recordings_year": recorded.year if recorded and not upcoming else None,
            "feed": {"webcal": webcal(feed), "page": link(here, SUBSCRIBE_PATH), "atom": link(here, paths.ATOM_PATH)},
            "archive": archive,
            "easy": site_links(self.settings, here),
        }

    def site_extra(self) -> SiteExtra:
        """What the theme shows on every page (the footer's statement link, the links to Leichte Sprache
        and Gebärdensprache, the 404 page), from the site's root: needs no programme PDF, so it travels first."""
        return {"statement": self.statement_link(), "easy": site_links(self.settings, ""),
                "not_found": self.not_found(featured_year(self.content, self.today))}

    def not_found(self, year: Year | None) -> NotFound:
        """The 404 page's words and its ways back: home, the current programme, search.

        The 404 page is served at any address, so its links are absolute paths from site_url
        (for every engine: Zensical's `url` filter would make them relative)."""
        root = urlsplit(self.settings.site_url).path.rstrip("/") + "/"
        return {"title": self.t("not_found_title"), "text": self.t("not_found_text"),
                "home": self.t("not_found_home"), "search": self.t("not_found_search"),
                "home_url": root,
                "programme": self.t("programme_year", year=year.year) if year else None,
                "programme_url": root + year.path if year else None}

    def next_block(self, session: Session, here: str) -> NextSession:
        """The next session on the home page: its facts and where to register."""
        year = self._years[session.year]
        registration = year.theme.registration
        return {
            "title": session.title,
            "lang": self.lang(session.meta.language),
            "url": link(here, session.path),
            "when": self.when(session),
            "status": self.status(session),
            "speakers": self.speaker_links(session, here),
            "calendar": self.add_to_calendar(session, here),
            "registration_deadline": self.locale.long_date(registration.deadline)
            if registration and registration.deadline and not session.meta.registration else None,
            "registration_closed": registration is not None and not session.meta.registration
            and not series_registration_open(year, self.today),
        }

    def programme_link(self, year: Year, here: str) -> ProgrammeLink | None:
        """The year's programme PDF (programme.py) with its format and size, e.g. „PDF, 48 KB“."""
        path = paths.programme_path(year.year, self.settings.language)
        size = self.programme_size(path)
        if size is None:
            return None
        return {"url": link(here, path), "text": self.t("pdf_link", year=year.year),
                "size": self.t("pdf_size", size=self.locale.file_size(size))}

    def statement_link(self) -> StatementLink:
        """The footer's link to the Erklärung zur Barrierefreiheit (a site path: the theme makes it relative)."""
        return {"path": paths.statement_path(self.settings.language), "title": self.t("statement_title")}

    def add_to_calendar(self, session: Session, here: str) -> CalendarLinks:
        """The .ics download and plain links that prefill Google Calendar and Outlook.

        Plain links only: nothing from those hosts loads until the reader
        clicks. A cancelled session gets none of the add links (they would
        add the event as if it took place); its .ics says CANCELLED. Outlook
        has one compose link for Microsoft 365 (outlook.office.com, work and
        school accounts, as in most administrations) and one for Outlook.com
        (outlook.live.com); both take the same parameters. Spaces are encoded
        as %20, not "+": Outlook shows a "+" literally.
        """
        ics = link(here, paths.session_calendar_path(session.year, session.slug))
        if session.is_cancelled:
            return {"ics": ics, "google": None, "outlook": None, "outlook365": None}
        start = session.start.astimezone(timezone.utc)
        end = session.end.astimezone(timezone.utc)
        page = self.settings.page_url(session.path)
        location = session.meta.location or self.settings.options.location
        summary = shorten(plain_text(session.abstract), ADD_LINK_TEXT)
        details = f"{summary}\n\n{page}" if summary else page
        google = "https://calendar.google.com/calendar/render?" + urlencode({
            "action": "TEMPLATE", "text": session.title,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
            "details": details, "location": location,
        }, quote_via=quote)
        compose = urlencode({
            "rru": "addevent", "subject": session.title,
            "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}", "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
            "body": details, "location": location,
        }, quote_via=quote)
        return {"ics": ics, "google": google,
                "outlook": "https://outlook.live.com/calendar/0/action/compose?" + compose,
                "outlook365": "https://outlook.office.com/calendar/0/action/compose?" + compose}

    def year_feed(self, year: Year, here: str) -> YearFeed:
        url = self.settings.page_url(paths.year_calendar_path(year.year))
        return {"ics": link(here, paths.year_calendar_path(year.year)), "webcal": webcal(url),
                "help": link(here, SUBSCRIBE_PATH)}


def speaker_path(speaker: Speaker) -> str:
    return paths.speaker_path(speaker.slug)


def surname_key(speaker: Speaker) -> tuple[str, str]:
    """Sort 'Prof. Dr. Lea Hartmann' under H, umlauts as their base letter."""
    words = [w for w in speaker.name.split() if not w.endswith(".")]
    surname = words[-1] if words else speaker.name
    fold = surname.casefold().translate(str.maketrans("äöüß", "aous"))
    return fold, speaker.slug
