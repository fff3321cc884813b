"""`build.py serve` as an editor uses it: save a file, look at the browser.

The server runs for real on a free port; the tests read pages over HTTP as the
browser would after its automatic reload. No timing is asserted here (the
benchmark measures the live preview); only that the change arrives.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from bs4 import BeautifulSoup

from .projects import REPO, Project, _env, new_project, session

PAGE = "2021/auftakt/"
FILE = "series/2021/sessions/auftakt.md"


@dataclass
class Server:
    project: Project
    url: str
    process: subprocess.Popen

    def text(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.read().decode("utf-8", "replace")

    def wait_until(self, path: str, condition, timeout: float = 90) -> BeautifulSoup:
        """The page once `condition(soup)` holds, as the reloaded browser would show it."""
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, "build.py serve ended"
            try:
                soup = BeautifulSoup(self.text(path), "html.parser")
                if condition(soup):
                    return soup
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"/{path} did not change within {timeout} s:\n{soup.get_text()[:2000]}")
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = new_project(tmp_path / "p", sessions={"auftakt": session(abstract="Erste Fassung.")})
    port = _free_port()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project.root, env=_env("2021-09-01", None), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    running = Server(project, f"http://127.0.0.1:{port}/", process)
    try:
        running.wait_until(PAGE, lambda soup: "Erste Fassung." in soup.get_text())
        yield running
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as a user stops the preview; killed if it does not end."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _error_box(soup: BeautifulSoup) -> str:
    box = soup.select_one(".sp-build-errors")
    return " ".join(box.get_text().split()) if box else ""


def test_an_edited_session_shows_in_the_preview(server: Server) -> None:
    server.project.write(FILE, session(title="Neuer Titel", abstract="Zweite Fassung."))
    soup = server.wait_until(PAGE, lambda soup: "Zweite Fassung." in soup.get_text())
    assert soup.find("h1").get_text() == "Neuer Titel"
    year = server.wait_until("2021/", lambda soup: "Neuer Titel" in soup.get_text())
    assert "Neuer Titel" in [a.get_text() for a in year.select("article table a")]


def test_a_content_error_shows_in_the_browser_and_goes_when_fixed(server: Server) -> None:
    server.project.write(FILE, session(extra="spreakers: [prof-dr-lea-hartmann]", abstract="Erste Fassung."))
    soup = server.wait_until(PAGE, lambda soup: bool(_error_box(soup)))
    box = _error_box(soup)
    assert f"{FILE}:7" in box, f"the error page names file and line: {box}"
    assert "So beheben:" in box, f"… and how to fix it: {box}"
    assert "1 Fehler" in box
    home = server.wait_until("", lambda soup: bool(_error_box(soup)))
    assert f"{FILE}:7" in _error_box(home), "every page shows it, wherever the editor looks"
    server.project.write(FILE, session(abstract="Wieder richtig."))
    fixed = server.wait_until(PAGE, lambda soup: "Wieder richtig." in soup.get_text())
    assert not _error_box(fixed)


def test_plain_mkdocs_serve_started_with_an_error_shows_it_and_recovers(tmp_path: Path) -> None:
    """`mkdocs serve` has no check of its own first: the very first build already shows the error page."""
    project = new_project(tmp_path / "p", sessions={"auftakt": session(extra="spreakers: [x]")})
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project.root, env=_env("2021-09-01", None), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(project, f"http://127.0.0.1:{port}/", process)
    try:
        home = server.wait_until("", lambda soup: bool(_error_box(soup)))
        assert f"{FILE}:7" in _error_box(home)
        project.write(FILE, session(abstract="Jetzt richtig."))
        server.wait_until(PAGE, lambda soup: "Jetzt richtig." in soup.get_text())
    finally:
        _stop(process)
