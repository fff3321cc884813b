"""`python3 build.py new year|session|speaker`: valid files, stable ids, transliterated slugs, no overwriting."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from series_publisher import scaffold
from series_publisher.scaffold import yaml_scalar
from series_publisher.sources import parse_yaml
from series_publisher.problems import Problems

from .projects import REPO, Project, new_project
from .test_cli import in_process


@pytest.fixture
def empty(tmp_path: Path) -> Project:
    """A project with a speaker and no year yet, and the committed schemas (for the modeline)."""
    project = new_project(tmp_path / "p", sessions={})
    shutil.rmtree(project.root / "series/2021")
    shutil.copytree(REPO / "schema", project.root / "schema")
    return project


def checked(project: Project) -> str:
    result = in_process(project, "check")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_year_session_speaker_each_pass_check(empty: Project) -> None:
    year = in_process(empty, "new", "year", "2022", "Öffentlicher Raum")
    assert year.returncode == 0, year.stderr
    assert "Angelegt: series/2022/theme.yml" in year.stdout
    checked(empty)

    speaker = in_process(empty, "new", "speaker", "Dr. Vorname Name")
    assert speaker.returncode == 0, speaker.stderr
    assert "Angelegt: series/speakers/dr-vorname-name.md" in speaker.stdout
    checked(empty)

    session = in_process(empty, "new", "session", "2022", "Öffentlicher Raum", "--start", "2022-10-04 14:00",
                        "--speaker", "dr-vorname-name")
    assert session.returncode == 0, session.stderr
    assert "Angelegt: series/2022/sessions/oeffentlicher-raum.md" in session.stdout
    report = checked(empty)
    assert "Fehler: " not in report

    text = (empty.root / "series/2022/sessions/oeffentlicher-raum.md").read_text(encoding="utf-8")
    assert "\nid: 2022-oeffentlicher-raum\n" in text
    assert "\nstart: 2022-10-04 14:00\nend: 16:30\n" in text  # default length 2:30
    assert "\nspeakers:\n  - dr-vorname-name\n" in text

    # …and the whole thing builds.
    built = empty.run("build")
    assert built.returncode == 0, built.stderr
    assert (empty.root / "site/2022/oeffentlicher-raum/index.html").is_file()


def test_session_without_speakers_passes_check_with_a_warning(empty: Project) -> None:
    assert in_process(empty, "new", "year", "2022", "Thema").returncode == 0
    result = in_process(empty, "new", "session", "2022", "Titel", "--start", "2022-10-04 14:00")
    assert result.returncode == 0, result.stderr
    report = checked(empty)
    assert "series/2022/sessions/titel.md:" in report and "keine Referierenden" in report


def test_scaffolds_carry_the_schema_modeline(empty: Project) -> None:
    in_process(empty, "new", "year", "2022", "Thema")
    in_process(empty, "new", "session", "2022", "Titel", "--start", "2022-10-04 14:00")
    in_process(empty, "new", "speaker", "Dr. Vorname Name")
    for relative, schema in [("series/2022/theme.yml", "theme"),
                             ("series/2022/sessions/titel.md", "session"),
                             ("series/speakers/dr-vorname-name.md", "speaker")]:
        path = empty.root / relative
        line = next(line for line in path.read_text(encoding="utf-8").splitlines() if "yaml-language-server" in line)
        target = line.split("$schema=", 1)[1]
        assert (path.parent / target).resolve() == (empty.root / "schema" / f"{schema}.schema.json").resolve()
    assert "$schema=../../../schema/session.schema.json" in (empty.root / "series/2022/sessions/titel.md").read_text()
    assert "$schema=../../schema/theme.schema.json" in (empty.root / "series/2022/theme.yml").read_text()


@pytest.mark.parametrize("command, relative", [
    (("new", "year", "2021", "Noch ein Thema"), "series/2021/theme.yml"),
    (("new", "session", "2021", "Auftakt", "--start", "2021-10-12 14:00"), "series/2021/sessions/auftakt.md"),
    (("new", "speaker", "Prof. Dr. Lea Hartmann"), "series/speakers/prof-dr-lea-hartmann.md"),
])
def test_refuses_to_overwrite(tmp_path: Path, command: tuple[str, ...], relative: str) -> None:
    project = new_project(tmp_path / "p")
    before = (project.root / relative).read_bytes()
    result = in_process(project, *command)
    assert result.returncode == 1
    assert f"{relative} gibt es schon" in result.stderr and "nichts wurde überschrieben" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project.root / relative).read_bytes() == before


def test_umlauts_are_transliterated(empty: Project) -> None:
    in_process(empty, "new", "year", "2022", "Thema")
    result = in_process(empty, "new", "session", "2022", "Größe & Übergänge: Straßen für alle", "--start", "2022-10-04 14:00")
    assert "series/2022/sessions/groesse-uebergaenge-strassen-fuer-alle.md" in result.stdout
    text = (empty.root / "series/2022/sessions/groesse-uebergaenge-strassen-fuer-alle.md").read_text(encoding="utf-8")
    assert 'title: "Größe & Übergänge: Straßen für alle"' in text  # quoted because of the colon, as EDITING.md teaches
    checked(empty)


def test_explicit_end_and_end_after_midnight(empty: Project) -> None:
    in_process(empty, "new", "year", "2022", "Thema")
    assert in_process(empty, "new", "session", "2022", "Kurz", "--start", "2022-10-04 14:00", "--end", "15:15").returncode == 0
    assert "\nend: 15:15\n" in (empty.root / "series/2022/sessions/kurz.md").read_text()
    assert in_process(empty, "new", "session", "2022", "Spät", "--start", "2022-10-05 23:00").returncode == 0
    assert "\nend: 2022-10-06 01:30\n" in (empty.root / "series/2022/sessions/spaet.md").read_text()
    checked(empty)


def test_id_stays_unique_after_a_rename(empty: Project) -> None:
    """A session renamed from `auftakt` pinned `id: 2022-auftakt`; a new „Auftakt“ must not take that UID."""
    in_process(empty, "new", "year", "2022", "Thema")
    empty.write("series/2022/sessions/eroeffnung.md",
                "---\nid: 2022-auftakt\ntitle: Eröffnung\nstart: 2022-10-04 14:00\nend: 16:30\nspeakers: []\n---\nText.\n")
    result = in_process(empty, "new", "session", "2022", "Auftakt", "--start", "2022-10-11 14:00")
    assert result.returncode == 0, result.stderr
    assert "\nid: 2022-auftakt-2\n" in (empty.root / "series/2022/sessions/auftakt.md").read_text()
    checked(empty)


def test_alias_slug_is_refused(empty: Project) -> None:
    in_process(empty, "new", "year", "2022", "Thema")
    empty.write("series/2022/sessions/eroeffnung.md",
                "---\ntitle: Eröffnung\nstart: 2022-10-04 14:00\nend: 16:30\naliases: [auftakt]\n---\nText.\n")
    result = in_process(empty, "new", "session", "2022", "Auftakt", "--start", "2022-10-11 14:00")
    assert result.returncode == 1
    assert "früherer Name von series/2022/sessions/eroeffnung.md" in result.stderr


@pytest.mark.parametrize("args, words", [
    (("new", "session", "2023", "Titel", "--start", "2023-10-04 14:00"), ("kein Jahresthema", "new year 2023")),
    (("new", "session", "2021", "Titel", "--start", "2021-10-04"), ("Datum ohne Uhrzeit", "JJJJ-MM-TT HH:MM")),
    (("new", "session", "2021", "Titel", "--start", "4.10.2021 14:00"), ("kein Zeitpunkt",)),
    (("new", "session", "2021", "Titel", "--start", "2021-10-04 14:00", "--end", "13:00"), ("nicht nach",)),
    (("new", "session", "2021", "Titel", "--start", "2021-10-04 14:00", "--speaker", "prof-dr-lea-hartman"),
     ("unbekannte Referent·in", "meinten Sie „prof-dr-lea-hartmann“?")),
    (("new", "session", "2021", "Titel", "--start", "2021-10-04 14:00", "--speaker", "Prof. Dr. Lea Hartmann"),
     ("unbekannte Referent·in „Prof. Dr. Lea Hartmann“", "Kurznamen: meinten Sie „prof-dr-lea-hartmann“?")),
    (("new", "year", "22", "Thema"), ("keine Jahreszahl",)),
    (("new", "speaker", "!!!"), ("kein Kurzname", "--slug")),
    (("new", "speaker", "Max Muster", "--slug", "Max Muster"), ("kein gültiger Kurzname", "max-muster")),
])
def test_bad_arguments_are_messages(tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]) -> None:
    project = new_project(tmp_path / "p")
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*"))
    result = in_process(project, *args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert all(word in result.stderr for word in words), result.stderr
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*")) == before


@dataclass(frozen=True)
class Refused:
    """Arguments whose file `check` would refuse: `new` must refuse them before writing anything."""

    id: str
    args: tuple[str, ...]
    words: tuple[str, ...]
    """In the message: what is wrong, as `check` would say it."""


LONG = "a" * 101
REFUSED = [
    Refused("session slug of 101 characters",
            ("new", "session", "2021", "Titel", "--start", "2021-10-04 14:00", "--slug", LONG), ("zu lang", "101")),
    Refused("session slug the site uses itself",
            ("new", "session", "2021", "Calendar", "--start", "2021-10-04 14:00"), ("reserviert", "calendar.md")),
    Refused("end two days after the start",
            ("new", "session", "2021", "Titel", "--start", "2021-10-04 14:00", "--end", "2021-10-06 16:30"),
            ("länger als 24 Stunden",)),
    Refused("end in the spring gap of Europe/Berlin",
            ("new", "session", "2022", "Titel", "--start", "2022-03-27 01:00", "--end", "02:30"),
            ("„2022-03-27 02:30“ gibt es in Europe/Berlin nicht",)),
    Refused("default end in the autumn fold",
            ("new", "session", "2022", "Titel", "--start", "2022-10-30 00:00"),
            ("„2022-10-30 02:30“ gibt es in Europe/Berlin zweimal",)),
    Refused("session title with a control character",
            ("new", "session", "2021", "Tit\x0bel", "--start", "2021-10-04 14:00"), ("Steuerzeichen", "U+000B")),
    Refused("speaker slug of 101 characters", ("new", "speaker", "Max Muster", "--slug", LONG), ("zu lang",)),
    Refused("speaker slug the site uses itself", ("new", "speaker", "Index"), ("reserviert", "index.md")),
    Refused("year with an empty subtitle", ("new", "year", "2023", "Thema", "--subtitle", " "),
            ("subtitle", "darf nicht leer sein")),
    Refused("year title with a control character", ("new", "year", "2023", "Thema\x01"), ("Steuerzeichen", "U+0001")),
]


def _project_with_2022(tmp_path: Path) -> Project:
    project = new_project(tmp_path / "p")
    project.write("series/2022/theme.yml", "title: Zweites Jahr\nsummary: Text.\n")
    return project


def _files(project: Project) -> list[Path]:
    return sorted(path.relative_to(project.root) for path in project.root.rglob("*"))


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case.id)
def test_new_refuses_before_writing_what_check_refuses(tmp_path: Path, case: Refused) -> None:
    project = _project_with_2022(tmp_path)
    before = _files(project)
    result = in_process(project, *case.args)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert all(word in result.stderr for word in case.words), result.stderr
    assert _files(project) == before


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case.id)
def test_check_refuses_what_new_refuses(tmp_path: Path, case: Refused, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written anyway (the guard switched off), the same file fails `check` with the same words."""
    monkeypatch.setattr(scaffold, "_checked", lambda made, *args: made)
    project = _project_with_2022(tmp_path)
    assert in_process(project, *case.args).returncode == 0
    result = in_process(project, "check")
    assert result.returncode == 1
    assert all(word in result.stderr for word in case.words), result.stderr


