"""Every message an editor can get from `build.py check`, on a broken copy of the example content.

Each case breaks one thing in a copy of this repository's mkdocs.yml,
series/ and content/, runs `python3 build.py check` as an editor would and
asserts the exact file, the exact line and the key words of the message and
its hint — and that there is never a Python traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from .projects import REPO, Project, copy_example, new_project, session, set_photo
from .test_cli import in_process

SESSION = "series/2021/sessions/barrierefreier-oeffentlicher-raum.md"
LEA_SESSION = "series/2021/sessions/kultur-der-anerkennung-verankern.md"
SPEAKER = "series/speakers/prof-dr-lea-hartmann.md"
THEME = "series/2021/theme.yml"


@pytest.fixture
def example(tmp_path: Path) -> Project:
    """A copy of the example content (series/, content/, mkdocs.yml)."""
    return copy_example(tmp_path / "example")


def replace(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not exactly once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(project: Project, relative: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (bytes, so non-UTF-8 files work too)."""
    for number, line in enumerate((project.root / relative).read_bytes().split(b"\n"), 1):
        if needle.encode("utf-8") in line or needle.encode("cp1252") in line:
            return number
    raise AssertionError(f"{needle!r} not in {relative}")


def report_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def find(stderr: str, path: str, line: int | None, severity: str, words: tuple[str, ...]) -> str:
    """The one report line for `path:line` with all `words`; fails with the whole report otherwise."""
    prefix = f"{path}:{line}: {severity}: " if line else f"{path}: {severity}: "
    matches = [text for text in report_lines(stderr) if text.startswith(prefix) and all(w in text for w in words)]
    assert matches, f"expected a line starting {prefix!r} with {words}, got:\n{stderr}"
    return matches[0]


@dataclass(frozen=True)
class Case:
    id: str
    breaks: Callable[[Project], None]
    path: str
    line: Callable[[Project], int | None]
    words: tuple[str, ...]


def at(relative: str, needle: str) -> Callable[[Project], int]:
    return lambda project: line_of(project, relative, needle)


def no_line(project: Project) -> None:
    return None


def _write(relative: str, data: str | bytes) -> Callable[[Project], None]:
    return lambda project: project.write(relative, data)


def _replace(relative: str, old: str, new: str) -> Callable[[Project], None]:
    return lambda project: replace(project, relative, old, new)


def _cp1252(project: Project) -> None:
    path = project.root / SESSION
    path.write_bytes(path.read_text(encoding="utf-8").replace("–", "-").encode("cp1252"))


def _unclosed(project: Project) -> None:
    path = project.root / SESSION
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(head + "\n\n" + body, encoding="utf-8")


def _year_without_theme(project: Project) -> None:
    project.write("series/2022/sessions/auftakt.md", session(start="2022-10-04 14:00", speakers=("jana-wiesner",)))


