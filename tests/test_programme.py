"""The programme PDF of every year (issue 26): what it says, that it is accessible, that it is stable.

A small project with the cases an editor meets (a cancelled session, a moved
one, a booked-out one, a session with its own registration, names in
Cyrillic and with „ẞ“, titles that look like Typst code) is built once, as
an editor builds it. The PDF is then judged by real readers: pikepdf (its
structure and metadata), `pdfua` (a subset of the PDF/UA-1 rules), Debian's
pdftotext (what a reader can copy), pdftoppm + zbarimg (the QR code, as a
phone would read it from paper). The site's pages are read with BeautifulSoup.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from series_publisher import programme, site as core
from series_publisher.problems import Problems

from .projects import MKDOCS_YML, Project, new_project, session

REGISTRATION = "https://www.example.org/anmeldung"
"""The series' registration address (tests/projects.py:THEME)."""
EPOCH_DATE = "D:20210930"
"""SOURCE_DATE_EPOCH of every test build (1633000000): the project is no git repository."""

SECOND_SPEAKER = """\
---
name: Олена Коваленко
organisation: GROẞE Kreisstadt Auenbach
sector: administration
---
Olena Kovalenko leitet das Integrationsbüro.
"""


@dataclass(frozen=True)
class Row:
    """One session of the test year, as it is written and as the PDF must show it."""

    id: str
    title: str
    start: str
    extra: str
    date: str
    """The date the PDF shows (weekday on the line above)."""
    weekday: str
    time: str
    zone: str
    status: str
    """The status column's words."""


ROWS = [
    Row("confirmed", "Auftakt im Rathaus", "2021-10-05 14:00", "", "05.10.2021", "Dienstag",
        "14:00–16:30 Uhr", "MESZ", "bestätigt"),
    Row("cancelled", "Fällt leider aus", "2021-10-12 14:00", "status: cancelled", "12.10.2021", "Dienstag",
        "14:00–16:30 Uhr", "MESZ", "abgesagt"),
    Row("moved", "Verschobene Runde", "2021-10-21 10:00",
        "rescheduled_from: [2021-10-14 14:00]\nend: 11:30", "21.10.2021", "Donnerstag", "10:00–11:30 Uhr",
        "MESZ", "verschoben vom 14.10.2021, 14:00"),
    Row("tentative", "Noch offen", "2021-11-02 14:00", "status: tentative", "02.11.2021", "Dienstag",
        "14:00–16:30 Uhr", "MEZ", "vorläufig"),
]


@dataclass(frozen=True)
class Hostile:
    """A title that is Typst code or markup: the PDF prints it as typed and nothing runs."""

    id: str
    title: str


HOSTILE = [
    Hostile("import", '#import "/etc/passwd": *'),
    Hostile("math", "$x^2$ und #sys.inputs"),
    Hostile("bracket", '] #panic("boom") ['),
    Hostile("backslash", "Pfad C:\\Temp\\neu \\ Ende"),
    Hostile("heading", "= Keine Überschrift"),
    Hostile("label", "@ref und <label>"),
    Hostile("comment", "// kein /* Kommentar */"),
    Hostile("emphasis", "*fett* _kursiv_ `roh`"),
]


def _project(root: Path) -> Project:
    files = {}
    for row in ROWS:
        extra = row.extra
        end = "16:30"
        if "end:" in extra:
            extra, end = extra.split("\nend: ")
        files[row.id] = session(json.dumps(row.title, ensure_ascii=False), row.start, end, extra=extra)
    for number, case in enumerate(HOSTILE):
        files[f"code-{case.id}"] = session(json.dumps(case.title, ensure_ascii=False), f"2021-11-{10 + number} 14:00")
    files["eigene-anmeldung"] = session(
        "Mit eigener Anmeldung", "2021-11-30 14:00", speakers=("prof-dr-lea-hartmann", "olena-kovalenko"),
        extra="registration: https://www.example.org/eigene\nbooked_out: true")
    project = new_project(root, files)
    project.write("series/speakers/olena-kovalenko.md", SECOND_SPEAKER)
    return project


