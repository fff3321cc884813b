"""Run the benchmark: ours (build.py + hooks) against plain MkDocs + Material.

For each size Y (and for one big year of 500 sessions) it generates the
series project, as a git repository with a commit per session, and the plain
project with the same pages into a temporary folder, then times `build.py
build` and `mkdocs build --strict` as subprocesses (wall and CPU time, best of
N, alternating so drift hits both). It also measures the marginal cost of a
page between the two largest sizes, the first visit of a session page in
Chromium (bytes, gzip) and the time to a first search result, the HTML of a
session page in the big year against a year of 12, the live preview (from
saving a session file to `serve` reloading the browser) at the smallest and
the largest size, `build.py check` and the peak RSS. It prints a table and
the ratios, reports each target as met or missed and writes everything as
JSON.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import queue
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from .generate import (DEFAULT_SEED, DEFAULT_TODAY, REPO, SESSIONS_PER_YEAR, make_corpus, session_source,
                       write_series_project)
from .plain import plain_source, write_plain_project
from .visit import visit

SCHEMA = 2
DEFAULT_OUT = REPO / "bench" / "results" / "latest.json"
SOURCE_DATE_EPOCH = "1790812800"  # 2026-10-01T00:00:00Z
RATIO_LIMIT = 1.10
LINEAR_LIMIT = 1.10
CHECK_LIMIT_S = 1.0
FIRST_VISIT_LIMIT_KB = 100
BIG_YEAR = 500
BIG_PAGE_LIMIT = 1.5
PREVIEW_LIMIT_S = {2: 1.0, 20: 2.0}
"""Live preview targets by size; sizes in between take the larger of their neighbours' limits."""
SEARCH_WORD = "Bürgerbeteiligung"
BUILD_TIMEOUT = 900
SERVE_TIMEOUT = 600
PACKAGES = ["mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "PyYAML", "pydantic",
            "pydantic_core", "icalendar", "babel", "watchdog", "click"]


class BenchError(RuntimeError):
    """A build or server failed; the message says which and shows its output."""


# ---------------------------------------------------------------- projects


@dataclass
class Projects:
    years: int
    ours_config: Path
    plain_config: Path
    ours_edit: Path
    plain_edit: Path
    sessions: int
    speakers: int
    sessions_per_year: int = SESSIONS_PER_YEAR
    commits: int = 0

    @property
    def label(self) -> str:
        return str(self.years) if self.sessions_per_year == SESSIONS_PER_YEAR else f"{self.years}x{self.sessions_per_year}"

    @property
    def ours_root(self) -> Path:
        return self.ours_config.parent

    @property
    def plain_root(self) -> Path:
        return self.plain_config.parent


def prepare(years: int, work: Path, seed: int, today: date, sessions_per_year: int = SESSIONS_PER_YEAR,
            plain: bool = True) -> Projects:
    corpus = make_corpus(years, seed=seed, today=today, sessions_per_year=sessions_per_year)
    base = work / (f"y{years}" if sessions_per_year == SESSIONS_PER_YEAR else f"y{years}x{sessions_per_year}")
    ours = write_series_project(corpus, base / "series-project")
    plain_config = write_plain_project(corpus, base / "plain-project", ours) if plain else base / "none"
    edited = corpus.years[-1].sessions[len(corpus.years[-1].sessions) // 2]
    commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=ours.parent, capture_output=True,
                                 text=True).stdout.strip() or 0)
    return Projects(years, ours, plain_config, session_source(ours.parent, edited),
                    plain_source(plain_config.parent, edited), len(corpus.sessions), len(corpus.speakers),
                    sessions_per_year, commits)


def bench_env(today: date) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, SERIES_TODAY=today.isoformat(),
               PYTHONUNBUFFERED="1")
    return env


def ours_build_cmd(p: Projects, site: Path, today: date) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "-f", str(p.ours_config), "-d", str(site),
            "--today", today.isoformat()]


def plain_build_cmd(p: Projects, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(p.plain_config), "-d", str(site)]


# ---------------------------------------------------------------- timing


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path, env: dict[str, str], what: str) -> float:
    return timed_cpu(cmd, cwd, env, what)[0]


