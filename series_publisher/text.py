"""Editor Markdown as plain text, for calendars, feeds and short bios."""

from __future__ import annotations

import re


def plain_text(markdown: str) -> str:
    """Readable plain text: links keep their address, emphasis and headings marks go."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?m)^#{1,6}\s*", "", text)
    return text.strip()


def first_paragraph(markdown: str) -> str:
    """The first paragraph as one line of plain text (a speaker's short bio)."""
    paragraph = markdown.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in plain_text(paragraph).splitlines()).strip()