ERRORS = [
    # --- the issue-3 matrix
    Case("malformed-yaml", _replace(SESSION, "title: Barrierefreiheit im öffentlichen Raum – mehr als Normen erfüllen",
                                    "title: Teil 1: Barrierefreiheit"),
         SESSION, at(SESSION, "title: Teil 1"), ("YAML ist fehlerhaft", "Anführungszeichen")),
    Case("unknown-key", _replace(SESSION, "speakers:", "speaker:"),
         SESSION, at(SESSION, "speaker:"), ("unbekannter Schlüssel „speaker“", "meinten Sie „speakers“?")),
    Case("unknown-nested-key", _replace(THEME, "  deadline:", "  dedline:"),
         THEME, at(THEME, "dedline:"), ("unbekannter Schlüssel „registration.dedline“", "meinten Sie „deadline“?")),
    Case("missing-required", _replace(SESSION, "title: Barrierefreiheit im öffentlichen Raum – mehr als Normen erfüllen\n", ""),
         SESSION, lambda project: 2, ("Pflichtangabe „title“ fehlt", "title:")),
    Case("missing-required-speaker-name", _replace(SPEAKER, "name: Prof. Dr. Lea Hartmann\n", ""),
         SPEAKER, lambda project: 2, ("Pflichtangabe „name“ fehlt", "z. B. name:")),
    Case("unknown-speaker", _replace(LEA_SESSION, "  - prof-dr-lea-hartmann", "  - prof-dr-lea-hartman"),
         LEA_SESSION, at(LEA_SESSION, "prof-dr-lea-hartman"),
         ("unbekannte Referent·in „prof-dr-lea-hartman“", "series/speakers/prof-dr-lea-hartman.md",
          "meinten Sie „prof-dr-lea-hartmann“?")),
    Case("invalid-date", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2021-11-31 14:00"),
         SESSION, at(SESSION, "start:"), ("start:", "„2021-11-31 14:00“: den Tag 2021-11-31 gibt es nicht", "JJJJ-MM-TT HH:MM")),
    Case("german-date", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2.11.2021 14:00"),
         SESSION, at(SESSION, "start:"), ("„2.11.2021 14:00“ ist kein Zeitpunkt", "Format „JJJJ-MM-TT HH:MM“: 2021-11-02 14:00")),
    Case("invalid-deadline", _replace(THEME, "deadline: 2021-09-30", "deadline: 30.09.2021"),
         THEME, at(THEME, "deadline:"), ("registration.deadline", "„30.09.2021“ ist kein Datum", "JJJJ-MM-TT“: 2021-09-30")),
    Case("date-without-time", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2021-11-02"),
         SESSION, at(SESSION, "start:"), ("Datum ohne Uhrzeit", "JJJJ-MM-TT HH:MM")),
    Case("end-before-start", _replace(SESSION, "end: 16:30", "end: 13:00"),
         SESSION, at(SESSION, "end:"), ("end: „13:00“: das Ende liegt nicht nach dem Beginn (2021-11-02 14:00)", "16:30")),
    Case("invalid-end", _replace(SESSION, "end: 16:30", "end: 16.30 Uhr"),
         SESSION, at(SESSION, "end:"), ("„16.30 Uhr“ ist keine Uhrzeit", "HH:MM")),
    Case("unknown-status", _replace(SESSION, "perspective: academia", "perspective: academia\nstatus: canceled"),
         SESSION, at(SESSION, "status:"), ("„canceled“ ist kein erlaubter Wert für „status“", "meinten Sie „cancelled“?")),
    Case("unknown-perspective", _replace(SESSION, "perspective: academia", "perspective: wissenschaft"),
         SESSION, at(SESSION, "perspective:"),
         ("„wissenschaft“ ist kein erlaubter Wert für „perspective“", "erlaubt sind: academia, practice")),
    Case("unknown-sector", _replace(SPEAKER, "sector: academia", "sector: academic"),
         SPEAKER, at(SPEAKER, "sector:"), ("„academic“ ist kein erlaubter Wert für „sector“", "meinten Sie „academia“?")),
    Case("javascript-url", _replace(SPEAKER, "website: https://www.example.org/personen/lea-hartmann",
                                    "website: javascript:alert(1)"),
         SPEAKER, at(SPEAKER, "website:"), ("website:", "„javascript:alert(1)“ ist keine erlaubte Adresse", "https://")),
    Case("javascript-registration", _replace(THEME, "  url: https://www.example.org/niko-online/anmeldung-2021",
                                             "  url: javascript:alert(1)"),
         THEME, at(THEME, "  url:"), ("registration.url", "keine erlaubte Adresse")),
    Case("year-without-theme", _year_without_theme,
         "series/2022/theme.yml", no_line, ("Jahresordner 2022/ hat keine theme.yml", "python3 build.py new year 2022")),
    Case("not-utf8", _cp1252, SESSION, at(SESSION, "title:"), ("nicht in UTF-8", "UTF-8")),
    Case("empty-file", _write(SESSION, ""), SESSION, no_line, ("die Datei ist leer", "python3 build.py new")),
    Case("blank-file", _write(SPEAKER, "\n  \n"), SPEAKER, no_line, ("die Datei ist leer",)),
    Case("tab-indented", _replace(THEME, "  url: https://www.example.org/niko-online/anmeldung-2021",
                                  "\turl: https://www.example.org/niko-online/anmeldung-2021"),
         THEME, at(THEME, "\turl:"),
         ("YAML ist fehlerhaft in „⇥url: https://www.example.org/niko-online/anmeldung-2021“", "ein Tabulator (⇥)",
          "den Tabulator durch Leerzeichen ersetzen", "„  url: https://www.example.org/niko-online/anmeldung-2021“")),
    Case("front-matter-never-closed", _unclosed, SESSION, lambda project: 1,
         ("Front Matter wird nie geschlossen", "„---“")),
    Case("no-front-matter", _replace(SPEAKER, "---\n# Beispieldaten", "# Beispieldaten"),
         SPEAKER, lambda project: 1, ("beginnt nicht mit Front Matter", "„---“")),
    Case("not-a-mapping", _write(THEME, "- title: Liste statt Angaben\n"),
         THEME, lambda project: 1, ("schlüssel: wert",)),
    Case("speakers-not-a-list", _replace(SESSION, "speakers:\n  - dr-katharina-loew\n  - jana-wiesner",
                                         "speakers: dr-katharina-loew"),
         SESSION, at(SESSION, "speakers:"), ("speakers", "Liste")),
    Case("bad-slug-file-name", _write("series/speakers/Max Mustermann.md", "---\nname: Max Mustermann\n---\nBio.\n"),
         "series/speakers/Max Mustermann.md", no_line, ("kein gültiger Kurzname", "max-mustermann.md")),
    Case("duplicate-id", _replace(SESSION, "perspective: academia",
                                  "perspective: academia\nid: 2021-kultur-der-anerkennung-verankern"),
         SESSION, at(SESSION, "id:"), ("id: die Kalender-ID „2021-kultur-der-anerkennung-verankern“ hat schon", LEA_SESSION,
          "frei ist z. B. „id: 2021-barrierefreier-oeffentlicher-raum“")),
    Case("missing-photo-file", lambda project: set_photo(project, "images/lea.jpg"),
         SPEAKER, at(SPEAKER, "photo:"), ("photo: das Foto „images/lea.jpg“ gibt es nicht", "Schreibweise")),
    Case("duplicate-key", _replace(SESSION, "perspective: academia", "perspective: academia\nperspective: practice"),
         SESSION, at(SESSION, "perspective: practice"), ("„perspective“ steht doppelt", "zuerst in Zeile")),
]


