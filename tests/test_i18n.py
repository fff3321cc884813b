"""Every language of the site says everything: the string tables keep in step.

`Locale.t` falls back to English for a language it does not know, but never
for a key a language lacks: a string added in German only would raise for an
English site, or worse, a placeholder named differently would raise
mid-build. Each table is reduced to its shape (its keys, and the
placeholders of each text) and every language must have German's shape.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Callable

import pytest

from series_publisher.i18n import STRINGS
from series_publisher.statement import PROSE
from series_publisher.subscribe import GUIDE


def shape(value: Any) -> Any:
    """Keys and placeholders of a table, with the words left out: what must be equal across languages.

    >>> shape({"a": "Programm {year}", "b": ("x", "y {z}")})
    {'a': ['year'], 'b': [[], ['z']]}
    """
    if isinstance(value, str):
        return sorted({name for _, name, _, _ in string.Formatter().parse(value) if name})
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [shape(item) for item in value]
    if is_dataclass(value):
        return {item.name: shape(getattr(value, item.name)) if item.name != "key" else value.key
                for item in fields(value)}
    return value


@dataclass(frozen=True)
class Case:
    name: str
    """Where the table lives."""
    table: Callable[[], dict[str, Any]]
    """The table by language; German is the one the others are compared with."""


CASES = [
    Case("i18n.STRINGS", lambda: STRINGS),
    Case("subscribe.GUIDE", lambda: GUIDE),
    Case("statement.PROSE", lambda: PROSE),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_language_has_the_same_keys_and_placeholders(case: Case) -> None:
    table = case.table()
    german = shape(table["de"])
    for language, texts in table.items():
        assert shape(texts) == german, f"{case.name}[{language!r}] differs from German"


def test_every_table_has_the_same_languages() -> None:
    assert [sorted(case.table()) for case in CASES] == [sorted(STRINGS)] * len(CASES)
