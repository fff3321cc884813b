"""The whole generated site as a plain MkDocs project, for engines that run no hooks (Zensical).

Zensical reads mkdocs.yml but ignores `hooks:` (silently) and offers no file,
navigation or post-build hook: the only way in is the docs folder. So the
core's run is written out in full, into a folder of its own:

    docs/<path>/index.md   every generated page, and every hand-written one
                           with page data (Leichte Sprache, Gebärdensprache):
                           front matter + its article, rendered by the shared
                           renderer (render.py) exactly as the MkDocs hooks
                           render it
    docs/index.md          the home page, with the next session in it
    docs/…                 the other hand-written pages and files of content/, the
                           calendars, the feed, the portraits, the redirects,
                           and every photo only as its copy without metadata
    mkdocs.yml             the project's settings without `hooks:`, with the
                           core's navigation, dates as text (Zensical cannot
                           read YAML dates) and Material's classic look

Pages are `<path>/index.md`, not `<year>/<slug>.md` as under the hooks: the
articles' relative links are made for the directory URL `<path>/`, and
Zensical resolves a relative link in HTML against the file's folder. Their
table of contents goes along in the front matter (`sp_toc`): Zensical makes
one only of Markdown headings, and MkDocs lists the page's in the navigation.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor

from . import moved_links, paths
from .filetypes import CLEANED, kind_of
from .output import PageContents, PreparedFiles, Prepared, whole_run
from .render import TEMPLATE_FOLDER, Renderer, page_meta, split_heading, template_env, theme_extra

MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs always adds to a site's own (mkdocs/config/defaults.py)."""
GENDER_STAR = "series_publisher.text:GenderStarExtension"
"""„Kolleg*innen" stays that, not italics; the hooks add it, here it is listed by name."""
_FRONT_MATTER = re.compile(r"\A-{3}\s*\n(.*?\n)(?:\.{3}|-{3})\s*\n", re.S)
"""A hand-written page's front matter, by MkDocs' rule (mkdocs/utils/meta.py)."""


@dataclass(frozen=True)
class CoreRun:
    """One core run, collected: what the hooks take step by step."""

    outline: Prepared
    contents: PageContents
    files: PreparedFiles


def collect(steps: Iterator[Any]) -> CoreRun | Prepared:
    """The three steps of `site.prepare`; only the first (with the errors) when there are errors."""
    run = whole_run(steps)
    return run[0] if len(run) == 1 else CoreRun(*run)


