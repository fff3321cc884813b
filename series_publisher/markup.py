"""No script in editors' Markdown: `check` names what the build's sanitiser would remove.

Markdown passes raw HTML through, and `attr_list` adds any attribute
(`{onclick=…}`). Every abstract, bio, theme summary and hand-written page is
rendered with the site's own Markdown extensions and cleaned by
`sanitise.clean`, exactly as the build cleans it; whatever it removes (a
script, an event handler, a `javascript:` link, an image from a foreign host)
is an error at `file:line`, so that no editor's text loses words silently.
The text itself is never changed. `extra.series.allow_raw_html: true` allows
more (frames, foreign images), never script.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from .content import Content
from .problems import Problems
from .sanitise import HINT, HtmlPolicy, Removal, clean, html_policy
from .settings import Settings
from .svg import check_svgs

FALLBACK_EXTENSIONS = ("attr_list", "md_in_html", "tables", "fenced_code", "footnotes", "def_list", "abbr")


def _report(removals: list[Removal], lines: list[str], shown: str, first_line: int, problems: Problems) -> None:
    for removal in removals:
        offset = next((number for number, line in enumerate(lines) if removal.needle.search(line)), 0)
        problems.error(shown, first_line + offset, removal.message, HINT)


def _suspicious(text: str) -> bool:
    """Only these texts need rendering: HTML needs `<`, attributes `{`, a URL a link `]` or `<`, entities `&`."""
    return any(mark in text for mark in "<{&]")


class MarkupChecker:
    """Renders editors' Markdown as the site does and reports what would run."""

    def __init__(self, settings: Settings) -> None:
        import markdown

        self._root = settings.root
        self._policy: HtmlPolicy = html_policy(settings)
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
        _report(clean(html, self._policy)[1], self._lines_from(shown, first_line, text), shown, first_line, problems)


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
    """Every abstract, bio, theme summary and hand-written page (also under `allow_raw_html`: never script).

    The hand-written pages are read either way: their text and front matter
    must be free of control characters and YAML aliases like every editor file.
    """
    checker: MarkupChecker | None = None
    for text, shown, first_line in _texts(settings, content, problems):
        if _suspicious(text):
            checker = checker or MarkupChecker(settings)
            checker.check(text, shown, first_line, problems)
    check_svgs(settings, html_policy(settings), problems)


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
