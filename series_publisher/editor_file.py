"""One reader of an editor's file: theme.yml, a session or a speaker.

Every place that reads such a file goes through here: the loader
(content.py), the past versions of a session (history.py), the Markdown
checks (markup.py, for the split of hand-written pages) and `build.py new`
(scaffold.py, which checks the text it is about to write). So one rule says
where the front matter ends, which file names are allowed and what the
content model accepts. Three copies of the split had drifted apart before: a
session closed with `...` lost its history, and with it SEQUENCE steps.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from .model import FILE_MODELS, MAX_SLUG_LENGTH, SLUG_PATTERN, context_zone
from .problems import Problem, Problems
from .slugs import slugify
from .sources import Document, SourceFile, parse_yaml, read_text
from .validation import report_validation
from .values import parse_local_datetime

Kind = Literal["theme", "session", "speaker"]

_OPENING = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    """A text split at its front matter."""

    yaml_text: str
    """Between the opening and the closing line; its first line is line 2 of the file."""
    body: str
    """Everything after the closing line, as written."""
    body_line: int
    """The 1-based line of the file where `body` starts."""


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter of a text, or None when it has none.

    It opens with a first line `---` and closes at the next line that is
    `---` or `...` (trailing blanks allowed): YAML's own document markers, and
    the rule MkDocs applies to hand-written pages (mkdocs/utils/meta.py).

    >>> split_front_matter("---\\ntitle: A\\n...\\nText\\n")
    FrontMatter(yaml_text='title: A\\n', body='Text\\n', body_line=4)
    """
    opening = _OPENING.match(text)
    closing = _CLOSING.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return None
    body_start = min(closing.end() + 1, len(text))
    return FrontMatter(text[opening.end():closing.start()], text[body_start:], text.count("\n", 0, body_start) + 1)


RESERVED_SLUGS = frozenset({"index", "calendar"})
"""Names the site uses itself: /2021/index.md is the year page, /2021/calendar.ics its feed."""


def check_file_name(shown: str, problems: Problems) -> bool:
    """Whether a session's or speaker's file name is a short name the site can use; a problem if not."""
    name = PurePosixPath(shown)
    stem = name.stem
    if stem in RESERVED_SLUGS:
        problems.error(shown, None, f"der Dateiname „{name.name}“ ist für die Seite selbst reserviert",
                       f"umbenennen, z. B. in „{stem}-1.md“")
        return False
    if len(stem) > MAX_SLUG_LENGTH:
        problems.error(shown, None, f"der Dateiname ist zu lang ({len(stem)} Zeichen, höchstens {MAX_SLUG_LENGTH})",
                       f"kürzer umbenennen, z. B. in „{stem[:40].rstrip('-')}.md“")
        return False
    if re.fullmatch(SLUG_PATTERN, stem):
        return True
    problems.error(shown, None, "der Dateiname ist kein gültiger Kurzname (nur Kleinbuchstaben, Ziffern, Bindestriche)",
                   f"umbenennen in „{slugify(stem) or 'name'}.md“")
    return False


@dataclass(frozen=True)
class EditorFile:
    """What one reading of an editor's file gives."""

    source: SourceFile | None
    """The parsed file (data with the line of every key, and the body); None when it could not be parsed."""
    meta: Any = None
    """The validated model (model.FILE_MODELS[kind]), or None when the file has errors."""
    stand_in: Any = None
    """When some keys have errors: the model of the others (see `_stand_in`), else None. Only for checks."""


def read_editor_file(path: Path, shown: str, kind: Kind, problems: Problems, zone: ZoneInfo | None = None) -> EditorFile:
    """Read, split, parse and validate one file; every mistake becomes a problem of `shown`.

    `zone` is the year's time zone, for a session's times.
    """
    text = read_text(path, shown, problems) if _name_ok(kind, shown, problems) else None
    return _read(text, shown, kind, problems, zone) if text is not None else EditorFile(None)


def read_editor_text(text: str, shown: str, kind: Kind, problems: Problems, zone: ZoneInfo | None = None) -> EditorFile:
    """The same for a text: a past version (history.py) or one about to be written (scaffold.py)."""
    return _read(text, shown, kind, problems, zone) if _name_ok(kind, shown, problems) else EditorFile(None)


def read_page_file(path: Path, shown: str, problems: Problems) -> SourceFile | None:
    """A hand-written page of content/ with front matter (a Leichte-Sprache or DGS page): the same
    split and YAML rules; its keys are validated by the caller's model."""
    text = read_text(path, shown, problems)
    split = _split_reported(text, shown, problems) if text is not None else None
    document = parse_yaml(split.yaml_text, shown, problems, first_line=2) if split else None
    return SourceFile(shown, document, split.body.strip("\n") + "\n", split.body_line) if document else None


def _name_ok(kind: Kind, shown: str, problems: Problems) -> bool:
    return kind == "theme" or check_file_name(shown, problems)


def _read(text: str, shown: str, kind: Kind, problems: Problems, zone: ZoneInfo | None) -> EditorFile:
    if kind == "theme":
        yaml_text, body, body_line = text, "", 1
    else:
        split = _split_reported(text, shown, problems)
        if split is None:
            return EditorFile(None)
        yaml_text, body, body_line = split.yaml_text, split.body.strip("\n") + "\n", split.body_line
    document, meta, stand_in, found = _parse_and_validate(yaml_text, shown, kind, zone)
    problems.extend(found)
    return EditorFile(SourceFile(shown, document, body, body_line) if document else None, meta, stand_in)


