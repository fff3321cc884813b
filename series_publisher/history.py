"""What subscribers have already seen: each session's life, read from git.

Calendar clients keep what they imported. For a change to reach them, the
event must keep its UID, its SEQUENCE must rise with every change of start,
end, status or title (RFC 5546 §2.1.4: a client drops a copy whose SEQUENCE
is lower than the one it holds), and DTSTAMP/LAST-MODIFIED must move with
every change of the event's text. None of that can be read from one commit,
so it is derived from the history of the publishing branch:

* Only the first-parent chain of HEAD counts: that is the line of published
  states (each push to main deploys). A merge commit is compared with its
  first parent, so whatever a branch brought in arrives at the merge — dated
  by the merge, never by an older branch commit.
* Commit times are made monotonic along that chain (a running maximum), so a
  commit with a wrong clock can never move a stamp backwards. A time outside
  1970 … now + 1 day (anyone can write any date into a commit, up to the
  year 33658 and beyond what a datetime holds) is clamped into that range and
  reported as a warning naming the commit and its files.
* Renames are followed (git's rename detection, `-M`); a file that git saw as
  deleted and added again is linked by `aliases:`. The UID of a session is its
  pinned `id`, else `<year>-<slug>` of the file it started as.

Cost: one `git rev-parse`, one `git log` for the whole history and one
`git cat-file --batch` for every stored version of every session file —
three processes per build, whatever the number of files or years.

A shallow clone has lost the early versions and would give lower SEQUENCE
values than the published ones: it is an error, with the fix.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

from .editor_file import read_editor_text
from .model import SESSION_FILE, SessionFrontMatter, uid_key
from .problems import Problems

from .timestamps import commit_time, latest_commit_second


@dataclass(frozen=True)
class Version:
    """One committed state of a session file on the publishing branch."""

    commit: str
    time: datetime
    """Commit time, never earlier than any commit before it on the branch."""
    path: str
    """The file's path then, relative to the project."""
    meta: SessionFrontMatter | None
    """Its front matter, or None when that version could not be read."""
    start: datetime | None = None
    end: datetime | None = None

    @property
    def key(self) -> tuple | None:
        """What subscribers must be told about (`SessionFrontMatter.change_key`); None for an unreadable version."""
        return self.meta.change_key if self.meta is not None else None


@dataclass
class Lineage:
    """One session file across renames: where it began and every version since."""

    origin: str
    """The path the file was first committed at."""
    versions: list[Version] = field(default_factory=list)
    former: list[str] = field(default_factory=list)
    """Earlier paths, oldest first (renames, and deleted files linked through aliases)."""

    @property
    def path(self) -> str:
        return self.versions[-1].path if self.versions else self.origin

    @property
    def uid_key(self) -> str | None:
        """'<year>-<slug>' of the first path, as Session.uid_key would have said then."""
        match = SESSION_FILE.fullmatch(self.origin)
        return uid_key(match[1], match[2]) if match else None

    def former_slugs(self) -> list[tuple[int, str]]:
        """(year, slug) of every earlier path of this session."""
        found = []
        for path in self.former:
            match = SESSION_FILE.fullmatch(path)
            if match and (int(match[1]), match[2]) not in found:
                found.append((int(match[1]), match[2]))
        return found


@dataclass(frozen=True)
class ClampedTime:
    """A commit dated where no commit can be: its time as written, and the files it touched."""

    commit: str
    seconds: int | None
    """The commit time as written (None: unreadable)."""
    used: datetime
    paths: tuple[str, ...]


@dataclass
class History:
    """The publishing branch's history of series/ and the configuration."""

    lineages: dict[str, Lineage] = field(default_factory=dict)
    """Live session files by their current path."""
    dead: dict[str, Lineage] = field(default_factory=dict)
    """Deleted session files by their last path."""
    touched: dict[str, datetime] = field(default_factory=dict)
    """Every file's last change on the branch (monotonic commit time)."""
    head: str | None = None
    shallow: bool = False
    clamped: list[ClampedTime] = field(default_factory=list)
    """Commits whose time lay outside 1970 … now + 1 day."""

    def changed(self, path: str) -> datetime | None:
        return self.touched.get(path)


# ------------------------------------------------------------------ reading git


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, input=stdin,
                          check=True, capture_output=True).stdout


@dataclass
class HistoryReader:
    """`git log` already running while the caller loads the content (see `start_history`)."""

    root: Path
    head: str = ""
    prefix: str = ""
    shallow: bool = False
    log: subprocess.Popen[bytes] | None = None

    def finish(self, zone_of: Callable[[int], ZoneInfo]) -> History:
        """Wait for `git log`, then read the versions it names."""
        if self.shallow:
            return History(head=self.head, shallow=True)
        if self.log is None:
            return History()
        output, _ = self.log.communicate()
        if self.log.returncode != 0:  # e.g. a repository without commits yet
            return History()
        return _parse_log(self.root, self.prefix, self.head, output, zone_of)


