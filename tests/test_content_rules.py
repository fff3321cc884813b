"""Content rules that only show across files or against the site's own names."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

import pytest
from PIL import Image

from .projects import Project, new_project, pdf, session, set_photo
from .test_cli import in_process
from .test_messages import find


SESSION = "series/2021/sessions/auftakt.md"
THEME = "series/2021/theme.yml"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_photo_that_is_no_image_is_an_error_naming_the_speaker(project, command):
    project.write("content/images/lea.jpg", b"not a jpeg")
    set_photo(project, "images/lea.jpg")
    result = project.run(command)
    assert result.returncode == 1
    assert "series/speakers/prof-dr-lea-hartmann.md:6: Fehler: das Foto lea.jpg ist kein lesbares Bild" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()


def test_a_photo_broken_after_its_header_is_one_error_at_the_photo_line_in_the_build(project):
    whole = io.BytesIO()
    Image.new("RGB", (400, 400), "red").save(whole, "JPEG")
    project.write("content/images/lea.jpg", whole.getvalue()[:len(whole.getvalue()) // 3])  # header intact
    set_photo(project, "images/lea.jpg")
    result = project.run("build")
    assert result.returncode == 1
    assert "series/speakers/prof-dr-lea-hartmann.md:6: Fehler: das Foto lea.jpg ist kein lesbares Bild" in result.stderr
    assert "Abgebrochen: 1 Fehler" in result.stderr  # not again for content/images/lea.jpg
    assert "Traceback" not in result.stderr


@dataclass(frozen=True)
class Rule:
    """One change to the test project that `check` refuses, and the message it gives."""

    id: str
    breaks: Callable[[Project], None]
    path: str
    line: int | None
    """None: the message names the file only"""
    words: tuple[str, ...]


def _session_named(slug: str) -> Callable[[Project], None]:
    return lambda project: (project.root / SESSION).rename(project.root / f"series/2021/sessions/{slug}.md")


def _append(relative: str, text: str) -> Callable[[Project], None]:
    return lambda project: project.write(relative, (project.root / relative).read_text(encoding="utf-8") + text)


RULES = [
    *[Rule(f"reserved-file-name-{slug}", _session_named(slug), f"series/2021/sessions/{slug}.md", None,
           (f"der Dateiname „{slug}.md“ ist für die Seite selbst reserviert",)) for slug in ("index", "calendar")],
    Rule("alias-equal-to-the-current-name", lambda project: project.write(SESSION, session(extra="aliases: [auftakt]")),
         SESSION, 7, ("„auftakt“ ist der jetzige Kurzname, kein früherer",)),
    Rule("time-zone-the-calendar-cannot-describe", _append(THEME, "timezone: Asia/Jerusalem\n"),
         THEME, 8, ("die Zeitzone Asia/Jerusalem lässt sich im Kalender nicht abbilden",)),
]


@pytest.mark.parametrize("case", RULES, ids=[case.id for case in RULES])
def test_a_rule_across_files_is_an_error_at_check(project, case):
    case.breaks(project)
    result = in_process(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    find(result.stderr, case.path, case.line, "Fehler", case.words)


# ---------------------------------------------------------------- the editor's text, exactly as typed


def _page(project, relative: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((project.root / "site" / relative).read_text(encoding="utf-8"), "html.parser")


AS_TYPED = {
    # slug: the title an editor typed unquoted — YAML 1.1 would publish 750, 31, 1.1, False, a date, 1000.0
    "zeit": "12:30",
    "hex": "0x1F",
    "version": "1.10",
    "nein": "no",
    "datum": "2021-10-05",
    "zahl": "1e3",
}


PUBLISHED = {
    **{slug: session(title=title, start=f"2021-10-{10 + index:02d} 14:00")
       for index, (slug, title) in enumerate(AS_TYPED.items())},
    "frueh": session(title="Früh", start="2021-10-05 9:00", end="11:00"),  # a one-digit hour
    "ausfall": session(title="Ausfall", start="2021-10-20 14:00", extra="status: cancelled\nrecording: planned"),
}
"""Every session in summer time (CEST), as the year page's caption test needs."""


