"""The pages at a renamed session's former addresses: they send the reader on to its page now.

A static host cannot answer with an HTTP redirect, so each former address
(`lineages.former_names`: `aliases:` and git renames) gets a small HTML page
of its own. It is the one HTML the core writes itself rather than handing
page data to the site generator, and for reasons of its own:
- it must not be a page of the site: no navigation, no search entry, no
  theme around it, just the way on;
- it works without JavaScript: a `meta refresh`, and a plain link for a
  browser that does not follow it; no script at all;
- `noindex` and the `canonical` link keep search engines on the new address;
- its few words are German, so it says `lang="de"`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .content import Content
from .lineages import former_names
from .output import SiteFile
from .paths import link


@dataclass(frozen=True)
class Redirect:
    """An old session URL that must keep working after a rename."""

    path: str
    """Old site path, e.g. '2021/alter-name/'."""
    target: str
    """New site path."""

    @property
    def html(self) -> str:
        url = html.escape(link(self.path, self.target), quote=True)
        return (
            "<!doctype html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
            f"<title>Weiterleitung</title><meta http-equiv=\"refresh\" content=\"0; url={url}\">"
            f"<link rel=\"canonical\" href=\"{url}\"><meta name=\"robots\" content=\"noindex\"></head>"
            f"<body><p><a href=\"{url}\">{url}</a></p></body></html>\n"
        )


def redirect_files(content: Content) -> list[SiteFile]:
    """One page at each former address of each session."""
    redirects = [Redirect(f"{year}/{slug}/", session.path) for session, (year, slug) in former_names(content)]
    return [SiteFile(redirect.path + "index.html", redirect.html.encode("utf-8")) for redirect in redirects]
