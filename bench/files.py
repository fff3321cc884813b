"""The corpus as the editors' files: series/ + content/ + mkdocs.yml, committed as editors work.

`write_series_project` writes the project our build.py builds, using this
repository's hooks and overrides by absolute path (like tests/projects.py),
and commits it: a start, then each year's theme and each session in its own
commit. Deterministic: the same corpus gives the same files and commits.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from .corpus import Corpus, PublishedRecording, SessionData, SpeakerData, YearData

REPO = Path(__file__).resolve().parent.parent
PHOTO_PIXELS = 600
STAMP = "# Synthetische Benchmark-Daten"
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def session_file(session: SessionData) -> str:
    lines = ["---", STAMP, f"title: {_q(session.title)}",
             f"start: {session.start:%Y-%m-%d %H:%M}", f"end: {session.end}", "speakers:"]
    lines += [f"  - {speaker.slug}" for speaker in session.speakers]
    lines.append(f"perspective: {session.perspective}")
    if session.status != "confirmed":
        lines.append(f"status: {session.status}")
    if session.rescheduled_from:
        lines.append("rescheduled_from:")
        lines += [f"  - {moment:%Y-%m-%d %H:%M}" for moment in session.rescheduled_from]
    if isinstance(session.recording, PublishedRecording):
        rec = session.recording
        lines += ["recording:", f"  url: {rec.url}", f"  duration: \"{rec.duration}\"",
                  f"  published: {rec.published.isoformat()}"]
    elif session.recording:
        lines.append(f"recording: {session.recording}")
    return "\n".join(lines) + "\n---\n" + session.abstract


def speaker_file(speaker: SpeakerData) -> str:
    lines = ["---", STAMP, f"name: {_q(speaker.name)}", f"role: {_q(speaker.role)}",
             f"organisation: {_q(speaker.organisation)}", f"sector: {speaker.sector}",
             f"photo: {speaker.photo}", f"website: {speaker.website}"]
    return "\n".join(lines) + "\n---\n" + speaker.bio


def theme_file(year: YearData) -> str:
    summary = "".join("  " + line + "\n" if line else "\n" for line in year.summary.rstrip("\n").split("\n"))
    return (f"{STAMP}\ntitle: {_q(year.title)}\nsubtitle: {_q(year.subtitle)}\n"
            f"summary: |\n{summary}registration:\n  url: {year.registration_url}\n"
            f"  deadline: {year.deadline.isoformat()}\ncapacity: {year.capacity}\n")


def photo(seed: int) -> bytes:
    """A 600×600 JPEG portrait stand-in (what editors typically upload, resized), deterministic."""
    from PIL import Image, ImageDraw  # only the writer needs Pillow

    ramp = Image.linear_gradient("L").resize((PHOTO_PIXELS, PHOTO_PIXELS))
    image = Image.merge("RGB", (ramp, ramp.rotate((seed * 37) % 360), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(image)
    skin = (190 + seed % 50, 150 + (seed * 7) % 60, 120 + (seed * 13) % 50)
    draw.ellipse((180, 90, 420, 370), fill=skin)
    draw.rectangle((120, 400, 480, 600), fill=((seed * 31) % 200, (seed * 17) % 200, (seed * 11) % 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def repo_config() -> dict[str, Any]:
    """This repository's mkdocs.yml, the source of every theme setting."""
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml.safe_load(stream) or {}


def site_config(docs_dir: str, hooks: bool) -> dict[str, Any]:
    """The repository's settings with absolute theme/hook paths; `hooks=False` drops the hooks."""
    config = repo_config()
    config["docs_dir"] = docs_dir
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((REPO / theme["custom_dir"]).resolve())
    config["theme"] = theme
    if hooks:
        config["hooks"] = [str((REPO / hook).resolve()) for hook in config.get("hooks") or []]
    else:
        config.pop("hooks", None)
    return config


