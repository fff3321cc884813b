"""The benchmark must not rot: run it at Y = 1 with one repetition.

No timing assertions — only that every measurement ran and the JSON has the
structure runs are compared by (see bench/run.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.generate import make_corpus, session_file, speaker_file

REPO = Path(__file__).resolve().parent.parent


def test_generator_is_deterministic_and_realistic():
    first, second = make_corpus(2), make_corpus(2)
    assert [session_file(s) for s in first.sessions] == [session_file(s) for s in second.sessions]
    assert [speaker_file(s) for s in first.speakers] == [speaker_file(s) for s in second.speakers]
    assert len(first.sessions) == 24 and len(first.speakers) == 8
    assert all(len(s.speakers) == 2 for s in first.sessions)
    assert all(s.sessions for s in first.speakers), "every speaker appears somewhere"
    assert sum(s.status == "cancelled" for s in first.sessions) == 2
    assert sum(bool(s.rescheduled_from) for s in first.sessions) == 2
    past = [s for s in first.sessions if s.start.date() < first.today and s.status != "cancelled"]
    assert past and all(isinstance(s.recording, dict) for s in past)
    words = [len(s.abstract.split()) for s in first.sessions]
    assert min(words) >= 250 and max(words) <= 400
    assert any(ch in first.sessions[0].abstract for ch in "äöüÄÖÜß")


def test_benchmark_runs_at_one_year(tmp_path):
    out = tmp_path / "result.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--years", "1", "--repeat", "1", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Targets:" in result.stdout and "ms/page" in result.stdout

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    assert data["settings"]["years"] == [1] and data["settings"]["repeat"] == 1
    machine = data["machine"]
    assert machine["cpu"] and machine["cores"] >= 1 and machine["python"]
    assert machine["packages"]["mkdocs"] and machine["packages"]["mkdocs-material"]

    [row] = data["builds"]
    assert row["years"] == 1 and row["sessions"] == 12 and row["speakers"] == 4
    assert row["pages"] > 12 and row["pages"] == row["pages_plain"], "the baseline has the same pages"
    for key in ("ours_s", "plain_s", "ratio", "ms_per_page", "plain_ms_per_page"):
        assert row[key] > 0, key
    assert len(row["ours_runs_s"]) == len(row["plain_runs_s"]) == 1

    assert data["check"]["years"] == 1 and data["check"]["seconds"] > 0
    assert data["memory"]["ours_peak_rss_mb"] > 0 and data["memory"]["plain_peak_rss_mb"] > 0
    serve = data["serve"]
    assert serve["ours_s"] > 0 and serve["plain_s"] > 0 and serve["ratio"] > 0
    assert len(serve["ours"]["rebuild_runs_s"]) == 1

    targets = {t["name"]: t for t in data["targets"]}
    assert set(targets) == {"ratio_y1", "linear", "check", "serve"}
    for target in targets.values():
        assert target["description"] and target["limit"] > 0
        assert target["met"] in (True, False, None)
    assert targets["linear"]["met"] is None, "one size cannot show linearity"
    assert targets["check"]["met"] is (data["check"]["seconds"] < 1.0)
