"""Recordings and materials: what a session page, a speaker page and
/recordings/ show after the event.

Privacy by construction: for YouTube and Vimeo the page data holds only a
watch link (for readers without JavaScript) and the embed address that
overrides/assets/video.js loads after a click — never an iframe, script or
thumbnail from the video host on page view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


from .content import Content, Session
from .context_parts import Material, PlannedRecording, PublishedRecording
from .model import Recording
from .paths import link
from .settings import Settings

HOST_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}
HOST_COMPANIES = {"youtube": "Google Ireland Ltd.", "vimeo": "Vimeo.com, Inc."}


def published_recording(session: Session) -> Recording | None:
    """The session's published recording (the model's rule, `Session.published_recording`)."""
    return session.published_recording


def embed_url(recording: Recording) -> str | None:
    """The player address loaded after a click: youtube-nocookie.com for YouTube."""
    parts = urlsplit(recording.url)
    if recording.host == "youtube":
        video = parse_qs(parts.query).get("v", [""])[0] if "watch" in parts.path else parts.path.rstrip("/").split("/")[-1]
        return f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1" if re.fullmatch(r"[\w-]{6,}", video) else None
    if recording.host == "vimeo":
        video = parts.path.rstrip("/").split("/")[-1]
        return f"https://player.vimeo.com/video/{video}?autoplay=1&dnt=1" if video.isdigit() else None
    return None


def duration_text(duration: timedelta | None) -> str | None:
    """'1:52:00' (h:mm:ss), as players show it."""
    if duration is None:
        return None
    seconds = int(duration.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def iso_duration(duration: timedelta | None) -> str | None:
    """'PT1H52M0S' for <time datetime> and schema.org."""
    if duration is None:
        return None
    seconds = int(duration.total_seconds())
    return f"PT{seconds // 3600}H{seconds % 3600 // 60}M{seconds % 60}S"


FILE_TYPES = {".pdf": "PDF", ".pptx": "PowerPoint", ".ppt": "PowerPoint", ".docx": "Word", ".doc": "Word",
              ".xlsx": "Excel", ".odt": "ODT", ".odp": "ODP", ".zip": "ZIP", ".mp3": "MP3", ".mp4": "MP4"}


def file_label(path: Path, language: str) -> str:
    """'PDF, 2,3 MB' — type and size, so readers on slow lines know before they click."""
    size = path.stat().st_size
    kind = FILE_TYPES.get(path.suffix.lower(), path.suffix.lstrip(".").upper() or "Datei")
    if size >= 1_000_000:
        amount, unit = size / 1_000_000, "MB"
    else:
        amount, unit = max(size / 1000, 0.1), "KB"
    from babel.numbers import format_decimal  # imported late: the page list needs no numbers

    return f"{kind}, {format_decimal(round(amount, 1), format='#,##0.0', locale=language)} {unit}"


@dataclass
class RecordingView:
    """Recording and materials of one session, relative to one page."""

    settings: Settings

    def recording(self, session: Session, here: str, today: date) -> PlannedRecording | PublishedRecording | None:
        state = session.meta.recording
        if state == "planned":
            if session.is_cancelled:
                return None  # a cancelled session is never recorded (check warns about the leftover line)
            return {"state": "planned", "after_event": session.end.date() < today}
        recording = published_recording(session)
        if recording is None:
            return None
        host = recording.host
        data: PublishedRecording = {
            "state": "published",
            "host": host,
            "host_name": HOST_NAMES.get(host or "", ""),
            "company": HOST_COMPANIES.get(host or "", ""),
            "watch_url": recording.url if host else link(here, recording.url),
            "embed_url": embed_url(recording),
            "media_kind": recording.media_kind,
            "captions": link(here, recording.captions) if recording.captions else None,
            "duration": duration_text(recording.duration),
            "duration_iso": iso_duration(recording.duration),
            "language": self.settings.language,
        }
        return data

    def materials(self, session: Session, here: str) -> list[Material]:
        items: list[Material] = []
        for material in session.meta.materials:
            if material.file:
                label = file_label(self.settings.docs_dir / material.file, self.settings.language)
                items.append({"title": material.title, "url": link(here, material.file), "label": label})
            else:
                items.append({"title": material.title, "url": material.url or "", "label": urlsplit(material.url or "").hostname or ""})
        return items


def recorded_sessions(content: Content) -> list[Session]:
    """Sessions with a published recording: newest year first, then by date."""
    recorded = [s for s in content.sessions if published_recording(s)]
    return sorted(recorded, key=lambda s: (-s.year, s.start, s.slug))
