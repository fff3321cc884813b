"""Measuring: the two projects of one size, and what building them costs.

Every measurement is a typed value (a frozen dataclass whose field names are
the keys of bench/results/*.json), made here and only formatted by report.py.
Builds run as subprocesses, timed by wall clock and by CPU time (the process
and its children), best of N, alternating so drift of the machine hits all
sides alike.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .corpus import SESSIONS_PER_YEAR, make_corpus
from .files import REPO, session_source, write_series_project
from .plain import plain_source, write_plain_project
from .visit import Visit, visit

SOURCE_DATE_EPOCH = "1790812800"  # 2026-10-01T00:00:00Z
BUILD_TIMEOUT = 900
SEARCH_WORD = "Bürgerbeteiligung"


class BenchError(RuntimeError):
    """A build or server failed; the message says which and shows its output."""


@dataclass(frozen=True)
class Projects:
    """The series project and the plain project of one size, side by side."""

    years: int
    ours_config: Path
    plain_config: Path
    ours_edit: Path
    """The session file the live preview edits."""
    plain_edit: Path
    sessions: int
    speakers: int
    sessions_per_year: int = SESSIONS_PER_YEAR
    commits: int = 0

    @property
    def label(self) -> str:
        regular = self.sessions_per_year == SESSIONS_PER_YEAR
        return str(self.years) if regular else f"{self.years}x{self.sessions_per_year}"

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
    return dict(os.environ) | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
                               "SERIES_TODAY": today.isoformat(), "PYTHONUNBUFFERED": "1"}


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


def _r(values: list[float]) -> list[float]:
    return [round(value, 4) for value in values]


def count_pages(site: Path) -> int:
    """HTML pages of a built site (index.html files that are not redirects)."""
    count = 0
    for path in site.rglob("index.html"):
        with path.open("rb") as stream:
            if b'http-equiv="refresh"' not in stream.read(800):
                count += 1
    return count


# ---------------------------------------------------------------- builds


@dataclass
class Runs:
    """Wall and CPU seconds of each run of one kind of build."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.wall)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu)


@dataclass(frozen=True)
class BuildRow:
    """One size: ours (warm and cold) against plain, best of the runs."""

    years: int
    label: str
    sessions_per_year: int
    commits: int
    sessions: int
    speakers: int
    pages: int
    pages_plain: int
    ours_s: float
    plain_s: float
    ratio: float
    ours_cold_s: float
    cold_ratio: float
    ms_per_page: float
    plain_ms_per_page: float
    overhead_ms_per_page: float
    ours_runs_s: list[float]
    plain_runs_s: list[float]
    ours_cold_runs_s: list[float]
    ours_cpu_s: float
    plain_cpu_s: float
    ours_cold_cpu_s: float
    cpu_ratio: float
    ours_cpu_runs_s: list[float]
    plain_cpu_runs_s: list[float]

    @property
    def regular(self) -> bool:
        """12 sessions a year, as the series has (not the one big year)."""
        return self.sessions_per_year == SESSIONS_PER_YEAR


def measure_builds(p: Projects, env: dict[str, str], repeat: int, today: date) -> BuildRow:
    """Ours as editors build (compiled templates from the last build), ours as on a fresh machine, plain.

    Interleaved, so slow drift of the machine hits all three. The cold build
    gets a new, empty temporary folder each time: no compiled templates
    (Jinja's cache lives there), as on a CI runner's first build.
    """
    ours_site, plain_site = p.ours_root / "site", p.plain_root / "site"
    kinds = {"ours": (ours_build_cmd(p, ours_site, today), p.ours_root),
             "cold": (ours_build_cmd(p, ours_site, today), p.ours_root),
             "plain": (plain_build_cmd(p, plain_site), p.plain_root)}
    runs = {kind: Runs() for kind in kinds}
    for _ in range(repeat):
        for kind, (cmd, cwd) in kinds.items():
            run_env = dict(env, TMPDIR=tempfile.mkdtemp(dir=env["TMPDIR"])) if kind == "cold" else env
            wall, used = timed_cpu(cmd, cwd, run_env, f"{kind} build (Y={p.years})")
            runs[kind].wall.append(wall)
            runs[kind].cpu.append(used)
    return _build_row(p, runs, count_pages(ours_site), count_pages(plain_site))


def _build_row(p: Projects, runs: dict[str, Runs], pages: int, plain_pages: int) -> BuildRow:
    ours, cold, plain = runs["ours"], runs["cold"], runs["plain"]
    return BuildRow(
        years=p.years, label=p.label, sessions_per_year=p.sessions_per_year, commits=p.commits,
        sessions=p.sessions, speakers=p.speakers, pages=pages, pages_plain=plain_pages,
        ours_s=round(ours.best, 4), plain_s=round(plain.best, 4), ratio=round(ours.best / plain.best, 4),
        ours_cold_s=round(cold.best, 4), cold_ratio=round(cold.best / plain.best, 4),
        ms_per_page=round(1000 * ours.best / pages, 3), plain_ms_per_page=round(1000 * plain.best / plain_pages, 3),
        overhead_ms_per_page=round(1000 * (ours.best - plain.best) / pages, 3),
        ours_runs_s=_r(ours.wall), plain_runs_s=_r(plain.wall), ours_cold_runs_s=_r(cold.wall),
        ours_cpu_s=round(ours.best_cpu, 4), plain_cpu_s=round(plain.best_cpu, 4),
        ours_cold_cpu_s=round(cold.best_cpu, 4), cpu_ratio=round(ours.best_cpu / plain.best_cpu, 4),
        ours_cpu_runs_s=_r(ours.cpu), plain_cpu_runs_s=_r(plain.cpu),
    )


