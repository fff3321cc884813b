"""Synthetic content in the real editors' format, for the benchmark.

`make_corpus(years)` invents Y years × 12 sessions (German abstracts of about
300 words, two speakers each from a pool of 4 × Y speakers with bios, some
cancelled, some rescheduled, recordings on the past ones); `write_series_project`
writes it as series/ + content/ + mkdocs.yml using this repository's hooks and
overrides by absolute path (like tests/projects.py). Everything is derived from
a seeded `random.Random`, so the same arguments always give the same files.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import struct
import subprocess
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SESSIONS_PER_YEAR = 12
SPEAKERS_PER_YEAR = 4
SPEAKERS_PER_SESSION = 2
LAST_YEAR = 2026
DEFAULT_TODAY = date(2026, 10, 1)
DEFAULT_SEED = 20201006
PHOTO_PIXELS = 600

# ---------------------------------------------------------------- vocabulary

THEMEN = [
    "interkulturelle Öffnung", "Teilhabe", "Diversität", "Inklusion", "Antidiskriminierung",
    "Mehrsprachigkeit", "Bürgerbeteiligung", "Willkommenskultur", "Chancengleichheit",
    "politische Bildung", "Zusammenhalt", "Anerkennung", "Barrierefreiheit", "Integration",
]
ORTE = [
    "der Kommunalverwaltung", "den Landkreisen", "kleinen Gemeinden", "der Großstadt",
    "ländlichen Räumen", "den Bürgerbüros", "Jugendämtern", "Schulen und Kitas",
    "Beiräten", "Quartieren", "Sportvereinen", "Bibliotheken", "Volkshochschulen",
]
GRUPPEN = [
    "Neuzugewanderte", "Geflüchtete", "ältere Migrantinnen und Migranten", "Jugendliche",
    "Familien", "Ehrenamtliche", "Mitarbeitende der Verwaltung", "Führungskräfte",
    "Migrant*innenorganisationen", "Menschen mit Behinderung", "Studierende", "Eltern",
]
INSTRUMENTE = [
    "ein kommunales Monitoring", "Leitbilder", "Diversity-Checks", "mehrsprachige Formulare",
    "Fortbildungen", "Beschwerdestellen", "Förderprogramme", "Runde Tische", "Quartiersbüros",
    "Beteiligungsverfahren", "Kooperationsverträge", "Lotsenprojekte", "Sprachmittlung",
]
ADJEKTIVE = [
    "nachhaltige", "überzeugende", "mutige", "gemeinsame", "verlässliche", "wirksame",
    "schwierige", "ungewöhnliche", "praxisnahe", "selbstkritische", "langfristige",
]
ERGEBNISSE = [
    "Veränderungen", "Erfahrungen", "Schlussfolgerungen", "Hürden", "Erfolge", "Lösungen",
    "Spannungsfelder", "Qualitätsmerkmale", "Möglichkeiten", "Fragen",
]
SATZ_VORLAGEN = [
    "Wie kann {thema} in {ort} gelingen, wenn Zuständigkeiten über viele Ämter verteilt sind?",
    "Die Veranstaltung zeigt, welche {adj} {erg} sich ergeben, wenn {gruppe} früh einbezogen werden.",
    "Aus der Praxis wird berichtet, wie {instrument} in {ort} eingeführt und überprüft wurden.",
    "Dabei geht es um {thema} als Querschnittsaufgabe und um die Frage, wer dafür Verantwortung übernimmt.",
    "Studien der letzten Jahre belegen, dass {gruppe} Angebote häufiger nutzen, wenn sie mitgestalten können.",
    "Gemeinsam diskutieren wir, welche {erg} für Kommunen in Bayern übertragbar sind.",
    "Ein besonderer Schwerpunkt liegt auf {instrument}, die schon mit geringem Aufwand spürbare Wirkung zeigen.",
    "Nicht selten stoßen gut gemeinte Maßnahmen auf {adj} Widerstände, über die offen gesprochen werden muss.",
    "Für {gruppe} bedeutet {thema} vor allem, ernst genommen und gehört zu werden.",
    "Die Referierenden stellen {adj} Beispiele aus {ort} vor und ordnen sie wissenschaftlich ein.",
    "Im Anschluss ist Zeit für Fragen, Austausch und die Vernetzung der Teilnehmenden.",
    "Welche Rolle spielen dabei Sprache, Haltung und die Öffnung von Strukturen?",
    "Auch Rückschläge gehören dazu: Manche {erg} zeigten sich erst nach Jahren.",
    "Die Diskussion knüpft an frühere Veranstaltungen der Reihe an und führt sie für {ort} weiter.",
    "Für die Umsetzung braucht es {adj} Bündnisse zwischen Verwaltung, Politik und Zivilgesellschaft.",
    "Besonders anschaulich wird das am Beispiel einer Stadt, die {instrument} über drei Jahre erprobt hat.",
    "Wir fragen außerdem, wie sich {thema} messen lässt, ohne Menschen auf Merkmale zu reduzieren.",
    "Kommunale Spitzenverbände, Hochschulen und Vereine tragen dazu jeweils eigene Perspektiven bei.",
    "Zur Vorbereitung empfehlen wir einen Blick in die Unterlagen der vergangenen Jahre.",
    "Zugleich wird deutlich, dass {gruppe} keine einheitliche Gruppe sind und unterschiedliche Bedürfnisse haben.",
]
LISTENPUNKTE = [
    "wie {gruppe} besser erreicht werden können,",
    "welche Rolle {instrument} übernehmen können,",
    "was {thema} für die tägliche Arbeit in {ort} bedeutet,",
    "welche {erg} sich aus bisherigen Projekten ableiten lassen,",
]
TITEL_VORLAGEN = [
    "{Thema} in {ort}",
    "{Thema}: {adj_cap} Wege für {gruppe}",
    "{Erg} mit {instrument_cap}",
    "Was {gruppe} brauchen: {Thema} konkret",
    "{Thema} gestalten – Erfahrungen aus {ort}",
    "Gemeinsam handeln: {Thema} und {thema2}",
]
JAHRES_THEMEN = [
    "Vielfalt als Querschnittsaufgabe", "Öffentlicher Raum und Begegnung", "Sprache, Zugang und Teilhabe",
    "Kommunale Strategien gegen Diskriminierung", "Bildung für alle", "Arbeit, Ausbildung und Qualifizierung",
    "Gesundheit und Pflege in der Einwanderungsgesellschaft", "Wohnen und Nachbarschaft",
    "Beteiligung und Demokratie vor Ort", "Verwaltung im Wandel", "Ehrenamt und Engagement",
    "Kultur, Medien und Öffentlichkeit",
]

VORNAMEN = [
    "Lea", "Jürgen", "Özlem", "Sören", "Björn", "Hülya", "Käthe", "Jörg", "Zoë", "Malte", "Günther",
    "Ayşe", "Rüdiger", "Anneliese", "Tomáš", "Chiara", "Yusuf", "Gülten", "Henrike", "Matthias", "Elif",
    "Bärbel", "Dörte", "Niklas", "Fatoumata", "Mareike", "Jannis", "Leonie", "Ömer",
]
NACHNAMEN = [
    "Müller", "Schäfer", "Özdemir", "Kühn", "Böhm", "Jäger", "Grünewald", "Löffler", "Yılmaz", "Krüger",
    "Hoffmann", "Weiß", "Schröder", "Brenner", "Fuchs", "Okafor", "Petrović", "Nowak", "Hartmann",
    "Bäcker", "Lüders", "Demir", "Kowalczyk", "Sauerbrück", "Wünsche", "Köster", "Thießen", "Mensah",
]
TITEL = ["Prof. Dr.", "Dr.", "", "", ""]
ROLLEN = {
    "academia": ["Professorin für Soziologie", "Wissenschaftlicher Mitarbeiter", "Leiterin eines Forschungsprojekts",
                 "Professor für Verwaltungswissenschaft"],
    "administration": ["Integrationsbeauftragte", "Leiter des Amts für Chancengleichheit", "Referentin für Vielfalt",
                       "Sachgebietsleiter Bürgerdienste"],
    "civil-society": ["Vorsitzende des Integrationsbeirats", "Geschäftsführer eines Vereins", "Projektkoordinatorin",
                      "Sprecher eines Migrant*innenverbands"],
}
ORGANISATIONEN = {
    "academia": ["Universität Altmühltal", "Hochschule Frankenhöhe", "Technische Universität Lechfeld",
                 "Institut für Migrationsforschung Würzburg"],
    "administration": ["Stadt Lindenfeld", "Landkreis Rötheltal", "Markt Grünbach", "Stadt Mühldorf am Bach"],
    "civil-society": ["Verein Brücken e.V.", "Integrationsbeirat Lindenfeld", "Netzwerk Vielfalt Oberpfalz",
                      "Bündnis für Begegnung e.V."],
}
BIO_SAETZE = [
    "{vorname} {nachname} beschäftigt sich seit vielen Jahren mit {thema} in {ort}.",
    "Zuvor war {vorname} {nachname} in der Beratung für {gruppe} tätig.",
    "Schwerpunkte der Arbeit sind {instrument} und die Frage, wie {thema} dauerhaft gelingt.",
    "{vorname} {nachname} hat zahlreiche Projekte begleitet und veröffentlicht regelmäßig zu {thema}.",
    "Ehrenamtlich engagiert sich {vorname} {nachname} für {gruppe} in der eigenen Nachbarschaft.",
    "Besonders wichtig ist {vorname} {nachname} der Austausch zwischen Wissenschaft und Praxis.",
]

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def slugify(text: str, max_words: int = 8) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_GERMAN)).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:max_words])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- the corpus


@dataclass
class SpeakerData:
    slug: str
    name: str
    role: str
    organisation: str
    sector: str
    website: str
    photo: str
    """Path under content/."""
    bio: str
    sessions: list["SessionData"] = field(default_factory=list)


@dataclass
class SessionData:
    year: int
    slug: str
    title: str
    start: datetime
    end: str
    speakers: list[SpeakerData]
    perspective: str
    status: str = "confirmed"
    rescheduled_from: list[datetime] = field(default_factory=list)
    recording: dict[str, str] | str | None = None
    abstract: str = ""


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


class _Writer:
    """Seeded text generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def slots(self) -> dict[str, str]:
        pick = self.rng.choice
        thema = pick(THEMEN)
        return {
            "thema": thema, "Thema": _cap(thema), "thema2": pick(THEMEN), "ort": pick(ORTE),
            "gruppe": pick(GRUPPEN), "instrument": pick(INSTRUMENTE), "instrument_cap": pick(INSTRUMENTE),
            "adj": pick(ADJEKTIVE), "adj_cap": _cap(pick(ADJEKTIVE)), "erg": pick(ERGEBNISSE),
            "Erg": pick(ERGEBNISSE),
        }

    def sentence(self, templates: list[str], **extra: str) -> str:
        return self.rng.choice(templates).format(**(self.slots() | extra))

    def abstract(self, words: int = 300) -> str:
        """Paragraphs of 4–6 sentences and one bullet list, about `words` words."""
        paragraphs: list[str] = []
        count = 0
        listed = False
        while count < words:
            if not listed and len(paragraphs) == 2:
                items = [self.sentence([t]) for t in self.rng.sample(LISTENPUNKTE, 3)]
                items[-1] = items[-1].rstrip(",") + "."
                block = "Diskutiert werden unter anderem:\n\n" + "\n".join(f"- {item}" for item in items)
                listed = True
            else:
                block = " ".join(self.sentence(SATZ_VORLAGEN) for _ in range(self.rng.randint(4, 6)))
            paragraphs.append(block)
            count += len(block.split())
        return "\n\n".join(paragraphs) + "\n"

    def bio(self, vorname: str, nachname: str) -> str:
        first = " ".join(self.sentence(BIO_SAETZE, vorname=vorname, nachname=nachname) for _ in range(4))
        second = " ".join(self.sentence(BIO_SAETZE, vorname=vorname, nachname=nachname) for _ in range(2))
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
    year_list = []
    for number in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        year_list.append(_make_year(number, rng, writer, cycle, today, sessions_per_year))
    return Corpus(year_list, speakers, today)


