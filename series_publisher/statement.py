"""The Erklärung zur Barrierefreiheit (accessibility statement), generated from settings.

German public bodies must publish one (BGG § 12b, BITV 2.0 § 7; EU directive
2016/2102). Its sections follow the model statement of the EU implementing
decision 2018/1523 in the order the Bundesfachstelle Barrierefreiheit uses:
compliance status, non-accessible content (with reasons and alternatives),
preparation (date, method, last review), feedback contact, arbitration
(Schlichtungsverfahren). The facts come from `extra.series.accessibility`
in mkdocs.yml; the dates default to the last commit, never to the build clock.

The statement is running legal prose in German and English, so it lives here
with the page (as subscribe.py's guide does) rather than as single strings in
i18n.py. Nothing here depends on the reference date.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .context_parts import Contact, ContactRow
from .contexts import Statement, StatementPage
from .easy_pages import site_links
from .i18n import Locale
from .output import PageData, PageEntry
from .page_builder import PageBuilder
from .paths import statement_path
from .settings import Settings


PROSE: dict[str, dict[str, Any]] = {
    "de": {
        "intro": "{organiser} ist bemüht, die Website {site} im Einklang mit {regulation} barrierefrei zugänglich "
                 "zu machen. Diese Erklärung zur Barrierefreiheit gilt für die Website der Reihe {series}: {site}",
        "regulation": "dem Behindertengleichstellungsgesetz (BGG) und der Barrierefreie-Informationstechnik-"
                      "Verordnung (BITV 2.0) zur Umsetzung der Richtlinie (EU) 2016/2102",
        "standard": "den Anforderungen der BITV 2.0 (WCAG 2.1, Stufe AA; EN 301 549)",
        "status_heading": "Stand der Vereinbarkeit mit den Anforderungen",
        "status": {
            "full": "Diese Website ist mit {standard} vollständig vereinbar.",
            "partial": "Diese Website ist wegen der unten aufgeführten Unvereinbarkeiten mit {standard} "
                       "teilweise vereinbar.",
            "none": "Diese Website ist mit {standard} nicht vereinbar. Die Unvereinbarkeiten sind unten aufgeführt.",
        },
        "limitations_heading": "Nicht barrierefreie Inhalte",
        "limitations_none": "Die bekannten Einschränkungen nennt Ihnen auf Anfrage die unten genannte Kontaktstelle.",
        "reason": "Begründung",
        "alternative": "Barrierefreie Alternative",
        "preparation_heading": "Erstellung dieser Erklärung zur Barrierefreiheit",
        "prepared": "Diese Erklärung wurde am {date} erstellt.",
        "method": {
            "self": "Sie beruht auf einer Selbstbewertung.",
            "external": "Sie beruht auf einer Prüfung durch Dritte.",
        },
        "reviewed": "Die Erklärung wurde zuletzt am {date} überprüft.",
        "automated_heading": "Wie die Website geprüft wird",
        "automated_intro": "Bei jeder Änderung prüfen automatische Tests jede Seitenart in einem echten Browser:",
        "automated": (
            "WCAG 2.1, Stufen A und AA, mit axe-core, und die Barrierefreiheits-Prüfung von Lighthouse "
            "(auch der Suchdialog)",
            "gültiges HTML mit dem W3C Nu HTML Checker",
            "Bedienung mit der Tastatur: Sprunglink zum Inhalt, sichtbarer Fokus, jedes Bedienelement erreichbar",
            "Lesbarkeit auf einem 360 Pixel breiten Bildschirm ohne waagerechtes Scrollen",
            "Nutzbarkeit ohne JavaScript und ohne Anfragen an fremde Server",
        ),
        "manual_intro": "Von Hand zu prüfen, vor jeder Saison und nach größeren Änderungen:",
        "manual": (
            "Bedienung mit einem Screenreader (z. B. NVDA mit Firefox, VoiceOver auf iPhone oder Mac)",
            "Vergrößerung auf 200 % und 400 %: alles bleibt lesbar und bedienbar",
            "verständliche Texte, sinnvolle Überschriften und Linktexte",
            "Untertitel der Aufzeichnungen und Barrierefreiheit der Materialien (PDF)",
        ),
        "feedback_heading": "Barrieren melden: Kontakt zu den Feedback-Ansprechpartnern",
        "feedback": "Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten dieser Website aufgefallen? "
                    "Oder haben Sie Fragen zur Barrierefreiheit? Dann wenden Sie sich bitte an:",
        "email": "E-Mail",
        "phone": "Telefon",
        "web": "Internet",
        "address": "Anschrift",
        "arbitration_heading": "Schlichtungsverfahren",
        "arbitration": "Wenn auch nach Ihrem Feedback an den oben genannten Kontakt keine zufriedenstellende "
                       "Lösung gefunden wurde, können Sie sich an die Schlichtungsstelle wenden. Sie hat die "
                       "Aufgabe, bei Konflikten zum Thema Barrierefreiheit eine außergerichtliche Streitbeilegung "
                       "zu unterstützen. Das Schlichtungsverfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand.",
    },
    "en": {
        "intro": "{organiser} is committed to making its website {site} accessible, in accordance with {regulation}. "
                 "This accessibility statement applies to the website of the series {series}: {site}",
        "regulation": "the German Disability Equality Act (BGG) and the Barrier-Free Information Technology "
                      "Ordinance (BITV 2.0), which transpose Directive (EU) 2016/2102",
        "standard": "the requirements of BITV 2.0 (WCAG 2.1 level AA; EN 301 549)",
        "status_heading": "Compliance status",
        "status": {
            "full": "This website is fully compliant with {standard}.",
            "partial": "This website is partially compliant with {standard} due to the non-compliances listed below.",
            "none": "This website is not compliant with {standard}. The non-compliances are listed below.",
        },
        "limitations_heading": "Non-accessible content",
        "limitations_none": "The contact below names the known limitations on request.",
        "reason": "Reason",
        "alternative": "Accessible alternative",
        "preparation_heading": "Preparation of this accessibility statement",
        "prepared": "This statement was prepared on {date}.",
        "method": {
            "self": "It is based on a self-assessment.",
            "external": "It is based on an assessment carried out by a third party.",
        },
        "reviewed": "The statement was last reviewed on {date}.",
        "automated_heading": "How the website is checked",
        "automated_intro": "On every change, automated tests check every page type in a real browser:",
        "automated": (
            "WCAG 2.1 levels A and AA with axe-core, and Lighthouse's accessibility audit (search dialog included)",
            "valid HTML with the W3C Nu HTML Checker",
            "keyboard use: a skip link to the content, visible focus, every control reachable",
            "reading on a 360 pixel wide screen without horizontal scrolling",
            "use without JavaScript and without requests to other hosts",
        ),
        "manual_intro": "To check by hand before every season and after larger changes:",
        "manual": (
            "use with a screen reader (e.g. NVDA with Firefox, VoiceOver on iPhone or Mac)",
            "zoom to 200 % and 400 %: everything stays readable and usable",
            "plain texts, meaningful headings and link texts",
            "captions of the recordings and accessibility of the materials (PDF)",
        ),
        "feedback_heading": "Feedback and contact information",
        "feedback": "Have you found barriers to accessing the content of this website, or do you have questions "
                    "about its accessibility? Please contact:",
        "email": "Email",
        "phone": "Phone",
        "web": "Web",
        "address": "Address",
        "arbitration_heading": "Enforcement procedure",
        "arbitration": "If your feedback to the contact above did not lead to a satisfactory solution, you can turn "
                       "to the arbitration body, which helps to settle disputes about accessibility out of court. "
                       "The procedure is free of charge; you do not need a lawyer.",
    },
}


def statement_date(settings: Settings, configured: date | None, last_change: datetime | None) -> date | None:
    """A configured date, else the last commit's (then SOURCE_DATE_EPOCH: `last_change`), in the series' zone."""
    if configured is not None:
        return configured
    return last_change.astimezone(settings.zone).date() if last_change else None


def _contact(person: Any, prose: dict[str, Any]) -> Contact | None:
    """Name and the ways to reach a contact or arbitration body, as label/text/href rows."""
    if person is None:
        return None
    rows: list[ContactRow] = []
    if getattr(person, "address", None):
        rows.append({"label": prose["address"], "text": person.address, "href": None})
    if person.email:
        rows.append({"label": prose["email"], "text": person.email, "href": "mailto:" + person.email})
    if getattr(person, "phone", None):
        rows.append({"label": prose["phone"], "text": person.phone,
                     "href": "tel:" + "".join(ch for ch in person.phone if ch.isdigit() or ch == "+")})
    if person.url:
        rows.append({"label": prose["web"], "text": person.url, "href": person.url})
    return {"name": person.name, "rows": rows}


def statement_context(settings: Settings, last_change: datetime | None) -> Statement:
    """Every sentence of the statement, in the site's language; `last_change` dates it unless the settings do."""
    prose = PROSE.get(settings.language, PROSE["en"])
    options = settings.options.accessibility
    organiser = settings.options.organiser
    standard = prose["standard"]
    prepared = statement_date(settings, options.prepared, last_change)
    reviewed = options.reviewed or prepared
    locale = Locale(settings.language)
    return {
        "status": options.status,
        "intro": prose["intro"].format(organiser=organiser.name if organiser else settings.options.name,
                                       site=settings.site_url, regulation=options.regulation or prose["regulation"],
                                       series=settings.options.name),
        "status_text": prose["status"][options.status].format(standard=standard),
        "limitations": [{"content": item.content, "reason": item.reason, "alternative": item.alternative}
                        for item in options.limitations],
        "prepared": prose["prepared"].format(date=locale.long_date(prepared)) if prepared else "",
        "method": prose["method"][options.method],
        "reviewed": prose["reviewed"].format(date=locale.long_date(reviewed)) if reviewed else "",
        "contact": _contact(options.contact or organiser, prose),
        "arbitration": _contact(options.arbitration, prose),
        "prose": prose,
    }


def statement_entry(builder: PageBuilder) -> PageEntry:
    """The page at barrierefreiheit/ (German sites) or accessibility/ (English sites)."""
    return PageEntry(statement_path(builder.settings.language), builder.t("statement_title"), "statement.html")


def statement_page(builder: PageBuilder, entry: PageEntry) -> PageData:
    settings = builder.settings
    context: StatementPage = {**builder.common(entry.path), **statement_context(settings, builder.last_change),
                              "easy": site_links(settings, entry.path)}
    return PageData.of(entry, builder.t("description_statement", series=settings.options.name), context)
