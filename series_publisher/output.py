"""What the core hands to a site generator: plain, picklable values.

This module imports nothing heavy on purpose: the MkDocs adapter receives
these objects from a child process (see handoff.py) and must be able to
unpickle them without loading the content model, pydantic or icalendar.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Iterator

from .contexts import HomeContext, PageContext, SiteExtra
from .problems import Problem
from .sanitise import HtmlPolicy


@dataclass(frozen=True)
class PageEntry:
    """What a site generator needs to list a page before its data is ready."""

    path: str
    """Site path with trailing slash, e.g. '2021/auftakt/'; '' is the home page."""
    title: str
    """Plain text: whoever puts it into HTML escapes it."""
    template: str
    """Name of the fragment template, e.g. 'session.html'."""
    source: str | None = None
    """The editor's file behind the page, for "edit this page"."""
    nav_title: str | None = None
    """Shorter title for the navigation, where the page title is long."""
    markdown: str = ""
    """The editor's Markdown that becomes the page's body (abstract, summary, bio).

    The site generator renders it like any page and hands the HTML to the
    template as `body`; the template's own HTML never goes through Markdown.
    """

    @property
    def src_uri(self) -> str:
        return src_uri(self.path)


@dataclass(frozen=True)
class PageData(PageEntry):
    """One generated page, independent of any site generator: its entry and what it shows."""

    description: str = ""
    context: PageContext = field(default_factory=dict)  # type: ignore[assignment]  # only for the field order: `of` always gives one
    """The template's values (contexts.py: one shape per template): plain text, which the template escapes,
    and relative links."""
    json_ld: dict[str, Any] | None = None

    @classmethod
    def of(cls, entry: PageEntry, description: str, context: PageContext,
           json_ld: dict[str, Any] | None = None) -> PageData:
        return cls(**{item.name: getattr(entry, item.name) for item in fields(PageEntry)},
                   description=description, context=context, json_ld=json_ld)


def src_uri(path: str) -> str:
    """The Markdown file a generated page pretends to be: '2021/auftakt.md', 'speakers/index.md'."""
    return (path.rstrip("/") + ".md") if path.count("/") > 1 else path + "index.md"


@dataclass(frozen=True)
class SiteFile:
    """A file of the site that is not a page: a calendar, the feed, an image."""

    path: str
    data: bytes
    replaces: str | None = None
    """For an image under docs_dir re-encoded without metadata: its path there.
    Written only where the site generator would have published that file."""


@dataclass(frozen=True)
class PreparedFiles:
    """The third step of a core run: every file that is not a page."""

    files: list[SiteFile]
    """Calendars, the Atom feed, the programme PDFs, resized portraits, redirect pages, and content/'s
    images and PDFs without metadata."""
    problems: list[Problem]
    """Content errors found only now (a photo that is no image)."""


@dataclass(frozen=True)
class NavSection:
    """A section of the navigation: its own page and its children, as page sources."""

    index: str
    children: tuple[str, ...] = ()


@dataclass
class Prepared:
    """The first step of a core run: which pages there are, with every problem found on the way."""

    problems: list[Problem]
    pages: list[PageEntry] = field(default_factory=list)
    navigation: list[NavSection] = field(default_factory=list)
    series_dir: str = ""
    """Folder of the editors' content, for `serve` to watch."""
    root: str = ""
    """Folder of mkdocs.yml."""
    edit_base: str | None = None
    """URL prefix that, followed by a source path, edits that file; None when the site shows no edit links."""
    html_policy: HtmlPolicy = field(default_factory=HtmlPolicy)
    """What editors' HTML may do: every rendered text is cleaned with it (sanitise.py)."""
    cleaned: tuple[str, ...] = ()
    """Files under docs_dir (by their bytes: images, PDFs) that the third step replaces with copies
    without metadata; the hooks hold the originals back."""

    @property
    def has_errors(self) -> bool:
        return any(problem.is_error for problem in self.problems)


@dataclass
class PageContents:
    """The second step: what every page shows, ready once the site generator starts rendering."""

    pages: dict[str, PageData] = field(default_factory=dict)
    """By `src_uri`."""
    home: HomeContext | dict[str, Any] = field(default_factory=dict)
    """The generated part of the hand-written home page (in a build's run it comes with the last
    `MorePages`: it links the newest programme PDF); empty only in the preview before a first good build."""
    extra: SiteExtra | dict[str, Any] = field(default_factory=dict)
    """What the theme shows on every page (render.py: theme_extra); empty as `home`."""


@dataclass(frozen=True)
class MorePages:
    """The second step goes on: more pages' data, a few at a time, in the order of `Prepared.pages`.

    A site generator renders the first pages while the core makes the next.
    """

    pages: dict[str, PageData]
    """By `src_uri`."""
    last: bool
    """No page follows: the next step is the files."""
    home: HomeContext | None = None
    """With the last part: the generated part of the home page."""


def whole_run(steps: Iterator[Prepared | PageContents | MorePages | PreparedFiles]) -> list[Any]:
    """A core run's steps with the page data in one piece: `[Prepared]` after errors, else
    `[Prepared, PageContents, PreparedFiles]` (for whoever needs everything at once)."""
    whole: list[Any] = []
    for step in steps:
        if isinstance(step, MorePages):
            whole[-1].pages.update(step.pages)
            whole[-1].home = step.home if step.home is not None else whole[-1].home
        else:
            whole.append(step)
    return whole
