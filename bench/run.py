"""Run the benchmark: ours (build.py + hooks) against plain MkDocs + Material.

For each size Y it generates the series project and the plain project with the
same pages into a temporary folder, then times `build.py build` and
`mkdocs build --strict` as subprocesses (wall time, best of N, interleaved so
drift hits both). At the largest size it also times `build.py check`, the
incremental rebuild of `build.py serve` / `mkdocs serve` after one edit, and
the peak RSS of both builds. It prints a table, reports each target as met or
missed and writes everything as JSON.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import queue
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

from .generate import DEFAULT_SEED, DEFAULT_TODAY, REPO, make_corpus, session_source, write_series_project
from .plain import plain_source, write_plain_project

SCHEMA = 1
DEFAULT_OUT = REPO / "bench" / "results" / "latest.json"
SOURCE_DATE_EPOCH = "1790812800"  # 2026-10-01T00:00:00Z
RATIO_LIMIT = 1.10
LINEAR_LIMIT = 1.10
CHECK_LIMIT_S = 1.0
SERVE_LIMIT = 1.10
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

    @property
    def ours_root(self) -> Path:
        return self.ours_config.parent

    @property
    def plain_root(self) -> Path:
        return self.plain_config.parent


def prepare(years: int, work: Path, seed: int, today: date) -> Projects:
    corpus = make_corpus(years, seed=seed, today=today)
    base = work / f"y{years}"
    ours = write_series_project(corpus, base / "series-project")
    plain = write_plain_project(corpus, base / "plain-project", ours)
    edited = corpus.years[-1].sessions[len(corpus.years[-1].sessions) // 2]
    return Projects(years, ours, plain, session_source(ours.parent, edited), plain_source(plain.parent, edited),
                    len(corpus.sessions), len(corpus.speakers))


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
    ours_site, plain_site = p.ours_root / "site", p.plain_root / "site"
    ours_runs, plain_runs, ours_cpu, plain_cpu = [], [], [], []
    for _ in range(repeat):  # interleaved: slow drift of the machine hits both
        wall, cpu = timed_cpu(ours_build_cmd(p, ours_site, today), p.ours_root, env, f"build.py build (Y={p.years})")
        ours_runs.append(wall)
        ours_cpu.append(cpu)
        wall, cpu = timed_cpu(plain_build_cmd(p, plain_site), p.plain_root, env, f"mkdocs build (Y={p.years})")
        plain_runs.append(wall)
        plain_cpu.append(cpu)
    pages, plain_pages = count_pages(ours_site), count_pages(plain_site)
    ours, plain = min(ours_runs), min(plain_runs)
    return {
        "years": p.years, "sessions": p.sessions, "speakers": p.speakers,
        "pages": pages, "pages_plain": plain_pages,
        "ours_s": round(ours, 4), "plain_s": round(plain, 4), "ratio": round(ours / plain, 4),
        "ms_per_page": round(1000 * ours / pages, 3), "plain_ms_per_page": round(1000 * plain / plain_pages, 3),
        "overhead_ms_per_page": round(1000 * (ours - plain) / pages, 3),
        "ours_runs_s": [round(t, 4) for t in ours_runs], "plain_runs_s": [round(t, 4) for t in plain_runs],
        "ours_cpu_s": round(min(ours_cpu), 4), "plain_cpu_s": round(min(plain_cpu), 4),
        "cpu_ratio": round(min(ours_cpu) / min(plain_cpu), 4),
        "ours_cpu_runs_s": [round(t, 4) for t in ours_cpu], "plain_cpu_runs_s": [round(t, 4) for t in plain_cpu],
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

    def wait_for(self, needle: str, timeout: float) -> tuple[float, list[str]]:
        """Time the first line containing `needle` arrived, and the lines up to it."""
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
            if needle in line:
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


def serve_rebuilds(cmd: list[str], cwd: Path, env: dict[str, str], edit: Path, repeat: int, what: str,
                   ) -> dict[str, Any]:
    """Start the server, edit one file `repeat` times, time each rebuild from the log."""
    port = free_port()
    server = Server(cmd + ["--dev-addr", f"127.0.0.1:{port}"], cwd, env, what)
    original = edit.read_text(encoding="utf-8")
    rebuilds, edit_to_reload, reported, cpu = [], [], [], []
    try:
        started = time.perf_counter()
        stamp, _ = server.wait_for("Serving on", SERVE_TIMEOUT)
        initial = stamp - started
        _wait_http(f"http://127.0.0.1:{port}/", 60, server)
        server.quiet(1.5, 30)  # the polling observer has its first snapshot
        for round_ in range(repeat):
            cpu_before = _process_cpu(server.proc.pid)
            edited = time.perf_counter()
            _edit(edit, original, round_)
            detected, _ = server.wait_for("Detected file changes", 60)
            done, lines = server.wait_for("Reloading browsers", SERVE_TIMEOUT)
            cpu_after = _process_cpu(server.proc.pid)
            if cpu_before is not None and cpu_after is not None:
                cpu.append(cpu_after - cpu_before)
            rebuilds.append(done - detected)
            edit_to_reload.append(done - edited)
            reported += [float(line.split(" in ")[-1].split()[0]) for line in lines if "Documentation built in" in line]
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
        "edited": {"ours": p.ours_edit.relative_to(p.ours_root).as_posix(),
                   "plain": p.plain_edit.relative_to(p.plain_root).as_posix()},
        "measured": "log line 'Detected file changes' to 'Reloading browsers' (best of the edits)",
        "ours_s": ours["rebuild_s"], "plain_s": plain["rebuild_s"],
        "ratio": round(ours["rebuild_s"] / plain["rebuild_s"], 4),
        "cpu_ratio": round(ours["cpu_s"] / plain["cpu_s"], 4) if ours["cpu_s"] and plain["cpu_s"] else None,
        "ours": ours, "plain": plain,
    }


# ---------------------------------------------------------------- targets, machine, output


def targets(builds: list[dict[str, Any]], check: dict[str, Any] | None, serve: dict[str, Any] | None,
            ) -> list[dict[str, Any]]:
    result = []
    for row in builds:
        result.append({"name": f"ratio_y{row['years']}", "description": f"ours/plain ≤ {RATIO_LIMIT} at Y={row['years']}",
                       "value": row["ratio"], "limit": RATIO_LIMIT, "met": row["ratio"] <= RATIO_LIMIT})
    small, large = builds[0], builds[-1]
    if len(builds) > 1:
        value = round(large["ms_per_page"] / small["ms_per_page"], 4)
        met: bool | None = value <= LINEAR_LIMIT
    else:
        value, met = None, None
    result.append({"name": "linear",
                   "description": f"ms/page at Y={large['years']} ≤ {LINEAR_LIMIT} × ms/page at Y={small['years']}",
                   "value": value, "limit": LINEAR_LIMIT, "met": met})
    if check is not None:
        result.append({"name": "check", "description": f"build.py check at Y={check['years']} < {CHECK_LIMIT_S} s",
                       "value": check["seconds"], "limit": CHECK_LIMIT_S, "met": check["seconds"] < CHECK_LIMIT_S})
    if serve is not None:
        result.append({"name": "serve", "description": f"serve rebuild ours/plain ≤ {SERVE_LIMIT} at Y={serve['years']}",
                       "value": serve["ratio"], "limit": SERVE_LIMIT, "met": serve["ratio"] <= SERVE_LIMIT})
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
           f"{'years':>5}  {'pages':>5}  {'ours s':>7}  {'plain s':>7}  {'ratio':>6}  {'ms/page':>7}  "
           f"{'plain ms/page':>13}  {'cpu ratio':>9}",
           ]
    for row in data["builds"]:
        out.append(f"{row['years']:>5}  {row['pages']:>5}  {row['ours_s']:>7.3f}  {row['plain_s']:>7.3f}  "
                   f"{row['ratio']:>6.3f}  {row['ms_per_page']:>7.2f}  {row['plain_ms_per_page']:>13.2f}  "
                   f"{row['cpu_ratio']:>9.3f}")
    out.append("")
    if data.get("check"):
        out.append(f"build.py check at Y={data['check']['years']}: {data['check']['seconds']:.3f} s")
    if data.get("serve"):
        s = data["serve"]
        out.append(f"serve rebuild after one edit at Y={s['years']}: ours {s['ours_s']:.3f} s, "
                   f"plain {s['plain_s']:.3f} s, ratio {s['ratio']:.3f}"
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
    parser.add_argument("--skip-serve", action="store_true", help="leave out the serve rebuild measurement")
    parser.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def run(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    env = bench_env(args.today)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="series-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_at_start = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    try:
        projects = [prepare(years, work, args.seed, args.today) for years in args.years]
        warm = projects[0]  # untimed: compiled bytecode and a warm disk cache for both sides
        timed(ours_build_cmd(warm, warm.ours_root / "site", args.today), warm.ours_root, env, "warm-up build.py")
        timed(plain_build_cmd(warm, warm.plain_root / "site"), warm.plain_root, env, "warm-up mkdocs")
        builds = []
        for p in projects:
            print(f"… Y={p.years}: timing {args.repeat}× build.py build and mkdocs build", file=sys.stderr, flush=True)
            builds.append(measure_builds(p, env, args.repeat, args.today))
        largest = projects[-1]
        print(f"… Y={largest.years}: check, peak RSS, serve", file=sys.stderr, flush=True)
        check = measure_check(largest, env, args.repeat)
        memory = measure_memory(largest, env, args.today)
        serve = None if args.skip_serve else measure_serve(largest, env, args.repeat, args.today)
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
                     "source_date_epoch": SOURCE_DATE_EPOCH, "sessions_per_year": 12, "speakers_per_year": 4,
                     "ours": "python build.py build -f … -d … --today …",
                     "plain": "python -m mkdocs build --strict -f … -d …"},
        "builds": builds,
        "check": check,
        "serve": serve,
        "memory": memory,
        "targets": targets(builds, check, serve),
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
