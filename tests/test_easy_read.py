"""Leichte Sprache and Gebärdensprache (BITV 2.0 § 4): the parts a level asks for, the LS check's messages.

Each case writes LS pages (or a DGS page) into a small project, runs
`build.py check` as an editor would and looks for the exact file, line and
words of the message, as tests/test_messages.py does for the content files.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml

from series_publisher import signvideo
from series_publisher.signvideo import mp4_duration

from .projects import Project, new_project
from .test_cli import in_process
from .test_messages import find, line_of

PARTS = ("inhalt", "navigation", "barrierefreiheit", "weitere")


def ls_page(part: str | None, body: str = "Das ist ein Satz.\n", extra: str = "") -> str:
    """An LS page: front matter with its `bitv:` part, then the body."""
    front = (f"bitv: {part}\n" if part else "") + extra
    return f"---\ntitle: Eine Seite\n{front}---\n\n# Eine Seite\n\n{body}"


def set_level(project: Project, level: str) -> None:
    data = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    data.setdefault("extra", {}).setdefault("series", {})["easy_read"] = {"level": level}
    (project.root / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def small(tmp_path: Path) -> Project:
    return new_project(tmp_path / "site")


@dataclass(frozen=True)
class Level:
    id: str
    level: str
    ls_parts: tuple[str, ...]
    """Parts written as LS pages."""
    exit_code: int
    expected: tuple[tuple[str, str, str], ...]
    """(path, severity, part) lines the report must hold."""
    absent: tuple[str, ...] = ()
    """Parts no line may name as missing in LS."""


LS_DIR = "content/leichte-sprache/"
DGS = "content/gebaerdensprache/index.md"

LEVELS = [
    Level("federal-missing-navigation", "federal", ("inhalt", "barrierefreiheit", "weitere"), 1,
          ((LS_DIR, "Fehler", "navigation"), (DGS, "Fehler", "inhalt"))),
    Level("bavaria-needs-no-statement-part", "bavaria", ("inhalt", "navigation", "weitere"), 1,
          ((DGS, "Fehler", "weitere"),), absent=("barrierefreiheit",)),
    Level("voluntary-only-warns", "voluntary", ("inhalt",), 0,
          ((LS_DIR, "Warnung", "navigation"), (LS_DIR, "Warnung", "weitere"))),
]


@pytest.mark.parametrize("case", LEVELS, ids=lambda c: c.id)
def test_required_parts(small: Project, case: Level) -> None:
    set_level(small, case.level)
    for part in case.ls_parts:
        small.write(f"{LS_DIR}{part}.md", ls_page(part))
    ran = in_process(small, "check")
    assert ran.returncode == case.exit_code, ran.stderr
    for path, severity, part in case.expected:
        find(ran.stderr, path, None, severity, (f"der Teil „{part}“ fehlt", f"bitv: {part}"))
    for part in case.absent:
        assert f"Leichter Sprache: der Teil „{part}“" not in ran.stderr
    assert "Traceback" not in ran.stderr


def test_voluntary_without_any_page_says_nothing(small: Project) -> None:
    ran = in_process(small, "check")
    assert ran.returncode == 0
    assert "Leichte" not in ran.stderr and "Gebärdensprache" not in ran.stderr, ran.stderr


def test_unknown_part_is_named(small: Project) -> None:
    small.write(f"{LS_DIR}index.md", ls_page("inhallt"))
    ran = in_process(small, "check")
    assert ran.returncode == 1
    find(ran.stderr, f"{LS_DIR}index.md", 3, "Fehler", ("„inhallt“", "meinten Sie „inhalt“"))


@dataclass(frozen=True)
class Slip:
    """One slip on an otherwise clean LS page, and the report line it must give."""

    id: str
    line: str
    """The page's text line that holds the slip."""
    severity: str
    words: tuple[str, ...]
    """Message and fix, as the editor reads them."""
    glossary: str = ""


