"""The per-page rendering every site generator shares: fragment templates, JSON-LD, the home page.

The core's page data (output.py) is plain values; what a visitor sees of a
generated page is its fragment template (overrides/series/) rendered with
those values around the page's own Markdown, already converted to HTML by
whoever builds the site. MkDocs' hooks hand that HTML over as the page's
content (hooks/series.py); the staged project for other engines
(staging.py) writes it into the page's Markdown file. One renderer, so both
give the same article byte for byte.

Jinja2, not the engine's template language: Zensical renders its theme with
MiniJinja, where `.format()` fails and `|e` escapes `/`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .contexts import HomeContext
from .output import PageData, PageEntry
from .problems import Problem
from .sanitise import HtmlPolicy, clean

TEMPLATE_FOLDER = "series"
"""Our fragment templates' folder inside the theme's custom_dir (overrides/)."""

_LEADING_H1 = re.compile(r"\A\s*<h1\b.*?</h1>", re.S)


@dataclass(frozen=True)
class RenderedPage:
    """A generated page as the theme's page template takes it."""

    html: str
    """The article: the fragment template around the page's body."""
    description: str
    """HTML-escaped, for <meta name="description"> (the theme does not escape page.meta)."""
    json_ld: str | None
    """Text for a <script type="application/ld+json"> block, or None."""


def template_env(folder: Path, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """Our own environment, with autoescaping on (MkDocs' theme environment has it off)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )


def markdown_renderer(extensions: Sequence[Any], configs: dict[str, Any]) -> Callable[[str], str]:
    """Editor Markdown outside a page of its own, with the site's extensions."""
    return lambda text: markdown.Markdown(extensions=list(extensions), extension_configs=configs).convert(text)


class Renderer:
    """Renders the generated pages and the home page from the core's page data."""

    def __init__(self, templates: jinja2.Environment, to_html: Callable[[str], str]) -> None:
        self.templates = templates
        self.to_html = to_html
        """Markdown to HTML with the site's extensions (the home page's featured summary)."""

    def _render(self, name: str, context: Mapping[str, Any]) -> str:
        return self.templates.get_template(name).render(context)

    def page(self, data: PageData, body_html: str, policy: HtmlPolicy) -> RenderedPage:
        """A generated page: its template around its body (the page's own Markdown, as HTML, cleaned)."""
        body = clean(body_html, policy)[0]  # editors' HTML: only what sanitise.py allows
        return RenderedPage(self._render(data.template, data.context | {"body": Markup(body)}),
                            html.escape(data.description),
                            json_ld_text(data.json_ld) if data.json_ld else None)

    def home(self, home: HomeContext | dict[str, Any], content_html: str, policy: HtmlPolicy) -> str:
        """The hand-written home page with the next session between its heading and its text."""
        featured = home.get("featured")
        summary = clean(self.to_html(featured["summary"] if featured else ""), policy)[0]
        heading, intro = split_heading(clean(content_html, policy)[0])
        return self._render("home.html", home | {"summary_html": Markup(summary),
                                                 "heading": Markup(heading), "intro": Markup(intro)})

    def hand_written(self, content_html: str, policy: HtmlPolicy) -> str:
        """A page of content/ as the site shows it: its converted Markdown, cleaned."""
        return clean(content_html, policy)[0]

    def errors(self, problems: Sequence[Problem]) -> str:
        """What every page shows in the preview while the content has errors."""
        return self._render("errors.html", {"problems": problems})


def split_heading(content: str) -> tuple[str, str]:
    """The home page's own first heading, and the editor's text after it.

    The next session goes between the two, so it stands within the first screen
    while the editor's introduction keeps its words and follows below.
    """
    match = _LEADING_H1.match(content)
    return (match.group(0), content[match.end():]) if match else ("", content)


def json_ld_text(data: dict[str, Any]) -> str:
    """JSON for a <script> block: <, >, & and ' escaped (Jinja's rule), so no title can close the block."""
    return str(htmlsafe_json_dumps(data, ensure_ascii=False, sort_keys=False, indent=None))


def page_meta(meta: dict[str, Any], entry: PageEntry | None, is_home: bool = False) -> dict[str, Any]:
    """The front matter a page is rendered with: titles as escaped text, no empty table of contents.

    The theme's page template does not escape page.meta; a generated page's
    title comes from the editor's file, a hand-written page's front matter
    is editor text too. Generated pages and the home page have no Markdown
    headings: no empty table-of-contents column.
    """
    meta = dict(meta)
    if entry is not None or is_home:
        hidden = meta.get("hide") or []
        meta["hide"] = [*([hidden] if isinstance(hidden, str) else hidden), "toc"]
    if entry is not None:
        meta["title"] = html.escape(entry.title)
        return meta
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(meta[key])
    return meta


def edit_url(entry: PageEntry, edit_base: str | None) -> str | None:
    """Where "edit this page" leads for a generated page: the editor's file behind it."""
    return edit_base + entry.source if edit_base and entry.source else None


def theme_extra(extra: Mapping[str, Any]) -> dict[str, Any]:
    """What the theme's partials read from `config.extra`, for every engine: the footer's link to the
    accessibility statement (partials/copyright.html), the links to Leichte Sprache and Gebärdensprache
    (partials/easy-links.html) and the 404 page's words and ways back (404.html)."""
    return {"sp_statement": extra.get("statement"), "sp_easy": extra.get("easy"), "sp_not_found": extra.get("not_found")}
