"""Navigation surgery: the core's order for the generated pages, and a navigation trimmed per page.

MkDocs builds its navigation from the files (or the editors' `nav:`); the
core knows the order the generated pages belong in (years newest first,
sessions by date, speakers, the rest). `arrange` puts them in that order,
before the hand-written pages; `show_sections` trims each section to what
the page being rendered needs.
"""

from __future__ import annotations

import html
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from series_publisher.output import NavSection, PageEntry, Prepared
from series_publisher.paths import folder_title

Sections = list[tuple[Section, list[Any]]]
"""Each generated section with all its children (show_sections trims and restores them)."""


def arrange(nav: Navigation, config: MkDocsConfig, files: Files, outline: Prepared,
            entries: dict[str, PageEntry]) -> tuple[Navigation, Sections]:
    """Home, then the generated pages in the core's order, then the hand-written pages."""
    by_uri = {page.file.src_uri: page for page in nav.pages}
    for file in files.documentation_pages():
        if file.src_uri in entries and file.src_uri not in by_uri:
            # A `nav:` of the editors' own left the page out: make its Page as MkDocs would, to list it here.
            by_uri[file.src_uri] = file.page or Page(None, file, config)
    generated = [_section(by_uri, entries, entry) for entry in outline.navigation]
    hand_written = _hand_written(nav.items, set(entries) | {"index.md"})
    if not config.nav:
        _title_folders(hand_written)
    home = [by_uri["index.md"]] if "index.md" in by_uri else []
    items = home + generated + hand_written
    nav = _relink(Navigation(items, list(_walk(items))))
    return nav, [(item, list(item.children)) for item in generated if isinstance(item, Section)]


def show_sections(page: Page, sections: Sections) -> None:
    """A section lists its pages in the navigation on its own page only; one of them sees itself there.

    A year of 500 sessions must not put 500 links on each of its 500 pages:
    the year page lists its sessions, a session page shows the year and
    itself, every other page just the year. Previous/next and the parents
    were set for the full lists in `arrange`. Pages render one at a time, so
    setting the children here, page by page, is safe.
    """
    for section, children in sections:
        index = children[0]
        if page is index:
            section.children = children
        elif page.parent is section:
            section.children = [index, page]
        else:
            section.children = [index]


def _section(by_uri: dict[str, Page], entries: dict[str, PageEntry], nav: NavSection) -> Page | Section:
    index = by_uri[nav.index]
    if not nav.children:
        return index
    entry = entries[nav.index]
    return Section(html.escape(entry.nav_title or entry.title), [index] + [by_uri[uri] for uri in nav.children])


def _hand_written(items: list[Any], generated: set[str]) -> list[Any]:
    """The navigation without the generated pages (they come in the core's order); emptied sections go too."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _hand_written(item.children, generated)
            if item.children:
                kept.append(item)
        elif getattr(getattr(item, "file", None), "src_uri", None) not in generated:
            kept.append(item)
    return kept


def _title_folders(items: list[Any]) -> None:
    """Sections MkDocs made from content/ folders get the core's folder titles ("Leichte Sprache")."""
    for item in items:
        if isinstance(item, Section):
            pages = list(_walk(item.children))
            if pages:
                parts = pages[0].file.src_uri.split("/")
                item.title = folder_title(parts[-2]) if len(parts) > 1 else item.title
            _title_folders(item.children)


def _walk(items: list[Any]):
    for item in items:
        if isinstance(item, Section):
            yield from _walk(item.children)
        elif isinstance(item, Page):
            yield item


def _relink(nav: Navigation) -> Navigation:
    """Parents and previous/next follow the new order (MkDocs set them for the old one)."""

    def set_parents(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Section):
                set_parents(item.children, item)

    set_parents(nav.items, None)
    pages = nav.pages
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
    return nav
