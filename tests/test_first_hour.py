"""A newcomer's first hour: the README's commands on a stock Debian, and a command line in German.

The first test does what a new user does on a fresh Debian 12 / Ubuntu 24.04
with nothing but python3, python3-venv and git: take the project (here a copy
of this checkout, committed into a new git repository), run the README's first
command with Debian's own /usr/bin/python3 first on PATH and an empty HOME,
and open site/index.html. It installs from the package registry, as the user
would, so it takes a minute.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from .projects import REPO
from .test_cli import _CLI, run_cli

DEBIAN_PYTHON = Path("/usr/bin/python3")
TEST_TOOLS = {"pytest", "playwright", "axe-playwright-python", "ical", "feedparser", "beautifulsoup4",
              "jsonschema", "hypothesis", "radicale", "zizmor"}
"""Packages only the tests need; building must not install any of them (lxml it does: pikepdf needs it)."""


def readme_commands() -> list[str]:
    """The shell blocks under the README's "Two commands" heading, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def fresh_clone(target: Path) -> Path:
    """This checkout's files (tracked and new, not ignored) as a new git repository, like a clone."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=Neu", "-c", "user.email=neu@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-qm", "Stand"], cwd=target, check=True)
    return target


def stock_debian_env(home: Path) -> dict[str, str]:
    """Debian's python3 first on PATH, an empty HOME, no virtual environment active."""
    keep = {key: value for key, value in os.environ.items() if key in ("LANG", "LC_ALL", "TZ", "TMPDIR")}
    return {**keep, "PATH": "/usr/bin:/bin", "HOME": str(home)}


def test_readme_has_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2, commands
    assert "python3 -m venv .venv" in commands[0] and "requirements.txt" in commands[0]
    assert commands[1] == "bash .ci/run"


@pytest.mark.skipif(not DEBIAN_PYTHON.exists(), reason="needs a Debian/Ubuntu machine with /usr/bin/python3")
def test_readme_first_command_builds_the_example_site_on_stock_debian(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path / "reihe")
    home = tmp_path / "home"
    home.mkdir()
    env = stock_debian_env(home)
    result = subprocess.run(["bash", "-c", readme_commands()[0]], cwd=clone, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    index = clone / "site" / "index.html"
    assert index.is_file() and "<html" in index.read_text(encoding="utf-8")
    assert (clone / "site" / "calendar.ics").is_file()

    venv_python = clone / ".venv" / "bin" / "python"
    listed = subprocess.run([str(venv_python), "-m", "pip", "list", "--format=json"], env=env,
                            capture_output=True, text=True, check=True).stdout
    installed = {package["name"].lower() for package in json.loads(listed)}
    assert installed & TEST_TOOLS == set(), "building installed test tools"

    # Afterwards `python3 build.py` (Debian's, without the packages) continues in .venv by itself.
    again = subprocess.run([str(DEBIAN_PYTHON), "build.py", "check"], cwd=clone, env=env, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0 and again.stderr.rstrip().endswith("Keine Fehler gefunden."), again.stderr


@pytest.mark.skipif(not DEBIAN_PYTHON.exists(), reason="needs a Debian/Ubuntu machine with /usr/bin/python3")
def test_without_dependencies_one_german_sentence(tmp_path: Path) -> None:
    shutil.copy2(REPO / "build.py", tmp_path / "build.py")  # no .venv beside it
    result = subprocess.run([str(DEBIAN_PYTHON), "-I", "build.py", "build"], cwd=tmp_path,
                            env=stock_debian_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Es fehlen Pakete" in lines[0]
    assert "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt" in lines[0]


# ---------------------------------------------------------------- the command line speaks German


def all_commands(command: click.Command = _CLI, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            found += all_commands(sub, (*path, name))
    return found


COMMANDS = all_commands()
ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "[OPTIONS]", "COMMAND [ARGS]", "default:",
           "env var:", "[required]")


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=lambda path: " ".join(path) or "build.py")
def test_help_screen_is_german(path: tuple[str, ...]) -> None:
    result = run_cli(*path, "--help")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Aufruf: build.py" + "".join(f" {part}" for part in path))
    assert "Optionen:" in result.stdout
    for english in ENGLISH:
        assert english not in result.stdout, english
    assert run_cli(*path, "-h").stdout == result.stdout


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(path) or "build.py" for path, _ in COMMANDS])
def test_every_option_has_a_help_text(path: tuple[str, ...], command: click.Command) -> None:
    assert command.help or command.short_help, "command without a description"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(path)} {param.opts[0]}: no help text"


def test_usage_errors_are_german() -> None:
    result = run_cli("--bogus")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Fehler: Die Option „--bogus“ gibt es nicht." in result.stderr
    assert "Error" not in result.stderr and "No such option" not in result.stderr
    result = run_cli("bauen")
    assert "Den Befehl „bauen“ gibt es nicht." in result.stderr


def _home_page(site: Path) -> str:
    return (site / "index.html").read_text(encoding="utf-8")


def test_today_is_accepted_before_the_command(tmp_path: Path) -> None:
    """`build.py --today …` (as the README suggests for previews) is the same as `build.py build --today …`."""
    from .projects import new_project

    project = new_project(tmp_path / "project")
    first = subprocess.run([sys.executable, str(REPO / "build.py"), "--today", "2021-12-24"], cwd=project.root,
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = project.root / "before"
    second = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--today", "2021-12-24", "-d",
                             str(before)], cwd=project.root, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert _home_page(project.root / "site") == _home_page(before)
    other = project.root / "other"
    third = subprocess.run([sys.executable, str(REPO / "build.py"), "--today", "2021-09-01", "build", "-d",
                            str(other)], cwd=project.root, capture_output=True, text=True)
    assert third.returncode == 0, third.stderr
    assert _home_page(other) != _home_page(before), "the reference date before the command was ignored"
