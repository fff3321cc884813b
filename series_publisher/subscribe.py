"""The "Kalender abonnieren" page: the feed addresses and how to subscribe.

The page data lists the full feed and each year's feed, each as an https and
a webcal:// address, plus short instructions per calendar program and how
often each one fetches the feed again. The instructions are running text in
German and English, so they live here with the page rather than as dozens of
single strings in i18n.py; the page's labels and headings are in i18n.py.
Nothing here depends on the reference date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .context_parts import ClientGuide, Feed
from .contexts import SubscribePage
from .output import PageData, PageEntry
from .page_builder import PageBuilder
from .paths import CALENDAR_PATH, COPY_SCRIPT, SUBSCRIBE_PATH, link, webcal, year_calendar_path

@dataclass(frozen=True)
class Client:
    """One calendar program: how to subscribe and how often it refreshes."""

    key: str
    name: str
    steps: tuple[str, ...]
    refresh: str
    """May contain {every}: the feed's refresh interval, e.g. „jede Stunde“."""


GUIDE: dict[str, dict[str, Any]] = {
    "de": {
        "why": (
            "Ein Import kopiert die Termine nur ein einziges Mal. Was sich danach ändert – neue Termine, "
            "geänderte Uhrzeiten, Absagen –, kommt nie an.",
            "Ein Abonnement holt den Kalender regelmäßig neu ab: Verschobene Termine wandern an die neue "
            "Stelle, abgesagte erscheinen als „ABGESAGT: …“ (Google Kalender entfernt sie).",
            "Das Abonnement ist ein eigener, schreibgeschützter Kalender: Sie können ihn ein- und ausblenden "
            "oder mit einem Klick wieder entfernen; Ihr eigener Kalender bleibt unberührt.",
            "Nur einen einzelnen Termin übernehmen? Dafür gibt es auf jeder Veranstaltungsseite "
            "„{download}“ – dieser Eintrag wird aber nicht aktualisiert.",
        ),
        "organisers": (
            "Für Veranstaltende: Ein abonnierter Kalender ist ein Spiegel der Datei. Was aus ihr verschwindet, "
            "verschwindet auch bei den Abonnent·innen; eine Absage kommt erst mit dem nächsten Abruf an – bei "
            "Google und Microsoft womöglich erst nach Stunden bis zu einem Tag. Google löscht abgesagte Termine, "
            "Outlook beachtet den Status „abgesagt“ nicht, deshalb steht „ABGESAGT:“ im Titel. Kurzfristige "
            "Absagen also zusätzlich per E-Mail mitteilen."
        ),
        "webcal": ("Das neue Outlook für Windows, Outlook im Web und Outlook für Android öffnen "
                   "„Im Kalenderprogramm abonnieren“ nicht: dort die https-Adresse kopieren und einfügen, "
                   "ebenso bei Google Kalender."),
        "clients": (
            Client("outlook", "Outlook (Windows, Desktop)", (
                "Die https-Adresse oben kopieren.",
                "In Outlook zum Kalender wechseln und „Kalender hinzufügen“ → „Aus dem Internet…“ wählen "
                "(ältere Versionen: „Kalender öffnen“ → „Aus dem Internet…“).",
                "Die Adresse einfügen, „OK“ klicken und die Frage, ob der Internetkalender hinzugefügt und "
                "abonniert werden soll, mit „Ja“ beantworten.",
                "Ist Outlook Ihr Standard-Kalenderprogramm, genügt auch ein Klick auf "
                "„Im Kalenderprogramm abonnieren“.",
            ), "Bei jedem Senden/Empfangen (meist alle 30 Minuten). Ist unter Datei → Kontoeinstellungen → "
               "Internetkalender → Ändern das Aktualisierungslimit des Herausgebers angehakt, fragt Outlook "
               "nicht öfter als {every} nach."),
            Client("outlook-web", "Outlook im Web, neues Outlook, Microsoft 365 und Exchange", (
                "Die https-Adresse oben kopieren.",
                "Outlook im Browser öffnen (Microsoft 365 oder der Exchange-Server Ihrer Verwaltung) und zum "
                "Kalender wechseln.",
                "„Kalender hinzufügen“ → „Aus dem Internet abonnieren“ wählen, die Adresse einfügen, einen "
                "Namen vergeben und „Importieren“ klicken.",
                "Das Abonnement erscheint danach auch im neuen Outlook für Windows und in Outlook auf dem "
                "Smartphone. Fehlt die Option, hat Ihre IT-Abteilung Internetkalender womöglich gesperrt.",
            ), "Die Microsoft-Server holen den Kalender selbst ab: meist nach einigen Stunden, manchmal erst "
               "nach bis zu 24 Stunden. Von Hand anstoßen lässt sich das nicht."),
            Client("thunderbird", "Thunderbird", (
                "Die https-Adresse oben kopieren.",
                "In Thunderbird den Kalender öffnen, „Neuer Kalender…“ und dann „Im Netzwerk“ wählen.",
                "Die Adresse in das Feld „Adresse“ einfügen (der Benutzername bleibt leer), „Kalender suchen“ "
                "klicken, den gefundenen Kalender auswählen und „Abonnieren“ klicken.",
            ), "Einstellbar in den Eigenschaften des Kalenders (Rechtsklick → „Eigenschaften“); "
               "voreingestellt ist alle 30 Minuten."),
            Client("apple", "Apple Kalender (Mac, iPhone, iPad)", (
                "Am Mac auf „Im Kalenderprogramm abonnieren“ klicken – oder in Kalender „Ablage“ → "
                "„Neues Kalenderabonnement…“ wählen und die webcal-Adresse einfügen.",
                "„Abonnieren“ klicken, als „Ort“ „iCloud“ wählen (dann erscheint das Abonnement auch auf "
                "iPhone und iPad) und bei „Automatisch aktualisieren“ zum Beispiel „Jede Stunde“ einstellen.",
                "Auf iPhone oder iPad: Einstellungen → Apps → Kalender → Kalender-Accounts → Account "
                "hinzufügen → Andere → „Kalenderabo hinzufügen“ und die Adresse einfügen (bis iOS 17: "
                "Einstellungen → Kalender → Accounts).",
            ), "Einstellbar unter „Automatisch aktualisieren“, von alle 5 Minuten bis wöchentlich."),
            Client("google", "Google Kalender", (
                "Die https-Adresse oben kopieren.",
                "Google Kalender im Browser am Computer öffnen; in der linken Spalte neben „Weitere Kalender“ "
                "auf „+“ klicken und „Per URL“ wählen.",
                "Die Adresse einfügen und „Kalender hinzufügen“ klicken. Der Kalender erscheint danach auch in "
                "der Google-Kalender-App auf dem Smartphone.",
            ), "Google holt den Kalender selbst ab, oft erst nach 12 bis 24 Stunden; beschleunigen oder "
               "erzwingen lässt sich das nicht. Abgesagte Termine löscht Google, statt sie durchzustreichen."),
            Client("caldav", "CalDAV-Server (Nextcloud, Radicale, Baïkal, SOGo …)", (
                "Nextcloud: in der Kalender-App „+ Neuer Kalender“ → „Neues Abonnement per Link (nur lesen)“ "
                "wählen und die https-Adresse einfügen.",
                "Andere CalDAV-Server nehmen die ganze Datei nicht als einen Import an: in CalDAV enthält jedes "
                "Kalenderobjekt genau einen Termin (Radicale meldet sonst „Multiple VEVENT components with "
                "different UIDs“). Ein Abgleichprogramm wie vdirsyncer holt die https-Adresse regelmäßig ab und "
                "legt jeden Termin als eigenes Objekt in Ihrem CalDAV-Kalender ab; Verschiebungen und Absagen "
                "kommen so mit jedem Abgleich an.",
                "Nur einzelne Termine: „{download}“ auf jeder Veranstaltungsseite ist eine Datei mit genau "
                "einem Termin und lässt sich in jeden CalDAV-Kalender importieren – sie wird aber nicht "
                "aktualisiert.",
            ), "Nextcloud: nach der Einstellung des Servers (meist einmal am Tag, einstellbar). vdirsyncer: so "
               "oft, wie es aufgerufen wird, zum Beispiel stündlich per cron oder systemd-Timer."),
        ),
    },
    "en": {
        "why": (
            "An import copies the dates only once. Whatever changes afterwards – new sessions, new times, "
            "cancellations – never arrives.",
            "A subscription fetches the calendar again and again: rescheduled sessions move to their new "
            "time, cancelled ones show as “CANCELLED: …” (Google Calendar removes them).",
            "The subscription is a separate, read-only calendar: you can show, hide or remove it in one "
            "click, and your own calendar stays untouched.",
            "Only want one session? Every session page has “{download}” – but that entry is "
            "never updated.",
        ),
        "organisers": (
            "For organisers: a subscribed calendar mirrors the file. Whatever leaves it leaves the subscribers' "
            "calendars; a cancellation arrives with the next fetch only – at Google and Microsoft possibly "
            "hours or up to a day later. Google deletes cancelled events, Outlook ignores the cancelled status, "
            "hence “CANCELLED:” in the title. Announce short-notice cancellations by e-mail as well."
        ),
        "webcal": ("The new Outlook for Windows, Outlook on the web and Outlook for Android do not open "
                   "“Subscribe in your calendar program”: copy the https address there and paste it, as in "
                   "Google Calendar."),
        "clients": (
            Client("outlook", "Outlook (Windows desktop)", (
                "Copy the https address above.",
                "In Outlook, go to the calendar and choose “Add Calendar” → “From Internet…” "
                "(older versions: “Open Calendar” → “From Internet…”).",
                "Paste the address, click “OK” and answer “Yes” when asked whether to add this Internet "
                "calendar and subscribe to updates.",
                "If Outlook is your default calendar program, clicking “Subscribe in your calendar program” "
                "does the same.",
            ), "At every send/receive (usually every 30 minutes). If the publisher's update limit is ticked "
               "under File → Account Settings → Internet Calendars → Change, Outlook checks no more often "
               "than {every}."),
            Client("outlook-web", "Outlook on the web, new Outlook, Microsoft 365 and Exchange", (
                "Copy the https address above.",
                "Open Outlook in the browser (Microsoft 365 or your organisation's Exchange server) and go to "
                "the calendar.",
                "Choose “Add calendar” → “Subscribe from web”, paste the address, give it a name and click "
                "“Import”.",
                "The subscription then also shows in the new Outlook for Windows and in Outlook on your phone. "
                "If the option is missing, your IT department may have blocked Internet calendars.",
            ), "Microsoft's servers fetch the calendar themselves: usually within a few hours, sometimes only "
               "after up to 24 hours. You cannot trigger it by hand."),
            Client("thunderbird", "Thunderbird", (
                "Copy the https address above.",
                "In Thunderbird, open the calendar and choose “New Calendar…”, then “On the Network”.",
                "Paste the address into “Location” (leave the user name empty), click “Find Calendars”, select "
                "the calendar found and click “Subscribe”.",
            ), "Configurable in the calendar's properties (right-click → “Properties”); the default is every "
               "30 minutes."),
            Client("apple", "Apple Calendar (Mac, iPhone, iPad)", (
                "On a Mac, click “Subscribe in your calendar program” – or choose “File” → “New Calendar "
                "Subscription…” in Calendar and paste the webcal address.",
                "Click “Subscribe”, choose “iCloud” as the location (so the subscription also appears on "
                "iPhone and iPad) and set “Auto-refresh”, for example to “Every hour”.",
                "On iPhone or iPad: Settings → Apps → Calendar → Calendar Accounts → Add Account → Other → "
                "“Add Subscribed Calendar”, then paste the address (up to iOS 17: Settings → Calendar → "
                "Accounts).",
            ), "Configurable under “Auto-refresh”, from every 5 minutes to weekly."),
            Client("google", "Google Calendar", (
                "Copy the https address above.",
                "Open Google Calendar in the browser on a computer; in the left column, click “+” next to "
                "“Other calendars” and choose “From URL”.",
                "Paste the address and click “Add calendar”. The calendar then also appears in the Google "
                "Calendar app on your phone.",
            ), "Google fetches the calendar itself, often only after 12 to 24 hours; this cannot be sped up "
               "or forced. Google deletes cancelled sessions instead of striking them through."),
            Client("caldav", "CalDAV servers (Nextcloud, Radicale, Baïkal, SOGo …)", (
                "Nextcloud: in the Calendar app, choose “+ New calendar” → “New subscription from link "
                "(read-only)” and paste the https address.",
                "Other CalDAV servers do not take the whole file as one import: in CalDAV every calendar object "
                "holds exactly one event (Radicale otherwise answers “Multiple VEVENT components with different "
                "UIDs”). A sync tool such as vdirsyncer fetches the https address regularly and stores each "
                "session as an object of its own in your CalDAV calendar; new times and cancellations arrive "
                "with every sync.",
                "Single sessions only: “{download}” on every session page is a file with exactly one event "
                "that any CalDAV calendar imports – but it is never updated.",
            ), "Nextcloud: as the server is set up (usually once a day, configurable). vdirsyncer: as often as "
               "it is run, for example hourly from cron or a systemd timer."),
        ),
    },
}


