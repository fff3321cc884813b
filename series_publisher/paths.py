"""Where everything lives on the site: one place for every generated path.

Site paths are relative to the site root; pages end in '/', files do not.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import urlsplit, urlunsplit

SPEAKERS_PATH = "speakers/"
RECORDINGS_PATH = "recordings/"
SUBSCRIBE_PATH = "kalender/"
CALENDAR_PATH = "calendar.ics"
"""The subscription feed: every session of every year."""
ATOM_PATH = "feed.xml"
ASSETS_PATH = "assets/"
"""The theme's scripts, icons and style sheet (overrides/assets/)."""
STATEMENT_PATHS = {"de": "barrierefreiheit/", "en": "accessibility/"}
"""The Erklärung zur Barrierefreiheit, at an address in the site's language."""


PROGRAMME_NAMES = {"de": "programm.pdf", "en": "programme.pdf"}
"""A year's programme to print and forward (programme.py), named in the site's language."""


def statement_path(language: str) -> str:
    return STATEMENT_PATHS.get(language, STATEMENT_PATHS["en"])


def programme_path(year: int, language: str) -> str:
    """The year's programme PDF, e.g. '2021/programm.pdf'."""
    return f"{year}/{PROGRAMME_NAMES.get(language, PROGRAMME_NAMES['en'])}"


def year_path(year: int) -> str:
    return f"{year}/"


def session_path(year: int, slug: str) -> str:
    return f"{year}/{slug}/"


def year_calendar_path(year: int) -> str:
    return f"{year}/calendar.ics"


def session_calendar_path(year: int, slug: str) -> str:
    """The "add to my calendar" download of one session."""
    return f"{year}/{slug}.ics"


def speaker_path(slug: str) -> str:
    return f"{SPEAKERS_PATH}{slug}/"


def portrait_path(slug: str) -> str:
    """A speaker's photo, resized to the size it is shown at (images.py)."""
    return f"assets/speakers/{slug}.jpg"


COPY_SCRIPT = "assets/copy.js"
"""The subscribe page's copy-button script (overrides/assets/copy.js in the theme)."""


def link(from_path: str, to_path: str) -> str:
    """Relative href between two site paths (directory URLs), so the site works in any folder.

    >>> link("2021/session/", "speakers/anna/")
    '../../speakers/anna/'
    >>> link("2021/", "2021/")
    './'
    """
    if "://" in to_path or to_path.startswith(("mailto:", "#")):
        return to_path
    return _relative(from_path, to_path)


@functools.lru_cache(maxsize=65536)
def _relative(from_path: str, to_path: str) -> str:
    """Cached: a year of 500 sessions asks for the same few hundred pairs thousands of times."""
    target = posixpath.relpath("/" + to_path, "/" + from_path) if to_path else posixpath.relpath("/", "/" + from_path)
    if target == ".":
        return "./"
    return target + "/" if to_path.endswith("/") and not target.endswith("/") else target


def webcal(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("webcal",) + tuple(parts)[1:])


EASY_DIR = "leichte-sprache"
"""content/ folder of the pages in Leichte Sprache (easy_pages.py)."""
SIGN_DIR = "gebaerdensprache"
"""content/ folder of the page with the videos in Deutscher Gebärdensprache (easy_pages.py)."""
_FOLDER_TITLES = {EASY_DIR: "Leichte Sprache", SIGN_DIR: "Gebärdensprache"}


def folder_title(folder: str) -> str:
    """A content/ folder's title in the navigation, for every engine: MkDocs' rule
    (mkdocs.utils.dirname_to_title), except the two folders whose names are proper names.

    >>> folder_title("leichte-sprache"), folder_title("ueber-uns"), folder_title("FAQ")
    ('Leichte Sprache', 'Ueber uns', 'FAQ')
    """
    if folder in _FOLDER_TITLES:
        return _FOLDER_TITLES[folder]
    title = folder.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def site_path(src_uri: str) -> str:
    """Where MkDocs publishes a Markdown file: 'a/index.md' → 'a/', 'a/b.md' → 'a/b/', 'index.md' → ''."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
