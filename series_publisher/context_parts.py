"""The nested shapes of the template contract: a status, a row of the programme, a speaker card, a link.

Several templates (and the macros of overrides/series/_macros.html) take the
same shapes, so they live here once; contexts.py has each page's own context.
Each key's docstring says what its templates do with it. This module imports
nothing of the project: output.py's page data is typed with these shapes and
the rendering process unpickles it without loading the content model.
"""

from __future__ import annotations

from typing import Literal, TypedDict


class When(TypedDict):
    """A session's date and time, formatted once in the site's language (macro `when`, the programme table)."""

    weekday: str
    """„Di.“: the programme table's date column starts with it."""
    date_long: str
    """„Dienstag, 5. Oktober 2021“: the facts list, the home page, the notice „hat am … stattgefunden“."""
    date_short: str
    """„05.10.2021“: the programme and recording tables."""
    time_range: str
    """„14:00–16:30 Uhr“: shown beside the date."""
    zone_short: str
    """„MESZ“: the visible time zone after the time."""
    zone_long: str
    """„Mitteleuropäische Sommerzeit“: the title of that abbreviation."""
    start_iso: str
    """The start as ISO 8601, for `<time datetime>`."""


class Status(TypedDict):
    """Where a session stands on the reference date (macros `status_badge`, `status_action`), in words."""

    is_cancelled: bool
    """Badge „abgesagt“, the cancelled notice and the struck-through row."""
    cancel_reason: str | None
    """The editor's reason, shown after the cancelled notice."""
    is_past: bool
    """Badge „hat stattgefunden“; no registration, no calendar links."""
    is_tentative: bool
    """Badge and notice „vorläufig“."""
    rescheduled_from: list[str]
    """The earlier dates in words; non-empty gives the badge „verschoben“."""
    rescheduled_text: str
    """„Verschoben vom …“ under the badge, empty when never moved."""
    booked_out: bool
    """Badge „ausgebucht“ instead of a registration link."""
    registration_url: str | None
    """Where to register while registration is open: the button and the row's action."""
    has_recording: bool
    """A past session with a published recording: the row links to it."""


class SpeakerLink(TypedDict):
    """A speaker named in a session's row (macro `speaker_names`)."""

    name: str
    """The link text."""
    url: str
    """Relative link to the speaker's page."""


class SessionRow(TypedDict):
    """A session as one row of a list: the programme table, the home page's cancellations, the pager."""

    title: str
    """The link text."""
    lang: str | None
    """`lang` of the title where the session is in another language than the site."""
    url: str
    """Relative link to the session's page."""
    recording_url: str
    """Relative link to the recording on the session's page, the row's action once it took place."""
    when: When
    """Its date and time."""
    status: Status
    """Its badge and next step."""
    perspective: str
    """„Wissenschaft“ or „Praxis“ in words, empty when not given: the table's column."""
    speakers: list[SpeakerLink]
    """The names under the title."""


class RecordingRow(TypedDict):
    """A session with a published recording: the recordings page, a speaker's page, the home page between seasons."""

    title: str
    """The link text."""
    lang: str | None
    """`lang` of the title where the session is in another language than the site."""
    url: str
    """Relative link to the session's page (recordings page, speaker page)."""
    recording_url: str
    """Relative link straight to the recording (home page)."""
    when: When
    """Its date."""
    perspective: str
    """The recordings table's column."""
    speakers: list[SpeakerLink]
    """The names under the title (recordings page)."""
    duration: str | None
    """„1:52:00“: the playing time, None when unknown."""
    duration_iso: str | None
    """The playing time as ISO 8601, for `<time datetime>`."""


class SpeakerRef(TypedDict):
    """A speaker card on a session's page."""

    name: str
    """The heading, linked to the speaker's page."""
    role: str | None
    """Before the organisation: „Professorin, Hochschule …“."""
    organisation: str | None
    """After the role."""
    url: str
    """Relative link to the speaker's page."""
    photo: str | None
    """Relative link to the square portrait, None without a photo."""
    photo_size: int
    """The portrait's width and height in pixels, so the page does not jump."""
    short_bio: str
    """The first paragraph of the bio, as plain text."""
    lang: str | None
    """`lang` of the bio where it is in another language than the site."""


class CalendarLinks(TypedDict):
    """A session's .ics file and the links that prefill Google and Outlook (macro `calendar_links`)."""

    ics: str
    """Relative link to the session's .ics file."""
    google: str | None
    """Prefilled Google Calendar link; None for a cancelled session, which gets no add link."""
    outlook: str | None
    """Prefilled Outlook.com link; None as for `google`."""
    outlook365: str | None
    """Prefilled Microsoft 365 link; None as for `google`."""


class ProgrammeLink(TypedDict):
    """A year's programme PDF (macro `programme_pdf_link`)."""

    url: str
    """Relative link to the PDF."""
    text: str
    """The link text: „Programm 2021 als PDF“."""
    size: str
    """Format and size after the link: „PDF, 48 KB“."""


