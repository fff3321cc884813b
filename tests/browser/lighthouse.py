"""Lighthouse's accessibility audit, started in the background as soon as the sites are served.

One Node process runs Lighthouse (from node_modules, `.ci/run`) over one
page of each type of the example site, against a Chromium of its own with a
DevTools port (CHROME_PATH is Debian's /usr/bin/chromium). Most of its time
is waiting for pages to settle, so it runs while the other browser tests
use the main browser; test_lighthouse.py collects the result.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from ..conftest import CHROMIUM, CHROMIUM_ARGS
from ..projects import REPO
from .sites import CASES, Case

LIGHTHOUSE = REPO / "node_modules" / "lighthouse"
SCRIPT = Path(__file__).with_name("lighthouse_a11y.mjs")
KINDS: dict[str, Case] = {}
for _case in CASES:
    if _case.site == "example" or _case.kind == "sign":  # the DGS page is on the hostile site only
        KINDS.setdefault(_case.kind, _case)
PAGE_TYPES = list(KINDS.values())
"""One page of each type: home, year, session, speakers, speaker, page, subscribe, recordings, statement,
easy_read, sign."""
MISSING = "Lighthouse is not installed: `npm install --no-save lighthouse@12.8.2` (see .ci/run)"


class LighthouseError(RuntimeError):
    """Lighthouse could not run; the message says why (the tests fail with it)."""


class LighthouseRun:
    """A running Lighthouse over `urls`; `results()` waits for it and stops its Chromium.

    A Chromium that does not start is reported by `results()`, to the Lighthouse tests only.
    """

    def __init__(self, urls: list[str]) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="lighthouse-chromium-")
        self._processes: list[subprocess.Popen] = []
        self._error: str | None = None
        self._results: dict[str, Any] | None = None
        try:
            chromium, port = _start_chromium(Path(self._profile.name))
        except LighthouseError as exc:
            self._error = str(exc)
            return
        node = subprocess.Popen(
            [shutil.which("node") or "node", str(SCRIPT), str(port), *urls], cwd=REPO, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=dict(os.environ, CHROME_PATH=CHROMIUM))
        self._processes = [node, chromium]

    @staticmethod
    def installed() -> bool:
        return shutil.which("node") is not None and (LIGHTHOUSE / "package.json").is_file()

    def results(self) -> dict[str, Any]:
        """url → Lighthouse's result (score, form factor, error, failures)."""
        if self._error is not None:
            raise LighthouseError(self._error)
        if self._results is None:
            node = self._processes[0]
            try:
                stdout, stderr = node.communicate(timeout=900)
            finally:
                self.stop()
            if node.returncode != 0:
                raise LighthouseError(f"Lighthouse failed (exit {node.returncode}):\n{stderr[-3000:]}")
            self._results = json.loads(stdout)
        return self._results

    def stop(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.kill()
            process.wait()
        self._profile.cleanup()


def _start_chromium(profile: Path) -> tuple[subprocess.Popen, int]:
    """Chromium with a DevTools port for Lighthouse; the port is read from the profile folder."""
    process = subprocess.Popen([CHROMIUM, *CHROMIUM_ARGS, "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"
    for _ in range(300):
        if port_file.is_file() and port_file.read_text().strip():
            return process, int(port_file.read_text().split()[0])
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    process.wait()
    raise LighthouseError(f"{CHROMIUM} did not open a DevTools port")
