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

from series_publisher.inputs import BuildInputs
from series_publisher.output import MorePages, NavSection, PageContents, PageEntry, Prepared, PreparedFiles, whole_run
from series_publisher.site import PAGES_PER_PART, prepare

from .projects import REPO, Project, new_project, session


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path / "project", {
        "auftakt": session(),
        "zweiter-termin": session("Zweiter Termin", start="2021-10-19 14:00",
                                  abstract="Mit *Kolleg*innen* und [Link](https://example.org)."),
    })


def _steps(project: Project, today: date = date(2021, 9, 1)) -> list[object]:
    return whole_run(prepare(project.root / "mkdocs.yml", BuildInputs(today)))


def test_the_run_gives_the_page_list_then_the_page_data_then_the_files(project: Project) -> None:
    steps = _steps(project)
    assert [type(step) for step in steps] == [Prepared, PageContents, PreparedFiles]


def test_the_page_list_given_first_is_exactly_the_pages_built_later(project: Project) -> None:
    outline, contents, _ = _steps(project)
    listed = [entry.src_uri for entry in outline.pages]
    assert [uri for uri in contents.pages if uri in listed] == listed  # besides them: hand-written pages' own data
    for entry in outline.pages:
        built = contents.pages[entry.src_uri]
        assert PageEntry(built.path, built.title, built.template, built.source, built.nav_title,
                         built.markdown) == entry
    assert {"2021/auftakt.md", "2021/zweiter-termin.md", "2021/index.md", "speakers/index.md"} <= set(contents.pages)


def test_the_page_data_comes_in_parts_in_the_order_of_the_list(project: Project) -> None:
    """What every page shows first, then the generated pages a part at a time (rendering starts early),
    the home page's data last (it links the newest programme PDF; MkDocs renders it last)."""
    for number in range(3, 3 + PAGES_PER_PART):
        project.write(f"series/2021/sessions/termin-{number}.md", session(f"Termin {number}", start=f"2021-11-{number:02} 14:00"))
    outline, first, *parts, files = list(prepare(project.root / "mkdocs.yml", BuildInputs(date(2021, 9, 1))))
    assert isinstance(first, PageContents) and first.extra and not first.home and isinstance(files, PreparedFiles)
    assert all(isinstance(part, MorePages) for part in parts) and len(parts) > 1
    assert [part.last for part in parts] == [False] * (len(parts) - 1) + [True]
    assert [part.home is not None for part in parts] == [False] * (len(parts) - 1) + [True]
    assert all(len(part.pages) <= PAGES_PER_PART for part in parts)
    assert [uri for part in parts for uri in part.pages] == [entry.src_uri for entry in outline.pages]


def test_the_year_pages_come_last_as_they_wait_for_their_programme(project: Project) -> None:
    project.write("series/2022/theme.yml", (project.root / "series/2021/theme.yml").read_text(encoding="utf-8"))
    project.write("series/2022/sessions/auftakt.md", session(start="2022-10-05 14:00"))
    outline = _steps(project)[0]
    templates = [entry.template for entry in outline.pages]
    assert templates[-2:] == ["year.html", "year.html"] and templates.count("year.html") == 2
    assert [entry.src_uri for entry in outline.pages[-2:]] == ["2022/index.md", "2021/index.md"]


def test_the_navigation_names_only_listed_pages(project: Project) -> None:
    outline, _, _ = _steps(project)
    listed = {entry.src_uri for entry in outline.pages}
    for section in outline.navigation:
        assert {section.index, *section.children} <= listed


def test_the_navigation_lists_every_generated_page_once_years_then_speakers_then_the_rest(project: Project) -> None:
    outline, _, _ = _steps(project)
    named = [uri for section in outline.navigation for uri in (section.index, *section.children)]
    assert sorted(named) == sorted(entry.src_uri for entry in outline.pages)
    year, speakers = outline.navigation[:2]
    assert year == NavSection("2021/index.md", ("2021/auftakt.md", "2021/zweiter-termin.md"))
    assert speakers.index == "speakers/index.md"
    assert speakers.children and all(child.startswith("speakers/") for child in speakers.children)
    assert all(not section.children for section in outline.navigation[2:])


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


def test_the_theme_listing_skips_the_icons_and_finds_the_same_files() -> None:
    """MkDocs copies the same static theme files; only the dot folders it drops anyway are not walked."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from hooks.templates import list_theme_quickly

    config = load_config(str(REPO / "mkdocs.yml"))
    everything, quick = Files([]), Files([])
    everything.add_files_from_theme(config.theme.get_env(), config)
    list_theme_quickly(config.theme)
    env = config.theme.get_env()
    quick.add_files_from_theme(env, config)
    assert [(f.src_uri, f.abs_src_path) for f in quick] == [(f.src_uri, f.abs_src_path) for f in everything]
    assert len(everything) > 20
    assert env.list_templates(filter_func=lambda name: True) == config.theme.get_env().loader.list_templates()
    assert any(name.startswith(".icons/") for name in env.list_templates(filter_func=lambda name: "/." not in name))
