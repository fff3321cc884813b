"""The patches to the theme's HTML that the W3C Nu checker asks for.

Both sit in the theme's base template, outside any override block; a
template override would mean copying all of base.html.

- Material (and Zensical's classic look, which copies it) writes
  `autocomplete="off"` on the `md-toggle` checkboxes; the Nu checker rejects
  `autocomplete` on checkboxes.
- Zensical writes `aria-hidden="true"` on the drawer's overlay label, which
  is associated with a checkbox; the Nu checker rejects that (Material has
  no such attribute there).

The MkDocs hooks apply this to every page and to 404.html; for Zensical,
engines.py applies it to every HTML file Zensical wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

_AUTOCOMPLETE_ON_TOGGLES = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_HIDDEN_OVERLAY_LABEL = re.compile(r'(<label class="md-overlay" for="__drawer") aria-hidden="true"')


def drop_toggle_autocomplete(output: str) -> str:
    return _HIDDEN_OVERLAY_LABEL.sub(r"\1", _AUTOCOMPLETE_ON_TOGGLES.sub(r"\1", output))


def patch_site(site: Path) -> None:
    """The same for every HTML file of a built site."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        patched = drop_toggle_autocomplete(text)
        if patched != text:
            page.write_text(patched, encoding="utf-8")
