"""exiftool plants every kind of metadata into every image and material type; exiftool finds none in site/.

Each file type a browser opens, named as editors name it (also `.jfif`,
`.jpe`, a JPEG saved as `.png`), under content/ and as speaker portraits,
gets EXIF with GPS, XMP, IPTC, a comment, text chunks and an ICC profile
whose description names a person. After the build, exiftool reads every
file in site/ and no value may hold the planted word; the cleaned images
decode to the same pixels as the originals. Formats the build cannot clean
(TIFF, AVIF, HEIC) and SVGs with metadata are refused by `check`.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from .projects import Project, new_project
from .test_cli import in_process
from .test_strip import _profile

SECRET = "Stefan Geheimnis"
"""Planted in every field; no published byte may carry it."""
PERSONAL_TAGS = ("GPS", "Artist", "Creator", "Author", "By-line", "Make", "Model", "Comment", "Copyright",
                 "OwnerName", "SerialNumber", "ThumbnailImage")

NEUTRAL = ("", "0", "Kein Hinweis", "Farbprofil")
"""What the cleaned colour profile says in its text and device fields (series_publisher/icc.py)."""

EXIFTOOL = shutil.which("exiftool")
pytestmark = pytest.mark.skipif(EXIFTOOL is None, reason="exiftool missing: apt-get install libimage-exiftool-perl")

FIELDS = [f"-Artist={SECRET}", f"-XMP-dc:Creator={SECRET}", f"-XMP-dc:Description={SECRET}",
          f"-IPTC:By-line={SECRET}", f"-Comment={SECRET}", f"-UserComment={SECRET}", f"-Make={SECRET}",
          f"-Model={SECRET}", f"-Copyright={SECRET}", f"-OwnerName={SECRET}", f"-PNG:Author={SECRET}",
          "-GPSLatitude=48.137", "-GPSLatitudeRef=N", "-GPSLongitude=11.575", "-GPSLongitudeRef=E",
          f"-PDF:Author={SECRET}", f"-PDF:Creator={SECRET}", f"-PDF:Producer={SECRET}", f"-PDF:Title={SECRET}"]


@dataclass(frozen=True)
class Planted:
    name: str
    """The file's name under content/images/ (or materials/)."""
    format: str
    """What it really is (Pillow's format name, or PDF)."""


FILES = [
    Planted("images/foto.jpg", "JPEG"), Planted("images/foto.jfif", "JPEG"), Planted("images/foto.jpe", "JPEG"),
    Planted("images/jpeg-als.png", "JPEG"), Planted("images/grafik.png", "PNG"), Planted("images/bild.webp", "WEBP"),
    Planted("images/animation.gif", "GIF"), Planted("materials/folien.pdf", "PDF"),
]
PORTRAITS = [Planted("images/speakers/lea.jpg", "JPEG"), Planted("images/speakers/lea.png", "PNG"),
             Planted("images/speakers/lea.webp", "WEBP")]


def _image(kind: str) -> bytes:
    """A small picture with detail, its colour profile naming a person."""
    image = Image.new("RGB", (64, 48))
    image.putdata([((x * 4) % 256, (y * 5) % 256, (x * y) % 256) for y in range(48) for x in range(64)])
    out = io.BytesIO()
    options = {"icc_profile": _profile(SECRET)} if kind in ("JPEG", "PNG", "WEBP") else {}
    if kind == "GIF":
        image = image.convert("P")
        options = {"comment": SECRET.encode()}
    elif kind == "JPEG":
        options |= {"quality": 95, "comment": SECRET.encode()}
    elif kind == "WEBP":
        options |= {"lossless": True}
    image.save(out, kind, **options)
    return out.getvalue()


def _pdf() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [SECRET]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "PDF": ".pdf"}


def _plant(project: Project, planted: Planted) -> Path:
    """Written under its true suffix (exiftool checks it), filled by exiftool, then given the editor's name."""
    data = _pdf() if planted.format == "PDF" else _image(planted.format)
    staging = project.write(f"staging/{Path(planted.name).stem}{SUFFIXES[planted.format]}", data)
    subprocess.run([EXIFTOOL, "-q", "-q", "-m", "-overwrite_original", *FIELDS, str(staging)], check=True)
    path = project.root / "content" / planted.name
    path.parent.mkdir(parents=True, exist_ok=True)
    staging.replace(path)
    assert SECRET.encode() in path.read_bytes() or planted.format == "PDF", "exiftool planted nothing"
    return path