# --- issue 14/18: the editor's text as typed, and messages that lead to the fix
TITLE = "title: Barrierefreiheit im öffentlichen Raum – mehr als Normen erfüllen"


def _title(typed: str) -> Callable[[Project], None]:
    return _replace(SESSION, TITLE, f"title: {typed}")


def _unclosed_with_rule(project: Project) -> None:
    """The closing `---` is missing, and the text below has a `---` rule of its own."""
    path = project.root / SESSION
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(head + "\n\n" + body + "\n---\n\nWeitere Hinweise folgen in der Einladung.\n", encoding="utf-8")


def _recording(lines: str) -> Callable[[Project], None]:
    return _replace(SESSION, "recording: planned", "recording:\n" + lines)


QUOTE_FIRST = [("#", "#Hashtag"), ("@", "@home – Arbeiten von zu Hause"), ("`", "`Code` für alle"),
               ("*", "*Sternchen* im Titel"), ("&", "&Co KG"), ("!", "!wichtig"), ("%", "%-Satz"),
               ("|", "| Teil 1"), (">", "> Zitat")]

ERRORS += [
    Case("comment-cuts-title", _title("Wohnen #und Ankommen"), SESSION, at(SESSION, "title:"),
         ("title: ab „#und Ankommen“ gilt der Rest der Zeile in YAML als Kommentar",
          'title: "Wohnen #und Ankommen"')),
    Case("comment-cuts-name", _replace(SPEAKER, "name: Prof. Dr. Lea Hartmann", "name: Prof. Dr. Lea Hartmann #Gast"),
         SPEAKER, at(SPEAKER, "name:"), ("name: ab „#Gast“", 'name: "Prof. Dr. Lea Hartmann #Gast"')),
    *[Case(f"value-starts-with-{char}", _title(typed), SESSION, at(SESSION, "title:"),
           (f"„{char}“", "gerade Anführungszeichen", f'title: "{typed}"')) for char, typed in QUOTE_FIRST],
    Case("value-starts-with-dash", _title("- Strich"), SESSION, at(SESSION, "title:"),
         ("„- “ am Anfang leitet in YAML eine Liste ein", 'title: "- Strich"')),
    Case("value-starts-with-bracket", _title("[Entwurf] Titel"), SESSION, at(SESSION, "title:"),
         ("„[“ am Anfang leitet in YAML eine Liste ein", 'title: "[Entwurf] Titel"')),
    Case("apostrophe-in-single-quotes", _title("'Wohnen ist's'"), SESSION, at(SESSION, "title:"),
         ("der Wert beginnt mit einem Anführungszeichen", "Apostroph", 'title: "Wohnen ist\'s"')),
    Case("quote-never-closed", _title('"Wohnen und Ankommen'), SESSION, at(SESSION, "title:"),
         ("YAML ist fehlerhaft in „title: \"Wohnen und Ankommen“",
          "das Anführungszeichen wird in dieser Zeile nicht geschlossen", 'title: "Wohnen und Ankommen"')),
    Case("german-quotes", _title("„Teilhabe: ein Überblick“"), SESSION, at(SESSION, "title:"),
         ("YAML ist fehlerhaft in „title: „Teilhabe: ein Überblick““", "typografische Anführungszeichen zählen nicht",
          'gerade Anführungszeichen "…" verwenden', 'title: "Teilhabe: ein Überblick"')),
    Case("english-curly-quotes", _title("“Teilhabe: ein Überblick”"), SESSION, at(SESSION, "title:"),
         ("typografische Anführungszeichen", 'title: "Teilhabe: ein Überblick"')),
    Case("end-without-colon", _replace(SESSION, "end: 16:30", "end: 1630"),
         SESSION, at(SESSION, "end:"), ("end: „1630“ ist keine Uhrzeit", "z. B. 16:30")),
    Case("end-read-as-minutes-elsewhere", _replace(SESSION, "end: 16:30", "end: 1030"),
         SESSION, at(SESSION, "end:"), ("end: „1030“ ist keine Uhrzeit", "z. B. 10:30")),
    Case("end-with-dot", _replace(SESSION, "end: 16:30", "end: 16.30"),
         SESSION, at(SESSION, "end:"), ("end: „16.30“ ist keine Uhrzeit", "mit Doppelpunkt, z. B. 16:30")),
    Case("start-with-dot", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2021-11-02 14.00"),
         SESSION, at(SESSION, "start:"), ("start: „2021-11-02 14.00“ ist kein Zeitpunkt", "2021-11-02 14:00")),
    Case("hour-25", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2021-11-02 25:00"),
         SESSION, at(SESSION, "start:"), ("„2021-11-02 25:00“: die Uhrzeit 25:00 gibt es nicht",)),
    Case("spring-gap", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2021-03-28 02:30"),
         SESSION, at(SESSION, "start:"),
         ("„2021-03-28 02:30“ gibt es in Europe/Berlin nicht", "01:30 UTC (mit +01:00) oder 00:30 UTC (mit +02:00)",
          "2021-03-28 02:30+01:00")),
    Case("autumn-fold", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2021-10-31 02:30"),
         SESSION, at(SESSION, "start:"),
         ("„2021-10-31 02:30“ gibt es in Europe/Berlin zweimal", "00:30 UTC (mit +02:00) oder 01:30 UTC (mit +01:00)",
          "2021-10-31 02:30+02:00")),
    Case("end-in-the-autumn-fold", lambda project: (
            replace(project, SESSION, "start: 2021-11-02 14:00", "start: 2021-10-31 01:00"),
            replace(project, SESSION, "end: 16:30", "end: 2:30")),
         SESSION, at(SESSION, "end:"),
         ("end: „2021-10-31 2:30“ gibt es in Europe/Berlin zweimal", "00:30 UTC (mit +02:00) oder 01:30 UTC (mit +01:00)")),
    Case("display-name-instead-of-slug", _replace(SESSION, "  - jana-wiesner", "  - Jana Wiesner"),
         SESSION, at(SESSION, "Jana Wiesner"),
         ("speakers: unbekannte Referent·in „Jana Wiesner“", "Kurzname", "meinten Sie „jana-wiesner“?")),
    Case("name-with-accent-instead-of-slug", _replace(SESSION, "  - jana-wiesner", "  - Jána Wiesner"),
         SESSION, at(SESSION, "Jána Wiesner"), ("„Jána Wiesner“", "meinten Sie „jana-wiesner“?")),
    Case("alias-not-a-slug", _replace(SESSION, "perspective: academia", "perspective: academia\naliases: [Alter Name]"),
         SESSION, at(SESSION, "aliases:"), ("aliases: „Alter Name“ ist kein Kurzname", "z. B. „alter-name“")),
    Case("booked-out-not-true-or-false", _replace(SESSION, "perspective: academia", "perspective: academia\nbooked_out: vielleicht"),
         SESSION, at(SESSION, "booked_out:"), ("booked_out: „vielleicht“: erwartet wird true oder false",)),
    Case("capacity-not-a-number", _replace(THEME, "capacity: 50", "capacity: 50 Plätze"),
         THEME, at(THEME, "capacity:"), ("capacity: „50 Plätze“: erwartet wird eine ganze Zahl",)),
    Case("uncommented-with-leading-space", _replace(THEME, "registration:\n", " registration:\n"),
         THEME, at(THEME, " registration:"), ("YAML ist fehlerhaft in „registration:“", "ohne Leerzeichen")),
    Case("recording-from-unknown-host", _recording("  url: https://www.example.org/video\n  published: 2021-11-10"),
         SESSION, at(SESSION, "  url: https://www.example.org/video"),
         ("recording.url: „https://www.example.org/video“", "YouTube, Vimeo")),
    Case("duration-in-minutes", _recording("  url: https://youtu.be/abc\n  duration: 90 Minuten"),
         SESSION, at(SESSION, "duration:"), ("recording.duration: „90 Minuten“ ist keine Dauer", "1:52:00")),
    Case("front-matter-never-closed-but-a-rule-below", _unclosed_with_rule, SESSION, lambda project: 1,
         ("Front Matter wird nie geschlossen", "eine Zeile nur mit „---“")),
]

