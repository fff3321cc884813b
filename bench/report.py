"""The benchmark's result: targets met or missed, the machine, the table, the JSON.

`Result` is the whole run as typed values (measure.py, serve.py make them);
`format_report` prints it and `write_json` stores it under the same keys.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from .files import REPO
from .measure import BigYear, BuildRow, CheckTime, FirstVisit, Marginal, Memory
from .serve import ServeRow

SCHEMA = 2
RATIO_LIMIT = 1.10
LINEAR_LIMIT = 1.10
CHECK_LIMIT_S = 1.0
FIRST_VISIT_LIMIT_KB = 100
BIG_PAGE_LIMIT = 1.5
PREVIEW_LIMIT_S = {2: 1.0, 20: 2.0}
"""Live preview targets by size; sizes in between take the larger of their neighbours' limits."""
PACKAGES = ["mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "PyYAML", "pydantic",
            "pydantic_core", "icalendar", "babel", "watchdog", "click"]


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    value: float | None
    """None where the measurement was left out."""
    limit: float
    met: bool | None


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int | None
    usable_cores: int | None
    memory_gb: float | None
    load_average_at_end: list[float] | None
    platform: str
    python: str
    python_implementation: str
    packages: dict[str, str | None]
    load_average_at_start: list[float] | None


@dataclass(frozen=True)
class Repository:
    commit: str | None
    dirty: bool | None


@dataclass(frozen=True)
class RunSettings:
    years: list[int]
    repeat: int
    seed: int
    today: str
    source_date_epoch: str
    sessions_per_year: int
    big_year: int
    speakers_per_year: int
    history: str
    ours: str
    plain: str
    preview: str


@dataclass(frozen=True)
class Result:
    """One benchmark run; its fields are the keys of the JSON file."""

    schema: int
    generated_at: str
    command: str
    duration_s: float
    machine: Machine
    repository: Repository
    settings: RunSettings
    builds: list[BuildRow]
    marginal: Marginal | None
    first_visit: FirstVisit | None
    big_year: BigYear | None
    check: CheckTime
    serve: list[ServeRow]
    memory: Memory
    targets: list[Target]


# ---------------------------------------------------------------- targets


def preview_limit(years: int) -> float:
    for size in sorted(PREVIEW_LIMIT_S):
        if years <= size:
            return PREVIEW_LIMIT_S[size]
    return max(PREVIEW_LIMIT_S.values())


def _target(name: str, description: str, value: float | None, limit: float, below: bool = False) -> Target:
    met = None if value is None else (value < limit if below else value <= limit)
    return Target(name, description, value, limit, met)


def targets(builds: list[BuildRow], check: CheckTime, serve: list[ServeRow], margin: Marginal | None,
            visit: FirstVisit | None, big: BigYear | None) -> list[Target]:
    return (_build_targets(builds, margin) + _page_targets(builds, visit, big)
            + [_target("check", f"build.py check at Y={check.years} < {CHECK_LIMIT_S} s", check.seconds,
                       CHECK_LIMIT_S, below=True)]
            + [_target(f"preview_y{row.years}", f"live preview, save to browser reload ≤ {preview_limit(row.years)} s "
                       f"at Y={row.years}", row.ours_edit_to_reload_s, preview_limit(row.years)) for row in serve])


def _build_targets(builds: list[BuildRow], margin: Marginal | None) -> list[Target]:
    regular = [row for row in builds if row.regular]
    result = [_target(f"ratio_y{row.years}", f"build ours/plain ≤ {RATIO_LIMIT} at Y={row.years}",
                      row.ratio, RATIO_LIMIT) for row in regular]
    result += [_target(f"cold_ratio_y{row.years}", f"first build on a fresh machine, ours/plain ≤ {RATIO_LIMIT} at "
                       f"Y={row.years}", row.cold_ratio, RATIO_LIMIT) for row in regular]
    small, large = regular[0], regular[-1]
    value = round(large.ms_per_page / small.ms_per_page, 4) if len(regular) > 1 else None
    result.append(_target("linear", f"ms/page at Y={large.years} ≤ {LINEAR_LIMIT} × ms/page at Y={small.years}",
                          value, LINEAR_LIMIT))
    result.append(_target("marginal", f"marginal cost of a page ours/plain ≤ {LINEAR_LIMIT}"
                          + (f" (Y={margin.from_years}→{margin.to_years})" if margin else ""),
                          margin.ratio if margin else None, LINEAR_LIMIT))
    return result


def _page_targets(builds: list[BuildRow], visit: FirstVisit | None, big: BigYear | None) -> list[Target]:
    result = [_target("first_visit", f"first visit of a session page ≤ {FIRST_VISIT_LIMIT_KB} KB gzip"
                      + (f" at Y={visit.years}" if visit else ""),
                      round(visit.ours.bytes_gzip / 1000, 1) if visit else None, FIRST_VISIT_LIMIT_KB)]
    result += [_target("ratio_big", f"build ours/plain ≤ {RATIO_LIMIT} with {row.sessions_per_year} sessions in a "
                       "year", row.ratio, RATIO_LIMIT) for row in builds if not row.regular]
    if big is not None:
        n = big.sessions_per_year
        result.append(_target("big_session_page", f"session page HTML, {n} sessions a year / 12 ≤ {BIG_PAGE_LIMIT}",
                              big.session_page_ratio, BIG_PAGE_LIMIT))
        result.append(_target("big_html_linear", f"HTML per session, {n} sessions a year / 12 ≤ {BIG_PAGE_LIMIT}",
                              big.html_per_session_ratio, BIG_PAGE_LIMIT))
    return result


# ---------------------------------------------------------------- machine, repository


