"""What the page modules beside pages.py need of its PageBuilder.

pages.py imports subscribe.py and statement.py to build their pages, so they
cannot import pages.py back; they type the builder with this protocol.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from .content import Content
from .contexts import Common
from .settings import Settings


class PageBuilder(Protocol):
    """The shared part of pages.py's PageBuilder: content, settings, strings, the common context."""

    content: Content
    settings: Settings
    last_change: datetime | None
    """The last commit's time, else SOURCE_DATE_EPOCH: the statement's default date."""

    def t(self, key: str, **values: Any) -> str:
        """A generated string in the site's language."""

    def common(self, here: str) -> Common:
        """The context every generated page's template gets."""
