"""The core's front door: settings in, everything a site needs out.

    settings → load_content → build_schedule → pages, programme PDFs, calendars, redirects

`check` stops after the schedule (the editors' `build.py check`); `prepare`
goes on to the page list, the page data and then the other files (the MkDocs hooks run it
through handoff.py, in a child process); `build_site` does the same in this
process, for tests and tools. None of it knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Collection, Iterator, Sequence

from .background import Background
from .content import Content, load_content
from .folders import check_images, check_links
from .easy_pages import check_pages, easy_page_data, start_text_check
from .links import check_links as check_page_links
from .markup import check_markup
from .sanitise import html_policy
from .output import (MorePages, NavSection, PageContents, PageData, PageEntry, Prepared, PreparedFiles,
                     SiteFile, src_uri)
from .paths import ATOM_PATH, SPEAKERS_PATH, speaker_path
from .problems import Problems
from .schedule import build_schedule, report_photo, warn_before_launch, warn_recordings_ahead
from .settings import Settings, read_mkdocs_yml, settings_from_config
from .history import report_clamped, start_history
from .inputs import BuildInputs
from .lineages import attach
from .redirects import redirect_files
from .timestamps import FileTimes

if TYPE_CHECKING:
    from .pages import PageBuilder
    from .programme import ForkedProgrammes, Programmes

CONFIG_NAME = "mkdocs.yml"
"""The configuration's usual name: its history counts for every event (location, organiser, site_url)."""


@dataclass
class Site:
    """What the site generator turns into pages and files."""

    settings: Settings
    content: Content
    pages: list[PageData] = field(default_factory=list)
    home: dict = field(default_factory=dict)
    files: list[SiteFile] = field(default_factory=list)
    """Calendars, the Atom feed, the programme PDFs, resized portraits, redirect pages, and content/'s
    images and PDFs without metadata."""
    navigation: list[NavSection] = field(default_factory=list)
    """Generated pages in navigation order: years newest first (sessions by date), speakers, the rest."""

    @property
    def calendars(self) -> list[SiteFile]:
        return [item for item in self.files if item.path.endswith(".ics")]


def load_settings(config_file: Path, problems: Problems) -> Settings | None:
    return settings_from_config(read_mkdocs_yml(config_file), config_file, problems)


def check(settings: Settings, problems: Problems, inputs: BuildInputs = BuildInputs(), fork: bool = False) -> Content:
    """Load the content, attach its git history, cross-check it; every problem lands in `problems`.

    Check and build both come here, so they report the same problems, the
    ones that depend on the reference date (`inputs.today`, else the clock)
    included. `inputs.history` is the git history as the caller has it
    (`HistoryReader(root)` for none, as outside git); by default `git log`
    starts here. With `fork` (only in a process without threads, see
    `prepare`) the Leichte-Sprache texts are checked in a child meanwhile.

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
    easy_texts = start_text_check(settings) if fork else None  # in a child, as git log runs in its own process
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
    check_pages(settings, problems, easy_texts)
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
    builder = page_builder(settings, content, inputs, _sizes(programmes).get)
    pages = builder.all_pages()
    site = Site(settings, content, pages, builder.home_context(), navigation=navigation(content, pages))
    site.pages += easy_page_data(builder)  # hand-written pages with data of their own, after the navigation
    return site


def navigation(content: Content, pages: Sequence[PageEntry]) -> list[NavSection]:
    """Years newest first, each with its sessions by date; the speakers page with every speaker; then the rest.

    Years, sessions and speakers are known from the content and found by their
    site paths (paths.py), never by the template a page happens to use; every
    other generated page follows in the page plan's order.
    """
    years = [NavSection(src_uri(year.path), tuple(src_uri(s.path) for s in year.sessions))
             for year in reversed(content.years)]
    speakers = [NavSection(src_uri(SPEAKERS_PATH), tuple(src_uri(speaker_path(slug)) for slug in content.speakers))]
    listed = {uri for section in years + speakers for uri in (section.index, *section.children)}
    rest = [NavSection(page.src_uri) for page in pages if page.src_uri not in listed]
    return years + speakers + rest


def page_builder(settings: Settings, content: Content, inputs: BuildInputs,
                 programme_size: Callable[[str], int | None]) -> PageBuilder:
    """The page data's maker, on the reference date, with the date the statement shows and the
    programme PDFs' sizes (`Programmes.size`)."""
    from .pages import PageBuilder  # imported here: `check` needs no page data (nor Markdown, nor babel)

    return PageBuilder(content, settings, reference_date(settings, inputs.today), last_change=inputs.last_change,
                       programme_size=programme_size)


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

    times = file_times(settings, content, inputs)
    files = calendar_files(content, settings, times)
    files.append(SiteFile(ATOM_PATH, atom_feed(content, settings, times)))
    problems = Problems()
    portraits, photos = _portraits(settings, content, problems)
    files += portraits
    files.extend(cleaned_images(settings, problems, photos))
    files += redirect_files(content)
    return PreparedFiles(files, problems.items)


def _portraits(settings: Settings, content: Content, problems: Problems) -> tuple[list[SiteFile], set[Path]]:
    """Each speaker photo resized, and the photos' resolved paths (reported as photos, not again as images)."""
    from .images import portrait, unreadable

    made: list[SiteFile] = []
    photos: set[Path] = set()
    for speaker in content.speakers.values():
        if speaker.meta.photo:
            source = settings.docs_dir / speaker.meta.photo
            photos.add(source.resolve())
            image = portrait(source, speaker.slug)
            if image is None:
                report_photo(speaker, unreadable(source), problems)
            else:
                made.append(image)
    return made, photos


