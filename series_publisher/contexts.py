"""The contract with the templates: what each template of overrides/series/ receives, key by key.

Every generated page's context is one of the `TypedDict`s below (its nested
shapes are in context_parts.py), so the keys a template reads are named in
code and nowhere else. TypedDicts rather than dataclasses: Jinja reads them as
any dict (`s.when.date_long`), and they stay plain, picklable values for the
rendering process (output.py). Each key's docstring says what its template
does with it. tests/test_template_contract.py renders every template from the
contexts PageBuilder makes, under StrictUndefined, and fails on a key that no
template reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict, Union

from .context_parts import (BackLink, CalendarLinks, ClientGuide, Contact, EasyLinks, Feed, GlossaryItem, Limitation,
                            Material, PlannedRecording, ProgrammeLink, PublishedRecording, RecordingRow, SessionRow,
                            SignVideoView, SpeakerLink, SpeakerRef, Status, When)
from .problems import Problem


class Common(TypedDict):
    """What every generated page's template gets (`PageBuilder.common`)."""

    t: Mapping[str, str]
    """The generated strings in the site's language (i18n.py)."""
    example_data: bool
    """The site shows example data: a note under each heading says so."""
    assets: str
    """Relative link to the theme's assets/ folder (video.js)."""
    content_lang: str | None
    """`lang` of editor text where the content language is not the site's."""


class SessionDetail(TypedDict):
    """The session a session page is about."""

    title: str
    """The page heading."""
    lang: str | None
    """`lang` of heading and body where the session is in another language than the site."""
    when: When
    """The facts list's date and time."""
    status: Status
    """The notice at the top, the badge, the registration button."""
    perspective: str
    """The facts list's „Perspektive“, left out when empty."""
    location: str
    """Where it takes place: the session's own, else the series' location."""
    speakers: list[SpeakerRef]
    """The speaker cards."""
    recording: PlannedRecording | PublishedRecording | None
    """The recording section, None for none."""
    materials: list[Material]
    """The materials section, left out when empty."""


class YearLink(TypedDict):
    """The line above a session's heading that leads back to its year."""

    year: int
    """„Programm 2021“."""
    title: str
    """The year's theme."""
    url: str
    """Relative link to the year's page."""


class SessionPage(Common):
    """session.html."""

    session: SessionDetail
    """What the page is about."""
    year: YearLink
    """The way back to its year."""
    calendar: CalendarLinks
    """The add-to-calendar links while it is ahead."""
    previous: SessionRow | None
    """The pager's link to the session before, None for the first of all."""
    next: SessionRow | None
    """The pager's link to the session after, None for the last of all."""


class Theme(TypedDict):
    """A year's theme as the year page shows it."""

    title: str
    """The heading after „Programm 2021:“."""
    subtitle: str | None
    """Under the heading."""
    capacity: int | None
    """„Bis zu 50 Plätze je Veranstaltung“, left out when not given."""


class YearRegistration(TypedDict):
    """Registration for a whole year, where the theme has one."""

    url: str | None
    """The registration button while registration is open."""
    deadline: str | None
    """„Anmeldung bis …“ beside the button."""
    closed: bool
    """„Die Anmeldung ist geschlossen“ once it is over."""


class Balance(TypedDict):
    """How many sessions of the year take each perspective (the line under the programme)."""

    academia: int
    """Sessions from research."""
    practice: int
    """Sessions from practice."""


class YearFeed(TypedDict):
    """The year's calendar, to download once or to subscribe."""

    ics: str
    """Relative link to the year's .ics file."""
    webcal: str
    """webcal:// address that opens the calendar program."""
    help: str
    """Relative link to the subscribe page."""


class YearPage(Common):
    """year.html."""

    year: int
    """„Programm 2021“ in the heading, the caption and the feed links."""
    theme: Theme
    """Heading, subtitle, capacity."""
    registration: YearRegistration | None
    """Registration for the whole year, None when the theme has none."""
    sessions: list[SessionRow]
    """The programme table, in order."""
    balance: Balance
    """The line under the table."""
    zone: str
    """„Mitteleuropäische Zeit“ in the table's caption."""
    feed: YearFeed
    """The year's calendar links."""
    programme_pdf: ProgrammeLink | None
    """The programme as a PDF, None until it is made."""