def timed_cpu(cmd: list[str], cwd: Path, env: dict[str, str], what: str) -> tuple[float, float]:
    """Wall time, and CPU time (user + system, the process and its children) of one command."""
    cpu = _children_cpu()
    start = time.perf_counter()
    try:
        result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{what}: no result after {BUILD_TIMEOUT} s") from exc
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise BenchError(f"{what} failed (exit {result.returncode}):\n{result.stderr[-3000:]}{result.stdout[-1000:]}")
    return elapsed, _children_cpu() - cpu


def count_pages(site: Path) -> int:
    """HTML pages of a built site (index.html files that are not redirects)."""
    count = 0
    for path in site.rglob("index.html"):
        with path.open("rb") as stream:
            if b'http-equiv="refresh"' not in stream.read(800):
                count += 1
    return count


def measure_builds(p: Projects, env: dict[str, str], repeat: int, today: date) -> dict[str, Any]:
    """Ours as editors build (compiled templates from the last build), ours as on a fresh machine, plain.

    Interleaved, so slow drift of the machine hits all three. The cold build
    gets a new, empty temporary folder each time: no compiled templates
    (Jinja's cache lives there), as on a CI runner's first build.
    """
    ours_site, plain_site = p.ours_root / "site", p.plain_root / "site"
    runs: dict[str, list[float]] = {"ours": [], "cold": [], "plain": []}
    cpu: dict[str, list[float]] = {"ours": [], "cold": [], "plain": []}
    for _ in range(repeat):
        for kind in ("ours", "cold", "plain"):
            if kind == "plain":
                cmd, cwd, run_env = plain_build_cmd(p, plain_site), p.plain_root, env
            else:
                cmd, cwd = ours_build_cmd(p, ours_site, today), p.ours_root
                run_env = env if kind == "ours" else dict(env, TMPDIR=tempfile.mkdtemp(dir=env["TMPDIR"]))
            wall, used = timed_cpu(cmd, cwd, run_env, f"{kind} build (Y={p.years})")
            runs[kind].append(wall)
            cpu[kind].append(used)
    pages, plain_pages = count_pages(ours_site), count_pages(plain_site)
    ours, cold, plain = min(runs["ours"]), min(runs["cold"]), min(runs["plain"])
    return {
        "years": p.years, "label": p.label, "sessions_per_year": p.sessions_per_year, "commits": p.commits,
        "sessions": p.sessions, "speakers": p.speakers,
        "pages": pages, "pages_plain": plain_pages,
        "ours_s": round(ours, 4), "plain_s": round(plain, 4), "ratio": round(ours / plain, 4),
        "ours_cold_s": round(cold, 4), "cold_ratio": round(cold / plain, 4),
        "ms_per_page": round(1000 * ours / pages, 3), "plain_ms_per_page": round(1000 * plain / plain_pages, 3),
        "overhead_ms_per_page": round(1000 * (ours - plain) / pages, 3),
        "ours_runs_s": [round(t, 4) for t in runs["ours"]], "plain_runs_s": [round(t, 4) for t in runs["plain"]],
        "ours_cold_runs_s": [round(t, 4) for t in runs["cold"]],
        "ours_cpu_s": round(min(cpu["ours"]), 4), "plain_cpu_s": round(min(cpu["plain"]), 4),
        "ours_cold_cpu_s": round(min(cpu["cold"]), 4),
        "cpu_ratio": round(min(cpu["ours"]) / min(cpu["plain"]), 4),
        "ours_cpu_runs_s": [round(t, 4) for t in cpu["ours"]], "plain_cpu_runs_s": [round(t, 4) for t in cpu["plain"]],
    }


def measure_check(p: Projects, env: dict[str, str], repeat: int) -> dict[str, Any]:
    cmd = [sys.executable, str(REPO / "build.py"), "check", "-f", str(p.ours_config)]
    runs = [timed(cmd, p.ours_root, env, f"build.py check (Y={p.years})") for _ in range(repeat)]
    return {"years": p.years, "seconds": round(min(runs), 4), "runs_s": [round(t, 4) for t in runs]}