SLIPS = [
    Slip("two-sentences", "Wir treffen uns. Es ist schön.", "Fehler",
         ("zwei Sätze in einer Zeile", "jeden Satz in eine eigene Zeile")),
    Slip("z-b-is-no-sentence-end", "Wir reden z. B. über Parks.", "Fehler", ("Abkürzung „z. B.“", "„zum Beispiel“")),
    Slip("ca", "Ein Treffen dauert ca. 2 Stunden.", "Fehler", ("Abkürzung „ca.“", "„etwa“")),
    Slip("bzw", "Sie kommen mit dem Bus bzw. mit dem Zug.", "Fehler", ("Abkürzung „bzw.“", "„oder“")),
    Slip("usw", "Wir haben Bücher, Hefte usw. dabei.", "Fehler", ("Abkürzung „usw.“", "„und so weiter“")),
    Slip("d-h", "Die Treffen sind online, d. h. im Internet.", "Fehler", ("Abkürzung „d. h.“", "„das heißt“")),
    Slip("u-a", "Es sprechen u. a. Fach-Leute.", "Fehler", ("Abkürzung „u. a.“", "„unter anderem“")),
    Slip("caps-unexplained", "Das Treffen ist bei der IHK.", "Fehler",
         ("Abkürzung „IHK“ ohne Erklärung", "glossar: {IHK: …}")),
    Slip("long-sentence", "Wir treffen uns jedes Jahr im Herbst mit vielen Menschen aus allen Städten und "
         "Gemeinden in ganz Bayern.", "Fehler", ("der Satz hat 18 Wörter (höchstens 15)", "in kurze Sätze teilen")),
    Slip("sentence-over-ten", "Wir treffen uns jedes Jahr im Herbst mit vielen Menschen aus Bayern.", "Warnung",
         ("der Satz hat 12 Wörter (höchstens 10)",)),
    Slip("time-leading-zero", "Das Treffen beginnt um 09:00 Uhr.", "Fehler", ("Uhrzeit „09:00 Uhr“", "„9:00 Uhr“")),
    Slip("time-with-dot", "Das Treffen beginnt um 9.00 Uhr.", "Fehler", ("Uhrzeit „9.00 Uhr“", "„9:00 Uhr“")),
    Slip("time-without-uhr", "Das Treffen beginnt um 14:30.", "Fehler", ("Uhrzeit „14:30“", "„14:30 Uhr“")),
    Slip("numeric-date", "Das Treffen ist am 12.02.2027.", "Fehler",
         ("Datum in Ziffern „12.02.2027“", "„12. Februar 2027“")),
    Slip("italics", "Das ist *wichtig* für Sie.", "Fehler", ("kursiv: „*wichtig*“", "fett schreiben")),
    Slip("number-word", "Es gibt zwölf Treffen.", "Warnung", ("Zahlwort „zwölf“", "„12“")),
    Slip("number-word-compound", "Es kommen dreiundzwanzig Menschen.", "Warnung",
         ("Zahlwort „dreiundzwanzig“", "„23“")),
    Slip("long-word", "Die Veranstaltungsreihe ist im Herbst.", "Warnung",
         ("langes Wort „Veranstaltungsreihe“", "„Veranstaltungs-Reihe“", "„Veranstaltungs·Reihe“")),
    Slip("passive", "Die Tür wird für Sie geöffnet.", "Warnung", ("Passiv?", "aktiv schreiben")),
    Slip("subjunctive", "Sie könnten morgen kommen.", "Warnung", ("Konjunktiv?",)),
    Slip("negation", "Das Treffen kostet kein Geld.", "Warnung", ("Verneinung?", "positiv sagen")),
    Slip("genitive", "Das ist das Haus des Vereins.", "Warnung", ("Genitiv?", "„von“")),
    Slip("subordinate-clause", "Wir freuen uns, weil Sie kommen.", "Warnung", ("Nebensatz?", "zwei kurze Sätze")),
]

CLEAN = """\
Das ist NIKO-Online.
Wir treffen uns jedes Jahr.
Das erste Treffen ist am 15. August 2026.
Es beginnt um 9:00 Uhr.
Es gibt **8** Treffen.
Zum Beispiel über die Veranstaltungs-Reihe und die Gebärden·Sprache.
"""
GLOSSARY = "glossar:\n  NIKO: NIKO ist ein Netzwerk in Bayern.\n"


def _page_with(project: Project, line: str) -> tuple[str, int]:
    """A clean page with `line` in the middle; its path and the line's number."""
    lines = CLEAN.splitlines()
    body = "\n".join(lines[:2] + [line] + lines[2:]) + "\n"
    relative = f"{LS_DIR}index.md"
    path = project.write(relative, ls_page("inhalt", body, GLOSSARY))
    return relative, path.read_text(encoding="utf-8").splitlines().index(line) + 1


