"""The project's folders as untrusted input: nothing outside them may be read or published.

MkDocs copies every file under `docs_dir` (content/) and the theme's
`custom_dir` into the site, following symbolic links, and the core reads
series/. A link committed to the repository can point anywhere: `/etc/passwd`,
`/proc/self/environ` with the CI's secrets, `.git/config` with the token a
checkout may leave there. So before anything is read or copied, every link in
these folders must lead to a file inside them, and no link may lead in a
circle. Images are published re-encoded (images.py), so each must be readable,
and its header must not claim a size no one could decode (a decompression bomb).
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problems
from .settings import Settings

LINK_HINT = ("den Verweis (Symlink) durch eine echte Datei ersetzen: "
             "„git rm --cached NAME“, dann die Datei selbst hineinkopieren und committen")


def folders(settings: Settings) -> list[Path]:
    """The folders whose files are read or published, each once."""
    found: list[Path] = []
    for folder in (settings.docs_dir, settings.series_dir, settings.theme_dir):
        if folder is not None and folder.is_dir() and folder not in found:
            found.append(folder)
    return found


def check_links(settings: Settings, problems: Problems) -> None:
    """Every link leads to a file inside the project's folders, and none in a circle."""
    allowed = folders(settings)
    for folder in (settings.docs_dir, settings.series_dir):
        if not _inside(folder, settings.root) or _inside(folder, settings.root / ".git"):
            problems.error(settings.shown(folder), None,
                           "der Inhaltsordner liegt außerhalb des Projektordners (ein Verweis/Symlink?)",
                           "content/ und series/ als echte Ordner im Projekt anlegen")
            return
    for top in allowed:
        for folder, dirs, files in os.walk(top, followlinks=False):
            for name in sorted(dirs) + sorted(files):
                path = Path(folder) / name
                if path.is_symlink():
                    _check_link(path, allowed, settings, problems)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_link(link: Path, allowed: list[Path], settings: Settings, problems: Problems) -> None:
    shown = settings.shown(link)
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        problems.error(shown, None, f"der Verweis (Symlink) zeigt auf „{os.readlink(link)}“, das es nicht gibt",
                       LINK_HINT)
        return
    except (RuntimeError, OSError):  # RuntimeError: a loop (Python < 3.13); OSError ELOOP
        problems.error(shown, None, "der Verweis (Symlink) führt im Kreis", LINK_HINT)
        return
    if _inside(target, settings.root / ".git"):
        problems.error(shown, None, "der Verweis (Symlink) zeigt in den Ordner .git/ (dort steht z. B. das Zugangs-Token)",
                       LINK_HINT)
    elif not any(_inside(target, folder) for folder in allowed):
        problems.error(shown, None,
                       f"der Verweis (Symlink) zeigt auf „{os.readlink(link)}“, außerhalb der Inhaltsordner; "
                       "die Datei würde mitveröffentlicht", LINK_HINT)
    elif target.is_dir() and _inside(link.parent, target):
        problems.error(shown, None, "der Verweis (Symlink) zeigt auf einen Ordner, in dem er selbst liegt (im Kreis)",
                       LINK_HINT)


def check_images(settings: Settings, photos: set[Path], problems: Problems) -> None:
    """Every image under docs_dir, known by its bytes, can be cleaned, read and decoded at its size.

    `photos` are left out: the schedule reports those at the speaker's `photo:` line.
    """
    from .filetypes import REFUSED, published_files
    from .images import IMAGE_KINDS, IMAGE_SUFFIXES, SIZE_HINT, size_problem, unreadable
    from .pdfs import PROBLEM as PDF_PROBLEM, readable

    for path, _, kind in published_files(settings.docs_dir):
        if kind in REFUSED:
            problems.error(settings.shown(path), None,
                           f"{path.name} ist ein {REFUSED[kind]}-Bild; aus diesem Format kann der Bau Metadaten "
                           "(Aufnahmeort, Kamera, Name) nicht sicher entfernen", SIZE_HINT)
        elif kind == "pdf" and not readable(path):
            problems.error(settings.shown(path), None, f"die PDF-Datei {path.name} {PDF_PROBLEM[0]}", PDF_PROBLEM[1])
        elif path.resolve() in photos:
            continue
        elif kind in IMAGE_KINDS:
            problem = size_problem(path)
            if problem:
                problems.error(settings.shown(path), None, f"das Bild {problem}", SIZE_HINT)
        elif kind is None and path.suffix.lower() in IMAGE_SUFFIXES:  # named an image, but none: a broken upload
            problems.error(settings.shown(path), None, f"das Bild {unreadable(path)}", SIZE_HINT)