class _Links(Treeprocessor):
    """Relative links of the editor's Markdown as MkDocs writes them: against the source file, to the page URL."""

    def __init__(self, md: markdown.Markdown, source: str, page: str) -> None:
        super().__init__(md)
        self.folder, self.page = posixpath.dirname(source), page

    def run(self, root: Any) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute) is not None:
                element.set(attribute, self.rewrite(element.get(attribute)))

    def rewrite(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return url
        target = posixpath.normpath(posixpath.join(self.folder, unquote(parts.path)))
        if target.endswith(".md"):
            stem = target[:-3]
            target = (posixpath.dirname(stem) + "/" if posixpath.basename(stem) in ("index", "README")
                      else stem + "/").lstrip("/")
        href = paths.link(self.page, target)
        return href + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


class _LinkExtension(markdown.Extension):
    def __init__(self, source: str, page: str) -> None:
        super().__init__()
        self.source, self.page = source, page

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown API
        md.treeprocessors.register(_Links(md, self.source, self.page), "sp_links", 1)


class SiteMarkdown:
    """The site's Markdown as MkDocs converts a page: its extensions, MkDocs' defaults, links rewritten."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.extensions: list[Any] = list(MKDOCS_EXTENSIONS)
        self.configs: dict[str, Any] = {}
        for item in config.get("markdown_extensions") or []:
            name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            if name not in self.extensions:
                self.extensions.append(name)
            if options:
                self.configs[name] = options
        self.extensions.append(GENDER_STAR)

    def convert(self, text: str, source: str = "", page: str = "") -> str:
        """`text` of the file `source` (its links resolve there) on the page at site path `page`."""
        return self.converted(text, source, page)[0]

    def converted(self, text: str, source: str = "", page: str = "") -> tuple[str, list[dict[str, Any]]]:
        """`convert`, and the table of contents MkDocs makes of the same Markdown (`toc_item` each)."""
        extensions = [*self.extensions, _LinkExtension(source, page)]
        md = markdown.Markdown(extensions=extensions, extension_configs=self.configs)
        return md.convert(text), [toc_item(token) for token in getattr(md, "toc_tokens", [])]


def toc_item(token: dict[str, Any]) -> dict[str, Any]:
    """A heading of the toc extension for the theme, in Zensical's shape (zensical/markdown/render.py:
    _convert_toc) with MkDocs' text (mkdocs/structure/toc.py: the token's name, in title and content)."""
    return {"title": token["name"], "content": token["name"], "id": token["id"], "url": f"#{token['id']}",
            "level": token["level"], "children": [toc_item(child) for child in token["children"]]}


def write_project(config_file: Path, config: dict[str, Any], run: CoreRun, folder: Path,
                  theme: ThemeChanges | None = None) -> Path:
    """The staged project in `folder` (empty or new; the engine builds into its site/); returns its mkdocs.yml.

    The theme's overrides are copied to `folder/theme`, changed for the engine by `theme`.
    """
    root = config_file.parent.resolve()
    docs = folder / "docs"
    source_docs = root / (config.get("docs_dir") or "docs")
    shutil.copytree(source_docs, docs, ignore=shutil.ignore_patterns(".*"), dirs_exist_ok=False)
    _write_files(docs, run.files)
    converter = SiteMarkdown(config)
    custom_dir = _custom_dir(root, config)
    renderer = Renderer(template_env(custom_dir / TEMPLATE_FOLDER), lambda text: converter.convert(text))
    custom_dir = _stage_theme(custom_dir, folder / "theme", theme or ThemeChanges())
    for entry in run.outline.pages:
        _refuse_overlap(source_docs, entry.src_uri, entry.path)
    home_title = _write_pages(docs, run, renderer, converter)
    moved = _write_hand_written(docs, run, renderer, converter)
    _plain_pages(docs, [name for name in _hand_written(source_docs) if name not in moved], moved)
    staged = folder / "mkdocs.yml"
    settings = staged_config(config, run, custom_dir, _hand_written(source_docs), home_title, moved)
    staged.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return staged


@dataclass(frozen=True)
class ThemeChanges:
    """What an engine needs changed in the theme's overrides (engines.py says what and why)."""

    left_out: tuple[str, ...] = ()
    """Overrides of templates the engine writes differently (paths inside custom_dir)."""
    added: Path | None = None
    """A folder of overrides for this engine only, laid over the project's."""


def _stage_theme(custom_dir: Path, staged: Path, changes: ThemeChanges) -> Path:
    shutil.copytree(custom_dir, staged, ignore=shutil.ignore_patterns(".*", TEMPLATE_FOLDER))
    for name in changes.left_out:
        (staged / name).unlink(missing_ok=True)
    if changes.added is not None:
        shutil.copytree(changes.added, staged, dirs_exist_ok=True)
    return staged


def _custom_dir(root: Path, config: dict[str, Any]) -> Path:
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    return root / (theme.get("custom_dir") or "overrides")


def _write_files(docs: Path, made: PreparedFiles) -> None:
    """Calendars, feed, portraits, redirects; each photo replaced by its copy without metadata.

    A photo the core did not clean (none should be left) is removed rather than published as it is.
    """
    cleaned = set()
    for item in made.files:
        if item.replaces is not None and not (docs / item.replaces).is_file():
            continue  # left out of content/ (a dot file): not published cleaned either
        target = docs / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
        cleaned.add(item.path)
    for path in sorted(docs.rglob("*")):
        if path.is_file() and path.relative_to(docs).as_posix() not in cleaned and kind_of(path) in CLEANED:
            path.unlink()


def _write_pages(docs: Path, run: CoreRun, renderer: Renderer, converter: SiteMarkdown) -> str | None:
    """Every generated page, and the home page; returns the home page's title for the navigation.

    MkDocs takes that title from the Markdown's first heading, which the
    staged home page no longer has as Markdown.
    """
    trimmed = {section.index for section in run.outline.navigation if section.children}
    for entry in run.outline.pages:
        data = run.contents.pages[entry.src_uri]
        body, toc = converter.converted(entry.markdown, entry.src_uri, entry.path)
        rendered = renderer.page(data, body, run.outline.html_policy)
        meta = page_meta({}, entry) | _description(data.description) | _toc(toc)
        if rendered.json_ld:
            meta["json_ld"] = rendered.json_ld
        if entry.src_uri in trimmed:
            meta["sp_nav_trimmed"] = True  # its section lists its pages on this page only (overrides-zensical/)
        _write_page(docs / entry.path / "index.md", meta, rendered.html)
    home = docs / "index.md"
    if not home.is_file():
        return None
    meta, body = split_front_matter(home.read_text(encoding="utf-8-sig"))
    body_html, toc = converter.converted(body, "index.md", "")
    article = renderer.home(run.contents.home, body_html, run.outline.html_policy)
    _write_page(home, _theme_meta(meta, is_home=True) | _toc(toc), article)
    heading = split_heading(body_html)[0]
    return meta.get("title") or (html.unescape(re.sub(r"<[^>]+>", "", heading)).strip() if heading else None)


