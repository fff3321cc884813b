"""SVG images under content/: published as written, so refused unless they are pictures only.

An SVG opened by its address is a document of its own: its script runs on the
site, its `<image href>` or CSS `url()` asks a foreign host, and drawing
programs leave names and paths in it (`<metadata>`, `sodipodi:docname`,
`inkscape:export-filename="/home/…"`). A browser reads an SVG file as XML, so
this reads it with the XML parser (expat, which also gives each line) and
refuses, at `file:line`, everything but drawing: elements and attributes in
the SVG, XLink and XML namespaces, references within the file or the site,
no comments or processing instructions, no document type (entities).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from .problems import Problems
from .sanitise import HtmlPolicy, style_problem, url_problem
from .settings import Settings

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
DRAWING_NAMESPACES = frozenset({SVG, XLINK, XML, ""})
REFUSED_ELEMENTS = frozenset({"script", "foreignObject", "metadata", "iframe", "handler", "listener"})
ANIMATIONS = frozenset({"animate", "set", "animateTransform", "animateMotion", "discard"})
HINT = ("als „Optimiertes SVG“ bzw. „Einfaches SVG“ ohne Metadaten speichern, z. B. mit "
        "`scour --enable-comment-stripping --remove-metadata` oder svgo, oder das Bild als PNG ablegen")
_SEPARATOR = " "


class _Refused(Exception):
    """Stops the parser at the first document type: entities are never expanded."""


def check_svgs(settings: Settings, policy: HtmlPolicy, problems: Problems) -> None:
    """Every SVG under content/, read as a browser reads it: as XML."""
    if not settings.docs_dir.is_dir():
        return
    for path in sorted(settings.docs_dir.rglob("*")):
        if path.is_file() and not path.is_symlink() and _is_svg(path):
            for line, message in svg_findings(path.read_bytes(), policy):
                problems.error(settings.shown(path), line, message, HINT)


def _is_svg(path: Path) -> bool:
    """By name or by content: a file named .xml or .png that starts like an SVG is one to a browser that sniffs."""
    if path.suffix.lower() in {".svg", ".svgz"}:
        return True
    with path.open("rb") as stream:
        head = stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in head


def svg_findings(data: bytes, policy: HtmlPolicy) -> list[tuple[int, str]]:
    """(line, German message) for everything in this SVG that is not a drawing."""
    findings: list[tuple[int, str]] = []
    parser = expat.ParserCreate(namespace_separator=_SEPARATOR)
    at = lambda: parser.CurrentLineNumber  # noqa: E731

    def start(name: str, attributes: dict[str, str]) -> None:
        findings.extend((at(), message) for message in _element_findings(name, attributes, policy))

    def doctype(*_: object) -> None:
        findings.append((at(), "eine Dokumenttyp-Angabe (<!DOCTYPE …>) ist in SVG-Bildern nicht erlaubt"))
        raise _Refused

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.CommentHandler = lambda text: findings.append((at(), "ein Kommentar (<!-- … -->) ist nicht erlaubt"))
    parser.ProcessingInstructionHandler = lambda target, data: findings.append(
        (at(), f"die Anweisung <?{target} …?> ist nicht erlaubt"))
    parser.CharacterDataHandler = lambda text: _css_text(text, policy, at(), findings)
    try:
        parser.Parse(data, True)
    except _Refused:
        pass
    except expat.ExpatError as error:
        findings.append((error.lineno, f"kein lesbares SVG (XML-Fehler: {expat.ErrorString(error.code)})"))
    return list(dict.fromkeys(findings))


def _local(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition(_SEPARATOR)
    return namespace, local


def _element_findings(name: str, attributes: dict[str, str], policy: HtmlPolicy) -> list[str]:
    namespace, local = _local(name)
    if namespace not in DRAWING_NAMESPACES or local in REFUSED_ELEMENTS:
        where = f" ({namespace})" if namespace not in DRAWING_NAMESPACES else ""
        return [f"das Element <{local}>{where} ist in SVG-Bildern nicht erlaubt"]
    found = []
    for key, value in attributes.items():
        space, attribute = _local(key)
        if space not in DRAWING_NAMESPACES:
            found.append(f"das Attribut „{attribute}“ ({space}) ist in SVG-Bildern nicht erlaubt")
        elif attribute.lower().startswith("on"):
            found.append(f"das Attribut „{attribute}“ (führt ein Skript aus) ist nicht erlaubt")
        elif local in ANIMATIONS and attribute == "attributeName" and value.split(":")[-1].strip() == "href":
            found.append("eine Animation, die einen Link ändert, ist nicht erlaubt")
        elif attribute in {"href", "src"} and (problem := _reference_problem(value, policy)):
            found.append(problem)
        elif attribute == "style" and (problem := style_problem(value, policy)):
            found.append(problem)
    return found


def _reference_problem(value: str, policy: HtmlPolicy) -> str | None:
    """Links inside the drawing (`#id`) and files of the site only: a foreign image would load on every view."""
    if re.match(r"\s*data:", value, re.IGNORECASE):
        return "eingebettete Dateien (data:) sind in SVG-Bildern nicht erlaubt"
    return url_problem("img", "src", value, HtmlPolicy(policy.hosts, raw_html=False))


def _css_text(text: str, policy: HtmlPolicy, line: int, findings: list[tuple[int, str]]) -> None:
    """A `<style>` element's text: the same rules as a style attribute (cheap: only text with CSS signs)."""
    if "url(" in text.lower() or "@import" in text.lower() or "\\" in text:
        problem = style_problem(text, HtmlPolicy(policy.hosts, raw_html=False))
        if problem:
            findings.append((line, problem))