@dataclass(frozen=True)
class Published:
    project: Project
    stderr: str


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Published:
    """The sessions of PUBLISHED in one project, built once: what the site makes of the editor's text."""
    project = new_project(tmp_path_factory.mktemp("published") / "p", PUBLISHED)
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return Published(project, result.stderr)


def test_year_page_names_the_zone_not_the_season(published):
    page = _page(published.project, "2021/index.html")
    assert page.select_one("table.sp-programme caption").get_text().endswith("Zeitzone: Mitteleuropäische Zeit.")


def test_unquoted_values_are_published_as_typed(published):
    for slug, title in AS_TYPED.items():
        assert _page(published.project, f"2021/{slug}/index.html").select_one("h1").get_text(strip=True) == title


def test_one_digit_hour_is_the_same_time(published):
    import icalendar

    calendar = icalendar.Calendar.from_ical((published.project.root / "site/2021/frueh.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(__import__("datetime").timezone.utc).strftime("%H:%M") == "07:00"


def test_a_speaker_file_in_windows_1252_gives_one_error_not_follow_ons(project):
    path = project.root / "series/speakers/prof-dr-lea-hartmann.md"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Universität", "Universität").encode("cp1252"))
    result = in_process(project, "check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": Fehler: " in line]
    assert errors == ["series/speakers/prof-dr-lea-hartmann.md:4: Fehler: die Datei ist nicht in UTF-8 kodiert"
                      " — im Editor als „UTF-8“ speichern (nicht Windows-1252/ANSI)"], result.stderr


@pytest.mark.parametrize("fail, code, label", [(False, 0, "Warnung"), (True, 1, "Fehler")])
def test_placeholders_fail_a_publishing_build_when_asked(tmp_path, fail, code, label):
    project = new_project(tmp_path / "p", {"auftakt": session(abstract="Beschreibung folgt.")})
    if fail:
        project.config(extra={"series": {"name": "Testreihe", "fail_on_placeholders": True}})
    for command in ("check", "build"):
        result = project.run(command)
        assert result.returncode == code, result.stderr
        assert (f"series/2021/sessions/auftakt.md:8: {label}: „Beschreibung folgt.“ ist noch Platzhaltertext"
                in result.stderr), result.stderr
    assert (project.root / "site").exists() is not fail


def test_a_cancelled_session_promises_no_recording(published):
    assert "series/2021/sessions/ausfall.md:8: Warnung: recording: planned, aber die Veranstaltung ist abgesagt" in (
        published.stderr)
    text = _page(published.project, "2021/ausfall/index.html").select_one("article").get_text(" ", strip=True)
    assert "abgesagt" in text
    assert "aufgezeichnet" not in text and "Aufzeichnung folgt" not in text


# ---------------------------------------------------------------- check and build agree on links


@dataclass(frozen=True)
class Link:
    id: str
    file: str
    text: str
    line: int
    words: tuple[str, ...]


def _abstract(link: str) -> str:
    return session(abstract=f"Ein Abstract.\n\nDie Folien: {link}.")


BROKEN_LINKS = [
    Link("page-to-missing-page", "content/ueber.md", "# Über uns\n\nSiehe [Impressum](impressum.md).\n", 3,
         ("der Link „impressum.md“ führt ins Leere: content/impressum.md gibt es nicht", "Schreibweise")),
    Link("page-to-missing-image", "content/ueber.md", "# Über uns\n\n![Team](images/team.png)\n", 3,
         ("der Link „images/team.png“ führt ins Leere",)),
    Link("abstract-to-missing-file", "series/2021/sessions/auftakt.md", _abstract("[PDF](../materials/fehlt.pdf)"), 10,
         ("der Link „../materials/fehlt.pdf“ führt ins Leere: content/materials/fehlt.pdf gibt es nicht",)),
    Link("abstract-counted-from-the-address", "series/2021/sessions/auftakt.md", _abstract("[Über](../../index.md)"), 10,
         ("der Link „../../index.md“ zeigt aus content/ hinaus", "meinten Sie „../index.md“?")),
]


@pytest.mark.parametrize("case", BROKEN_LINKS, ids=[case.id for case in BROKEN_LINKS])
def test_a_broken_link_fails_check_and_build_alike(tmp_path, case):
    project = new_project(tmp_path / "p")
    project.write(case.file, case.text)
    for command in ("check", "build"):
        result = project.run(command)
        assert result.returncode == 1, (command, result.stderr)
        line = next((text for text in result.stderr.splitlines()
                     if text.startswith(f"{case.file}:{case.line}: Fehler: ")), "")
        assert all(word in line for word in case.words), (command, result.stderr)
        assert "Traceback" not in result.stderr and "WARNING" not in result.stderr
    assert not (project.root / "site").exists()


def test_links_that_resolve_pass_check_and_build(tmp_path):
    project = new_project(tmp_path / "p", {"auftakt": _abstract("[PDF](../materials/folien.pdf), [Ort](materials/), "
                                                                "[Start](../index.md), [Lea](../speakers/prof-dr-lea-hartmann.md)")})
    project.write("content/materials/folien.pdf", pdf())
    project.write("content/ueber.md", "# Über\n\n[Start](index.md), [Folien](materials/folien.pdf), [2021](2021/index.md)\n")
    result = in_process(project, "check")
    assert result.returncode == 0, result.stderr
    result = project.run("build")
    assert result.returncode == 0, result.stderr


@dataclass(frozen=True)
class Generated:
    """A page the build generates, and a link to it from content/ueber.md as an editor writes it."""

    id: str
    target: str


GENERATED = [
    Generated("accessibility statement", "barrierefreiheit/index.md"),
    Generated("subscribe page", "kalender/index.md"),
    Generated("recordings", "recordings/index.md"),
    Generated("a year", "2021/index.md"),
    Generated("a session", "2021/auftakt.md"),
    Generated("the speakers", "speakers/index.md"),
    Generated("a speaker", "speakers/prof-dr-lea-hartmann.md"),
]


@pytest.mark.parametrize("case", GENERATED, ids=[case.id for case in GENERATED])
def test_a_link_to_a_generated_page_passes_check(tmp_path, case):
    project = new_project(tmp_path / "p")
    project.write("content/ueber.md", f"# Über\n\nSiehe [die Seite]({case.target}).\n")
    result = in_process(project, "check")
    assert result.returncode == 0, result.stderr


def test_links_to_every_generated_page_pass_the_build(tmp_path):
    project = new_project(tmp_path / "p")
    links = ", ".join(f"[{case.id}]({case.target})" for case in GENERATED)
    project.write("content/ueber.md", f"# Über\n\n{links}\n")
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_a_session_in_windows_1252_does_not_make_its_speaker_unused(project):
    path = project.root / "series/2021/sessions/auftakt.md"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Ein Abstract.", "Ein Überblick.").encode("cp1252"))
    result = in_process(project, "check")
    assert result.returncode == 1
    assert "series/2021/sessions/auftakt.md:8: Fehler: die Datei ist nicht in UTF-8 kodiert" in result.stderr
    assert "kommt in keiner Veranstaltung vor" not in result.stderr, result.stderr


@pytest.mark.parametrize("today, warned", [("2021-10-04", True), ("2021-10-05", False)])
def test_a_recording_before_the_session_took_place_is_a_warning(tmp_path, today, warned):
    project = new_project(tmp_path / "p", {"auftakt": session(extra="recording:\n  url: https://youtu.be/abc")})
    for command in ("check", "build"):
        result = project.run(command, today=today)
        assert result.returncode == 0, result.stderr
        message = ("series/2021/sessions/auftakt.md:7: Warnung: recording: eine Aufzeichnung für eine Veranstaltung, "
                   "die erst am 2021-10-05 stattfindet")
        assert (message in result.stderr) is warned, (command, result.stderr)
