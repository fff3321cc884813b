"""MkDocs adapter: turns the core's output into pages and files. Nothing more.

Registered in mkdocs.yml under `hooks:`, so plain `mkdocs build` and
`mkdocs serve` build the same site as build.py. The content, the schedule, the
page data and the calendars all come from `series_publisher`; this module only
renders the fragment templates in overrides/series/, hands the results to
MkDocs as `File.generated` pages and files, orders the navigation and logs
the core's problems.

The core's run arrives in three steps, each taken where MkDocs first needs it:

    on_files        the page list (and every problem): generated files, navigation
    on_env          the page data: templates rendered in on_page_context
    on_post_build   calendars, feed, photos, redirects: written to site/
"""

from __future__ import annotations

import functools
import html
import json
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # hooks are loaded by path, not as a package
    sys.path.insert(0, str(PROJECT))

# Only light modules here: the content model, pydantic and icalendar load in
# the child process that prepares everything (see series_publisher/handoff.py).
from hooks.preview import Preview, list_theme_once, mark_changed_pages, poll_faster, write_later  # noqa: E402
from hooks.templates import compile_while, compiled_templates, share_compiled  # noqa: E402
from series_publisher import handoff  # noqa: E402
from series_publisher.output import CLEANED_SUFFIXES, NavSection, PageContents, PageEntry, Prepared, SiteFile  # noqa: E402
from series_publisher.problems import Problem  # noqa: E402
from series_publisher.timestamps import TODAY_VARIABLE, pin_source_date_epoch, pinned_today  # noqa: E402
from series_publisher.text import GenderStarExtension  # noqa: E402

log = logging.getLogger("mkdocs.hooks.series")


@dataclass
class _Build:
    """What one build takes from the core, step by step (MkDocs hooks are module-level functions)."""

    preparation: handoff.Preparation
    """The core's run: page list, page data, other files."""
    templates: jinja2.Environment
    """Our fragment templates (overrides/series/)."""
    outline: Prepared | None = None
    """Which pages there are (taken in on_files; under `serve` in on_config)."""
    entries: dict[str, PageEntry] = field(default_factory=dict)
    """The generated pages by src_uri."""
    contents: PageContents | None = None
    """What the pages show (taken in on_env, when rendering begins; under `serve` in on_config)."""
    errors: list[Problem] | None = None
    """Under `serve` with content errors: every page shows them."""
    files_pending: bool = False
    """The run still owes the calendars, feed and photos (not after errors)."""
    cleaned: set[str] = field(default_factory=set)
    """Images under docs_dir held back for their copies without metadata."""
    sections: list[tuple[Section, list[Any]]] = field(default_factory=list)
    """Each generated navigation section with all its children (see on_page_context)."""


_build: _Build | None = None
"""The current build."""
_preview = Preview()
"""What outlives one build under `serve` (see preview.py)."""


def on_startup(command: str, dirty: bool) -> None:
    """Under `serve`, run the core in-process: its cache of parsed files survives rebuilds."""
    _preview.active = command == "serve"
    _preview.dirty = _preview.active and dirty


def _today() -> date | None:
    """SERIES_TODAY, read here at the edge (plain `mkdocs build`); build.py passes its --today itself."""
    try:
        return pinned_today(os.environ)
    except ValueError:
        raise Abort(f"{TODAY_VARIABLE}={os.environ.get(TODAY_VARIABLE)!r} ist kein Datum im Format JJJJ-MM-TT, "
                    "z. B. 2026-10-01.") from None


@event_priority(100)  # before the search plugin, whose on_config renders theme templates (see preview.list_theme_once)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Take the core's run (started by build.py, or now); under `serve` everything it has at once.

    A build waits for the page list only in on_files, and for the page data
    only in on_env: meanwhile MkDocs runs the other plugins, lists the theme's
    files and converts every page's Markdown, while the core's child process
    reads the content on the second core.
    """
    global _build
    pin_source_date_epoch(Path(config.config_file_path).parent.resolve())
    preparation = handoff.take(Path(config.config_file_path), _today(), inline=_preview.active)
    if not config.use_directory_urls:
        preparation.cancel()
        raise Abort("use_directory_urls: false wird nicht unterstützt (die Seiten verlinken /jahr/kurzname/).")
    if not any(isinstance(item, GenderStarExtension) for item in config.markdown_extensions):
        # „Kolleg*innen und Referent*innen" stays that, not italics (series_publisher/text.py).
        config.markdown_extensions.append(GenderStarExtension())
    _build = _Build(preparation, _template_env(config))
    if not _preview.active:
        share_compiled(config.theme)  # `serve` keeps its compiled templates in memory (preview.py)
    if _preview.active:
        _take_pages(_build, config)
        _take_contents(_build, config)
        list_theme_once(config, _preview)
    return config


def _current() -> _Build:
    assert _build is not None, "on_config runs first"
    return _build


def _take_pages(build: _Build, config: MkDocsConfig) -> None:
    """The core's page list; abort with every error listed (`serve` shows them instead)."""
    preparation = build.preparation
    outline = preparation.pages()
    if preparation.reporter is not None:
        preparation.reporter(list(outline.problems))
    else:
        for problem in outline.problems:
            # Content warnings are logged at INFO: they must not fail a --strict build.
            (log.error if problem.is_error else log.info)(str(problem))
    if outline.has_errors:
        preparation.cancel()
        if not _preview.active:
            raise Abort(f"{sum(p.is_error for p in outline.problems)} Fehler in den Inhalten – nichts wurde gebaut.")
        # The browser shows the errors instead of waiting for a build that never comes.
        build.errors = [problem for problem in outline.problems if problem.is_error]
        outline = _preview.last_good[0] if _preview.last_good else Prepared([], series_dir=outline.series_dir)
    if outline.series_dir not in map(str, config.watch):
        config.watch.append(outline.series_dir)  # `mkdocs serve` rebuilds on edits under series/
    build.outline = outline
    build.entries = {entry.src_uri: entry for entry in outline.pages}
    # Calendars, feed and photos depend on the content alone: the child goes on with them meanwhile.
    build.files_pending = build.errors is None


