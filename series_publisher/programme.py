"""A year's programme as a PDF to print and forward: tagged, accessible (PDF/UA-1), made with Typst.

Offices pass a programme on as a file: attached to an e-mail, printed for the
notice board. A PDF a public body publishes falls under BITV like its pages,
so it is a tagged PDF/UA-1 document, not a printout. Typst (PyPI `typst`, the
compiler inside the wheel, no system library) writes one in a few
milliseconds, and in its PDF/UA-1 mode refuses to write one without a title,
an image without alt text or a character no font can show: that refusal
becomes an editor's problem here, in German, with the file and line.

The data travels as JSON through `sys.inputs` into programme.typ, which shows
every value as a string: an editor's title is never spliced into Typst markup,
so `#import`, `$`, `]` or `\\` print as typed. Typst sees only the fonts in
fonts/ (not the system's, not its own), and the creation date comes from git,
so every machine makes the same bytes.

Like the calendars, a programme depends on the content alone, never on the
reference date (it shows a session's status, not whether it is past). Each
PDF is kept on the machine under the digest of everything it is made from
(kept.py): a build, and every rebuild under `serve`, compiles only the years
whose content changed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import json
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from . import kept
from .background import Background
from .i18n import Locale, foreign_language
from .lineages import event_inputs
from .output import PreparedFiles, SiteFile
from .paths import SUBSCRIBE_PATH, programme_path, webcal, year_calendar_path
from .problems import Problems
from .settings import Settings
from .text import plain_text

if TYPE_CHECKING:
    from .content import Content, Session, Year

FOLDER = Path(__file__).resolve().parent
TEMPLATE = FOLDER / "programme.typ"
FONTS = FOLDER / "fonts"
FONT_FAMILIES = ["Atkinson Hyperlegible", "DejaVu Sans", "Noto Emoji"]
"""Atkinson Hyperlegible, made for readers with low vision; DejaVu Sans for what it lacks; Noto Emoji for
the emoji editors put in titles (fonts/README.md)."""
STANDARD = "ua-1"

_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')

class ProgrammeError(Exception):
    """Typst refused to write an accessible PDF; `causes` are its messages, one per error."""

    def __init__(self, causes: list[str]) -> None:
        super().__init__("; ".join(causes))
        self.causes = causes


@dataclass(frozen=True)
class _Job:
    """One year's PDF to make: everything Typst needs, prepared in the calling thread."""

    year: Year
    path: str
    data: dict[str, Any]
    qr: str
    """The registration address as an SVG QR code ('' without registration)."""


class Programmes:
    """Every year's programme PDF, compiled in a thread while the caller goes on.

    Typst releases the GIL while it compiles, so the PDFs are made beside the
    page data. Only Typst runs in the thread: the data (babel, the shared
    Markdown parser) is made here, in the caller's thread, a year at a time,
    and each year is handed to the thread as soon as its data is there. The
    newest year comes first: the home page features it, and the year pages
    come newest first.
    """

    def __init__(self, content: Content, settings: Settings, changed: Callable[[str], datetime]) -> None:
        self.settings = settings
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="programmes")
        made: dict[int, tuple[_Job, Future[bytes | ProgrammeError]]] = {}
        for year in reversed(_with_sessions(content)):
            job = _job(year, settings, changed)
            made[year.year] = (job, pool.submit(_compile_once, job))
        pool.shutdown(wait=False)
        self._made = [made[year.year] for year in _with_sessions(content)]
        self._by_path = {job.path: result for job, result in self._made}

    def size(self, path: str) -> int | None:
        """Bytes of the PDF at this site path, waiting for that year alone; None: no such PDF, or it failed."""
        future = self._by_path.get(path)
        pdf = future.result() if future is not None else None
        return len(pdf) if isinstance(pdf, bytes) else None

    def sizes(self) -> Iterator[tuple[str, int | None]]:
        """Each PDF's path and size as soon as it is made, newest first (the order Typst makes them)."""
        for job, _ in reversed(self._made):
            yield job.path, self.size(job.path)

    def made(self) -> PreparedFiles:
        """Wait for the PDFs; a year that cannot be made accessible is a problem instead of a file."""
        files, problems = [], Problems()
        for job, future in self._made:
            pdf = future.result()
            if isinstance(pdf, ProgrammeError):
                report_failure(pdf, job.year, self.settings, problems)
            else:
                files.append(SiteFile(job.path, pdf))
        return PreparedFiles(files, problems.items)


