"""Hostile or broken repositories cannot leak, crash or hang the build.

Each case plants one thing a careless copy, a web editor or a hostile hand
could commit, runs `build.py check` as an editor would, and asserts the file,
the line and the words of the message (exit 1, no traceback). `build` fails
the same way and leaves site/ as it was (test_security.py shows nothing
leaks into site/).
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from dataclasses import dataclass
from typing import Callable

import pytest

from .projects import Project, pdf, session
from .test_cli import in_process
from .test_messages import find

SESSION = "series/2021/sessions/auftakt.md"
SPEAKER = "series/speakers/prof-dr-lea-hartmann.md"
THEME = "series/2021/theme.yml"
PAGE = "content/about.md"


def _link(relative: str, target: str) -> Callable[[Project], None]:
    def plant(project: Project) -> None:
        path = project.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
    return plant


def _git_config(project: Project) -> None:
    project.write(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic geheim\n")
    _link("content/config.txt", "../.git/config")(project)


def _loop(project: Project) -> None:
    _link("content/a.md", "b.md")(project)
    _link("content/b.md", "a.md")(project)


def _session(**changes: str) -> Callable[[Project], None]:
    return lambda project: project.write(SESSION, session(**changes))


def _speaker_text(body: str) -> Callable[[Project], None]:
    def write(project: Project) -> None:
        text = (project.root / SPEAKER).read_text(encoding="utf-8")
        project.write(SPEAKER, text.rsplit("---\n", 1)[0] + "---\n" + body)
    return write


def _text(relative: str, old: str, new: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        text = (project.root / relative).read_text(encoding="utf-8")
        assert old in text
        project.write(relative, text.replace(old, new, 1))
    return change


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height: a few bytes that would decode to gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")


def _bomb_photo(project: Project) -> None:
    project.write("content/images/bomb.png", png_header(100_000, 100_000))
    _text(SPEAKER, "sector: academia\n", "sector: academia\nphoto: images/bomb.png\n")(project)


ALIAS_BOMB = "".join(
    f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9 if prev else ['"lol"'] * 9) + "]\n"
    for prev, name in zip([""] + list("abcdefgh"), "abcdefghi")
)
"""The billion laughs: 9 ** 9 strings from a few hundred bytes."""


@dataclass(frozen=True)
class Case:
    id: str
    plants: Callable[[Project], None]
    path: str
    line: int | None
    words: tuple[str, ...]


LINK_FIX = "durch eine echte Datei ersetzen"

CASES = [
    # --- symbolic links out of the content folders, into .git/, in a circle
    Case("link-to-etc-passwd", _link("content/passwd.txt", "/etc/passwd"),
         "content/passwd.txt", None, ("Symlink", "„/etc/passwd“", "außerhalb der Inhaltsordner", LINK_FIX)),
    Case("link-to-ci-environment", _link("content/env.txt", "/proc/self/environ"),
         "content/env.txt", None, ("Symlink", "„/proc/self/environ“", "außerhalb", LINK_FIX)),
    Case("link-into-git", _git_config,
         "content/config.txt", None, ("Symlink", "Ordner .git/", "Zugangs-Token", LINK_FIX)),
    Case("link-in-series", _link("series/speakers/root.md", "/etc/passwd"),
         "series/speakers/root.md", None, ("Symlink", "außerhalb", LINK_FIX)),
    Case("link-to-folder-outside", _link("content/etc", "/etc"),
         "content/etc", None, ("Symlink", "„/etc“", "außerhalb", LINK_FIX)),
    Case("link-loop", _loop, "content/a.md", None, ("Symlink", "führt im Kreis", LINK_FIX)),
    Case("link-to-own-folder", _link("content/images/up", ".."),
         "content/images/up", None, ("Symlink", "Ordner, in dem er selbst liegt", LINK_FIX)),
    Case("link-to-nothing", _link("content/gone.pdf", "materials/gone.pdf"),
         "content/gone.pdf", None, ("Symlink", "„materials/gone.pdf“, das es nicht gibt", LINK_FIX)),
    # --- YAML that would take minutes and gigabytes, or crash the parser
    Case("alias-bomb", _text(THEME, "capacity: 50\n", "capacity: 50\n" + ALIAS_BOMB),
         THEME, 9, ("YAML-Alias", "nicht erlaubt", "ausschreiben")),
    Case("alias-in-front-matter", _session(extra="location: &ort Online\nregistration: *ort"),
         SESSION, 8, ("YAML-Alias", "nicht erlaubt")),
    Case("alias-bomb-in-page", lambda project: project.write(PAGE, "---\n" + ALIAS_BOMB + "---\n# Über uns\n"),
         PAGE, 3, ("YAML-Alias", "nicht erlaubt")),
    Case("nesting-too-deep", _text(THEME, "capacity: 50\n", "capacity: 50\nx: " + "[" * 100_000 + "]" * 100_000 + "\n"),
         THEME, 8, ("tiefer als 50 Ebenen verschachtelt",)),
    # --- dates no calendar can hold
    Case("year-1", _session(start="0001-01-02 14:00"),
         SESSION, 3, ("„0001-01-02 14:00“ liegt nicht zwischen 1970 und 2199", "Jahreszahl")),
    Case("year-9999", _session(start="9999-12-31 14:00"),
         SESSION, 3, ("„9999-12-31 14:00“ liegt nicht zwischen 1970 und 2199",)),
    Case("year-1-with-offset", _session(start="0001-01-01T00:30:00+02:00"),
         SESSION, 3, ("liegt nicht zwischen 1970 und 2199",)),
    Case("deadline-9999", _text(THEME, "deadline: 2021-09-30", "deadline: 9999-12-31"),
         THEME, 6, ("registration.deadline", "„9999-12-31“ liegt nicht zwischen 1970 und 2199")),
    # --- names longer than a file system allows once the site adds its suffixes
    Case("file-name-too-long", lambda project: project.write(f"series/2021/sessions/{'a' * 251}.md", session()),
         f"series/2021/sessions/{'a' * 251}.md", None, ("Dateiname ist zu lang (251 Zeichen, höchstens 100)",)),
    Case("alias-too-long", _session(extra=f"aliases: [{'a' * 300}]"),
         SESSION, 7, ("aliases: „aaaa", "höchstens 100 Zeichen")),
    # --- images that would decode to gigabytes
    Case("image-bomb-in-content", lambda project: project.write("content/images/bomb.png", png_header(100_000, 100_000)),
         "content/images/bomb.png", None, ("das Bild bomb.png", "Megapixel")),
    Case("image-bomb-as-photo", _bomb_photo, SPEAKER, 6, ("das Foto bomb.png", "Megapixel")),
    Case("image-just-too-big", lambda project: project.write("content/images/big.png", png_header(9_000, 9_500)),
         "content/images/big.png", None, ("9000 × 9500 Pixeln zu groß", "höchstens 80 Megapixel")),
    # --- control characters and lone surrogates (feed.xml ill-formed, .ics refused)
    Case("control-in-abstract", _session(abstract="Ein\x0bAbstract."),
         SESSION, 8, ("unsichtbares Steuerzeichen (U+000B)", "löschen")),
    Case("escape-in-title", _session(title='"Auf\\x01takt"'),
         SESSION, 2, ("title: enthält ein unsichtbares Steuerzeichen (U+0001)",)),
    Case("lone-surrogate", _session(title='"Auf\\ud800takt"'),
         SESSION, 2, ("title: enthält ein unsichtbares Steuerzeichen (U+D800)",)),
    Case("c1-control-in-bio", _speaker_text("Forscht\x85zu Teilhabe.\n"),
         SPEAKER, 7, ("unsichtbares Steuerzeichen (U+0085)",)),
    Case("control-in-page", lambda project: project.write(PAGE, "# Über uns\n\nText\x1b[31m rot.\n"),
         PAGE, 3, ("unsichtbares Steuerzeichen (U+001B)",)),
    Case("control-in-settings", lambda project: project.config(extra={"series": {"name": "Reihe\x07", "location": "Online"}}),
         "mkdocs.yml", None, ("extra.series.name: enthält ein unsichtbares Steuerzeichen (U+0007)",)),
    # --- script in editors' Markdown
    Case("script-in-abstract", _session(abstract="Ein Abstract.\n\n<script>fetch('//evil.example')</script>\n"),
         SESSION, 10, ("<script> ist in Texten nicht erlaubt", "EDITING.md")),
    Case("onclick-by-attr-list", _session(abstract="Ein Abstract.\n{onclick=\"alert(1)\"}\n"),
         SESSION, 9, ("das Attribut „onclick“", "Skript")),
    Case("onerror-on-image", _speaker_text("Bio.\n\n<img src=x onerror=alert(1)>\n"),
         SPEAKER, 9, ("das Attribut „onerror“",)),
    Case("javascript-link-in-bio", _speaker_text("Mehr [hier](javascript:alert(1)).\n"),
         SPEAKER, 7, ("Links mit „javascript:“ sind nicht erlaubt",)),
    Case("javascript-link-hidden-by-entity", _session(abstract="[hier](jav&#x61;script:alert(1))\n"),
         SESSION, 8, ("Links mit „javascript:“ sind nicht erlaubt",)),
    Case("iframe-in-theme-summary", _text(THEME, "Ein Jahr über **Räume**.", '<iframe src="https://maps.example.com/"></iframe>'),
         THEME, 3, ("<iframe> ist in Texten nicht erlaubt",)),
    Case("iframe-in-page", lambda project: project.write(PAGE, "---\ntitle: Über uns\n---\n# Über uns\n\n<iframe src=\"https://video.example.com/\"></iframe>\n"),
         PAGE, 6, ("<iframe> ist in Texten nicht erlaubt",)),
    Case("script-in-svg-image", lambda project: project.write(
            "content/images/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<circle r="4"/>\n'
            '<script>fetch("https://evil.example/")</script>\n</svg>\n'),
         "content/images/logo.svg", 3, ("<script> ist in SVG-Bildern nicht erlaubt",)),
    Case("svg-onload-in-page", lambda project: project.write(PAGE, "# Über uns\n\n<svg onload=alert(1)></svg>\n"),
         PAGE, 3, ("<svg> ist in Texten nicht erlaubt",)),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_hostile_file_is_a_message(project: Project, case: Case) -> None:
    case.plants(project)
    started = time.monotonic()
    result = in_process(project, "check")
    assert time.monotonic() - started < 10
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    find(result.stderr, case.path, case.line, "Fehler", case.words)


def test_allow_raw_html_lets_trusted_editors_embed_frames_but_never_script(project: Project) -> None:
    _session(abstract='<iframe src="https://video.example.com/"></iframe>\n')(project)
    assert in_process(project, "check").returncode == 1
    project.config(extra={"series": {"name": "Testreihe", "allow_raw_html": True}})
    assert in_process(project, "check").returncode == 0
    _session(abstract="<script>console.log(1)</script>\n")(project)
    result = in_process(project, "check")
    assert result.returncode == 1
    find(result.stderr, SESSION, 8, "Fehler", ("<script> ist in Texten nicht erlaubt",))


def test_allow_raw_html_still_refuses_control_characters_in_pages(project: Project) -> None:
    project.config(extra={"series": {"name": "Testreihe", "allow_raw_html": True}})
    project.write(PAGE, "# Über uns\n\nText\x1b[31m rot.\n")
    result = in_process(project, "check")
    assert result.returncode == 1
    find(result.stderr, PAGE, 3, "Fehler", ("unsichtbares Steuerzeichen (U+001B)",))


def test_harmless_html_and_links_pass(project: Project) -> None:
    """What editors write every day: emphasis, links, a <br>, a class, and the word javascript in prose."""
    _session(abstract=("Mehr [bei uns](https://www.example.org/) oder <mailto:reihe@example.org>.<br>\n"
                       "Ein Absatz über JavaScript: es ist eine Sprache.\n{.hinweis}\n\n"
                       "<details><summary>Mehr</summary>Text &amp; mehr</details>\n"))(project)
    result = in_process(project, "check")
    assert result.returncode == 0, result.stderr


def test_a_link_inside_the_content_folders_is_fine(project: Project) -> None:
    project.write("content/materials/folien.pdf", pdf())
    _link("content/folien.pdf", "materials/folien.pdf")(project)
    result = in_process(project, "check")
    assert result.returncode == 0, result.stderr


def test_a_hostile_build_stops_and_keeps_the_last_site(project: Project) -> None:
    assert project.run("build").returncode == 0
    before = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    _link("content/passwd.txt", "/etc/passwd")(project)
    _session(title='"Auf\\ud800takt"')(project)
    result = project.run("build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    find(result.stderr, "content/passwd.txt", None, "Fehler", ("Symlink",))
    after = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    assert after == before
