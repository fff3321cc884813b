"""Compiled templates: kept between builds, and compiled while the core's child is still busy.

MkDocs compiles every template it renders on every build: Material's forty
and our nine cost about half a second, a third of a small site's build.
Jinja keeps compiled code in a bytecode cache; here it is Jinja's own
`FileSystemBytecodeCache`, in a folder the build creates and owns under
`$TMPDIR` (`series-publisher-templates-<uid>`, mode 0700), never in the
repository. Jinja's default folder is chmod-ed before it is checked, so
another local user could make it a link to a folder of ours; this one is
checked without following links (`O_NOFOLLOW`, `fstat`) and never chmod-ed:
a link, another owner or looser rights mean a fresh `mkdtemp` instead. Jinja uses an entry only while its template's text is
unchanged, so a build gives the same bytes with or without it.

On a fresh machine the cache is empty. The build then waits for the core's
page list (see series.py: on_files) with nothing to do; `compile_while`
spends that wait compiling the templates the pages will need, following
their includes from the ones MkDocs renders first.

MkDocs also lists every file of the theme on every build, to copy the static
ones: Material's 14,000 icons under `.icons/` included, which its own filter
then drops (a name with a part that starts with a dot never is a static
file). `list_theme_quickly` walks past such folders: the same list, in a
hundredth of the time (about 0.09 s of a small site's 1 s).
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

import jinja2

_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
"""A template named in another one by a constant string (Material names all its partials that way)."""


@functools.cache
def compiled_templates() -> jinja2.BytecodeCache | None:
    """The cache of compiled templates, one per process; None without a private temporary folder."""
    try:
        return jinja2.FileSystemBytecodeCache(cache_folder())
    except (OSError, RuntimeError):  # compile every time instead
        return None


def cache_folder(base: str | None = None) -> str:
    """Our own folder under `base` (default $TMPDIR), checked without following a link; else a fresh one."""
    base = base or tempfile.gettempdir()
    if not hasattr(os, "getuid") or not hasattr(os, "O_NOFOLLOW"):
        return _fresh(base)
    folder = os.path.join(base, f"series-publisher-templates-{os.getuid()}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:  # a link, or not a folder
        return _fresh(base)
    try:
        info = os.fstat(descriptor)
    finally:
        os.close(descriptor)
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        return _fresh(base)
    return folder


def _fresh(base: str) -> str:
    """A new private folder for this process only, removed when it ends."""
    folder = tempfile.mkdtemp(prefix="series-publisher-templates-", dir=base)
    atexit.register(shutil.rmtree, folder, True)
    return folder


def list_theme_quickly(theme: Any) -> None:
    """Every environment the theme makes from now on lists its files without walking dot folders,
    when the caller's filter drops such names anyway (MkDocs' does: `.*`, `*/.*`)."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        loader, list_all = env.loader, env.list_templates
        if not isinstance(loader, jinja2.FileSystemLoader):
            return env

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if extensions is not None or filter_func is None or any(map(filter_func, _DOT_NAMES)):
                return list_all(extensions, filter_func)
            return [name for name in without_dot_parts(loader) if filter_func(name)]

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    theme.get_env = get_env


_DOT_NAMES = (".a", ".a/b", "a/.b", "a/.b/c")
"""Names a filter must drop before the listing may skip what starts with a dot."""


def without_dot_parts(loader: jinja2.FileSystemLoader) -> list[str]:
    """`loader.list_templates()` without the names that have a part starting with a dot, walked past."""
    found = set()
    for searchpath in loader.searchpath:
        for folder, subfolders, names in os.walk(searchpath, followlinks=loader.followlinks):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                if not name.startswith("."):  # as Jinja names them
                    found.add(os.path.join(folder, name)[len(searchpath):].strip(os.path.sep).replace(os.path.sep, "/")
                              .removeprefix("./"))
    return sorted(found)


def share_compiled(theme: Any) -> None:
    """Every environment the theme makes from now on (MkDocs' own, and the search plugin's for its
    language strings) uses the cache of compiled templates."""
    cache = compiled_templates()
    if cache is None:
        return
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env


def compile_while(waiting: Callable[[], bool], work: Iterable[tuple[jinja2.Environment, list[str]]]) -> list[str]:
    """Compile templates, starting at `work`'s names and following their references, while `waiting()`.

    Each environment keeps what it compiled (and its bytecode cache, for
    other environments on the same templates). Returns the names compiled.
    """
    done: list[str] = []
    for env, names in work:
        queue, seen = list(names), set(names)
        while queue and waiting():
            name = queue.pop(0)
            try:
                env.get_template(name)
                source = env.loader.get_source(env, name)[0] if env.loader else ""
            except jinja2.TemplateError:
                continue  # rendering will report it, with MkDocs' words
            done.append(name)
            for found in _REFERENCE.findall(source):
                if found.endswith(".html") and found not in seen:  # not the icons Material includes as SVG
                    seen.add(found)
                    queue.append(found)
    return done


def compile_while_waiting(ours: jinja2.Environment, theme: Any, waiting: Callable[[], bool]) -> None:
    """Until the core's page list arrives: compile our templates, then the theme's."""
    work = [(ours, sorted(ours.list_templates(extensions=["html"])))]
    if compiled_templates() is not None:  # the theme's environment for the pages comes later: shared via the cache
        work.append((theme.get_env(), ["main.html", "404.html"]))
    compile_while(waiting, work)
