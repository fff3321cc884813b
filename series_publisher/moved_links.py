"""Links to a page the staged project keeps under another name, for Zensical.

staging.py moves each hand-written page with page data of its own
(leichte-sprache/inhalt.md) to `<site path>/index.md`
(leichte-sprache/inhalt/index.md), as the generated pages are staged. An
editor's link to it from a page Zensical renders itself (about.md:
`[…](leichte-sprache/inhalt.md)`) would then name a file that is not there,
which stops Zensical's strict build ("page does not exist"). Zensical checks
links in the Markdown source, before any extension runs, so the staged copy's
text is changed: inline links and reference definitions, outside fenced code.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?$.*?^ {0,3}\1[`~]*[ \t]*$", re.M | re.S)
_INLINE = re.compile(r"(\]\(\s*<?)([^()\s<>]+)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*<?)(\S+?)(?=>|\s|$)", re.M)


def moved_link(url: str, source: str, moved: dict[str, str]) -> str:
    """`url` in the file `source`, pointed at the staged name if it leads to a moved page.

    >>> moved = {"leichte-sprache/inhalt.md": "leichte-sprache/inhalt/index.md"}
    >>> moved_link("leichte-sprache/inhalt.md#oben", "about.md", moved)
    'leichte-sprache/inhalt/index.md#oben'
    >>> moved_link("inhalt.md", "leichte-sprache/index.md", moved)
    'inhalt/index.md'
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    folder = posixpath.dirname(source)
    target = moved.get(posixpath.normpath(posixpath.join(folder, unquote(parts.path))))
    if target is None:
        return url
    return posixpath.relpath(target, folder or ".") + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


def moved_links(text: str, source: str, moved: dict[str, str]) -> str:
    """The Markdown `text` of the file `source` with its links to moved pages pointed at the staged names."""
    if not moved:
        return text

    def links(part: str) -> str:
        def repoint(match: re.Match[str]) -> str:
            return match[1] + moved_link(match[2], source, moved)

        return _REFERENCE.sub(repoint, _INLINE.sub(repoint, part))

    kept, start = [], 0
    for fence in _FENCE.finditer(text):
        kept += [links(text[start:fence.start()]), fence[0]]
        start = fence.end()
    return "".join(kept) + links(text[start:])
