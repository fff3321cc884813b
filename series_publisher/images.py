"""Speaker photos, resized to the size they are shown at.

Editors upload whatever their camera gives (often several MB); readers on
slow rural lines get a square JPEG of exactly the displayed size (twice that
for sharp screens), and pages give width and height so nothing shifts while
it loads. Resizing is deterministic (same bytes for the same input) and
cached per file content, so `serve` rebuilds do not redo it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems

PORTRAIT_SIZE = 96
"""CSS pixels a portrait is shown at on session and speaker pages."""
PIXEL_RATIO = 2

_cache: dict[tuple[str, int], bytes] = {}


@dataclass(frozen=True)
class Portrait:
    """A resized photo, to be written at `path` on the site."""

    path: str
    data: bytes
    size: int = PORTRAIT_SIZE


def portrait_path(slug: str) -> str:
    return f"assets/speakers/{slug}.jpg"


def portrait(source: Path, slug: str, shown: str, problems: Problems,
             size: int = PORTRAIT_SIZE) -> Portrait | None:
    """The resized photo, or None with a problem naming the speaker's file."""
    raw = source.read_bytes()
    key = (hashlib.sha256(raw).hexdigest(), size)
    if key not in _cache:
        try:
            _cache[key] = _square_jpeg(raw, size * PIXEL_RATIO)
        except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken or hostile files
            problems.error(shown, None, f"das Foto {source.name} ist kein lesbares Bild",
                           "als JPEG oder PNG speichern")
            return None
    return Portrait(portrait_path(slug), _cache[key], size)


def _square_jpeg(raw: bytes, pixels: int) -> bytes:
    from PIL import Image, ImageOps  # only when a photo changed: the cache holds the rest

    with Image.open(io.BytesIO(raw)) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        square = ImageOps.fit(image, (pixels, pixels), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No EXIF, no timestamps: the same photo always gives the same bytes.
    square.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