def _make_speakers(count: int, rng: random.Random, writer: _Writer) -> list[SpeakerData]:
    speakers: list[SpeakerData] = []
    taken: set[str] = set()
    sectors = ["academia", "administration", "civil-society"]
    while len(speakers) < count:
        vorname, nachname, titel = rng.choice(VORNAMEN), rng.choice(NACHNAMEN), rng.choice(TITEL)
        name = f"{titel} {vorname} {nachname}".strip()
        slug = slugify(name)
        if slug in taken:
            continue
        taken.add(slug)
        sector = sectors[len(speakers) % 3]
        speakers.append(SpeakerData(
            slug=slug, name=name, role=rng.choice(ROLLEN[sector]), organisation=rng.choice(ORGANISATIONEN[sector]),
            sector=sector, website=f"https://www.example.org/personen/{slug}",
            photo=f"images/speakers/{slug}.jpg", bio=writer.bio(vorname, nachname),
        ))
    speakers.sort(key=lambda s: s.slug)
    return speakers


def _speaker_cycle(speakers: list[SpeakerData], rng: random.Random):
    """Endless pairs of distinct speakers; every speaker comes up once per round."""
    while True:
        order = speakers[:]
        rng.shuffle(order)
        yield from order


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


def _make_year(number: int, rng: random.Random, writer: _Writer, cycle, today: date,
               count: int = SESSIONS_PER_YEAR) -> YearData:
    theme = JAHRES_THEMEN[number % len(JAHRES_THEMEN)]
    summary = (f"Im Jahr {number} widmet sich die Reihe dem Thema **{theme}**. "
               + " ".join(writer.sentence(SATZ_VORLAGEN) for _ in range(4))
               + "\n\n" + " ".join(writer.sentence(SATZ_VORLAGEN) for _ in range(3)) + "\n")
    year = YearData(
        year=number, title=f"{theme} ({number})",
        subtitle=f"Zwölf digitale Veranstaltungen im Herbst {number}", summary=summary,
        registration_url=f"https://www.example.org/anmeldung-{number}", deadline=date(number, 8, 31),
        capacity=rng.choice([40, 50, 60, 80]),
    )
    starts = _starts(number, count)
    cancelled = rng.randrange(count)
    rescheduled = (cancelled + rng.randrange(1, count)) % count
    slugs: set[str] = set()
    for index in range(count):
        title = writer.sentence(TITEL_VORLAGEN)
        slug = slugify(title, max_words=6)
        while slug in slugs:
            slug += "-2"
        slugs.add(slug)
        planned = starts[index]
        start = planned + timedelta(days=2) if index == rescheduled else planned  # moved to Thursday
        pair: list[SpeakerData] = []
        while len(pair) < SPEAKERS_PER_SESSION:
            candidate = next(cycle)
            if candidate not in pair:
                pair.append(candidate)
        session = SessionData(
            year=number, slug=slug, title=title, start=start, end="16:30", speakers=pair,
            perspective=("academia", "practice")[index % 2], abstract=writer.abstract(),
        )
        if index == cancelled:
            session.status = "cancelled"
        elif index == rescheduled:
            session.rescheduled_from = [planned]
        elif start.date() >= today and index == count - 1:
            session.status = "tentative"
        if session.status != "cancelled":
            if start.date() < today:
                video = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
                                for _ in range(11))
                minutes = rng.randint(80, 150)
                session.recording = {
                    "url": f"https://www.youtube.com/watch?v={video}",
                    "duration": f"{minutes // 60}:{minutes % 60:02d}:00",
                    "published": (start.date() + timedelta(days=rng.randint(5, 21))).isoformat(),
                }
            else:
                session.recording = "planned"
        for speaker in pair:
            speaker.sessions.append(session)
        year.sessions.append(session)
    return year


