"""Pydantic's validation errors in the editors' words: German, with the key, its line and the fix.

The content model (model.py) raises; this module turns each error into a
`Problem` that names the key as an editor finds it in the file
(`materials[2].file`), echoes the value as typed, and suggests the nearest
allowed key or value. A value parser may raise `Invalid` to add a hint.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .model import MAX_SLUG_LENGTH
from .problems import Problems, did_you_mean
from .slugs import slugify
from .sources import Document, SourceFile

GERMAN_TYPES = {
    "missing": "Pflichtangabe fehlt",
    "bool_parsing": "erwartet wird true oder false",
    "bool_type": "erwartet wird true oder false",
    "list_type": "erwartet wird eine Liste (Zeilen, die mit „- “ beginnen)",
    "model_type": "erwartet werden eingerückte Angaben (schlüssel: wert)",
    "model_attributes_type": "erwartet werden eingerückte Angaben (schlüssel: wert)",
    "int_parsing": "erwartet wird eine ganze Zahl",
    "int_type": "erwartet wird eine ganze Zahl",
    "greater_than": "erwartet wird eine Zahl größer als 0",
    "string_type": "erwartet wird ein Text",
    "string_pattern_mismatch": "nur Kleinbuchstaben, Ziffern und Bindestriche erlaubt",
    "string_too_long": f"höchstens {MAX_SLUG_LENGTH} Zeichen",
}


_UNION_TAGS = {"recording": ("published", "state")}
"""Discriminator tags pydantic puts into an error's location after these keys; they are no keys of the file."""


def _key_path(document: Document, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The YAML path of a pydantic error, without the union tags (`recording.published.url` is `recording.url`)."""
    parts = [part for index, part in enumerate(loc)
             if not (index and part in _UNION_TAGS.get(str(loc[index - 1]), ()))]
    path: list[str | int] = []
    node: Any = document.data
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            path.append(part)
            break
        path.append(part)
    return tuple(path)


def _name(path: tuple[str | int, ...]) -> str:
    """`speakers`, `registration.url`, `materials[2].file`: the key as an editor finds it in the file.

    A list entry that is a plain value is named by its key; the message echoes
    the value itself (and the line points at it), which says more than `[2]`.
    """
    if path and isinstance(path[-1], int):
        path = path[:-1]
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (("." if text else "") + part)
    return text or "Datei"


def _typed(value: Any) -> str | None:
    """The value as the editor typed it, for a message; None for lists and groups."""
    return value if isinstance(value, str) else None


def report_validation(error: ValidationError, model: type[BaseModel], source: SourceFile, problems: Problems) -> None:
    """One problem per pydantic error, with line, German message and hint."""
    document = source.document
    for item in error.errors():
        path = _key_path(document, item["loc"])
        kind = item["type"]
        line = document.line(path)
        key = path[-1] if path else ""
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, path[:-1])
            hint = did_you_mean(str(key), allowed) or "erlaubt sind: " + ", ".join(allowed)
            problems.error(source.path, line, f"unbekannter Schlüssel „{_name(path)}“", hint)
        elif kind == "literal_error":
            expected = re.findall(r"'([^']*)'", item["ctx"]["expected"])
            given = str(item["input"])
            hint = did_you_mean(given, expected) or "erlaubt sind: " + ", ".join(expected)
            problems.error(source.path, line, f"„{given}“ ist kein erlaubter Wert für „{_name(path)}“", hint)
        elif kind == "missing":
            problems.error(source.path, line, f"Pflichtangabe „{_name(path)}“ fehlt", _EXAMPLES.get(str(key)))
        elif kind == "value_error":
            cause = item["ctx"]["error"]
            problems.error(source.path, line, f"{_name(path)}: {cause}", getattr(cause, "hint", None))
        elif kind == "string_pattern_mismatch" and _typed(item["input"]):
            given = item["input"]
            problems.error(source.path, line, f"{_name(path)}: „{given}“ ist kein Kurzname",
                           f"nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. „{slugify(given) or 'name'}“")
        else:
            given = _typed(item["input"])
            what = GERMAN_TYPES.get(kind, item["msg"])
            problems.error(source.path, line, f"{_name(path)}: „{given}“: {what}" if given else f"{_name(path)}: {what}")


_EXAMPLES = {
    "title": "z. B. title: \"Auftakt: Vielfalt in der Verwaltung\"",
    "start": "z. B. start: 2021-10-05 14:00",
    "end": "z. B. end: 16:30",
    "summary": "summary: | und darunter eingerückt der Text",
    "name": "z. B. name: Prof. Dr. Lea Hartmann",
    "url": "z. B. url: https://www.example.org/anmeldung",
}


def _allowed_keys(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at `path` inside `model` (nested models included)."""
    current: type[BaseModel] = model
    for part in path:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[str(part)].annotation
        nested = _nested_model(annotation)
        if nested is None:
            break
        current = nested
    return sorted(current.model_fields)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _nested_model(arg)
        if found:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _nested_model(origin) if origin not in (None, list) and origin is not annotation else None
