"""The core's front door: settings in, everything a site needs out.

    settings → load_content → build_schedule → pages, programme PDFs, calendars, redirects

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
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from .background import Background
from .content import Content, load_content
from .folders import check_images, check_links
from .easy_pages import check_pages, easy_page_data
from .links import check_links as check_page_links
from .markup import check_markup
from .sanitise import html_policy
from .output import (NavSection, PageContents, PageData, PageEntry, Prepared, PreparedFiles,
                     SiteFile, src_uri)
from .paths import ATOM_PATH
from .problems import Problems
from .schedule import build_schedule, warn_before_launch, warn_recordings_ahead
from .settings import Settings, read_mkdocs_yml, settings_from_config
from .history import report_clamped, start_history
from .inputs import BuildInputs
from .lineages import attach, former_names
from .timestamps import FileTimes

if TYPE_CHECKING:
    from .pages import PageBuilder
    from .programme import Programmes

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


def check(settings: Settings, problems: Problems, inputs: BuildInputs = BuildInputs()) -> Content:
    """Load the content, attach its git history, cross-check it; every problem lands in `problems`.

    Check and build both come here, so they report the same problems, the
    ones that depend on the reference date (`inputs.today`, else the clock)
    included. `inputs.history` is the git history as the caller has it
    (`HistoryReader(root)` for none, as outside git); by default `git log`
    starts here.

    The folders come first: while a link points outside them, nothing is read
    (a message could otherwise quote a secret from the file it points to).
    """
    found = Problems()
    check_links(settings, found)
    problems.extend(found)
    if found.has_errors:
        return Content([], {})
    reader = inputs.history
    if reader is None:
        reader = start_history(settings.root, [settings.shown(settings.series_dir), CONFIG_NAME])
    content = load_content(settings, problems)  # while git log runs
    zones = {year.year: year.zone for year in content.years}
    content.history = reader.finish(lambda year: zones.get(year, settings.zone))
    report_clamped(content.history, problems)
    attach(content, settings, content.history, problems)
    content = build_schedule(content, settings, problems)
    today = reference_date(settings, inputs.today)
    check_page_links(content, settings, today, problems)
    photos = {(settings.docs_dir / s.meta.photo).resolve() for s in content.speakers.values() if s.meta.photo}
    check_images(settings, photos, problems)
    check_markup(settings, content, problems)
    check_pages(settings, problems)
    warn_recordings_ahead(content, today, problems)
    warn_before_launch(settings, today, problems)
    return content


def reference_date(settings: Settings, today: date | None = None) -> date:
    """'Today' in the series' zone: decides upcoming, registration open, recording follows.

    A pinned date (`build.py --today`, SERIES_TODAY read by the caller) wins;
    else the clock, read here only, in the series' zone.
    """
    return today if today is not None else datetime.now(settings.zone).date()


def build_pages(settings: Settings, content: Content, inputs: BuildInputs,
                programmes: PreparedFiles | None = None) -> Site:
    """The page data: the one part that depends on the reference date (year pages link `programmes`)."""
    builder = page_builder(settings, content, inputs)
    builder.programme_sizes.update(_sizes(programmes))
    pages = builder.all_pages()
    site = Site(settings, content, pages, builder.home_context(), navigation=navigation(content, pages))
    site.pages += easy_page_data(builder)  # hand-written pages with data of their own, after the navigation
    return site


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


def page_builder(settings: Settings, content: Content, inputs: BuildInputs) -> PageBuilder:
    """The page data's maker, on the reference date, with the date the statement shows."""
    from .pages import PageBuilder  # imported here: `check` needs no page data (nor Markdown, nor babel)

    return PageBuilder(content, settings, reference_date(settings, inputs.today), last_change=inputs.last_change)


def file_times(settings: Settings, content: Content, inputs: BuildInputs) -> FileTimes:
    """When each of the editors' files last changed: git, else SOURCE_DATE_EPOCH, else the file's own time."""
    return FileTimes(settings.root, content.history.touched if content.history else {}, inputs.source_date_epoch)


def build_files(settings: Settings, content: Content, inputs: BuildInputs) -> PreparedFiles:
    """Every other file, from the content alone; problems for photos that are no images.

    Imported here, not at the top: this usually runs in the background child,
    so the page-rendering process never pays for icalendar or Pillow.
    """
    from .calendars import calendar_files
    from .feeds import atom_feed
    from .images import portrait

    times = file_times(settings, content, inputs)
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


def start_programmes(settings: Settings, content: Content, inputs: BuildInputs) -> Programmes:
    """Each year's programme PDF, dated by git: compiling begins now, in a thread (programme.py).

    Imported here: only the process that makes the PDFs loads Typst.
    """
    from .programme import Programmes

    return Programmes(content, settings, file_times(settings, content, inputs))


def finish_programmes(programmes: Programmes) -> PreparedFiles:
    """The PDFs, with a problem for each year that cannot be made accessible."""
    problems = Problems()
    return PreparedFiles(programmes.files(problems), problems.items)


