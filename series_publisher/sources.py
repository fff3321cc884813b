"""Reading the editors' files: UTF-8 text, YAML with line numbers, front matter.

Everything here returns values plus problems; nothing raises on bad input.
The YAML loader keeps what an editor typed as text (dates, times) so the
content model can parse it with precise messages, and it records the line of
every key so each message can point at `path:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

KeyPath = tuple[str | int, ...]


class _TextLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings.

    YAML 1.1 would turn `2021-10-05` into a date and `2021-10-05 14:00:00`
    into a naive datetime; the content model wants the editor's text so it
    can tell "date without time" from a real date-time and name the format.
    (`16:30` still becomes the integer 990 here, as in every YAML 1.1 reader;
    the model accepts that too.)
    """


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

class _NoAliasLoader(_TextLoader):
    """The pure-Python loader, refusing aliases where they stand (`*name`).

    An alias repeats a node without copying it; nested aliases make a
    270-byte file stand for billions of values, and every walk over them
    (line numbers, validation) takes minutes and gigabytes. Editors never
    need them, so they are refused with the alias's line.
    """

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, ALIAS_PROBLEM, event.start_mark)
        return super().compose_node(parent, index)


ALIAS_PROBLEM = "Verweise mit * (YAML-Alias) sind nicht erlaubt"

_FastTextLoader: type | None = None
if hasattr(yaml, "CSafeLoader"):  # PyYAML built with libyaml: about 8× faster on our files

    class _FastTextLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """The same loader on libyaml's parser; resolvers and constructors stay PyYAML's."""

    _FastTextLoader.yaml_implicit_resolvers = _TextLoader.yaml_implicit_resolvers


@dataclass
class Document:
    """A parsed YAML mapping with the line of each key."""

    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, path: KeyPath) -> int:
        """The line of the deepest key on `path` that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


@dataclass
class SourceFile:
    """One editor file: its front matter (or whole YAML) and its Markdown body."""

    path: str
    """Relative to the project root, with forward slashes."""
    document: Document
    body: str = ""
    body_line: int = 1


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    """The file's text, or None with a problem when it is not UTF-8 or empty."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            shown, line, "die Datei ist nicht in UTF-8 kodiert",
            "im Editor als „UTF-8“ speichern (nicht Windows-1252/ANSI)",
        )
        return None
    if not text.strip():
        problems.error(shown, None, "die Datei ist leer", "Vorlage mit „python build.py new …“ anlegen")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    if found:
        problems.error(shown, text.count("\n", 0, found.start()) + 1,
                       f"die Zeile enthält ein unsichtbares Steuerzeichen ({describe_control(found[0])})",
                       CONTROL_HINT)
        return None
    return text


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters no page, feed or calendar may carry: C0/C1 controls (tab and line
breaks excepted), lone surrogates and the two non-characters XML forbids.
They are invisible in editors and make feed.xml ill-formed and .ics files fail
strict parsers."""
CONTROL_HINT = ("das Zeichen löschen (es kommt oft beim Kopieren aus PDF oder Word mit); "
                "in Anführungszeichen keine \\x…- oder \\u…-Angaben für Steuerzeichen")


def describe_control(char: str) -> str:
    """`U+000B`, the way an editor can search for the character."""
    return f"U+{ord(char):04X}"


def parse_yaml(text: str, shown: str, problems: Problems, first_line: int = 1) -> Document | None:
    """Parse a YAML mapping, recording the line of every key; None on errors."""
    deep = _too_deep(text)
    if deep is not None:
        problems.error(shown, first_line + deep, f"YAML ist tiefer als {MAX_DEPTH} Ebenen verschachtelt",
                       "Angaben höchstens wenige Ebenen tief einrücken, wie in EDITING.md gezeigt")
        return None
    try:
        node, data = _compose_and_construct(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        problems.error(shown, line, f"YAML ist fehlerhaft: {exc.problem or exc.context}", _yaml_hint(text, exc))
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        problems.error(shown, first_line, f"YAML ist fehlerhaft: {exc}")
        return None
    if not isinstance(data, dict):
        problems.error(
            shown, first_line, "erwartet werden Einträge der Form „schlüssel: wert“",
            "jede Zeile beginnt mit einem Schlüssel wie „title:“",
        )
        return None
    if any(not isinstance(key, str) for key in data):
        problems.error(shown, first_line, "jeder Schlüssel muss ein Wort sein, z. B. „title“")
        return None
    if not _report_controls(data, node, (), shown, first_line, problems):
        return None
    lines: dict[KeyPath, int] = {}
    duplicates: list[tuple[KeyPath, int, int]] = []
    _record_lines(node, (), lines, first_line, duplicates)
    for key_path, first, again in duplicates:
        name = ".".join(str(part) for part in key_path)
        problems.error(shown, again, f"der Schlüssel „{name}“ steht doppelt (zuerst in Zeile {first})",
                       "eine der beiden Zeilen löschen; mehrere Werte als Liste mit „- “ schreiben")
    return Document(data, lines, first_line) if not duplicates else None


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data built from it.

    libyaml first; on any YAML error the pure-Python parser runs again, so an
    editor always gets PyYAML's own message and mark.
    """
    if _FastTextLoader is not None:
        try:
            node, _ = _load_with(_FastTextLoader, text, construct=False)
            if node is None or not _has_alias(node):
                return node, _construct(_FastTextLoader, node)
        except yaml.YAMLError:
            pass
    return _load_with(_NoAliasLoader, text)