SPEAKERS = "speakers:\n  - dr-katharina-loew\n  - jana-wiesner"
UNCLOSED_LIST = "speakers: [dr-katharina-loew, jana-wiesner"


def _speakers_then(line: str) -> Callable[[Project], None]:
    """The list of speakers typed in brackets, the „]“ forgotten, and `line` below it."""
    return _replace(SESSION, SPEAKERS + "\nperspective: academia", f"{UNCLOSED_LIST}\n{line}")


YAML_CAUSES = [
    Case("list-unclosed-before-a-quoted-line", _speakers_then('perspective: "academia"'), SESSION,
         at(SESSION, UNCLOSED_LIST),
         (f"YAML ist fehlerhaft in „{UNCLOSED_LIST}“: die Liste in „[ ]“ wird in dieser Zeile nicht geschlossen",
          f"„]“ am Ende der Zeile ergänzen: {UNCLOSED_LIST}]")),
    Case("list-unclosed-before-a-plain-line", _speakers_then("perspective: academia"), SESSION,
         at(SESSION, UNCLOSED_LIST), ("die Liste in „[ ]“ wird in dieser Zeile nicht geschlossen", f"{UNCLOSED_LIST}]")),
    Case("group-unclosed", _replace(SESSION, "recording: planned", "recording: {url: https://youtu.be/abcdefghijk"),
         SESSION, at(SESSION, "recording: {"),
         ("die Gruppe in „{ }“ wird in dieser Zeile nicht geschlossen",
          "„}“ am Ende der Zeile ergänzen: recording: {url: https://youtu.be/abcdefghijk}")),
    Case("single-quote-unclosed", _title("'Wohnen und Ankommen"), SESSION, at(SESSION, "title:"),
         ("das Anführungszeichen wird in dieser Zeile nicht geschlossen", 'title: "Wohnen und Ankommen"')),
    Case("tab-before-a-top-level-key", _replace(SESSION, "perspective: academia", "\tperspective: academia"),
         SESSION, at(SESSION, "\tperspective"),
         ("„⇥perspective: academia“: ein Tabulator (⇥) in der Einrückung", "„perspective: academia“")),
    Case("word-without-colon", _replace(SESSION, "perspective: academia", "perspective: academia\nWissenschaft"),
         SESSION, at(SESSION, "Wissenschaft"), ("YAML ist fehlerhaft in „Wissenschaft“: ein Doppelpunkt fehlt",)),
]
ERRORS += YAML_CAUSES


