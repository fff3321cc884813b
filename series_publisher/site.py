"""The core's front door: settings in, everything a site needs out.

    settings → load_content → build_schedule → pages, calendars, redirects

`check` stops after the schedule (the editors' `build.py check`); `prepare`
goes on to the page list, the page data and then the other files (the MkDocs hooks run it
through handoff.py, in a child process); `build_site` does the same in this
process, for tests and tools. None of it knows MkDocs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterator, Sequence

from .background import Background
from .content import Content, load_content
from .folders import check_images, check_links
from .markup import check_markup
from .output import (CLEANED_SUFFIXES, NavSection, PageContents, PageData, PageEntry, Prepared, PreparedFiles,
                     SiteFile, src_uri)
from .paths import ATOM_PATH
from .problems import Problems
from .schedule import build_schedule, warn_before_launch, warn_recordings_ahead
from .settings import Settings, read_mkdocs_yml, settings_from_config
from .history import start_history
from .lineages import attach, former_names
from .timestamps import FileTimes

CONFIG_NAME = "mkdocs.yml"
"""The configuration's usual name: its history counts for every event (location, organiser, site_url)."""


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
    """What the site generator turns into pages and files."""

    settings: Settings
    content: Content
    pages: list[PageData] = field(default_factory=list)
    home: dict = field(default_factory=dict)
    files: list[SiteFile] = field(default_factory=list)
    """Calendars, the Atom feed, resized portraits and redirect pages."""
    navigation: list[NavSection] = field(default_factory=list)
    """Generated pages in navigation order: years newest first (sessions by date), speakers, the rest."""

    @property
    def calendars(self) -> list[SiteFile]:
        return [item for item in self.files if item.path.endswith(".ics")]


def load_settings(config_file: Path, problems: Problems) -> Settings | None:
    return settings_from_config(read_mkdocs_yml(config_file), config_file, problems)


def check(settings: Settings, problems: Problems, today: date | None = None) -> Content:
    """Load the content, attach its git history, cross-check it; every problem lands in `problems`.

    Check and build both come here, so they report the same problems, the
    ones that depend on the reference date (`today`, else the clock) included.

    The folders come first: while a link points outside them, nothing is read
    (a message could otherwise quote a secret from the file it points to).
    """
    found = Problems()
    check_links(settings, found)
    problems.extend(found)
    if found.has_errors:
        return Content([], {})
    reader = start_history(settings.root, [settings.shown(settings.series_dir), CONFIG_NAME])
    content = load_content(settings, problems)  # while git log runs
    zones = {year.year: year.zone for year in content.years}
    content.history = reader.finish(lambda year: zones.get(year, settings.zone))
    attach(content, settings, content.history, problems)
    content = build_schedule(content, settings, problems)
    photos = {(settings.docs_dir / s.meta.photo).resolve() for s in content.speakers.values() if s.meta.photo}
    check_images(settings, photos, problems)
    check_markup(settings, content, problems)
    warn_recordings_ahead(content, reference_date(settings, today), problems)
    warn_before_launch(settings, reference_date(settings, today), problems)
    return content


def reference_date(settings: Settings, today: date | None = None) -> date:
    """'Today' in the series' zone: decides upcoming, registration open, recording follows.

    A pinned date (`build.py --today`, SERIES_TODAY read by the caller) wins;
    else the clock, read here only, in the series' zone.
    """
    return today if today is not None else datetime.now(settings.zone).date()


def build_pages(settings: Settings, content: Content, today: date) -> Site:
    """The page data: the one part that depends on the reference date."""
    from .pages import PageBuilder  # imported here: `check` needs no page data (nor Markdown, nor babel)

    builder = PageBuilder(content, settings, today)
    pages = builder.all_pages()
    return Site(settings, content, pages, builder.home_context(), navigation=navigation(content, pages))


def navigation(content: Content, pages: Sequence[PageEntry]) -> list[NavSection]:
    """Years newest first, each with its sessions by date; the speakers page with every speaker; then the rest."""
    by_template: dict[str, list[str]] = {}
    for page in pages:
        by_template.setdefault(page.template, []).append(page.src_uri)
    years = [NavSection(src_uri(year.path), tuple(src_uri(s.path) for s in year.sessions))
             for year in reversed(content.years)]
    speakers = [NavSection(uri, tuple(by_template.get("speaker.html", ()))) for uri in by_template["speakers.html"]]
    listed = {"year.html", "session.html", "speakers.html", "speaker.html"}
    rest = [NavSection(page.src_uri) for page in pages if page.template not in listed]
    return years + speakers + rest


