"""The Atom feed (RFC 4287): announced sessions and newly published recordings.

Built with ElementTree, so every editor string is escaped by the XML writer.
Entry ids are tag: URIs from the session's calendar identity (stable across
renames and builds); `updated` is the time the session's file last changed —
the same source as the calendar's DTSTAMP — so two builds give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone

from .calendars import FileTime
from .content import Content, Session
from .recordings import published_recording
from .paths import ATOM_PATH
from .settings import Settings
from .text import plain_text

ATOM = "http://www.w3.org/2005/Atom"
TITLES = {
    "de": {"recording": "Aufzeichnung: {title}", "cancelled": "Abgesagt: {title}", "feed": "{name}: Programm und Aufzeichnungen"},
    "en": {"recording": "Recording: {title}", "cancelled": "Cancelled: {title}", "feed": "{name}: programme and recordings"},
}


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: datetime
    url: str
    summary: str


def tag_uri(settings: Settings, session: Session, kind: str) -> str:
    """tag:host,YEAR:kind/uid — RFC 4151, stable for the life of the session."""
    return f"tag:{settings.host},{session.year}:{kind}/{session.uid_key}"


def entries(content: Content, settings: Settings, changed: FileTime) -> list[Entry]:
    titles = TITLES.get(settings.language, TITLES["en"])
    items = []
    for session in content.sessions:
        updated = changed(session.source.path).astimezone(timezone.utc)
        url = settings.page_url(session.path)
        summary = plain_text(session.abstract)
        title = titles["cancelled"].format(title=session.title) if session.is_cancelled else session.title
        items.append(Entry(tag_uri(settings, session, "session"), title, updated, url, summary))
        recording = published_recording(session)
        if recording is not None:
            items.append(Entry(tag_uri(settings, session, "recording"),
                               titles["recording"].format(title=session.title), updated, url + "#aufzeichnung",
                               summary))
    return sorted(items, key=lambda e: (e.updated, e.id), reverse=True)


def atom_feed(content: Content, settings: Settings, changed: FileTime) -> bytes:
    items = entries(content, settings, changed)
    titles = TITLES.get(settings.language, TITLES["en"])
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": settings.language})
    _text(feed, "id", settings.site_url)
    _text(feed, "title", titles["feed"].format(name=settings.options.name))
    newest = items[0].updated if items else datetime(1970, 1, 1, tzinfo=timezone.utc)
    _text(feed, "updated", _stamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": settings.page_url(ATOM_PATH),
                                             "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": settings.site_url, "type": "text/html"})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    organiser = settings.options.organiser
    _text(author, "name", organiser.name if organiser else settings.options.name)
    _text(feed, "generator", "series-publisher")
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _text(entry, "updated", _stamp(item.updated))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": item.url, "type": "text/html"})
        _text(entry, "summary", item.summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = value


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