def _photo_in_other_case(project: Project) -> None:
    photos = project.root / "content/images/speakers"
    (photos / "prof-dr-lea-hartmann.jpg").rename(photos / "Prof-Dr-Lea-Hartmann.JPG")


SLIPS = [
    Case("german-date-and-time", _replace(SESSION, "start: 2021-11-02 14:00", "start: 26.11.2021 14:00"),
         SESSION, at(SESSION, "start:"),
         ("start: „26.11.2021 14:00“ ist kein Zeitpunkt", "Format „JJJJ-MM-TT HH:MM“: 2021-11-26 14:00")),
    Case("german-deadline-short", _replace(THEME, "deadline: 2021-09-30", "deadline: 30.9.2021"), THEME, at(THEME, "deadline:"),
         ("„30.9.2021“ ist kein Datum", "Format „JJJJ-MM-TT“: 2021-09-30")),
    Case("www-without-https", _replace(SPEAKER, "website: https://www.example.org/personen/lea-hartmann",
                                       "website: www.example.org/personen/lea-hartmann"),
         SPEAKER, at(SPEAKER, "website:"),
         ("website: „www.example.org/personen/lea-hartmann“ ist keine vollständige Adresse",
          "https://www.example.org/personen/lea-hartmann")),
    Case("photo-in-other-case", _photo_in_other_case, SPEAKER, at(SPEAKER, "photo:"),
         ("photo: das Foto „images/speakers/prof-dr-lea-hartmann.jpg“ gibt es nicht",
          "meinten Sie „images/speakers/Prof-Dr-Lea-Hartmann.JPG“?")),
]
ERRORS += SLIPS
YAML_CASES = [case for case in ERRORS if "YAML ist fehlerhaft" in " ".join(case.words)]