_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def peak_rss_mb(cmd: list[str], cwd: Path, env: dict[str, str], what: str) -> float:
    """Peak RSS of one build, from a fresh wrapper process (its RUSAGE_CHILDREN holds just that build)."""
    result = subprocess.run([sys.executable, "-c", _RSS_WRAPPER, *cmd], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=BUILD_TIMEOUT)
    if result.returncode != 0:
        raise BenchError(f"{what} failed under the RSS wrapper (exit {result.returncode})")
    return round(int(result.stdout.split()[-1]) / 1024, 1)  # ru_maxrss is in KiB on Linux


def measure_memory(p: Projects, env: dict[str, str], today: date) -> dict[str, Any]:
    ours = peak_rss_mb(ours_build_cmd(p, p.ours_root / "site", today), p.ours_root, env, "build.py build")
    plain = peak_rss_mb(plain_build_cmd(p, p.plain_root / "site"), p.plain_root, env, "mkdocs build")
    return {"years": p.years, "ours_peak_rss_mb": ours, "plain_peak_rss_mb": plain, "ratio": round(ours / plain, 3)}


def html_sizes(site: Path) -> dict[str, Any]:
    """Bytes of HTML: every page, and the median session page (<year>/<slug>/index.html)."""
    sessions = sorted(path.stat().st_size for path in site.glob("[0-9][0-9][0-9][0-9]/*/index.html"))
    total = sum(path.stat().st_size for path in site.rglob("*.html"))
    return {"total_html_bytes": total, "session_pages": len(sessions),
            "median_session_page_bytes": sessions[len(sessions) // 2] if sessions else 0}


def measure_big_year(small: Projects, big: Projects, env: dict[str, str], today: date) -> dict[str, Any]:
    """A session page, and the whole site's HTML per session, in a year of many sessions against a year of 12."""
    site = small.ours_root / "site"
    timed(ours_build_cmd(small, site, today), small.ours_root, env, "build.py build (1 year of 12)")
    twelve, many = html_sizes(site), html_sizes(big.ours_root / "site")
    per_session = {label: sizes["total_html_bytes"] / small_or_big.sessions
                   for label, sizes, small_or_big in (("12", twelve, small), ("big", many, big))}
    return {
        "sessions_per_year": big.sessions_per_year, "twelve": twelve, "big": many,
        "session_page_ratio": round(many["median_session_page_bytes"] / twelve["median_session_page_bytes"], 4),
        "html_per_session_bytes": {"12": round(per_session["12"]), str(big.sessions_per_year): round(per_session["big"])},
        "html_per_session_ratio": round(per_session["big"] / per_session["12"], 4),
    }


def marginal(builds: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Cost of one more page between the two largest sizes, ours over plain's."""
    regular = [row for row in builds if row["sessions_per_year"] == SESSIONS_PER_YEAR]
    if len(regular) < 2:
        return None
    low, high = regular[-2], regular[-1]
    ours = (high["ours_s"] - low["ours_s"]) / (high["pages"] - low["pages"])
    plain = (high["plain_s"] - low["plain_s"]) / (high["pages_plain"] - low["pages_plain"])
    ours_cpu = (high["ours_cpu_s"] - low["ours_cpu_s"]) / (high["pages"] - low["pages"])
    plain_cpu = (high["plain_cpu_s"] - low["plain_cpu_s"]) / (high["pages_plain"] - low["pages_plain"])
    return {"from_years": low["years"], "to_years": high["years"], "ours_ms_per_page": round(1000 * ours, 3),
            "plain_ms_per_page": round(1000 * plain, 3), "ratio": round(ours / plain, 4) if plain > 0 else None,
            "cpu_ratio": round(ours_cpu / plain_cpu, 4) if plain_cpu > 0 else None}


def measure_first_visit(p: Projects, today: date) -> dict[str, Any] | None:
    """A session page of the largest size in Chromium, ours and plain's, each from its last build."""
    edited = p.ours_edit
    path = f"{edited.parent.parent.name}/{edited.stem}/"
    ours = visit(p.ours_root / "site", path, SEARCH_WORD)
    plain = visit(p.plain_root / "site", path, SEARCH_WORD)
    if ours is None or plain is None:
        return None
    return {"years": p.years, "ours": ours, "plain": plain}


# ---------------------------------------------------------------- serve


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


# MkDocs' lines, and the German build.py shows for them (series_publisher/mkdocs_de.py).
SERVING = ("Serving on", "Vorschau unter")
DETECTED = ("Detected file changes", "Änderung bemerkt")
RELOADED = ("Reloading browsers", "Der Browser lädt die Seite neu")
BUILT_IN = re.compile(r"(?:Documentation built|Gebaut) in ([\d.,]+)")


def serve_rebuilds(cmd: list[str], cwd: Path, env: dict[str, str], edit: Path, repeat: int, what: str,
                   ) -> dict[str, Any]:
    """Start the server, edit one file `repeat` times, time each rebuild from the log."""
    port = free_port()
    server = Server(cmd + ["--dev-addr", f"127.0.0.1:{port}"], cwd, env, what)
    original = edit.read_text(encoding="utf-8")
    rebuilds, edit_to_reload, reported, cpu = [], [], [], []
    try:
        started = time.perf_counter()
        stamp, _ = server.wait_for(SERVING, SERVE_TIMEOUT)
        initial = stamp - started
        _wait_http(f"http://127.0.0.1:{port}/", 60, server)
        server.quiet(1.5, 30)  # the polling observer has its first snapshot
        for round_ in range(repeat):
            cpu_before = _process_cpu(server.proc.pid)
            edited = time.perf_counter()
            _edit(edit, original, round_)
            detected, _ = server.wait_for(DETECTED, 60)
            done, lines = server.wait_for(RELOADED, SERVE_TIMEOUT)
            cpu_after = _process_cpu(server.proc.pid)
            if cpu_before is not None and cpu_after is not None:
                cpu.append(cpu_after - cpu_before)
            rebuilds.append(done - detected)
            edit_to_reload.append(done - edited)
            reported += [float(match[1].replace(",", ".")) for match in map(BUILT_IN.search, lines) if match]
            server.quiet(1.5, 60)
    finally:
        server.stop()
        edit.write_text(original, encoding="utf-8")
    return {
        "rebuild_s": round(min(rebuilds), 4),
        "rebuild_runs_s": [round(t, 4) for t in rebuilds],
        "edit_to_reload_runs_s": [round(t, 4) for t in edit_to_reload],
        "mkdocs_reported_s": reported,
        "cpu_s": round(min(cpu), 4) if cpu else None,
        "cpu_runs_s": [round(t, 4) for t in cpu],
        "startup_s": round(initial, 3),
    }


def measure_serve(p: Projects, env: dict[str, str], repeat: int, today: date) -> dict[str, Any]:
    ours = serve_rebuilds([sys.executable, str(REPO / "build.py"), "serve", "-f", str(p.ours_config),
                           "--today", today.isoformat()], p.ours_root, env, p.ours_edit, repeat,
                          f"build.py serve (Y={p.years})")
    plain = serve_rebuilds([sys.executable, "-m", "mkdocs", "serve", "-f", str(p.plain_config)],
                           p.plain_root, env, p.plain_edit, repeat, f"mkdocs serve (Y={p.years})")
    return {
        "years": p.years,
        "ours_edit_to_reload_s": round(min(ours["edit_to_reload_runs_s"]), 4),
        "plain_edit_to_reload_s": round(min(plain["edit_to_reload_runs_s"]), 4),
        "edited": {"ours": p.ours_edit.relative_to(p.ours_root).as_posix(),
                   "plain": p.plain_edit.relative_to(p.plain_root).as_posix()},
        "measured": "log line 'Detected file changes' to 'Reloading browsers' (best of the edits)",
        "ours_s": ours["rebuild_s"], "plain_s": plain["rebuild_s"],
        "ratio": round(ours["rebuild_s"] / plain["rebuild_s"], 4),
        "cpu_ratio": round(ours["cpu_s"] / plain["cpu_s"], 4) if ours["cpu_s"] and plain["cpu_s"] else None,
        "ours": ours, "plain": plain,
    }


# ---------------------------------------------------------------- targets, machine, output


def preview_limit(years: int) -> float:
    for size in sorted(PREVIEW_LIMIT_S):
        if years <= size:
            return PREVIEW_LIMIT_S[size]
    return max(PREVIEW_LIMIT_S.values())


def _target(name: str, description: str, value: float | None, limit: float, below: bool = False) -> dict[str, Any]:
    met = None if value is None else (value < limit if below else value <= limit)
    return {"name": name, "description": description, "value": value, "limit": limit, "met": met}


def targets(builds: list[dict[str, Any]], check: dict[str, Any] | None, serve: list[dict[str, Any]],
            extra: dict[str, Any]) -> list[dict[str, Any]]:
    regular = [row for row in builds if row["sessions_per_year"] == SESSIONS_PER_YEAR]
    result = [_target(f"ratio_y{row['years']}", f"build ours/plain ≤ {RATIO_LIMIT} at Y={row['years']}",
                      row["ratio"], RATIO_LIMIT) for row in regular]
    result += [_target(f"cold_ratio_y{row['years']}", f"first build on a fresh machine, ours/plain ≤ {RATIO_LIMIT} at "
                       f"Y={row['years']}", row["cold_ratio"], RATIO_LIMIT) for row in regular]
    small, large = regular[0], regular[-1]
    value = round(large["ms_per_page"] / small["ms_per_page"], 4) if len(regular) > 1 else None
    result.append(_target("linear", f"ms/page at Y={large['years']} ≤ {LINEAR_LIMIT} × ms/page at Y={small['years']}",
                          value, LINEAR_LIMIT))
    margin = extra.get("marginal")
    result.append(_target("marginal", f"marginal cost of a page ours/plain ≤ {LINEAR_LIMIT}"
                          + (f" (Y={margin['from_years']}→{margin['to_years']})" if margin else ""),
                          margin["ratio"] if margin else None, LINEAR_LIMIT))
    visit_ = extra.get("first_visit")
    result.append(_target("first_visit", f"first visit of a session page ≤ {FIRST_VISIT_LIMIT_KB} KB gzip"
                          + (f" at Y={visit_['years']}" if visit_ else ""),
                          round(visit_["ours"]["bytes_gzip"] / 1000, 1) if visit_ else None, FIRST_VISIT_LIMIT_KB))
    big = extra.get("big_year")
    for row in builds:
        if row["sessions_per_year"] != SESSIONS_PER_YEAR:
            result.append(_target("ratio_big", f"build ours/plain ≤ {RATIO_LIMIT} with {row['sessions_per_year']} "
                                  "sessions in a year", row["ratio"], RATIO_LIMIT))
    if big is not None:
        n = big["sessions_per_year"]
        result.append(_target("big_session_page", f"session page HTML, {n} sessions a year / 12 ≤ {BIG_PAGE_LIMIT}",
                              big["session_page_ratio"], BIG_PAGE_LIMIT))
        result.append(_target("big_html_linear", f"HTML per session, {n} sessions a year / 12 ≤ {BIG_PAGE_LIMIT}",
                              big["html_per_session_ratio"], BIG_PAGE_LIMIT))
    if check is not None:
        result.append(_target("check", f"build.py check at Y={check['years']} < {CHECK_LIMIT_S} s",
                              check["seconds"], CHECK_LIMIT_S, below=True))
    for row in serve:
        limit = preview_limit(row["years"])
        result.append(_target(f"preview_y{row['years']}", f"live preview, save to browser reload ≤ {limit} s at "
                              f"Y={row['years']}", row["ours_edit_to_reload_s"], limit))
    return result


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    memory_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable, "memory_gb": memory_gb,
            "load_average_at_end": load,
            "platform": platform.platform(), "python": platform.python_version(),
            "python_implementation": platform.python_implementation(), "packages": versions}


def repository_state() -> dict[str, Any]:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None

    status = git("status", "--porcelain")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status) if status is not None else None}


