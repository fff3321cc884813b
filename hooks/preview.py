"""The live preview (`build.py serve`): an edited session in the browser within about a second.

MkDocs rebuilds the whole site on every save: it lists the theme's 14,000
files, compiles every template anew and renders every page. Under `serve`
the hooks keep here what outlives one build (MkDocs loads the hooks once per
process): the theme's file list and compiled templates, a fingerprint of
each page's data so that `--dirty` rebuilds only pages whose data changed,
and the last page data without errors, whose pages show the error page
while the content has errors. Calendars, feed and photos are written a
moment after the browser has reloaded.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from series_publisher import handoff
from series_publisher.output import PageContents, Prepared, SiteFile
from series_publisher.problems import Problem

log = logging.getLogger("mkdocs.hooks.series")


@dataclass
class Preview:
    """What outlives one build under `serve`."""

    active: bool = False
    """Under `serve`: the core runs in-process, content errors become an error page."""
    dirty: bool = False
    """`serve --dirty` (build.py serve): rebuild only the pages whose data changed."""
    last_good: tuple[Prepared, PageContents] | None = None
    """The last page list and data without errors: its pages show the error page while there are errors."""
    built: dict[str, bytes] = field(default_factory=dict)
    """Fingerprint of every page as last built ('' for the shared parts: navigation, home, errors)."""
    templates: dict[str, jinja2.Environment] = field(default_factory=dict)
    """Our template environment per folder: compiled templates survive rebuilds (Jinja reloads edited ones)."""
    bytecode: jinja2.BytecodeCache | None = None
    """Compiled theme templates, for the new theme environment MkDocs makes on every rebuild."""
    theme_files: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    """The theme's file names by theme folders: Material ships 14,000 icons, listed anew on every rebuild."""
    generation: int = 0
    """Number of the latest build; files made for an older one are not written."""
    lock: threading.Lock = field(default_factory=threading.Lock)


    def instead_of(self, outline: Prepared) -> tuple[list[Problem], Prepared]:
        """Content with errors: the errors every page shows, and the last good page list to show them on.

        The browser shows the errors instead of waiting for a build that never comes.
        """
        errors = [problem for problem in outline.problems if problem.is_error]
        return errors, self.last_good[0] if self.last_good else Prepared([], series_dir=outline.series_dir)

    def last_good_contents(self) -> PageContents:
        return self.last_good[1] if self.last_good else PageContents()

    def remember(self, outline: Prepared | None, contents: PageContents) -> None:
        """Under `serve`, keep page list and data without errors for when the content has errors."""
        if self.active and outline is not None:
            self.last_good = (outline, contents)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled code kept in memory; Jinja checks each entry against the template's source."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


def list_theme_once(config: MkDocsConfig, preview: Preview) -> None:
    """List the theme's files on the first build only (MkDocs lists them on every rebuild),
    and compile its templates once (MkDocs makes a new environment for every rebuild).

    Edited theme files are still copied (MkDocs compares their times); a new
    file in the theme shows after restarting `serve`.
    """
    theme = config.theme
    make_env = theme.get_env
    preview.bytecode = preview.bytecode or MemoryBytecodeCache()

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = preview.bytecode
        list_all = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            key = tuple(theme.dirs) + (repr(extensions),)
            if key not in preview.theme_files:
                preview.theme_files[key] = list_all(extensions, filter_func)
            return preview.theme_files[key]

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def poll_faster(server: Any, config: MkDocsConfig) -> Any:
    """Notice a saved file within a tenth of a second (MkDocs polls every half second).

    Polling, as MkDocs does (it works on every file system); a project's
    few hundred files cost a few milliseconds a poll. MkDocs has already
    watched docs_dir and mkdocs.yml: they move to the faster observer; series/
    (in config.watch) is watched after on_serve.
    """
    from watchdog.observers.polling import PollingObserver

    watched = [path for path in (config.docs_dir, config.config_file_path) if path]
    for path in watched:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=0.1)
    for path in watched:
        server.watch(path)
    return server


def mark_changed_pages(files: Files, outline: Prepared, contents: PageContents, errors: list[str],
                       preview: Preview) -> None:
    """Under `serve --dirty`, MkDocs rebuilds a page only if its file says it was modified: say so for a page
    whose data changed. A change to what every page shows (the navigation, the home page's programme, the theme's extra) or to
    the errors rebuilds them all.
    """
    shared = _fingerprint((outline.navigation, [(p.src_uri, p.title, p.nav_title) for p in outline.pages
                                                if not p.path.count("/") > 1], contents.home, contents.extra, errors))
    everything = preview.built.get("") != shared
    built = {"": shared}
    for file in files.documentation_pages():
        data = contents.pages.get(file.src_uri)
        if data is None:
            if everything:
                file.is_modified = _modified  # hand-written: MkDocs compares times, unless everything changes
            continue
        built[file.src_uri] = _fingerprint(data)
        if everything or preview.built.get(file.src_uri) != built[file.src_uri]:
            file.is_modified = _modified
        else:
            file.is_modified = _unchanged
    preview.built = built


def _fingerprint(value: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).digest()


def _modified() -> bool:
    return True


def _unchanged() -> bool:
    return False


def write_later(preparation: handoff.Preparation, site_dir: Path, preview: Preview,
                write: Callable[[list[SiteFile], Path], None]) -> None:
    """The browser reloads now, with the edited page; calendars, feed and photos follow."""
    with preview.lock:
        preview.generation += 1
        generation = preview.generation

    def finish() -> None:
        try:
            made = preparation.files()
        except Exception as exc:  # noqa: BLE001 - a thread's error would vanish: log it
            log.error(f"Kalender, Feed und Fotos der Vorschau nicht erneuert: {exc}")
            return
        for problem in made.problems:
            log.error(str(problem))
        with preview.lock:
            if generation == preview.generation and not made.problems:
                write(made.files, site_dir)

    threading.Thread(target=finish, name="series files", daemon=True).start()