def _write_hand_written(docs: Path, run: CoreRun, renderer: Renderer, converter: SiteMarkdown) -> dict[str, str]:
    """Hand-written pages with page data of their own (Leichte Sprache, Gebärdensprache), rendered as the
    hooks render them (hooks/state.py: article), each moved to `<site path>/index.md` as the generated
    pages are (see the module's docstring); returns the staged names by the editors' names."""
    generated = {entry.src_uri for entry in run.outline.pages} | {"index.md"}
    staged = {}
    for src_uri, data in run.contents.pages.items():
        if src_uri in generated or not (docs / src_uri).is_file():
            continue
        meta, body = split_front_matter((docs / src_uri).read_text(encoding="utf-8-sig"))
        body_html, toc = converter.converted(body, src_uri, paths.site_path(src_uri))
        rendered = renderer.page(data, body_html, run.outline.html_policy)
        themed = _theme_meta(meta) | _description(rendered.description) | _toc(toc)
        if rendered.json_ld:
            themed["json_ld"] = rendered.json_ld
        staged[src_uri] = paths.site_path(src_uri) + "index.md"
        if staged[src_uri] != src_uri:
            if (docs / staged[src_uri]).exists():  # MkDocs excludes one of them, with a warning (strict: fails)
                raise StagingError(f"{src_uri} und {staged[src_uri]} ergeben dieselbe Seite "
                                   f"/{paths.site_path(src_uri)} – bitte eine der beiden Dateien umbenennen.")
            (docs / src_uri).unlink()
            themed["sp_not_index"] = True  # no section's index, though named index.md (overrides-zensical/)
        _write_page(docs / staged[src_uri], themed, rendered.html)
    return staged


def _toc(toc: list[dict[str, Any]]) -> dict[str, Any]:
    """The table of contents of a page staged as HTML, for overrides-zensical/ (`page.meta.sp_toc`)."""
    return {"sp_toc": toc} if toc else {}


def _description(text: str) -> dict[str, str]:
    """Zensical's base template escapes page.meta.description itself; our main.html (og:description) does
    not, and reads the escaped text from `sp_description`."""
    return {"description": text, "sp_description": html.escape(text)} if text else {}


def _theme_meta(meta: dict[str, Any], is_home: bool = False) -> dict[str, Any]:
    """A hand-written page's front matter for the theme: title escaped (render.page_meta), description twice."""
    description = meta.get("description")
    themed = page_meta(meta, None, is_home)
    return themed | _description(description) if isinstance(description, str) else themed


def _plain_pages(docs: Path, hand_written: list[str], moved: dict[str, str]) -> None:
    """A hand-written page's title and description made safe, as the hooks hand them to the theme; its
    links to `moved` pages pointed at their staged names (moved_links.py).

    The theme does not escape page.meta.title (Zensical no more than
    Material), and front matter is editor text too. A page is rewritten only
    when that changes it.
    """
    for name in hand_written:
        if name == "index.md":
            continue  # written anew above
        path = docs / name
        text = path.read_text(encoding="utf-8-sig")
        meta, body = split_front_matter(text)
        escaped, linked = _theme_meta(meta), moved_links.moved_links(body, name, moved)
        if any(escaped.get(key) != meta.get(key) for key in ("title", "sp_description")):
            path.write_text(_front_matter(escaped) + linked, encoding="utf-8")
        elif linked != body:
            path.write_text(text[: len(text) - len(body)] + linked, encoding="utf-8")


class StagingError(Exception):
    """The project cannot be staged as it is; the message says in German what to do."""


def _refuse_overlap(docs: Path, src_uri: str, path: str) -> None:
    """A hand-written page where a generated one goes: the same refusal as the hooks'."""
    for name in dict.fromkeys((src_uri, path + "index.md")):
        if (docs / name).exists():
            raise StagingError(f"{docs / name} überschneidet sich mit der erzeugten Seite /{path} – "
                               "bitte die Datei umbenennen oder verschieben.")