def _sizes(programmes: PreparedFiles | None) -> dict[str, int]:
    return {item.path: len(item.data) for item in programmes.files} if programmes else {}


def cleaned_images(settings: Settings, problems: Problems) -> list[SiteFile]:
    """Every image and PDF under content/, known by its bytes, without metadata at its own path on the site.

    The hooks hand MkDocs an empty placeholder for each (`cleaned_paths`), so the original is never copied.
    """
    from .filetypes import published_files
    from .images import IMAGE_KINDS, SIZE_HINT, cleaned, unreadable
    from .pdfs import PROBLEM as PDF_PROBLEM, cleaned_pdf

    made = []
    for path, relative, kind in published_files(settings.docs_dir):
        try:
            if kind in IMAGE_KINDS:
                made.append(SiteFile(relative, cleaned(path.read_bytes(), kind), replaces=relative))
            elif kind == "pdf":
                made.append(SiteFile(relative, cleaned_pdf(path.read_bytes()), replaces=relative))
        except Exception:  # noqa: BLE001 - Pillow and qpdf raise many kinds for broken or hostile files
            if kind == "pdf":
                problems.error(settings.shown(path), None, f"die PDF-Datei {path.name} {PDF_PROBLEM[0]}", PDF_PROBLEM[1])
            else:
                problems.error(settings.shown(path), None, f"das Bild {unreadable(path)}", SIZE_HINT)
    return made


def cleaned_paths(settings: Settings) -> tuple[str, ...]:
    """The files under content/ that `cleaned_images` replaces (relative to it): what the hooks hold back."""
    from .filetypes import CLEANED, published_files

    return tuple(relative for _, relative, kind in published_files(settings.docs_dir) if kind in CLEANED)


def build_site(settings: Settings, content: Content, inputs: BuildInputs) -> Site:
    """Pages and files together, in this process (tests, tools)."""
    programmes = finish_programmes(start_programmes(settings, content, inputs))
    site = build_pages(settings, content, inputs, programmes)
    made = build_files(settings, content, inputs)
    if made.problems or programmes.problems:
        raise ValueError("\n".join(map(str, made.problems + programmes.problems)))
    site.files = made.files + programmes.files
    return site


def prepare(config_file: Path, inputs: BuildInputs = BuildInputs(),
            files_in_background: bool = False) -> Iterator[Prepared | PageContents | PreparedFiles]:
    """The whole core run for one build, in three steps a site generator can wait for separately.

    First which pages there are (with every content problem), then what they
    show, then the other files. A site generator lists the pages while the
    second step runs and renders them once it is there. Yields only the
    first when there are errors: nothing should be built then. With
    `files_in_background` (when this already runs in the page-rendering
    process) the files are made in a forked child while the pages render.
    The programme PDFs travel with the files, but are made before the page
    data is handed over: the year pages show their size. `inputs` as the
    edge read them (build.py, the hooks); nothing here reads the environment.
    """
    problems = Problems()
    settings = load_settings(config_file, problems)
    content = check(settings, problems, inputs) if settings else None
    if settings is None or content is None or problems.has_errors:
        # The folders still travel: `serve` watches series/ to notice the fix.
        yield Prepared(problems.sorted(), series_dir=str(settings.series_dir) if settings else "",
                       root=str(settings.root) if settings else "")
        return
    builder = page_builder(settings, content, inputs)
    plan = builder.plan()
    entries = [entry for entry, _ in plan]
    yield Prepared(problems.sorted(), entries, navigation(content, entries), str(settings.series_dir),
                   str(settings.root), settings.edit_base if settings.options.edit_links else None,
                   html_policy(settings), cleaned_paths(settings))
    pages, made = _page_data(plan, builder, start_programmes(settings, content, inputs))
    pages |= {page.src_uri: page for page in easy_page_data(builder)}
    files = Background(lambda: iter([build_files(settings, content, inputs)])) if files_in_background else None
    yield PageContents(pages, builder.home_context())
    rest = files.next() if files else build_files(settings, content, inputs)
    yield PreparedFiles(rest.files + made.files, rest.problems + made.problems)


def _page_data(plan: list[tuple[PageEntry, Callable[[PageEntry], PageData]]], builder: PageBuilder,
               programmes: Programmes) -> tuple[dict[str, PageData], PreparedFiles]:
    """Every page's data by src_uri, in the plan's order; the year pages last.

    They link their programme PDF with its size, so they wait for the PDFs,
    which Typst compiles in a thread meanwhile.
    """
    later = {year.path for year in builder.content.years}
    made = {entry.src_uri: make(entry) for entry, make in plan if entry.path not in later}
    programmes_made = finish_programmes(programmes)
    builder.programme_sizes.update(_sizes(programmes_made))
    made |= {entry.src_uri: make(entry) for entry, make in plan if entry.path in later}
    return {entry.src_uri: made[entry.src_uri] for entry, _ in plan}, programmes_made
