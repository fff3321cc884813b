"""JSON Schemas for the editors' files, generated from the content model.

`python3 build.py schema` writes schema/theme.schema.json,
schema/session.schema.json, schema/speaker.schema.json and
schema/series.schema.json (the settings under `extra.series` in
mkdocs.yml). Editors point
VS Code's YAML extension (yaml-language-server) at them for completion and
inline checks; the build itself validates with the pydantic models, so the
schemas are a convenience that must never disagree with the model (a test
regenerates them and fails when the committed files are stale).

Output is deterministic: draft-07 (what yaml-language-server understands
best), `definitions` instead of `$defs`, sorted keys, German descriptions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


from pydantic import BaseModel

from .model import FILE_MODELS
from .settings import SeriesOptions

SCHEMA_MODELS: dict[str, type[BaseModel]] = FILE_MODELS | {"series": SeriesOptions}
"""Every kind of file with a schema: the content files and the settings."""

DRAFT = "http://json-schema.org/draft-07/schema#"

TITLES = {
    "theme": "Jahresthema (series/<jahr>/theme.yml)",
    "session": "Veranstaltung (Front Matter von series/<jahr>/sessions/<kurzname>.md)",
    "speaker": "Referent·in (Front Matter von series/speakers/<kurzname>.md)",
    "series": "Einstellungen der Reihe (extra.series in mkdocs.yml)",
}

MODEL_DESCRIPTIONS = {
    "Theme": "Das Jahresthema: Titel, Beschreibung und Anmeldung für die ganze Reihe eines Jahres.",
    "Registration": "Anmeldung zur ganzen Reihe des Jahres.",
    "SessionFrontMatter": "Eine Veranstaltung. Der Dateiname (ohne .md) ist der Kurzname und damit die Adresse.",
    "Recording": "Eine veröffentlichte Aufzeichnung.",
    "Material": "Ein Download: eine Datei unter content/ (file) oder ein Link (url) – genau eines von beiden.",
    "SpeakerFrontMatter": "Eine Person, die in Veranstaltungen spricht; der Dateiname ist ihr Kurzname.",
    "SeriesOptions": "Einstellungen der ganzen Reihe, in mkdocs.yml unter extra: series:.",
    "Organiser": "Wer die Reihe veranstaltet (Kalender, JSON-LD, Erklärung zur Barrierefreiheit).",
    "AccessibilityOptions": "Angaben für die Erklärung zur Barrierefreiheit (Seite /barrierefreiheit/, "
                            "nach dem Muster des Durchführungsbeschlusses (EU) 2018/1523).",
    "Limitation": "Ein Inhalt, der (noch) nicht barrierefrei ist.",
    "Contact": "Ansprechperson für gemeldete Barrieren (Feedback-Mechanismus).",
    "Arbitration": "Die Schlichtungsstelle, an die sich Nutzende wenden können.",
    "EasyReadOptions": "Leichte Sprache und Deutsche Gebärdensprache nach BITV 2.0 § 4 (Seiten unter "
                       "content/leichte-sprache/ und content/gebaerdensprache/).",
}

FIELD_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Theme": {
        "title": "Titel des Jahresthemas (Pflicht).",
        "subtitle": "Untertitel, z. B. „NIKO-Online 2022 – acht digitale Veranstaltungen im Herbst“.",
        "summary": "Beschreibung in Markdown (Pflicht); mit „summary: |“ und eingerücktem Text darunter.",
        "registration": "Anmeldung zur ganzen Reihe: url (Pflicht) und deadline (letzter Anmeldetag).",
        "capacity": "Höchstzahl der Teilnehmenden, z. B. 50; steht auf der Jahresseite.",
        "timezone": "Nur falls abweichend: Zeitzone dieses Jahres, z. B. Europe/Berlin.",
    },
    "Registration": {
        "url": "Adresse der Anmeldung: https://… oder mailto:…",
        "deadline": "Letzter Anmeldetag im Format JJJJ-MM-TT; danach heißt es „Anmeldung geschlossen“.",
    },
    "SessionFrontMatter": {
        "title": "Titel der Veranstaltung (Pflicht). Mit Doppelpunkt in Anführungszeichen setzen.",
        "start": "Beginn (Pflicht), Ortszeit: JJJJ-MM-TT HH:MM, z. B. 2022-10-04 14:00.",
        "end": "Ende (Pflicht): Uhrzeit am selben Tag, z. B. 16:30, oder vollständig JJJJ-MM-TT HH:MM.",
        "speakers": "Kurznamen der Referierenden = Dateinamen in series/speakers/ ohne .md.",
        "perspective": "academia (wissenschaftlicher Beitrag) oder practice (Praxisbeitrag).",
        "status": "confirmed (Standard), tentative (noch nicht sicher) oder cancelled (abgesagt).",
        "cancel_reason": "Grund der Absage (mit status: cancelled), z. B. „Die Referentin ist erkrankt.“: auf der Seite und in den Kalendern.",
        "rescheduled_from": "Liste früherer Termine (JJJJ-MM-TT HH:MM); die Seite zeigt „verschoben vom …“.",
        "registration": "Anmeldung nur für diese Veranstaltung (sonst gilt die des Jahresthemas).",
        "location": "Ort, falls abweichend vom Standard in mkdocs.yml, z. B. „Online (Zoom)“.",
        "booked_out": "true zeigt „ausgebucht“ und blendet die Anmeldung aus.",
        "id": "Feste Kalender-ID, z. B. 2022-auftakt. Nie ändern: so bleibt der Kalendereintrag beim Umbenennen erhalten.",
        "aliases": "Frühere Kurznamen dieser Veranstaltung; ihre alten Adressen leiten hierher weiter.",
        "recording": "Aufzeichnung (url, captions, duration, published) oder planned / none.",
        "materials": "Downloads: Liste aus title und file (unter content/) oder url.",
        "language": "Nur falls Titel und Text nicht in der Sprache der Reihe geschrieben sind: z. B. en.",
    },
    "Recording": {
        "url": "YouTube- oder Vimeo-Adresse, oder eine Datei unter content/ (.mp4, .webm, .mp3).",
        "captions": "Untertitel (WebVTT-Datei unter content/) für eigene Videos.",
        "duration": "Dauer H:MM:SS, z. B. 1:52:00.",
        "published": "Veröffentlicht am JJJJ-MM-TT.",
    },
    "Material": {
        "title": "Bezeichnung des Downloads, z. B. „Folien (PDF)“.",
        "file": "Pfad unter content/, z. B. materials/2022/folien.pdf.",
        "url": "Link: https://…",
    },
    "SpeakerFrontMatter": {
        "name": "Name mit akademischem Titel (Pflicht), z. B. „Prof. Dr. Lea Hartmann“.",
        "role": "Funktion, z. B. „Integrationsbeauftragte“.",
        "organisation": "Organisation, z. B. „Stadt Lindenfeld“.",
        "sector": "academia (Wissenschaft), administration (Verwaltung) oder civil-society (Zivilgesellschaft).",
        "photo": "Foto unter content/, z. B. images/speakers/lea-hartmann.jpg.",
        "website": "Webseite: https://…",
        "language": "Nur falls die Kurzbiografie nicht in der Sprache der Reihe geschrieben ist: z. B. en.",
    },
    "SeriesOptions": {
        "name": "Name der Reihe, z. B. „NIKO-Online“: Kalendername und Seitentitel.",
        "timezone": "Zeitzone der Termine, z. B. Europe/Berlin.",
        "location": "Standard-Ort einer Veranstaltung, z. B. „Online (Zoom)“.",
        "organiser": "Veranstalter: name, email, url.",
        "calendar_name": "Name des Kalender-Abonnements (Standard: der Name der Reihe).",
        "refresh_hours": "Wie oft Kalenderprogramme nachsehen sollen, in Stunden (1–168).",
        "source": "Ordner der Inhalte, relativ zu mkdocs.yml (Standard: series).",
        "example_data": "true zeigt auf jeder Seite „Beispielinhalte … erfunden“ – vor der ersten echten Saison auf false setzen.",
        "edit_links": "true zeigt auf jeder Seite den Stift „Seite bearbeiten“ (zu edit_uri); ohne diese Angabe keiner.",
        "fail_on_placeholders": "true macht Vorlagentext („Beschreibung folgt.“, https://…) zum Fehler statt zur Warnung – für den Bau, der veröffentlicht.",
        "allow_raw_html": "true erlaubt in Texten der Redaktion <iframe>, Bilder von jedem Server und freie style-Angaben (nie Skripte, on…=-Attribute oder javascript:-Links); nur, wenn allen Schreibenden die Seite anvertraut ist.",
        "allowed_hosts": "Server, von denen Bilder und Medien in Texten geladen werden dürfen, z. B. [media.example.org]; jeder Seitenaufruf fragt sie dann an.",
        "content_language": "Sprache, in der die Redaktion schreibt (Standard: de); weicht sie von theme.language ab, "
                            "werden Titel und Texte mit lang ausgezeichnet.",
        "accessibility": "Erklärung zur Barrierefreiheit: status, limitations, prepared, reviewed, method, contact, "
                         "arbitration, regulation.",
        "easy_read": "Leichte Sprache und Gebärdensprache: level.",
    },
    "Organiser": {
        "name": "Name des Veranstalters.",
        "email": "E-Mail-Adresse.",
        "url": "Webseite: https://…",
    },
    "AccessibilityOptions": {
        "status": "Stand der Vereinbarkeit: full (vollständig), partial (teilweise) oder none (nicht vereinbar).",
        "limitations": "Nicht barrierefreie Inhalte: Liste aus content, reason (Begründung) und alternative.",
        "prepared": "Erstellt am JJJJ-MM-TT (Standard: Datum des letzten Commits).",
        "reviewed": "Zuletzt überprüft am JJJJ-MM-TT (Standard: prepared).",
        "method": "self (Selbstbewertung) oder external (Prüfung durch Dritte).",
        "contact": "Feedback-Kontakt: name, email, phone, url (Standard: der Veranstalter).",
        "arbitration": "Schlichtungsstelle: name, address, phone, email, url (Standard: Schlichtungsstelle nach § 16 BGG); "
                       "Stellen eines Landes nennen die Stelle ihres Landes.",
        "regulation": "Geltende Vorschriften, z. B. „Bayerisches Behindertengleichstellungsgesetz (BayBGG) und BayBITV“ "
                      "(Standard: BGG und BITV 2.0).",
    },
    "Limitation": {
        "content": "Was nicht barrierefrei ist, z. B. „Aufzeichnungen von 2020 haben keine Untertitel“.",
        "reason": "Warum (z. B. unverhältnismäßige Belastung, noch nicht umgesetzt).",
        "alternative": "Barrierefreie Alternative, z. B. „Mitschrift auf Anfrage per E-Mail“.",
    },
    "Contact": {
        "name": "Name der Stelle oder Person.",
        "email": "E-Mail-Adresse.",
        "phone": "Telefonnummer.",
        "url": "Kontaktformular oder Webseite: https://…",
    },
    "Arbitration": {
        "name": "Name der Schlichtungsstelle.",
        "address": "Postanschrift.",
        "phone": "Telefonnummer.",
        "email": "E-Mail-Adresse.",
        "url": "Webseite: https://…",
    },
    "EasyReadOptions": {
        "level": "Welche Teile nach BITV 2.0 § 4 in Leichter Sprache und in Gebärdensprache da sein müssen: "
                 "federal (Bund: inhalt, navigation, barrierefreiheit, weitere), bavaria (BayBITV: inhalt, "
                 "navigation, weitere) oder voluntary (freiwillig: fehlende Teile sind nur Warnungen; Standard).",
    },
}


class MissingDescription(LookupError):
    """A model field has no German description: add it to FIELD_DESCRIPTIONS."""


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file ('theme', 'session', 'speaker', 'series')."""
    model = SCHEMA_MODELS[kind]
    schema = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = schema.pop("$defs", {})
    _describe(schema, model.__name__)
    for name, definition in definitions.items():
        _describe(definition, name)
    if definitions:
        schema["definitions"] = definitions
    schema["$schema"] = DRAFT
    schema["title"] = TITLES[kind]
    return schema


def _describe(schema: dict[str, Any], model_name: str) -> None:
    """German descriptions in place of pydantic's English titles and docstrings."""
    schema["description"] = MODEL_DESCRIPTIONS[model_name]
    schema.pop("title", None)
    fields = FIELD_DESCRIPTIONS.get(model_name, {})
    for key, prop in schema.get("properties", {}).items():
        if key not in fields:
            raise MissingDescription(f"{model_name}.{key}: Beschreibung in series_publisher/schema.py fehlt")
        prop.pop("title", None)
        prop["description"] = fields[key]


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """File name → text, e.g. 'session.schema.json' → '{…}'."""
    return {f"{kind}.schema.json": schema_text(kind) for kind in sorted(SCHEMA_MODELS)}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files in `folder` that are missing or differ from the model."""
    return [name for name, text in schema_files().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
