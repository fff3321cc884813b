"""The site's files that are not pages: photos held back for their copies without metadata, and writing.

MkDocs would copy every image and PDF under docs_dir as it is, EXIF and GPS
position included. The core cleans them (images.cleaned, pdfs.py); here the
originals are swapped for empty placeholders, so links to them stay valid
under --strict, and the cleaned copies are written after the build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from series_publisher.output import PreparedFiles, SiteFile


def hold_back_images(files: Files, config: MkDocsConfig, replaced: set[str]) -> set[str]:
    """Swap each image and PDF under docs_dir (`replaced`: the core knows them by their bytes) for an empty
    placeholder; `write` puts it there without EXIF/XMP."""
    held = set()
    docs_dir = Path(config.docs_dir).resolve()
    for file in list(files):
        from_docs = file.generated_by is None and file.src_dir and Path(file.src_dir).resolve() == docs_dir
        if from_docs and not file.inclusion.is_excluded() and file.src_uri in replaced:
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=b""))
            held.add(file.src_uri)
    return held


def write(files: list[SiteFile], site_dir: Path, cleaned: set[str]) -> None:
    """Calendars, feed, portraits, redirects and cleaned photos into the built site."""
    for item in files:
        if item.replaces is not None and item.replaces not in cleaned:
            continue  # excluded from the site (exclude_docs, a draft): not published cleaned either
        target = site_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)


def finish(made: PreparedFiles, site_dir: Path, cleaned: set[str], log: logging.Logger) -> None:
    """The core's files into the built site; a photo that is no image stops the build."""
    for problem in made.problems:
        log.error(str(problem))
    if made.problems:
        raise Abort(f"{len(made.problems)} Fehler in den Inhalten.")
    write(made.files, site_dir, cleaned)