@pytest.mark.parametrize("case", SLIPS, ids=lambda c: c.id)
def test_each_slip_gives_its_message(small: Project, case: Slip) -> None:
    relative, line = _page_with(small, case.line)
    ran = in_process(small, "check")
    find(ran.stderr, relative, line, case.severity, case.words)
    ls_lines = [text for text in ran.stderr.splitlines() if text.startswith(relative + ":")]
    assert len(ls_lines) == 1, ran.stderr  # the clean lines around it give nothing
    assert ran.returncode == (1 if case.severity == "Fehler" else 0)


def test_clean_page_gives_no_message_and_its_readability(small: Project) -> None:
    small.write(f"{LS_DIR}index.md", ls_page("inhalt", CLEAN, GLOSSARY))
    ran = in_process(small, "check")
    assert ran.returncode == 0, ran.stderr
    assert f"{LS_DIR}index.md:" not in ran.stderr
    assert any(line.startswith("Lesbarkeit: Flesch (Amstad) ") and "Wiener Sachtextformel" in line
               and line.endswith(f" – {LS_DIR}index.md") for line in ran.stderr.splitlines()), ran.stderr


# ------------------------------------------------------------------ the DGS page

SIGN_DIR = "content/gebaerdensprache/"


def make_video(path: Path, size: str = "320x240", rate: int = 25, seconds: int = 2) -> None:
    """A short H.264 test video, made with Debian's ffmpeg."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_video(size, rate, seconds))


@functools.cache
def _video(size: str, rate: int, seconds: int) -> bytes:
    """Encoded once per test process and size: x264 takes about a second for each, and ten tests use the same."""
    with tempfile.TemporaryDirectory(prefix="test-video-") as folder:
        path = Path(folder) / "video.mp4"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc=size={size}:rate={rate}:duration={seconds}", "-pix_fmt", "yuv420p", "-c:v", "libx264",
                        str(path)], check=True)
        return path.read_bytes()


def sign_project(project: Project, video: str = "- title: Willkommen\n  file: gebaerdensprache/a.mp4\n"
                 "  captions: gebaerdensprache/a.vtt\n  transcript: gebaerdensprache/a.txt\n  bitv: inhalt\n",
                 size: str = "320x240", rate: int = 25) -> str:
    """A DGS page with one video and its files; returns the page's path."""
    make_video(project.root / SIGN_DIR / "a.mp4", size, rate)
    project.write(SIGN_DIR + "a.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen.\n")
    project.write(SIGN_DIR + "a.txt", "Willkommen.\n")
    indented = "".join("  " + line + "\n" for line in video.splitlines())
    project.write(SIGN_DIR + "index.md", f"---\ntitle: Gebärdensprache\nvideos:\n{indented}---\n\n# Gebärdensprache\n")
    return SIGN_DIR + "index.md"


@dataclass(frozen=True)
class VideoSlip:
    id: str
    breaks: Callable[[Project], None]
    key: str
    """The front-matter line the message points to: `  file:` etc."""
    severity: str
    words: tuple[str, ...]


def _remove(name: str) -> Callable[[Project], None]:
    return lambda project: (project.root / SIGN_DIR / name).unlink()


