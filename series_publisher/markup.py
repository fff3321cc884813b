"""No script in editors' Markdown: what a page may run is decided by the site, not by a text.

Markdown passes raw HTML through, and `attr_list` adds any attribute
(`{onclick=…}`). An abstract, a bio or a hand-written page could so carry a
`<script>`, an event handler, a `javascript:` link or an `<iframe>` that loads
a foreign host on every page view. Each text is rendered with the site's own
Markdown extensions and the resulting HTML is read with the standard HTML
parser, which decodes entities as a browser does (`jav&#x61;script:` is
`javascript:`); what a browser would run is an error at `file:line`. The text
itself is never changed. `extra.series.allow_raw_html: true` switches this off
for sites that trust every editor with the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Iterable, Iterator

from .content import Content
from .problems import Problems
from .settings import Settings

FORBIDDEN_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet",
    "base", "meta", "link", "style", "form",
})
"""Elements that run code, load another site into the page, or change the whole page."""
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "cite",
                            "xlink:href", "lowsrc", "dynsrc"})
SCRIPT_SCHEMES = ("javascript:", "vbscript:")
FALLBACK_EXTENSIONS = ("attr_list", "md_in_html", "tables", "fenced_code", "footnotes", "def_list", "abbr")
HINT = "entfernen; was in Texten erlaubt ist, steht in EDITING.md unter „Was in Texten erlaubt ist“"


@dataclass(frozen=True)
class Finding:
    """One thing a browser would run or load, and what to look for in the source to find its line."""

    message: str
    needle: re.Pattern[str]


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.findings.append(Finding(f"<{tag}> ist in Texten nicht erlaubt",
                                         re.compile(rf"<\s*{tag}\b", re.IGNORECASE)))
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.findings.append(Finding(f"das Attribut „{name}“ (führt ein Skript aus) ist nicht erlaubt",
                                             re.compile(rf"\b{re.escape(name)}\s*=", re.IGNORECASE)))
            elif name in URL_ATTRIBUTES and value is not None:
                plain = re.sub(r"[\x00-\x20]", "", value).lower()
                scheme = next((s for s in SCRIPT_SCHEMES if plain.startswith(s)), None)
                if scheme:
                    self.findings.append(Finding(f"Links mit „{scheme}“ sind nicht erlaubt",
                                                 re.compile(re.escape(scheme[:-1]), re.IGNORECASE)))

    handle_startendtag = handle_starttag


def _findings(html: str) -> list[Finding]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return list(dict.fromkeys(scanner.findings))


def _report(findings: list[Finding], lines: list[str], shown: str, first_line: int, problems: Problems) -> None:
    for finding in findings:
        offset = next((number for number, line in enumerate(lines) if finding.needle.search(line)), 0)
        problems.error(shown, first_line + offset, finding.message, HINT)


def _suspicious(text: str) -> bool:
    """Only these texts need rendering: script needs a tag, an attribute list, an entity or the word itself."""
    return "<" in text or "{" in text or "&" in text or "script" in text.lower()


class MarkupChecker:
    """Renders editors' Markdown as the site does and reports what would run."""

    def __init__(self, settings: Settings) -> None:
        import markdown

        self._root = settings.root
        names, configs = _extensions(settings.markdown_extensions)
        try:
            self._markdown = markdown.Markdown(extensions=names, extension_configs=configs)
        except Exception:  # noqa: BLE001 - an extension this process cannot load: check with the usual ones
            self._markdown = markdown.Markdown(extensions=list(FALLBACK_EXTENSIONS))

    def _lines_from(self, shown: str, first_line: int, text: str) -> list[str]:
        """The file's own lines from `first_line` on (a YAML value may start below its key)."""
        try:
            raw = (self._root / shown).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return text.split("\n")
        return raw.replace("\r\n", "\n").split("\n")[first_line - 1:]

    def check(self, text: str, shown: str, first_line: int, problems: Problems) -> None:
        """Report every finding in `text`, found in the file `shown` from line `first_line` on."""
        if not _suspicious(text):
            return
        try:
            html = self._markdown.reset().convert(text)
        except Exception:  # noqa: BLE001 - an extension failing on odd input: the build renders it anyway
            return
        _report(_findings(html), self._lines_from(shown, first_line, text), shown, first_line, problems)


def _extensions(configured: Iterable[Any]) -> tuple[list[str], dict[str, Any]]:
    names: list[str] = []
    configs: dict[str, Any] = {}
    for item in configured:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
            names.append(name)
            if isinstance(options, dict):
                configs[name] = options
    return names, configs


def check_markup(settings: Settings, content: Content, problems: Problems) -> None:
    """Every abstract, bio, theme summary and hand-written page, unless the site allows raw HTML.

    The hand-written pages are read either way: their text and front matter
    must be free of control characters and YAML aliases like every editor file.
    """
    checker: MarkupChecker | None = None
    for text, shown, first_line in _texts(settings, content, problems):
        if not settings.options.allow_raw_html and _suspicious(text):
            checker = checker or MarkupChecker(settings)
            checker.check(text, shown, first_line, problems)
    if not settings.options.allow_raw_html:
        _check_svgs(settings, problems)


def _check_svgs(settings: Settings, problems: Problems) -> None:
    """An SVG image is a document of its own: opened by its address, its script runs on the site."""
    for path in sorted(settings.docs_dir.rglob("*.svg")) if settings.docs_dir.is_dir() else ():
        if path.is_file() and not path.is_symlink():
            text = path.read_bytes().decode("utf-8", errors="replace")
            _report(_findings(text), text.split("\n"), settings.shown(path), 1, problems)


def _texts(settings: Settings, content: Content, problems: Problems) -> Iterator[tuple[str, str, int]]:
    """(Markdown, shown path, its first line) for every text the site renders as Markdown."""
    for year in content.years:
        if year.source.document.data:
            yield year.theme.summary, year.source.path, year.source.document.line(("summary",))
        for session in year.sessions:
            yield session.abstract, session.source.path, session.source.body_line
    for speaker in content.speakers.values():
        yield speaker.bio, speaker.source.path, speaker.source.body_line
    yield from _page_texts(settings, problems)


def _page_texts(settings: Settings, problems: Problems) -> Iterator[tuple[str, str, int]]:
    """The hand-written pages under content/: their Markdown after the front matter.

    The front matter is parsed as MkDocs will, but with our loader first: an
    alias bomb there would hang MkDocs' templates just as it would our own.
    """
    from .editor_file import FrontMatter, split_front_matter
    from .sources import parse_yaml, read_text

    if not settings.docs_dir.is_dir():
        return
    for path in sorted(settings.docs_dir.rglob("*.md")):
        if path.is_symlink() or not path.is_file() or not path.read_bytes().strip():
            continue  # links are checked by folders.py; an empty page is MkDocs' business
        text = read_text(path, settings.shown(path), problems)
        if text is None:
            continue
        split = split_front_matter(text) or FrontMatter("", text, 1)
        if split.yaml_text and parse_yaml(split.yaml_text, settings.shown(path), problems, first_line=2) is None:
            continue
        yield split.body, settings.shown(path), split.body_line