def _write_page(path: Path, meta: dict[str, Any], article: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{_front_matter(meta)}\n{article}", encoding="utf-8")


def _front_matter(meta: dict[str, Any]) -> str:
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)}---\n"


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A hand-written page's front matter and body (MkDocs' rule; no front matter: an empty one)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1))
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def staged_config(config: dict[str, Any], run: CoreRun, custom_dir: Path, hand_written: list[str],
                  home_title: str | None = None, moved: dict[str, str] | None = None) -> dict[str, Any]:
    """The project's settings for the staged docs: no hooks, the core's navigation, text for dates.

    No `edit_uri`: the engine would send "edit this page" to the staged file
    (docs/2021/auftakt/index.md), not to the editor's file in series/.
    `moved`: hand-written pages staged under another name (`_write_hand_written`).
    """
    staged = {key: value for key, value in config.items() if key not in ("hooks", "nav", "edit_uri", "repo_url")}
    staged["docs_dir"] = "docs"
    staged["site_dir"] = "site"  # Zensical: "site_dir must be within project root"
    theme = dict(config.get("theme") or {}) if isinstance(config.get("theme"), dict) else {"name": config.get("theme")}
    theme["custom_dir"] = str(custom_dir)
    theme.setdefault("variant", "classic")  # Zensical's name for Material's look
    staged["theme"] = theme
    staged["markdown_extensions"] = [*(config.get("markdown_extensions") or []), GENDER_STAR]
    staged["nav"] = navigation(run, config.get("nav"), hand_written, home_title, moved or {})
    extra = _as_text(dict(config.get("extra") or {}))
    extra.update(theme_extra(run.contents.extra))
    staged["extra"] = extra
    return staged


def navigation(run: CoreRun, nav: list[Any] | None, hand_written: list[str],
               home_title: str | None = None, moved: dict[str, str] | None = None) -> list[Any]:
    """Home, the generated pages in the core's order, then the editors' `nav:` (or their pages, by name).

    The editors' pages are named as the editors name them; `moved` gives the
    staged name of a page staged under another (leichte-sprache/inhalt.md →
    leichte-sprache/inhalt/index.md).
    """
    titles = {entry.src_uri: entry.nav_title or entry.title for entry in run.outline.pages}
    where = {entry.src_uri: entry.path + "index.md" for entry in run.outline.pages}
    items: list[Any] = [{home_title: "index.md"} if home_title else "index.md"]
    for section in run.outline.navigation:
        if section.children:
            items.append({titles[section.index]: [where[section.index], *(where[c] for c in section.children)]})
        else:
            items.append(where[section.index])
    generated = set(where.values()) | {"index.md"}
    moved = moved or {}
    if nav:
        return items + _without(nav, generated, moved)
    return items + _by_folder([name for name in hand_written if name not in generated], moved)


def _by_folder(names: list[str], moved: dict[str, str], depth: int = 0) -> list[Any]:
    """Pages in a folder become a section titled as MkDocs titles it (paths.folder_title), as without `nav:`.

    By the editors' folders: a page moved to `<stem>/index.md` stays where its file is.
    """
    items: list[Any] = []
    folders: dict[str, list[str]] = {}
    for name in names:
        parts = name.split("/")
        if len(parts) == depth + 1:
            items.append(moved.get(name, name))
        else:
            if parts[depth] not in folders:
                folders[parts[depth]] = []
                items.append(parts[depth])
            folders[parts[depth]].append(name)
    return [{paths.folder_title(item): _by_folder(folders[item], moved, depth + 1)} if item in folders else item
            for item in items]


def _hand_written(docs: Path) -> list[str]:
    """The Markdown pages under docs_dir, in MkDocs' order of a folder without `nav:`: a folder's index
    first (mkdocs/structure/files.py: file_sort_key), which also makes it the section's index in
    Zensical, where every page moved to `<stem>/index.md` counts as an index too."""
    names = [path.relative_to(docs).as_posix() for path in docs.rglob("*.md")]
    return sorted((name for name in names if not any(part.startswith(".") for part in name.split("/"))),
                  key=lambda name: (name.count("/"), posixpath.dirname(name),
                                    posixpath.basename(name) not in ("index.md", "README.md"), name))


def _without(nav: list[Any], generated: set[str], moved: dict[str, str]) -> list[Any]:
    """The editors' `nav:` without the generated pages, their moved pages under the staged names."""
    kept: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            title, value = next(iter(item.items()))
            value = _without(value, generated, moved) if isinstance(value, list) else moved.get(value, value)
            if value and value not in generated:
                kept.append({title: value})
        elif item not in generated:
            kept.append(moved.get(item, item))
    return kept


def _as_text(value: Any) -> Any:
    """Dates as ISO text, everywhere in `extra` (Zensical fails on YAML dates: "unsupported dynamic value")."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return value
