"""Synthetic content in the real editors' format, for the benchmark: what there is, not yet files.

`make_corpus(years)` invents Y years × 12 sessions (German abstracts of about
300 words, two speakers each from a pool of 4 × Y speakers with bios, some
cancelled, some rescheduled, recordings on the past ones). Everything is
derived from a seeded `random.Random`, so the same arguments always give the
same corpus. Slugs come from the product's `slugify` and the values are typed
with the product's model (`Status`, `Perspective`, `Sector`), so the corpus
asks the rules of the editors' files where they live; `files.py` writes it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterator

from series_publisher.model import Perspective, RecordingState, Sector, Status
from series_publisher.slugs import slugify

from . import vocabulary as words

SESSIONS_PER_YEAR = 12
SPEAKERS_PER_YEAR = 4
SPEAKERS_PER_SESSION = 2
LAST_YEAR = 2026
DEFAULT_TODAY = date(2026, 10, 1)
DEFAULT_SEED = 20201006
SECTORS: tuple[Sector, ...] = ("academia", "administration", "civil-society")
PERSPECTIVES: tuple[Perspective, ...] = ("academia", "practice")
VIDEO_ID_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


@dataclass
class SpeakerData:
    slug: str
    name: str
    role: str
    organisation: str
    sector: Sector
    website: str
    photo: str
    """Path under content/."""
    bio: str
    sessions: list[SessionData] = field(default_factory=list)


@dataclass(frozen=True)
class PublishedRecording:
    """A recording on YouTube, as `recording:` in a session file has it."""

    url: str
    duration: str
    """'1:52:00'."""
    published: date


@dataclass
class SessionData:
    year: int
    slug: str
    title: str
    start: datetime
    end: str
    """'16:30', the same day."""
    speakers: list[SpeakerData]
    perspective: Perspective
    status: Status = "confirmed"
    rescheduled_from: list[datetime] = field(default_factory=list)
    recording: PublishedRecording | RecordingState | None = None
    abstract: str = ""

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass
class YearData:
    year: int
    title: str
    subtitle: str
    summary: str
    registration_url: str
    deadline: date
    capacity: int
    sessions: list[SessionData] = field(default_factory=list)


@dataclass
class Corpus:
    years: list[YearData]
    speakers: list[SpeakerData]
    today: date

    @property
    def sessions(self) -> list[SessionData]:
        return [s for y in self.years for s in y.sessions]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Seeded text generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def slots(self) -> dict[str, str]:
        pick = self.rng.choice
        thema = pick(words.THEMEN)
        return {
            "thema": thema, "Thema": _cap(thema), "thema2": pick(words.THEMEN), "ort": pick(words.ORTE),
            "gruppe": pick(words.GRUPPEN), "instrument": pick(words.INSTRUMENTE),
            "instrument_cap": pick(words.INSTRUMENTE), "adj": pick(words.ADJEKTIVE),
            "adj_cap": _cap(pick(words.ADJEKTIVE)), "erg": pick(words.ERGEBNISSE), "Erg": pick(words.ERGEBNISSE),
        }

    def sentence(self, templates: list[str], **extra: str) -> str:
        return self.rng.choice(templates).format(**(self.slots() | extra))

    def sentences(self, count: int, templates: list[str] = words.SATZ_VORLAGEN, **extra: str) -> str:
        return " ".join(self.sentence(templates, **extra) for _ in range(count))

    def abstract(self, length: int = 300) -> str:
        """Paragraphs of 4–6 sentences and one bullet list, about `length` words."""
        paragraphs: list[str] = []
        count = 0
        while count < length:
            block = self._bullets() if len(paragraphs) == 2 else self.sentences(self.rng.randint(4, 6))
            paragraphs.append(block)
            count += len(block.split())
        return "\n\n".join(paragraphs) + "\n"

    def _bullets(self) -> str:
        items = [self.sentence([t]) for t in self.rng.sample(words.LISTENPUNKTE, 3)]
        items[-1] = items[-1].rstrip(",") + "."
        return "Diskutiert werden unter anderem:\n\n" + "\n".join(f"- {item}" for item in items)

    def bio(self, vorname: str, nachname: str) -> str:
        first = self.sentences(4, words.BIO_SAETZE, vorname=vorname, nachname=nachname)
        second = self.sentences(2, words.BIO_SAETZE, vorname=vorname, nachname=nachname)
        return first + "\n\n" + second + "\n"


def make_corpus(years: int, seed: int = DEFAULT_SEED, today: date = DEFAULT_TODAY,
                sessions_per_year: int = SESSIONS_PER_YEAR) -> Corpus:
    """Y years (ending with LAST_YEAR) × 12 sessions and 4 × Y speakers.

    With more sessions a year (a network running several parallel series),
    the speakers grow in proportion and the sessions fill the whole year,
    up to four a day.
    """
    if years < 1 or sessions_per_year < 2:
        raise ValueError("years must be at least 1, sessions_per_year at least 2")
    key = f"{seed}-{years}" if sessions_per_year == SESSIONS_PER_YEAR else f"{seed}-{years}x{sessions_per_year}"
    rng = random.Random(key)
    writer = _Writer(rng)
    speakers = _make_speakers(SPEAKERS_PER_YEAR * years * sessions_per_year // SESSIONS_PER_YEAR, rng, writer)
    cycle = _speaker_cycle(speakers, rng)
    year_list = [_make_year(number, writer, cycle, today, sessions_per_year)
                 for number in range(LAST_YEAR - years + 1, LAST_YEAR + 1)]
    return Corpus(year_list, speakers, today)


def _make_speakers(count: int, rng: random.Random, writer: _Writer) -> list[SpeakerData]:
    speakers: list[SpeakerData] = []
    taken: set[str] = set()
    while len(speakers) < count:
        vorname, nachname, titel = rng.choice(words.VORNAMEN), rng.choice(words.NACHNAMEN), rng.choice(words.TITEL)
        name = f"{titel} {vorname} {nachname}".strip()
        slug = slugify(name)
        if slug in taken:
            continue
        taken.add(slug)
        sector = SECTORS[len(speakers) % 3]
        speakers.append(SpeakerData(
            slug=slug, name=name, role=rng.choice(words.ROLLEN[sector]),
            organisation=rng.choice(words.ORGANISATIONEN[sector]), sector=sector,
            website=f"https://www.example.org/personen/{slug}", photo=f"images/speakers/{slug}.jpg",
            bio=writer.bio(vorname, nachname),
        ))
    speakers.sort(key=lambda s: s.slug)
    return speakers


def _speaker_cycle(speakers: list[SpeakerData], rng: random.Random) -> Iterator[SpeakerData]:
    """Endless speakers; every speaker comes up once per round."""
    while True:
        order = speakers[:]
        rng.shuffle(order)
        yield from order


def _pair(cycle: Iterator[SpeakerData]) -> list[SpeakerData]:
    """The next distinct speakers of the cycle."""
    pair: list[SpeakerData] = []
    while len(pair) < SPEAKERS_PER_SESSION:
        candidate = next(cycle)
        if candidate not in pair:
            pair.append(candidate)
    return pair


def _starts(number: int, count: int) -> list[datetime]:
    """Weekly on Tuesdays from September for a normal year; spread over the year, four a day at most, for big ones."""
    if count <= SESSIONS_PER_YEAR:
        first = date(number, 9, 1)
        first += timedelta(days=(1 - first.weekday()) % 7)  # first Tuesday of September
        return [datetime.combine(first + timedelta(weeks=index), datetime.min.time()).replace(hour=14)
                for index in range(count)]
    days = max(1, (count + 3) // 4)
    return [datetime(number, 1, 5) + timedelta(days=(index // 4) * 355 // days, hours=8 + 2 * (index % 4))
            for index in range(count)]


def _year_data(number: int, writer: _Writer) -> YearData:
    theme = words.JAHRES_THEMEN[number % len(words.JAHRES_THEMEN)]
    summary = (f"Im Jahr {number} widmet sich die Reihe dem Thema **{theme}**. " + writer.sentences(4)
               + "\n\n" + writer.sentences(3) + "\n")
    return YearData(
        year=number, title=f"{theme} ({number})",
        subtitle=f"Zwölf digitale Veranstaltungen im Herbst {number}", summary=summary,
        registration_url=f"https://www.example.org/anmeldung-{number}", deadline=date(number, 8, 31),
        capacity=writer.rng.choice([40, 50, 60, 80]),
    )


def _make_year(number: int, writer: _Writer, cycle: Iterator[SpeakerData], today: date,
               count: int = SESSIONS_PER_YEAR) -> YearData:
    """A year of `count` sessions: one cancelled, another moved by two days, the last upcoming one tentative."""
    rng = writer.rng
    year = _year_data(number, writer)
    starts = _starts(number, count)
    cancelled = rng.randrange(count)
    rescheduled = (cancelled + rng.randrange(1, count)) % count
    slugs: set[str] = set()
    for index in range(count):
        title = writer.sentence(words.TITEL_VORLAGEN)
        slug = _unique(slugify(title, max_words=6), slugs)
        planned = starts[index]
        start = planned + timedelta(days=2) if index == rescheduled else planned  # moved to Thursday
        session = SessionData(year=number, slug=slug, title=title, start=start, end="16:30", speakers=_pair(cycle),
                              perspective=PERSPECTIVES[index % 2], abstract=writer.abstract())
        if index == cancelled:
            session.status = "cancelled"
        elif index == rescheduled:
            session.rescheduled_from = [planned]
        elif start.date() >= today and index == count - 1:
            session.status = "tentative"
        if not session.is_cancelled:
            session.recording = _recording(rng, start) if start.date() < today else "planned"
        for speaker in session.speakers:
            speaker.sessions.append(session)
        year.sessions.append(session)
    return year


def _unique(slug: str, taken: set[str]) -> str:
    while slug in taken:
        slug += "-2"
    taken.add(slug)
    return slug


def _recording(rng: random.Random, start: datetime) -> PublishedRecording:
    video = "".join(rng.choice(VIDEO_ID_LETTERS) for _ in range(11))
    minutes = rng.randint(80, 150)
    return PublishedRecording(url=f"https://www.youtube.com/watch?v={video}",
                              duration=f"{minutes // 60}:{minutes % 60:02d}:00",
                              published=start.date() + timedelta(days=rng.randint(5, 21)))
