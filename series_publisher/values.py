"""Single values as editors type them: text, addresses, times, dates, durations.

Each parser takes the value as typed (the YAML loader keeps it as text, see
`sources._TextLoader`) and returns it parsed, or raises a ValueError whose
German message echoes the value and shows the form to write. The content
model (model.py) and `build.py new` (scaffold.py) use the same parsers.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

DATETIME_FORMAT_HINT = "Format „JJJJ-MM-TT HH:MM“, z. B. 2021-10-05 14:00"


class Invalid(ValueError):
    """A value the model refuses, with a hint how to fix it (validation.py shows both)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def parse_text(value: Any) -> str:
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


def parse_url(value: Any) -> str:
    """An http(s) or mailto URL: no javascript:, data: or relative links."""
    text = parse_text(value)
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


HAS_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}[:.]\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def parse_local_datetime(value: Any, zone: ZoneInfo) -> datetime:
    """`2021-10-05 14:00` (also `9:00`) in the series' zone, or ISO 8601 with an offset, converted into it."""
    text = parse_text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"„{text}“ ist ein Datum ohne Uhrzeit; {DATETIME_FORMAT_HINT}")
    if not HAS_TIME.match(text):
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
    text = parse_text(value)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if match and int(match[1]) <= 23 and int(match[2]) <= 59:
        return time(int(match[1]), int(match[2]))
    meant = re.fullmatch(r"(\d{1,2})[.:h]?(\d{2})(?:\s*Uhr)?", text)
    example = f"{int(meant[1]):02d}:{meant[2]}" if meant and int(meant[1]) <= 23 and int(meant[2]) <= 59 else "16:30"
    raise ValueError(f"„{text}“ ist keine Uhrzeit; Format „HH:MM“ mit Doppelpunkt, z. B. {example}")


def _german_datetime(text: str) -> str | None:
    """`26.09.2028 14:00` (as written in German) → the form meant, `2028-09-26 14:00`; None for other text."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?", text)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    return f"Format „JJJJ-MM-TT HH:MM“: {year}-{int(month):02d}-{int(day):02d} {int(hour):02d}:{minute}"


def parse_date(value: Any) -> date:
    text = parse_text(value)
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
    text = parse_text(value)
    match = re.fullmatch(r"(?:(\d+):)?([0-5]?\d):([0-5]\d)", text)
    if not match:
        raise ValueError(f"„{text}“ ist keine Dauer; Format „H:MM:SS“, z. B. 1:52:00")
    hours, minutes, seconds = int(match[1] or 0), int(match[2]), int(match[3])
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)
