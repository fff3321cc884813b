"""The content model: what editors may write in theme.yml and front matter.

Each pydantic model is the schema of one kind of file (and generates its JSON
Schema for editor completion). Unknown keys are forbidden: a typo such as
`speaker:` must never be silently ignored. Values arrive as the editor typed
them, as text (see `sources._TextLoader`) and are parsed here with German messages;
local date-times are made aware in the series' time zone, which the loader
passes in the validation context as `tz`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints, Tag,
                      ValidationInfo, WithJsonSchema)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
DATETIME_FORMAT_HINT = "Format „JJJJ-MM-TT HH:MM“, z. B. 2021-10-05 14:00"

Perspective = Literal["academia", "practice"]
Status = Literal["confirmed", "tentative", "cancelled"]
Sector = Literal["academia", "administration", "civil-society"]


class _Strict(BaseModel):
    """Frozen, and no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- value parsers


def _text(value: Any) -> str:
    """A non-empty single value; numbers are accepted as their text."""
    if isinstance(value, bool) or value is None:
        raise ValueError("Text erwartet")
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("Text erwartet, keine Liste oder Gruppe")
    if not value.strip():
        raise ValueError("darf nicht leer sein")
    return value.strip()


def _url(value: Any) -> str:
    """An http(s) or mailto URL: no javascript:, data: or relative links."""
    text = _text(value)
    parts = urlsplit(text)
    if not parts.scheme and re.match(r"www\.[^\s/]+\.[^\s/]+", text):
        raise ValueError(f"„{text}“ ist keine vollständige Adresse; mit https:// davor: https://{text}")
    if parts.scheme not in ("http", "https", "mailto"):
        raise ValueError(f"„{text}“ ist keine erlaubte Adresse (nur https://…, http://… oder mailto:…)")
    if parts.scheme != "mailto" and not parts.hostname:
        raise ValueError(f"„{text}“ hat keinen Servernamen, z. B. https://www.example.org/anmeldung")
    if any(ch.isspace() for ch in text):
        raise ValueError(f"„{text}“ enthält Leerzeichen")
    return text


def series_zone(info: ValidationInfo) -> ZoneInfo:
    return (info.context or {}).get("tz") or ZoneInfo("Europe/Berlin")


_HAS_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}[:.]\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def parse_local_datetime(value: Any, zone: ZoneInfo) -> datetime:
    """`2021-10-05 14:00` (also `9:00`) in the series' zone, or ISO 8601 with an offset, converted into it."""
    text = _text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"„{text}“ ist ein Datum ohne Uhrzeit; {DATETIME_FORMAT_HINT}")
    if not _HAS_TIME.match(text):
        raise ValueError(f"„{text}“ ist kein Zeitpunkt; {_german_datetime(text) or DATETIME_FORMAT_HINT}")
    match = _DATETIME.fullmatch(text)
    if not match:
        dotted = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2})\.(\d{2})", text)
        hint = f"Uhrzeit mit Doppelpunkt: {dotted[1]} {int(dotted[2]):02d}:{dotted[3]}" if dotted else DATETIME_FORMAT_HINT
        raise ValueError(f"„{text}“ ist kein Zeitpunkt; {hint}")
    day, hour, minute = match[1], int(match[2]), int(match[3])
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"„{text}“: den Tag {day} gibt es nicht; {DATETIME_FORMAT_HINT}") from None
    if hour > 23 or minute > 59:
        raise ValueError(f"„{text}“: die Uhrzeit {match[2]}:{match[3]} gibt es nicht (00:00 bis 23:59)")
    parsed = datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}{match[4] or ''}{match[5] or ''}")
    _plausible_year(parsed.year, text)
    if parsed.tzinfo is None:
        return localize(parsed, zone, text)
    return parsed.astimezone(zone)


