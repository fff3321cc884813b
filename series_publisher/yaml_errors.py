"""YAML syntax errors told as the editor can fix them: the line where the cause is, the closed form.

PyYAML reports where it noticed the problem (often the line after an
unclosed `[` or quote) and in English; these functions find the cause
(an unclosed bracket or quote, a tab, a colon inside a text) and say in
German how the line should read. Nothing here parses beyond the text lines:
sources.py calls `yaml_problem` with PyYAML's error.
"""

from __future__ import annotations

import re

import yaml

ALIAS_PROBLEM = "Verweise mit * (YAML-Alias) sind nicht erlaubt"
ALIAS_HINT = "den Wert an jeder Stelle ausschreiben; Text, der mit * beginnt, in gerade Anführungszeichen setzen"

QUOTE_FIRST = "#@`*&!%|>"
"""Characters that mean something to YAML at the start of a value; such a value needs quotes."""

TYPOGRAPHIC_QUOTES = "„“”‚‘’«»"


_KEY_LINE = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:]*?)\s*:(?:\s+(.*?))?\s*$")
"""`key: value` (also as a list item); the value as typed, without the line's end."""

_YAML_PROBLEMS = {
    "could not find expected ':'": "ein Doppelpunkt fehlt",
    "expected <block end>": "die Einrückung stimmt nicht",
    "found undefined alias": "„*“ am Anfang verweist in YAML auf einen Anker",
    "that cannot start any token": "ein Zeichen am Anfang des Werts hat in YAML eine eigene Bedeutung",
    "mapping values are not allowed here": "ein zweiter Doppelpunkt in der Zeile",
    "expected a comment or a line break": "„|“ oder „>“ am Anfang leitet in YAML einen Textblock ein",
    "expected chomping or indentation indicators": "„|“ oder „>“ am Anfang leitet in YAML einen Textblock ein",
    "found unknown escape character": "ein unbekanntes Zeichen nach „\\“ in Anführungszeichen",
    "found unexpected end of stream": "ein Anführungszeichen wird nicht geschlossen",
    "sequence entries are not allowed here": "„- “ am Anfang leitet in YAML eine Liste ein",
    ALIAS_PROBLEM: ALIAS_PROBLEM,  # ours, already German
}

_FIRST_MEANS = {
    "[": "„[“ am Anfang leitet in YAML eine Liste ein",
    "{": "„{“ am Anfang leitet in YAML eine Gruppe ein",
    "'": "der Wert beginnt mit einem Anführungszeichen, das vor seinem Ende geschlossen wird",
    '"': "der Wert beginnt mit einem Anführungszeichen, das vor seinem Ende geschlossen wird",
}
"""What YAML makes of a value's first character, where its own message would mislead (e.g. „Einrückung“)."""