class SpeakerListItem(TypedDict):
    """One line of the speakers page."""

    name: str
    """The link text."""
    url: str
    """Relative link to the speaker's page."""
    organisation: str | None
    """After the name."""
    sector: str | None
    """„Wissenschaft“ or „Praxis“ in words, in brackets."""


class SpeakersPage(Common):
    """speakers.html."""

    speakers: list[SpeakerListItem]
    """Everyone, sorted by surname."""


class SpeakerDetail(TypedDict):
    """The speaker a speaker page is about."""

    name: str
    """The heading and the portrait's alt text."""
    role: str | None
    """Before the organisation."""
    organisation: str | None
    """After the role."""
    sector: str | None
    """„Wissenschaft“ or „Praxis“ in words."""
    website: str | None
    """Link to the speaker's own website."""
    photo: str | None
    """Relative link to the portrait, None without a photo."""
    photo_size: int
    """The portrait's width and height in pixels."""
    lang: str | None
    """`lang` of the bio where it is in another language than the site."""


class SpeakerPage(Common):
    """speaker.html."""

    speaker: SpeakerDetail
    """Who the page is about."""
    sessions: list[SessionRow]
    """Their sessions, as a programme table."""
    recordings: list[RecordingRow]
    """Their sessions with a published recording."""


class RecordingGroup(TypedDict):
    """One year on the recordings page."""

    year: int
    """The section's heading and id."""
    sessions: list[RecordingRow]
    """The year's recordings, by date."""


class RecordingsPage(Common):
    """recordings.html."""

    groups: list[RecordingGroup]
    """Newest year first; empty says „noch keine Aufzeichnungen“."""


class Featured(TypedDict):
    """The year the home page presents: the next season's, else the latest."""

    year: int
    """„Thema 2021“."""
    title: str
    """The theme, linked to the year's page."""
    subtitle: str | None
    """Under the theme."""
    summary: str
    """The theme's Markdown summary; the renderer converts it (render.py:Renderer.home)."""
    url: str
    """Relative link to the year's page."""
    programme_pdf: ProgrammeLink | None
    """The programme as a PDF, None until it is made."""


class NextSession(TypedDict):
    """The next session at the top of the home page."""

    title: str
    """The link text."""
    lang: str | None
    """`lang` of the title where the session is in another language than the site."""
    url: str
    """Relative link to its page."""
    when: When
    """Its date and time."""
    status: Status
    """The badge, the move, the registration button or „ausgebucht“."""
    speakers: list[SpeakerLink]
    """The names under the date."""
    calendar: CalendarLinks
    """Its add-to-calendar links."""
    registration_deadline: str | None
    """„Anmeldung bis …“ beside the button, where the year's registration has a deadline."""
    registration_closed: bool
    """„Die Anmeldung ist geschlossen“ when the year's registration is over."""


class HomeFeed(TypedDict):
    """The home page's subscription box."""

    webcal: str
    """The full calendar's webcal:// address, shown to copy."""
    page: str
    """Relative link to the subscribe page."""
    atom: str
    """Relative link to the Atom feed."""


class ArchiveYear(TypedDict):
    """One earlier year in the home page's archive."""

    year: int
    """The link text starts with it."""
    title: str
    """Its theme."""
    url: str
    """Relative link to the year's page."""
    count: int
    """„9 Veranstaltungen“."""


class StatementLink(TypedDict):
    """The footer's link to the accessibility statement (the theme's partials/copyright.html)."""

    path: str
    """Site path, which the theme makes relative with its `url` filter."""
    title: str
    """The link text."""


class NotFound(TypedDict):
    """The 404 page's words and its ways back (the theme's 404.html); links are absolute paths."""

    title: str
    """The heading."""
    text: str
    """What happened."""
    home: str
    """The link text to the home page."""
    search: str
    """The link text that opens the search."""
    home_url: str
    """The home page's absolute path."""
    programme: str | None
    """The link text to the current programme, None without a year."""
    programme_url: str | None
    """The current programme's absolute path."""


