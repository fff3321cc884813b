"""The Atom feed (RFC 4287): the season's story, one entry per event a participant cares about.

An entry for each announcement, and one for each change that matters to a
participant: rescheduled (with the new date and time), cancelled,
un-cancelled, recording published. Each is dated by the commit that made it
(history.py: the publishing branch, monotonic commit times), so the feed
tells the season in order and two builds give the same bytes. Every entry
carries date, time, speakers and status. Without git history there is one
announcement per session (dated by its file) and its recording.

Built with ElementTree, so every editor string is escaped by the XML writer.
Entry ids are tag: URIs from the session's calendar identity (stable across
renames and builds), with the commit for a change.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone

from .content import Content, Session
from .i18n import Locale
from .model import SessionFrontMatter
from .paths import ATOM_PATH
from .settings import Settings
from .text import plain_text, shorten
from .timestamps import FileTime

ATOM = "http://www.w3.org/2005/Atom"
SUMMARY_TEXT = 300
"""Characters of the abstract in an entry: the page has the rest."""


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


@dataclass(frozen=True)
class State:
    """A session as participants saw it after one commit."""

    time: datetime
    commit: str
    meta: SessionFrontMatter
    start: datetime
    end: datetime

    @property
    def recording(self) -> bool:
        return self.meta.published_recording is not None


def states(session: Session, changed: FileTime) -> list[State]:
    """Every committed state that could be read, then the one being built if it differs."""
    found = [State(v.time, v.commit, v.meta, v.start, v.end)
             for v in (session.lineage.versions if session.lineage else []) if v.key is not None]
    current = State(changed(session.source.path), "", session.meta, session.start, session.end)
    if not found or _differs(found[-1], current):
        if found and current.time <= found[-1].time:
            current = State(found[-1].time, "", current.meta, current.start, current.end)
        found.append(current)
    return found


def _differs(before: State, after: State) -> bool:
    """A change subscribers must hear of (`change_key`), or a recording published since."""
    return (before.meta.change_key, before.recording) != (after.meta.change_key, after.recording)


def _kinds(before: State | None, after: State) -> list[str]:
    """What happened between two states, as entry kinds."""
    if before is None:
        return ["session"] + (["recording"] if after.recording else [])
    kinds = []
    if after.meta.is_cancelled and not before.meta.is_cancelled:
        kinds.append("cancelled")
    elif before.meta.is_cancelled and not after.meta.is_cancelled:
        kinds.append("uncancelled")
    if (after.start, after.end) != (before.start, before.end) and not after.meta.is_cancelled:
        kinds.append("rescheduled")
    if after.recording and not before.recording:
        kinds.append("recording")
    return kinds


def entries(content: Content, settings: Settings, changed: FileTime) -> list[Entry]:
    locale = Locale(settings.language)
    items = []
    for session in content.sessions:
        url = settings.page_url(session.path)
        abstract = shorten(plain_text(session.abstract), SUMMARY_TEXT)
        before: State | None = None
        recorded = False
        for state in states(session, changed):
            zone = session.start.tzinfo
            start, end = state.start.astimezone(zone), state.end.astimezone(zone)
            when = f"{locale.long_date(start.date())}, {locale.time_range(start, end)}"
            for kind in _kinds(before, state):
                if kind == "recording" and recorded:
                    continue
                recorded = recorded or kind == "recording"
                title = state.meta.title
                if kind == "session" and state.meta.is_cancelled:
                    title = locale.t("feed_cancelled", title=title)
                else:
                    title = locale.t(f"feed_{kind}", title=title, when=when)
                first = kind in ("session", "recording")
                entry_id = tag_uri(settings, session, kind) + ("" if first else "/" + (state.commit[:12] or "neu"))
                link = url + "#aufzeichnung" if kind == "recording" else url
                status = locale.t("phase_past") if kind == "recording" else locale.t(state.meta.status)
                summary = _summary(state, when, content, locale, status, abstract)
                items.append(Entry(entry_id, title, state.time.astimezone(timezone.utc), link, summary))
            before = state
    return sorted(items, key=lambda e: (e.updated, e.id), reverse=True)


def _summary(state: State, when: str, content: Content, locale: Locale, status: str,
             abstract: str) -> str:
    """Date and time, speakers, status, then the start of the abstract."""
    names = [content.speakers[slug].name if slug in content.speakers else slug for slug in state.meta.speakers]
    lines = [when]
    if names:
        lines.append(f"{locale.t('speakers')}: " + ", ".join(names))
    lines.append(f"{locale.t('status')}: {status}")
    return "\n".join(lines) + ("\n\n" + abstract if abstract else "")


def atom_feed(content: Content, settings: Settings, changed: FileTime) -> bytes:
    items = entries(content, settings, changed)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": settings.language})
    _text(feed, "id", settings.site_url)
    _text(feed, "title", Locale(settings.language).t("feed_title", name=settings.options.name))
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
