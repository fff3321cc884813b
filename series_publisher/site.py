"""The core's front door: settings in, everything a site needs out.

    settings → load_content → build_schedule → pages, calendars, redirects

`check` stops after the schedule (the editors' `build.py check`); `build_site`
goes on to the page data and files. Both are pure with respect to the site
generator: the MkDocs hooks and build.py call the same functions.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .calendars import CalendarFile, calendar_files
from .content import Content, load_content
from .feeds import FEED_PATH, atom_feed
from .images import Portrait, portrait
from .pages import PageBuilder, PageData
from .problems import Problems
from .schedule import build_schedule
from .settings import Settings, read_mkdocs_yml, settings_from_config
from .timestamps import FileTimes

TODAY_VARIABLE = "SERIES_TODAY"
"""Environment variable that pins the reference date (YYYY-MM-DD)."""


@dataclass(frozen=True)
class Redirect:
    """An old session URL that must keep working after a rename."""

    path: str
    """Old site path, e.g. '2021/alter-name/'."""
    target: str
    """New site path."""

    @property
    def html(self) -> str:
        target = "../../" + self.target  # both are '<year>/<slug>/'
        url = html.escape(target, quote=True)
        return (
            "<!doctype html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
            f"<title>Weiterleitung</title><meta http-equiv=\"refresh\" content=\"0; url={url}\">"
            f"<link rel=\"canonical\" href=\"{url}\"><meta name=\"robots\" content=\"noindex\"></head>"
            f"<body><p><a href=\"{url}\">{url}</a></p></body></html>\n"
        )


@dataclass
class Site:
    """What the site generator turns into files."""

    settings: Settings
    content: Content
    pages: list[PageData] = field(default_factory=list)
    home: dict = field(default_factory=dict)
    calendars: list[CalendarFile] = field(default_factory=list)
    portraits: list[Portrait] = field(default_factory=list)
    """Speaker photos resized to the size shown."""
    feed: bytes = b""
    """The Atom feed, /feed.xml."""
    redirects: list[Redirect] = field(default_factory=list)


def load_settings(config_file: Path, problems: Problems) -> Settings | None:
    return settings_from_config(read_mkdocs_yml(config_file), config_file, problems)


def check(settings: Settings, problems: Problems) -> Content:
    """Load and cross-check the content; every problem lands in `problems`."""
    return build_schedule(load_content(settings, problems), settings, problems)


def reference_date(settings: Settings, explicit: str | None = None) -> date:
    """'Today' in the series' zone: decides upcoming, registration open, recording follows."""
    value = explicit or os.environ.get(TODAY_VARIABLE)
    if value:
        return date.fromisoformat(value)
    return datetime.now(settings.zone).date()


def build_site(settings: Settings, content: Content, today: date) -> Site:
    """Page data, calendars and redirects for checked content."""
    builder = PageBuilder(content, settings, today)
    times = FileTimes(settings.root, settings.series_dir)
    redirects = [
        Redirect(f"{session.year}/{alias}/", session.path)
        for session in content.sessions for alias in session.meta.aliases
    ]
    return Site(
        settings=settings,
        content=content,
        pages=builder.all_pages(),
        home=builder.home_context(),
        calendars=calendar_files(content, settings, times),
        feed=atom_feed(content, settings, times),
        portraits=[portrait(settings.docs_dir / s.meta.photo, s.slug) for s in content.speakers.values() if s.meta.photo],
        redirects=redirects,
    )