@pytest.mark.parametrize("value", ["Teil 1: Einführung", "\"Öffentlich\" & <frei>", "# Hashtag", "2022", "yes",
                                   "- Strich", "Ende: 16:30", "a 'b' c", "null", "@home"])
def test_yaml_scalar_reads_back_as_written(value: str) -> None:
    document = parse_yaml(f"title: {yaml_scalar(value)}\n", "x.yml", Problems())
    assert document is not None and document.data["title"] == value


# ---------------------------------------------------------------- a first season, as an editor plans it


FILLED_IN = {
    # the placeholder a template leaves → what the editor writes instead, as the template's comments ask
    "Beschreibung des Jahresthemas folgt.": "Wie Kommunen Teilhabe vor Ort gestalten.",
    "Beschreibung folgt.": "Ein Nachmittag über Beteiligung in der Kommune.",
    "Kurzbiografie folgt.": "Berät Kommunen seit zehn Jahren.",
    "Funktion folgt": "Integrationsbeauftragte",
    "Organisation folgt": "Stadt Lindenfeld",
    "https://…": "https://www.example.org/",
}


def _uncomment_offered_lines(path: Path) -> None:
    """Remove just the `#` from every line the template offers (`#key: …`); notes (`# …`) stay."""
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(line[1:] if line.startswith("#") and line[1:2] not in ("", " ") else line
                              for line in lines), encoding="utf-8")


