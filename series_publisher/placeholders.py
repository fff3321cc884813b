"""Template text an editor has not replaced yet: „Beschreibung folgt.“, `https://…`, `[Name der Organisation]`.

The scaffolds (`build.py new …`) write such placeholders so that a new file
passes `check`; the schedule then warns wherever one is still in place, with
the file and line, so it never reaches the public unnoticed. A site can make
them errors (`extra.series.fail_on_placeholders: true`) for its publishing build.

The same holds for what the shipped example leaves for an organisation to
change before its first real season (`launch_findings`): example hosts in
mkdocs.yml, example contact addresses, the legal pages' template text, an
accessibility statement not reviewed for a year. All these rules live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import yaml

from .settings import Settings, LenientLoader
from .sources import KeyPath, SourceFile

_WHOLE = re.compile(r"^(?:[\wÄÖÜäöüß]+ ){0,4}folgt\.?$", re.IGNORECASE)
"""A line that is only „… folgt.“ (real prose goes on after the verb: „Dann folgt ein Vortrag.“)."""
_ANYWHERE = re.compile(r"\b(?:TODO|TBA|TBD|XXX|Lorem ipsum)\b|https?://…")


@dataclass(frozen=True)
class Placeholder:
    line: int
    key: str
    """The key (`title`, `summary` …) or "" for the Markdown text below the front matter."""
    text: str
    """The placeholder line, as typed."""


def _found(text: str) -> str | None:
    stripped = text.strip()
    if _WHOLE.match(stripped):
        return stripped
    match = _ANYWHERE.search(stripped)
    return stripped if match else None


def _values(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _values(value, path + (index,))


def placeholders(source: SourceFile) -> list[Placeholder]:
    """Every placeholder in one file: in its values (with their lines) and in its Markdown body."""
    found: list[Placeholder] = []
    document = source.document
    for path, value in _values(document.data, ()):
        key = ".".join(str(part) for part in path if isinstance(part, str))
        lines = value.split("\n")
        for offset, line in enumerate(lines):
            text = _found(line)
            if text:
                # A block value (`summary: |`) starts on the line below its key.
                found.append(Placeholder(document.line(path) + (offset + 1 if len(lines) > 1 else 0), key, text))
    for offset, line in enumerate(source.body.split("\n")):
        text = _found(line)
        if text:
            found.append(Placeholder(source.body_line + offset, "", text))
    return found


# ---------------------------------------------------------------- before the first real season

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example", "test", "invalid", "localhost")
"""Names reserved for examples (RFC 2606): a host that is one of them, or ends in one, is not a real site."""
EXAMPLE_REPOSITORIES = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org)/example/",
                                  re.IGNORECASE)
TEMPLATE_NOTICE = re.compile(r"\bPlatzhalter\b|\bist eine Vorlage\b|\bis a template\b|\bPlaceholder\b")
"""The notice at the top of the shipped legal pages."""
TEMPLATE_FIELD = re.compile(r"\[(?!\^)([^\[\]\n]*[A-Za-zÄÖÜäöüß][^\[\]\n]*)\](?![(\[:{])")
"""`[Name der Organisation]`, but not a Markdown link `[text](…)`, `[text][ref]`, `[^1]` or a task box."""
LEGAL_PAGES = ("impressum.md", "datenschutz.md")
"""Pages under docs_dir that ship as templates."""
REVIEW_DAYS = 365
"""An accessibility statement must be reviewed at least once a year (EU 2018/1523, Art. 3 Abs. 1)."""


@dataclass(frozen=True)
class LaunchFinding:
    """One setting or page still as shipped: where, what, and how to change it."""

    path: str
    line: int | None
    message: str
    hint: str


def is_example_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "") if "://" in url else url.rpartition("@")[2].lower()
    return any(host == name or host.endswith("." + name) for name in EXAMPLE_DOMAINS)


def launch_findings(settings: Settings, today: date) -> list[LaunchFinding]:
    """Everything an organisation must change before its first real season, in file order."""
    config = settings.root / settings.config_name
    where = _config_lines(config)
    found = [LaunchFinding(settings.config_name, where(key), message, hint)
             for key, message, hint in _example_settings(settings, today)]
    for name in LEGAL_PAGES:
        page = settings.docs_dir / name
        if page.is_file():
            found += _template_page(settings.shown(page), page.read_text(encoding="utf-8", errors="replace"))
    return found


_SITE_URL_HINT = ("die echte Adresse der Website eintragen, bevor sie zum ersten Mal veröffentlicht wird: "
                  "sie steckt in jeder Kalender-ID und im Abo-Link und darf sich danach nie mehr ändern")
_REPOSITORY_HINT = "die Adresse des eigenen Repositorys eintragen oder die Zeile löschen"
_ADDRESS_HINTS = {"email": "die echte E-Mail-Adresse eintragen: Besucher·innen schreiben an sie",
                  "url": "die echte Webadresse eintragen oder die Zeile löschen"}


def _example_settings(settings: Settings, today: date) -> Iterator[tuple[KeyPath, str, str]]:
    if is_example_host(settings.site_url):
        yield ("site_url",), f"site_url: „{settings.site_url}“ ist eine Beispieladresse", _SITE_URL_HINT
    for key, url in (("repo_url", settings.repo_url), ("edit_uri", settings.edit_uri)):
        if url and (is_example_host(url) or EXAMPLE_REPOSITORIES.match(url)):
            yield (key,), f"{key}: „{url}“ zeigt auf ein Beispiel-Repository", _REPOSITORY_HINT
    options = settings.options
    contacts = (("organiser",), options.organiser), (("accessibility", "contact"), options.accessibility.contact)
    for path, contact in contacts:
        for key in ("email", "url"):
            value = getattr(contact, key, None)
            if value and is_example_host(value):
                full = ("extra", "series") + path + (key,)
                yield full, f"{'.'.join(full)}: „{value}“ ist eine Beispieladresse", _ADDRESS_HINTS[key]
    reviewed = options.accessibility.reviewed or options.accessibility.prepared
    if reviewed and (today - reviewed).days > REVIEW_DAYS:
        key = "reviewed" if options.accessibility.reviewed else "prepared"
        yield (("extra", "series", "accessibility", key),
               f"extra.series.accessibility.{key}: die Erklärung zur Barrierefreiheit wurde zuletzt am "
               f"{reviewed:%Y-%m-%d} geprüft, vor mehr als einem Jahr (Stichtag {today:%Y-%m-%d})",
               "die Erklärung prüfen (Einschränkungen, Kontakt) und das Datum der Prüfung unter "
               "extra.series.accessibility.reviewed: eintragen – einmal im Jahr ist Pflicht")


def _template_page(shown: str, text: str) -> list[LaunchFinding]:
    """The template notice, and every `[…]` field still to fill, in one message per file."""
    found = []
    lines = text.split("\n")
    notice = next((number for number, line in enumerate(lines, 1) if TEMPLATE_NOTICE.search(line)), None)
    if notice:
        sentence = re.sub(r"^[>\s]*|\*\*", "", lines[notice - 1]).strip()
        sentence = sentence[: sentence.find(".", TEMPLATE_NOTICE.search(sentence).end()) + 1 or None]
        found.append(LaunchFinding(shown, notice, f"„{sentence}“ ist noch der Hinweis der Vorlage",
                                   "die Seite mit den echten Angaben füllen und dann diesen Hinweis löschen"))
    fields = [(number, match[0]) for number, line in enumerate(lines, 1) for match in TEMPLATE_FIELD.finditer(line)]
    if fields:
        numbers = sorted({number for number, _ in fields})
        shown_lines = ", ".join(map(str, numbers[:8])) + (", …" if len(numbers) > 8 else "")
        count = len(fields)
        found.append(LaunchFinding(shown, fields[0][0],
                                   f"{count} {'Feld' if count == 1 else 'Felder'} der Vorlage in eckigen Klammern "
                                   f"{'ist' if count == 1 else 'sind'} noch nicht ausgefüllt, zuerst „{fields[0][1]}“ "
                                   f"(Zeile{'' if len(numbers) == 1 else 'n'} {shown_lines})",
                                   "jedes Feld samt den eckigen Klammern durch die echte Angabe ersetzen"))
    return found


def _config_lines(config: Path) -> Callable[[KeyPath], int | None]:
    """The line of a key in mkdocs.yml (composed, not constructed: MkDocs' own tags need no meaning here)."""
    try:
        root = yaml.compose(config.read_text(encoding="utf-8"), Loader=LenientLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        root = None

    def line(path: KeyPath) -> int | None:
        node = root
        for key in path:
            if not isinstance(node, yaml.MappingNode):
                return None
            node = next((value for name, value in node.value if name.value == key), None)
            if node is None:
                return None
            line_number = node.start_mark.line + 1
        return line_number if path else None
    return line