# ---------------------------------------------------------------- files


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def session_file(session: SessionData) -> str:
    lines = ["---", "# Synthetische Benchmark-Daten", f"title: {_q(session.title)}",
             f"start: {session.start:%Y-%m-%d %H:%M}", f"end: {session.end}", "speakers:"]
    lines += [f"  - {speaker.slug}" for speaker in session.speakers]
    lines.append(f"perspective: {session.perspective}")
    if session.status != "confirmed":
        lines.append(f"status: {session.status}")
    if session.rescheduled_from:
        lines.append("rescheduled_from:")
        lines += [f"  - {moment:%Y-%m-%d %H:%M}" for moment in session.rescheduled_from]
    if isinstance(session.recording, dict):
        rec = session.recording
        lines += ["recording:", f"  url: {rec['url']}", f"  duration: \"{rec['duration']}\"",
                  f"  published: {rec['published']}"]
    elif session.recording:
        lines.append(f"recording: {session.recording}")
    return "\n".join(lines) + "\n---\n" + session.abstract


def speaker_file(speaker: SpeakerData) -> str:
    lines = ["---", "# Synthetische Benchmark-Daten", f"name: {_q(speaker.name)}", f"role: {_q(speaker.role)}",
             f"organisation: {_q(speaker.organisation)}", f"sector: {speaker.sector}",
             f"photo: {speaker.photo}", f"website: {speaker.website}"]
    return "\n".join(lines) + "\n---\n" + speaker.bio


