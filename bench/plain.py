"""The baseline: a plain MkDocs + Material project with the same pages, no hooks.

Same theme settings, Markdown extensions, plugins and hand-written pages as
the series project (both come from this repository's mkdocs.yml and content/),
and one Markdown page for every page our hooks generate, at the same URL and of
similar length: the year programme as a table, the session with its facts,
abstract and speaker cards, the speaker with bio and sessions, the overviews.
Which pages exist is asked from the core (`site.build_site`), so the baseline
follows when a new page type appears.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from series_publisher.i18n import Locale

from .corpus import Corpus, PublishedRecording, SessionData, SpeakerData, YearData
from .files import REPO, copy_hand_written, write_config, write_photos

GERMAN = Locale("de")
"""Dates, status and category words as the generated pages say them (the product's own strings)."""
ZONE = ZoneInfo("Europe/Berlin")


def long_date(moment: date | datetime) -> str:
    """'5. Oktober 2021': babel's long format, in the product's locale."""
    from babel.dates import format_date

    return format_date(moment, "long", locale=GERMAN.babel)


def when(session: SessionData) -> str:
    """'Dienstag, 5. Oktober 2021, 14:00–16:30 Uhr (Mitteleuropäische Zeit)'."""
    hours = GERMAN.t("time_range", start=GERMAN.time(session.start), end=session.end)
    return f"{GERMAN.long_date(session.start)}, {hours} ({GERMAN.zone_generic(ZONE)})"


def status_text(session: SessionData) -> str:
    if session.rescheduled_from and not session.is_cancelled:
        return GERMAN.t("rescheduled")
    return GERMAN.t(session.status)


def generated_pages(series_config: Path, today: date) -> list[tuple[str, str, str]]:
    """(src_uri, template, title) of every page the core generates for the series project."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from series_publisher import site as core
    from series_publisher.inputs import BuildInputs
    from series_publisher.problems import Problems

    problems = Problems()
    settings = core.load_settings(series_config, problems)
    if settings is None:
        raise RuntimeError("the generated series project has invalid settings")
    inputs = BuildInputs(today)
    content = core.check(settings, problems, inputs)
    if problems.has_errors:
        raise RuntimeError("the generated content has errors:\n" + "\n".join(str(p) for p in problems.errors))
    built = core.build_site(settings, content, inputs)
    return [(page.src_uri, page.template, page.title) for page in built.pages]


def write_plain_project(corpus: Corpus, root: Path, series_config: Path) -> Path:
    """The plain project beside the series project; returns its mkdocs.yml."""
    config_file = write_config(root, "docs", hooks=False)
    docs = root / "docs"
    copy_hand_written(docs)
    write_photos(corpus, docs)
    sessions = {f"{s.year}/{s.slug}.md": s for s in corpus.sessions}
    years = {f"{y.year}/index.md": y for y in corpus.years}
    speakers = {f"speakers/{s.slug}.md": s for s in corpus.speakers}
    around = {f"{y.year}/{slug}.md": pair for y in corpus.years for slug, pair in _neighbours(y).items()}
    for uri, template, title in generated_pages(series_config, corpus.today):
        if uri in sessions:
            text = session_page(sessions[uri], around[uri])
        elif uri in years:
            text = year_page(years[uri])
        elif uri in speakers:
            text = speaker_page(speakers[uri])
        elif uri == "speakers/index.md":
            text = speakers_page(corpus)
        elif uri == "recordings/index.md":
            text = recordings_page(corpus)
        else:
            text = generic_page(title, corpus, uri)
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return config_file


def plain_source(root: Path, session: SessionData) -> Path:
    """The plain page that stands for a session file (edited in the serve benchmark)."""
    return root / "docs" / str(session.year) / f"{session.slug}.md"


def _speaker_names(session: SessionData, prefix: str) -> str:
    return ", ".join(f"[{s.name}]({prefix}speakers/{s.slug}.md)" for s in session.speakers)


def session_page(session: SessionData,
                 neighbours: tuple[SessionData | None, SessionData | None] = (None, None)) -> str:
    lines = [f"[Programm {session.year}](index.md)", "", f"# {session.title}", "",
             "*Beispieldaten: Referierende und Texte sind erfunden.*", ""]
    if session.is_cancelled:
        lines += ["!!! warning \"Abgesagt\"", "    Diese Veranstaltung findet nicht statt.", ""]
    elif session.status == "tentative":
        lines += ["**Vorläufig:** Termin und Programm können sich noch ändern.", ""]
    if session.rescheduled_from:
        moved = "; ".join(f"{long_date(d)}, {d:%H:%M}" for d in session.rescheduled_from)
        lines += [f"**Verschoben vom {moved}**", ""]
    lines += [f"- **Datum:** {when(session)}", "- **Ort:** Online (Zoom)",
              f"- **Perspektive:** {GERMAN.t(session.perspective)}", f"- **Status:** {status_text(session)}", "",
              f"[Anmelden](https://www.example.org/anmeldung-{session.year}){{ .md-button .md-button--primary }} "
              f"[Kalendereintrag (.ics)](https://reihe.example.org/{session.year}/{session.slug}.ics){{ .md-button }}",
              "", session.abstract.rstrip(), ""]
    if isinstance(session.recording, PublishedRecording):
        lines += ["## Aufzeichnung", "", f"[Video ansehen]({session.recording.url}) "
                  f"({session.recording.duration}, veröffentlicht am {session.recording.published.isoformat()})", ""]
    lines += ["## Referierende", ""]
    for speaker in session.speakers:
        lines += [f"![{speaker.name}](../{speaker.photo}){{ width=96 height=96 loading=lazy }}", "",
                  f"### [{speaker.name}](../speakers/{speaker.slug}.md)", "",
                  f"{speaker.role}, {speaker.organisation}", "", speaker.bio.split("\n\n")[0].strip(), ""]
    previous, following = neighbours
    pager = []
    if previous:
        pager.append(f"[← Vorherige: {previous.title}]({previous.slug}.md)")
    if following:
        pager.append(f"[Nächste: {following.title} →]({following.slug}.md)")
    lines += [" · ".join(pager), ""]
    return "\n".join(lines) + "\n"


def _neighbours(year: YearData) -> dict[str, tuple[SessionData | None, SessionData | None]]:
    ordered = sorted(year.sessions, key=lambda s: (s.start, s.slug))
    return {s.slug: (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None)
            for i, s in enumerate(ordered)}


def year_page(year: YearData) -> str:
    lines = [f"# Programm {year.year}: {year.title}", "", f"*{year.subtitle}*", "",
             "*Beispieldaten: Referierende und Texte sind erfunden.*", "", year.summary.rstrip(), "",
             f"**Teilnahme:** höchstens {year.capacity} Personen. "
             f"[Zur Anmeldung]({year.registration_url}) (bis {long_date(year.deadline)})", "",
             "## Programm", "", "Alle Zeiten in Mitteleuropäischer Zeit.", "",
             "| Datum | Zeit | Veranstaltung | Referierende | Perspektive | Status |",
             "|---|---|---|---|---|---|"]
    for s in sorted(year.sessions, key=lambda s: (s.start, s.slug)):
        lines.append(f"| {GERMAN.weekday(s.start)}, {GERMAN.short_date(s.start)} | {GERMAN.time(s.start)}–{s.end} "
                     f"| [{s.title}]({s.slug}.md) | {_speaker_names(s, '../')} "
                     f"| {GERMAN.t(s.perspective)} | {status_text(s)} |")
    lines += ["", "## Kalender abonnieren", "",
              f"[Kalender {year.year} (.ics)](https://reihe.example.org/{year.year}/calendar.ics)", ""]
    return "\n".join(lines) + "\n"


def speaker_page(speaker: SpeakerData) -> str:
    lines = [f"# {speaker.name}", "", "*Beispieldaten: Referierende und Texte sind erfunden.*", "",
             f"![{speaker.name}](../{speaker.photo}){{ width=96 height=96 }}", "",
             f"**{speaker.role}**, {speaker.organisation} ({GERMAN.t(speaker.sector)})", "",
             speaker.bio.rstrip(), "", f"[Website]({speaker.website})", "", "## Veranstaltungen", ""]
    for s in sorted(speaker.sessions, key=lambda s: (s.start, s.slug)):
        lines.append(f"- {GERMAN.long_date(s.start)}: [{s.title}](../{s.year}/{s.slug}.md)"
                     f" – {status_text(s)}")
    return "\n".join(lines) + "\n"


def speakers_page(corpus: Corpus) -> str:
    lines = ["# Referierende", "", "*Beispieldaten: Referierende und Texte sind erfunden.*", ""]
    for speaker in corpus.speakers:
        lines += [f"![{speaker.name}](../{speaker.photo}){{ width=48 height=48 }}", "",
                  f"### [{speaker.name}]({speaker.slug}.md)", "",
                  f"{speaker.role}, {speaker.organisation} – {len(speaker.sessions)} Veranstaltungen", ""]
    return "\n".join(lines) + "\n"


def recordings_page(corpus: Corpus) -> str:
    lines = ["# Aufzeichnungen", "", "*Beispieldaten: Referierende und Texte sind erfunden.*", ""]
    for year in reversed(corpus.years):
        recorded = [s for s in year.sessions if isinstance(s.recording, PublishedRecording)]
        if not recorded:
            continue
        lines += [f"## {year.year}: {year.title}", ""]
        for s in recorded:
            lines.append(f"- [{s.title}](../{s.year}/{s.slug}.md) – {_speaker_names(s, '../')}, "
                         f"{long_date(s.start)} ({s.recording.duration})")
        lines.append("")
    return "\n".join(lines) + "\n"


def generic_page(title: str, corpus: Corpus, uri: str) -> str:
    depth = "../" * uri.count("/")
    lines = [f"# {title}", ""]
    lines += [f"- [{y.year}: {y.title}]({depth}{y.year}/index.md)" for y in reversed(corpus.years)]
    return "\n".join(lines) + "\n"