class SiteExtra(TypedDict):
    """What the theme shows on every page, through render.py:theme_extra: its footer, header and 404 page."""

    statement: StatementLink
    """The footer's link to the accessibility statement, on every page."""
    easy: EasyLinks | None
    """The links to Leichte Sprache and Gebärdensprache in the header and footer; None for none."""
    not_found: NotFound
    """The 404 page."""


class HomeContext(Common):
    """home.html."""

    featured: Featured | None
    """The year presented, None before the first year."""
    next: NextSession | None
    """The next session, None between seasons."""
    cancelled: list[SessionRow]
    """Cancelled sessions before the next one, each named above it."""
    latest_recordings: list[RecordingRow]
    """Between seasons: the recordings of the latest year that has any."""
    latest_recordings_year: int | None
    """Their year, for the heading."""
    feed: HomeFeed
    """The subscription box."""
    archive: list[ArchiveYear]
    """Every other year, newest first."""
    easy: EasyLinks | None
    """The links to Leichte Sprache and Gebärdensprache, in the page's text; None for none."""


class SubscribePage(Common):
    """subscribe.html."""

    intro: str
    """The first paragraph."""
    feeds: list[Feed]
    """Every calendar's addresses."""
    why: list[str]
    """Why subscribe rather than import."""
    clients: list[ClientGuide]
    """One guide per calendar program."""
    refresh_note: str
    """How often this site's calendars are worth fetching."""
    organisers: str
    """What organisers should know about cancellations."""
    webcal_note: str
    """Where webcal:// does not open."""
    copy_script: str
    """Relative link to copy.js, which shows the copy buttons."""


class Statement(TypedDict):
    """The statement's own words (statement.py:statement_context), without the page's common part."""

    status: Literal["full", "partial", "none"]
    """How far the site complies; anything but „full“ lists the limitations."""
    intro: str
    """The first paragraph."""
    status_text: str
    """The compliance sentence."""
    limitations: list[Limitation]
    """Non-accessible content."""
    prepared: str
    """„Diese Erklärung wurde am … erstellt.“, empty without a date."""
    method: str
    """Self-assessment or third party."""
    reviewed: str
    """„… zuletzt am … überprüft.“, empty without a date."""
    contact: Contact | None
    """The feedback section, None without a contact."""
    arbitration: Contact | None
    """The arbitration body."""
    prose: Mapping[str, Any]
    """The statement's fixed headings and sentences in the site's language (statement.py:PROSE)."""


class StatementPage(Common, Statement):
    """statement.html: the EU model accessibility statement."""

    easy: EasyLinks | None
    """The statement in Leichte Sprache and Gebärdensprache, None for none."""


class EasyReadPage(Common):
    """easy_read.html, around an editor's page in Leichte Sprache."""

    back: BackLink | None
    """The way to the page it explains, None where it explains none."""
    labels: Mapping[str, str]
    """The page's fixed words, in German (easy_pages.py:LABELS)."""
    lang: str | None
    """„de“ on a site in another language: the page is German."""
    glossary: list[GlossaryItem]
    """The words it explains."""


class SignLanguagePage(Common):
    """sign_language.html."""

    videos: list[SignVideoView]
    """Each video in order."""
    text: Mapping[str, str]
    """The page's fixed words, in German (signvideo.py:TEXT)."""
    logo: str
    """Relative link to the DGS logo beside each video."""
    lang: str | None
    """„de“ on a site in another language."""


class ErrorsPage(TypedDict):
    """errors.html: what every page of the preview shows while the content has errors."""

    problems: Sequence[Problem]
    """Every problem, with its file, line and fix."""


PageContext = Union[SessionPage, YearPage, SpeakersPage, SpeakerPage, RecordingsPage, SubscribePage, StatementPage,
                    EasyReadPage, SignLanguagePage]
"""The context of any generated page (output.py:PageData.context)."""

TEMPLATES: dict[str, type[Mapping[str, Any]]] = {
    "session.html": SessionPage, "year.html": YearPage, "speakers.html": SpeakersPage, "speaker.html": SpeakerPage,
    "recordings.html": RecordingsPage, "subscribe.html": SubscribePage, "statement.html": StatementPage,
    "easy_read.html": EasyReadPage, "sign_language.html": SignLanguagePage, "home.html": HomeContext,
    "errors.html": ErrorsPage,
}
"""Each template of overrides/series/ (but the macros) and the shape of its context."""
