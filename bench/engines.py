"""`python -m bench.engines [--years 2,8,20] [--repeat 3]`: each engine's build against plain MkDocs.

The same generated projects as `python -m bench` (bench/run.py): for every
size, `build.py build --engine mkdocs|properdocs|zensical` and plain MkDocs +
Material on the same pages, interleaved, the best of `--repeat` runs. An
engine that is not installed (requirements-engines.txt) is left out, and
the table says so.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from .generate import DEFAULT_SEED, DEFAULT_TODAY, REPO
from .run import BenchError, Projects, _years, bench_env, plain_build_cmd, prepare, timed

ENGINES = ("mkdocs", "properdocs", "zensical")


def engine_build_cmd(p: Projects, engine: str, site: Path, today: date) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "-f", str(p.ours_config), "-d", str(site),
            "--today", today.isoformat(), "--engine", engine]


def measure(p: Projects, engines: list[str], env: dict[str, str], repeat: int, today: date) -> dict[str, float]:
    """Best wall time in seconds per engine, and `plain`, on one project."""
    runs: dict[str, list[float]] = {name: [] for name in [*engines, "plain"]}
    for _ in range(repeat):
        for name in runs:
            if name == "plain":
                cmd, cwd = plain_build_cmd(p, p.plain_root / "site"), p.plain_root
            else:
                cmd, cwd = engine_build_cmd(p, name, p.ours_root / f"site-{name}", today), p.ours_root
            runs[name].append(timed(cmd, cwd, env, f"{name} (Y={p.years})"))
    return {name: min(times) for name, times in runs.items()}


def report(results: dict[int, dict[str, float]], engines: list[str], missing: list[str]) -> str:
    lines = ["years  " + "  ".join(f"{name:>18}" for name in engines) + f"  {'plain MkDocs':>12}"]
    for years, times in results.items():
        cells = [f"{times[name]:7.2f} s ({times[name] / times['plain']:4.2f}×)" for name in engines]
        lines.append(f"{years:>5}  " + "  ".join(f"{cell:>18}" for cell in cells) + f"  {times['plain']:10.2f} s")
    if missing:
        lines.append(f"not installed, left out: {', '.join(missing)} (pip install -r requirements-engines.txt)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=_years, default=[2, 8, 20], help="sizes to build (default: 2,8,20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine; the best counts (default: 3)")
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY, help="reference date")
    args = parser.parse_args(argv)
    engines = [name for name in ENGINES if importlib.util.find_spec(name) is not None]
    missing = [name for name in ENGINES if name not in engines]
    work = Path(tempfile.mkdtemp(prefix="series-bench-engines-"))
    env = bench_env(args.today) | {"TMPDIR": str(work / "tmp")}
    (work / "tmp").mkdir()
    try:
        results = {years: measure(prepare(years, work, DEFAULT_SEED, args.today), engines, env, max(1, args.repeat),
                                  args.today)
                   for years in args.years}
    except BenchError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(results, engines, missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
