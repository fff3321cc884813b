"""Editor Markdown as plain text, for calendars, feeds and short bios — and gender stars kept.

Plain text is made by the Markdown parser the pages use (Python-Markdown),
then read back from its HTML: whatever the editor wrote — emphasis, links,
headings, lists, escapes, inline HTML — comes out as the reader would see it,
with a link's address in brackets. No regular expression guesses at Markdown.

German gender forms („Kolleg*innen und Referent*innen") put a star inside a
word. Markdown reads two of them in one paragraph as emphasis and the page
shows „Kolleg*innen und Referent*innen" in italics with the stars gone.
`GenderStarExtension` keeps a star that stands between a letter and a
lower-case letter as a literal star, exactly as a backslash (`\\*`) would; a
star at a word's edge (`*kursiv*`, `**fett**`) is emphasis as before. The
MkDocs hook adds the extension to the site's Markdown, so pages, calendars
and feeds agree.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import ETX, STX

GENDER_STAR = r"(?<=[^\W\d_])\*(?=[a-zäöüß])"
"""A star between a letter and a lower-case letter: Kolleg*innen, jede*r, ein*e."""


class _GenderStar(InlineProcessor):
    """Turns a gender star into an escaped star before emphasis is looked for."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802 - Python-Markdown API
        # The same placeholder Python-Markdown's own backslash escape produces.
        return f"{STX}{ord('*')}{ETX}", m.start(0), m.end(0)


class GenderStarExtension(Extension):
    """Python-Markdown extension: gender stars stay stars (see the module docstring)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown API
        # Above emphasis (60), below backslash escapes (180) and code spans (190),
        # so a star inside `code` is never touched.
        md.inlinePatterns.register(_GenderStar(GENDER_STAR, md), "gender_star", 70)


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table", "tr",
           "hr", "dl", "dt", "dd", "figure", "section", "details", "summary"}
_SKIPPED = {"script", "style", "template"}


class _Text(HTMLParser):
    """The text of HTML as a reader sees it: blocks on their own lines, links with their address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            self.parts.append(values.get("alt") or "")
        elif tag == "a":
            self.links.append((values.get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:]).strip()
            if href and not href.startswith("#") and href != label:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if "\n" in data and not data.strip():
            return  # the parser's line breaks between tags, not the editor's text
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        joined = re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", joined)
        return joined.strip()


@functools.cache
def _parser() -> markdown.Markdown:
    """One parser for every conversion: building one costs more than converting an abstract."""
    return markdown.Markdown(extensions=[GenderStarExtension()])


def to_html(markdown_text: str) -> str:
    """The Markdown as HTML, with gender stars kept (the site adds the same extension)."""
    return _parser().reset().convert(markdown_text)


@functools.lru_cache(maxsize=4096)
def plain_text(markdown_text: str) -> str:
    """Readable plain text: emphasis, headings and HTML go, links keep their address.

    Cached: a session's abstract is asked for by its page, its JSON-LD, its
    add-to-calendar links, three calendars and the feed.
    """
    parser = _Text()
    parser.feed(to_html(markdown_text))
    parser.close()
    return parser.text()


def first_paragraph(markdown_text: str) -> str:
    """The first paragraph as one line of plain text (a speaker's short bio)."""
    paragraph = markdown_text.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in plain_text(paragraph).splitlines()).strip()


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and marked with „…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(None, 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip(" ,;:.–-") + "…"