def theme_file(year: YearData) -> str:
    summary = "".join("  " + line + "\n" if line else "\n" for line in year.summary.rstrip("\n").split("\n"))
    return (f"# Synthetische Benchmark-Daten\ntitle: {_q(year.title)}\nsubtitle: {_q(year.subtitle)}\n"
            f"summary: |\n{summary}registration:\n  url: {year.registration_url}\n"
            f"  deadline: {year.deadline.isoformat()}\ncapacity: {year.capacity}\n")


def photo(seed: int) -> bytes:
    """A 600×600 JPEG portrait stand-in (what editors typically upload, resized), deterministic."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:  # pragma: no cover - Pillow is in requirements.txt
        return tiny_png(seed)
    ramp = Image.linear_gradient("L").resize((PHOTO_PIXELS, PHOTO_PIXELS))
    image = Image.merge("RGB", (ramp, ramp.rotate((seed * 37) % 360), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(image)
    skin = (190 + seed % 50, 150 + (seed * 7) % 60, 120 + (seed * 13) % 50)
    draw.ellipse((180, 90, 420, 370), fill=skin)
    draw.rectangle((120, 400, 480, 600), fill=((seed * 31) % 200, (seed * 17) % 200, (seed * 11) % 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def tiny_png(seed: int) -> bytes:
    """A valid 8×8 one-colour PNG (a stand-in photo)."""
    colour = bytes([(seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256])
    raw = b"".join(b"\x00" + colour * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def repo_config() -> dict[str, Any]:
    """This repository's mkdocs.yml, the source of every theme setting."""
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml.safe_load(stream) or {}