def start_history(root: Path, pathspecs: Iterable[str]) -> HistoryReader:
    """Start reading the history of `pathspecs` (relative to `root`) on HEAD's first-parent chain.

    `git log` runs while the caller loads the content (it takes about as long
    on a long history); `HistoryReader.finish` collects it. Outside git (a
    downloaded archive, a fresh folder) the history is empty and the
    calendars fall back to what one commit says.
    """
    try:
        shallow, prefix, head = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix",
                                     "HEAD").decode().split("\n")[:3]
    except (OSError, subprocess.CalledProcessError, ValueError):
        return HistoryReader(root)
    reader = HistoryReader(root, head.strip(), prefix.strip(), shallow.strip() == "true")
    if not reader.shallow:
        reader.log = subprocess.Popen(
            ["git", "-c", "core.quotePath=false", "log", "--first-parent", "--diff-merges=first-parent",
             "--reverse", "-M", "--name-status", "--relative", "--no-color", "--format=%x00%H %ct",
             "--", *pathspecs], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return reader


def read_history(root: Path, pathspecs: Iterable[str], zone_of: Callable[[int], ZoneInfo]) -> History:
    """`start_history` and `finish` in one go."""
    return start_history(root, pathspecs).finish(zone_of)


def _parse_log(root: Path, prefix: str, head: str, log: bytes, zone_of: Callable[[int], ZoneInfo],
               latest: int | None = None) -> History:
    """`latest`: the last second a commit may carry (default: now + 1 day, read from the clock only here)."""
    history = History(head=head)
    wanted: list[tuple[Lineage, str, datetime, str]] = []
    running = datetime.fromtimestamp(0, timezone.utc)
    latest = latest_commit_second() if latest is None else latest
    for block in log.decode("utf-8", errors="replace").split("\x00")[1:]:
        header, *changes = block.split("\n")
        commit, _, seconds = header.partition(" ")
        when = commit_time(seconds, latest)
        if when is None or when[1]:
            used = when[0] if when else running
            paths = tuple(path for line in changes for path in line.split("\t")[1:])
            written = seconds.strip()
            history.clamped.append(ClampedTime(commit, int(written) if when is not None else None, used, paths))
        running = max(running, when[0] if when else running)
        for line in changes:
            lineage_path = _apply(history, line, running)
            if lineage_path is not None:
                lineage, path = lineage_path
                wanted.append((lineage, commit, running, path))
    _read_versions(root, prefix, wanted, zone_of)
    return history


def report_clamped(history: History, problems: Problems) -> None:
    """A warning per file a wrongly dated commit touched: its calendars carry the clamped time."""
    for clamped in history.clamped:
        written = "keine lesbare Zeit" if clamped.seconds is None else f"die Zeit {clamped.seconds} (etwa Jahr " \
            f"{1970 + clamped.seconds // 31_556_952})"
        for path in clamped.paths or ("(Commit)",):
            problems.warning(path, None, f"Commit {clamped.commit[:12]} trägt {written}, außerhalb von 1970 bis "
                             f"morgen; Kalender und Zeitstempel verwenden {clamped.used:%Y-%m-%d %H:%M} UTC",
                             "die Uhr des Rechners, der committet hat, prüfen; der Commit selbst kann bleiben")


def _apply(history: History, line: str, when: datetime) -> tuple[Lineage, str] | None:
    """Apply one `--name-status` line; the lineage and path whose new content must be read."""
    parts = line.split("\t")
    if len(parts) < 2:
        return None
    status, paths = parts[0][:1], parts[1:]
    for path in paths:
        history.touched[path] = when
    if status == "D":
        lineage = history.lineages.pop(paths[0], None)
        if lineage is not None:
            history.dead[paths[0]] = lineage
        return None
    if status == "R" and len(paths) == 2:
        old, new = paths
        lineage = history.lineages.pop(old, None)
        if lineage is None or not SESSION_FILE.fullmatch(new):
            lineage = None if not SESSION_FILE.fullmatch(new) else Lineage(new)
        else:
            lineage.former.append(old)
        if lineage is None:
            return None
        history.lineages[new] = lineage
        return lineage, new
    path = paths[-1]
    if not SESSION_FILE.fullmatch(path):
        return None
    lineage = history.lineages.get(path) if status == "M" else None
    if lineage is None:  # added, copied, or a type change: a new file
        lineage = Lineage(path)
        history.lineages[path] = lineage
    return lineage, path


def _read_versions(root: Path, prefix: str, wanted: list[tuple[Lineage, str, datetime, str]],
                   zone_of: Callable[[int], ZoneInfo]) -> None:
    """Every wanted version's text through one `git cat-file --batch`."""
    if not wanted:
        return
    request = "".join(f"{commit}:{prefix}{path}\n" for _, commit, _, path in wanted).encode("utf-8")
    output = _git(root, "cat-file", "--batch", stdin=request)
    position = 0
    for lineage, commit, when, path in wanted:
        newline = output.index(b"\n", position)
        header = output[position:newline].split()
        position = newline + 1
        text = None
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            text = output[position:position + size].decode("utf-8", errors="replace")
            position += size + 1
        year = int(SESSION_FILE.fullmatch(path)[1])
        lineage.versions.append(_version(commit, when, path, text, zone_of(year)))


def _version(commit: str, when: datetime, path: str, text: str | None, zone: ZoneInfo) -> Version:
    """A stored version, read and validated as the build reads the file now (editor_file.py), quietly:
    old mistakes are history, and a version with one did not reach subscribers."""
    if text is None:
        return Version(commit, when, path, None)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    meta = read_editor_text(text, path, "session", Problems(), zone).meta
    if meta is None:
        return Version(commit, when, path, None)
    return Version(commit, when, path, meta, meta.start, meta.end)


# ------------------------------------------------------------------ applying it to the content


def sequence(versions: Iterable[Version], current: Version) -> int:
    """+1 for every version whose start, end, status or title differs from the one before.

    Never lower than the old formula (reschedules + cancelled), so a feed
    published before history was read never sees its SEQUENCE go down.
    """
    value: int | None = None
    last = None
    for version in [*versions, current]:
        if version.key is None:
            continue
        floor = version.meta.fallback_sequence
        value = floor if value is None else max(value + (version.key != last), floor)
        last = version.key
    return value or 0
