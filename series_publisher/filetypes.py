"""What a file under content/ is, read from its first bytes, not from its name.

A name says nothing: `portrait.jfif`, `.jpe`, `.tif` or a JPEG saved as
`bild.png` all reach a browser, which sniffs the bytes. So the build decides
by the bytes what a file is, and with that how it is published:

- `CLEANED`: published only as a copy without metadata (images.py, pdfs.py);
- `REFUSED`: image formats whose metadata cannot be removed safely here
  (TIFF, AVIF, HEIC/HEIF, BMP, ICO, JPEG 2000/XL) — an error with the fix;
- everything else (text, CSS, fonts, SVG: see svg.py) as it is.
"""

from __future__ import annotations

from pathlib import Path

CLEANED = frozenset({"jpeg", "png", "webp", "gif", "pdf"})
REFUSED = {"tiff": "TIFF", "avif": "AVIF", "heic": "HEIC/HEIF", "bmp": "BMP", "ico": "ICO",
           "jp2": "JPEG 2000", "jxl": "JPEG XL", "psd": "Photoshop"}
"""Image formats that may carry metadata and that this build does not clean: refused, with their name."""
HEAD = 64


def sniff(head: bytes) -> str | None:
    """The kind of file these first bytes start (at least 32 of them), or None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "avif"
        if brand in (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"):
            return "heic"
    if head.startswith(b"BM") and len(head) > 14:
        return "bmp"
    if head.startswith(b"\x00\x00\x01\x00"):
        return "ico"
    if head.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")):
        return "jp2"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):
        return "jxl"
    if head.startswith(b"8BPS"):
        return "psd"
    if b"%PDF-" in head[:HEAD]:  # readers accept a PDF header after some junk
        return "pdf"
    return None


def kind_of(path: Path) -> str | None:
    with path.open("rb") as stream:
        return sniff(stream.read(HEAD))


def published_files(docs_dir: Path) -> list[tuple[Path, str, str | None]]:
    """(path, path relative to docs_dir, kind) of every file MkDocs would copy: no Markdown, no dot files."""
    found = []
    for path in sorted(docs_dir.rglob("*")) if docs_dir.is_dir() else ():
        relative = path.relative_to(docs_dir).as_posix()
        if relative.startswith(".") or "/." in relative or path.suffix.lower() == ".md":
            continue
        if not path.is_file():  # a link is read through: folders.py has checked where it leads
            continue
        found.append((path, relative, kind_of(path)))
    return found
