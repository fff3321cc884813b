"""The two sites the browser tests load, and the page cases to check on each.

`example`: this repository's own content (series/, content/, mkdocs.yml),
built with a pinned reference date.

`hostile`: a second content set written here, with a cancelled session, a
rescheduled session, two sessions whose titles try to break out of HTML and
JSON (`</script><img src=x onerror=alert(1)>` and `"Öffentlich" & <frei>`),
a speaker with a photo, a hand-written page and a page in Gebärdensprache
with a short test video made by Debian's ffmpeg (the example has pages in
Leichte Sprache and no DGS video, so each site lacks one of the two kinds). It uses the repository's
mkdocs.yml (same theme, hooks, overrides and features), so both sites differ
in content only.

Page cases are known at collection time: the example's sessions are picked
from their front matter (status, rescheduled_from), not by slug, so editing
the example content does not silently drop a case.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from ..projects import REPO, SPEAKER, session

TODAY = "2021-09-15"
"""Reference date for both builds: 2021's sessions are ahead and registration is open."""

SCRIPT_TITLE = "</script><img src=x onerror=alert(1)>"
QUOTE_TITLE = '"Öffentlich" & <frei>'
HOSTILE_TITLES = (SCRIPT_TITLE, QUOTE_TITLE)

HOSTILE_REGISTRATION = "https://www.example.org/anmeldung"
HOSTILE_THEME = f"""\
title: Öffentlicher Raum
summary: |
  Ein Jahr über **Räume**.
registration:
  url: {HOSTILE_REGISTRATION}
  deadline: 2021-09-30
capacity: 50
"""

PHOTO_SPEAKER = """\
---
name: Dr. Kim Brandt
role: Stadtplanerin
organisation: Stadt Auenbach
sector: administration
photo: images/speakers/kim-brandt.png
---
Kim Brandt plant Plätze mit allen, die sie nutzen.
"""

# The hostile content set: slug -> session file text.
HOSTILE_SESSIONS = {
    "rueckblick": session("Rückblick", "2021-09-07 14:00", extra="""\
        recording:
          url: https://www.youtube.com/watch?v=Bsp2021t01x
          duration: 2:05:00
          published: 2021-09-10"""),
    "auftakt": session("Auftakt", "2021-10-05 14:00"),
    "abgesagt": session("Abgesagte Runde", "2021-10-12 14:00", extra="status: cancelled"),
    "verschoben": session("Verschobene Runde", "2021-10-26 14:00",
                          speakers=("prof-dr-lea-hartmann", "dr-kim-brandt"),
                          extra="rescheduled_from:\n  - 2021-10-19 14:00"),
    # Single-quoted YAML: the titles contain no single quote.
    "skript": session(f"'{SCRIPT_TITLE}'", "2021-11-02 14:00", speakers=("dr-kim-brandt",)),
    "anfuehrung": session(f"'{QUOTE_TITLE}'", "2021-11-09 14:00"),
}


@dataclass(frozen=True)
class Case:
    """One page of one site, with what a reader must find on it."""

    site: str
    kind: str
    """home, year, session, speakers, speaker, page, subscribe, recordings, statement"""
    path: str
    """site path, e.g. '2021/auftakt/'; '' for the home page"""
    label: str = ""
    status: str | None = None
    """sessions only: confirmed, cancelled or rescheduled"""
    registration: str | None = None
    """the registration URL the page must link to, if any"""
    title: str | None = None
    """the exact page title, where the test knows it (hostile sessions)"""
    optional: bool = False
    """built by later issues: skipped, with a reason, while the site has no such page"""
    past: bool = False
    """sessions only: before the reference date (taken place: no registration, no .ics offered)"""

    @property
    def id(self) -> str:
        return f"{self.site}-{self.label or self.kind}"

    def file(self, site_dir: Path) -> Path:
        return site_dir / self.path / "index.html"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def _registration_open(theme: dict, today: date) -> str | None:
    registration = theme.get("registration") or {}
    deadline = registration.get("deadline")
    if registration.get("url") and (deadline is None or today <= deadline):
        return registration["url"]
    return None


def example_cases() -> list[Case]:
    """The example content's page types, found from the files under series/."""
    today = date.fromisoformat(TODAY)
    years = sorted(p.name for p in (REPO / "series").iterdir() if p.name.isdigit())
    newest = yaml.safe_load((REPO / "series" / years[-1] / "theme.yml").read_text(encoding="utf-8"))
    cases = [Case("example", "home", ""),
             Case("example", "year", f"{years[-1]}/", registration=_registration_open(newest, today))]
    found: dict[str, Case] = {}
    for year in reversed(years):
        theme = yaml.safe_load((REPO / "series" / year / "theme.yml").read_text(encoding="utf-8"))
        for file in sorted((REPO / "series" / year / "sessions").glob("*.md")):
            meta = _front_matter(file)
            start = meta["start"] if isinstance(meta["start"], datetime) else datetime.fromisoformat(str(meta["start"]))
            upcoming = start.date() >= today
            status = ("cancelled" if meta.get("status") == "cancelled"
                      else "rescheduled" if meta.get("rescheduled_from")
                      else "confirmed" if meta.get("status", "confirmed") == "confirmed" else None)
            if status is None:
                continue
            recording = meta.get("recording")
            if "video" not in found and isinstance(recording, dict) and "youtu" in str(recording.get("url")):
                found["video"] = Case("example", "session", f"{year}/{file.stem}/", "session-video", status,
                                      past=not upcoming)
            if status in found:
                continue
            registration = None
            if status != "cancelled" and upcoming and not meta.get("booked_out"):
                registration = meta.get("registration") or _registration_open(theme, today)
            found[status] = Case("example", "session", f"{year}/{file.stem}/", f"session-{status}", status,
                                 registration, past=not upcoming and status != "cancelled")
            if status == "confirmed" and meta.get("speakers"):
                found["speaker"] = Case("example", "speaker", f"speakers/{meta['speakers'][0]}/")
    for status in ("confirmed", "cancelled", "rescheduled", "video"):
        assert status in found, f"the example content has no {status} session to test"
        cases.append(found[status])
    cases += [
        Case("example", "speakers", "speakers/"),
        found["speaker"],
        Case("example", "page", "about/", "about"),
        Case("example", "subscribe", "kalender/", optional=True),
        Case("example", "recordings", "recordings/", optional=True),
        Case("example", "statement", "barrierefreiheit/"),
        Case("example", "easy_read", "leichte-sprache/", "easy-read"),
        Case("example", "easy_read", "leichte-sprache/barrierefreiheit/", "easy-read-statement"),
    ]
    return cases