VIDEO_SLIPS = [
    VideoSlip("video-missing", _remove("a.mp4"), "    file:", "Fehler",
              ("file: die Datei „gebaerdensprache/a.mp4“ gibt es nicht", "relativ zu content/")),
    VideoSlip("captions-missing", _remove("a.vtt"), "    captions:", "Fehler",
              ("captions: die Datei „gebaerdensprache/a.vtt“ gibt es nicht",)),
    VideoSlip("transcript-missing", _remove("a.txt"), "    transcript:", "Fehler",
              ("transcript: die Datei „gebaerdensprache/a.txt“ gibt es nicht",)),
    VideoSlip("captions-not-webvtt", lambda p: p.write(SIGN_DIR + "a.vtt", "1\n00:00:00,000 --> 00:00:02,000\nHi\n"),
              "    captions:", "Fehler", ("keine WebVTT-Datei", "„WEBVTT“")),
    VideoSlip("not-an-mp4", lambda p: p.write(SIGN_DIR + "a.mp4", "kein Video"), "    file:", "Fehler",
              ("kein abspielbares MP4-Video",)),
    VideoSlip("too-small", lambda p: make_video(p.root / SIGN_DIR / "a.mp4", size="160x120"), "    file:", "Fehler",
              ("160×120 Pixel und 25 Bilder/s", "mindestens 320×240 Pixel und 25 Bilder/s")),
    VideoSlip("too-few-frames", lambda p: make_video(p.root / SIGN_DIR / "a.mp4", rate=15), "    file:", "Fehler",
              ("320×240 Pixel und 15 Bilder/s", "mindestens 320×240 Pixel und 25 Bilder/s")),
    VideoSlip("unknown-key", lambda p: replace_in(p, SIGN_DIR + "index.md", "    bitv:", "    bitw:"), "    bitw:",
              "Fehler", ("unbekannter Schlüssel", "meinten Sie „bitv“")),
]


def replace_in(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("case", VIDEO_SLIPS, ids=lambda c: c.id)
def test_each_video_slip_gives_its_message(small: Project, case: VideoSlip) -> None:
    page = sign_project(small)
    case.breaks(small)
    ran = in_process(small, "check")
    line = line_of(small, page, case.key)
    find(ran.stderr, page, line, case.severity, case.words)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr


def test_good_video_passes_and_its_playing_time_is_read(small: Project) -> None:
    page = sign_project(small)
    ran = in_process(small, "check")
    assert ran.returncode == 0 and not re.search(rf"^{page}:\d", ran.stderr, re.M), ran.stderr
    assert mp4_duration(small.root / SIGN_DIR / "a.mp4") == pytest.approx(2.0, abs=0.05)


def test_without_ffprobe_resolution_is_a_warning(small: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    page = sign_project(small, size="160x120")
    monkeypatch.setattr(signvideo.shutil, "which", lambda name: None)
    ran = in_process(small, "check")
    assert ran.returncode == 0, ran.stderr
    find(ran.stderr, page, line_of(small, page, "videos:"), "Warnung", ("nicht geprüft: ffprobe fehlt", "ffmpeg"))


# ------------------------------------------------------------------ the English site

@dataclass(frozen=True)
class Language:
    id: str
    language: str
    link: str
    """The header's link text and what follows it."""
    page_lang: str
    """The LS page's wrapper as built."""


LANGUAGES = [
    Language("german", "de", 'lang="de"><img src="../assets/leichte-sprache.svg" alt="" width="24" height="24">'
             "Leichte Sprache</a></li>", '<div class="sp-easy-read">'),
    Language("english", "en", 'lang="de"><img src="../assets/leichte-sprache.svg" alt="" width="24" height="24">'
             'Leichte Sprache</a> <span class="sp-easy-note">(easy-to-read German)</span>',
             '<div class="sp-easy-read" lang="de">'),
]


@pytest.mark.parametrize("case", LANGUAGES, ids=lambda c: c.id)
def test_english_site_keeps_the_pages_german_and_says_so(small: Project, case: Language) -> None:
    data = yaml.safe_load((small.root / "mkdocs.yml").read_text(encoding="utf-8"))
    data["theme"]["language"] = case.language
    (small.root / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    small.write(f"{LS_DIR}index.md", ls_page("inhalt", CLEAN, GLOSSARY))
    ran = small.run("build")
    assert ran.returncode == 0, ran.stderr
    html = (small.root / "site/leichte-sprache/index.html").read_text(encoding="utf-8")
    assert case.link in html and case.page_lang in html


@pytest.mark.parametrize("target", ["ueber.md", "../README.md", "about"], ids=str)
def test_explained_page_must_be_a_page_under_content(small: Project, target: str) -> None:
    relative = f"{LS_DIR}index.md"
    small.write(relative, ls_page("inhalt", CLEAN, GLOSSARY + f"erklaert: {target}\n"))
    small.write("README.md", "# Geheim\n")
    ran = in_process(small, "check")
    assert ran.returncode == 1
    find(ran.stderr, relative, line_of(small, relative, "erklaert:"), "Fehler",
         (f"erklaert: „{target}“ ist keine Seite unter content/", "erklaert: about.md"))
