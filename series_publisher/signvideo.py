"""Videos in Deutscher Gebärdensprache, as BITV 2.0 Anlage 2 Teil 2 asks of them.

Self-hosted (no third-party player, no request to another host), with
captions, the DGS logo beside the video, a download that names format, size
and playing time, and the transcript on the page. Size and playing time come
from the file itself: the duration from the MP4's `mvhd` box, read here in
a few lines rather than by a media library. Resolution and frame rate need a
decoder: Debian's `ffprobe` when installed (at least 320×240 and 25 frames
per second); without it `check` warns that they went unchecked.

What a signer, a background and clothing must look like (Anlage 2) stays for
the people who film: no program can judge it.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .context_parts import SignVideoView
from .model import Text
from .paths import link
from .problems import Problems
from .settings import Settings
from .sources import SourceFile

MIN_WIDTH, MIN_HEIGHT, MIN_FPS = 320, 240, 25
"""BITV 2.0 Anlage 2 Teil 2: at least 320×240 pixels and 25 frames per second."""

LOGO = "assets/dgs.svg"

TEXT = {"download": "Video herunterladen", "transcript": "Text zum Video", "captions": "Deutsch",
        "logo": "DGS – Deutsche Gebärdensprache", "minutes": "Min."}
"""The page's own words: German, like the videos, on an English site too."""


Part = Literal["inhalt", "navigation", "barrierefreiheit", "weitere"]
"""The four parts of BITV 2.0 Anlage 2 an LS page or a DGS video explains (easy_pages.py:PARTS says what each is)."""


class SignVideo(BaseModel):
    """One DGS video; paths relative to content/."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: Text
    file: Text
    captions: Text
    transcript: Text
    bitv: Part | None = None
    poster: Text | None = None


class SignFrontMatter(BaseModel):
    """The front matter of content/gebaerdensprache/index.md; MkDocs' own keys pass."""

    model_config = ConfigDict(extra="allow", frozen=True)
    title: Text | None = None
    videos: list[SignVideo] = []


@dataclass(frozen=True)
class Probe:
    width: int
    height: int
    fps: float


def mp4_duration(path: Path) -> float | None:
    """Seconds, from the movie header (moov/mvhd); None when the file has none (no MP4, or cut off)."""
    with path.open("rb") as stream:
        moov = _box(stream, b"moov", path.stat().st_size)
        if moov is None:
            return None
        mvhd = _box(stream, b"mvhd", stream.tell() + moov)
        if mvhd is None:
            return None
        header = stream.read(min(mvhd, 32))
    if header[:1] == b"\x01" and len(header) >= 32:
        scale, length = struct.unpack(">IQ", header[20:32])
    elif len(header) >= 20:
        scale, length = struct.unpack(">II", header[12:20])
    else:
        return None
    return length / scale if scale else None


def _box(stream: Any, kind: bytes, end: int) -> int | None:
    """Walk the boxes up to `end` and stop inside the first of `kind`; its payload size, or None."""
    while stream.tell() + 8 <= end:
        head = stream.read(8)
        if len(head) < 8:
            return None
        size, found = struct.unpack(">I4s", head)
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", stream.read(8))[0], 16
        elif size == 0:
            size = end - stream.tell() + 8
        if size < header:
            return None
        if found == kind:
            return size - header
        stream.seek(size - header, 1)
    return None


def probe(path: Path, ffprobe: str) -> Probe | None:
    """Width, height and frame rate of the first video stream, by ffprobe; None when it cannot tell."""
    try:
        ran = subprocess.run([ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
                              "stream=width,height,avg_frame_rate", "-of", "json", str(path)],
                             capture_output=True, text=True, timeout=30, check=False)
        stream = json.loads(ran.stdout or "{}").get("streams", [{}])[0]
        numerator, _, denominator = stream["avg_frame_rate"].partition("/")
        return Probe(int(stream["width"]), int(stream["height"]), int(numerator) / int(denominator or 1))
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, IndexError, ZeroDivisionError):
        return None


