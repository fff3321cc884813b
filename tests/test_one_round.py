"""Every problem of one run in one report: an editor fixes everything in one round trip.

One mistake must not hide another — not a second wrong setting, not the
photo of a speaker whose `sector` is wrong, not another file after a YAML
syntax error — and what is counted (the balance of perspectives) counts
only what could be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .projects import MKDOCS_YML, new_project, session
from .test_cli import in_process


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": Fehler: " in line]


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    id: str
    series: dict
    site_url: str
    expected: tuple[str, ...]
    """One report line for each, all in the same run."""


SETTINGS = [
    Settings("a key typo and an ftp site_url", {"nmae": "Reihe"}, "ftp://x",
             ("mkdocs.yml: Fehler: extra.series.nmae: unbekannte Angabe", "mkdocs.yml: Fehler: site_url fehlt")),
    Settings("a wrong time zone and no site_url", {"timezone": "Europa/Berlin"}, "",
             ("mkdocs.yml: Fehler: extra.series.timezone: „Europa/Berlin“ ist keine bekannte Zeitzone",
              "mkdocs.yml: Fehler: site_url fehlt")),
    Settings("a control character and a relative site_url", {"name": "Reihe\x07"}, "reihe/",
             ("mkdocs.yml: Fehler: extra.series.name: enthält ein unsichtbares Steuerzeichen (U+0007)",
              "mkdocs.yml: Fehler: site_url fehlt")),
]


@pytest.mark.parametrize("case", SETTINGS, ids=lambda case: case.id)
def test_every_settings_error_in_one_run(tmp_path: Path, case: Settings) -> None:
    project = new_project(tmp_path / "p")
    config = yaml.safe_load(yaml.safe_dump(MKDOCS_YML))
    config["extra"]["series"].update(case.series)
    config["site_url"] = case.site_url
    (project.root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = in_process(project, "check")
    assert result.returncode == 1
    found = errors(result.stderr)
    assert len(found) == len(case.expected), result.stderr
    for expected, line in zip(case.expected, found):
        assert line.startswith(expected), result.stderr
    assert f"{len(case.expected)} Fehler" in result.stderr


# ---------------------------------------------------------------- one file, several mistakes


def test_four_independent_problems_of_one_file_in_one_run(tmp_path: Path) -> None:
    """A key typo, a missing photo, a bad URL and a wrong sector: all four at once, each at its line."""
    project = new_project(tmp_path / "p")
    project.write("series/speakers/prof-dr-lea-hartmann.md", (
        "---\nname: Prof. Dr. Lea Hartmann\norganisaton: Universität Altmühltal\n"
        "photo: images/speakers/lea.jpg\nwebsite: www.uni-altmuehltal.de\nsector: science\n---\nBio.\n"))
    result = in_process(project, "check")
    assert result.returncode == 1
    path = "series/speakers/prof-dr-lea-hartmann.md"
    assert errors(result.stderr) == [
        f"{path}:3: Fehler: unbekannter Schlüssel „organisaton“ — meinten Sie „organisation“?",
        f"{path}:4: Fehler: photo: das Foto „images/speakers/lea.jpg“ gibt es nicht unter content/ — "
        "Pfad und Schreibweise prüfen (Groß-/Kleinschreibung zählt)",
        f"{path}:5: Fehler: website: „www.uni-altmuehltal.de“ ist keine vollständige Adresse; "
        "mit https:// davor: https://www.uni-altmuehltal.de",
        f"{path}:6: Fehler: „science“ ist kein erlaubter Wert für „sector“ — "
        "erlaubt sind: academia, administration, civil-society",
    ], result.stderr


@dataclass(frozen=True)
class Hidden:
    """A mistake in a session file, and one elsewhere in that file that must be reported with it."""

    id: str
    first: str
    """Front-matter lines with the first mistake."""
    second: str
    words: str
    end: str = "16:30"


HIDDEN = [
    Hidden("unknown speaker beside a key typo", "titel: Zwei\ntitle: Zwei\n", "speakers: [carla]\n",
           "unbekannte Referent·in „carla“"),
    Hidden("missing material beside a wrong status", "title: Zwei\nstatus: canceled\n",
           "materials:\n  - title: Folien\n    file: materials/fehlt.pdf\n", "materials/fehlt.pdf"),
    Hidden("missing captions beside a bad registration", "title: Zwei\nregistration: hallo\n",
           "recording:\n  url: videos/zwei.mp4\n  captions: videos/zwei.vtt\n", "videos/zwei.vtt"),
    Hidden("a second value error beside a duplicate key", "title: Zwei\ntitle: Zwei\n", "registration: hallo\n",
           "„hallo“ ist keine erlaubte Adresse"),
    Hidden("a taken id beside a bad language", "title: Zwei\nlanguage: deutsch\n", "id: 2021-auftakt\n",
           "2021-auftakt"),
    Hidden("unknown speaker beside an end before the start", "title: Zwei\n", "speakers: [carla]\n",
           "unbekannte Referent·in „carla“", end="13:00"),
]


@pytest.mark.parametrize("case", HIDDEN, ids=lambda case: case.id)
def test_a_mistake_does_not_hide_another_of_the_same_file(tmp_path: Path, case: Hidden) -> None:
    project = new_project(tmp_path / "p")
    project.write("content/videos/zwei.mp4", b"\x00\x00\x00\x18ftypmp42")
    project.write("series/2021/sessions/zwei.md", (
        f"---\n{case.first}start: 2021-10-12 14:00\nend: {case.end}\nperspective: practice\n{case.second}---\nText.\n"))
    result = in_process(project, "check")
    assert result.returncode == 1
    found = [line for line in errors(result.stderr) if line.startswith("series/2021/sessions/zwei.md:")]
    assert len(found) == 2, result.stderr
    assert case.words in found[1] or case.words in found[0], result.stderr


def test_a_yaml_syntax_error_hides_nothing_of_another_file(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    project.write("series/speakers/anna-beispiel.md", "---\nname: Anna Beispiel\nrole: [Leitung\nsector: academia\n---\nBio.\n")
    project.write("series/speakers/bert-beispiel.md",
                  "---\nname: Bert Beispiel\nsector: science\nphoto: images/speakers/bert.jpg\n---\nBio.\n")
    project.write("series/2021/sessions/zwei.md",
                  session("Zwei", "2021-10-12 14:00", speakers=("anna-beispiel", "bert-beispiel")))
    result = in_process(project, "check")
    assert [line.split(": Fehler: ")[0] for line in errors(result.stderr)] == [
        # the unclosed „[“ is named where it opens (line 3), not where YAML noticed it
        "series/speakers/anna-beispiel.md:3", "series/speakers/bert-beispiel.md:3", "series/speakers/bert-beispiel.md:4"]


# ---------------------------------------------------------------- what is counted


@dataclass(frozen=True)
class Count:
    id: str
    sessions: dict[str, str]
    line: str
    """The balance line `check` prints for 2021."""
    one_sided: bool


BROKEN = session("Zwei", "2021-10-12 14:00", extra="perspective: practice\nregistration: hallo").replace(
    "perspective: academia\n", "")
COUNTS = [
    Count("only error-free sessions count",
          {name: session(name.capitalize(), f"2021-10-{day} 14:00") for name, day in
           [("eins", "05"), ("drei", "19"), ("vier", "26")]} | {"zwei": BROKEN},
          "Perspektiven 2021: 3 × Wissenschaft (academia), 0 × Praxis (practice); 1 mit Fehlern nicht gezählt", False),
    Count("an unreadable file is not counted either",
          {"eins": session(), "zwei": "---\ntitle: [Zwei\n---\nText.\n"},
          "Perspektiven 2021: 1 × Wissenschaft (academia), 0 × Praxis (practice); 1 mit Fehlern nicht gezählt", False),
    Count("all counted, one-sided",
          {name: session(name.capitalize(), f"2021-10-{day} 14:00") for name, day in
           [("eins", "05"), ("drei", "19"), ("vier", "26")]},
          "Perspektiven 2021: 3 × Wissenschaft (academia), 0 × Praxis (practice) – einseitig", True),
]


@pytest.mark.parametrize("case", COUNTS, ids=lambda case: case.id)
def test_the_balance_counts_only_what_could_be_read(tmp_path: Path, case: Count) -> None:
    project = new_project(tmp_path / "p", case.sessions)
    result = in_process(project, "check")
    assert case.line in result.stderr.splitlines(), result.stderr
    assert ("ist einseitig" in result.stderr) == case.one_sided