def hostile_cases() -> list[Case]:
    return [
        Case("hostile", "home", ""),
        Case("hostile", "year", "2021/", registration=HOSTILE_REGISTRATION),
        Case("hostile", "session", "2021/auftakt/", "session-confirmed", "confirmed", HOSTILE_REGISTRATION),
        Case("hostile", "session", "2021/rueckblick/", "session-video", "confirmed", past=True),
        Case("hostile", "session", "2021/abgesagt/", "session-cancelled", "cancelled"),
        Case("hostile", "session", "2021/verschoben/", "session-rescheduled", "rescheduled", HOSTILE_REGISTRATION),
        Case("hostile", "session", "2021/skript/", "session-script-title", "confirmed", HOSTILE_REGISTRATION,
             SCRIPT_TITLE),
        Case("hostile", "session", "2021/anfuehrung/", "session-quote-title", "confirmed", HOSTILE_REGISTRATION,
             QUOTE_TITLE),
        Case("hostile", "speakers", "speakers/"),
        Case("hostile", "speaker", "speakers/dr-kim-brandt/", "speaker-with-photo"),
        Case("hostile", "page", "about/", "about"),
        Case("hostile", "subscribe", "kalender/", optional=True),
        Case("hostile", "recordings", "recordings/", optional=True),
        Case("hostile", "statement", "barrierefreiheit/"),
        Case("hostile", "sign", "gebaerdensprache/", "sign-language"),
    ]


CASES = example_cases() + hostile_cases()
SESSION_CASES = [c for c in CASES if c.kind == "session"]
YEAR_CASES = [c for c in CASES if c.kind == "year"]


def write_hostile_project(root: Path) -> Path:
    """The hostile content set, with the repository's own mkdocs.yml."""
    from PIL import Image

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = "Testreihe"
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["hooks"] = [str(REPO / h) for h in config.get("hooks", [])]
    config["edit_uri"] = "https://git.example.org/reihe/edit/main/content/"
    config["extra"]["series"]["name"] = "Testreihe"
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    files = {
        "content/index.md": "---\ndescription: Eine Testreihe.\n---\n\n# Testreihe\n\nWillkommen.\n",
        "content/about.md": "# Über uns\n\nEin Netzwerk & seine Räume.\n",
        "series/2021/theme.yml": HOSTILE_THEME,
        "series/speakers/prof-dr-lea-hartmann.md": SPEAKER,
        "series/speakers/dr-kim-brandt.md": PHOTO_SPEAKER,
    }
    files |= {f"series/2021/sessions/{slug}.md": text for slug, text in HOSTILE_SESSIONS.items()}
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    write_sign_page(root / "content")
    photo = root / "content/images/speakers/kim-brandt.png"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (192, 192), (32, 96, 128)).save(photo)
    return root


SIGN_VIDEO_SECONDS = 3
SIGN_PAGE = """\
---
title: Gebärdensprache
description: Die Testreihe in Deutscher Gebärdensprache.
videos:
  - title: Die Testreihe
    file: gebaerdensprache/inhalt.mp4
    captions: gebaerdensprache/inhalt.vtt
    transcript: gebaerdensprache/inhalt.txt
    bitv: inhalt
---

# Gebärdensprache

Hier erklären wir die Testreihe in Deutscher Gebärdensprache.
"""
CAPTION = "Willkommen bei der Testreihe."


def write_sign_page(content: Path) -> None:
    """A DGS page with a 3-second test video (320×240, 25 frames/s, H.264), its captions and transcript."""
    folder = content / "gebaerdensprache"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc=size=320x240:rate=25:duration={SIGN_VIDEO_SECONDS}", "-pix_fmt", "yuv420p",
                    "-c:v", "libx264", "-movflags", "+faststart", "-map_metadata", "-1", "-fflags", "+bitexact",
                    str(folder / "inhalt.mp4")], check=True)
    (folder / "inhalt.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:03.000\n{CAPTION}\n", encoding="utf-8")
    (folder / "inhalt.txt").write_text(f"{CAPTION}\n\nDas ist ein Test.\n", encoding="utf-8")
    (folder / "index.md").write_text(SIGN_PAGE, encoding="utf-8")


def build(project: Path, site_dir: Path, today: str = TODAY) -> None:
    """`python3 build.py build` for a project folder; raises with the build's log on failure."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1633000000")
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--today", today, "-d", str(site_dir)],
        cwd=project, capture_output=True, text=True, env=env,
    )
    if result.returncode != 0:
        raise RuntimeError(f"building {project} failed:\n{result.stderr[-4000:]}")
