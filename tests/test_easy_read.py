"""Leichte Sprache and Gebärdensprache (BITV 2.0 § 4): the parts a level asks for, the LS check's messages.

Each case writes LS pages (or a DGS page) into a small project, runs
`build.py check` as an editor would and looks for the exact file, line and
words of the message, as tests/test_messages.py does for the content files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .projects import Project, new_project
from .test_cli import in_process
from .test_messages import find

PARTS = ("inhalt", "navigation", "barrierefreiheit", "weitere")


def ls_page(part: str | None, body: str = "Das ist ein Satz.\n", extra: str = "") -> str:
    """An LS page: front matter with its `bitv:` part, then the body."""
    front = (f"bitv: {part}\n" if part else "") + extra
    return f"---\ntitle: Eine Seite\n{front}---\n\n# Eine Seite\n\n{body}"


def set_level(project: Project, level: str) -> None:
    data = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    data.setdefault("extra", {}).setdefault("series", {})["easy_read"] = {"level": level}
    (project.root / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def small(tmp_path: Path) -> Project:
    return new_project(tmp_path / "site")


@dataclass(frozen=True)
class Level:
    id: str
    level: str
    ls_parts: tuple[str, ...]
    """Parts written as LS pages."""
    exit_code: int
    expected: tuple[tuple[str, str, str], ...]
    """(path, severity, part) lines the report must hold."""
    absent: tuple[str, ...] = ()
    """Parts no line may name as missing in LS."""


LS_DIR = "content/leichte-sprache/"
DGS = "content/gebaerdensprache/index.md"

LEVELS = [
    Level("federal-missing-navigation", "federal", ("inhalt", "barrierefreiheit", "weitere"), 1,
          ((LS_DIR, "Fehler", "navigation"), (DGS, "Fehler", "inhalt"))),
    Level("bavaria-needs-no-statement-part", "bavaria", ("inhalt", "navigation", "weitere"), 1,
          ((DGS, "Fehler", "weitere"),), absent=("barrierefreiheit",)),
    Level("voluntary-only-warns", "voluntary", ("inhalt",), 0,
          ((LS_DIR, "Warnung", "navigation"), (LS_DIR, "Warnung", "weitere"))),
]


@pytest.mark.parametrize("case", LEVELS, ids=lambda c: c.id)
def test_required_parts(small: Project, case: Level) -> None:
    set_level(small, case.level)
    for part in case.ls_parts:
        small.write(f"{LS_DIR}{part}.md", ls_page(part))
    ran = in_process(small, "check")
    assert ran.returncode == case.exit_code, ran.stderr
    for path, severity, part in case.expected:
        find(ran.stderr, path, None, severity, (f"der Teil „{part}“ fehlt", f"bitv: {part}"))
    for part in case.absent:
        assert f"Leichter Sprache: der Teil „{part}“" not in ran.stderr
    assert "Traceback" not in ran.stderr


def test_voluntary_without_any_page_warns_once_per_kind(small: Project) -> None:
    ran = in_process(small, "check")
    assert ran.returncode == 0
    find(ran.stderr, LS_DIR, None, "Warnung", ("keine Seiten in Leichter Sprache",))
    find(ran.stderr, DGS, None, "Warnung", ("keine Videos in Gebärdensprache",))


def test_unknown_part_is_named(small: Project) -> None:
    small.write(f"{LS_DIR}index.md", ls_page("inhallt"))
    ran = in_process(small, "check")
    assert ran.returncode == 1
    find(ran.stderr, f"{LS_DIR}index.md", 3, "Fehler", ("„inhallt“", "meinten Sie „inhalt“"))
