"""The core's run in three steps, and what the build keeps between builds.

A site generator lists the pages (first step) while the core still computes
what they show (second step) and the calendars (third). The list given
early must be exactly the pages built later. Compiled templates are kept
between builds (Jinja's bytecode cache, in the user's temporary folder):
a build with them must give the same bytes as a build without.
"""

from __future__ import annotations

import filecmp
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from series_publisher.output import PageContents, PageEntry, Prepared, PreparedFiles
from series_publisher.inputs import BuildInputs
from series_publisher.site import prepare

from .projects import REPO, Project, new_project, session


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path / "project", {
        "auftakt": session(),
        "zweiter-termin": session("Zweiter Termin", start="2021-10-19 14:00",
                                  abstract="Mit *Kolleg*innen* und [Link](https://example.org)."),
    })


def _steps(project: Project, today: date = date(2021, 9, 1)) -> list[object]:
    return list(prepare(project.root / "mkdocs.yml", BuildInputs(today)))


def test_the_run_gives_the_page_list_then_the_page_data_then_the_files(project: Project) -> None:
    steps = _steps(project)
    assert [type(step) for step in steps] == [Prepared, PageContents, PreparedFiles]


def test_the_page_list_given_first_is_exactly_the_pages_built_later(project: Project) -> None:
    outline, contents, _ = _steps(project)
    assert [entry.src_uri for entry in outline.pages] == list(contents.pages)
    for entry in outline.pages:
        built = contents.pages[entry.src_uri]
        assert PageEntry(built.path, built.title, built.template, built.source, built.nav_title,
                         built.markdown) == entry
    assert {"2021/auftakt.md", "2021/zweiter-termin.md", "2021/index.md", "speakers/index.md"} <= set(contents.pages)


def test_the_navigation_names_only_listed_pages(project: Project) -> None:
    outline, _, _ = _steps(project)
    listed = {entry.src_uri for entry in outline.pages}
    for section in outline.navigation:
        assert {section.index, *section.children} <= listed


def test_with_errors_the_run_stops_after_the_page_list(project: Project) -> None:
    project.write("series/2021/sessions/kaputt.md", session(start="2021-13-05 14:00"))
    steps = _steps(project)
    assert len(steps) == 1 and steps[0].has_errors and not steps[0].pages


def _build(project: Project, site: str, tmp: Path) -> Path:
    tmp.mkdir(exist_ok=True)
    result = project.run("build", "-d", site, env={"TMPDIR": str(tmp)})
    assert result.returncode == 0, result.stderr
    return project.root / site


def _same_tree(left: Path, right: Path) -> None:
    compared = filecmp.dircmp(left, right)
    stack = [compared]
    while stack:
        current = stack.pop()
        assert not current.left_only and not current.right_only, (current.left_only, current.right_only)
        _, mismatch, errors = filecmp.cmpfiles(current.left, current.right, current.common_files, shallow=False)
        assert not mismatch and not errors, mismatch + errors
        stack.extend(current.subdirs.values())


def test_compiled_templates_from_an_earlier_build_change_no_byte(project: Project, tmp_path: Path) -> None:
    cold = _build(project, "site-cold", tmp_path / "tmp")
    caches = list((tmp_path / "tmp").glob("series-publisher-templates-*"))
    assert caches and any(caches[0].iterdir()), "the first build keeps its compiled templates"
    warm = _build(project, "site-warm", tmp_path / "tmp")
    _same_tree(cold, warm)


def test_compiled_templates_stay_out_of_the_project(project: Project, tmp_path: Path) -> None:
    _build(project, "site", tmp_path / "tmp")
    for root in (project.root, REPO / "overrides", REPO / "hooks"):
        assert not [path for path in root.rglob("*") if "templates-" in path.name or path.suffix == ".cache"]


@dataclass(frozen=True)
class Planted:
    id: str
    plant: Callable[[Path, Path], None]
    """Makes the cache's usual place (first argument) hostile; the second is a folder of the build user."""


PLANTED = [
    Planted("link-to-our-folder", lambda place, victim: place.symlink_to(victim)),
    Planted("a-file", lambda place, victim: place.write_bytes(b"")),
    Planted("folder-open-to-all", lambda place, victim: (place.mkdir(), place.chmod(0o777))),
]


@pytest.mark.parametrize("case", PLANTED, ids=lambda case: case.id)
def test_a_planted_cache_folder_is_never_used_nor_changed(tmp_path: Path, case: Planted) -> None:
    """Another local user prepared the cache's place: the build takes a fresh folder and changes nothing."""
    from hooks.templates import cache_folder

    victim = tmp_path / "victim"
    victim.mkdir(mode=0o755)
    victim.chmod(0o755)
    place = tmp_path / f"series-publisher-templates-{os.getuid()}"
    case.plant(place, victim)
    before = os.lstat(place)
    folder = Path(cache_folder(str(tmp_path)))
    assert folder != place and folder.resolve() != victim.resolve()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(victim.stat().st_mode) == 0o755
    assert os.lstat(place).st_mode == before.st_mode


def test_waiting_time_compiles_the_templates_a_page_will_need() -> None:
    """From the template MkDocs renders first, along its includes; only while the core is not ready."""
    import jinja2

    from hooks.templates import compile_while

    env = jinja2.Environment(loader=jinja2.DictLoader({
        "main.html": '{% extends "base.html" %}',
        "base.html": '{% include "partials/header.html" %}{% include ".icons/logo.svg" %}',
        "partials/header.html": "<header></header>",
        "unused.html": "",
    }))
    assert compile_while(lambda: True, [(env, ["main.html"])]) == ["main.html", "base.html", "partials/header.html"]
    answers = iter([True, False])
    assert compile_while(lambda: next(answers), [(env, ["main.html"])]) == ["main.html"]