class ForkedProgrammes:
    """The same PDFs made in a forked child (background.py), for a build's core that has more to do.

    The data of every year (babel, Markdown, the QR code's mask search) costs
    the core about 20 ms a year before Typst starts; in a child of its own
    it costs the core nothing, and each size comes back as its PDF is made.
    Only for a process that has not run Typst (the core's child never has):
    Typst keeps threads of its own, and a fork copies their locks without
    them, so a second compile in the child would wait for ever.
    """

    def __init__(self, content: Content, settings: Settings, changed: Callable[[str], datetime]) -> None:
        self._paths = {programme_path(year.year, settings.language) for year in _with_sessions(content)}
        self._sizes: dict[str, int | None] = {}
        self._run = Background(lambda: _sizes_then_files(Programmes(content, settings, changed)))

    def size(self, path: str) -> int | None:
        """As `Programmes.size`: waits for that year (and the newer ones, made first)."""
        while path in self._paths and path not in self._sizes:
            made, size = self._run.next()
            self._sizes[made] = size
        return self._sizes.get(path)

    def made(self) -> PreparedFiles:
        """As `Programmes.made`; the child then ends."""
        for path in self._paths:
            self.size(path)
        return self._run.last()


def _sizes_then_files(programmes: Programmes) -> Iterator[tuple[str, int | None] | PreparedFiles]:
    """The forked child's job: every size as its PDF is made, then the files (ForkedProgrammes)."""
    yield from programmes.sizes()
    yield programmes.made()


def _with_sessions(content: Content) -> list[Year]:
    """The years that get a programme: those with sessions."""
    return [year for year in content.years if year.sessions]


def _job(year: Year, settings: Settings, changed: Callable[[str], datetime]) -> _Job:
    """Dated by the newest change of any file whose text is in it (as calendars date their events)."""
    stamp = max(changed(path) for session in year.sessions for path in event_inputs(session, settings))
    url = year.theme.registration.url if year.theme.registration else None
    return _Job(year, programme_path(year.year, settings.language), programme_data(year, settings, stamp),
                qr_svg(url) if url else "")


def programme_data(year: Year, settings: Settings, stamp: datetime) -> dict[str, Any]:
    """Everything the PDF shows, as plain JSON values in the site's language."""
    locale = Locale(settings.language)
    t = locale.t
    options = settings.options
    theme = year.theme
    registration = theme.registration
    as_of = t("pdf_as_of", date=locale.short_date(stamp.astimezone(year.zone).date()))
    organiser = options.organiser
    return {
        "lang": settings.language,
        "fonts": FONT_FAMILIES,
        "timestamp": int(stamp.timestamp()),
        "title": t("pdf_title", series=options.name, year=year.year, title=theme.title),
        "author": organiser.name if organiser else options.name,
        "keywords": [options.name, str(year.year)],
        "series": options.name,
        "heading": t("programme_year", year=year.year),
        "theme": theme.title,
        "content_lang": foreign_language(options.content_language, settings.language),
        "subtitle": theme.subtitle,
        "example_note": t("example_data") if options.example_data else None,
        "summary": [part.strip() for part in plain_text(theme.summary).split("\n\n") if part.strip()],
        "zone_note": t("timezone_note", zone=locale.zone_generic(year.zone)),
        "sessions": [_session(session, year, settings, locale) for session in year.sessions],
        "registration": {
            "url": registration.url,
            "deadline": t("registration_deadline", date=locale.long_date(registration.deadline))
            if registration.deadline else None,
            "alt": t("pdf_qr", url=registration.url),
        } if registration else None,
        "site": settings.site_url,
        "organiser": {"name": organiser.name, "email": organiser.email, "url": organiser.url} if organiser else None,
        "calendar": {"url": webcal(settings.page_url(year_calendar_path(year.year))),
                     "help": settings.page_url(SUBSCRIBE_PATH)},
        "footer": f"{options.name} · {t('programme_year', year=year.year)} · {as_of}",
        "labels": _labels(locale, year.year),
    }


def _labels(locale: Locale, year: int) -> dict[str, str]:
    t = locale.t
    return {
        "programme": t("programme"), "programme_follows": t("programme_follows"), "date": t("date"),
        "time": t("time"), "session": t("pdf_session"), "perspective": t("perspective"), "status": t("status"),
        "register": t("register_short"), "register_text": t("pdf_register_text"), "contact": t("pdf_contact"),
        "website": t("website"), "organiser": t("pdf_organiser"), "calendar": t("year_subscribe", year=year),
        "calendar_help": t("subscribe_help"), "page": t("pdf_page", page="{page}", total="{total}"),
    }


def _session(session: Session, year: Year, settings: Settings, locale: Locale) -> dict[str, Any]:
    """One row: when (with the zone), what, who (with their organisation), and where it stands."""
    t = locale.t
    moved = t("rescheduled_from", dates="; ".join(
        f"{locale.short_date(old)}, {locale.time(old)}" for old in session.meta.rescheduled_from))
    if session.is_cancelled:
        status, note = t("cancelled"), moved if session.is_rescheduled else None
    elif session.is_rescheduled:
        status, note = moved, None
    else:
        status, note = t(session.status), None
    if session.meta.booked_out and not session.is_cancelled:
        note = t("booked_out")
    own = session.meta.registration
    series = year.theme.registration.url if year.theme.registration else None
    return {
        "weekday": locale.weekday(session.start),
        "date": locale.short_date(session.start),
        "time": locale.time_range(session.start, session.end),
        "zone": locale.zone_short(session.start),
        "title": session.title,
        "lang": foreign_language(session.meta.language or settings.options.content_language, settings.language),
        "url": settings.page_url(session.path),
        "speakers": [f"{s.name} ({s.meta.organisation})" if s.meta.organisation else s.name
                     for s in session.speakers],
        "perspective": t(session.meta.perspective) if session.meta.perspective else "",
        "status": status,
        "emphasis": session.is_cancelled or session.is_rescheduled,
        "note": note,
        "registration": own if own and own != series and not session.is_cancelled else None,
    }


