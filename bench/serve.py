"""The live preview: from saving a session file to `serve` reloading the browser, ours and plain MkDocs'.

Each server runs as a subprocess whose log lines arrive, time-stamped, in a
queue; a rebuild is timed from the log line 'Detected file changes' to
'Reloading browsers', an edit from the moment the file was written.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .files import REPO
from .measure import BenchError, Projects

SERVE_TIMEOUT = 600


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# MkDocs' lines, and the German build.py shows for them (series_publisher/mkdocs_de.py).
SERVING = ("Serving on", "Vorschau unter")
DETECTED = ("Detected file changes", "Änderung bemerkt")
RELOADED = ("Reloading browsers", "Der Browser lädt die Seite neu")
BUILT_IN = re.compile(r"(?:Documentation built|Gebaut) in ([\d.,]+)")


class Server:
    """A `serve` subprocess whose log lines arrive, time-stamped, in a queue."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str], what: str) -> None:
        self.what = what
        self.log: list[str] = []
        self.lines: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1, encoding="utf-8", errors="replace")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))
        self.lines.put(None)

    def wait_for(self, needles: tuple[str, ...], timeout: float) -> tuple[float, list[str]]:
        """Time the first line containing one of `needles` arrived, and the lines up to it."""
        needle = needles[0]
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BenchError(f"{self.what}: no „{needle}“ within {timeout:.0f} s; log:\n" + self.tail())
            try:
                item = self.lines.get(timeout=min(remaining, 1.0))
            except queue.Empty:
                continue
            if item is None:
                raise BenchError(f"{self.what} exited (code {self.proc.wait()}); log:\n" + self.tail())
            stamp, line = item
            self.log.append(line)
            seen.append(line)
            if "An error happened during the rebuild" in line or "Traceback" in line:
                raise BenchError(f"{self.what}: the rebuild failed; log:\n" + self.tail())
            if any(text in line for text in needles):
                return stamp, seen

    def quiet(self, seconds: float, timeout: float) -> None:
        """Wait until the log has been silent for `seconds` (no rebuild still under way)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                item = self.lines.get(timeout=seconds)
            except queue.Empty:
                return
            if item is None:
                raise BenchError(f"{self.what} exited (code {self.proc.wait()}); log:\n" + self.tail())
            self.log.append(item[1])

    def tail(self) -> str:
        return "\n".join(self.log[-40:])

    def stop(self) -> None:
        """SIGINT (serve cleans its temporary site folder), then kill if it lingers."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.reader.join(timeout=5)


def _wait_http(url: str, timeout: float, server: Server) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise BenchError(f"{server.what} exited before serving; log:\n" + server.tail())
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"{server.what}: {url} did not answer within {timeout:.0f} s")


