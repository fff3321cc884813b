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
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from .corpus import DEFAULT_SEED, DEFAULT_TODAY, SESSIONS_PER_YEAR, SPEAKERS_PER_YEAR
from .files import REPO
from .measure import (SOURCE_DATE_EPOCH, BenchError, BigYear, BuildRow, FirstVisit, Projects, bench_env, marginal,
                      measure_big_year, measure_builds, measure_check, measure_first_visit, measure_memory,
                      ours_build_cmd, plain_build_cmd, prepare, timed)
from .report import (SCHEMA, Result, RunSettings, format_report, load_average, machine, repository_state, targets,
                     write_json)
from .serve import ServeRow, measure_serve

DEFAULT_OUT = REPO / "bench" / "results" / "latest.json"
BIG_YEAR = 500


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
    parser.add_argument("--serve-at", type=_years, default=None,
                        help="sizes of --years to measure the live preview at (default: the smallest and the largest)")
    parser.add_argument("--skip-browser", action="store_true", help="leave out the first visit in Chromium")
    parser.add_argument("--big-year", type=int, default=BIG_YEAR,
                        help=f"sessions in the one big year (default: {BIG_YEAR}; 0 leaves it out)")
    parser.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.serve_at and not set(args.serve_at) <= set(args.years):
        parser.error("--serve-at takes sizes of --years")
    return args


def _say(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


def _projects(args: argparse.Namespace, work: Path) -> list[Projects]:
    """Every regular size, then the big year."""
    projects = [prepare(years, work, args.seed, args.today) for years in args.years]
    if args.big_year:
        projects.append(prepare(1, work, args.seed, args.today, sessions_per_year=args.big_year))
    return projects


def _builds(projects: list[Projects], env: dict[str, str], args: argparse.Namespace) -> list[BuildRow]:
    warm = projects[0]  # untimed: compiled bytecode and a warm disk cache for both sides
    timed(ours_build_cmd(warm, warm.ours_root / "site", args.today), warm.ours_root, env, "warm-up build.py")
    timed(plain_build_cmd(warm, warm.plain_root / "site"), warm.plain_root, env, "warm-up mkdocs")
    builds = []
    for p in projects:
        _say(f"Y={p.label}: timing {args.repeat}× build.py build and mkdocs build, alternating")
        builds.append(measure_builds(p, env, args.repeat, args.today))
    return builds


def _big_year(big: Projects, work: Path, env: dict[str, str], args: argparse.Namespace) -> BigYear | None:
    if not args.big_year:
        return None
    _say(f"a year of {args.big_year} against a year of 12: HTML sizes")
    one_year = prepare(1, work, args.seed, args.today, plain=False)
    return measure_big_year(one_year, big, env, args.today)


def _first_visit(largest: Projects, args: argparse.Namespace) -> FirstVisit | None:
    if args.skip_browser:
        return None
    _say(f"Y={largest.years}: first visit and first search result in Chromium")
    return measure_first_visit(largest)


def _serve(regular: list[Projects], env: dict[str, str], args: argparse.Namespace) -> list[ServeRow]:
    """The live preview at the smallest and the largest size (or those of --serve-at)."""
    if args.skip_serve:
        return []
    sizes = set(args.serve_at or (regular[0].years, regular[-1].years))
    rows = []
    for p in (p for p in regular if p.years in sizes):
        _say(f"Y={p.years}: live preview, {args.repeat} edits each")
        rows.append(measure_serve(p, env, args.repeat, args.today))
    return rows


def _settings(args: argparse.Namespace) -> RunSettings:
    return RunSettings(
        years=args.years, repeat=args.repeat, seed=args.seed, today=args.today.isoformat(),
        source_date_epoch=SOURCE_DATE_EPOCH, sessions_per_year=SESSIONS_PER_YEAR, big_year=args.big_year,
        speakers_per_year=SPEAKERS_PER_YEAR, history="a commit per session",
        ours="python build.py build -f … -d … --today …", plain="python -m mkdocs build --strict -f … -d …",
        preview="build.py serve (dirty rebuilds) vs mkdocs serve; file saved → 'Reloading browsers'")


def run(args: argparse.Namespace, argv: list[str]) -> Result:
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="series-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = bench_env(args.today) | {"TMPDIR": str(work / "tmp")}  # Jinja's compiled templates: this run's own
    (work / "tmp").mkdir(exist_ok=True)
    started, load_at_start = time.perf_counter(), load_average()
    try:
        projects = _projects(args, work)
        regular = [p for p in projects if p.sessions_per_year == SESSIONS_PER_YEAR]
        builds = _builds(projects, env, args)
        big = _big_year(projects[-1], work, env, args)
        visit = _first_visit(regular[-1], args)
        _say(f"Y={regular[-1].years}: check, peak RSS")
        check = measure_check(regular[-1], env, args.repeat)
        memory = measure_memory(regular[-1], env, args.today)
        serve = _serve(regular, env, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    margin = marginal(builds)
    return Result(
        schema=SCHEMA, generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        command=" ".join(["python -m bench", *argv]), duration_s=round(time.perf_counter() - started, 1),
        machine=machine(load_at_start), repository=repository_state(), settings=_settings(args),
        builds=builds, marginal=margin, first_visit=visit, big_year=big, check=check, serve=serve, memory=memory,
        targets=targets(builds, check, serve, margin, visit, big),
    )


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
