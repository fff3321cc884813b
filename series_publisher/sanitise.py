"""Editors' HTML, cleaned by an allowlist before it is published: sanitise, don't detect.

Markdown passes raw HTML through, and `attr_list` adds any attribute. A
detector that reads the HTML differently from a browser misses what the
browser runs (`<!--><img onerror=…>-->`, a line break inside `javascript:`),
so every text an editor wrote is rendered, then cleaned by `nh3` (Rust's
ammonia, which parses with html5ever as browsers do), and the cleaned HTML is
what the site shows. Only the tags and attributes below survive; a URL is
normalised as a browser does (tab, newline and control characters removed)
before its scheme is checked; images and media load only from the site itself
or a host listed in `extra.series.allowed_hosts`, so a page view asks no other
host.

`check` names what the build would remove: the same tables, walked over the
HTML as html5lib (a browser-grade parser) reads it. `allow_raw_html` adds
frames, foreign media and free styles, never script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the hooks import this module and must not load pydantic for the settings
    from .settings import Settings

TAGS = frozenset({
    "a", "abbr", "acronym", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "center",
    "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "rtc", "ruby", "s", "samp", "section", "small",
    "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
})
"""What editors' text may contain: text structure, tables, images and media."""
RAW_TAGS = frozenset({"iframe"})
"""What `allow_raw_html` adds: frames (a video player, a map)."""
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "svg", "math", "template", "noscript", "iframe", "object", "embed", "applet", "noembed",
    "noframes", "xmp", "textarea", "title", "select", "plaintext", "frameset", "frame",
})
"""Removed together with what they contain: code, or text that is not meant to be read."""
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden", "translate", "style"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"}),
    "video": frozenset({"src", "poster", "controls", "width", "height", "preload", "loop", "muted", "playsinline"}),
    "audio": frozenset({"src", "controls", "preload", "loop", "muted"}),
    "source": frozenset({"src", "srcset", "sizes", "type", "media"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "td": frozenset({"colspan", "rowspan", "headers", "align"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "align"}),
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}), "li": frozenset({"value"}),
    "time": frozenset({"datetime"}), "data": frozenset({"value"}), "details": frozenset({"open"}),
    "blockquote": frozenset({"cite"}), "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}), "ins": frozenset({"cite", "datetime"}),
    "iframe": frozenset({"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"}),
}
"""Attributes per tag, on top of GLOBAL_ATTRIBUTES and `aria-*`."""
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""The only schemes a URL may have; a URL without one is relative, on the site."""
LOADED = frozenset({("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("video", "src"),
                    ("video", "poster"), ("audio", "src"), ("track", "src"), ("iframe", "src")})
"""URLs the browser fetches on page view: from the site itself (or an allowed host) only."""
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "cite"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|"([^"]*)"|'([^']*)'""", re.IGNORECASE)
_CSS_FORBIDDEN = re.compile(r"@import|expression\s*\(|\\|/\*|behavior\s*:|-moz-binding", re.IGNORECASE)
HINT = ("entfernen – der Bau entfernt es ohnehin; was in Texten erlaubt ist, "
        "steht in EDITING.md unter „Was in Texten erlaubt ist“")


@dataclass(frozen=True)
class HtmlPolicy:
    """What one site lets its editors' HTML do: computed once from the settings, handed to the hooks."""

    hosts: frozenset[str] = frozenset()
    """Hosts images and media may load from: the site's own and `extra.series.allowed_hosts`."""
    raw_html: bool = False
    """`extra.series.allow_raw_html`: frames, foreign media and free styles (never script)."""


def html_policy(settings: Settings) -> HtmlPolicy:
    """The policy for a site: computed in the core, handed to the hooks in `output.Prepared`."""
    own = urlsplit(settings.site_url).hostname
    hosts = {host.lower() for host in settings.options.allowed_hosts} | ({own.lower()} if own else set())
    return HtmlPolicy(frozenset(hosts), settings.options.allow_raw_html)


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser removes, and a pattern that finds its line in the editor's source."""

    message: str
    needle: re.Pattern[str]


def clean(html: str, policy: HtmlPolicy) -> tuple[str, list[Removal]]:
    """The HTML as published, and what was taken out of it (empty for harmless text)."""
    cleaned = _cleaner(policy).clean(html)
    removed = list(dict.fromkeys(_removals(html, policy))) if _may_remove(html, cleaned) else []
    return cleaned, removed


def _may_remove(html: str, cleaned: str) -> bool:
    """Cheap test first: the same tags and attribute names before and after means nothing went.

    A regular expression reads more tags than a browser (in comments, in
    attribute values), never fewer, so a difference may be a false alarm for
    the html5lib walk, but no removal goes unnoticed.
    """
    return _shape(html) != _shape(cleaned)


_TOKEN = re.compile(r"<!--|<!|<\?|</?([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def _shape(html: str) -> list[str]:
    shape = []
    for match in _TOKEN.finditer(html):
        shape.append((match[1] or match[0]).lower())
        shape.extend(name.lower() for name in _ATTRIBUTE.findall(match[2] or ""))
    return shape


@lru_cache(maxsize=8)
def _cleaner(policy: HtmlPolicy):  # -> nh3.Cleaner; the import is deferred: `check` of plain texts never needs it
    import nh3

    tags = TAGS | RAW_TAGS if policy.raw_html else TAGS
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items() if tag in tags}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(tags), clean_content_tags=set(DROPPED_WITH_CONTENT - tags), attributes=attributes,
        attribute_filter=lambda tag, name, value: _filtered(tag, name, value, policy),
        strip_comments=True, link_rel=None, generic_attribute_prefixes={"aria-"}, url_schemes=set(SCHEMES))


