"""Calendars that tell the whole story: DESCRIPTION says first what happened to a session.

Outlook ignores STATUS:CANCELLED, calcurse and one-off imports keep only the
title and the description; so a moved event's description starts with
„Verschoben vom …“, a cancelled one's with „Abgesagt.“ (and the editor's
reason), and a session that took place leads to its recording. Each case is
read from the built session file with both parsers, icalendar and the strict `ical`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from .projects import Project, new_project, session
from .test_calendars import by_ical, by_icalendar, core_calendars

HOST = "reihe.example.org"


@dataclass(frozen=True)
class Story:
    id: str
    slug: str
    extra: str
    """Front matter added to the session, as an editor types it."""
    starts: str
    """The first paragraph of DESCRIPTION."""
    language: str = "de"


STORIES = [
    Story("moved", "verschoben", "rescheduled_from: [2021-10-12 14:00]",
          "Verschoben vom Dienstag, 12. Oktober 2021, 14:00 Uhr."),
    Story("moved-twice", "zweimal", "rescheduled_from:\n  - 2021-10-12 14:00\n  - 2021-10-19 09:30",
          "Verschoben vom Dienstag, 12. Oktober 2021, 14:00 Uhr; Dienstag, 19. Oktober 2021, 09:30 Uhr."),
    Story("cancelled", "abgesagt", "status: cancelled", "Abgesagt."),
    Story("cancelled-with-reason", "abgesagt-grund",
          'status: cancelled\ncancel_reason: "Die Referentin ist erkrankt."',
          "Abgesagt. Die Referentin ist erkrankt."),
    Story("cancelled-after-a-move", "abgesagt-verschoben", "status: cancelled\nrescheduled_from: [2021-10-12 14:00]",
          "Abgesagt."),
    Story("recorded", "aufgezeichnet", "recording:\n  url: https://www.youtube.com/watch?v=abcdefghijk",
          "Aufzeichnung: https://www.youtube.com/watch?v=abcdefghijk"),
    Story("recorded-here", "eigene-datei", "recording:\n  url: media/auftakt.mp4",
          f"Aufzeichnung: https://{HOST}/media/auftakt.mp4"),
    Story("moved-in-english", "moved", "rescheduled_from: [2021-10-12 14:00]",
          "Rescheduled from Tuesday, October 12, 2021, 2:00\u202fPM.", language="en"),
    Story("cancelled-in-english", "cancelled", "status: cancelled\ncancel_reason: The speaker is ill.",
          "Cancelled. The speaker is ill.", language="en"),
]


def _built(root: Path, language: str) -> dict[str, bytes]:
    project = new_project(root, {story.slug: session(title=story.id, start="2021-11-02 14:00", extra=story.extra,
                                                     abstract="Worum es geht.")
                                 for story in STORIES if story.language == language})
    if language == "en":
        project.config(theme={**_theme(project), "language": "en"})
    project.write("content/media/auftakt.mp4", b"\x00\x00\x00\x18ftypmp42")
    return core_calendars(project.root, today=date(2021, 12, 1))


def _theme(project: Project) -> dict:
    import yaml

    return yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]


@pytest.fixture(scope="module")
def calendars(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    return {language: _built(tmp_path_factory.mktemp(language), language) for language in ("de", "en")}


def _descriptions(data: bytes, uid: str) -> dict[str, str]:
    return {"icalendar": str(by_icalendar(data)[uid]["DESCRIPTION"]), "ical": by_ical(data)[uid].description}


@pytest.mark.parametrize("story", STORIES, ids=lambda story: story.id)
def test_description_starts_with_what_happened(calendars: dict[str, dict[str, bytes]], story: Story) -> None:
    data = calendars[story.language][f"2021/{story.slug}.ics"]
    for parser, text in _descriptions(data, f"2021-{story.slug}@{HOST}").items():
        first, _, rest = text.partition("\n\n")
        assert first == story.starts, (parser, text)
        assert rest.startswith("Worum es geht."), (parser, text)


def test_a_plain_session_starts_with_its_abstract(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"auftakt": session(abstract="Worum es geht.")})
    data = core_calendars(project.root)["2021/auftakt.ics"]
    for parser, text in _descriptions(data, f"2021-auftakt@{HOST}").items():
        assert text.startswith("Worum es geht.\n\n"), (parser, text)


def test_the_cancelled_page_gives_the_reason(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"auftakt": session(
        extra='status: cancelled\ncancel_reason: "Die Referentin ist erkrankt."')})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    page = (project.root / "site/2021/auftakt/index.html").read_text(encoding="utf-8")
    assert "Diese Veranstaltung ist abgesagt.</strong> <span>Die Referentin ist erkrankt.</span>" in page
