"""The command line itself: help, exit status, options; never a traceback.

`in_process` runs `build.py check` / `new` inside the test process (the other
test modules use it too): the same click commands without a new interpreter
per call, which keeps the table-driven message tests fast. Builds and the
"never a traceback" end-to-end cases still run `python3 build.py` for real.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from .projects import REPO, Project, new_project, session


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True, text=True)


def _load_cli():
    spec = importlib.util.spec_from_file_location("series_build_cli", REPO / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cli


_CLI = _load_cli()


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    """With the traceback appended if the command raised, so `"Traceback" not in stderr` catches it."""


def in_process(project: Project | None, *args: str) -> Ran:
    """`python3 build.py ARGS -f <project>/mkdocs.yml` (no -f without a project), run in this process."""
    config = ["-f", str(project.root / "mkdocs.yml")] if project is not None else []
    result = CliRunner().invoke(_CLI, [*args, *config], catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return Ran(result.exit_code, result.stdout, stderr)


def test_help_is_clean() -> None:
    result = run_cli("--help")
    assert result.returncode == 0 and result.stderr == ""
    commands = result.stdout.split("Befehle:", 1)[1]
    for name in ("build", "check", "new", "schema", "serve"):
        assert f"\n  {name} " in commands
    assert "..." not in commands  # no truncated one-line help
    assert "EDITING.md" in result.stdout


@pytest.mark.parametrize("args", [("check",), ("build",), ("serve",), ("new",), ("new", "year"),
                                  ("new", "session"), ("new", "speaker"), ("schema",)])
def test_every_command_has_help(args: tuple[str, ...]) -> None:
    result = run_cli(*args, "--help")
    assert result.returncode == 0 and result.stderr == ""
    assert "Aufruf: build.py " + " ".join(args) in result.stdout
    assert "..." not in result.stdout.split("Optionen:")[0].replace("[ANGABEN]...", "")


def test_check_passes_on_the_example_content() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stderr.rstrip().endswith("Keine Fehler gefunden.")


def test_no_command_means_build(project: Project) -> None:
    result = project.run()
    assert result.returncode == 0, result.stderr
    assert (project.root / "site/2021/auftakt/index.html").is_file()


@dataclass(frozen=True)
class Command:
    """A command an editor runs in a folder without mkdocs.yml."""

    id: str
    args: tuple[str, ...]
    real: bool = False
    """`python3 build.py ARGS` in the folder itself (no -f); otherwise in-process with `-f <folder>/mkdocs.yml`"""


WITHOUT_CONFIG = [
    Command("check", ("check",), real=True),
    Command("build", ("build",)),
    Command("new-speaker", ("new", "speaker", "Max Muster")),
    Command("new-year", ("new", "year", "2022", "Thema")),
]


@pytest.mark.parametrize("case", WITHOUT_CONFIG, ids=[case.id for case in WITHOUT_CONFIG])
def test_missing_config_is_a_message(tmp_path: Path, case: Command) -> None:
    result = run_cli(*case.args, cwd=tmp_path) if case.real else in_process(Project(tmp_path), *case.args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    config = "mkdocs.yml" if case.real else str(tmp_path / "mkdocs.yml")  # as typed after -f
    assert result.stderr.startswith(f"{config}: Fehler: die Konfigurationsdatei fehlt"), result.stderr
    assert list(tmp_path.iterdir()) == []


def test_config_file_option(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    result = run_cli("check", "-f", str(project.root / "mkdocs.yml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_bad_site_url_is_a_message(project: Project) -> None:
    project.config(site_url="")
    result = in_process(project, "check")
    assert result.returncode == 1 and "site_url fehlt" in result.stderr and "Traceback" not in result.stderr


def test_bad_today_is_a_message(project: Project) -> None:
    for result in (project.run("build", "--today", "1.10.2021"), project.run("build", today="1.10.2021")):
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert "„1.10.2021“ ist kein Datum im Format JJJJ-MM-TT" in result.stderr
    assert not (project.root / "site").exists()


def test_site_dir_option(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "public"
    result = project.run("build", "--site-dir", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").is_file() and not (project.root / "site").exists()


def test_check_output_lists_errors_then_summary(project: Project) -> None:
    project.write("series/2021/sessions/zwei.md", session(start="2021-10-05", speakers=("niemand",)))
    result = in_process(project, "check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("mkdocs.yml:")  # in file order: the test site's example addresses come first
    assert any(line.startswith("series/2021/sessions/zwei.md:3: Fehler: start: „2021-10-05“ ist ein Datum ohne Uhrzeit")
               for line in lines)
    # the test speaker has no photo; site_url, edit_uri and the organiser are on example hosts
    assert "1 Fehler, 4 Warnungen." in lines
    assert lines[-1] == "Perspektiven 2021: 1 × Wissenschaft (academia), 0 × Praxis (practice); 1 mit Fehlern nicht gezählt"


def test_in_process_runner_matches_the_real_one(project: Project) -> None:
    project.write("series/2021/sessions/zwei.md", session(extra="speaker: [x]"))
    real, here = project.run("check"), in_process(project, "check")
    assert (real.returncode, real.stderr) == (here.returncode, here.stderr)


def test_build_reports_warnings_as_check_does(project: Project) -> None:
    """An editor who only builds sees the same warnings as `check`, once, and the same count at the end."""
    checked = project.run("check")
    warnings = [line for line in checked.stderr.splitlines() if ": Warnung: " in line]
    assert checked.returncode == 0 and warnings, checked.stderr  # the test speaker has no photo
    built = project.run("build")
    assert built.returncode == 0, built.stderr
    lines = built.stderr.strip().splitlines()
    for warning in warnings:
        assert lines.count(warning) == 1, built.stderr
        assert not any(warning in line and line != warning for line in lines), "also logged as INFO"
    assert lines[-1] == f"0 Fehler, {len(warnings)} {'Warnung' if len(warnings) == 1 else 'Warnungen'}."
    assert f"0 Fehler, {len(warnings)}" in checked.stderr
