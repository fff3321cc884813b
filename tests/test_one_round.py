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

from .projects import MKDOCS_YML, Project, new_project, session
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
