"""The Erklärung zur Barrierefreiheit as its settings make it, and the settings' messages.

Pure core: mkdocs.yml settings in, the statement's sentences out (the browser
tests check the rendered page, its footer link and its sections).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from series_publisher.inputs import last_commit_time
from series_publisher.problems import Problems
from series_publisher.settings import settings_from_config
from series_publisher.statement import statement_context

from .projects import MKDOCS_YML


def settings_for(root: Path, accessibility: dict[str, Any] | None, language: str = "de"):
    config = {**MKDOCS_YML, "theme": {**MKDOCS_YML["theme"], "language": language},
              "extra": {"series": {**MKDOCS_YML["extra"]["series"]}}}
    if accessibility is not None:
        config["extra"]["series"]["accessibility"] = accessibility
    problems = Problems()
    settings = settings_from_config(config, root / "mkdocs.yml", problems)
    return settings, problems


def commit(root: Path, when: str) -> None:
    """A git repository whose last commit is at `when` (the statement's default date)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=root, env=env,
                       check=True, capture_output=True)


@dataclass(frozen=True)
class Case:
    id: str
    accessibility: dict[str, Any] | None
    expected: dict[str, str] = field(default_factory=dict)
    """context key -> a phrase it must contain"""
    language: str = "de"


CASES = [
    Case("defaults", None, {
        "status_text": "teilweise vereinbar",
        "prepared": "Diese Erklärung wurde am Montag, 2. November 2026 erstellt.",
        "reviewed": "zuletzt am Montag, 2. November 2026 überprüft",
        "method": "Selbstbewertung",
        "intro": "Behindertengleichstellungsgesetz (BGG)",
    }),
    Case("full", {"status": "full", "method": "external", "prepared": "2026-03-01", "reviewed": "2026-10-01"}, {
        "status_text": "vollständig vereinbar",
        "prepared": "Sonntag, 1. März 2026",
        "reviewed": "Donnerstag, 1. Oktober 2026",
        "method": "Prüfung durch Dritte",
    }),
    Case("not compliant", {"status": "none"}, {"status_text": "nicht vereinbar"}),
    Case("land body", {"regulation": "dem BayBGG und der BayBITV",
                       "arbitration": {"name": "Durchsetzungs- und Schlichtungsstelle des Landes",
                                       "email": "stelle@example.org"}}, {
        "intro": "im Einklang mit dem BayBGG und der BayBITV",
    }),
    Case("english", {"status": "partial"}, {
        "status_text": "partially compliant",
        "prepared": "This statement was prepared on Monday, November 2, 2026.",
        "method": "self-assessment",
    }, language="en"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_statement_sentences(tmp_path: Path, case: Case) -> None:
    commit(tmp_path, "2026-11-02T10:00:00+01:00")
    settings, problems = settings_for(tmp_path, case.accessibility, case.language)
    assert settings is not None, problems.items
    context = statement_context(settings, last_commit_time(tmp_path))
    for key, phrase in case.expected.items():
        assert phrase in context[key], f"{key}: {context[key]!r} lacks {phrase!r}"


def test_contact_defaults_to_the_organiser_and_arbitration_to_the_bgg_body(tmp_path: Path) -> None:
    commit(tmp_path, "2026-11-02T10:00:00+01:00")
    settings, _ = settings_for(tmp_path, None)
    context = statement_context(settings, last_commit_time(tmp_path))
    assert context["contact"]["name"] == "Testverein e.V."
    assert {"label": "E-Mail", "text": "reihe@example.org", "href": "mailto:reihe@example.org"} in context["contact"]["rows"]
    assert "§ 16 BGG" in context["arbitration"]["name"]
    assert [r["href"] for r in context["arbitration"]["rows"] if r["label"] == "Internet"] == [
        "https://www.schlichtungsstelle-bgg.de/"]


def test_limitations_keep_the_editors_words(tmp_path: Path) -> None:
    limitation = {"content": "Videos von 2020 haben keine Untertitel.", "reason": "Aufwand",
                  "alternative": "Mitschrift per E-Mail"}
    settings, _ = settings_for(tmp_path, {"limitations": [limitation]})
    assert statement_context(settings, None)["limitations"] == [limitation]


@pytest.mark.parametrize("accessibility, message", [
    ({"status": "mostly"}, "extra.series.accessibility.status: „mostly“ ist nicht erlaubt; erlaubt: 'full', 'partial' oder 'none'"),
    ({"prepared": "20.11.2026"}, "extra.series.accessibility.prepared: „20.11.2026“ ist kein Datum"),
    ({"limitations": [{"reason": "x"}]}, "extra.series.accessibility.limitations.0.content: Pflichtangabe fehlt"),
    ({"contact": {"name": "A", "fax": "1"}}, "extra.series.accessibility.contact.fax: unbekannte Angabe"),
], ids=["status", "date", "limitation without content", "unknown key"])
def test_wrong_statement_settings_are_named_in_german(tmp_path: Path, accessibility: dict, message: str) -> None:
    settings, problems = settings_for(tmp_path, accessibility)
    assert settings is None
    assert any(p.message.startswith(message) for p in problems.items), [p.message for p in problems.items]