def yaml_problem(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """The 0-based line, a German message that echoes it as typed, and the fix (usually: quote the value).

    An unclosed „[“, „{“ or quote is named where it opens, since YAML notices it
    lines later (or at the end); a tab is named and shown; PyYAML's English never
    reaches the editor, and the fix shown is never the line as it stands.
    """
    english = str(exc.problem or exc.context or "")
    # An unclosed quote is found at the end of the file, a missing ':' on the line below the word.
    take_context = "end of stream" in english or "could not find expected ':'" in english
    mark = (exc.context_mark if take_context and exc.context_mark else None) or exc.problem_mark \
        or exc.context_mark
    lines = text.split("\n")
    where = min(mark.line, len(lines) - 1) if mark else 0
    opened = _unclosed(lines, where) if exc.problem != ALIAS_PROBLEM else None
    if opened is not None:
        return _unclosed_problem(lines[opened[0]], *opened)
    raw = lines[where]
    if "\t" in raw:
        return where, f"YAML ist fehlerhaft in „{_show_tabs(raw)}“: {TAB_PROBLEM}", _tab_hint(lines, where)
    typed = raw.strip()
    what = next((german for key, german in _YAML_PROBLEMS.items() if key in english), UNREADABLE)
    match = _KEY_LINE.match(raw)
    if match and match[2] and match[2][0] in _FIRST_MEANS and "end of stream" not in english:
        what = _FIRST_MEANS[match[2][0]]
    if raw.startswith(" ") and match and ":" not in (match[2] or "") and "mapping values" in english:
        what = "die Zeile ist eingerückt, gehört aber zu keinem Schlüssel darüber"
    if "undefined tag" in english or "could not determine a constructor" in english:
        what = "„!“ am Anfang ist in YAML ein Typ-Kennzeichen"
    message = f"YAML ist fehlerhaft in „{typed}“: {what}" if typed else f"YAML ist fehlerhaft: {what}"
    if exc.problem == ALIAS_PROBLEM:
        return where, message, ALIAS_HINT
    hint = _yaml_hint(text, raw)
    if typed and hint.endswith(": " + typed):
        hint = GENERIC_HINT  # the line is fine as it stands: never offer it as its own fix
    return where, message, hint


UNREADABLE = "YAML kann die Zeile nicht lesen"
"""For a parser message we have no German for: its English never reaches an editor."""
GENERIC_HINT = "Einrückung und Doppelpunkte prüfen; Texte mit : oder # in gerade Anführungszeichen setzen"
TAB_PROBLEM = "ein Tabulator (⇥) in der Einrückung; YAML rückt nur mit Leerzeichen ein"
_CLOSERS = {"[": "]", "{": "}", '"': '"', "'": "'"}
_UNCLOSED = {
    "[": "die Liste in „[ ]“ wird in dieser Zeile nicht geschlossen",
    "{": "die Gruppe in „{ }“ wird in dieser Zeile nicht geschlossen",
    '"': "das Anführungszeichen wird in dieser Zeile nicht geschlossen",
    "'": "das Anführungszeichen wird in dieser Zeile nicht geschlossen",
}


def _show_tabs(raw: str) -> str:
    """The line as typed, each tab shown as „⇥“ (a tab is invisible in a message)."""
    return raw.replace("\t", "⇥").strip(" ")


def _tab_hint(lines: list[str], where: int) -> str:
    """The line with spaces: indented like the line above (two more below a key that opens a block;
    after a list, like the key that holds it)."""
    raw = lines[where]
    above = [line for line in lines[:where] if line.strip()]
    listed = bool(above) and above[-1].lstrip(" ").startswith("- ")
    above = [line for line in above if not line.lstrip(" ").startswith("- ")] if listed else above
    last = above[-1] if above else ""
    indent = len(last) - len(last.lstrip(" ")) + (2 if last.rstrip().endswith(":") and not listed else 0)
    body = raw.lstrip(" \t").replace("\t", " ")
    fixed = " " * indent + body if raw[:1] in " \t" else raw.replace("\t", " ")
    return (f"den Tabulator durch Leerzeichen ersetzen, eingerückt wie die Zeile darüber: „{fixed.rstrip()}“ "
            "(viele Editoren: „Einrückung in Leerzeichen umwandeln“)")


def _depth(value: str) -> int:
    """Open „[“/„{“ minus closed ones in a flow value, outside quotes."""
    depth, quote = 0, ""
    for char in value:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return depth


def _quote_closes(value: str) -> bool:
    """Whether a value that starts with a quote closes it on the same line."""
    quote, rest = value[0], value[1:]
    if quote == "'":
        return "'" in rest.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None


def _unclosed(lines: list[str], error: int) -> tuple[int, str] | None:
    """The line (0-based) and character of a „[“, „{“ or quote opened at or before `error` and never closed.

    A flow list may go on over several lines and close there: then it is not
    the cause. A quote that closes only on a later line that starts a key of
    its own (`title: "…`) was never meant to go on.
    """
    index = 0
    while index <= error:
        match = _KEY_LINE.match(lines[index])
        value = (match[2] or "") if match else ""
        if value[:1] in "[{":
            depth, end = _depth(value), index
            while depth > 0 and end < error:
                end += 1
                depth += _depth(lines[end])
            if depth > 0:
                return index, value[0]
            index = end
        elif value[:1] in "\"'" and not _quote_closes(value):
            later = next((n for n in range(index + 1, len(lines)) if value[0] in lines[n]), None)
            if later is None or later > error or _KEY_LINE.match(lines[later]) and not lines[later].startswith(" "):
                return index, value[0]
            index = later
        index += 1
    return None


def _unclosed_problem(raw: str, line: int, opener: str) -> tuple[int, str, str]:
    typed = raw.strip()
    match = _KEY_LINE.match(raw)
    key, value = (match[1], match[2] or "") if match else ("", typed)
    if opener in "[{":
        fixed = f"{key}: {value.rstrip().rstrip(',')}{_CLOSERS[opener]}"
        hint = f"„{_CLOSERS[opener]}“ am Ende der Zeile ergänzen: {fixed}"
    else:
        hint = f"das Anführungszeichen am Ende schließen: {quoted(key, value)}"
    return line, f"YAML ist fehlerhaft in „{typed}“: {_UNCLOSED[opener]}", hint


def quoted(key: str, value: str) -> str:
    """`key: "value"` with the value in straight double quotes (typographic ones dropped at the ends)."""
    inner = value.strip().strip(TYPOGRAPHIC_QUOTES + "\"'").replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}: "{inner}"'


def _yaml_hint(text: str, raw: str) -> str:
    """How to fix the line `raw` (as typed, with its indentation)."""
    typed = raw.strip()
    match = _KEY_LINE.match(typed)
    key, value = (match[1], match[2] or "") if match else ("", "")
    if any(mark in typed for mark in TYPOGRAPHIC_QUOTES):
        return f"typografische Anführungszeichen zählen nicht: gerade Anführungszeichen \"…\" verwenden, z. B. {quoted(key or 'title', value)}"
    if key and value[:1] == '"':
        return f"das Anführungszeichen am Ende schließen: {quoted(key, value)}"
    if key and value[:1] == "'":
        return f"ein Apostroph im Text: den Text in doppelte gerade Anführungszeichen setzen: {quoted(key, value)}"
    if key and value and value[0] in QUOTE_FIRST + "-[{":
        return f"ein Wert, der mit „{value[0]}“ beginnt, gehört in gerade Anführungszeichen: {quoted(key, value)}"
    if key and ":" in value:
        return f"Werte mit Doppelpunkt in gerade Anführungszeichen setzen: {quoted(key, value)}"
    if raw.startswith(" "):
        return "Einrückung prüfen: Schlüssel der obersten Ebene beginnen ganz links, ohne Leerzeichen"
    return GENERIC_HINT


def in_typographic_quotes(text: str) -> bool:
    """„Bürgermeister im Gespräch" or “…”: a whole value in quotes a word processor typed."""
    quotes = TYPOGRAPHIC_QUOTES + '"'
    return len(text) > 2 and text[0] in quotes and text[-1] in quotes and (
        text[0] in TYPOGRAPHIC_QUOTES or text[-1] in TYPOGRAPHIC_QUOTES)
