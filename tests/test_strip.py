"""Photos lose their metadata and keep every pixel: strip.py's copy, case by case.

Each case is a file as cameras, phones and image editors write it, with
something private planted; the copy must hold none of it, decode to exactly
the same pixels as the original, and be what Pillow calls the same image.
Files the copy cannot handle safely go to the re-encode (None).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from series_publisher.images import cleaned
from series_publisher.strip import strip

PRIVATE = b"Lea Privat, 48.1351 N 11.5820 E"


def _photo(mode: str = "RGB", size: tuple[int, int] = (64, 48)) -> Image.Image:
    image = Image.new(mode, size)
    if mode in ("L", "P"):
        image.putdata([(x + 3 * y) % 256 for y in range(size[1]) for x in range(size[0])])
    else:
        image.putdata([((x * 7 + y) % 256, (y * 5) % 256, (x * y) % 256, 255 - x)[:len(mode)]
                       for y in range(size[1]) for x in range(size[0])])
    return image


def _exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Pixelcorp"
    exif[0x0110] = PRIVATE.decode()
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 8.0, 6.4)})
    return exif


def _jpeg(**options: object) -> bytes:
    out = io.BytesIO()
    _photo(str(options.pop("mode", "RGB"))).save(out, "JPEG", quality=90, **options)
    return out.getvalue()


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def _insert_after_soi(data: bytes, *segments: bytes) -> bytes:
    return data[:2] + b"".join(segments) + data[2:]


def _jfif_with_thumbnail() -> bytes:
    """A JFIF header that carries a 2×1 RGB thumbnail (which could show what a crop removed)."""
    body = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x02\x01" + b"\xff\x00\x00\x00\xff\x00"
    plain = _jpeg()
    assert plain[2:4] == b"\xff\xe0"
    (length,) = struct.unpack(">H", plain[4:6])
    return plain[:2] + _segment(0xE0, body) + plain[4 + length:]


def _png(chunks: list[tuple[bytes, bytes]], mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    for kind, data in chunks:
        info.add(kind, data)
    _photo(mode).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _with_chunk(png: bytes, kind: bytes, data: bytes) -> bytes:
    """`png` with one more chunk right after IHDR (Pillow writes only the chunks it knows)."""
    chunk = struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return png[:33] + chunk + png[33:]


def _text_chunk(kind: bytes, text: bytes) -> tuple[bytes, bytes]:
    if kind == b"zTXt":
        return kind, b"Author\x00\x00" + zlib.compress(text)
    if kind == b"iTXt":
        return kind, b"Author\x00\x00\x00de\x00Autorin\x00" + text
    return kind, b"Author\x00" + text


@dataclass(frozen=True)
class Case:
    make: Callable[[], bytes]
    planted: tuple[bytes, ...] = (PRIVATE,)
    """Bytes that must not survive."""


COPIED = {
    "exif-and-gps": Case(lambda: _jpeg(exif=_exif())),
    "xmp": Case(lambda: _jpeg(xmp=b"<x:xmpmeta>" + PRIVATE + b"</x:xmpmeta>")),
    "comment": Case(lambda: _jpeg(comment=PRIVATE)),
    "iptc-app13": Case(lambda: _insert_after_soi(_jpeg(), _segment(0xED, b"Photoshop 3.0\x00" + PRIVATE))),
    "jfif-thumbnail": Case(_jfif_with_thumbnail, planted=(b"\xff\x00\x00\x00\xff\x00",)),
    "data-after-the-end": Case(lambda: _jpeg() + b"\xff\xd8" + PRIVATE + b"\xff\xd9"),
    "progressive": Case(lambda: _jpeg(progressive=True, exif=_exif())),
    "restart-markers": Case(lambda: _jpeg(restart_marker_blocks=1, exif=_exif())),
    "grey": Case(lambda: _jpeg(mode="L", comment=PRIVATE)),
    "cmyk-adobe": Case(lambda: _jpeg(mode="CMYK", comment=PRIVATE)),
    "icc-profile-kept": Case(lambda: _jpeg(icc_profile=_profile(), exif=_exif())),
    "png-text": Case(lambda: _png([_text_chunk(b"tEXt", PRIVATE)])),
    "png-ztxt": Case(lambda: _png([_text_chunk(b"zTXt", PRIVATE)]), planted=(zlib.compress(PRIVATE),)),
    "png-itxt": Case(lambda: _png([_text_chunk(b"iTXt", PRIVATE)])),
    "png-time-and-private-chunk": Case(lambda: _with_chunk(_png([(b"prVt", PRIVATE)]), b"tIME",
                                                           b"\x07\xea\x0c\x02\x0a\x00\x00"),
                                       planted=(PRIVATE, b"tIME")),
    "png-palette": Case(lambda: _png([_text_chunk(b"tEXt", PRIVATE)], mode="P")),
}


def _pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.mode, image.size, image.tobytes()


@pytest.mark.parametrize("case", COPIED.values(), ids=COPIED.keys())
def test_metadata_goes_and_every_pixel_stays(case: Case) -> None:
    original = case.make()
    for planted in case.planted:
        assert planted in original, "the case must plant what it looks for"
    copied = strip(original)
    assert copied is not None
    for planted in case.planted:
        assert planted not in copied
    assert b"Exif\x00\x00" not in copied and b"xmpmeta" not in copied
    assert _pixels(copied) == _pixels(original)
    with Image.open(io.BytesIO(copied)) as image:
        assert not image.getexif()
        assert not {"exif", "xmp", "comment", "Author"} & set(image.info)


def _profile(description: str = "Stefans MacBook") -> bytes:
    """An sRGB profile as a calibration tool writes it: the machine's name as description and copyright."""
    from PIL import ImageCms

    from series_publisher import icc

    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tags = [(sig, data[offset:offset + size]) for sig, (offset, size) in _tag_table(data).items()
            if sig not in (b"desc", b"cprt")]
    words = [(b"desc", icc._text(description, True, True)), (b"cprt", icc._text(description, True, False))]
    return icc._assemble(bytearray(data[:128]), tags + words)