def _take_contents(build: _Build, config: MkDocsConfig) -> None:
    """What the pages show; under `serve` with errors, the last good data (its pages show the errors)."""
    if build.errors is not None:
        build.contents = _preview.last_good[1] if _preview.last_good else PageContents()
    else:
        build.contents = build.preparation.contents()
        if _preview.active and build.outline is not None:
            _preview.last_good = (build.outline, build.contents)
    # The footer's link to the accessibility statement (overrides/partials/copyright.html).
    config.extra["sp_statement"] = build.contents.home.get("statement")
    config.extra["sp_not_found"] = build.contents.home.get("not_found")  # overrides/404.html


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Notice saves sooner than MkDocs does (preview.py)."""
    return poll_faster(server, config)


def _template_env(config: MkDocsConfig) -> jinja2.Environment:
    """Our own environment, with autoescaping on (MkDocs' theme environment has it off); kept under `serve`."""
    folder = Path(config.theme.custom_dir or PROJECT / "overrides") / "series"
    if _preview.active:
        return _preview.templates.setdefault(str(folder), _new_template_env(folder))
    return _new_template_env(folder)


def _new_template_env(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled_templates(),
    )


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Rendering begins: take the page data."""
    build = _current()
    if build.contents is None:
        _take_contents(build, config)
    return env


def _render(name: str, context: dict[str, Any]) -> str:
    return _current().templates.get_template(name).render(context)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page as a virtual file (the other files follow in on_post_build)."""
    build = _current()
    if build.outline is None:
        _compile_while_waiting(build, config)
        _take_pages(build, config)
    for entry in build.entries.values():
        existing = files.get_file_from_path(entry.src_uri)
        if existing is not None:
            raise Abort(f"{config.docs_dir}/{entry.src_uri} überschneidet sich mit der erzeugten Seite /{entry.path} – "
                        "bitte die Datei umbenennen oder verschieben.")
        files.append(File.generated(config, entry.src_uri, content=entry.markdown))
    build.cleaned = _hold_back_images(files, config)
    if _preview.dirty and build.outline is not None and build.contents is not None:
        mark_changed_pages(files, build.outline, build.contents, [str(problem) for problem in build.errors or ()],
                           _preview)
    return files


def _compile_while_waiting(build: _Build, config: MkDocsConfig) -> None:
    """Until the core's page list arrives: compile our templates, then the theme's (templates.py)."""
    work = [(build.templates, sorted(build.templates.list_templates(extensions=["html"])))]
    if compiled_templates() is not None:  # the theme's environment for the pages comes later: shared via the cache
        work.append((config.theme.get_env(), ["main.html", "404.html"]))
    compile_while(lambda: not build.preparation.ready(), work)


def _hold_back_images(files: Files, config: MkDocsConfig) -> set[str]:
    """Swap each photo under docs_dir for an empty placeholder; on_post_build writes it without EXIF/XMP.

    The placeholder keeps links to the image valid under --strict, and the
    original, with its GPS position, is never copied.
    """
    held = set()
    docs_dir = Path(config.docs_dir).resolve()
    for file in list(files):
        from_docs = file.generated_by is None and file.src_dir and Path(file.src_dir).resolve() == docs_dir
        if from_docs and not file.inclusion.is_excluded() and Path(file.src_uri).suffix.lower() in CLEANED_SUFFIXES:
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=b""))
            held.add(file.src_uri)
    return held


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Home, then the generated pages in the core's order, then the hand-written pages."""
    build = _current()
    assert build.outline is not None
    by_uri = {page.file.src_uri: page for page in nav.pages}
    for file in files.documentation_pages():
        if file.src_uri in build.entries and file.src_uri not in by_uri:
            # A `nav:` of the editors' own left the page out: make its Page as MkDocs would, to list it here.
            by_uri[file.src_uri] = file.page or Page(None, file, config)
    generated = [_section(by_uri, build.entries, entry) for entry in build.outline.navigation]
    hand_written = _hand_written(nav.items, set(build.entries) | {"index.md"})
    home = [by_uri["index.md"]] if "index.md" in by_uri else []
    items = home + generated + hand_written
    nav = _relink(Navigation(items, list(_walk(items))))
    build.sections = [(item, list(item.children)) for item in generated if isinstance(item, Section)]
    return nav


