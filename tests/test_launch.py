"""Before the first real season: `check` names every setting and page still as shipped.

Starts from this repository's mkdocs.yml and content/, as a new organisation
would after following EDITING.md's checklist for the example data only, and
asserts each launch warning by file, line and name; with
`fail_on_placeholders: true` (the publishing workflows) each is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .projects import Project, copy_example
from .test_cli import in_process
from .test_messages import find, line_of, replace

LATER = "2028-09-01"
"""A reference date two seasons after the shipped accessibility statement was reviewed."""


@pytest.fixture
def shipped(tmp_path: Path) -> Project:
    return copy_example(tmp_path / "neu")


@dataclass(frozen=True)
class Launch:
    id: str
    path: str
    needle: str
    """Text on the reported line."""
    words: tuple[str, ...]


LAUNCH = [
    Launch("site-url", "mkdocs.yml", "site_url:",
           ("site_url: „https://niko-online.example.org/“ ist eine Beispieladresse", "nie mehr ändern")),
    Launch("edit-uri", "mkdocs.yml", "edit_uri:",
           ("edit_uri: „https://github.com/example/niko-online/edit/main/content/“ zeigt auf ein Beispiel-Repository",
            "eigenen Repositorys")),
    Launch("organiser-email", "mkdocs.yml", "email: niko@example.org",
           ("extra.series.organiser.email: „niko@example.org“ ist eine Beispieladresse", "echte E-Mail-Adresse")),
    Launch("organiser-url", "mkdocs.yml", "url: https://www.example.org/niko/",
           ("extra.series.organiser.url: „https://www.example.org/niko/“",)),
    Launch("accessibility-contact", "mkdocs.yml", "        email: niko@example.org",
           ("extra.series.accessibility.contact.email: „niko@example.org“ ist eine Beispieladresse",)),
    Launch("accessibility-reviewed", "mkdocs.yml", "reviewed: 2026-11-20",
           ("accessibility.reviewed:", "zuletzt am 2026-11-20 geprüft, vor mehr als einem Jahr (Stichtag 2028-09-01)",
            "reviewed: eintragen")),
    Launch("impressum-notice", "content/impressum.md", "Platzhalter",
           ("„Platzhalter: Dieses Impressum ist eine Vorlage.“ ist noch der Hinweis der Vorlage",)),
    Launch("impressum-fields", "content/impressum.md", "[Name der Organisation]",
           ("Felder der Vorlage in eckigen Klammern", "zuerst „[Name der Organisation]“", "samt den eckigen Klammern")),
    Launch("datenschutz-notice", "content/datenschutz.md", "Platzhalter",
           ("„Platzhalter: Diese Datenschutzerklärung ist eine Vorlage.“",)),
    Launch("datenschutz-fields", "content/datenschutz.md", "[Name der Organisation]",
           ("Felder der Vorlage in eckigen Klammern",)),
]


def _line(project: Project, case: Launch) -> int:
    if case.id == "accessibility-contact":  # the organiser's address comes first, the same text
        lines = (project.root / case.path).read_text(encoding="utf-8").split("\n")
        return max(number for number, line in enumerate(lines, 1) if line == case.needle)
    return line_of(project, case.path, case.needle)


def test_the_shipped_site_names_every_launch_setting(shipped: Project) -> None:
    result = in_process(shipped, "--today", LATER, "check")
    assert result.returncode == 0, result.stderr
    for case in LAUNCH:
        find(result.stderr, case.path, _line(shipped, case), "Warnung", case.words)


@pytest.mark.parametrize("case", LAUNCH, ids=lambda case: case.id)
def test_a_publishing_build_fails_on_each(shipped: Project, case: Launch) -> None:
    replace(shipped, "mkdocs.yml", "    example_data: true\n", "    example_data: true\n    fail_on_placeholders: true\n")
    result = in_process(shipped, "--today", LATER, "check")
    assert result.returncode == 1
    find(result.stderr, case.path, _line(shipped, case), "Fehler", case.words)


@dataclass(frozen=True)
class Fixed:
    id: str
    path: str
    old: str
    new: str
    gone: str


FIXED = [
    Fixed("real-site-url", "mkdocs.yml", "https://niko-online.example.org/", "https://niko.via-bayern.de/", "site_url:"),
    Fixed("own-repository", "mkdocs.yml", "github.com/example/", "github.com/via-bayern/", "edit_uri:"),
    Fixed("reviewed-this-year", "mkdocs.yml", "reviewed: 2026-11-20", "reviewed: 2028-03-01", "accessibility.reviewed"),
    Fixed("link-is-no-field", "content/impressum.md", "[Name der Organisation]  \n[Straße und Hausnummer]  \n[PLZ] [Ort]",
          "VIA Bayern e.V.  \n[Landwehrstraße](https://example.net/karte) 22  \n80336 München", "[Landwehrstraße]"),
]


@pytest.mark.parametrize("case", FIXED, ids=lambda case: case.id)
def test_a_real_value_ends_the_warning(shipped: Project, case: Fixed) -> None:
    replace(shipped, case.path, case.old, case.new)
    result = in_process(shipped, "--today", LATER, "check")
    assert not [line for line in result.stderr.splitlines() if line.startswith(case.path) and case.gone in line], \
        result.stderr