@pytest.mark.parametrize("case", YAML_CASES, ids=[case.id for case in YAML_CASES])
def test_a_yaml_message_is_german_and_never_offers_the_line_itself(example: Project, case: Case) -> None:
    case.breaks(example)
    result = in_process(example, "check")
    line = find(result.stderr, case.path, case.line(example), "Fehler", case.words)
    typed = (example.root / case.path).read_text(encoding="utf-8").split("\n")[case.line(example) - 1].strip()
    message, _, fix = line.partition(" — ")
    assert not re.search(r"\b(expected|found|while|but got|could not|scanning)\b", line), line
    assert not fix.rstrip("“ ").endswith(typed) or typed == "", line


@pytest.mark.parametrize("case", ERRORS, ids=[case.id for case in ERRORS])
def test_error_names_file_line_and_fix(example: Project, case: Case) -> None:
    case.breaks(example)
    result = in_process(example, "check")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    find(result.stderr, case.path, case.line(example), "Fehler", case.words)
    assert "Keine Fehler gefunden" not in result.stderr


def test_every_problem_at_once(example: Project) -> None:
    """Three mistakes in three files: one run reports all three."""
    replace(example, SESSION, "speakers:", "speaker:")
    replace(example, LEA_SESSION, "  - prof-dr-lea-hartmann", "  - prof-dr-lea-hartman")
    replace(example, THEME, "deadline: 2021-09-30", "deadline: 2021-09-31")
    result = in_process(example, "check")
    assert result.returncode == 1
    find(result.stderr, SESSION, line_of(example, SESSION, "speaker:"), "Fehler", ("speaker",))
    find(result.stderr, LEA_SESSION, line_of(example, LEA_SESSION, "hartman"), "Fehler", ("hartman",))
    find(result.stderr, THEME, line_of(example, THEME, "deadline"), "Fehler", ("deadline",))
    assert "3 Fehler" in result.stderr


# ---------------------------------------------------------------- warnings: reported, never fatal


def _overlap(project: Project) -> None:
    # 2021-11-09 14:00-16:30 is jugendliche-im-oeffentlichen-raum; this one now starts inside it.
    replace(project, SESSION, "start: 2021-11-02 14:00", "start: 2021-11-09 15:00")
    replace(project, SESSION, "end: 16:30", "end: 17:00")


def _one_sided(project: Project) -> None:
    for path in (project.root / "series/2020/sessions").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("perspective: practice", "perspective: academia"),
                        encoding="utf-8")


def _unused_speaker(project: Project) -> None:
    project.write("series/speakers/max-mustermann.md", "---\nname: Max Mustermann\n---\nMax Mustermann berät Kommunen.\n")


def _no_bio(project: Project) -> None:
    front_matter = (project.root / SPEAKER).read_text(encoding="utf-8").split("\n---\n")[0]
    project.write(SPEAKER, front_matter + "\n---\n")


WARNINGS = [
    Case("overlap", _overlap, SESSION, at(SESSION, "start:"),
         ("überschneidet sich zeitlich mit series/2021/sessions/jugendliche-im-oeffentlichen-raum.md",)),
    Case("outside-year", _replace(SESSION, "start: 2021-11-02 14:00", "start: 2022-11-02 14:00"),
         SESSION, at(SESSION, "start:"), ("das Datum liegt nicht im Jahr 2021 des Ordners", "Jahresordner")),
    Case("one-sided", _one_sided, "series/2020/theme.yml", no_line,
         ("das Programm 2020 ist einseitig", "9 × Wissenschaft (academia)", "0 × Praxis (practice)")),
    Case("unused-speaker", _unused_speaker, "series/speakers/max-mustermann.md", no_line,
         ("diese Referent·in kommt in keiner Veranstaltung vor", "„max-mustermann“")),
    Case("no-bio", _no_bio, SPEAKER, no_line, ("die Kurzbiografie fehlt",)),
    Case("no-photo", lambda project: set_photo(project, None), SPEAKER, no_line,
         ("es ist kein Foto angegeben", "photo: images/speakers/prof-dr-lea-hartmann.jpg")),
    Case("no-speakers", _replace(SESSION, "speakers:\n  - dr-katharina-loew\n  - jana-wiesner", "speakers: []"),
         SESSION, at(SESSION, "speakers:"), ("die Veranstaltung hat keine Referierenden", "speakers:")),
]


