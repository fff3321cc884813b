"""Every generated string, in German and English, and dates through babel.

Templates receive `t` (the strings of the site's language) and already
formatted dates from the page data, so they never format anything themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

import functools

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import babel

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "programme": "Programm",
        "programme_year": "Programm {year}",
        "programme_follows": "Das Programm folgt in Kürze.",
        "speakers": "Referierende",
        "speaker": "Referent·in",
        "recordings": "Aufzeichnungen",
        "subscribe": "Kalender abonnieren",
        "home_next": "Nächste Veranstaltung",
        "home_no_next": "Zurzeit sind keine weiteren Veranstaltungen angekündigt.",
        "home_theme": "Thema {year}",
        "home_archive": "Archiv",
        "home_subscribe_text": "Alle Termine als Kalender-Abonnement für Outlook, Thunderbird, Apple oder Google:",
        "not_found_title": "Seite nicht gefunden",
        "not_found_text": "Diese Seite gibt es nicht (mehr). Vielleicht hilft einer dieser Wege weiter:",
        "not_found_home": "Zur Startseite",
        "not_found_search": "Auf der Website suchen",
        "feed_atom": "Neuigkeiten als Feed (Atom)",
        "feed_atom_text": "neue Termine, Verschiebungen, Absagen und Aufzeichnungen, zum Abonnieren in einem Feed-Reader",
        "feed_title": "{name}: Programm und Aufzeichnungen",
        "feed_session": "{title}",
        "feed_recording": "Aufzeichnung: {title}",
        "feed_cancelled": "Abgesagt: {title}",
        "feed_uncancelled": "Findet wieder statt: {title}",
        "feed_rescheduled": "Verschoben: {title} – neu am {when}",
        "home_calendar": "In den eigenen Kalender übernehmen:",
        "date": "Datum",
        "time": "Uhrzeit",
        "title": "Titel",
        "perspective": "Perspektive",
        "status": "Status",
        "academia": "Wissenschaft",
        "practice": "Praxis",
        "administration": "Verwaltung",
        "civil-society": "Zivilgesellschaft",
        "confirmed": "bestätigt",
        "tentative": "vorläufig",
        "cancelled": "abgesagt",
        "rescheduled": "verschoben",
        "rescheduled_from": "verschoben vom {dates}",
        "cancelled_notice": "Diese Veranstaltung ist abgesagt.",
        "tentative_notice": "Termin und Programm sind noch vorläufig.",
        "booked_out": "ausgebucht",
        "register": "Zur Anmeldung",
        "register_series": "Zur Anmeldung für die ganze Reihe",
        "registration_deadline": "Anmeldung bis {date}",
        "registration_closed": "Die Anmeldung ist geschlossen.",
        "capacity": "Teilnehmende: höchstens {capacity}",
        "location": "Ort",
        "time_range": "{start}–{end} Uhr",
        "previous": "Vorherige Veranstaltung",
        "next": "Nächste Veranstaltung",
        "speaker_sessions": "Veranstaltungen",
        "website": "Website",
        "example_data": "Beispielinhalte: Referierende und Texte auf dieser Seite sind erfunden.",
        "sessions_count": "{count} Veranstaltungen",
        "timezone_note": "Zeitzone: {zone}.",
        "description_session": "{date}, {time}: {title} – {series}",
        "description_year": "Programm {year} der Reihe {series}: {title}",
        "description_speakers": "Alle Referierenden der Reihe {series}",
        "description_speaker": "{name}: Beiträge in der Reihe {series}",
        "ics_download": "Termin herunterladen (.ics)",
        "add_google": "In Google Kalender eintragen",
        "add_outlook": "In Outlook.com eintragen",
        "add_outlook365": "In Outlook (Microsoft 365) eintragen",
        "year_ics": "Alle Termine {year} herunterladen (.ics)",
        "year_subscribe": "Termine {year} abonnieren",
        "subscribe_help": "Anleitung: Kalender abonnieren",
        "subscribe_intro": "Alle Termine der Reihe {series} als Kalender-Abonnement: einmal eingerichtet, zeigt Ihr Kalenderprogramm neue Termine, Verschiebungen und Absagen von selbst an.",
        "description_subscribe": "Die Termine der Reihe {series} in Outlook, Thunderbird, Apple oder Google Kalender abonnieren",
        "feeds_heading": "Adressen",
        "feed_all": "Alle Jahre",
        "feed_year": "Nur {year}: {title}",
        "address_webcal": "Zum Abonnieren (webcal)",
        "address_https": "Internetadresse (https)",
        "open_webcal": "Im Kalenderprogramm abonnieren",
        "download_once": "Einmalig herunterladen (.ics)",
        "copy_button": "Kopieren",
        "copy_label": "Kopieren: {address}, {feed}",
        "copied": "Adresse kopiert.",
        "copy_failed": "Kopieren war nicht möglich. Die Adresse ist markiert: bitte mit Strg+C (Mac: ⌘+C) kopieren.",
        "why_heading": "Warum abonnieren statt importieren?",
        "howto_heading": "Schritt für Schritt",
        "refresh_heading": "Wie schnell kommen Änderungen an?",
        "refresh_note": "Der Kalender schlägt vor, nicht öfter als {every} nachzusehen. Wie oft ein Programm tatsächlich nachsieht, entscheidet es selbst: Google und Microsoft holen abonnierte Kalender nach eigenem Zeitplan ab (nach Stunden, bis zu einem Tag), Thunderbird alle 30 Minuten, Apple so oft, wie Sie es einstellen.",
        "refresh_caption": "Aktualisierung abonnierter Kalender",
        "refresh_client": "Programm",
        "refresh_when": "Aktualisierung",
        "refresh_every_hour": "jede Stunde",
        "refresh_every_hours": "alle {hours} Stunden",
        "description_recordings": "Aufzeichnungen aller Veranstaltungen der Reihe {series}",
        "recording": "Aufzeichnung",
        "recording_follows": "Aufzeichnung folgt.",
        "recording_planned": "Die Veranstaltung wird aufgezeichnet.",
        "recording_notice": "Beim Abspielen wird das Video von {host} geladen; dabei werden Daten an {company} übertragen.",
        "ics_speakers": "Referierende",
        "ics_registration": "Anmeldung",
        "ics_page": "Mehr Informationen",
        "ics_cancelled_prefix": "ABGESAGT: ",
        "ics_cancelled": "Abgesagt.",
        "ics_rescheduled": "Verschoben vom {dates}.",
        "ics_recording": "Aufzeichnung: {url}",
        "ics_at": "{date}, {time} Uhr",
        "recording_play": "Video laden und abspielen",
        "recording_watch": "Video auf {host} ansehen",
        "recording_download": "Datei herunterladen",
        "duration": "Dauer",
        "materials": "Materialien",
        "no_recordings": "Noch keine Aufzeichnungen veröffentlicht.",
        "recordings_of": "Aufzeichnungen",
        "captions_label": "Deutsch",
        "phase_past": "hat stattgefunden",
        "register_short": "Anmeldung",
        "register_for": "Anmeldung: {title}",
        "watch_recording": "Aufzeichnung",
        "watch_recording_for": "Aufzeichnung: {title}",
        "past_notice": "Diese Veranstaltung hat am {date} stattgefunden.",
        "past_recording": "Die Aufzeichnung steht unten auf dieser Seite.",
        "home_latest": "Zuletzt: Programm {year}",
        "home_latest_recordings": "Aufzeichnungen {year}",
        "statement_title": "Erklärung zur Barrierefreiheit",
        "description_statement": "Erklärung zur Barrierefreiheit der Website der Reihe {series}",
        "easy_home": "Das Wichtigste zu dieser Website gibt es auch in:",
        "easy_statement_heading": "Leichte Sprache und Gebärdensprache",
        "easy_statement": "Das Wichtigste zu dieser Website und zu dieser Erklärung erklären wir auch in "
                          "Leichter Sprache und in Deutscher Gebärdensprache (BITV 2.0 § 4):",
        "pdf_link": "Programm {year} als PDF",
        "pdf_size": "PDF, {size}",
        "pdf_title": "{series} – Programm {year}: {title}",
        "pdf_session": "Veranstaltung",
        "pdf_register_text": "Eine Anmeldung gilt für alle Veranstaltungen der Reihe.",
        "pdf_qr": "QR-Code der Anmeldung: {url}",
        "pdf_contact": "Kontakt und Kalender",
        "pdf_organiser": "Veranstalter",
        "pdf_as_of": "Stand: {date}",
        "pdf_page": "Seite {page} von {total}",
    },
    "en": {
        "programme": "Programme",
        "programme_year": "Programme {year}",
        "programme_follows": "The programme will follow soon.",
        "speakers": "Speakers",
        "speaker": "Speaker",
        "recordings": "Recordings",
        "subscribe": "Subscribe to the calendar",
        "home_next": "Next session",
        "home_no_next": "No further sessions are announced at the moment.",
        "home_theme": "Theme {year}",
        "home_archive": "Archive",
        "home_subscribe_text": "All dates as a calendar subscription for Outlook, Thunderbird, Apple or Google:",
        "not_found_title": "Page not found",
        "not_found_text": "This page does not exist (any more). One of these may help:",
        "not_found_home": "Go to the home page",
        "not_found_search": "Search this site",
        "feed_atom": "News feed (Atom)",
        "feed_atom_text": "new sessions, new dates, cancellations and recordings, to follow in a feed reader",
        "feed_title": "{name}: programme and recordings",
        "feed_session": "{title}",
        "feed_recording": "Recording: {title}",
        "feed_cancelled": "Cancelled: {title}",
        "feed_uncancelled": "Back on: {title}",
        "feed_rescheduled": "Rescheduled: {title} – now on {when}",
        "home_calendar": "Add to your calendar:",
        "date": "Date",
        "time": "Time",
        "title": "Title",
        "perspective": "Perspective",
        "status": "Status",
        "academia": "Academia",
        "practice": "Practice",
        "administration": "Administration",
        "civil-society": "Civil society",
        "confirmed": "confirmed",
        "tentative": "tentative",
        "cancelled": "cancelled",
        "rescheduled": "rescheduled",
        "rescheduled_from": "rescheduled from {dates}",
        "cancelled_notice": "This session has been cancelled.",
        "tentative_notice": "Date and programme are still tentative.",
        "booked_out": "booked out",
        "register": "Register",
        "register_series": "Register for the whole series",
        "registration_deadline": "Register by {date}",
        "registration_closed": "Registration is closed.",
        "capacity": "Participants: at most {capacity}",
        "location": "Location",
        "time_range": "{start}–{end}",
        "previous": "Previous session",
        "next": "Next session",
        "speaker_sessions": "Sessions",
        "website": "Website",
        "example_data": "Example content: the speakers and texts on this page are invented.",
        "sessions_count": "{count} sessions",
        "timezone_note": "Time zone: {zone}.",
        "description_session": "{date}, {time}: {title} – {series}",
        "description_year": "Programme {year} of the series {series}: {title}",
        "description_speakers": "All speakers of the series {series}",
        "description_speaker": "{name}: contributions to the series {series}",
        "ics_download": "Download event (.ics)",
        "add_google": "Add to Google Calendar",
        "add_outlook": "Add to Outlook.com",
        "add_outlook365": "Add to Outlook (Microsoft 365)",
        "year_ics": "Download all {year} dates (.ics)",
        "year_subscribe": "Subscribe to {year}",
        "subscribe_help": "How to subscribe to the calendar",
        "subscribe_intro": "All sessions of the series {series} as a calendar subscription: set it up once, and your calendar program shows new sessions, new times and cancellations by itself.",
        "description_subscribe": "Subscribe to the sessions of the series {series} in Outlook, Thunderbird, Apple or Google Calendar",
        "feeds_heading": "Addresses",
        "feed_all": "All years",
        "feed_year": "{year} only: {title}",
        "address_webcal": "For subscribing (webcal)",
        "address_https": "Web address (https)",
        "open_webcal": "Subscribe in your calendar program",
        "download_once": "Download once (.ics)",
        "copy_button": "Copy",
        "copy_label": "Copy: {address}, {feed}",
        "copied": "Address copied.",
        "copy_failed": "Copying was not possible. The address is selected: please copy it with Ctrl+C (Mac: ⌘+C).",
        "why_heading": "Why subscribe rather than import?",
        "howto_heading": "Step by step",
        "refresh_heading": "How soon do changes arrive?",
        "refresh_note": "The calendar suggests checking no more often than {every}. How often a program actually checks is up to the program: Google's and Microsoft's servers fetch subscribed calendars on their own schedule (after hours, up to a day), Thunderbird every 30 minutes, Apple as often as you set it.",
        "refresh_caption": "How subscribed calendars refresh",
        "refresh_client": "Program",
        "refresh_when": "Refresh",
        "refresh_every_hour": "every hour",
        "refresh_every_hours": "every {hours} hours",
        "description_recordings": "Recordings of all sessions of the series {series}",
        "recording": "Recording",
        "recording_follows": "Recording to follow.",
        "recording_planned": "This session will be recorded.",
        "recording_notice": "Playing the video loads it from {host}; data is sent to {company}.",
        "ics_speakers": "Speakers",
        "ics_registration": "Registration",
        "ics_page": "More information",
        "ics_cancelled_prefix": "CANCELLED: ",
        "ics_cancelled": "Cancelled.",
        "ics_rescheduled": "Rescheduled from {dates}.",
        "ics_recording": "Recording: {url}",
        "ics_at": "{date}, {time}",
        "recording_play": "Load and play the video",
        "recording_watch": "Watch on {host}",
        "recording_download": "Download file",
        "duration": "Duration",
        "materials": "Materials",
        "no_recordings": "No recordings published yet.",
        "recordings_of": "Recordings",
        "captions_label": "English",
        "phase_past": "took place",
        "register_short": "Register",
        "register_for": "Register: {title}",
        "watch_recording": "Recording",
        "watch_recording_for": "Recording: {title}",
        "past_notice": "This session took place on {date}.",
        "past_recording": "The recording is further down this page.",
        "home_latest": "Latest: programme {year}",
        "home_latest_recordings": "Recordings {year}",
        "statement_title": "Accessibility statement",
        "description_statement": "Accessibility statement for the website of the series {series}",
        "easy_home": "The essentials of this website, in German, also in:",
        "easy_statement_heading": "Easy-to-read German and German Sign Language",
        "easy_statement": "The essentials of this website and of this statement are also explained in "
                          "easy-to-read German (Leichte Sprache) and in German Sign Language (BITV 2.0 § 4):",
        "pdf_link": "Programme {year} as PDF",
        "pdf_size": "PDF, {size}",
        "pdf_title": "{series} – Programme {year}: {title}",
        "pdf_session": "Session",
        "pdf_register_text": "One registration covers every session of the series.",
        "pdf_qr": "QR code for registration: {url}",
        "pdf_contact": "Contact and calendar",
        "pdf_organiser": "Organiser",
        "pdf_as_of": "As of {date}",
        "pdf_page": "Page {page} of {total}",
    },
}


@dataclass(frozen=True)
class Locale:
    """The strings and date formats of one site language."""

    language: str

    @property
    def strings(self) -> dict[str, str]:
        return STRINGS.get(self.language, STRINGS["en"])

    @property
    def babel(self) -> babel.Locale:
        """Parsed once: babel would parse a locale given as text on every call."""
        return _babel_locale(self.language if self.language in STRINGS else "en")

    def t(self, key: str, **values: object) -> str:
        return self.strings[key].format(**values)

    def long_date(self, day: date) -> str:
        """'Dienstag, 5. Oktober 2021'."""
        return _dates().format_date(day, "full", locale=self.babel)

    def short_date(self, day: date) -> str:
        """'05.10.2021' / 'Oct 5, 2021'."""
        return _dates().format_date(day, "medium", locale=self.babel)

    def weekday(self, day: date) -> str:
        return _dates().format_date(day, "EEEE", locale=self.babel)

    def time(self, moment: datetime) -> str:
        return _dates().format_time(moment, "short", locale=self.babel)

    def time_range(self, start: datetime, end: datetime) -> str:
        if start.date() != end.date():
            return f"{self.time(start)} – {self.short_date(end)} {self.time(end)}"
        return self.t("time_range", start=self.time(start), end=self.time(end))

    def zone_short(self, moment: datetime) -> str:
        """'MESZ' / 'CEST' at that moment."""
        return _zone_abbrev(moment, self.babel)

    def zone_generic(self, zone: tzinfo) -> str:
        """'Mitteleuropäische Zeit': the zone itself, summer or winter."""
        return _dates().get_timezone_name(zone, "long", locale=self.babel)

    def zone_long(self, moment: datetime) -> str:
        return _dates().get_timezone_name(moment, "long", locale=self.babel)

    def file_size(self, size: int) -> str:
        """'48 KB' (KB of 1024 bytes, as file managers show them), '1,2 MB' from one MB on."""
        if size < 1024 * 1024:
            return f"{max(1, round(size / 1024))} KB"
        from babel.numbers import format_decimal

        return format_decimal(round(size / 1024 / 1024, 1), "#,##0.0", locale=self.babel) + " MB"


def foreign_language(language: str, interface: str) -> str | None:
    """The language to mark on editor text (`lang`): its own where it is not the interface's, else None.

    >>> foreign_language("de", "en"), foreign_language("de-AT", "de")
    ('de', None)
    """
    return None if language.split("-")[0] == interface.split("-")[0] else language


@functools.lru_cache(maxsize=None)
def _babel_locale(language: str) -> babel.Locale:
    from babel import Locale

    return Locale.parse(language)


@functools.cache
def _dates() -> ModuleType:
    """babel.dates, imported when the first date is formatted: the page list needs none,
    so the core's child process hands it over without waiting for babel."""
    import babel.dates

    return babel.dates


def _zone_abbrev(moment: datetime, locale: babel.Locale) -> str:
    """Babel's short name where it has one (MESZ), else the zone's own (CEST)."""
    name = _dates().get_timezone_name(moment, "short", locale=locale)
    return name if not name.startswith(("+", "-", "GMT")) else (moment.tzname() or name)
