"""MkDocs adapter: turns the core's output into pages and files. Nothing more.

Registered in mkdocs.yml under `hooks:`, so plain `mkdocs build` and
`mkdocs serve` build the same site as build.py. The content, the schedule, the
page data, the calendars and each page's article (series_publisher/render.py,
shared with the other engines) all come from `series_publisher`; this module
only hands them to MkDocs as `File.generated` pages and files, and logs the
core's problems. Its helpers: navigation.py (order, per-page trimming),
files.py (photos, writing), preview.py (`serve`), edge.py (the build's
inputs and settings), state.py (one build).

The core's run arrives in three steps, each taken where MkDocs first needs it:

    on_files        the page list (and every problem): generated files, navigation
    on_env          the page data: templates rendered in on_page_context
    on_post_build   calendars, feed, photos, redirects: written to site/
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # hooks are loaded by path, not as a package
    sys.path.insert(0, str(PROJECT))

# Only light modules here: the content model, pydantic and icalendar load in
# the child process that prepares everything (see series_publisher/handoff.py).
from hooks import edge, files as site_files, navigation  # noqa: E402
from hooks.state import Build  # noqa: E402
from hooks.preview import Preview, list_theme_once, mark_changed_pages, poll_faster, write_later  # noqa: E402
from hooks.templates import compile_while_waiting, compiled_templates, list_theme_quickly, share_compiled  # noqa: E402
from series_publisher import handoff  # noqa: E402
from series_publisher.render import (TEMPLATE_FOLDER, Renderer, edit_url, markdown_renderer, page_meta,  # noqa: E402
                                     template_env, theme_extra)
from series_publisher.theme_html import drop_toggle_autocomplete  # noqa: E402

log = logging.getLogger("mkdocs.hooks.series")


_build: Build | None = None
"""The current build."""
_preview = Preview()
"""What outlives one build under `serve` (see preview.py)."""


def on_startup(command: str, dirty: bool) -> None:
    """Under `serve`, run the core in-process: its cache of parsed files survives rebuilds."""
    _preview.active = command == "serve"
    _preview.dirty = _preview.active and dirty


@event_priority(100)  # before the search plugin, whose on_config renders theme templates (see preview.list_theme_once)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Take the core's run (started by build.py, or now); under `serve` everything it has at once.

    A build waits for the page list only in on_files, and for the page data
    only in on_env: meanwhile MkDocs runs the other plugins, lists the theme's
    files and converts every page's Markdown, while the core's child process
    reads the content on the second core.
    """
    global _build
    preparation = handoff.take(Path(config.config_file_path), lambda: edge.inputs(config), inline=_preview.active)
    if (problem := edge.settings_problem(config)) is not None:
        preparation.cancel()
        raise Abort(problem)
    edge.add_gender_star(config)
    _build = Build(preparation, _renderer(config))
    list_theme_quickly(config.theme)
    if not _preview.active:
        share_compiled(config.theme)  # `serve` keeps its compiled templates in memory (preview.py)
    else:
        _take_pages(_build, config)
        _take_contents(_build, config)
        list_theme_once(config, _preview)
    return config


def _current() -> Build:
    assert _build is not None, "on_config runs first"
    return _build


def _take_pages(build: Build, config: MkDocsConfig) -> None:
    """The core's page list; abort with every error listed (`serve` shows them instead)."""
    preparation = build.preparation
    outline = preparation.pages()
    edge.report(outline.problems, preparation.reporter, log)
    if outline.has_errors:
        preparation.cancel()
        if not _preview.active:
            raise Abort(f"{sum(p.is_error for p in outline.problems)} Fehler in den Inhalten – nichts wurde gebaut.")
        build.errors, outline = _preview.instead_of(outline)
    if outline.series_dir not in map(str, config.watch):
        config.watch.append(outline.series_dir)  # `mkdocs serve` rebuilds on edits under series/
    build.outline = outline
    build.entries = {entry.src_uri: entry for entry in outline.pages}
    # Calendars, feed and photos depend on the content alone: the child goes on with them meanwhile.
    build.files_pending = build.errors is None