def _compile_once(job: _Job) -> bytes | ProgrammeError:
    """`compile_programme`, unless this machine made the same input before (kept.py)."""
    name = _digest(job) + ".pdf"
    pdf = kept.fetch(name)
    if pdf is None:
        try:
            pdf = compile_programme(job.data, job.qr)
        except ProgrammeError as error:
            return error
        kept.keep(name, pdf)
    return pdf


def _digest(job: _Job) -> str:
    """Everything a PDF is made from: the compiler, the fonts, the template, the data, the QR code."""
    return hashlib.sha256(json.dumps([_tools(), _template(), job.data, job.qr]).encode("utf-8")).hexdigest()


@functools.cache
def _tools() -> list[str]:
    """Typst's version and the fonts' digest: a new compiler or font makes new PDFs."""
    fonts = hashlib.sha256()
    for path in sorted(FONTS.glob("*.ttf")):
        fonts.update(path.name.encode("utf-8") + path.read_bytes())
    return [importlib.metadata.version("typst"), fonts.hexdigest()]


def compile_programme(data: dict[str, Any], qr: str) -> bytes:
    """The PDF for `data` (see programme_data) and the QR code's SVG; the same input gives the same bytes.

    ProgrammeError when Typst cannot make it accessible.
    """
    import typst  # here: only the process that makes the files loads the compiler

    inputs = {"data": json.dumps(data, ensure_ascii=False), "qr": qr}
    try:
        pdf = _compiler().compile(input=_template().encode("utf-8"), format="pdf", sys_inputs=inputs,
                                  pdf_standards=[STANDARD], timestamp=data["timestamp"])
    except typst.TypstError as error:
        raise ProgrammeError(_causes(error)) from None
    assert isinstance(pdf, bytes)
    return pdf


@functools.cache
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


@functools.cache
def _compiler() -> Any:
    """One compiler per process: it reads the fonts once and keeps what it can reuse between years."""
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)])
    return typst.Compiler(root=str(FOLDER), font_paths=fonts, ignore_system_fonts=True)


@functools.lru_cache(maxsize=64)
def qr_svg(url: str) -> str:
    """The address as a QR code, in SVG: vector, so it prints sharp at any size (segno, no network)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", xmldecl=False, svgns=True, nl=False)
    return buffer.getvalue().decode("utf-8")


def _causes(error: Any) -> list[str]:
    """Each of Typst's errors on its own: the diagnostic lists them all, the message only the first."""
    diagnostic = getattr(error, "diagnostic", "") or ""
    found = [line.removeprefix("error: ").strip() for line in diagnostic.splitlines() if line.startswith("error: ")]
    return found or [str(getattr(error, "message", error))]


def report_failure(error: ProgrammeError, year: Year, settings: Settings, problems: Problems) -> None:
    """A German problem per cause; a character no font has is found in the editor's file it came from."""
    what = f"das Programm-PDF {year.year} kann nicht barrierefrei (PDF/UA) erzeugt werden"
    reported: set[str] = set()
    for cause in error.causes:
        glyph = _MISSING_GLYPH.search(cause)
        if glyph is None:
            problems.error(year.source.path, None, f"{what}: Typst meldet „{cause}“",
                           "bitte melden: die Vorlage series_publisher/programme.typ muss das beheben")
            continue
        character = glyph.group(1)
        if character in reported:
            continue
        reported.add(character)
        path, line = _find(character, year, settings)
        problems.error(path, line, f"{what}: keine Schrift des PDFs enthält das Zeichen „{character}“ "
                                   f"({', '.join(f'U+{ord(c):04X}' for c in character)})",
                       "das Zeichen ersetzen oder weglassen (z. B. ein Emoji): ein barrierefreies PDF zeigt kein "
                       "Zeichen als leeres Kästchen; welche Schriften es gibt, steht in series_publisher/fonts/README.md")


def _find(character: str, year: Year, settings: Settings) -> tuple[str, int | None]:
    """The first editor file (theme, sessions, speakers, settings) and line where the character stands."""
    paths = [year.source.path]
    for session in year.sessions:
        paths += [path for path in event_inputs(session, settings) if path not in paths]
    for path in paths:
        try:
            text = (settings.root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        index = text.find(character)
        if index >= 0:
            return path, text.count("\n", 0, index) + 1
    return year.source.path, None