def check_videos(source: SourceFile, meta: SignFrontMatter, settings: Settings, problems: Problems) -> None:
    """Every file a video names exists under content/, the MP4 has a playing time, resolution and rate suffice."""
    ffprobe = shutil.which("ffprobe")
    if meta.videos and ffprobe is None:
        problems.warning(source.path, source.document.line(("videos",)),
                         "Auflösung und Bildrate der Videos wurden nicht geprüft: ffprobe fehlt",
                         "„sudo apt-get install ffmpeg“, dann erneut prüfen (nötig: mindestens 320×240, 25 Bilder/s)")
    for index, video in enumerate(meta.videos):
        named = {"file": video.file, "captions": video.captions, "transcript": video.transcript}
        if video.poster:
            named["poster"] = video.poster
        missing = {key for key, value in named.items()
                   if not _inside(settings.docs_dir, value) or not (settings.docs_dir / value).is_file()}
        for key in sorted(missing):
            problems.error(source.path, source.document.line(("videos", index, key)),
                           f"{key}: die Datei „{named[key]}“ gibt es nicht unter content/",
                           "den Pfad relativ zu content/ angeben, z. B. gebaerdensprache/inhalt.mp4")
        if "file" not in missing:
            _check_file(settings.docs_dir / video.file, (source, index), ffprobe, problems)
        if "captions" not in missing and not (settings.docs_dir / video.captions).read_bytes().lstrip(
                b"\xef\xbb\xbf").startswith(b"WEBVTT"):
            problems.error(source.path, source.document.line(("videos", index, "captions")),
                           f"captions: „{video.captions}“ ist keine WebVTT-Datei",
                           "Untertitel als .vtt speichern; die erste Zeile ist „WEBVTT“")


def _inside(folder: Path, relative: str) -> bool:
    return (folder / relative).resolve().is_relative_to(folder.resolve())


def _check_file(path: Path, where: tuple[SourceFile, int], ffprobe: str | None, problems: Problems) -> None:
    source, index = where
    line = source.document.line(("videos", index, "file"))
    if path.suffix.lower() != ".mp4" or mp4_duration(path) is None:
        problems.error(source.path, line, f"file: „{path.name}“ ist kein abspielbares MP4-Video",
                       "das Video als MP4 (H.264) speichern, z. B. mit „ffmpeg -i video.mov video.mp4“")
        return
    found = probe(path, ffprobe) if ffprobe else None
    if ffprobe and found is None:
        problems.error(source.path, line, f"file: ffprobe findet in „{path.name}“ kein Bild",
                       "das Video neu als MP4 (H.264) speichern")
    elif found and (found.width < MIN_WIDTH or found.height < MIN_HEIGHT or found.fps < MIN_FPS - 0.01):
        problems.error(source.path, line, f"file: „{path.name}“ hat {found.width}×{found.height} Pixel und "
                                          f"{found.fps:g} Bilder/s",
                       f"BITV 2.0 Anlage 2 verlangt mindestens {MIN_WIDTH}×{MIN_HEIGHT} Pixel und {MIN_FPS} Bilder/s")


def minutes_text(seconds: float) -> str:
    """'3:10 Min.' — the playing time as the download link states it."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d} {TEXT['minutes']}"


def video_context(video: SignVideo, docs_dir: Path, language: str, here: str) -> SignVideoView:
    """What the page shows of one video, its files linked from the page at `here`."""
    from .recordings import file_label  # the materials' „MP4, 2,3 MB“: one format for every download

    path = docs_dir / video.file
    seconds = mp4_duration(path) or 0
    transcript = (docs_dir / video.transcript).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return {
        "title": video.title,
        "url": link(here, video.file),
        "captions": link(here, video.captions),
        "poster": link(here, video.poster) if video.poster else None,
        "size": file_label(path, language),
        "duration": minutes_text(seconds),
        "duration_iso": f"PT{round(seconds) // 60}M{round(seconds) % 60}S",
        "transcript": [" ".join(part.split()) for part in transcript.split("\n\n") if part.strip()],
    }