def _personal(site: Path) -> list[str]:
    """Every value exiftool reads in what came from editors' files that is personal: the planted word, or a
    personal tag (the generated programme PDFs name the organiser as their author, on purpose)."""
    kinds = [option for suffix in ("jpg", "jfif", "jpe", "png", "webp", "gif", "pdf") for option in ("-ext", suffix)]
    folders = [str(site / name) for name in ("images", "materials", "assets/speakers")]
    result = subprocess.run([EXIFTOOL, "-j", "-a", "-G1", "-r", *kinds, *folders],
                            capture_output=True, text=True, check=False)
    found = []
    for entry in json.loads(result.stdout or "[]"):
        for key, value in entry.items():
            if key.startswith(("System:", "ExifTool:")) or key == "SourceFile":
                continue
            named = any(tag in key.split(":")[-1] for tag in PERSONAL_TAGS) and str(value).strip() not in NEUTRAL
            if SECRET in str(value) or named:
                found.append(f"{entry['SourceFile']}: {key}={str(value)[:60]}")
    return found


def _pixels(data: bytes) -> list[bytes]:
    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frames.append(image.convert("RGBA").tobytes())
        return frames


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Project, dict[str, bytes]]:
    project = new_project(tmp_path_factory.mktemp("metadata") / "p")
    originals = {planted.name: _plant(project, planted).read_bytes() for planted in FILES + PORTRAITS}
    for number, portrait in enumerate(PORTRAITS):
        slug = f"person-{number}"
        project.write(f"series/speakers/{slug}.md", f"---\nname: Person {number}\nrole: Rolle\norganisation: Verein\n"
                                                     f"sector: civil-society\nphoto: {portrait.name}\n---\nBio.\n")
    project.write("series/2021/sessions/auftakt.md", Path(project.root / "series/2021/sessions/auftakt.md")
                  .read_text(encoding="utf-8").replace("speakers: [prof-dr-lea-hartmann]",
                                                       "speakers: [prof-dr-lea-hartmann, person-0, person-1, person-2]"))
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return project, originals


def test_exiftool_finds_nothing_personal_in_the_site(built) -> None:
    project, _ = built
    found = _personal(project.root / "site")
    assert found == [], "\n".join(found)
    leaking = [path for path in (project.root / "site").rglob("*") if path.is_file()
               and SECRET.encode() in path.read_bytes()]
    assert leaking == []


@pytest.mark.parametrize("planted", [p for p in FILES if p.format != "PDF"], ids=lambda p: p.name)
def test_a_cleaned_image_shows_the_same_pixels(built, planted: Planted) -> None:
    project, originals = built
    published = (project.root / "site" / planted.name).read_bytes()
    assert published != originals[planted.name]
    assert _pixels(published) == _pixels(originals[planted.name])


def test_the_cleaned_pdf_keeps_its_page(built) -> None:
    import pikepdf

    project, _ = built
    with pikepdf.open(project.root / "site/materials/folien.pdf") as pdf:
        assert len(pdf.pages) == 1 and "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root


@dataclass(frozen=True)
class Refused:
    id: str
    name: str
    data: bytes
    words: tuple[str, ...]


REFUSED = [
    Refused("tiff", "images/scan.tif", b"II*\x00\x08\x00\x00\x00" + bytes(56), ("TIFF-Bild", "nicht sicher entfernen")),
    Refused("tiff-named-jpg", "images/scan.jpg", b"MM\x00*\x00\x00\x00\x08" + bytes(56), ("TIFF-Bild",)),
    Refused("avif", "images/foto.avif", b"\x00\x00\x00\x1cftypavif" + bytes(52), ("AVIF-Bild",)),
    Refused("heic", "images/foto.heic", b"\x00\x00\x00\x18ftypheic" + bytes(52), ("HEIC/HEIF-Bild",)),
    Refused("pdf-unreadable", "materials/kaputt.pdf", b"%PDF-1.4\n" + bytes(60), ("nicht lesbar oder verschlüsselt",)),
    Refused("svg-metadata", "images/logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg">\n<metadata>Stefan</metadata>\n<circle r="4"/>\n</svg>\n',
            ("<metadata>", "SVG-Bildern")),
    Refused("svg-inkscape-path", "images/logo2.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/'
            b'sodipodi-0.dtd"\n sodipodi:docname="/home/stefan/logo.svg">\n<circle r="4"/>\n</svg>\n',
            ("„docname“",)),
    Refused("svg-foreign-image", "images/logo3.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg">\n<image href="https://tracker.example/p.png"/>\n</svg>\n',
            ("tracker.example",)),
]


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case.id)
def test_what_cannot_be_cleaned_is_refused_by_check(tmp_path: Path, case: Refused) -> None:
    project = new_project(tmp_path / "p")
    project.write(f"content/{case.name}", case.data)
    result = in_process(project, "check")
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"content/{case.name}")]
    assert any(all(word in line for word in case.words) for line in lines), result.stderr
