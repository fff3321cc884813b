"""Pages in Leichte Sprache and Deutsche Gebärdensprache (BITV 2.0 § 4, Anlage 2).

Public bodies must explain four things on their site in both: the main
content, how to navigate, the main points of the accessibility statement and
where more of it is. The editors write the pages by hand, in the two folders
below `content/`; this module finds them, knows which part each explains,
tells whether a part the configured level asks for is missing, and works out
the links every page shows (header, footer, home page, statement). The texts
are checked by easyread.py, the videos by signvideo.py.

    content/leichte-sprache/*.md           one page each, `bitv:` names its part
    content/gebaerdensprache/index.md      `videos:` lists the DGS videos
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, ValidationError

from .background import Background
from .context_parts import BackLink, EasyLink, EasyLinks
from .contexts import EasyReadPage, SignLanguagePage
from .editor_file import read_page_file
from .model import Text
from .output import PageData, PageEntry
from .page_builder import PageBuilder
from .paths import EASY_DIR, SIGN_DIR, link, site_path, statement_path
from .problems import Problem, Problems
from .settings import Settings
from .signvideo import LOGO, TEXT, Part, SignFrontMatter, check_videos, video_context
from .sources import Document, SourceFile, read_text

SIGN_PAGE = f"{SIGN_DIR}/index.md"

PARTS: dict[str, str] = {
    "inhalt": "die wichtigsten Inhalte der Website",
    "navigation": "wie man sich auf der Website zurechtfindet",
    "barrierefreiheit": "das Wichtigste aus der Erklärung zur Barrierefreiheit",
    "weitere": "wo es mehr in Leichter Sprache oder Gebärdensprache gibt",
}
"""The four parts of BITV 2.0 Anlage 2, Teil 1 and 2, by the value of `bitv:`."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "federal": ("inhalt", "navigation", "barrierefreiheit", "weitere"),
    "bavaria": ("inhalt", "navigation", "weitere"),
    "voluntary": (),
}
"""Parts a level asks for (BITV 2.0 § 4; the BayBITV leaves out the statement's part)."""

LABELS = {
    "de": {"easy_read": "Leichte Sprache", "sign": "Gebärdensprache", "back": "Diese Seite in Alltags-Sprache:",
           "glossary": "Schwere Wörter"},
    "en": {"easy_read": "Leichte Sprache", "sign": "Gebärdensprache",
           "easy_read_note": "easy-to-read German", "sign_note": "German Sign Language",
           "back": "Diese Seite in Alltags-Sprache:", "glossary": "Schwere Wörter"},
}
"""The link texts: both kinds are German, so an English site keeps the German name and says what it is."""


class EasyFrontMatter(BaseModel):
    """The front matter of a page in Leichte Sprache; MkDocs' own keys (description, hide) pass."""

    model_config = ConfigDict(extra="allow", frozen=True)
    title: Text | None = None
    bitv: Part | None = None
    """Which part of BITV 2.0 Anlage 2 the page explains."""
    glossar: dict[str, Text] = {}
    """Words in capitals (NIKO) and the explanation the page gives for each."""
    erklaert: Text | None = None
    """The standard page it explains, as a file under content/ (about.md); defaults by part."""


@dataclass(frozen=True)
class EasyPage:
    """One page in Leichte Sprache."""

    source: SourceFile
    src_uri: str
    """Relative to content/: 'leichte-sprache/index.md'."""
    meta: EasyFrontMatter

    @property
    def path(self) -> str:
        return site_path(self.src_uri)


@dataclass(frozen=True)
class SignPage:
    """The page in Deutscher Gebärdensprache."""

    source: SourceFile
    meta: SignFrontMatter


@dataclass(frozen=True)
class EasyPages:
    """What the site has of both kinds."""

    easy: list[EasyPage]
    sign: SignPage | None

    def parts(self, kind: str) -> set[str]:
        """The parts explained in Leichte Sprache ('easy_read') or in DGS ('sign')."""
        if kind == "easy_read":
            return {page.meta.bitv for page in self.easy if page.meta.bitv}
        return {video.bitv for video in self.sign.meta.videos if video.bitv} if self.sign else set()

    @property
    def easy_start(self) -> str | None:
        """The page the links lead to: the folder's index.md, else the first part's page."""
        order = [*PARTS, None]
        pages = sorted(self.easy, key=lambda p: (p.src_uri != f"{EASY_DIR}/index.md", order.index(p.meta.bitv)))
        return pages[0].path if pages else None


def find_pages(settings: Settings, problems: Problems) -> EasyPages:
    """Both kinds of pages, their front matter checked (problems with file and line)."""
    docs = settings.docs_dir
    easy = []
    for path in sorted((docs / EASY_DIR).rglob("*.md")) if (docs / EASY_DIR).is_dir() else ():
        source = _read(path, settings, problems)
        meta = _validate(EasyFrontMatter, source, problems) if source else None
        if source and meta:
            easy.append(EasyPage(source, path.relative_to(docs).as_posix(), meta))
    sign = None
    if (docs / SIGN_PAGE).is_file():
        source = read_page_file(docs / SIGN_PAGE, settings.shown(docs / SIGN_PAGE), problems)
        meta = _validate(SignFrontMatter, source, problems) if source else None
        if source and meta:
            sign = SignPage(source, meta)
    return EasyPages(easy, sign)


