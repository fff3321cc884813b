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
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints, Tag,
                      ValidationInfo, WithJsonSchema)

from .values import (HAS_TIME, Invalid, localize, parse_date, parse_duration, parse_local_datetime, parse_text,
                     parse_time_of_day, parse_url)

SLUG_FORM = r"[a-z0-9]+(?:-[a-z0-9]+)*"
"""A short name (file name, alias): lower-case letters and digits, single hyphens between them."""
SLUG_PATTERN = rf"^{SLUG_FORM}$"
YEAR_FORM = r"\d{4}"
"""A year folder's name, and the year in a site path."""
YEAR_PATTERN = rf"^{YEAR_FORM}$"
SESSION_FILE = re.compile(rf"(?:.*/)?({YEAR_FORM})/sessions/({SLUG_FORM})\.md")
"""A session file's path (relative to the project or series/): its year and slug."""
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

Perspective = Literal["academia", "practice"]
Status = Literal["confirmed", "tentative", "cancelled"]
Sector = Literal["academia", "administration", "civil-society"]


def uid_key(year: int | str, slug: str) -> str:
    """The calendar identity of a session without a pinned `id`: '2021-auftakt'."""
    return f"{year}-{slug}"


def free_uid(year: int | str, slug: str, taken: set[str]) -> str:
    """The first of '2021-auftakt', '2021-auftakt-2', … that no session uses yet."""
    key, counter = uid_key(year, slug), 2
    while key in taken:
        key, counter = f"{uid_key(year, slug)}-{counter}", counter + 1
    return key


class _Strict(BaseModel):
    """Frozen, and no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def context_zone(context: dict[str, Any] | None) -> ZoneInfo:
    """The year's zone, which the loader hands in as `tz`; Europe/Berlin when validated without one."""
    return (context or {}).get("tz") or ZoneInfo("Europe/Berlin")


def series_zone(info: ValidationInfo) -> ZoneInfo:
    return context_zone(info.context)


def _one_or_more(value: Any) -> Any:
    """`rescheduled_from: 2028-10-10 14:00` means the list of that one start."""
    return [value] if isinstance(value, (str, datetime)) else value


def _local_datetime(value: Any, info: ValidationInfo) -> datetime:
    return parse_local_datetime(value, series_zone(info))


MAX_DURATION = timedelta(hours=24)
"""The longest a session may last: a longer one is a typo in a date."""


def _end(value: Any, info: ValidationInfo) -> time | datetime:
    """The end as a full instant: `16:30` is that time on the start's day; after the start, within 24 hours.

    Checked here, against the start already validated (`info.data`), so the
    message keeps the line of `end:`. Without a valid start, the start's own
    error is the one to show, and the end is only parsed.
    """
    zone, start = series_zone(info), info.data.get("start")
    if isinstance(value, str) and HAS_TIME.match(value.strip()):
        end = parse_local_datetime(value, zone)
    else:
        clock = parse_time_of_day(value)
        if start is None:
            return clock
        # a clock time on the day of a clock change may not exist, or exist twice
        end = localize(datetime.combine(start.date(), clock), zone, f"{start:%Y-%m-%d} {parse_text(value)}")
    if start is None:
        return end
    if end <= start:
        raise Invalid(f"„{parse_text(value)}“: das Ende liegt nicht nach dem Beginn ({start:%Y-%m-%d %H:%M})",
                      "end ist die Uhrzeit des Endes am selben Tag (z. B. 16:30) oder ein vollständiger Zeitpunkt")
    if end - start > MAX_DURATION:
        raise Invalid(f"„{parse_text(value)}“: die Veranstaltung dauert länger als 24 Stunden",
                      "Datum von start und end prüfen")
    return end


def _zone(value: Any) -> str:
    text = parse_text(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"„{text}“ ist keine bekannte Zeitzone, z. B. Europe/Berlin") from None
    return text


_DATETIME_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}", "examples": ["2021-10-05 14:00"]}

Text = Annotated[str, BeforeValidator(parse_text), WithJsonSchema({"type": "string", "minLength": 1})]
Url = Annotated[str, BeforeValidator(parse_url), WithJsonSchema({"type": "string", "pattern": "^(https?://|mailto:)"})]
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
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_SLUG_LENGTH), BeforeValidator(parse_text),
               WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG_LENGTH})]
SpeakerRef = Annotated[str, BeforeValidator(parse_text), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
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
    text = parse_text(value)
    scheme = urlsplit(text).scheme
    if scheme in ("http", "https"):
        parse_url(text)
        if video_host(text) is None:
            raise ValueError(f"„{text}“: Aufzeichnungen nur von YouTube, Vimeo oder als Datei unter content/ (mp4, webm, mp3)")
        return text
    if scheme or text.startswith("/") or ".." in text.split("/"):
        raise ValueError(f"„{text}“ ist weder eine YouTube-/Vimeo-Adresse noch ein Pfad unter content/")
    if not any(text.lower().endswith(suffix) for suffix in MEDIA_SUFFIXES):
        raise ValueError(f"„{text}“: eigene Aufzeichnungen als .mp4, .webm oder .mp3")
    return text


def _content_path(value: Any) -> str:
    text = parse_text(value)
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
    """`16:30` (same day) or a full date-time; after validation always the full instant."""
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

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def is_tentative(self) -> bool:
        return self.status == "tentative"

    @property
    def is_booked_out(self) -> bool:
        """Booked out, and still taking place: a cancelled session is cancelled, not full."""
        return self.booked_out and not self.is_cancelled

    @property
    def published_recording(self) -> Recording | None:
        """The recording, when one is published (not merely `planned`, nor `none`)."""
        return self.recording if isinstance(self.recording, Recording) else None

    @property
    def ics_status(self) -> str:
        """The iCalendar STATUS (RFC 5545 §3.8.1.11) of the session's event."""
        return ICS_STATUS[self.status]

    @property
    def change_key(self) -> tuple[datetime, datetime, str, str]:
        """What subscribers must be told about: start, end (as instants), status and title.

        The history counts a SEQUENCE step, and the feed an entry, when it changes.
        """
        return (self.start.astimezone(timezone.utc), self.end.astimezone(timezone.utc), self.status, self.title)

    @property
    def fallback_sequence(self) -> int:
        """SEQUENCE without git history: reschedules plus cancellation.

        Also the floor with history, so a feed published before history was
        read never sees its SEQUENCE go down.
        """
        return len(self.rescheduled_from) + (1 if self.is_cancelled else 0)


ICS_STATUS: dict[str, str] = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}
"""The iCalendar STATUS of each `status:` value."""


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
