"""Throwaway projects for tests: a mkdocs.yml, series/ and content/ in a temp folder.

The project uses this repository's hooks and overrides by absolute path, so a
test can write exactly the content it needs and build it like an editor would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU = ["java", "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", str(VNU_JAR), "--errors-only"]
"""The W3C Nu checker (.ci/run installs it), once per call: without the optimising JIT it takes
half the CPU; its schema needs a deeper stack than that JIT level's default."""

MKDOCS_YML = {
    "site_name": "Testreihe",
    "site_url": "https://reihe.example.org/",
    "edit_uri": "https://git.example.org/reihe/edit/main/content/",
    "docs_dir": "content",
    "theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "language": "de", "font": False,
              "features": ["navigation.indexes", "navigation.prune"]},
    "hooks": [str(REPO / "hooks" / "series.py")],
    "plugins": [{"search": {"lang": "de"}}],
    "markdown_extensions": ["attr_list", "md_in_html"],
    "extra_css": ["assets/series.css"],
    "extra": {"series": {"name": "Testreihe", "timezone": "Europe/Berlin", "location": "Online (Zoom)",
                         "organiser": {"name": "Testverein e.V.", "email": "reihe@example.org"}}},
}

THEME = """\
title: Öffentlicher Raum
summary: |
  Ein Jahr über **Räume**.
registration:
  url: https://www.example.org/anmeldung
  deadline: 2021-09-30
capacity: 50
"""

SPEAKER = """\
---
name: Prof. Dr. Lea Hartmann
role: Professorin
organisation: Universität Altmühltal
sector: academia
---
Lea Hartmann forscht zu Teilhabe.
"""


def session(title: str = "Auftakt", start: str = "2021-10-05 14:00", end: str = "16:30",
            speakers: tuple[str, ...] = ("prof-dr-lea-hartmann",), extra: str = "",
            abstract: str = "Ein Abstract.") -> str:
    """A session file's text; `extra` is appended to the front matter verbatim."""
    lines = ["---", f"title: {title}", f"start: {start}", f"end: {end}"]
    lines.append("speakers: [" + ", ".join(speakers) + "]")
    lines.append("perspective: academia")
    if extra:
        lines.append(textwrap.dedent(extra).strip("\n"))
    return "\n".join(lines) + "\n---\n" + abstract + "\n"


@dataclass
class Project:
    """A project folder on disk."""

    root: Path

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def config(self, **changes: object) -> None:
        data = yaml.safe_load((self.root / "mkdocs.yml").read_text(encoding="utf-8"))
        data.update(changes)
        (self.root / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def run(self, *args: str, today: str = "2021-09-01", env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
        """`python3 build.py ARGS` in the project folder, with a pinned reference date."""
        return subprocess.run(
            [sys.executable, str(REPO / "build.py"), *args],
            cwd=self.root, capture_output=True, text=True, env=_env(today, env),
        )

    def mkdocs(self, *args: str, today: str = "2021-09-01") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args], cwd=self.root, capture_output=True, text=True,
            env=_env(today, None),
        )


def set_photo(project: Project, photo: str | None, speaker: str = "series/speakers/prof-dr-lea-hartmann.md") -> None:
    """Give the speaker the line `photo: PHOTO` right below `sector:`, or no photo line at all (None).

    Both the test speaker (SPEAKER) and the example's Lea Hartmann have `sector: academia`; the
    example's speakers may or may not have a photo line already, so any old one goes first.
    """
    path = project.root / speaker
    text = re.sub(r"(?m)^photo:.*\n", "", path.read_text(encoding="utf-8"))
    line = f"photo: {photo}\n" if photo is not None else ""
    path.write_text(text.replace("sector: academia\n", "sector: academia\n" + line, 1), encoding="utf-8")


def _env(today: str, extra: dict[str, str] | None) -> dict[str, str]:
    env = dict(os.environ, SERIES_TODAY=today, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1633000000")
    env.update(extra or {})
    return env


def pdf(padding: int = 0) -> bytes:
    """A real one-page PDF (the build cleans PDFs with qpdf, which refuses a bare header), `padding` bytes larger."""
    import io

    import pikepdf

    document = pikepdf.new()
    document.add_blank_page()
    if padding:
        document.Root.Padding = pikepdf.Stream(document, b"x" * padding)
    out = io.BytesIO()
    document.save(out, compress_streams=False, deterministic_id=True)
    return out.getvalue()


def new_project(root: Path, sessions: dict[str, str] | None = None, year: int = 2021) -> Project:
    """A valid project: one year, one speaker, the given sessions (default: one)."""
    project = Project(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(MKDOCS_YML, allow_unicode=True), encoding="utf-8")
    project.write("content/index.md", "# Testreihe\n\nWillkommen.\n")
    project.write(f"series/{year}/theme.yml", THEME)
    project.write("series/speakers/prof-dr-lea-hartmann.md", SPEAKER)
    for slug, text in (sessions if sessions is not None else {"auftakt": session()}).items():
        project.write(f"series/{year}/sessions/{slug}.md", text)
    return project


def copy_example(root: Path) -> Project:
    """A copy of the shipped example (mkdocs.yml, series/, content/), as a new organisation starts."""
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("series", "content"):
        shutil.copytree(REPO / folder, root / folder)
    return Project(root)


def copy_project(source: Project, root: Path) -> Project:
    """A copy of a project folder that a test built once (site/ included), to change and build again.

    The build writes nothing outside the project but site/ (and its staging folders, gone after a
    good build), and its output depends on the content and the pinned dates only, so the copy is
    the project as if this test had built it itself.
    """
    shutil.copytree(source.root, root)
    return Project(root)