MAX_DEPTH = 50
"""Nesting levels a file may have; editors' files have at most four."""


def _too_deep(text: str) -> int | None:
    """The 0-based line where nesting passes MAX_DEPTH, else None.

    libyaml crashes the whole process (stack overflow) on about 100,000 nested
    brackets, and every walk over the tree recurses. Few brackets and little
    indentation cannot nest that deep, so only other texts are scanned
    (with PyYAML's scanner, which keeps its own stack).
    """
    indents = max(len(line) - len(line.lstrip(" ")) for line in text.split("\n"))
    if text.count("[") + text.count("{") + indents <= MAX_DEPTH:
        return None
    opening = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
               yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            depth += isinstance(token, opening) - isinstance(token, closing)
            if depth > MAX_DEPTH:
                return token.start_mark.line
    except yaml.YAMLError:
        return None  # the parser reports it with its own words
    return None


def _has_alias(root: yaml.Node) -> bool:
    """Whether a node appears twice in the tree: libyaml's composer resolves aliases that way.

    Iterative and stopping at the first repeat, so it takes linear time on any file.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return False


def _construct(loader_class: type, node: yaml.Node | None) -> Any:
    loader = loader_class("")
    try:
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def load_data(text: str) -> Any:
    """Only the data of a YAML text, as `parse_yaml` reads it, without line numbers (history.py).

    Past versions of a file are as untrusted as the current one: the same
    limits apply (bounded nesting, no aliases), raised as a YAMLError.
    """
    if _too_deep(text) is not None:
        raise yaml.YAMLError("zu tief verschachtelt")
    return _compose_and_construct(text)[1]


def _load_with(loader_class: type, text: str, construct: bool = True) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None and construct else None)
    finally:
        loader.dispose()


def _report_controls(data: Any, node: yaml.Node, path: KeyPath, shown: str, first_line: int,
                     problems: Problems) -> bool:
    """False, with a problem, when a value holds a control character (written as an escape such as "\\x01")."""
    if isinstance(data, str):
        found = CONTROL.search(data)
        if found:
            name = ".".join(str(p) if isinstance(p, str) else f"[{p + 1}]" for p in path) or "Wert"
            problems.error(shown, first_line + node.start_mark.line,
                           f"{name}: enthält ein unsichtbares Steuerzeichen ({describe_control(found[0])})",
                           CONTROL_HINT)
        return not found
    clean = True
    if isinstance(data, dict) and isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            if isinstance(key_node, yaml.ScalarNode):
                clean = _report_controls(key, key_node, path, shown, first_line, problems) and clean
                clean = _report_controls(data.get(key), value_node, path + (key,), shown, first_line, problems) and clean
    elif isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        for index, (item, item_node) in enumerate(zip(data, node.value)):
            clean = _report_controls(item, item_node, path + (index,), shown, first_line, problems) and clean
    return clean


def _yaml_hint(text: str, exc: yaml.MarkedYAMLError) -> str:
    if exc.problem == ALIAS_PROBLEM:
        return "den Wert an jeder Stelle ausschreiben; Text, der mit * beginnt, in Anführungszeichen setzen"
    if "\t" in text:
        return "Tabulatoren durch Leerzeichen ersetzen (YAML erlaubt keine Tabs zum Einrücken)"
    if "mapping values are not allowed" in str(exc.problem):
        return "Werte mit Doppelpunkt in Anführungszeichen setzen, z. B. title: \"Teil 1: Einführung\""
    return "Einrückung und Doppelpunkte prüfen; Texte mit : oder # in Anführungszeichen setzen"


def _record_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], first_line: int,
                  duplicates: list[tuple[KeyPath, int, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = path + (key_node.value,)
            line = first_line + key_node.start_mark.line
            if key_path in lines:
                duplicates.append((key_path, lines[key_path], line))
            else:
                lines[key_path] = line
            _record_lines(value_node, key_path, lines, first_line, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = first_line + item.start_mark.line
            _record_lines(item, path + (index,), lines, first_line, duplicates)


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)


def read_yaml_file(path: Path, shown: str, problems: Problems) -> SourceFile | None:
    """A whole-file YAML document such as theme.yml."""
    text = read_text(path, shown, problems)
    if text is None:
        return None
    document = parse_yaml(text, shown, problems)
    return SourceFile(shown, document) if document else None


def read_front_matter_file(path: Path, shown: str, problems: Problems) -> SourceFile | None:
    """A Markdown file that starts with YAML front matter between `---` lines."""
    text = read_text(path, shown, problems)
    if text is None:
        return None
    if not text.startswith("---"):
        problems.error(
            shown, 1, "die Datei beginnt nicht mit Front Matter",
            "erste Zeile „---“, dann die Angaben (title: …), dann wieder „---“ und der Text",
        )
        return None
    first_newline = text.find("\n")
    closing = _FENCE.search(text, first_newline + 1) if first_newline >= 0 else None
    if closing is None:
        problems.error(
            shown, 1, "das Front Matter wird nie geschlossen",
            "nach den Angaben eine Zeile nur mit „---“ einfügen",
        )
        return None
    yaml_text = text[first_newline + 1 : closing.start()]
    document = parse_yaml(yaml_text, shown, problems, first_line=2)
    if document is None:
        return None
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    return SourceFile(shown, document, text[body_start:].strip("\n") + "\n", body_line)
