"""An editor's link to a page Zensical gets under another name (series_publisher/moved_links.py).

Under `--engine zensical` a page in Leichte Sprache, content/leichte-sprache/inhalt.md, is staged as
leichte-sprache/inhalt/index.md. A link to it from another hand-written page must lead there, or
Zensical's strict build stops ("page does not exist"); tests/test_engines.py builds such a link.
Here: which links are changed, and that code shows what the editor wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from series_publisher.moved_links import moved_links

MOVED = {"leichte-sprache/inhalt.md": "leichte-sprache/inhalt/index.md"}


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    """The page the link is on, relative to content/."""
    text: str
    staged: str
    """The text Zensical gets."""


CASES = [
    Case("inline", "about.md", "Siehe [hier](leichte-sprache/inhalt.md).",
         "Siehe [hier](leichte-sprache/inhalt/index.md)."),
    Case("inline-with-anchor-and-title", "about.md", '[hier](leichte-sprache/inhalt.md#oben "Titel")',
         '[hier](leichte-sprache/inhalt/index.md#oben "Titel")'),
    Case("from-a-folder", "leichte-sprache/index.md", "- [Inhalt](inhalt.md)", "- [Inhalt](inhalt/index.md)"),
    Case("from-a-sibling-folder", "hilfe/faq.md", "[LS](../leichte-sprache/inhalt.md)",
         "[LS](../leichte-sprache/inhalt/index.md)"),
    Case("reference-definition", "about.md", "[LS][ls]\n\n[ls]: leichte-sprache/inhalt.md\n",
         "[LS][ls]\n\n[ls]: leichte-sprache/inhalt/index.md\n"),
    Case("a-page-not-moved", "about.md", "[Impressum](impressum.md) und [Web](https://example.org/inhalt.md)",
         "[Impressum](impressum.md) und [Web](https://example.org/inhalt.md)"),
    Case("fenced-code-shows-what-was-written", "about.md", "```md\n[hier](leichte-sprache/inhalt.md)\n```\n",
         "```md\n[hier](leichte-sprache/inhalt.md)\n```\n"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_link_to_a_moved_page_leads_to_its_staged_name(case: Case) -> None:
    assert moved_links(case.text, case.source, MOVED) == case.staged