def _take_contents(build: Build, config: MkDocsConfig) -> None:
    """What the pages show; under `serve` with errors, the last good data (its pages show the errors).

    A build takes the home page's data now and each generated page's when it renders it (state.py):
    the core makes the next pages meanwhile. `serve` takes all at once and keeps it."""
    if build.errors is not None:
        build.contents = _preview.last_good_contents()
    elif _preview.active:
        build.contents = build.preparation.contents()
        _preview.remember(build.outline, build.contents)
    else:
        build.contents = build.preparation.first_contents()
    config.extra.update(theme_extra(build.contents.extra))


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Notice saves sooner than MkDocs does (preview.py)."""
    return poll_faster(server, config)


def _renderer(config: MkDocsConfig) -> Renderer:
    """The shared renderer on our fragment templates (under `serve` compiled once) and the site's Markdown."""
    folder = Path(config.theme.custom_dir or PROJECT / "overrides") / TEMPLATE_FOLDER
    templates = template_env(folder, compiled_templates())
    if _preview.active:
        templates = _preview.templates.setdefault(str(folder), templates)
    return Renderer(templates, markdown_renderer(config.markdown_extensions, config.mdx_configs))


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Rendering begins: take the page data."""
    build = _current()
    if build.contents is None:
        _take_contents(build, config)
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page as a virtual file (the other files follow in on_post_build)."""
    build = _current()
    if build.outline is None:
        compile_while_waiting(build.renderer.templates, config.theme, lambda: not build.preparation.ready())
        _take_pages(build, config)
    for entry in build.entries.values():
        existing = files.get_file_from_path(entry.src_uri)
        if existing is not None:
            raise Abort(f"{config.docs_dir}/{entry.src_uri} überschneidet sich mit der erzeugten Seite /{entry.path} – "
                        "bitte die Datei umbenennen oder verschieben.")
        files.append(File.generated(config, entry.src_uri, content=entry.markdown))
    home = files.get_file_from_path("index.md")
    if home is not None:  # rendered last: its data comes last, after the programme PDF it links (site.py: prepare)
        files.remove(home)
        files.append(home)
    build.cleaned = site_files.hold_back_images(files, config, set(build.outline.cleaned if build.outline else ()))
    if _preview.dirty and build.outline is not None and build.contents is not None:
        mark_changed_pages(files, build.outline, build.contents, [str(problem) for problem in build.errors or ()],
                           _preview)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Home, then the generated pages in the core's order, then the hand-written pages (navigation.py)."""
    build = _current()
    assert build.outline is not None
    nav, build.sections = navigation.arrange(nav, config, files, build.outline, build.entries)
    return nav


@event_priority(100)  # before the search plugin, which indexes page.content here
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """The page's template around its rendered Markdown, its description and JSON-LD; its navigation.

    Templates are rendered here, after Markdown, so their HTML is never
    parsed by Markdown again (that doubled the cost of a page), and only now,
    when every page's Markdown is converted and the page data has arrived.
    """
    page.content = _current().article(page)
    navigation.show_sections(page, _current().sections)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Write the calendars, the feed, the portraits and the redirects made in the background."""
    build = _current()
    if not build.files_pending:
        return  # serve with content errors: the last good files stay
    build.files_pending = False
    if _preview.active:
        write_later(build.preparation, Path(config.site_dir), _preview,
                    functools.partial(site_files.write, cleaned=build.cleaned))
        return
    site_files.finish(build.preparation.files(), Path(config.site_dir), build.cleaned, log)


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
    page.meta.update(page_meta(page.meta, entry, is_home=page.file.src_uri == "index.md"))
    if entry is not None:
        page.edit_url = edit_url(entry, build.outline.edit_base if build.outline else None)
    elif not (build.outline and build.outline.edit_base):
        page.edit_url = None  # hand-written pages: the pencil only where the site asks (extra.series.edit_links)
    return markdown


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Material's HTML, patched (series_publisher/theme_html.py)."""
    return drop_toggle_autocomplete(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for 404.html, which MkDocs renders as a theme template, not as a page."""
    return drop_toggle_autocomplete(output_content)