def write_config(root: Path, docs_dir: str, hooks: bool) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(site_config(docs_dir, hooks), allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    return config_file


def write_photos(corpus: Corpus, docs: Path) -> None:
    for index, speaker in enumerate(corpus.speakers):
        path = docs / speaker.photo
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(photo(index))


def copy_hand_written(docs: Path) -> None:
    """The repository's hand-written pages and assets (home, about, Impressum, …)."""
    source = REPO / (repo_config().get("docs_dir") or "docs")
    shutil.copytree(source, docs, dirs_exist_ok=True)


def write_series_project(corpus: Corpus, root: Path, git: bool = True) -> Path:
    """The project our build.py builds; returns its mkdocs.yml."""
    config_file = write_config(root, "content", hooks=True)
    docs = root / "content"
    copy_hand_written(docs)
    write_photos(corpus, docs)
    for speaker in corpus.speakers:
        _write(root / "series" / "speakers" / f"{speaker.slug}.md", speaker_file(speaker))
    for year in corpus.years:
        _write(theme_source(root, year), theme_file(year))
        for session in year.sessions:
            _write(session_source(root, session), session_file(session))
    if git:
        commit_history(root, corpus)
    return config_file


def session_source(root: Path, session: SessionData) -> Path:
    return root / "series" / str(session.year) / "sessions" / f"{session.slug}.md"


def theme_source(root: Path, year: YearData) -> Path:
    return root / "series" / str(year.year) / "theme.yml"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


Step = tuple[datetime, str, list[str]]
"""A commit: when, its message, the files (relative to the project) it adds."""


def commit_history(root: Path, corpus: Corpus) -> int:
    """A git history as editors make it: a start, then each year's theme and each session in its own commit.

    Written with one `git fast-import` (hundreds of commits in well under a
    second). Returns the number of commits; 0 without git (timestamps then
    fall back, and the project is still valid).
    """
    steps = _steps(root, corpus)
    env = GIT_ENV | {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    try:
        subprocess.run(["git", "init", "-q"], cwd=root, env=env, check=True, capture_output=True)
        subprocess.run(["git", "fast-import", "--quiet"], cwd=root, env=env, check=True, capture_output=True,
                       input=_fast_import(root, steps))
        subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=root, env=env, check=True,
                       capture_output=True)
        subprocess.run(["git", "reset", "-q"], cwd=root, env=env, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(root / ".git", ignore_errors=True)
        return 0
    return len(steps)


def _steps(root: Path, corpus: Corpus) -> list[Step]:
    """Commit times run forward: the project's start on 1 January of the first year,
    a year's theme on 1 June, a session 60 days before it takes place."""
    def relative(path: Path) -> str:
        return path.relative_to(root).as_posix()

    later = {relative(session_source(root, s)) for s in corpus.sessions}
    later |= {relative(theme_source(root, y)) for y in corpus.years}
    start = sorted(relative(path) for path in root.rglob("*")
                   if path.is_file() and ".git" not in path.parts and relative(path) not in later)
    steps: list[Step] = [(datetime(corpus.years[0].year, 1, 1, 12), "Projekt angelegt", start)]
    for year in corpus.years:
        steps.append((datetime(year.year, 6, 1, 12), f"Thema {year.year}", [relative(theme_source(root, year))]))
        steps += [(session.start - timedelta(days=60), f"Veranstaltung {session.slug}",
                   [relative(session_source(root, session))]) for session in year.sessions]
    steps.sort(key=lambda step: step[0])
    return steps


def _fast_import(root: Path, steps: list[Step]) -> bytes:
    """The commits as one `git fast-import` stream, each on top of the one before."""
    stream = io.BytesIO()
    for number, (when, message, paths) in enumerate(steps, start=1):
        stamp = f"{int(when.replace(tzinfo=timezone.utc).timestamp())} +0000"
        text = message.encode("utf-8")
        stream.write(f"commit refs/heads/main\nmark :{number}\nauthor Bench <bench@example.org> {stamp}\n"
                     f"committer Bench <bench@example.org> {stamp}\ndata {len(text)}\n".encode() + text + b"\n")
        if number > 1:
            stream.write(f"from :{number - 1}\n".encode())
        for path in paths:
            data = (root / path).read_bytes()
            stream.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode("utf-8") + data + b"\n")
        stream.write(b"\n")
    return stream.getvalue()