def _first_paragraph(project: Project, relative: str, text: str) -> None:
    path = project.root / relative
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(head + "\n---\n" + text + "\n\n" + body.split("\n\n", 1)[1], encoding="utf-8")


def _swallowed_heading(project: Project) -> None:
    """`# Ablauf` after the last key with a blank line before it, then the closing `---`: a YAML comment."""
    path = project.root / SESSION
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(head + "\n\n# Ablauf\n---\n" + body, encoding="utf-8")


def _namesake(project: Project) -> None:
    project.write("series/speakers/lea-hartmann.md", "---\nname: Prof. Dr. Léa Hartmann\n---\nForscht zu Teilhabe.\n")


WARNINGS += [
    Case("placeholder-abstract", lambda project: _first_paragraph(project, SESSION, "Beschreibung folgt."),
         SESSION, at(SESSION, "Beschreibung folgt."),
         ("„Beschreibung folgt.“ ist noch Platzhaltertext aus der Vorlage", "durch den richtigen Text ersetzen")),
    Case("placeholder-title", _title("Thema folgt"), SESSION, at(SESSION, "title:"),
         ("title: „Thema folgt“ ist noch Platzhaltertext aus der Vorlage",)),
    Case("placeholder-summary", _replace(THEME, "  Plätze, Parks, Straßen", "  Beschreibung des Jahresthemas folgt.\n  Plätze, Parks, Straßen"),
         THEME, at(THEME, "Beschreibung des Jahresthemas folgt."), ("summary: „Beschreibung des Jahresthemas folgt.“",)),
    Case("placeholder-url", _replace(SPEAKER, "website: https://www.example.org/personen/lea-hartmann", "website: https://…"),
         SPEAKER, at(SPEAKER, "website:"), ("website: „https://…“ ist noch Platzhaltertext",)),
    Case("recording-planned-but-cancelled", _replace(SESSION, "perspective: academia", "perspective: academia\nstatus: cancelled"),
         SESSION, at(SESSION, "recording:"),
         ("recording: planned, aber die Veranstaltung ist abgesagt", "recording: none")),
    Case("recording-published-before-the-session", _recording("  url: https://youtu.be/abc\n  published: 2021-10-01"),
         SESSION, at(SESSION, "published:"),
         ("recording.published: „2021-10-01“ liegt vor der Veranstaltung am 2021-11-02",)),
    Case("heading-swallowed-by-front-matter", _swallowed_heading, SESSION, at(SESSION, "# Ablauf"),
         ("„# Ablauf“ sieht aus wie eine Überschrift", "endet erst mit dem „---“ in Zeile 13",
          "unter das schließende „---“")),
    Case("typographic-quotes-around-a-title", _title("„Bürgermeister im Gespräch\""), SESSION, at(SESSION, "title:"),
         ("title: „„Bürgermeister im Gespräch\"“ steht in typografischen Anführungszeichen",
          "gerade Anführungszeichen schreiben", 'title: "Bürgermeister im Gespräch"')),
    Case("typographic-quotes-around-a-name", _replace(SPEAKER, "name: Prof. Dr. Lea Hartmann",
                                                      "name: “Prof. Dr. Lea Hartmann”"),
         SPEAKER, at(SPEAKER, "name:"), ('name: "Prof. Dr. Lea Hartmann"',)),
    Case("two-files-one-person", _namesake, SPEAKER, at(SPEAKER, "name:"),
         ("name: „Prof. Dr. Lea Hartmann“ gibt es schon in series/speakers/lea-hartmann.md", "„Prof. Dr. Léa Hartmann“")),
]


@pytest.mark.parametrize("case", WARNINGS, ids=[case.id for case in WARNINGS])
def test_warning_is_reported_and_not_fatal(example: Project, case: Case) -> None:
    case.breaks(example)
    result = in_process(example, "check")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    find(result.stderr, case.path, case.line(example), "Warnung", case.words)
    assert "0 Fehler" in result.stderr and "Keine Fehler gefunden." in result.stderr


def test_warnings_do_not_fail_the_build(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {
        "auftakt": session(),
        "parallel": session(title="Parallel", start="2021-10-05 15:00", end="17:00", speakers=()),
    })
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    assert "überschneidet sich zeitlich" in result.stderr
    assert (project.root / "site/2021/parallel/index.html").is_file()