def feeds(builder: PageBuilder, here: str) -> list[Feed]:
    """The full feed first, then each year's feed, newest year first."""
    settings = builder.settings
    items = [(builder.t("feed_all"), builder.t("feed_all"), "alle", CALENDAR_PATH)]
    items += [(builder.t("feed_year", year=year.year, title=year.theme.title), str(year.year), str(year.year),
               year_calendar_path(year.year)) for year in reversed(builder.content.years)]
    result: list[Feed] = []
    for name, short, key, path in items:
        url = settings.page_url(path)
        result.append({"name": name, "short": short, "key": key, "https": url, "webcal": webcal(url),
                       "ics": link(here, path)})
    return result


def refresh_every(hours: int, builder: PageBuilder) -> str:
    """The refresh interval in words: „jede Stunde“, „alle 2 Stunden“."""
    return builder.t("refresh_every_hour") if hours == 1 else builder.t("refresh_every_hours", hours=hours)


def subscribe_entry(builder: PageBuilder) -> PageEntry:
    return PageEntry(SUBSCRIBE_PATH, builder.t("subscribe"), "subscribe.html")


def subscribe_page(builder: PageBuilder, entry: PageEntry) -> PageData:
    """Page data of kalender/: addresses with copy buttons, why, how, how often."""
    here = entry.path
    guide = GUIDE.get(builder.settings.language, GUIDE["en"])
    every = refresh_every(builder.settings.options.refresh_hours, builder)
    series = builder.settings.options.name
    clients: list[ClientGuide] = [
        {"key": c.key, "name": c.name, "steps": [step.format(download=builder.t("ics_download")) for step in c.steps],
         "refresh": c.refresh.format(every=every)}
        for c in guide["clients"]
    ]
    context: SubscribePage = {
        **builder.common(here),
        "intro": builder.t("subscribe_intro", series=series),
        "feeds": feeds(builder, here),
        "why": [item.format(download=builder.t("ics_download")) for item in guide["why"]],
        "clients": clients,
        "refresh_note": builder.t("refresh_note", every=every),
        "organisers": guide["organisers"],
        "webcal_note": guide["webcal"],
        "copy_script": link(here, COPY_SCRIPT),
    }
    return PageData.of(entry, builder.t("description_subscribe", series=series), context)