def _german_datetime(text: str) -> str | None:
    """`26.09.2028 14:00` (as written in German) → „gemeint ist wohl 2028-09-26 14:00“, or None."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?", text)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    return f"Format „JJJJ-MM-TT HH:MM“: {year}-{int(month):02d}-{int(day):02d} {int(hour):02d}:{minute}"


YEARS = (1970, 2199)
"""The years a date may fall in. Calendars, time zones and the feed cannot
describe the years 1 or 9999 (they overflow by a day), and no series runs then."""


def _plausible_year(year: int, text: str) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"„{text}“ liegt nicht zwischen {YEARS[0]} und {YEARS[1]}; Jahreszahl prüfen")


def _instant(naive: datetime, zone: ZoneInfo, fold: int) -> str:
    """'02:30 (UTC+02:00)': a wall time read with one of the two offsets around a clock change."""
    aware = naive.replace(tzinfo=zone, fold=fold)
    offset = aware.strftime("%z")
    return f"{aware.astimezone(ZoneInfo('UTC')):%H:%M} UTC (mit {offset[:3]}:{offset[3:]})"


def localize(naive: datetime, zone: ZoneInfo, text: str) -> datetime:
    """Attach the zone, refusing wall times that do not exist (spring gap) or happen twice (autumn fold).

    Both name the two instants the editor may have meant, so the fix (an
    explicit offset) is a choice, not a guess.
    """
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    first, second = _instant(naive, zone, 0), _instant(naive, zone, 1)
    stamp = f"{naive:%Y-%m-%d %H:%M}"
    if round_trip.replace(tzinfo=None) != naive:
        raise ValueError(f"„{text}“ gibt es in {zone.key} nicht (die Uhren werden umgestellt); gemeint ist "
                         f"{first} oder {second} — eine andere Uhrzeit wählen oder mit Zeitverschiebung "
                         f"schreiben, z. B. {stamp}{aware.strftime('%z')[:3]}:00")
    if naive.replace(tzinfo=zone, fold=1).utcoffset() != aware.utcoffset():
        raise ValueError(f"„{text}“ gibt es in {zone.key} zweimal (die Uhren werden zurückgestellt): "
                         f"{first} oder {second} — mit Zeitverschiebung schreiben, "
                         f"z. B. {stamp}{aware.strftime('%z')[:3]}:00")
    return aware


def parse_time_of_day(value: Any) -> time:
    """`16:30` or `9:00`; nothing else (`1630`, `16.30` and `16 Uhr` get a message that echoes them)."""
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if match and int(match[1]) <= 23 and int(match[2]) <= 59:
        return time(int(match[1]), int(match[2]))
    meant = re.fullmatch(r"(\d{1,2})[.:h]?(\d{2})(?:\s*Uhr)?", text)
    example = f"{int(meant[1]):02d}:{meant[2]}" if meant and int(meant[1]) <= 23 and int(meant[2]) <= 59 else "16:30"
    raise ValueError(f"„{text}“ ist keine Uhrzeit; Format „HH:MM“ mit Doppelpunkt, z. B. {example}")


def parse_date(value: Any) -> date:
    text = _text(value)
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        example = f"{german[3]}-{int(german[2]):02d}-{int(german[1]):02d}" if german else "z. B. 2021-09-30"
        raise ValueError(f"„{text}“ ist kein Datum; Format „JJJJ-MM-TT“: {example}") from None
    _plausible_year(parsed.year, text)
    return parsed


def parse_duration(value: Any) -> timedelta:
    """`1:52:00` or `52:00` (hours, minutes, seconds), as typed."""
    text = _text(value)
    match = re.fullmatch(r"(?:(\d+):)?([0-5]?\d):([0-5]\d)", text)
    if not match:
        raise ValueError(f"„{text}“ ist keine Dauer; Format „H:MM:SS“, z. B. 1:52:00")
    hours, minutes, seconds = int(match[1] or 0), int(match[2]), int(match[3])
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _one_or_more(value: Any) -> Any:
    """`rescheduled_from: 2028-10-10 14:00` means the list of that one start."""
    return [value] if isinstance(value, (str, datetime)) else value


def _local_datetime(value: Any, info: ValidationInfo) -> datetime:
    return parse_local_datetime(value, series_zone(info))


def _end(value: Any, info: ValidationInfo) -> time | datetime:
    if isinstance(value, str) and _HAS_TIME.match(value.strip()):
        return parse_local_datetime(value, series_zone(info))
    return parse_time_of_day(value)


def _zone(value: Any) -> str:
    text = _text(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"„{text}“ ist keine bekannte Zeitzone, z. B. Europe/Berlin") from None
    return text


_DATETIME_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}", "examples": ["2021-10-05 14:00"]}

Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Url = Annotated[str, BeforeValidator(_url), WithJsonSchema({"type": "string", "pattern": "^(https?://|mailto:)"})]
LocalDateTime = Annotated[datetime, BeforeValidator(_local_datetime), WithJsonSchema(_DATETIME_SCHEMA)]
EndTime = Annotated[
    Any,
    BeforeValidator(_end),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}.*)$",
                    "examples": ["16:30", "2021-10-05 16:30"]}),
]
Day = Annotated[date, BeforeValidator(parse_date), WithJsonSchema({"type": "string", "format": "date"})]
Duration = Annotated[timedelta, BeforeValidator(parse_duration),
                     WithJsonSchema({"type": "string", "pattern": r"^(\d+:)?\d{1,2}:\d{2}$",
                                     "examples": ["1:52:00"]})]
MAX_SLUG_LENGTH = 100
"""Characters a short name (file name, alias) may have: it becomes folder and
file names on the site (`<slug>.ics`), and file systems stop at 255 bytes."""
# The constraints stand before the validator, so pydantic reports `string_too_long` (German in content.py).
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_SLUG_LENGTH), BeforeValidator(_text),
               WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG_LENGTH})]
SpeakerRef = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
"""A speaker's slug; checked against the speaker files by the schedule, which can say „meinten Sie …“."""
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN),
                     WithJsonSchema({"type": "string", "pattern": LANGUAGE_PATTERN, "examples": ["de", "en"]})]
