"""What one MkDocs build takes from the core, step by step, and the article it makes of each page.

MkDocs hooks are module-level functions: series.py keeps the current build
in one `Build`; what outlives a build under `serve` is in preview.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.structure.pages import Page

from hooks.navigation import Sections
from series_publisher import handoff
from series_publisher.output import PageContents, PageData, PageEntry, Prepared
from series_publisher.problems import Problem
from series_publisher.render import Renderer


@dataclass
class Build:
    """What one build takes from the core, step by step (MkDocs hooks are module-level functions)."""

    preparation: handoff.Preparation
    """The core's run: page list, page data, other files."""
    renderer: Renderer
    """Our fragment templates (overrides/series/), shared with other engines (series_publisher/render.py)."""
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
    sections: Sections = field(default_factory=list)
    """Each generated navigation section with all its children (see on_page_context)."""

    def article(self, page: Page) -> str:
        """The article the shared renderer makes of the page's converted Markdown (series_publisher/render.py)."""
        assert self.contents is not None and self.outline is not None
        content = page.content or ""
        if self.errors is not None:
            return self.renderer.errors(self.errors)
        policy = self.outline.html_policy
        data = self.page_data(page.file.src_uri)
        if data is not None:
            rendered = self.renderer.page(data, content, policy)
            page.meta["description"] = rendered.description
            if rendered.json_ld:
                page.meta["json_ld"] = rendered.json_ld
            return rendered.html
        if page.file.src_uri == "index.md":
            return self.renderer.home(self.preparation.contents().home, content, policy)  # rendered last (series.py)
        return self.renderer.hand_written(content, policy)

    def page_data(self, src_uri: str) -> PageData | None:
        """A generated page's data, once the core has sent it; a hand-written page's own, if it has any."""
        assert self.contents is not None
        if src_uri in self.entries:
            return self.preparation.page(src_uri)
        return self.contents.pages.get(src_uri)
