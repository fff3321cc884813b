"""Content rules that only show across files or against the site's own names."""

from __future__ import annotations

import pytest

from .projects import new_project, session


def _set_photo(project, relative: str) -> None:
    path = project.root / "series/speakers/prof-dr-lea-hartmann.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sector: academia", f"sector: academia\nphoto: {relative}"), encoding="utf-8")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_photo_that_is_no_image_is_an_error_naming_the_speaker(project, command):
    project.write("content/images/lea.jpg", b"not a jpeg")
    _set_photo(project, "images/lea.jpg")
    result = project.run(command)
    assert result.returncode == 1
    assert "series/speakers/prof-dr-lea-hartmann.md:6: Fehler: das Foto lea.jpg ist kein lesbares Bild" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()


@pytest.mark.parametrize("slug", ["index", "calendar"])
def test_session_file_names_the_site_uses_itself_are_errors(tmp_path, slug):
    project = new_project(tmp_path / "p", sessions={slug: session()})
    result = project.run("check")
    assert result.returncode == 1
    assert f"series/2021/sessions/{slug}.md: Fehler: der Dateiname „{slug}.md“ ist für die Seite selbst reserviert" in result.stderr


def test_an_alias_equal_to_the_current_name_is_an_error(tmp_path):
    project = new_project(tmp_path / "p", sessions={"auftakt": session(extra="aliases: [auftakt]")})
    result = project.run("check")
    assert result.returncode == 1
    assert "auftakt.md:7: Fehler: „auftakt“ ist der jetzige Kurzname, kein früherer" in result.stderr


def test_a_time_zone_the_calendar_cannot_describe_is_an_error_at_check(project):
    theme = (project.root / "series/2021/theme.yml").read_text(encoding="utf-8")
    project.write("series/2021/theme.yml", theme + "timezone: Asia/Jerusalem\n")
    result = project.run("check")
    assert result.returncode == 1
    assert "series/2021/theme.yml:8: Fehler: die Zeitzone Asia/Jerusalem lässt sich im Kalender nicht abbilden" in result.stderr
    assert "Traceback" not in result.stderr


def test_year_page_names_the_zone_not_the_season(project):
    from bs4 import BeautifulSoup

    result = project.run("build")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((project.root / "site/2021/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("table.sp-programme caption").get_text().endswith("Zeitzone: Mitteleuropäische Zeit.")