"""A language tag as HTML's `lang` takes it: de, en, tr, de-CH."""
ZoneName = Annotated[str, BeforeValidator(_zone), WithJsonSchema({"type": "string", "examples": ["Europe/Berlin"]})]


# ---------------------------------------------------------------- theme.yml


class Registration(_Strict):
    """Registration for the whole series."""

    url: Url
    """Where participants register (https or mailto)."""
    deadline: Day | None = None
    """Last day to register; after it the site says registration is closed."""


class Theme(_Strict):
    """`series/<year>/theme.yml`: the year's theme."""

    title: Text
    subtitle: Text | None = None
    summary: Text
    """Markdown, shown on the year page and the home page."""
    registration: Registration | None = None
    capacity: Annotated[int, Field(gt=0)] | None = None
    """Participant limit, shown on the year page."""
    timezone: ZoneName | None = None
    """Overrides the series' time zone for this year."""


# ---------------------------------------------------------------- sessions

VIDEO_HOSTS = {
    "youtube": ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"),
    "vimeo": ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
}
MEDIA_SUFFIXES = {".mp4": "video", ".webm": "video", ".mp3": "audio"}


def video_host(url: str) -> str | None:
    """'youtube', 'vimeo' or None for an URL."""
    host = (urlsplit(url).hostname or "").lower()
    return next((name for name, hosts in VIDEO_HOSTS.items() if host in hosts), None)


def _recording_url(value: Any) -> str:
    """A YouTube or Vimeo address, or a media file under content/ (checked against the files later)."""
    text = _text(value)
    scheme = urlsplit(text).scheme
    if scheme in ("http", "https"):
        _url(text)
        if video_host(text) is None:
            raise ValueError(f"„{text}“: Aufzeichnungen nur von YouTube, Vimeo oder als Datei unter content/ (mp4, webm, mp3)")
        return text
    if scheme or text.startswith("/") or ".." in text.split("/"):
        raise ValueError(f"„{text}“ ist weder eine YouTube-/Vimeo-Adresse noch ein Pfad unter content/")
    if not any(text.lower().endswith(suffix) for suffix in MEDIA_SUFFIXES):
        raise ValueError(f"„{text}“: eigene Aufzeichnungen als .mp4, .webm oder .mp3")
    return text