class EasyLink(TypedDict):
    """One link to the pages in Leichte Sprache or Gebärdensprache."""

    kind: str
    """„easy_read“ or „sign“: the link's CSS class in the theme's header and footer."""
    path: str
    """Site path, which the theme's partials make relative with MkDocs' `url` filter."""
    url: str | None
    """Relative link from the page (home page, statement); None for the theme's partials."""
    label: str
    """The link text, in German."""
    note: str | None
    """What it is, in the site's language, on an English site; None on a German one."""
    icon: str
    """Site path of the decorative icon, for the theme's partials."""
    icon_url: str | None
    """Relative link to the icon from the page; None as for `url`."""


class EasyLinks(TypedDict):
    """The links to Leichte Sprache and Gebärdensprache that exist (easy_pages.py:links)."""

    label: str
    """„Leichte Sprache und Gebärdensprache“: the header navigation's aria-label."""
    items: list[EasyLink]
    """One per kind of page the site has."""


class PlannedRecording(TypedDict):
    """A recording announced but not yet published."""

    state: Literal["planned"]
    """Tells the template which of the two shapes this is."""
    after_event: bool
    """„Die Aufzeichnung folgt“ once the session is over, else „wird aufgezeichnet“."""


class PublishedRecording(TypedDict):
    """A published recording: a consent-first player for a video host, else the site's own file."""

    state: Literal["published"]
    """Tells the template which of the two shapes this is."""
    host: str | None
    """„youtube“ or „vimeo“ for a video host, None for a file on this site."""
    host_name: str
    """The host's name in the notice and the link text."""
    company: str
    """The company behind the host, named in the notice before anything loads."""
    watch_url: str
    """The recording on the host, or the relative link to the file."""
    embed_url: str | None
    """The privacy-friendly embed address the play button loads; None shows only the link."""
    media_kind: str | None
    """„audio“ or „video“ for a file on this site: which player."""
    captions: str | None
    """Relative link to the captions (WebVTT) of a video file."""
    duration: str | None
    """„1:52:00“: the playing time, None when unknown."""
    duration_iso: str | None
    """The playing time as ISO 8601."""
    language: str
    """`srclang` of the captions track."""


class Material(TypedDict):
    """A slide deck, handout or link under a session."""

    title: str
    """The link text."""
    url: str
    """Relative link to the file, or the editor's address."""
    label: str
    """„PDF, 2,3 MB“ for a file, the host name for an address."""


class Feed(TypedDict):
    """One calendar on the subscribe page: the full one, then each year's."""

    name: str
    """The heading."""
    short: str
    """The feed in the copy buttons' labels: „alle“, „2021“."""
    key: str
    """Part of the ids the copy buttons point at."""
    https: str
    """The https address, to paste into Google Calendar and Outlook."""
    webcal: str
    """The webcal:// address, which opens the calendar program."""
    ics: str
    """Relative link to download the file once."""


class ClientGuide(TypedDict):
    """How one calendar program subscribes, and how often it fetches again."""

    key: str
    """The heading's id, linked from the refresh table."""
    name: str
    """The program's name."""
    steps: list[str]
    """The steps, in order."""
    refresh: str
    """How often it fetches the feed again."""


class Limitation(TypedDict):
    """Content that is not accessible, in the editor's words."""

    content: str
    """What it is."""
    reason: str | None
    """Why."""
    alternative: str | None
    """What to use instead."""


class ContactRow(TypedDict):
    """One way to reach a contact."""

    label: str
    """„E-Mail“, „Telefon“, „Internet“, „Anschrift“."""
    text: str
    """The address as shown."""
    href: str | None
    """mailto:, tel: or the web address; None for a postal address."""


class Contact(TypedDict):
    """The feedback contact or the arbitration body."""

    name: str
    """Shown in bold."""
    rows: list[ContactRow]
    """How to reach them."""


class BackLink(TypedDict):
    """The page a page in Leichte Sprache explains."""

    url: str
    """Relative link to it."""
    title: str
    """Its title."""


class GlossaryItem(TypedDict):
    """A word a page in Leichte Sprache explains."""

    word: str
    """The word."""
    text: str
    """Its explanation."""


class SignVideoView(TypedDict):
    """One video of the Gebärdensprache page."""

    title: str
    """The section heading."""
    url: str
    """Relative link to the MP4, played and downloaded."""
    captions: str
    """Relative link to the captions track."""
    poster: str | None
    """Relative link to the still shown before playing."""
    size: str
    """„MP4, 2,3 MB“ after the download link."""
    duration: str
    """„3:10 Min.“ after the size."""
    duration_iso: str
    """The playing time as ISO 8601."""
    transcript: list[str]
    """The transcript's paragraphs."""
