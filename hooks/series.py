"""MkDocs adapter: turns the core's output into pages and files. Nothing more.

Registered in mkdocs.yml under `hooks:`, so plain `mkdocs build` and
`mkdocs serve` build the same site as build.py. The content, the schedule, the
page data and the calendars all come from `series_publisher`; this module only
renders the fragment templates in overrides/series/, hands the results to
MkDocs as `File.generated` pages and files, orders the navigation and logs
the core's problems.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import os
import re
import sys
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
from series_publisher import handoff  # noqa: E402
from series_publisher.output import CLEANED_SUFFIXES, PageData, Prepared, SiteFile  # noqa: E402
from series_publisher.timestamps import TODAY_VARIABLE, pin_source_date_epoch, pinned_today  # noqa: E402
from series_publisher.text import GenderStarExtension  # noqa: E402

log = logging.getLogger("mkdocs.hooks.series")

_state: dict[str, Any] = {}
"""The current build's core output; MkDocs hooks are module-level functions."""
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
    """Take the core's page data (started by build.py, or now); abort with every error listed."""
    pin_source_date_epoch(Path(config.config_file_path).parent.resolve())
    preparation = handoff.take(Path(config.config_file_path), _today(), inline=_preview.active)
    prepared = preparation.pages()
    for problem in () if preparation.problems_reported else prepared.problems:
        # Content warnings are logged at INFO: they must not fail a --strict build.
        (log.error if problem.is_error else log.info)(str(problem))
    _state.clear()
    if prepared.has_errors:
        preparation.cancel()
        if not _preview.active:
            raise Abort(f"{sum(p.is_error for p in prepared.problems)} Fehler in den Inhalten – nichts wurde gebaut.")
        # The browser shows the errors instead of waiting for a build that never comes.
        _state["errors"] = [problem for problem in prepared.problems if problem.is_error]
        prepared = _preview.last_good or Prepared([], series_dir=prepared.series_dir)
    elif _preview.active:
        _preview.last_good = prepared
    if _preview.active:
        list_theme_once(config, _preview)
    if not config.use_directory_urls:
        preparation.cancel()
        raise Abort("use_directory_urls: false wird nicht unterstützt (die Seiten verlinken /jahr/kurzname/).")
    if not any(isinstance(item, GenderStarExtension) for item in config.markdown_extensions):
        # „Kolleg*innen und Referent*innen" stays that, not italics (series_publisher/text.py).
        config.markdown_extensions.append(GenderStarExtension())
    if prepared.series_dir not in map(str, config.watch):
        config.watch.append(prepared.series_dir)  # `mkdocs serve` rebuilds on edits under series/
    _state["site"] = prepared
    if "errors" not in _state:
        # Calendars, feed and photos depend on the content alone: the child goes on with them meanwhile.
        _state["files"] = preparation
    _state["templates"] = _template_env(config)
    # The footer's link to the accessibility statement (overrides/partials/copyright.html).
    config.extra["sp_statement"] = prepared.home.get("statement")
    return config


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
    )