def site_config(docs_dir: str, hooks: bool) -> dict[str, Any]:
    """The repository's settings with absolute theme/hook paths; `hooks=False` drops the hooks."""
    config = repo_config()
    config["docs_dir"] = docs_dir
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((REPO / theme["custom_dir"]).resolve())
    config["theme"] = theme
    if hooks:
        config["hooks"] = [str((REPO / hook).resolve()) for hook in config.get("hooks") or []]
    else:
        config.pop("hooks", None)
    return config


def write_photos(corpus: Corpus, docs: Path) -> None:
    for index, speaker in enumerate(corpus.speakers):
        path = docs / speaker.photo
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(photo(index))


def copy_hand_written(docs: Path) -> None:
    """The repository's hand-written pages and assets (home, about, Impressum, …)."""
    source = REPO / (repo_config().get("docs_dir") or "docs")
    shutil.copytree(source, docs, dirs_exist_ok=True)


def write_series_project(corpus: Corpus, root: Path, git: bool = True) -> Path:
    """The project our build.py builds; returns its mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    config = site_config("content", hooks=True)
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    docs = root / "content"
    copy_hand_written(docs)
    write_photos(corpus, docs)
    series = root / "series"
    for speaker in corpus.speakers:
        _write(series / "speakers" / f"{speaker.slug}.md", speaker_file(speaker))
    for year in corpus.years:
        _write(series / str(year.year) / "theme.yml", theme_file(year))
        for session in year.sessions:
            _write(series / str(year.year) / "sessions" / f"{session.slug}.md", session_file(session))
    if git:
        commit_history(root, corpus)
    return config_file


def session_source(root: Path, session: SessionData) -> Path:
    return root / "series" / str(session.year) / "sessions" / f"{session.slug}.md"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def commit_history(root: Path, corpus: Corpus) -> int:
    """A git history as editors make it: a start, then each year's theme and each session in its own commit.

    Written with one `git fast-import` (hundreds of commits in well under a
    second). Commit times run forward: the project's start on 1 January of
    the first year, a year's theme on 1 June, a session 60 days before it
    takes place. Returns the number of commits; 0 without git (timestamps
    then fall back, and the project is still valid).
    """
    session_files = {session_source(root, s).relative_to(root).as_posix(): s for s in corpus.sessions}
    theme_files = {f"series/{y.year}/theme.yml": y for y in corpus.years}
    first = datetime(corpus.years[0].year, 1, 1, 12)
    steps: list[tuple[datetime, str, list[str]]] = [(first, "Projekt angelegt", sorted(
        path.relative_to(root).as_posix() for path in root.rglob("*")
        if path.is_file() and ".git" not in path.parts
        and path.relative_to(root).as_posix() not in session_files | theme_files))]
    for year in corpus.years:
        steps.append((datetime(year.year, 6, 1, 12), f"Thema {year.year}", [f"series/{year.year}/theme.yml"]))
        steps += [(session.start - timedelta(days=60), f"Veranstaltung {session.slug}",
                   [session_source(root, session).relative_to(root).as_posix()]) for session in year.sessions]
    steps.sort(key=lambda step: step[0])
    stream = io.BytesIO()
    for number, (when, message, paths) in enumerate(steps, start=1):
        stamp = f"{int(when.replace(tzinfo=timezone.utc).timestamp())} +0000"
        text = message.encode("utf-8")
        stream.write(f"commit refs/heads/main\nmark :{number}\nauthor Bench <bench@example.org> {stamp}\n"
                     f"committer Bench <bench@example.org> {stamp}\ndata {len(text)}\n".encode() + text + b"\n")
        if number > 1:
            stream.write(f"from :{number - 1}\n".encode())
        for path in paths:
            data = (root / path).read_bytes()
            stream.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode("utf-8") + data + b"\n")
        stream.write(b"\n")
    env = GIT_ENV | {"PATH": _path()}
    try:
        subprocess.run(["git", "init", "-q"], cwd=root, env=env, check=True, capture_output=True)
        subprocess.run(["git", "fast-import", "--quiet"], cwd=root, env=env, check=True, capture_output=True,
                       input=stream.getvalue())
        subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=root, env=env, check=True,
                       capture_output=True)
        subprocess.run(["git", "reset", "-q"], cwd=root, env=env, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(root / ".git", ignore_errors=True)
        return 0
    return len(steps)


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")