def _content_path(value: Any) -> str:
    text = _text(value)
    if urlsplit(text).scheme or text.startswith("/") or ".." in text.split("/"):
        raise ValueError(f"„{text}“ ist kein Pfad unter content/, z. B. materials/2021/folien.pdf")
    return text


ContentPath = Annotated[str, BeforeValidator(_content_path), WithJsonSchema({"type": "string"})]
RecordingUrl = Annotated[str, BeforeValidator(_recording_url), WithJsonSchema({"type": "string"})]


class Recording(_Strict):
    """A published recording."""

    url: RecordingUrl
    captions: ContentPath | None = None
    """WebVTT file under content/, for self-hosted video."""
    duration: Duration | None = None
    published: Day | None = None

    @property
    def host(self) -> str | None:
        return video_host(self.url)

    @property
    def media_kind(self) -> str | None:
        """'video' or 'audio' for a self-hosted file."""
        suffix = "." + self.url.rsplit(".", 1)[-1].lower()
        return None if self.host else MEDIA_SUFFIXES.get(suffix)


RecordingState = Literal["planned", "none"]


class Material(_Strict):
    """A download: a file under content/ or a link."""

    title: Text
    file: ContentPath | None = None
    url: Url | None = None

    def model_post_init(self, __context: Any) -> None:
        if (self.file is None) == (self.url is None):
            raise ValueError("genau eines von „file“ oder „url“ angeben")


def _recording_kind(value: Any) -> str:
    return "state" if isinstance(value, str) else "published"


RecordingField = Annotated[
    Annotated[Recording, Tag("published")] | Annotated[RecordingState, Tag("state")],
    Discriminator(_recording_kind),
]


class SessionFrontMatter(_Strict):
    """`series/<year>/sessions/<slug>.md`: one session's front matter."""

    title: Text
    start: LocalDateTime
    """Local time in the series' zone, or ISO 8601 with offset."""
    end: EndTime
    """`16:30` (same day) or a full date-time."""
    speakers: list[SpeakerRef] = []
    perspective: Perspective | None = None
    status: Status = "confirmed"
    cancel_reason: Text | None = None
    """Why a cancelled session does not take place: on its page and in the calendars' description."""
    rescheduled_from: Annotated[list[LocalDateTime], BeforeValidator(_one_or_more), WithJsonSchema(
        {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})] = []
    """One earlier start, or a list of them."""
    registration: Url | None = None
    location: Text | None = None
    booked_out: bool = False
    id: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    """Pins the calendar UID, so a renamed file keeps it."""
    aliases: list[Slug] = []
    """Earlier slugs of this session; their URLs redirect here."""
    recording: RecordingField | None = None
    """A published recording, or `planned` / `none`."""
    materials: list[Material] = []
    language: Language | None = None
    """Language of title and abstract, where it differs from the series' (e.g. `en`)."""


# ---------------------------------------------------------------- speakers


class SpeakerFrontMatter(_Strict):
    """`series/speakers/<slug>.md`: one speaker's front matter."""

    name: Text
    """With academic title, e.g. „Prof. Dr. Lea Hartmann“."""
    role: Text | None = None
    organisation: Text | None = None
    sector: Sector | None = None
    photo: ContentPath | None = None
    """Image under content/, e.g. images/speakers/lea-hartmann.jpg."""
    website: Url | None = None
    language: Language | None = None
    """Language of the bio, where it differs from the series' (e.g. `en`)."""


FILE_MODELS: dict[str, type[BaseModel]] = {
    "theme": Theme,
    "session": SessionFrontMatter,
    "speaker": SpeakerFrontMatter,
}