def load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def _proc_value(path: str, prefix: str) -> str | None:
    """The value of the first line starting with `prefix` in a /proc file, or None."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), None)


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine(load_at_start: list[float] | None) -> Machine:
    memory = _proc_value("/proc/meminfo", "MemTotal:")
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return Machine(
        cpu=_proc_value("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        cores=os.cpu_count(), usable_cores=usable,
        memory_gb=round(int(memory.split()[0]) / 1024 / 1024, 1) if memory else None,
        load_average_at_end=load_average(), platform=platform.platform(), python=platform.python_version(),
        python_implementation=platform.python_implementation(),
        packages={name: _version(name) for name in PACKAGES}, load_average_at_start=load_at_start,
    )


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def repository_state() -> Repository:
    status = _git("status", "--porcelain")
    return Repository(_git("rev-parse", "HEAD"), bool(status) if status is not None else None)


# ---------------------------------------------------------------- output


def _mark(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "MISSED")


def format_report(data: Result) -> str:
    lines = _header(data) + _build_table(data.builds) + [""] + _extras(data)
    lines += ["", "Targets:"]
    for target in data.targets:
        value = "—" if target.value is None else f"{target.value:.3f}"
        lines.append(f"  {_mark(target.met):>6}  {target.description}  (measured {value})")
    return "\n".join(lines)


def _header(data: Result) -> list[str]:
    m = data.machine
    return [f"Machine: {m.cpu}, {m.cores} cores, Python {m.python}, mkdocs {m.packages.get('mkdocs')}, "
            f"mkdocs-material {m.packages.get('mkdocs-material')}",
            f"Load average (1/5/15 min) at start {m.load_average_at_start}, at end {m.load_average_at_end}.",
            f"Best of {data.settings.repeat}, wall time of the subprocess (targets); CPU time for comparison.", ""]


def _build_table(builds: list[BuildRow]) -> list[str]:
    lines = [f"{'years':>6}  {'pages':>5}  {'ours s':>7}  {'plain s':>7}  {'ratio':>6}  {'cold s':>7}  {'cold':>6}  "
             f"{'ms/page':>7}  {'plain ms/page':>13}  {'ours cpu s':>10}  {'plain cpu s':>11}  {'cpu ratio':>9}"]
    lines += [f"{row.label:>6}  {row.pages:>5}  {row.ours_s:>7.3f}  {row.plain_s:>7.3f}  "
              f"{row.ratio:>6.3f}  {row.ours_cold_s:>7.3f}  {row.cold_ratio:>6.3f}  "
              f"{row.ms_per_page:>7.2f}  {row.plain_ms_per_page:>13.2f}  "
              f"{row.ours_cpu_s:>10.3f}  {row.plain_cpu_s:>11.3f}  {row.cpu_ratio:>9.3f}" for row in builds]
    lines.append("(label: years, or years x sessions a year; a commit per session in each project; ours: as editors "
                 "build again, with last build's compiled templates; cold: first build on a fresh machine, as in CI)")
    return lines


def _extras(data: Result) -> list[str]:
    lines = []
    if data.marginal:
        m = data.marginal
        lines.append(f"marginal cost of a page Y={m.from_years}→{m.to_years}: ours {m.ours_ms_per_page:.2f} ms, "
                     f"plain {m.plain_ms_per_page:.2f} ms, ratio {m.ratio} (CPU ratio {m.cpu_ratio})")
    if data.first_visit:
        lines += _visit_lines(data.first_visit)
    if data.big_year:
        lines.append(_big_year_line(data.big_year))
    lines.append(f"build.py check at Y={data.check.years}: {data.check.seconds:.3f} s")
    lines += [f"live preview at Y={s.years}, save to browser reload: ours {s.ours_edit_to_reload_s:.3f} s, "
              f"plain mkdocs serve {s.plain_edit_to_reload_s:.3f} s; rebuild alone ours {s.ours_s:.3f} s, "
              f"plain {s.plain_s:.3f} s" + (f" (CPU ratio {s.cpu_ratio:.3f})" if s.cpu_ratio else "")
              for s in data.serve]
    m = data.memory
    lines.append(f"peak RSS at Y={m.years}: ours {m.ours_peak_rss_mb:.1f} MB, plain {m.plain_peak_rss_mb:.1f} MB")
    return lines


def _visit_lines(v: FirstVisit) -> list[str]:
    return [f"first visit of a session page at Y={v.years}: ours {v.ours.bytes_gzip / 1000:.1f} KB gzip "
            f"({v.ours.responses} responses, index loaded: {v.ours.index_on_first_visit}; "
            f"the index, {v.ours.index_bytes_gzip / 1000:.1f} KB gzip, would come on top if loaded on "
            f"every page as Material does by default), plain project {v.plain.bytes_gzip / 1000:.1f} KB",
            f"first search result for „{v.ours.search_word}“ from focusing the field: ours "
            f"{v.ours.first_result_s:.2f} s (index fetched then), plain project {v.plain.first_result_s:.2f} s"]


def _big_year_line(b: BigYear) -> str:
    n = b.sessions_per_year
    return (f"big year: a session page {b.big.median_session_page_bytes / 1000:.1f} KB with {n} sessions, "
            f"{b.twelve.median_session_page_bytes / 1000:.1f} KB with 12 (×{b.session_page_ratio}); "
            f"HTML per session {b.html_per_session_bytes[str(n)] / 1000:.1f} KB vs "
            f"{b.html_per_session_bytes['12'] / 1000:.1f} KB (×{b.html_per_session_ratio}); "
            f"all HTML {b.big.total_html_bytes / 1e6:.1f} MB")


def write_json(data: Result, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text(json.dumps(asdict(data), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, out)