def start_programmes(settings: Settings, content: Content, inputs: BuildInputs,
                     fork: bool = False) -> Programmes | ForkedProgrammes:
    """Each year's programme PDF, dated by git: compiling begins now, in a thread, or with `fork` in a
    child process (programme.py).

    Imported here: only the process that makes the PDFs loads Typst.
    """
    from .programme import ForkedProgrammes, Programmes

    return (ForkedProgrammes if fork else Programmes)(content, settings, file_times(settings, content, inputs))


def finish_programmes(programmes: Programmes | ForkedProgrammes) -> PreparedFiles:
    """The PDFs, with a problem for each year that cannot be made accessible."""
    return programmes.made()


def _sizes(programmes: PreparedFiles | None) -> dict[str, int]:
    return {item.path: len(item.data) for item in programmes.files} if programmes else {}


def cleaned_images(settings: Settings, problems: Problems, photos: Collection[Path] = ()) -> list[SiteFile]:
    """Every image and PDF under content/, known by its bytes, without metadata at its own path on the site.

    The hooks hand MkDocs an empty placeholder for each (`cleaned_paths`), so the original is never copied.
    A broken speaker photo among `photos` (resolved paths) is reported once, at the speaker's `photo:` line.
    """
    from .filetypes import published_files
    from .images import IMAGE_KINDS, SIZE_HINT, cleaned, unreadable
    from .pdfs import PROBLEM as PDF_PROBLEM, cleaned_pdf

    made = []
    for path, relative, kind in published_files(settings.docs_dir):
        try:
            if kind in IMAGE_KINDS:
                made.append(SiteFile(relative, cleaned(path.read_bytes(), str(path)), replaces=relative))
            elif kind == "pdf":
                made.append(SiteFile(relative, cleaned_pdf(path.read_bytes(), str(path)), replaces=relative))
        except Exception:  # noqa: BLE001 - Pillow and qpdf raise many kinds for broken or hostile files
            if kind == "pdf":
                problems.error(settings.shown(path), None, f"die PDF-Datei {path.name} {PDF_PROBLEM[0]}", PDF_PROBLEM[1])
            elif path.resolve() not in photos:
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


def prepare(config_file: Path, inputs: BuildInputs = BuildInputs(), files_in_background: bool = False,
            in_child: bool = False) -> Iterator[Prepared | PageContents | MorePages | PreparedFiles]:
    """The whole core run for one build, in three steps a site generator can wait for separately.

    First which pages there are (with every content problem), then what they
    show, then the other files. A site generator lists the pages while the
    second step runs. The second step comes in parts: `PageContents` with
    what the theme shows on every page and the hand-written pages' own data,
    then the generated pages in `MorePages`, in the order they are listed, so
    the site generator renders the first while the core makes the next
    (`whole_run` joins them). The year pages come last, and the home page's
    data after them: each links a programme PDF with its size, and Typst
    compiles the PDFs meanwhile (in a child of its own); the PDFs themselves
    travel with the files. Yields only the first step when there are errors:
    nothing should be built then. With `files_in_background` (when this
    already runs in the page-rendering process) the files are made in a
    forked child while the pages render. `in_child` when this runs in the
    core's own child (handoff.py), which has no threads: it then forks
    children of its own for SoMaJo and Typst (a process with threads, such as
    `serve`'s or a test runner's, must not fork them: a child inherits the
    locks other threads hold). `inputs` as the edge read them (build.py, the
    hooks); nothing here reads the environment.
    """
    problems = Problems()
    settings = load_settings(config_file, problems)
    content = check(settings, problems, inputs, fork=in_child) if settings else None
    if settings is None or content is None or problems.has_errors:
        # The folders still travel: `serve` watches series/ to notice the fix.
        yield Prepared(problems.sorted(), series_dir=str(settings.series_dir) if settings else "",
                       root=str(settings.root) if settings else "")
        return
    # Forked before Typst's thread starts (a child of a threaded process inherits its held locks).
    files = Background(lambda: iter([build_files(settings, content, inputs)])) if files_in_background else None
    # Typst begins now (in the core's child: in a child of its own): the PDFs' sizes are on the year
    # pages and the home page.
    programmes = start_programmes(settings, content, inputs, fork=in_child)
    builder = page_builder(settings, content, inputs, programmes.size)
    plan = builder.plan()
    entries = [entry for entry, _ in plan]
    yield Prepared(problems.sorted(), entries, navigation(content, entries), str(settings.series_dir),
                   str(settings.root), settings.edit_base if settings.options.edit_links else None,
                   html_policy(settings), cleaned_paths(settings))
    yield PageContents({page.src_uri: page for page in easy_page_data(builder)}, extra=builder.site_extra())
    yield from _more_pages(plan)
    yield MorePages({}, last=True, home=builder.home_context())
    made = finish_programmes(programmes)
    rest = files.last() if files else build_files(settings, content, inputs)
    yield PreparedFiles(rest.files + made.files, rest.problems + made.problems)


PAGES_PER_PART = 16
"""Pages of data in each `MorePages`: few enough that the site generator starts rendering early,
enough that sending them costs little."""


def _more_pages(plan: list[tuple[PageEntry, Callable[[PageEntry], PageData]]]) -> Iterator[MorePages]:
    """Every generated page's data in the plan's order, a part at a time (the year pages, last,
    wait for their programme PDF, which Typst compiles meanwhile)."""
    for first in range(0, len(plan), PAGES_PER_PART):
        yield MorePages({entry.src_uri: make(entry) for entry, make in plan[first:first + PAGES_PER_PART]}, last=False)
