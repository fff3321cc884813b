"""JPEG and PNG without their metadata, the image data copied bit for bit.

Re-encoding a photo to drop its EXIF costs a decode and an encode (and, for
JPEG, a little quality). Both formats are a sequence of tagged segments, so
dropping metadata can be a copy that keeps only the segments an image needs
to look right — a whitelist, so a kind of metadata nobody thought of is
dropped too:

- JPEG: the frame, scan, table and restart markers; APP0 only as a JFIF
  header without its thumbnail (a thumbnail can show what a crop removed);
  APP2 only when it is the ICC colour profile, and that without its text
  (icc.py); APP14 (Adobe colour transform). Dropped: EXIF and XMP (APP1), IPTC (APP13), comments, every
  other APPn, and whatever follows the end of the image.
- PNG: the critical chunks and those that say how colours and transparency
  look (PLTE, tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, cICP, bKGD) and the
  animation chunks, iCCP under a fixed name and without the profile's text; dropped: text, time, EXIF and every unknown chunk.

`strip` returns None where it cannot decide safely — a malformed file, or a
turned photo whose EXIF orientation has to be applied to the pixels — and the
caller re-encodes instead (images.py).
"""

from __future__ import annotations

import struct
import zlib

from .icc import neutral

_JPEG_START = b"\xff\xd8"
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
"""JPEG markers without a length: TEM and the restart markers."""
_JPEG_KEEP = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF,  # frames
              0xC4, 0xCC, 0xDB, 0xDD, 0xDC, 0xDE, 0xDF, 0xEE}
"""Segments kept whole: frame headers, Huffman/arithmetic/quantisation tables, restart
interval, number of lines, hierarchical progression, expand reference, Adobe (APP14)."""
_SOS, _EOI, _APP0, _APP1, _APP2, _COMMENT = 0xDA, 0xD9, 0xE0, 0xE1, 0xE2, 0xFE
_ICC = b"ICC_PROFILE\x00"
_JFIF = b"JFIF\x00"

_PNG_START = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
             b"cICP", b"bKGD", b"acTL", b"fcTL", b"fdAT"}


def strip(raw: bytes) -> bytes | None:
    """The image without metadata, or None when only a re-encode can make it so."""
    try:
        if raw.startswith(_JPEG_START):
            return _jpeg(raw)
        if raw.startswith(_PNG_START):
            return _png(raw)
    except (IndexError, ValueError, struct.error, zlib.error):
        return None
    return None


def _iccp(body: bytes) -> bytes:
    """An iCCP chunk named „ICC profile“ (the name was the author's), its profile without text."""
    name_end = body.index(b"\x00")
    inflater = zlib.decompressobj()
    profile = inflater.decompress(body[name_end + 2:], 16_000_000)
    if inflater.unconsumed_tail:
        raise ValueError("profile too large")
    data = b"ICC profile\x00\x00" + zlib.compress(neutral(profile), 9)
    return struct.pack(">I", len(data)) + b"iCCP" + data + struct.pack(">I", zlib.crc32(b"iCCP" + data))


def _jpeg(raw: bytes) -> bytes | None:
    out = [_JPEG_START]
    profile: list[tuple[int, bytes]] = []  # the ICC profile's chunks (sequence number, data)
    profile_at: int | None = None
    at = 2
    while True:
        if raw[at] != 0xFF:
            return None
        while raw[at] == 0xFF:  # fill bytes before a marker
            at += 1
        marker = raw[at]
        at += 1
        if marker == _EOI:
            out.append(b"\xff\xd9")
            if profile_at is not None:
                out[profile_at] = _icc_segments(b"".join(data for _, data in sorted(profile)))
            return b"".join(out)
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        (length,) = struct.unpack(">H", raw[at:at + 2])
        if length < 2 or at + length > len(raw):
            return None
        segment = raw[at - 2:at + length]
        body = raw[at + 2:at + length]
        at += length
        if marker == _APP1 and body.startswith(b"Exif\x00\x00") and _turned(body):
            return None  # the pixels must be turned: re-encode
        if marker == _SOS:
            out.append(segment)
            end = _scan_end(raw, at)
            out.append(raw[at:end])
            at = end
        elif marker == _APP2 and body.startswith(_ICC) and len(body) > len(_ICC) + 2:
            if profile_at is None:
                profile_at = len(out)
                out.append(b"")
            profile.append((body[len(_ICC)], body[len(_ICC) + 2:]))
        elif marker in _JPEG_KEEP:
            out.append(segment)
        elif marker == _APP0 and body.startswith(_JFIF) and len(body) >= 14:
            out.append(b"\xff\xe0\x00\x10" + body[:12] + b"\x00\x00")  # JFIF header, no thumbnail
        elif not (0xE0 <= marker <= 0xEF or marker == _COMMENT):
            return None  # a marker this whitelist does not know: leave it to the re-encode
        # else: metadata (APPn) or a comment: dropped


def _icc_segments(profile: bytes) -> bytes:
    """The profile without its text, as APP2 segments of at most 65519 bytes of profile each."""
    data = neutral(profile)
    size = 65519
    chunks = [data[start:start + size] for start in range(0, len(data), size)]
    return b"".join(b"\xff\xe2" + struct.pack(">H", 2 + len(_ICC) + 2 + len(chunk)) + _ICC
                    + bytes((number, len(chunks))) + chunk for number, chunk in enumerate(chunks, 1))


def _scan_end(raw: bytes, at: int) -> int:
    """Where the entropy-coded data after a scan header ends: at the next marker
    that is neither a stuffed 0xFF00 nor a restart marker."""
    while True:
        at = raw.index(b"\xff", at)
        following = raw[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1 if following == 0xFF else 2
            continue
        return at


def _turned(exif: bytes) -> bool:
    """Whether the EXIF orientation says anything but "upright" (tag 0x0112 in IFD0)."""
    tiff = exif[6:]
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return True  # unreadable: let the re-encode (Pillow) decide
    (first,) = struct.unpack(order + "I", tiff[4:8])
    (count,) = struct.unpack(order + "H", tiff[first:first + 2])
    for index in range(count):
        entry = tiff[first + 2 + 12 * index:first + 14 + 12 * index]
        tag, kind, _, value = struct.unpack(order + "HHI4s", entry)
        if tag == 0x0112:
            orientation = struct.unpack(order + "H", value[:2])[0] if kind == 3 else 0
            return orientation != 1
    return False


def _png(raw: bytes) -> bytes | None:
    out = [_PNG_START]
    at = len(_PNG_START)
    while True:
        length, kind = struct.unpack(">I4s", raw[at:at + 8])
        end = at + 12 + length
        if end > len(raw):
            return None
        if kind == b"eXIf":
            return None  # may carry an orientation: re-encode
        if kind == b"iCCP":
            out.append(_iccp(raw[at + 8:end - 4]))
        elif kind in _PNG_KEEP:
            out.append(raw[at:end])
        elif not kind[:1].islower():
            return None  # an unknown critical chunk: the image may need it
        if kind == b"IEND":
            return b"".join(out)
        at = end