@event_priority(100)  # before the search plugin, which indexes page.content here
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """The page's template around its rendered Markdown, its description and JSON-LD; its navigation.

    Templates are rendered here, after Markdown, so their HTML is never
    parsed by Markdown again (that doubled the cost of a page), and only now,
    when every page's Markdown is converted and the page data has arrived.
    """
    page.content = _page_html(page, config)
    _show_sections(page)
    return context


def _page_html(page: Page, config: MkDocsConfig) -> str:
    build = _current()
    assert build.contents is not None
    content = page.content or ""
    if build.errors is not None:
        return _render("errors.html", {"problems": build.errors})
    data = build.contents.pages.get(page.file.src_uri)
    if data is not None:
        page.meta["description"] = html.escape(data.description)
        if data.json_ld:
            page.meta["json_ld"] = json_ld_text(data.json_ld)
        return _render(data.template, data.context | {"body": Markup(content)})
    if page.file.src_uri == "index.md":
        home = build.contents.home
        summary = (home.get("featured") or {}).get("summary", "")
        heading, intro = _split_heading(content)
        return _render("home.html", home | {"summary_html": Markup(_markdown(config, summary)),
                                            "heading": Markup(heading), "intro": Markup(intro)})
    return content


def _show_sections(page: Page) -> None:
    """A section lists its pages in the navigation on its own page only; one of them sees itself there.

    A year of 500 sessions must not put 500 links on each of its 500 pages:
    the year page lists its sessions, a session page shows the year and
    itself, every other page just the year. Previous/next and the parents
    were set for the full lists in on_nav. Pages render one at a time, so
    setting the children here, page by page, is safe.
    """
    for section, children in _current().sections:
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


def on_post_build(config: MkDocsConfig) -> None:
    """Write the calendars, the feed, the portraits and the redirects made in the background."""
    build = _current()
    if not build.files_pending:
        return  # serve with content errors: the last good files stay
    build.files_pending = False
    if _preview.active:
        write_later(build.preparation, Path(config.site_dir), _preview,
                    functools.partial(_write, cleaned=build.cleaned))
        return
    made = build.preparation.files()
    for problem in made.problems:
        log.error(str(problem))
    if made.problems:
        raise Abort(f"{len(made.problems)} Fehler in den Inhalten.")
    _write(made.files, Path(config.site_dir), build.cleaned)


def _write(files: list[SiteFile], site_dir: Path, cleaned: set[str]) -> None:
    for item in files:
        if item.replaces is not None and item.replaces not in cleaned:
            continue  # excluded from the site (exclude_docs, a draft): not published cleaned either
        target = site_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)


def on_build_error(error: Exception) -> None:
    """A failed build never reads the rest of the core's run: stop the child; rebuild every page next time."""
    _preview.built.clear()
    build = _build
    if build is not None and (build.files_pending or build.outline is None):
        build.files_pending = False
        build.preparation.cancel()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Titles as escaped text, edit links to the editors' files (descriptions follow in on_page_context)."""
    build = _current()
    entry = build.entries.get(page.file.src_uri)
    if entry is not None or page.file.src_uri == "index.md":
        # Generated pages have no Markdown headings: no empty table-of-contents column.
        hidden = page.meta.get("hide") or []
        page.meta["hide"] = [*([hidden] if isinstance(hidden, str) else hidden), "toc"]
    if entry is not None:
        page.meta["title"] = html.escape(entry.title)
        edit_base = build.outline.edit_base if build.outline else None
        page.edit_url = edit_base + entry.source if edit_base and entry.source else None
        return markdown
    # Hand-written pages: their front matter is editor text too; the pencil only where the site asks.
    if not (build.outline and build.outline.edit_base):
        page.edit_url = None
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key])
    return markdown


_LEADING_H1 = re.compile(r"\A\s*<h1\b.*?</h1>", re.S)


def _split_heading(content: str) -> tuple[str, str]:
    """The home page's own first heading, and the editor's text after it.

    The next session goes between the two, so it stands within the first screen
    while the editor's introduction keeps its words and follows below.
    """
    match = _LEADING_H1.match(content)
    return (match.group(0), content[match.end():]) if match else ("", content)


def _markdown(config: MkDocsConfig, text: str) -> str:
    """Editor Markdown outside a page of its own, with the site's extensions."""
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(text)


def json_ld_text(data: dict[str, Any]) -> str:
    """JSON for a <script> block: <, > and & escaped so no title can close the block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


_AUTOCOMPLETE_ON_TOGGLES = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop `autocomplete` from Material's checkbox toggles.

    They sit in Material's base.html outside any override block, and the W3C
    Nu checker rejects `autocomplete` on checkboxes; a template override
    would mean copying all of base.html.
    """
    return _AUTOCOMPLETE_ON_TOGGLES.sub(r"\1", output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for 404.html, which MkDocs renders as a theme template, not as a page."""
    return _AUTOCOMPLETE_ON_TOGGLES.sub(r"\1", output_content)
