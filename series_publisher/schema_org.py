"""A session page's machine-readable twin: schema.org JSON-LD, which search engines read.

The renderer writes it into a <script type="application/ld+json"> block
(render.py:json_ld_text); nothing here depends on the reference date.
"""

from __future__ import annotations

from typing import Any

from .content import Session, Year
from .paths import speaker_path
from .settings import Settings
from .text import plain_text, shorten


def session_event(session: Session, year: Year, settings: Settings) -> dict[str, Any]:
    """schema.org Event, with the year as its EventSeries."""
    url = settings.page_url(session.path)
    status = "https://schema.org/EventScheduled"
    if session.is_cancelled:
        status = "https://schema.org/EventCancelled"
    elif session.is_rescheduled:
        status = "https://schema.org/EventRescheduled"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.title,
        "description": shorten(plain_text(session.abstract), 500),
        "url": url,
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat(),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": status,
        "location": {"@type": "VirtualLocation", "url": url},
        "inLanguage": settings.language,
        "performer": [
            {"@type": "Person", "name": s.name, "url": settings.page_url(speaker_path(s.slug))}
            | ({"affiliation": {"@type": "Organization", "name": s.meta.organisation}} if s.meta.organisation else {})
            for s in session.speakers
        ],
        "superEvent": {
            "@type": "EventSeries",
            "name": f"{settings.options.name} {year.year}: {year.theme.title}",
            "url": settings.page_url(year.path),
        },
    }
    if session.meta.rescheduled_from:
        data["previousStartDate"] = [d.isoformat() for d in session.meta.rescheduled_from]
    organiser = settings.options.organiser
    if organiser:
        data["organizer"] = {"@type": "Organization", "name": organiser.name} | (
            {"url": organiser.url} if organiser.url else {})
    return data
