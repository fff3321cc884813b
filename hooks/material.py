"""The one patch to Material's HTML: no `autocomplete` on its checkbox toggles.

They sit in Material's base.html outside any override block, and the W3C
Nu checker rejects `autocomplete` on checkboxes; a template override would
mean copying all of base.html. Applied to every page and to 404.html.
"""

from __future__ import annotations

import re

_AUTOCOMPLETE_ON_TOGGLES = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def drop_toggle_autocomplete(output: str) -> str:
    return _AUTOCOMPLETE_ON_TOGGLES.sub(r"\1", output)