def test_balance_summary_per_year(example: Project) -> None:
    result = in_process(example, "check")
    assert result.returncode == 0
    lines = report_lines(result.stderr)
    assert "Perspektiven 2020: 5 × Wissenschaft (academia), 4 × Praxis (practice)" in lines
    assert "Perspektiven 2021: 4 × Wissenschaft (academia), 4 × Praxis (practice)" in lines
    _one_sided(example)
    result = in_process(example, "check")
    assert "Perspektiven 2020: 9 × Wissenschaft (academia), 0 × Praxis (practice) – einseitig" in report_lines(result.stderr)


def test_example_content_has_no_errors(example: Project) -> None:
    """End to end, as an editor runs it: a real `python3 build.py check` in the project folder."""
    result = example.run("check")
    assert result.returncode == 0, result.stderr
    assert " Fehler: " not in result.stderr


def test_mkdocs_build_shows_the_same_message(tmp_path: Path) -> None:
    """Plain `mkdocs build` (the hooks) reports the same text as `check`."""
    project = new_project(tmp_path / "p", {"auftakt": session(speakers=("prof-dr-lea-hartman",))})
    checked = project.run("check")
    built = project.mkdocs("build")
    assert checked.returncode == 1 and built.returncode != 0
    message = find(checked.stderr, "series/2021/sessions/auftakt.md", 5, "Fehler",
                   ("unbekannte Referent·in", "meinten Sie „prof-dr-lea-hartmann“?"))
    assert message in built.stderr
    assert "Traceback" not in built.stderr


def test_real_command_never_shows_a_traceback(example: Project) -> None:
    """The unreadable-file cases once more through a real `python3 build.py check`."""
    _cp1252(example)
    example.write(SPEAKER, "")
    _unclosed_other = "series/2020/sessions/" + sorted(p.name for p in (example.root / "series/2020/sessions").iterdir())[0]
    example.write(_unclosed_other, "---\ntitle: Offen\n")
    replace(example, THEME, "  url: https://", "\turl: https://")
    result = example.run("check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for path in (SESSION, SPEAKER, _unclosed_other, THEME):
        assert f"\n{path}" in "\n" + result.stderr, path


def test_a_single_rescheduled_from_is_read_as_the_list_of_one(example: Project) -> None:
    """`rescheduled_from: 2021-10-26 14:00` (one value, no brackets) is what the editor meant."""
    replace(example, SESSION, "perspective: academia", "perspective: academia\nrescheduled_from: 2021-10-26 14:00")
    result = in_process(example, "check")
    assert result.returncode == 0, result.stderr
    assert "rescheduled_from" not in result.stderr
    from series_publisher import site as core
    from series_publisher.problems import Problems

    settings = core.load_settings(example.root / "mkdocs.yml", Problems())
    content = core.check(settings, Problems())
    moved = next(s for s in content.sessions if s.source.path == SESSION)
    assert [f"{start:%Y-%m-%d %H:%M}" for start in moved.meta.rescheduled_from] == ["2021-10-26 14:00"]


@pytest.mark.parametrize("removed, words", [(1, "4 von 5 Terminen sind noch da, 1 als abgesagt veröffentlichter wurde entfernt."),
                                            (2, "3 von 5 Terminen sind noch da, 2 als abgesagt veröffentlichte wurden entfernt.")],
                         ids=["one", "two"])
def test_the_published_calendar_summary_agrees_in_number(removed: int, words: str) -> None:
    from series_publisher.previous import Comparison

    assert Comparison(5, 5 - removed, removed).summary().endswith(words)


GENDER_FORMS = re.compile(r"\w(?::|\*|_)innen\b|\w:in\b")
"""Every generated text writes „Referent·in“, „Abonnent·innen“, as the site does."""


GENDER_EXEMPT = {"text.py", "staging.py"}
"""Explain how an editor's own „Kolleg*innen“ survives Markdown: the editor's choice, not ours."""


@pytest.mark.parametrize("path", sorted(path for path in [*REPO.glob("series_publisher/*.py"),
                                                          *REPO.glob("overrides/**/*.html"), REPO / "build.py"]
                                        if path.name not in GENDER_EXEMPT), ids=lambda path: path.name)
def test_one_gender_form_everywhere(path: Path) -> None:
    assert GENDER_FORMS.findall(path.read_text(encoding="utf-8")) == []
