"""Speaker photos, resized to the size they are shown at; every published image without metadata.

Editors upload whatever their camera gives (often several MB); readers on
slow rural lines get a square JPEG of exactly the displayed size (twice that
for sharp screens), and pages give width and height so nothing shifts while
it loads. Resizing is deterministic (same bytes for the same input) and
kept per file while its content stays (memo.py), so `serve` rebuilds do not redo it.

Photos from phones carry EXIF and XMP: the GPS position where they were
taken, the camera, often the author. No image under content/ is published as
uploaded: `cleaned` re-encodes JPEG, PNG and WebP without any metadata (the
colour profile stays), turned upright first as the EXIF orientation said.
An image is opened only after its header says it is of a sane size
(`size_problem`): a 40 kB file can claim to be a 100,000 × 100,000 canvas.
"""

from __future__ import annotations

import io
from pathlib import Path

from .memo import LastVersion
from .output import SiteFile
from .paths import portrait_path
from .icc import neutral
from .strip import strip

PORTRAIT_SIZE = 96
"""CSS pixels a portrait is shown at on session and speaker pages."""
PIXEL_RATIO = 2

MAX_PIXELS = 80_000_000
"""Pixels an image may have: today's best phone cameras give 50 million;
decoding more takes gigabytes of memory."""

_portraits = LastVersion()
"""Each photo's resized copy, by path and size: a saved photo replaces its old copy (memo.py)."""


def portrait(source: Path, slug: str, size: int = PORTRAIT_SIZE) -> SiteFile | None:
    """The resized photo; None when Pillow cannot decode it.

    `check` has read the photo's header already (`size_problem`); only a
    file broken further in gets here as None, and the caller reports it at
    the speaker's `photo:` line, as `check` would (`schedule.report_photo`).
    """
    try:
        data = _portraits.get(f"{source}@{size}", source.read_bytes(),
                              lambda raw: _square_jpeg(raw, size * PIXEL_RATIO))
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken or hostile files
        return None
    return SiteFile(portrait_path(slug), data)


def size_problem(path: Path) -> str | None:
    """Why an image cannot be published, reading only its header; None when it can."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        return f"{path.name} ist unglaublich groß (mehr als {MAX_PIXELS // 1_000_000} Megapixel)"
    except (UnidentifiedImageError, OSError, ValueError):
        return unreadable(path)
    if width * height > MAX_PIXELS:
        return f"{path.name} ist mit {width} × {height} Pixeln zu groß (höchstens {MAX_PIXELS // 1_000_000} Megapixel)"
    return None


SIZE_HINT = "als JPEG oder PNG mit höchstens 4000 Pixeln Breite speichern"
IMAGE_KINDS = frozenset({"jpeg", "png", "webp", "gif"})
"""Images (by their bytes, filetypes.py) that are published as cleaned copies."""
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jfif", ".jpe", ".png", ".webp", ".gif"})
"""Names that promise an image: such a file whose bytes are none is reported as unreadable."""


def unreadable(path: Path) -> str:
    """What to say of an image Pillow cannot read, whichever step finds it (check, portrait, cleaning)."""
    return f"{path.name} ist kein lesbares Bild"

_cleaned = LastVersion()
"""Each image's cleaned copy, by path: a saved image replaces its old copy (memo.py)."""


def cleaned(raw: bytes, source: str) -> bytes:
    """The image without EXIF, XMP, comments or text chunks; kept per `source` path while its bytes stay.

    JPEG and PNG are copied without their metadata segments, bit for bit
    otherwise (strip.py); a turned photo, WebP and anything unusual are
    re-encoded: JPEGs keep their quantisation tables (no visible loss), PNG
    and WebP losslessly. Raises for files Pillow cannot read.
    """
    return _cleaned.get(source, raw, lambda raw: _copied_without_metadata(raw) or _reencode(raw))


def _copied_without_metadata(raw: bytes) -> bytes | None:
    """JPEG or PNG with its metadata segments left out and the image data as it was (strip.py).

    Pillow reads both headers, so a file the copy does not describe as
    the same image goes to the re-encode instead.
    """
    from PIL import Image

    copied = strip(raw)
    if copied is None:
        return None
    with Image.open(io.BytesIO(raw)) as source, Image.open(io.BytesIO(copied)) as result:
        same = (source.format, source.size, source.mode) == (result.format, result.size, result.mode)
    return copied if same and source.width * source.height <= MAX_PIXELS else None


def _reencode(raw: bytes) -> bytes:
    from PIL import Image, ImageOps, JpegImagePlugin

    out = io.BytesIO()
    with Image.open(io.BytesIO(raw)) as source:
        if source.width * source.height > MAX_PIXELS:
            raise ValueError("too many pixels")
        kind = source.format
        options: dict[str, object] = {}
        if source.info.get("icc_profile"):
            options["icc_profile"] = neutral(source.info["icc_profile"])
        if kind == "JPEG":
            options |= {"qtables": source.quantization, "optimize": True}
            if JpegImagePlugin.get_sampling(source) >= 0:
                options["subsampling"] = JpegImagePlugin.get_sampling(source)
        elif kind == "PNG" and "transparency" in source.info:
            options["transparency"] = source.info["transparency"]
        elif kind == "WEBP":
            options |= {"lossless": True, "quality": 100}
        if getattr(source, "is_animated", False):  # animated PNG, WebP or GIF: every frame, as it was
            source.info = _timing(source.info)  # Pillow saves what info holds: comments, XMP, EXIF
            source.save(out, kind, save_all=True, **options)
        else:
            upright = ImageOps.exif_transpose(source)  # upright, without the EXIF that said how
            upright.info = _timing(upright.info)
            upright.save(out, kind, **options)
    return out.getvalue()


def _timing(info: dict) -> dict:
    """What of Pillow's `info` an image needs to look the same: frame timing and transparency, no words."""
    return {key: info[key] for key in ("duration", "loop", "transparency", "background", "disposal") if key in info}


def _square_jpeg(raw: bytes, pixels: int) -> bytes:
    from PIL import Image, ImageOps  # only when a photo changed: the cache holds the rest

    with Image.open(io.BytesIO(raw)) as source:
        if source.width * source.height > MAX_PIXELS:
            raise ValueError("too many pixels")
        # A JPEG decodes at 1/2, 1/4 or 1/8 of its size while that still covers the portrait:
        # a 12-megapixel phone photo then costs what a 0.2-megapixel one does.
        source.draft("RGB", (pixels, pixels))
        ImageOps.exif_transpose(source, in_place=True)
        image = source if source.mode == "RGB" else source.convert("RGB")
        square = ImageOps.fit(image, (pixels, pixels), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No EXIF, no comment, no timestamps: Pillow would copy `info` (a JPEG comment) into the file.
    square.info = {}
    square.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
