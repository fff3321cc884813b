"""ICC colour profiles without their words: the colour data kept, the text tags rewritten.

A photo's colour profile says how its numbers become colours, so dropping it
would change how the photo looks. But a profile also carries text: its
description and copyright (a monitor calibration names the machine, „Stefans
MacBook“), device and creator fields, a creation date, names of colorants.
`neutral` keeps the header's colour fields and the tags that describe
colour (a whitelist), writes a fixed description and copyright, and zeroes
the dates, the creator, the device and the profile ID.
"""

from __future__ import annotations

import struct

COLOUR_TAGS = frozenset({
    b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC", b"kTRC", b"wtpt", b"bkpt", b"chad", b"chrm", b"lumi",
    b"A2B0", b"A2B1", b"A2B2", b"B2A0", b"B2A1", b"B2A2", b"D2B0", b"D2B1", b"D2B2", b"D2B3", b"B2D0", b"B2D1",
    b"B2D2", b"B2D3", b"gamt", b"pre0", b"pre1", b"pre2", b"cicp", b"meas", b"view", b"tech", b"rig0", b"rig2",
    b"ciis", b"clot", b"clro",
})
"""Tags that describe colour in numbers and signatures; everything else (text, dates, names) goes."""
DESCRIPTION = "Farbprofil"
COPYRIGHT = "Kein Hinweis"
_HEADER = 128
_ZEROED = ((24, 36), (48, 56), (80, 100))
"""Creation date; device manufacturer and model; creator and profile ID (an MD5 of the rest, 0: none)."""


def neutral(profile: bytes) -> bytes:
    """The profile with only its colour tags and fixed words; ValueError when it is no ICC profile."""
    if len(profile) < _HEADER + 4 or profile[36:40] != b"acsp":
        raise ValueError("no ICC profile")
    (count,) = struct.unpack(">I", profile[_HEADER:_HEADER + 4])
    if count > 1000:
        raise ValueError("too many tags")
    version4 = profile[8] >= 4
    tags: list[tuple[bytes, bytes]] = []
    for index in range(count):
        entry = profile[_HEADER + 4 + 12 * index:_HEADER + 16 + 12 * index]
        signature, offset, size = struct.unpack(">4sII", entry)
        if signature in COLOUR_TAGS:
            data = profile[offset:offset + size]
            if len(data) != size:
                raise ValueError("tag outside the profile")
            tags.append((signature, data))
    tags.append((b"desc", _text(DESCRIPTION, version4, description=True)))
    tags.append((b"cprt", _text(COPYRIGHT, version4, description=False)))
    return _assemble(bytearray(profile[:_HEADER]), tags)


def _assemble(header: bytearray, tags: list[tuple[bytes, bytes]]) -> bytes:
    for start, end in _ZEROED:
        header[start:end] = bytes(end - start)
    table = bytearray(struct.pack(">I", len(tags)))
    data = bytearray()
    offset = _HEADER + 4 + 12 * len(tags)
    for signature, body in tags:
        table += struct.pack(">4sII", signature, offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    profile = header + table + data
    profile[0:4] = struct.pack(">I", len(profile))
    return bytes(profile)


def _text(text: str, version4: bool, description: bool) -> bytes:
    if version4:  # multiLocalizedUnicodeType, one record
        encoded = text.encode("utf-16-be")
        return b"mluc" + bytes(4) + struct.pack(">II2s2sII", 1, 12, b"de", b"DE", len(encoded), 28) + encoded
    ascii_text = text.encode("ascii") + b"\x00"
    if description:  # textDescriptionType: ASCII, then empty Unicode and ScriptCode parts
        return b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(8) + bytes(3) + bytes(67)
    return b"text" + bytes(4) + ascii_text