@functools.lru_cache(maxsize=4096)
def _parse_and_validate(yaml_text: str, shown: str, kind: Kind, zone: ZoneInfo | None
                        ) -> tuple[Document | None, Any, Any, tuple[Problem, ...]]:
    """Parsed once per text: `serve` rebuilds after every save, and the history holds many versions
    of a file whose front matter did not change. The models are frozen, so sharing them is safe."""
    problems = Problems()
    document = parse_yaml(yaml_text, shown, problems, first_line=1 if kind == "theme" else 2, keep_doubtful=True)
    meta = stand_in = None
    if document is not None:
        model = FILE_MODELS[kind]
        context = {"tz": zone} if zone else {}
        try:
            meta = model.model_validate(document.data, context=context)
        except ValidationError as exc:
            report_validation(exc, model, SourceFile(shown, document), problems)
            stand_in = _stand_in(kind, shown, document.data, exc, context)
        if document.doubtful:  # read, but not as typed (reported): only good for the other checks
            meta, stand_in = None, (meta or stand_in) if kind in _NEUTRAL else None
    return document, meta, stand_in, tuple(problems.items)


_NEUTRAL = {"session": "title", "speaker": "name"}
"""The one required text of a session or speaker file: a stand-in without it takes the file's name."""


def _stand_in(kind: Kind, shown: str, data: dict[str, Any], error: ValidationError, context: dict[str, Any]) -> Any:
    """The model of a file whose keys in error are left out, so the checks of its other keys still run.

    A missing photo, a second wrong value or an unknown speaker would
    otherwise show up only after the first mistake is fixed. A wrong `end`
    becomes the minute after the start. None when no such model can be made
    (a wrong `start`: the session has no place in the programme then). The
    errors are reported already: nothing is built from a stand-in.
    """
    if kind not in _NEUTRAL:
        return None  # theme.yml: content.py keeps a placeholder of its own
    wrong = {item["loc"][0] for item in error.errors() if item["loc"]}
    kept = {key: value for key, value in data.items() if key not in wrong}
    neutral = {_NEUTRAL[kind]: PurePosixPath(shown).stem}
    if kind == "session" and "end" in wrong and "start" not in wrong:
        neutral["end"] = _minute_after(data["start"], context)  # shorter than meant: no overlap it did not have
    try:
        return FILE_MODELS[kind].model_validate(neutral | kept, context=context)
    except (ValidationError, ValueError):
        return None


def _minute_after(start: Any, context: dict[str, Any]) -> str:
    """The minute after a valid `start:`, written as a full local time (a stand-in's end)."""
    instant = (parse_local_datetime(start, context_zone(context)) + timedelta(minutes=1)).astimezone(timezone.utc)
    return f"{instant:%Y-%m-%dT%H:%M}Z"


def _split_reported(text: str, shown: str, problems: Problems) -> FrontMatter | None:
    """The front matter of an editor's file, or None with the problem that says how to close it."""
    if not _OPENING.match(text):
        problems.error(shown, 1, "die Datei beginnt nicht mit Front Matter",
                       "erste Zeile „---“, dann die Angaben (title: …), dann wieder „---“ und der Text")
        return None
    split = split_front_matter(text)
    if split is None:
        problems.error(shown, 1, "das Front Matter wird nie geschlossen",
                       "nach den Angaben eine Zeile nur mit „---“ einfügen")
        return None
    prose = _prose_line(split.yaml_text)
    if prose is not None:
        problems.error(shown, 1, "das Front Matter wird nie geschlossen (der „---“ weiter unten gehört zum Text)",
                       f"nach den Angaben, vor Zeile {prose + 2}, eine Zeile nur mit „---“ einfügen")
        return None
    _warn_swallowed_heading(split.yaml_text, shown, problems)
    return split


def _prose_line(yaml_text: str) -> int | None:
    """The 0-based line where Markdown text starts inside what looks like front matter, if any.

    When the closing `---` is missing, the first `---` in the body (a rule)
    closes the front matter instead; the text before it then holds a blank
    line followed by a line that no YAML mapping can contain (no colon, not
    indented, no comment or list mark).
    """
    blank = False
    for number, line in enumerate(yaml_text.split("\n")):
        if not line.strip():
            blank = True
        elif blank and ":" not in line and not line.startswith((" ", "\t", "#", "-")):
            return number
    return None


_HEADING = re.compile(r"#{1,6}[ \t]+\S.*")
_COMMENTED_KEY = re.compile(r"#+[ \t]*[A-Za-z_][\w-]*[ \t]*:")


def _warn_swallowed_heading(yaml_text: str, shown: str, problems: Problems) -> None:
    """A `# Ablauf` after the last key, a blank line before it: meant as the text's heading, read as a comment.

    The closing `---` came after it, so YAML takes the line as a comment and
    the heading vanishes from the page without a word.
    """
    lines = yaml_text.split("\n")
    closing_line = len(lines) + 1  # the file's line of the closing `---` (the front matter starts at line 2)
    for number, line in enumerate(lines):
        after_last_key = all(not item.strip() or item.lstrip().startswith("#") for item in lines[number + 1:])
        if (number and not lines[number - 1].strip() and after_last_key and _HEADING.fullmatch(line.rstrip())
                and not _COMMENTED_KEY.match(line)):
            problems.warning(shown, number + 2,
                             f"„{line.strip()[:40]}“ sieht aus wie eine Überschrift, steht aber noch im Front Matter "
                             f"(es endet erst mit dem „---“ in Zeile {closing_line}) und erscheint nicht auf der Seite",
                             "die Zeile unter das schließende „---“ verschieben; ist sie ein Kommentar, "
                             "die Leerzeile davor entfernen")
            return