@dataclass
class Built:
    project: Project
    pdf: Path
    text: str
    """pdftotext's text, whitespace collapsed (table cells wrap at spaces)."""
    layout: str
    """pdftotext -layout: each table row's first line holds its date, time, title and status."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = _project(tmp_path_factory.mktemp("programme") / "project")
    result = project.run("build", env={"TMPDIR": str(tmp_path_factory.mktemp("no-pdf-kept"))})
    assert result.returncode == 0, result.stderr
    pdf = project.root / "site" / "2021" / "programm.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return Built(project, pdf, " ".join(text.split()), layout)


# ------------------------------------------------------------------ what it says


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_every_session_with_weekday_date_time_zone_title_and_status(built: Built, row: Row) -> None:
    lines = built.layout.splitlines()
    (index,) = [number for number, line in enumerate(lines) if row.title in line]
    first, second = lines[index], lines[index + 1]
    assert row.weekday in first and row.time in first and row.status.split()[0] in first
    assert row.date in second and re.search(rf"\b{row.zone}\b", second)
    assert row.status in built.text


def test_cancelled_says_abgesagt_once(built: Built) -> None:
    assert built.text.count("abgesagt") == 1


def test_speakers_with_their_organisation(built: Built) -> None:
    assert "Prof. Dr. Lea Hartmann (Universität Altmühltal)" in built.text
    # Cyrillic and „ẞ“ are not in Atkinson Hyperlegible: DejaVu Sans, shipped too, shows them.
    assert "Олена Коваленко (GROẞE Kreisstadt Auenbach)" in built.text


def test_booked_out_and_own_registration(built: Built) -> None:
    assert "ausgebucht" in built.text
    assert "Anmeldung: https://www.example.org/eigene" in built.text


def test_theme_registration_site_organiser_and_calendar(built: Built) -> None:
    for words in ("Testreihe", "Programm 2021: Öffentlicher Raum", "Ein Jahr über Räume.",
                  "Eine Anmeldung gilt für alle Veranstaltungen der Reihe.", "Anmeldung bis Donnerstag, 30. September 2021",
                  REGISTRATION, "https://reihe.example.org/", "Testverein e.V.", "reihe@example.org",
                  "webcal://reihe.example.org/2021/calendar.ics", "Zeitzone: Mitteleuropäische Zeit."):
        assert words in built.text, words


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.id)
def test_title_that_looks_like_typst_is_printed_as_typed(built: Built, case: Hostile) -> None:
    assert case.title in built.text


def test_a4_and_at_most_two_pages(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        assert 1 <= len(pdf.pages) <= 2
        for page in pdf.pages:
            assert [round(float(v)) for v in page.MediaBox] == [0, 0, 595, 842]


def test_qr_code_reads_as_the_registration_address(built: Built, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(built.pdf), str(tmp_path / "page")], check=True)
    found = set()
    for image in sorted(tmp_path.glob("page*.png")):
        result = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
        found.update(result.stdout.split())
    assert found == {REGISTRATION}


# ------------------------------------------------------------------ accessible


def test_tagged_pdf_ua_with_title_and_language(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "de"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Testreihe – Programm 2021: Öffentlicher Raum"
        assert meta["pdfuaid:part"] == "1"


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        todo.extend(kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/Obj" not in kid)
    return found


def test_headings_table_with_header_cells_and_qr_alt_text(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        kinds = [str(node.S) for node in _elements(pdf)]
        assert kinds.count("/H1") == 1 and kinds.count("/H2") == 3
        assert kinds.count("/Table") == 1
        headers = [node for node in _elements(pdf) if node.S == "/TH"]
        assert len(headers) == 5
        assert all(any(attr.get("/Scope") == "/Column" for attr in node.A) for node in headers)
        (figure,) = [node for node in _elements(pdf) if node.S == "/Figure"]
        assert str(figure.Alt) == f"QR-Code der Anmeldung: {REGISTRATION}"


def test_every_link_annotation_has_text(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        assert links
        assert all(str(link.get("/Contents", "")).strip() for link in links)


def test_pdfua_checker_finds_nothing(built: Built) -> None:
    from pdfua import validate

    report = validate(str(built.pdf))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert report.exit_code == 0


def test_only_the_shipped_fonts(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        names = {str(font.BaseFont).split("+")[-1] for page in pdf.pages
                 for font in page.Resources.get("/Font", {}).values()}
    assert names == {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold", "DejaVuSans"}


def test_an_emoji_in_a_title_is_printed(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", {"auftakt": session('"Feiern 🎉 und 🙂"')})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(project.root / "site" / "2021" / "programm.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Feiern 🎉 und 🙂" in text


def test_character_no_font_has_stops_the_build_naming_file_and_line(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", {"auftakt": session('"Feiern 会议"')})
    result = project.run("build")
    assert result.returncode != 0
    assert ("series/2021/sessions/auftakt.md:2: Fehler: das Programm-PDF 2021 kann nicht barrierefrei (PDF/UA) "
            "erzeugt werden: keine Schrift des PDFs enthält das Zeichen „会“ (U+4F1A)") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()


# ------------------------------------------------------------------ the same bytes, linked with its size


def test_dated_by_the_source_not_the_clock(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith(EPOCH_DATE)


def test_two_builds_and_plain_mkdocs_give_the_same_bytes(built: Built, tmp_path: Path) -> None:
    first = built.pdf.read_bytes()
    again = _project(tmp_path / "again")
    (tmp_path / "fresh").mkdir()
    assert again.run("build", env={"TMPDIR": str(tmp_path / "fresh")}).returncode == 0  # compiled anew
    assert (again.root / "site" / "2021" / "programm.pdf").read_bytes() == first
    plain = again.mkdocs("build", "--site-dir", str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "plain" / "2021" / "programm.pdf").read_bytes() == first


@pytest.mark.parametrize("page, href", [("2021/index.html", "programm.pdf"), ("index.html", "2021/programm.pdf")],
                         ids=["year", "home"])
def test_page_links_the_pdf_with_format_and_size(built: Built, page: str, href: str) -> None:
    soup = BeautifulSoup((built.project.root / "site" / page).read_text(encoding="utf-8"), "lxml")
    (anchor,) = soup.select(f'a[href="{href}"]')
    assert anchor.get_text() == "Programm 2021 als PDF"
    assert anchor["type"] == "application/pdf"
    size = built.pdf.stat().st_size
    assert anchor.parent.get_text() == f"Programm 2021 als PDF (PDF, {round(size / 1024)} KB)"


def test_english_build(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", {
        "auftakt": session(), "called-off": session("Called off", "2021-10-12 14:00", extra="status: cancelled"),
    })
    project.config(theme=MKDOCS_YML["theme"] | {"language": "en"}, plugins=[{"search": {"lang": "en"}}])
    assert project.run("build").returncode == 0
    pdf_path = project.root / "site" / "2021" / "programme.pdf"
    text = " ".join(subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Programme 2021: Öffentlicher Raum" in text and "cancelled" in text and "Oct 12, 2021" in text
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "en"
    soup = BeautifulSoup((project.root / "site" / "2021" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one('a[href="programme.pdf"]').get_text() == "Programme 2021 as PDF"


# ------------------------------------------------------------------ serve: only what changed


def test_only_a_changed_year_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "project")
    project.write("series/2022/theme.yml", "title: Zweites Jahr\nsummary: Mehr.\n")
    project.write("series/2022/sessions/auftakt.md", session(start="2022-10-04 14:00"))
    compiled: list[str] = []
    real = programme.compile_programme
    monkeypatch.setattr(programme, "compile_programme", lambda data, qr: compiled.append(data["heading"]) or real(data, qr))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def run() -> list[str]:
        compiled.clear()
        problems = Problems()
        settings = core.load_settings(project.root / "mkdocs.yml", problems)
        content = core.check(settings, problems)
        assert core.finish_programmes(core.start_programmes(settings, content, core.BuildInputs())).problems == []
        return list(compiled)

    assert sorted(run()) == ["Programm 2021", "Programm 2022"]
    assert run() == []
    project.write("series/2022/sessions/auftakt.md", session("Neuer Titel", start="2022-10-04 14:00"))
    assert run() == ["Programm 2022"]


# ------------------------------------------------------------------ a build's core: the PDFs in a child of its own

FORKED = """
import hashlib, json, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from series_publisher import programme, site as core
from series_publisher.problems import Problems