def _render(name: str, context: dict[str, Any]) -> str:
    return _state["templates"].get_template(name).render(context)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page as a virtual file (the other files follow in on_post_build)."""
    site = _state["site"]
    pages: dict[str, PageData] = {}
    for page in site.pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise Abort(f"{config.docs_dir}/{page.src_uri} überschneidet sich mit der erzeugten Seite /{page.path} – "
                        "bitte die Datei umbenennen oder verschieben.")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        pages[page.src_uri] = page
    _state["pages"] = pages
    _state["cleaned"] = _hold_back_images(files, config)
    if _preview.dirty:
        mark_changed_pages(files, pages, site, [str(problem) for problem in _state.get("errors", ())], _preview)
    return files


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
    by_uri = {page.file.src_uri: page for page in nav.pages}
    generated = [_section(by_uri, entry) for entry in _state["site"].navigation]
    hand_written = [item for item in nav.items if not _is_generated(item, set(_state["pages"]) | {"index.md"})]
    home = [by_uri["index.md"]] if "index.md" in by_uri else []
    items = home + generated + hand_written
    nav = _relink(Navigation(items, list(_walk(items))))
    _state["sections"] = [(item, list(item.children)) for item in generated if isinstance(item, Section)]
    return nav


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """A section lists its pages in the navigation on its own page only; one of them sees itself there.

    A year of 500 sessions must not put 500 links on each of its 500 pages:
    the year page lists its sessions, a session page shows the year and
    itself, every other page just the year. Previous/next and the parents
    were set for the full lists in on_nav. Pages render one at a time, so
    setting the children here, page by page, is safe.
    """
    for section, children in _state.get("sections", ()):
        index = children[0]
        if page is index:
            section.children = children
        elif page.parent is section:
            section.children = [index, page]
        else:
            section.children = [index]
    return context


def _section(by_uri: dict[str, Page], entry: Any) -> Page | Section:
    index = by_uri[entry.index]
    if not entry.children:
        return index
    data = _state["pages"][entry.index]
    return Section(html.escape(data.nav_title or data.title), [index] + [by_uri[uri] for uri in entry.children])


def _is_generated(item: Any, generated: set[str]) -> bool:
    if isinstance(item, Section):
        return any(_is_generated(child, generated) for child in item.children)
    return getattr(getattr(item, "file", None), "src_uri", None) in generated


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
    if "errors" in _state:
        return  # serve with content errors: the last good files stay
    preparation = _state.pop("files")
    if _preview.active:
        write_later(preparation, Path(config.site_dir), _preview, functools.partial(_write, cleaned=_state["cleaned"]))
        return
    made = preparation.files()
    for problem in made.problems:
        log.error(str(problem))
    if made.problems:
        raise Abort(f"{len(made.problems)} Fehler in den Inhalten.")
    _write(made.files, Path(config.site_dir), _state["cleaned"])


def _write(files: list[SiteFile], site_dir: Path, cleaned: set[str]) -> None:
    for item in files:
        if item.replaces is not None and item.replaces not in cleaned:
            continue  # excluded from the site (exclude_docs, a draft): not published cleaned either
        target = site_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)


def on_build_error(error: Exception) -> None:
    """A failed build never reads the background result: stop the child; rebuild every page next time."""
    _preview.built.clear()
    pending = _state.pop("files", None)
    if pending is not None:
        pending.cancel()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Titles and descriptions as escaped text, edit links to the editors' files."""
    data = _state["pages"].get(page.file.src_uri)
    site = _state["site"]
    if data is not None or page.file.src_uri == "index.md":
        # Generated pages have no Markdown headings: no empty table-of-contents column.
        hidden = page.meta.get("hide") or []
        page.meta["hide"] = [*([hidden] if isinstance(hidden, str) else hidden), "toc"]
    if data is not None:
        page.meta["title"] = html.escape(data.title)
        page.meta["description"] = html.escape(data.description)
        if data.json_ld:
            page.meta["json_ld"] = json_ld_text(data.json_ld)
        page.edit_url = site.edit_base + data.source if site.edit_base and data.source else None
        return markdown
    # Hand-written pages: their front matter is editor text too.
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key])
    return markdown


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Wrap the rendered Markdown in the page's template; the home page gets the programme blocks.

    Templates are rendered here, after Markdown, so their HTML is never parsed
    by Markdown again (that doubled the cost of a page); search indexes the result.
    """
    if "errors" in _state:
        return _render("errors.html", {"problems": _state["errors"]})
    data = _state["pages"].get(page.file.src_uri)
    if data is not None:
        return _render(data.template, data.context | {"body": Markup(content)})
    if page.file.src_uri == "index.md":
        home = _state["site"].home
        summary = (home.get("featured") or {}).get("summary", "")
        heading, intro = _split_heading(content)
        return _render("home.html", home | {"summary_html": Markup(_markdown(config, summary)),
                                            "heading": Markup(heading), "intro": Markup(intro)})
    return content


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
