"""The publish workflows hold no more power than they need.

The build runs content that many hands wrote. A token left in `.git/config`
or an action that can be swapped under a movable tag would hand that content
the repository. zizmor (the GitHub Actions auditor, pinned in
requirements-dev.txt, run offline) must find nothing of medium or high
severity; the rules it cannot see (GitLab) are checked here directly.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .projects import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
GITLAB = REPO / ".gitlab-ci.yml"


def _zizmor() -> str:
    beside_python = Path(sys.executable).with_name("zizmor")
    found = str(beside_python) if beside_python.exists() else shutil.which("zizmor")
    assert found, "zizmor is missing: pip install -r requirements-dev.txt"
    return found


def _findings(*targets: Path, persona: str = "regular") -> list[dict]:
    result = subprocess.run(
        [_zizmor(), "--offline", "--format", "json", "--min-severity", "medium", "--persona", persona,
         *map(str, targets)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.strip().startswith("["), result.stderr
    return json.loads(result.stdout)


def test_zizmor_finds_nothing_medium_or_high() -> None:
    findings = _findings(REPO / ".github")
    assert findings == [], "\n".join(f"{f['ident']}: {f['desc']}" for f in findings)


def test_zizmor_would_see_an_unpinned_action_and_a_persisted_token(tmp_path: Path) -> None:
    """The audit is live: the old workflow's two mistakes are findings."""
    broken = tmp_path / ".github" / "workflows" / "publish.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8")
    text = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", text, count=1)
    text = re.sub(r"\n +persist-credentials: false[^\n]*", "", text, count=1)
    broken.write_text(text, encoding="utf-8")
    idents = {finding["ident"] for finding in _findings(broken)}
    assert {"unpinned-uses", "artipacked"} <= idents


def _steps() -> list[dict]:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return [step for job in jobs.values() for step in job.get("steps", [])]


def test_every_action_is_pinned_to_a_commit_with_its_version_named() -> None:
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == 5
    for line in lines:
        assert re.search(r"uses: [\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def test_every_checkout_leaves_no_token_behind() -> None:
    checkouts = [step for step in _steps() if step.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 2
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_each_job_asks_only_for_what_it_needs() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    granted = {name: job.get("permissions") for name, job in workflow["jobs"].items()}
    assert granted == {"test": {"contents": "read"}, "build": {"contents": "read"},
                       "deploy": {"pages": "write", "id-token": "write"}}


def test_dependabot_keeps_the_pins_current() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert [u["package-ecosystem"] for u in config["updates"]] == ["github-actions", "pip"]
    assert all(u["cooldown"]["default-days"] >= 7 for u in config["updates"])


def test_gitlab_builds_without_the_job_token() -> None:
    """No token in .git/config (runner feature flag), none in the build's environment."""
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert ci["variables"]["FF_GIT_URLS_WITHOUT_TOKENS"] == "true"
    unset = re.findall(r"-u (\w+)", ci["variables"]["NO_TOKENS"])
    assert {"CI_JOB_TOKEN", "CI_REPOSITORY_URL", "CI_REGISTRY_PASSWORD"} <= set(unset)
    runs_content = [line for job in ("test", "pages") for line in ci[job]["script"]
                    if "build.py build" in line or ".ci/run" in line]
    assert runs_content and all(line.startswith("$NO_TOKENS ") for line in runs_content)


def test_no_tokens_really_removes_the_token() -> None:
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    command = ci["variables"]["NO_TOKENS"].split() + [sys.executable, "-c",
                                                      "import os; print(os.environ.get('CI_JOB_TOKEN'))"]
    result = subprocess.run(command, capture_output=True, text=True,
                            env={"CI_JOB_TOKEN": "geheim", "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "None"