def _read(path: Path, settings: Settings, problems: Problems) -> SourceFile | None:
    """A page with or without front matter (an LS page may be only text)."""
    shown = settings.shown(path)
    if path.read_bytes().startswith(b"---"):
        source = read_page_file(path, shown, problems)
        return replace(source, body_line=_first_text_line(path, source.body_line)) if source else None
    text = read_text(path, shown, problems)
    return SourceFile(shown, Document({}), text) if text is not None else None


def _first_text_line(path: Path, after: int) -> int:
    """The body's true first line: the reader strips the blank lines after the front matter."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    while after <= len(lines) and not lines[after - 1].strip():
        after += 1
    return after


def _validate(model: type[BaseModel], source: SourceFile, problems: Problems) -> Any:
    from .validation import report_validation  # the content model's German messages, loaded with it

    try:
        return model.model_validate(source.document.data)
    except ValidationError as error:
        report_validation(error, model, source, problems)
        return None


def check_parts(pages: EasyPages, settings: Settings, problems: Problems) -> None:
    """Each part the level asks for, in both kinds.

    At `voluntary` nothing is asked: a kind the site does not have at all is
    fine, and a gap in a kind it has is a warning only.
    """
    level = settings.options.easy_read.level
    required = REQUIRED[level]
    report = problems.error if required else problems.warning
    shown = {"easy_read": settings.shown(settings.docs_dir / EASY_DIR) + "/",
             "sign": settings.shown(settings.docs_dir / SIGN_PAGE)}
    for kind, present in (("easy_read", bool(pages.easy)), ("sign", pages.sign is not None)):
        if not required and not present:
            continue
        for part in required or PARTS:
            if part not in pages.parts(kind):
                report(shown[kind], None, f"{_noun(kind)}: der Teil „{part}“ fehlt ({PARTS[part]}); "
                                          f"easy_read.level ist {level}", _HINTS[kind].format(part=part))


def _noun(kind: str) -> str:
    return "Seiten in Leichter Sprache" if kind == "easy_read" else "Videos in Gebärdensprache"


_HINTS = {
    "easy_read": "eine Seite unter content/leichte-sprache/ mit „bitv: {part}“ im Front Matter anlegen "
                 "(EDITING.md, „Leichte Sprache und Gebärdensprache“)",
    "sign": "in content/gebaerdensprache/index.md unter „videos:“ ein Video mit „bitv: {part}“ eintragen "
            "(EDITING.md, „Leichte Sprache und Gebärdensprache“)",
}


ICONS = {"easy_read": "assets/leichte-sprache.svg", "sign": "assets/gebaerdensprache.svg"}
"""The links' icons (overrides/assets/), drawn for this project; decorative, so their alt is empty."""


def links(pages: EasyPages, language: str, here: str | None = None) -> EasyLinks | None:
    """The links for header, footer, home page and statement, each only when its pages exist; None for none.

    `path` is the site path (theme templates make it relative with MkDocs' `url`
    filter); with `here`, `url` is the link from that page.
    """
    labels = LABELS.get(language, LABELS["en"])
    german = language.split("-")[0] == "de"
    found = {"easy_read": pages.easy_start, "sign": site_path(SIGN_PAGE) if pages.sign else None}
    items: list[EasyLink] = [{"kind": kind, "path": path, "url": link(here, path) if here is not None else None,
              "label": labels[kind], "note": labels.get(kind + "_note"), "icon": ICONS[kind],
              "icon_url": link(here, ICONS[kind]) if here is not None else None}
             for kind, path in found.items() if path is not None]
    names = [item["label"] if german else item["note"] or "" for item in items]
    label = (" und " if german else " and ").join(names)
    return {"label": label[:1].upper() + label[1:], "items": items} if items else None


def site_links(settings: Settings, here: str | None = None) -> EasyLinks | None:
    """`links` for a site, its pages found anew (their problems were reported by `check`)."""
    return links(find_pages(settings, Problems()), settings.language, here)


def explained_path(page: EasyPage, statement: str) -> str | None:
    """The site path of the standard page an LS page explains: `erklaert:`, else by part, else None."""
    if page.meta.erklaert:
        return site_path(page.meta.erklaert)
    return {"inhalt": "", "barrierefreiheit": statement}.get(page.meta.bitv or "")


