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
from .yaml_errors import ALIAS_PROBLEM, in_typographic_quotes, quoted, yaml_problem

KeyPath = tuple[str | int, ...]


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
"""The only plain scalars that are not text: an empty value, `~` and `null`."""


class _TextLoader(yaml.SafeLoader):
    """SafeLoader that reads every plain scalar as the text the editor typed.

    YAML 1.1 readers turn `end: 1030` into 1030 minutes (17:10), `title: 12:30`
    into 750, `0x1F` into 31, `1.10` into 1.1, `no` into false and a bare date
    into a date. Here all of them stay text, exactly as typed; the content model
    parses times, dates, numbers and true/false itself, with messages that echo
    the value. Only an empty value (or `~`, `null`) means "nothing".
    """


_TextLoader.yaml_implicit_resolvers = {
    first: [("tag:yaml.org,2002:null", _NULL)] for first in ("", "~", "n", "N")
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



_FastTextLoader: type | None = None
if hasattr(yaml, "CSafeLoader"):  # PyYAML built with libyaml: about 8× faster on our files

    class _FastTextLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """The same loader on libyaml's parser; resolvers and constructors stay PyYAML's."""

    _FastTextLoader.yaml_implicit_resolvers = _TextLoader.yaml_implicit_resolvers


FREE_TEXT_KEYS = frozenset({"title", "subtitle", "summary", "name", "role", "organisation", "location"})
"""Keys whose values are prose: a ` #` inside them must never silently cut the text."""



@dataclass
class Document:
    """A parsed YAML mapping with the line of each key."""

    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1
    doubtful: bool = False
    """YAML read it, but not as the editor meant it (a duplicate key, a cut comment; reported)."""

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
        problems.error(shown, None, "die Datei ist leer", "Vorlage mit „python3 build.py new …“ anlegen")
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




def parse_yaml(text: str, shown: str, problems: Problems, first_line: int = 1,
               keep_doubtful: bool = False) -> Document | None:
    """Parse a YAML mapping, recording the line of every key; None on errors.

    `keep_doubtful`: one YAML read, but not as typed (`_Walk`), comes back marked, for its other checks."""
    deep = _too_deep(text)
    if deep is not None:
        problems.error(shown, first_line + deep, f"YAML ist tiefer als {MAX_DEPTH} Ebenen verschachtelt",
                       "Angaben höchstens wenige Ebenen tief einrücken, wie in EDITING.md gezeigt")
        return None
    try:
        node, data = _compose_and_construct(text)
    except yaml.MarkedYAMLError as exc:
        where, message, hint = yaml_problem(text, exc)
        problems.error(shown, first_line + where, message, hint)
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
    walk = _Walk(text.split("\n"), first_line, shown, problems)
    walk.node(node, ())
    return Document(data, walk.lines, first_line, walk.failed) if keep_doubtful or not walk.failed else None


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


class _Walk:
    """One pass over the node tree: the line of every key, and what YAML would silently drop.

    A value with ` #` is cut at the comment, a value starting with `&` or
    `!` loses that part as an anchor or tag, and `title: #Hashtag` is empty.
    Each of these is an error with the line and the quoted form to write.
    """

    def __init__(self, text_lines: list[str], first_line: int, shown: str, problems: Problems) -> None:
        self.text_lines = text_lines
        self.first_line = first_line
        self.shown = shown
        self.problems = problems
        self.lines: dict[KeyPath, int] = {}
        self.failed = False

    def error(self, line: int, message: str, hint: str) -> None:
        self.problems.error(self.shown, self.first_line + line, message, hint)
        self.failed = True

    def node(self, node: yaml.Node, path: KeyPath) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                self.pair(key_node, value_node, path + (key_node.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = self.first_line + item.start_mark.line
                self.node(item, path + (index,))

    def pair(self, key_node: yaml.Node, value_node: yaml.Node, key_path: KeyPath) -> None:
        line = key_node.start_mark.line
        if key_path in self.lines:
            name = ".".join(str(part) for part in key_path)
            self.error(line, f"der Schlüssel „{name}“ steht doppelt (zuerst in Zeile {self.lines[key_path]})",
                       "eine der beiden Zeilen löschen; mehrere Werte als Liste mit „- “ schreiben")
        else:
            self.lines[key_path] = self.first_line + line
        if isinstance(value_node, yaml.ScalarNode) and value_node.style in (None, ""):
            self.plain(key_node, value_node, str(key_path[-1]))
        self.node(value_node, key_path)

    def plain(self, key_node: yaml.Node, value: yaml.Node, key: str) -> None:
        """Compare an unquoted value with the line as typed."""
        line = key_node.start_mark.line
        if line >= len(self.text_lines) or key_node.end_mark.line != line:
            return
        typed_line = self.text_lines[line]
        colon = typed_line.find(":", key_node.end_mark.column)
        typed = typed_line[colon + 1:].strip() if colon >= 0 else ""
        if value.tag == "tag:yaml.org,2002:null":
            if typed.startswith("#") and (key in FREE_TEXT_KEYS or typed[1:2] not in ("", " ")):
                self.error(line, f"{key}: „{typed}“ gilt in YAML als Kommentar, „{key}“ bleibt damit leer",
                           f"ein Wert, der mit „#“ beginnt, gehört in gerade Anführungszeichen: {quoted(key, typed)}")
            elif typed[:1] in ("&", "!"):
                self.error(line, f"{key}: „{typed[0]}“ am Anfang von „{typed}“ hat in YAML eine eigene Bedeutung",
                           f"in gerade Anführungszeichen setzen: {quoted(key, typed)}")
            return
        if value.start_mark.line != line:
            return
        if value.end_mark.line == line:
            source = typed_line[value.start_mark.column:value.end_mark.column]
            if source != value.value and source[:1] in ("&", "!"):
                self.error(line, f"{key}: „{source[0]}“ am Anfang von „{source}“ hat in YAML eine eigene Bedeutung, "
                                 f"gelesen würde nur „{value.value}“",
                           f"in gerade Anführungszeichen setzen: {quoted(key, source)}")
                return
        if key in FREE_TEXT_KEYS and in_typographic_quotes(value.value):
            self.problems.warning(self.shown, self.first_line + line,
                                  f"{key}: „{value.value}“ steht in typografischen Anführungszeichen; YAML liest sie "
                                  "als Teil des Texts, so erscheinen sie im Menü, im Kalender und im Feed",
                                  f"gerade Anführungszeichen schreiben, sie erscheinen nicht: {quoted(key, value.value)}")
        end_line = self.text_lines[value.end_mark.line] if value.end_mark.line < len(self.text_lines) else ""
        rest = end_line[value.end_mark.column:]
        if key in FREE_TEXT_KEYS and re.match(r"\s+#", rest):
            whole = (value.value + " " + rest.strip()) if value.end_mark.line == line else typed + " …"
            self.error(value.end_mark.line, f"{key}: ab „{rest.strip()[:20]}“ gilt der Rest der Zeile in YAML als "
                                            f"Kommentar und fehlte auf der Seite",
                       f"den ganzen Text in gerade Anführungszeichen setzen: {quoted(key, whole)}")