def test_a_first_season_as_an_editor_plans_it(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", sessions={})
    shutil.rmtree(project.root / "series/2021")
    project.config(extra={"series": {"name": "Testreihe", "example_data": True}})
    config_before = (project.root / "mkdocs.yml").read_text(encoding="utf-8")

    made = [in_process(project, "new", "year", "2027", "Teilhabe vor Ort")]
    people = {"Dr. Murat Yılmaz": "dr-murat-yilmaz", "Søren Łukasz Đorđević": "soren-lukasz-dordevic"}
    for name, slug in people.items():
        made.append(in_process(project, "new", "speaker", name))
        (project.root / "content/images/speakers").mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "content/images/speakers/jana-wiesner.jpg", project.root / f"content/images/speakers/{slug}.jpg")
    for day, (title, slug) in enumerate([("Auftakt", "dr-murat-yilmaz"), ("Wohnen", "soren-lukasz-dordevic"),
                                         ("Arbeit", "dr-murat-yilmaz")]):
        made.append(in_process(project, "new", "session", "2027", title, "--start", f"2027-10-{5 + 7 * day:02d} 9:00",
                               "--end", "11:30", "--speaker", slug))
    assert all(result.returncode == 0 for result in made), [result.stderr for result in made]
    files = [line.split("Angelegt: ", 1)[1] for result in made for line in result.stdout.splitlines() if "Angelegt: " in line]
    assert sorted(files) == ["series/2027/sessions/arbeit.md", "series/2027/sessions/auftakt.md",
                             "series/2027/sessions/wohnen.md", "series/2027/theme.yml",
                             "series/speakers/dr-murat-yilmaz.md", "series/speakers/soren-lukasz-dordevic.md"]
    # Real content: the stamp „Beispielinhalte“ is switched off, and nothing else in mkdocs.yml changed.
    config_after = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert config_after == config_before.replace("example_data: true", "example_data: false")

    for relative in files:
        _uncomment_offered_lines(project.root / relative)
    report = checked(project)
    assert " Fehler: " not in report
    placeholders = [line for line in report.splitlines() if "Platzhaltertext aus der Vorlage" in line]
    for line in placeholders:  # each names the file and the line where the placeholder stands
        where, typed = line.split(": ", 1)[0], line.split("„", 1)[1].split("“", 1)[0]
        relative, number = where.rsplit(":", 1)
        assert typed in (project.root / relative).read_text(encoding="utf-8").split("\n")[int(number) - 1]
    assert {line.split("„", 1)[1].split("“", 1)[0] for line in placeholders} == set(FILLED_IN)

    for relative in files:
        path = project.root / relative
        text = path.read_text(encoding="utf-8")
        for placeholder, real in FILLED_IN.items():
            text = text.replace(placeholder, real)
        path.write_text(text, encoding="utf-8")
    report = checked(project)
    assert " Fehler: " not in report and "Platzhaltertext" not in report

    built = project.run("build")
    assert built.returncode == 0, built.stderr
    from bs4 import BeautifulSoup

    for page in ["2027/index.html", "2027/auftakt/index.html", "speakers/dr-murat-yilmaz/index.html"]:
        soup = BeautifulSoup((project.root / "site" / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one(".sp-example") is None, page
        assert "erfunden" not in soup.get_text()
    session_page = BeautifulSoup((project.root / "site/2027/auftakt/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "09:00" in session_page.get_text()


def test_new_year_for_examples_keeps_the_stamp(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", sessions={})
    project.config(extra={"series": {"name": "Testreihe", "example_data": True}})
    before = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    result = in_process(project, "new", "year", "2027", "Zum Ausprobieren", "--beispiel")
    assert result.returncode == 0, result.stderr
    assert (project.root / "mkdocs.yml").read_text(encoding="utf-8") == before
    assert "Beispielinhalte" in result.stdout


def test_switching_off_the_stamp_keeps_every_other_byte_of_mkdocs_yml(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", sessions={})
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  series:\n", "  series:\n    example_data: true   # erfunden\n")
    config.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = in_process(project, "new", "year", "2027", "Thema", "--echt")
    assert result.returncode == 0, result.stderr
    assert config.read_bytes() == text.replace("example_data: true", "example_data: false").replace("\n", "\r\n").encode()
    assert "example_data auf false gesetzt" in result.stdout