def _tag_table(profile: bytes) -> dict[bytes, tuple[int, int]]:
    import struct

    (count,) = struct.unpack(">I", profile[128:132])
    entries = [struct.unpack(">4sII", profile[132 + 12 * i:144 + 12 * i]) for i in range(count)]
    return {sig: (offset, size) for sig, offset, size in entries}


def _colour_tags(profile: bytes) -> dict[bytes, bytes]:
    return {sig: profile[offset:offset + size] for sig, (offset, size) in _tag_table(profile).items()
            if sig not in (b"desc", b"cprt")}


def test_the_colour_profile_stays_without_its_words() -> None:
    profile = _profile()
    with Image.open(io.BytesIO(strip(_jpeg(icc_profile=profile, exif=_exif())))) as image:
        kept = image.info.get("icc_profile")
    assert kept and _colour_tags(kept) == _colour_tags(profile)
    assert "Stefans".encode("utf-16-be") in profile and "Stefans".encode("utf-16-be") not in kept


def test_a_turned_photo_is_left_to_the_re_encode() -> None:
    """Orientation 6 (a phone held upright) must be applied to the pixels, which a copy cannot do."""
    turned = _jpeg(exif=_exif(orientation=6))
    assert strip(turned) is None
    with Image.open(io.BytesIO(cleaned(turned, "turned.jpg"))) as image:
        assert image.size == (48, 64)
        assert not image.getexif()


@pytest.mark.parametrize("data", [
    b"",
    b"\xff\xd8",
    b"\xff\xd8\xff\xe1\x00",
    b"\xff\xd8\xff\xe1\xff\xff" + b"\x00" * 10,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
    b"GIF89a",
], ids=["empty", "start-only", "cut-length", "length-past-end", "cut-png", "gif"])
def test_a_broken_or_unknown_file_is_left_to_the_re_encode(data: bytes) -> None:
    assert strip(data) is None


def test_an_unknown_critical_png_chunk_is_left_to_the_re_encode() -> None:
    assert strip(_with_chunk(_png([]), b"QUUX", b"?")) is None


@settings(max_examples=300, deadline=2000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(COPIED)), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
       st.integers(0, 10_000))
def test_a_damaged_file_never_raises_or_hangs(name: str, flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(COPIED[name].make())
    for at, value in flips:
        data[at % len(data)] = value
    result = strip(bytes(data[:max(2, len(data) - cut)]))
    assert result is None or isinstance(result, bytes)