def _filtered(tag: str, name: str, value: str, policy: HtmlPolicy) -> str | None:
    """nh3's callback: the value as a browser reads it, or None to drop the attribute."""
    if name == "style":
        return None if style_problem(value, policy) else value
    if name not in URL_ATTRIBUTES:
        return value
    if url_problem(tag, name, value, policy):
        return None
    return value if name == "srcset" else normalised(value)


def normalised(url: str) -> str:
    """A URL as a browser's URL parser sees it: outer C0 controls and spaces gone, tabs and newlines removed.

    `java⏎script:` and `\\tjavascript:` are `javascript:` to a browser.
    """
    return re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))


def url_problem(tag: str, name: str, value: str, policy: HtmlPolicy) -> str | None:
    """Why this URL attribute must go, in German, or None when it may stay."""
    urls = [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
    for url in map(normalised, urls):
        scheme = _SCHEME.match(url)
        if scheme and scheme[1].lower() not in SCHEMES:
            return f"Links mit „{scheme[1].lower()}:“ sind nicht erlaubt"
        if (tag, name) in LOADED and not policy.raw_html:
            host = _host(url)
            if host is not None and host not in policy.hosts:
                return f"ein Bild oder Medium von einem fremden Server („{host}“) ist nicht erlaubt"
    return None


def _host(url: str) -> str | None:
    """The host a URL leads to, or None for a URL on the site (browsers read `\\` as `/`)."""
    try:
        parts = urlsplit(url.replace("\\", "/"))
    except ValueError:
        return "?"
    if not parts.netloc and not parts.scheme:
        return None
    return (parts.hostname or "?").lower()


def style_problem(value: str, policy: HtmlPolicy) -> str | None:
    """Why a `style` attribute must go: a foreign `url()`, an import, an escape that could hide one."""
    if policy.raw_html:
        return None
    if _CSS_FORBIDDEN.search(value):
        return "dieses style-Attribut (@import, \\ oder Kommentar) ist nicht erlaubt"
    for match in _CSS_URL.finditer(value):
        url = next(group for group in match.groups() if group is not None)
        host = _host(normalised(url))
        scheme = _SCHEME.match(normalised(url))
        if (host is not None and host not in policy.hosts) or (scheme and scheme[1].lower() not in SCHEMES):
            return f"ein Bild von einem fremden Server im style-Attribut („{url[:60]}“) ist nicht erlaubt"
    return None


def _removals(html: str, policy: HtmlPolicy) -> Iterator[Removal]:
    """What the cleaner takes out, found in the tree a browser builds (html5lib)."""
    import html5lib
    from xml.etree.ElementTree import Comment

    tags = TAGS | RAW_TAGS if policy.raw_html else TAGS
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    stack = list(root)
    while stack:
        element = stack.pop(0)
        if element.tag is Comment:
            yield Removal("ein HTML-Kommentar, CDATA-Abschnitt oder <?…> ist in Texten nicht erlaubt",
                          re.compile(r"<!|<\?"))
            continue
        tag = element.tag.split("}")[-1].lower() if isinstance(element.tag, str) else ""
        if tag not in tags or element.tag.startswith("{"):
            yield Removal(f"<{tag}> ist in Texten nicht erlaubt", re.compile(rf"<\s*{re.escape(tag)}\b", re.I))
            if tag in DROPPED_WITH_CONTENT or element.tag.startswith("{"):
                continue
        else:
            yield from _attribute_removals(tag, dict(element.attrib), policy)
        stack[:0] = list(element)


def _attribute_removals(tag: str, attributes: dict[str, str], policy: HtmlPolicy) -> Iterator[Removal]:
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, frozenset())
    for name, value in attributes.items():
        needle = re.compile(rf"\b{re.escape(name)}\s*=|\b{re.escape(name)}\b", re.IGNORECASE)
        if name not in allowed and not name.startswith("aria-"):
            runs = " (führt ein Skript aus)" if name.startswith("on") or name == "srcdoc" else ""
            yield Removal(f"das Attribut „{name}“{runs} ist nicht erlaubt", needle)
        elif name == "style" and (problem := style_problem(value, policy)):
            yield Removal(problem, needle)
        elif name in URL_ATTRIBUTES and (problem := url_problem(tag, name, value, policy)):
            yield Removal(problem, _url_needle(problem, value))


def _url_needle(problem: str, value: str) -> re.Pattern[str]:
    """Finds the URL's line: its host, or the scheme's first letters (an entity or a line break may follow)."""
    host = re.search(r"„([^“]+)“\)", problem)
    if host:
        return re.compile(re.escape(host[1]), re.IGNORECASE)
    scheme = re.search(r"„([^“]+):“", problem)
    return re.compile(re.escape(scheme[1][:3]) if scheme else re.escape(normalised(value)[:10]), re.IGNORECASE)