def build_files(settings: Settings, content: Content) -> PreparedFiles:
    """Every other file, from the content alone; problems for photos that are no images.

    Imported here, not at the top: this usually runs in the background child,
    so the page-rendering process never pays for icalendar or Pillow.
    """
    from .calendars import calendar_files
    from .feeds import atom_feed
    from .images import portrait

    times = FileTimes(settings.root, content.history.touched if content.history else {})
    files = [SiteFile(c.path, c.data) for c in calendar_files(content, settings, times)]
    files.append(SiteFile(ATOM_PATH, atom_feed(content, settings, times)))
    problems = Problems()
    for speaker in content.speakers.values():
        if speaker.meta.photo:
            image = portrait(settings.docs_dir / speaker.meta.photo, speaker.slug, speaker.source.path, problems)
            if image is not None:
                files.append(SiteFile(image.path, image.data))
    files.extend(cleaned_images(settings, problems))
    for session, (year, slug) in former_names(content):
        redirect = Redirect(f"{year}/{slug}/", session.path)
        files.append(SiteFile(redirect.path + "index.html", redirect.html.encode("utf-8")))
    return PreparedFiles(files, problems.items)


def cleaned_images(settings: Settings, problems: Problems) -> list[SiteFile]:
    """Every JPEG, PNG and WebP under content/, without EXIF/XMP, at its own path on the site.

    The hooks hand MkDocs an empty placeholder for each, so the original is never copied.
    """
    from .images import SIZE_HINT, cleaned

    made = []
    for path in sorted(settings.docs_dir.rglob("*")) if settings.docs_dir.is_dir() else ():
        relative = path.relative_to(settings.docs_dir).as_posix()
        if path.suffix.lower() not in CLEANED_SUFFIXES or relative.startswith(".") or "/." in relative:
            continue  # MkDocs leaves out dot files; so does this
        try:
            made.append(SiteFile(relative, cleaned(path.read_bytes(), path.suffix.lower()), replaces=relative))
        except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken or hostile files
            problems.error(settings.shown(path), None, f"das Bild {path.name} ist kein lesbares Bild", SIZE_HINT)
    return made


def build_site(settings: Settings, content: Content, today: date) -> Site:
    """Pages and files together, in this process (tests, tools)."""
    site = build_pages(settings, content, today)
    made = build_files(settings, content)
    if made.problems:
        raise ValueError("\n".join(map(str, made.problems)))
    site.files = made.files
    return site


def prepare(config_file: Path, today: date | None = None,
            files_in_background: bool = False) -> Iterator[Prepared | PageContents | PreparedFiles]:
    """The whole core run for one build, in three steps a site generator can wait for separately.

    First which pages there are (with every content problem), then what they
    show, then the other files. A site generator lists the pages while the
    second step runs and renders them once it is there. Yields only the
    first when there are errors: nothing should be built then. With
    `files_in_background` (when this already runs in the page-rendering
    process) the files are made in a forked child while the pages render.
    """
    problems = Problems()
    settings = load_settings(config_file, problems)
    content = check(settings, problems, today) if settings else None
    if settings is None or content is None or problems.has_errors:
        # The folders still travel: `serve` watches series/ to notice the fix.
        yield Prepared(problems.sorted(), series_dir=str(settings.series_dir) if settings else "",
                       root=str(settings.root) if settings else "")
        return
    from .pages import PageBuilder

    builder = PageBuilder(content, settings, reference_date(settings, today))
    plan = builder.plan()
    entries = [entry for entry, _ in plan]
    yield Prepared(problems.sorted(), entries, navigation(content, entries), str(settings.series_dir),
                   str(settings.root), settings.edit_base if settings.options.edit_links else None)
    pages = [make(entry) for entry, make in plan]
    files = Background(lambda: iter([build_files(settings, content)])) if files_in_background else None
    yield PageContents({page.src_uri: page for page in pages}, builder.home_context())
    yield files.next() if files else build_files(settings, content)