def _mark(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "MISSED")


def format_report(data: dict[str, Any]) -> str:
    out = [f"Machine: {data['machine']['cpu']}, {data['machine']['cores']} cores, "
           f"Python {data['machine']['python']}, mkdocs {data['machine']['packages'].get('mkdocs')}, "
           f"mkdocs-material {data['machine']['packages'].get('mkdocs-material')}",
           f"Load average (1/5/15 min) at start {data['machine'].get('load_average_at_start')}, "
           f"at end {data['machine'].get('load_average_at_end')}.",
           f"Best of {data['settings']['repeat']}, wall time of the subprocess (targets); CPU time for comparison.", "",
           f"{'years':>6}  {'pages':>5}  {'ours s':>7}  {'plain s':>7}  {'ratio':>6}  {'cold s':>7}  {'cold':>6}  "
           f"{'ms/page':>7}  {'plain ms/page':>13}  {'ours cpu s':>10}  {'plain cpu s':>11}  {'cpu ratio':>9}",
           ]
    for row in data["builds"]:
        out.append(f"{row['label']:>6}  {row['pages']:>5}  {row['ours_s']:>7.3f}  {row['plain_s']:>7.3f}  "
                   f"{row['ratio']:>6.3f}  {row['ours_cold_s']:>7.3f}  {row['cold_ratio']:>6.3f}  "
                   f"{row['ms_per_page']:>7.2f}  {row['plain_ms_per_page']:>13.2f}  "
                   f"{row['ours_cpu_s']:>10.3f}  {row['plain_cpu_s']:>11.3f}  {row['cpu_ratio']:>9.3f}")
    out.append("(label: years, or years x sessions a year; a commit per session in each project; ours: as editors "
               "build again, with last build's compiled templates; cold: first build on a fresh machine, as in CI)")
    out.append("")
    if data.get("marginal"):
        m = data["marginal"]
        out.append(f"marginal cost of a page Y={m['from_years']}→{m['to_years']}: ours {m['ours_ms_per_page']:.2f} ms, "
                   f"plain {m['plain_ms_per_page']:.2f} ms, ratio {m['ratio']} (CPU ratio {m['cpu_ratio']})")
    if data.get("first_visit"):
        v = data["first_visit"]
        out.append(f"first visit of a session page at Y={v['years']}: ours {v['ours']['bytes_gzip'] / 1000:.1f} KB gzip "
                   f"({v['ours']['responses']} responses, index loaded: {v['ours']['index_on_first_visit']}; "
                   f"the index, {v['ours']['index_bytes_gzip'] / 1000:.1f} KB gzip, would come on top if loaded on "
                   f"every page as Material does by default), plain project {v['plain']['bytes_gzip'] / 1000:.1f} KB")
        out.append(f"first search result for „{v['ours']['search_word']}“ from focusing the field: ours "
                   f"{v['ours']['first_result_s']:.2f} s (index fetched then), plain project "
                   f"{v['plain']['first_result_s']:.2f} s")
    if data.get("big_year"):
        b = data["big_year"]
        n = b["sessions_per_year"]
        out.append(f"big year: a session page {b['big']['median_session_page_bytes'] / 1000:.1f} KB with {n} sessions, "
                   f"{b['twelve']['median_session_page_bytes'] / 1000:.1f} KB with 12 (×{b['session_page_ratio']}); "
                   f"HTML per session {b['html_per_session_bytes'][str(n)] / 1000:.1f} KB vs "
                   f"{b['html_per_session_bytes']['12'] / 1000:.1f} KB (×{b['html_per_session_ratio']}); "
                   f"all HTML {b['big']['total_html_bytes'] / 1e6:.1f} MB")
    if data.get("check"):
        out.append(f"build.py check at Y={data['check']['years']}: {data['check']['seconds']:.3f} s")
    for s in data.get("serve") or []:
        out.append(f"live preview at Y={s['years']}, save to browser reload: ours {s['ours_edit_to_reload_s']:.3f} s, "
                   f"plain mkdocs serve {s['plain_edit_to_reload_s']:.3f} s; rebuild alone ours {s['ours_s']:.3f} s, "
                   f"plain {s['plain_s']:.3f} s"
                   + (f" (CPU ratio {s['cpu_ratio']:.3f})" if s.get("cpu_ratio") else ""))
    if data.get("memory"):
        m = data["memory"]
        out.append(f"peak RSS at Y={m['years']}: ours {m['ours_peak_rss_mb']:.1f} MB, plain {m['plain_peak_rss_mb']:.1f} MB")
    out += ["", "Targets:"]
    for target in data["targets"]:
        value = "—" if target["value"] is None else f"{target['value']:.3f}"
        out.append(f"  {_mark(target['met']):>6}  {target['description']}  (measured {value})")
    return "\n".join(out)


