"""Links inside the editors' Markdown: what MkDocs would refuse, found by `check`.

A hand-written page under content/, an abstract or a bio may link to another
file of the site. MkDocs resolves such a link against the page's source file
and, in a strict build, stops at one that leads nowhere — with an English log
line, after `check` had passed. Here the same rule runs in `check` (and so in
every build, before MkDocs starts), in German, with the file and the line.

The rule follows MkDocs 1.6 with its default `validation:` settings: links
with a scheme or host, absolute links (`/…`) and pure anchors are left alone;
a relative link whose last part has a file suffix must name a file of the
site; one without a suffix (`materials/`) is not checked.
"""

from __future__ import annotations

import html
import posixpath
import re
from datetime import date
from typing import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from . import paths
from .content import Content
from .output import src_uri
from .problems import Problems
from .settings import Settings

_MAYBE_LINK = re.compile(r"\]\(|\]:|href=|src=")
"""Cheap test before the Markdown is rendered: most abstracts have no link at all."""
_TARGET = re.compile(r"""(?:href|src)="([^"]*)\"""")


def _targets(markdown_text: str) -> Iterator[str]:
    """Every href and src of the rendered Markdown, as the editor wrote it."""
    import markdown  # only for texts that contain a link

    rendered = markdown.markdown(markdown_text, extensions=["attr_list", "md_in_html"])
    for match in _TARGET.finditer(rendered):
        yield html.unescape(match[1])


def _resolve(page_uri: str, path: str) -> str:
    """The docs-relative file a link points at, as MkDocs computes it (may start with '../')."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), path)).lstrip("/")


def _line_of(text: str, needle: str, first_line: int) -> int:
    index = text.find(needle)
    return first_line + (text.count("\n", 0, index) if index >= 0 else 0)


def _site_files(settings: Settings, content: Content, today: date) -> set[str]:
    """Every file MkDocs knows: the docs folder (without hidden files) and the generated pages.

    The generated pages are the page plan's (`PageBuilder.plan`), the list the
    build itself writes, so a link to any of them (the accessibility statement
    too) passes exactly when the build has the page.
    """
    from .pages import PageBuilder  # imported here: only a text with a link to check pays for it

    known = {path.relative_to(settings.docs_dir).as_posix() for path in settings.docs_dir.rglob("*")
             if path.is_file() and not any(part.startswith(".") for part in path.relative_to(settings.docs_dir).parts)}
    return known | {entry.src_uri for entry, _ in PageBuilder(content, settings, today).plan()}


def _pages(settings: Settings, content: Content) -> Iterable[tuple[str, str, str, int]]:
    """(shown file, page source uri, Markdown, first line of the Markdown) for every page with editor text."""
    if settings.docs_dir.is_dir():
        for path in sorted(settings.docs_dir.rglob("*.md")):
            relative = path.relative_to(settings.docs_dir)
            if any(part.startswith(".") for part in relative.parts):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # MkDocs reports that file itself
            yield settings.shown(path), relative.as_posix(), text, 1
    for session in content.sessions:
        yield session.source.path, src_uri(session.path), session.abstract, session.source.body_line
    for speaker in content.speakers.values():
        yield speaker.source.path, src_uri(paths.speaker_path(speaker.slug)), speaker.bio, speaker.source.body_line


def check_links(content: Content, settings: Settings, today: date, problems: Problems) -> None:
    """A relative link to a file that the site does not have is an error at its line."""
    known: set[str] | None = None
    for shown, page_uri, text, first_line in _pages(settings, content):
        if not _MAYBE_LINK.search(text):
            continue
        for url in _targets(text):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or not parts.path:
                continue
            path = unquote(parts.path)
            if not posixpath.splitext(path)[1]:
                continue  # MkDocs: "unrecognized relative link", left as is
            known = known if known is not None else _site_files(settings, content, today)
            target = _resolve(page_uri, path)
            if target in known:
                continue
            page_url = page_uri[: -len("index.md")] if page_uri.endswith("index.md") else page_uri[:-3] + "/"
            meant = _resolve(page_url + "x", path)  # the same link read from the page's address
            hint = (f"meinten Sie „{posixpath.relpath(meant, posixpath.dirname(page_uri) or '.')}“? Links zählen "
                    "von der Datei aus, nicht von der Adresse der Seite" if meant in known
                    else f"Pfad und Schreibweise prüfen; Dateien liegen unter {settings.shown(settings.docs_dir)}/")
            docs = settings.shown(settings.docs_dir)
            what = (f"der Link „{url}“ zeigt aus {docs}/ hinaus" if target.startswith("../")
                    else f"der Link „{url}“ führt ins Leere: {docs}/{target} gibt es nicht")
            problems.error(shown, _line_of(text, url, first_line), what, hint)