problems = Problems()
settings = core.load_settings(Path({config!r}), problems)
content = core.check(settings, problems)
forked = core.start_programmes(settings, content, core.BuildInputs(), fork=True)
assert isinstance(forked, programme.ForkedProgrammes)
sizes = {{path: forked.size(path) for path in {paths!r}}}
made = forked.made()
print(json.dumps({{"sizes": sizes, "files": {{f.path: hashlib.sha256(f.data).hexdigest() for f in made.files}},
                  "problems": [str(p) for p in made.problems]}}))
"""


def test_a_child_of_its_own_gives_the_same_sizes_and_bytes(tmp_path: Path) -> None:
    """A build's core forks the PDFs away (ForkedProgrammes); `serve` keeps them in a thread: the same result.

    In a fresh process, as the core's child is: a process that has already run Typst must not fork it
    (its threads' state would be copied without the threads; see ForkedProgrammes).
    """
    project = new_project(tmp_path / "project")
    project.write("series/2022/theme.yml", "title: Zweites Jahr\nsummary: Mehr.\n")
    project.write("series/2022/sessions/auftakt.md", session(start="2022-10-04 14:00"))
    paths = ["2022/programm.pdf", "2021/programm.pdf", "2020/programm.pdf"]
    script = FORKED.format(repo=str(Path(__file__).resolve().parent.parent), config=str(project.root / "mkdocs.yml"),
                           paths=paths)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, TMPDIR=str(tmp_path)))  # nothing kept from other tests
    assert run.returncode == 0, run.stderr
    forked = json.loads(run.stdout)
    problems = Problems()
    settings = core.load_settings(project.root / "mkdocs.yml", problems)
    threaded = core.start_programmes(settings, core.check(settings, problems), core.BuildInputs())
    assert forked["sizes"] == {path: threaded.size(path) for path in paths}
    assert forked["sizes"]["2022/programm.pdf"] and forked["sizes"]["2020/programm.pdf"] is None
    expected = threaded.made()
    assert forked["files"] == {f.path: hashlib.sha256(f.data).hexdigest() for f in expected.files}
    assert forked["problems"] == [] == expected.problems