def write_json(data: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, out)


def _years(text: str) -> list[int]:
    try:
        values = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError("comma-separated whole numbers, e.g. 2,8,20") from None
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError("at least one size, each ≥ 1")
    return values


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=_years, default=[2, 8, 20], help="sizes to build (default: 2,8,20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts (default: 3)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON result (default: {DEFAULT_OUT.relative_to(REPO)})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the content generator")
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY, help="reference date (SERIES_TODAY)")
    parser.add_argument("--skip-serve", action="store_true", help="leave out the live preview measurement")
    parser.add_argument("--skip-browser", action="store_true", help="leave out the first visit in Chromium")
    parser.add_argument("--big-year", type=int, default=BIG_YEAR,
                        help=f"sessions in the one big year (default: {BIG_YEAR}; 0 leaves it out)")
    parser.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def run(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="series-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = bench_env(args.today) | {"TMPDIR": str(work / "tmp")}  # Jinja's compiled templates: this run's own
    (work / "tmp").mkdir(exist_ok=True)
    started = time.perf_counter()
    load_at_start = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    try:
        projects = [prepare(years, work, args.seed, args.today) for years in args.years]
        if args.big_year:
            projects.append(prepare(1, work, args.seed, args.today, sessions_per_year=args.big_year))
        warm = projects[0]  # untimed: compiled bytecode and a warm disk cache for both sides
        timed(ours_build_cmd(warm, warm.ours_root / "site", args.today), warm.ours_root, env, "warm-up build.py")
        timed(plain_build_cmd(warm, warm.plain_root / "site"), warm.plain_root, env, "warm-up mkdocs")
        builds = []
        for p in projects:
            print(f"… Y={p.label}: timing {args.repeat}× build.py build and mkdocs build, alternating",
                  file=sys.stderr, flush=True)
            builds.append(measure_builds(p, env, args.repeat, args.today))
        regular = [p for p in projects if p.sessions_per_year == SESSIONS_PER_YEAR]
        largest = regular[-1]
        extra: dict[str, Any] = {"marginal": marginal(builds)}
        if args.big_year:
            print(f"… a year of {args.big_year} against a year of 12: HTML sizes", file=sys.stderr, flush=True)
            one_year = prepare(1, work, args.seed, args.today, plain=False)
            extra["big_year"] = measure_big_year(one_year, projects[-1], env, args.today)
        if not args.skip_browser:
            print(f"… Y={largest.years}: first visit and first search result in Chromium", file=sys.stderr, flush=True)
            extra["first_visit"] = measure_first_visit(largest, args.today)
        print(f"… Y={largest.years}: check, peak RSS", file=sys.stderr, flush=True)
        check = measure_check(largest, env, args.repeat)
        memory = measure_memory(largest, env, args.today)
        serve = []
        if not args.skip_serve:
            for p in sorted({regular[0].years: regular[0], largest.years: largest}.values(), key=lambda q: q.years):
                print(f"… Y={p.years}: live preview, {args.repeat} edits each", file=sys.stderr, flush=True)
                serve.append(measure_serve(p, env, args.repeat, args.today))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "schema": SCHEMA,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench", *argv]),
        "duration_s": round(time.perf_counter() - started, 1),
        "machine": machine() | {"load_average_at_start": load_at_start},
        "repository": repository_state(),
        "settings": {"years": args.years, "repeat": args.repeat, "seed": args.seed, "today": args.today.isoformat(),
                     "source_date_epoch": SOURCE_DATE_EPOCH, "sessions_per_year": SESSIONS_PER_YEAR,
                     "big_year": args.big_year, "speakers_per_year": 4, "history": "a commit per session",
                     "ours": "python build.py build -f … -d … --today …",
                     "plain": "python -m mkdocs build --strict -f … -d …",
                     "preview": "build.py serve (dirty rebuilds) vs mkdocs serve; file saved → 'Reloading browsers'"},
        "builds": builds,
        "marginal": extra.get("marginal"),
        "first_visit": extra.get("first_visit"),
        "big_year": extra.get("big_year"),
        "check": check,
        "serve": serve,
        "memory": memory,
        "targets": targets(builds, check, serve, extra),
    }


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    try:
        data = run(args, argv)
    except BenchError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1
    print(format_report(data))
    write_json(data, args.out)
    print(f"\nWritten: {args.out}")
    return 0
