"""German everywhere on the command line: yes/no answers as the guide teaches, MkDocs' log lines.

`build.py new year` asks whether the content is real; the guide says to answer
„ja“. The question runs in a real terminal here (a pseudo-terminal for stdin),
as an editor meets it. MkDocs' own lines ("Building documentation...", the
"dirty" build warning under `serve`) reach the editor in German or not at all.
"""

from __future__ import annotations

import logging
import os
import pty
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from series_publisher import mkdocs_de

from .projects import REPO, new_project


@dataclass(frozen=True)
class Answer:
    id: str
    typed: str
    """What the editor types, lines separated by newlines."""
    real: bool
    asked_again: bool = False


ANSWERS = [
    Answer("ja", "ja", True), Answer("j", "j", True), Answer("Ja", "Ja", True), Answer("yes", "yes", True),
    Answer("y", "y", True), Answer("enter", "", True),
    Answer("nein", "nein", False), Answer("n", "n", False), Answer("no", "no", False),
    Answer("unclear-then-ja", "vielleicht\nja", True, asked_again=True),
]


def _answer(root: Path, typed: str) -> subprocess.CompletedProcess[str]:
    """`build.py new year` with stdin a terminal, the answer already typed."""
    leader, follower = pty.openpty()
    try:
        os.write(leader, (typed + "\n").encode())
        return subprocess.run([sys.executable, str(REPO / "build.py"), "new", "year", "2022", "Öffentlicher Raum"],
                              cwd=root, stdin=follower, capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    finally:
        os.close(follower)
        os.close(leader)


@pytest.mark.parametrize("case", ANSWERS, ids=lambda case: case.id)
def test_new_year_takes_a_german_answer(tmp_path: Path, case: Answer) -> None:
    project = new_project(tmp_path / "p")
    project.config(extra={"series": {"name": "Testreihe", "example_data": True}})
    result = _answer(project.root, case.typed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[J/n]" in result.stdout and "[Y/n]" not in result.stdout
    assert "invalid input" not in result.stdout + result.stderr
    assert ("Bitte mit „ja“ oder „nein“ antworten." in result.stderr) is case.asked_again
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert ("example_data: false" in config) is case.real, config


@dataclass(frozen=True)
class Line:
    id: str
    level: int
    english: str
    german: str | None
    """None: the line is not shown."""


LINES = [
    Line("dirty-build", logging.WARNING, "A 'dirty' build is being performed, this will likely lead to inaccurate "
         "navigation and other links within your site. This option is designed for site development purposes only.",
         None),
    Line("building", logging.INFO, "Building documentation...", "Info    -  Die Seite wird gebaut …"),
    Line("built", logging.INFO, "Documentation built in 1.58 seconds", "Info    -  Gebaut in 1,58 Sekunden."),
    Line("serving", logging.INFO, "[19:21:37] Serving on http://127.0.0.1:8000/",
         "Info    -  [19:21:37] Vorschau unter http://127.0.0.1:8000/"),
    Line("watching", logging.INFO, "[19:21:37] Watching paths for changes: 'content', 'series'",
         "Info    -  [19:21:37] Änderungen werden beobachtet in: 'content', 'series'"),
    Line("changes", logging.INFO, "[19:21:52] Detected file changes", "Info    -  [19:21:52] Änderung bemerkt"),
    Line("reloading", logging.INFO, "[19:21:53] Reloading browsers",
         "Info    -  [19:21:53] Der Browser lädt die Seite neu"),
    Line("config-value", logging.ERROR, "Config value 'theme': Unrecognised theme name: 'materia'.",
         "Fehler  -  mkdocs.yml, Einstellung „theme“: Unrecognised theme name: 'materia'."),
    Line("our-own", logging.ERROR, "series/2021/theme.yml:3: Fehler: …", "Fehler  -  series/2021/theme.yml:3: Fehler: …"),
]


@pytest.mark.parametrize("case", LINES, ids=lambda case: case.id)
def test_mkdocs_lines_reach_the_editor_in_german(case: Line) -> None:
    handler = logging.Handler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(mkdocs_de.german_record)
    shown: list[str] = []
    handler.emit = lambda record: shown.append(handler.format(record))  # type: ignore[method-assign]
    record = logging.LogRecord("mkdocs.commands.build", case.level, __file__, 1, case.english, (), None)
    handler.handle(record)
    assert shown == ([case.german] if case.german else [])


def test_build_prints_no_english_mkdocs_line(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    assert "Info    -  Gebaut in " in result.stderr
    for english in ("INFO", "WARNING", "Documentation built", "Building documentation", "Cleaning site"):
        assert english not in result.stderr, result.stderr