def check_explains(pages: EasyPages, settings: Settings, problems: Problems) -> None:
    """`erklaert:` names a Markdown file under content/ that exists."""
    for page in pages.easy:
        target = page.meta.erklaert
        path = settings.docs_dir / (target or "")
        inside = path.resolve().is_relative_to(settings.docs_dir.resolve())
        if target and not (target.endswith(".md") and inside and path.is_file()):
            problems.error(page.source.path, page.source.document.line(("erklaert",)),
                           f"erklaert: „{target}“ ist keine Seite unter content/",
                           "den Dateinamen der Seite angeben, die hier erklärt wird, z. B. „erklaert: about.md“")


def check_pages(settings: Settings, problems: Problems,
                texts: Callable[[], list[Problem]] | None = None) -> EasyPages:
    """Everything `check` asks of both kinds: front matter, required parts, the pages they explain, the
    LS texts (`texts`: their problems from `start_text_check`; else checked here)."""
    pages = find_pages(settings, problems)
    check_parts(pages, settings, problems)
    check_explains(pages, settings, problems)
    if pages.sign:
        check_videos(pages.sign.source, pages.sign.meta, settings, problems)
    if pages.easy:
        problems.extend(texts() if texts is not None else text_problems(pages))
    return pages


def start_text_check(settings: Settings) -> Callable[[], list[Problem]]:
    """Begin checking the LS texts in a forked child; the call returned waits for their problems.

    SoMaJo, which splits the texts into sentences, takes half a second to set
    up on a machine that has not split them before (easyread.py keeps its
    sentences per machine), as on a CI runner's first build: the child does
    it beside the loading of the content. Without LS pages nothing starts.
    """
    if not (settings.docs_dir / EASY_DIR).is_dir():
        return list
    return Background(lambda: iter([text_problems(find_pages(settings, Problems()))])).last


def text_problems(pages: EasyPages) -> list[Problem]:
    """What easyread.py finds in every LS page's text (front matter problems are find_pages')."""
    from .easyread import check_text  # loads SoMaJo: only for sites with LS pages

    found = []
    for page in pages.easy:
        source = page.source
        found += check_text(source.body, source.path, source.body_line, set(page.meta.glossar))
    return found


def readability_lines(settings: Settings) -> list[str]:
    """One line per LS page for `check`: how easy its text reads (never a problem)."""
    pages = find_pages(settings, Problems())
    if not pages.easy:
        return []
    from .easyread import readability

    measured = [(page.source.path, readability(page.source.body)) for page in pages.easy]
    return [f"{result} – {path}" for path, result in measured if result is not None]


def easy_page_data(builder: PageBuilder) -> list[PageData]:
    """What each LS page shows around the editor's text: the way back, the explained words.

    The pages stay hand-written (MkDocs renders their Markdown); their data
    goes to the site generator with the generated pages', under their src_uri.
    """
    settings = builder.settings
    labels = LABELS.get(settings.language, LABELS["en"])
    statement = statement_path(settings.language)
    made = []
    pages = find_pages(settings, Problems())
    for page in pages.easy:
        target = explained_path(page, statement)
        back: BackLink | None = {"url": link(page.path, target), "title": _title(settings, target, builder)} \
            if target is not None else None
        entry = PageEntry(page.path, page.meta.title or "", "easy_read.html", page.source.path)
        context: EasyReadPage = {
            **builder.common(page.path),
            "back": back, "labels": labels, "lang": None if settings.language.startswith("de") else "de",
            "glossary": [{"word": word, "text": text} for word, text in page.meta.glossar.items()],
        }
        made.append(PageData.of(entry, _description(page.meta), context))
    if pages.sign:
        made.append(sign_page_data(builder, pages.sign))
    return made


def _description(meta: BaseModel) -> str:
    """The page's own `description:` (MkDocs' key), which the page data would otherwise replace."""
    return str((meta.model_extra or {}).get("description") or "")


def sign_page_data(builder: PageBuilder, page: SignPage) -> PageData:
    """The DGS page: each video with its captions, logo, download (format, size, time) and transcript."""
    here = site_path(SIGN_PAGE)
    settings = builder.settings
    videos = [video_context(video, settings.docs_dir, "de", here) for video in page.meta.videos]
    entry = PageEntry(here, page.meta.title or "", "sign_language.html", page.source.path)
    context: SignLanguagePage = {**builder.common(here), "videos": videos, "text": TEXT, "logo": link(here, LOGO),
                                 "lang": None if settings.language.startswith("de") else "de"}
    return PageData.of(entry, _description(page.meta), context)


def _title(settings: Settings, target: str, builder: PageBuilder) -> str:
    """The explained page's title: the statement's, else the first heading or `title:` of its file."""
    if target == statement_path(settings.language):
        return builder.t("statement_title")
    stem = target.rstrip("/") or "index"
    for candidate in (settings.docs_dir / f"{stem}.md", settings.docs_dir / stem / "index.md"):
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8-sig")
            found = re.search(r"^title:\s*(.+)$", text, re.M) or re.search(r"^#\s+(.+)$", text, re.M)
            return found[1].strip().strip("\"'") if found else settings.options.name
    return settings.options.name