@dataclass(frozen=True)
class Marginal:
    """Cost of one more page between the two largest sizes, ours over plain's."""

    from_years: int
    to_years: int
    ours_ms_per_page: float
    plain_ms_per_page: float
    ratio: float | None
    cpu_ratio: float | None


def marginal(builds: list[BuildRow]) -> Marginal | None:
    regular = [row for row in builds if row.regular]
    if len(regular) < 2:
        return None
    low, high = regular[-2], regular[-1]
    pages, plain_pages = high.pages - low.pages, high.pages_plain - low.pages_plain
    ours, plain = (high.ours_s - low.ours_s) / pages, (high.plain_s - low.plain_s) / plain_pages
    ours_cpu = (high.ours_cpu_s - low.ours_cpu_s) / pages
    plain_cpu = (high.plain_cpu_s - low.plain_cpu_s) / plain_pages
    return Marginal(low.years, high.years, round(1000 * ours, 3), round(1000 * plain, 3),
                    round(ours / plain, 4) if plain > 0 else None,
                    round(ours_cpu / plain_cpu, 4) if plain_cpu > 0 else None)


# ---------------------------------------------------------------- check, memory, HTML, browser


@dataclass(frozen=True)
class CheckTime:
    years: int
    seconds: float
    runs_s: list[float]


def measure_check(p: Projects, env: dict[str, str], repeat: int) -> CheckTime:
    cmd = [sys.executable, str(REPO / "build.py"), "check", "-f", str(p.ours_config)]
    runs = [timed(cmd, p.ours_root, env, f"build.py check (Y={p.years})") for _ in range(repeat)]
    return CheckTime(p.years, round(min(runs), 4), _r(runs))


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


@dataclass(frozen=True)
class Memory:
    years: int
    ours_peak_rss_mb: float
    plain_peak_rss_mb: float
    ratio: float


def measure_memory(p: Projects, env: dict[str, str], today: date) -> Memory:
    ours = peak_rss_mb(ours_build_cmd(p, p.ours_root / "site", today), p.ours_root, env, "build.py build")
    plain = peak_rss_mb(plain_build_cmd(p, p.plain_root / "site"), p.plain_root, env, "mkdocs build")
    return Memory(p.years, ours, plain, round(ours / plain, 3))


@dataclass(frozen=True)
class HtmlSizes:
    """Bytes of HTML: every page, and the median session page (<year>/<slug>/index.html)."""

    total_html_bytes: int
    session_pages: int
    median_session_page_bytes: int


def html_sizes(site: Path) -> HtmlSizes:
    sessions = sorted(path.stat().st_size for path in site.glob("[0-9][0-9][0-9][0-9]/*/index.html"))
    total = sum(path.stat().st_size for path in site.rglob("*.html"))
    return HtmlSizes(total, len(sessions), sessions[len(sessions) // 2] if sessions else 0)


@dataclass(frozen=True)
class BigYear:
    """A session page, and the whole site's HTML per session, in a year of many sessions against a year of 12."""

    sessions_per_year: int
    twelve: HtmlSizes
    big: HtmlSizes
    session_page_ratio: float
    html_per_session_bytes: dict[str, int]
    """'12' and the big year's sessions → bytes of HTML per session."""
    html_per_session_ratio: float


def measure_big_year(small: Projects, big: Projects, env: dict[str, str], today: date) -> BigYear:
    site = small.ours_root / "site"
    timed(ours_build_cmd(small, site, today), small.ours_root, env, "build.py build (1 year of 12)")
    twelve, many = html_sizes(site), html_sizes(big.ours_root / "site")
    per_twelve, per_big = twelve.total_html_bytes / small.sessions, many.total_html_bytes / big.sessions
    return BigYear(
        big.sessions_per_year, twelve, many,
        round(many.median_session_page_bytes / twelve.median_session_page_bytes, 4),
        {"12": round(per_twelve), str(big.sessions_per_year): round(per_big)}, round(per_big / per_twelve, 4),
    )


@dataclass(frozen=True)
class FirstVisit:
    """A session page of the largest size in Chromium, ours and plain's, each from its last build."""

    years: int
    ours: Visit
    plain: Visit


def measure_first_visit(p: Projects) -> FirstVisit | None:
    path = f"{p.ours_edit.parent.parent.name}/{p.ours_edit.stem}/"
    ours = visit(p.ours_root / "site", path, SEARCH_WORD)
    plain = visit(p.plain_root / "site", path, SEARCH_WORD)
    if ours is None or plain is None:
        return None
    return FirstVisit(p.years, ours, plain)