def _edit(path: Path, original: str, round_: int) -> None:
    """A real change to the abstract, written atomically (one file event)."""
    text = original.rstrip("\n") + f"\n\nÄnderung {round_ + 1} für den Benchmark: Überprüfung der Neuerstellung.\n"
    temporary = path.with_name(f".{path.name}.bench")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a running process (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class ServeRuns:
    """One server, `repeat` edits of one file."""

    rebuild_s: float
    rebuild_runs_s: list[float]
    edit_to_reload_runs_s: list[float]
    mkdocs_reported_s: list[float]
    """What MkDocs itself says ('Documentation built in …')."""
    cpu_s: float | None
    """The server's CPU seconds for the best rebuild (None without /proc)."""
    cpu_runs_s: list[float]
    startup_s: float


@dataclass
class _Rounds:
    rebuilds: list[float]
    edit_to_reload: list[float]
    reported: list[float]
    cpu: list[float]


def serve_rebuilds(cmd: list[str], cwd: Path, env: dict[str, str], edit: Path, repeat: int, what: str) -> ServeRuns:
    """Start the server, edit one file `repeat` times, time each rebuild from the log."""
    port = free_port()
    server = Server(cmd + ["--dev-addr", f"127.0.0.1:{port}"], cwd, env, what)
    original = edit.read_text(encoding="utf-8")
    rounds = _Rounds([], [], [], [])
    try:
        started = time.perf_counter()
        stamp, _ = server.wait_for(SERVING, SERVE_TIMEOUT)
        _wait_http(f"http://127.0.0.1:{port}/", 60, server)
        server.quiet(1.5, 30)  # the polling observer has its first snapshot
        for round_ in range(repeat):
            _one_round(server, edit, original, round_, rounds)
    finally:
        server.stop()
        edit.write_text(original, encoding="utf-8")
    return ServeRuns(
        rebuild_s=round(min(rounds.rebuilds), 4), rebuild_runs_s=[round(t, 4) for t in rounds.rebuilds],
        edit_to_reload_runs_s=[round(t, 4) for t in rounds.edit_to_reload], mkdocs_reported_s=rounds.reported,
        cpu_s=round(min(rounds.cpu), 4) if rounds.cpu else None, cpu_runs_s=[round(t, 4) for t in rounds.cpu],
        startup_s=round(stamp - started, 3),
    )


def _one_round(server: Server, edit: Path, original: str, round_: int, rounds: _Rounds) -> None:
    cpu_before = _process_cpu(server.proc.pid)
    edited = time.perf_counter()
    _edit(edit, original, round_)
    detected, _ = server.wait_for(DETECTED, 60)
    done, lines = server.wait_for(RELOADED, SERVE_TIMEOUT)
    cpu_after = _process_cpu(server.proc.pid)
    if cpu_before is not None and cpu_after is not None:
        rounds.cpu.append(cpu_after - cpu_before)
    rounds.rebuilds.append(done - detected)
    rounds.edit_to_reload.append(done - edited)
    rounds.reported += [float(match[1].replace(",", ".")) for match in map(BUILT_IN.search, lines) if match]
    server.quiet(1.5, 60)


@dataclass(frozen=True)
class ServeRow:
    """The live preview at one size, ours against plain `mkdocs serve`."""

    years: int
    ours_edit_to_reload_s: float
    plain_edit_to_reload_s: float
    edited: dict[str, str]
    """'ours' and 'plain' → the edited file, relative to its project."""
    measured: str
    ours_s: float
    plain_s: float
    ratio: float
    cpu_ratio: float | None
    ours: ServeRuns
    plain: ServeRuns


def measure_serve(p: Projects, env: dict[str, str], repeat: int, today: date) -> ServeRow:
    ours = serve_rebuilds([sys.executable, str(REPO / "build.py"), "serve", "-f", str(p.ours_config),
                           "--today", today.isoformat()], p.ours_root, env, p.ours_edit, repeat,
                          f"build.py serve (Y={p.years})")
    plain = serve_rebuilds([sys.executable, "-m", "mkdocs", "serve", "-f", str(p.plain_config)],
                           p.plain_root, env, p.plain_edit, repeat, f"mkdocs serve (Y={p.years})")
    return ServeRow(
        years=p.years, ours_edit_to_reload_s=round(min(ours.edit_to_reload_runs_s), 4),
        plain_edit_to_reload_s=round(min(plain.edit_to_reload_runs_s), 4),
        edited={"ours": p.ours_edit.relative_to(p.ours_root).as_posix(),
                "plain": p.plain_edit.relative_to(p.plain_root).as_posix()},
        measured="log line 'Detected file changes' to 'Reloading browsers' (best of the edits)",
        ours_s=ours.rebuild_s, plain_s=plain.rebuild_s, ratio=round(ours.rebuild_s / plain.rebuild_s, 4),
        cpu_ratio=round(ours.cpu_s / plain.cpu_s, 4) if ours.cpu_s and plain.cpu_s else None,
        ours=ours, plain=plain,
    )
