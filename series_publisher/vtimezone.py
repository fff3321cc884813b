"""Compact, Outlook-compatible VTIMEZONE components derived from zoneinfo.

Outlook misreads VTIMEZONEs that list one RDATE per clock change, which is
the form ``icalendar.Calendar.add_missing_timezones`` writes.  Outlook itself
writes one STANDARD and one DAYLIGHT subcomponent, each with a yearly RRULE
("last Sunday of March at 02:00").  This module derives that compact form
from the IANA database instead of hard-coding any zone, and refuses (with
``ValueError``) when the zone's clock changes are not such a yearly rule over
the years the calendar needs.
"""

from __future__ import annotations

import calendar
import functools
import datetime
import zoneinfo
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where the component is built: check_zone runs without icalendar (slow import)
    import icalendar

__all__ = ["check_zone", "vtimezone"]

# Outlook and most producers start the rules in 1970; any year works as long
# as it lies before the first event, so earlier calendars get an earlier year.
_RULE_START_YEAR = 1970
# How far past the latest event the rule must hold.
_HORIZON_YEARS = 20
_UTC = datetime.timezone.utc
_DAY = datetime.timedelta(days=1)
_ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Change:
    """One observed clock change, in local wall time before the change.

    Local wall time before the change is what DTSTART means inside a
    VTIMEZONE observance (it is interpreted with TZOFFSETFROM).
    """

    local: datetime.datetime
    offset_from: datetime.timedelta
    offset_to: datetime.timedelta
    name: str


@dataclass(frozen=True)
class _Rule:
    """A yearly change "the `week`-th `weekday` of `month` at `wall`".

    `week` is 1..4, or -1 for the last such weekday of the month; these are
    the only forms Outlook's own VTIMEZONEs (and Windows time zones) use.
    """

    month: int
    weekday: int  # Monday == 0, as in datetime
    week: int
    wall: datetime.time
    offset_from: datetime.timedelta
    offset_to: datetime.timedelta
    name: str

    def date_in(self, year: int) -> datetime.date:
        """The day this rule fires in `year`, to build a matching DTSTART."""
        days_in_month = calendar.monthrange(year, self.month)[1]
        if self.week == -1:
            last = datetime.date(year, self.month, days_in_month)
            return last - datetime.timedelta((last.weekday() - self.weekday) % 7)
        first = datetime.date(year, self.month, 1)
        first_match = 1 + (self.weekday - first.weekday()) % 7
        return datetime.date(year, self.month, first_match + 7 * (self.week - 1))

    def recur(self) -> icalendar.prop.vRecur:
        """The RRULE Outlook writes, e.g. FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3."""
        from icalendar.prop import vRecur  # slow import: only where calendars are made

        byday = f"{self.week}{_ICAL_WEEKDAYS[self.weekday]}"
        return vRecur(freq="YEARLY", bymonth=self.month, byday=byday)


def vtimezone(
    tzid: str, earliest: datetime.datetime, latest: datetime.datetime | None = None
) -> icalendar.Timezone:
    """A VTIMEZONE for the IANA zone `tzid` in the compact RRULE form Outlook itself writes.

    The rule is read from ``zoneinfo.ZoneInfo(tzid)`` and checked against
    every year from the one containing `earliest` until 20 years past
    `latest` (default: `earliest`), so every event from `earliest` on resolves to the
    same UTC instant as with zoneinfo.  The observances start in 1970 (or the
    year before `earliest`, if that is earlier), i.e. before the first event.

    Raises ``ValueError`` if the zone changed its rules within that span
    (e.g. Europe/Berlin before 1996), or if its changes are not a yearly
    "n-th/last weekday of a month" rule (e.g. Asia/Jerusalem's "Friday on
    or after the 23rd").
    """
    import icalendar  # slow import: only where calendars are made

    # No build clock here: the span depends on the events alone, so the same
    # content always gives the same bytes (or the same error).
    first_year = (earliest - datetime.timedelta(days=1)).year
    last_year = max(earliest.year, (latest or earliest).year) + _HORIZON_YEARS
    start_year = min(_RULE_START_YEAR, earliest.year - 1)
    changes = _changes_between(tzid, first_year, last_year)
    component = icalendar.Timezone()
    component.add("tzid", tzid)
    if not any(changes.values()):
        component.add_component(_fixed_observance(zoneinfo.ZoneInfo(tzid), first_year, start_year))
        return component
    standard, daylight = _derive_rules(tzid, changes)
    component.add_component(_observance(icalendar.TimezoneStandard(), standard, start_year))
    component.add_component(_observance(icalendar.TimezoneDaylight(), daylight, start_year))
    return component


def check_zone(tzid: str, earliest: datetime.datetime, latest: datetime.datetime | None = None) -> None:
    """Raise ``ValueError`` where `vtimezone` would, without building the component (no icalendar import).

    For `check`, which must not wait for icalendar before the pages can be made.
    """
    first_year = (earliest - datetime.timedelta(days=1)).year
    last_year = max(earliest.year, (latest or earliest).year) + _HORIZON_YEARS
    changes = _changes_between(tzid, first_year, last_year)
    if any(changes.values()):
        _derive_rules(tzid, changes)


def _changes_between(tzid: str, first_year: int, last_year: int) -> dict[int, list[_Change]]:
    """The zone's clock changes per year."""
    return {year: _changes_in_year(tzid, year) for year in range(first_year, last_year + 1)}


@functools.lru_cache(maxsize=1024)
def _changes_in_year(tzid: str, year: int) -> list[_Change]:
    """Cached per year: every .ics file asks again, each for its own span of years."""
    return _changes_in(zoneinfo.ZoneInfo(tzid), year)


def _offset_at(zone: zoneinfo.ZoneInfo, instant: datetime.datetime) -> datetime.timedelta:
    """UTC offset of `zone` at the aware UTC `instant`."""
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None  # ZoneInfo always knows its offset
    return offset


def _changes_in(zone: zoneinfo.ZoneInfo, year: int) -> list[_Change]:
    """All UTC-offset changes of `zone` during the UTC year `year`.

    Samples the offset once a day and bisects each day where it differs,
    which finds every change as long as two never fall within one day.
    """
    found = []
    day = datetime.datetime(year, 1, 1, tzinfo=_UTC)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=_UTC)
    offset = _offset_at(zone, day)
    while day < end:
        following = day + _DAY
        offset_after = _offset_at(zone, following)
        if offset != offset_after:
            found.append(_change_at(zone, _bisect(zone, day, following)))
        day, offset = following, offset_after
    return found


def _bisect(
    zone: zoneinfo.ZoneInfo, before: datetime.datetime, after: datetime.datetime
) -> datetime.datetime:
    """The first second in (before, after] with `after`'s offset."""
    target = _offset_at(zone, after)
    while after - before > datetime.timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if _offset_at(zone, middle) == target:
            after = middle
        else:
            before = middle
    return after


def _change_at(zone: zoneinfo.ZoneInfo, instant: datetime.datetime) -> _Change:
    """Describe the change at `instant` the way a VTIMEZONE observance does."""
    offset_from = _offset_at(zone, instant - datetime.timedelta(seconds=1))
    after = instant.astimezone(zone)
    return _Change(
        local=(instant + offset_from).replace(tzinfo=None),
        offset_from=offset_from,
        offset_to=_offset_at(zone, instant),
        name=after.tzname() or "",
    )


def _derive_rules(tzid: str, changes: dict[int, list[_Change]]) -> tuple[_Rule, _Rule]:
    """The (standard, daylight) yearly rules that reproduce every year's changes.

    Daylight time is the observance with the larger offset; this sidesteps
    zones whose tzdata marks winter as "negative DST" (Europe/Dublin), which
    Outlook would not understand anyway.
    """
    for year, found in changes.items():
        if len(found) != 2 or found[0].offset_to != found[1].offset_from:
            raise ValueError(
                f"{tzid}: {len(found)} clock change(s) in {year}, so its rules are not "
                "one yearly switch between standard and daylight time in the span "
                f"{min(changes)}-{max(changes)}; a compact VTIMEZONE cannot express this"
            )
    into_dst = {year: max(found, key=lambda c: c.offset_to) for year, found in changes.items()}
    into_std = {year: min(found, key=lambda c: c.offset_to) for year, found in changes.items()}
    return _common_rule(tzid, into_std), _common_rule(tzid, into_dst)


def _common_rule(tzid: str, changes: dict[int, _Change]) -> _Rule:
    """The one yearly rule matching the same kind of change in every year."""
    shapes = {
        (c.local.month, c.local.weekday(), c.local.time(), c.offset_from, c.offset_to, c.name)
        for c in changes.values()
    }
    if len(shapes) != 1:
        raise ValueError(
            f"{tzid}: its clock changes differ between {min(changes)} and {max(changes)} "
            "(month, weekday, time, offsets or name), so no single yearly RRULE covers "
            "them; choose a later earliest date"
        )
    month, weekday, wall, offset_from, offset_to, name = shapes.pop()
    week = _common_week(tzid, [c.local.date() for c in changes.values()])
    return _Rule(month, weekday, week, wall, offset_from, offset_to, name)


def _common_week(tzid: str, dates: list[datetime.date]) -> int:
    """1..4 if every date is that n-th weekday of its month, else -1 if all are the last.

    The n-th form wins when both fit (e.g. the 4th Sunday of a 28-day
    February is also the last), matching how the rule would be written.
    """
    nths = {(date.day - 1) // 7 + 1 for date in dates}
    if len(nths) == 1 and nths <= {1, 2, 3, 4}:
        return nths.pop()
    if all(date.day + 7 > calendar.monthrange(date.year, date.month)[1] for date in dates):
        return -1
    raise ValueError(
        f"{tzid}: its clock changes fall on days {sorted({d.day for d in dates})}, "
        "which is neither a fixed n-th nor the last weekday of the month; "
        "this cannot be written as RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=.."
    )


def _observance(
    observance: icalendar.TimezoneStandard | icalendar.TimezoneDaylight,
    rule: _Rule,
    start_year: int,
) -> icalendar.TimezoneStandard | icalendar.TimezoneDaylight:
    """Fill a STANDARD/DAYLIGHT subcomponent whose DTSTART is the rule's first onset.

    DTSTART must itself match the RRULE, otherwise some parsers count it as
    an extra, bogus transition.
    """
    observance.add("dtstart", datetime.datetime.combine(rule.date_in(start_year), rule.wall))
    observance.add("tzoffsetfrom", rule.offset_from)
    observance.add("tzoffsetto", rule.offset_to)
    observance.add("tzname", rule.name)
    observance.add("rrule", rule.recur())
    return observance


def _fixed_observance(
    zone: zoneinfo.ZoneInfo, year: int, start_year: int
) -> icalendar.TimezoneStandard:
    """The single STANDARD subcomponent of a zone without clock changes."""
    import icalendar  # slow import: only where calendars are made

    local = datetime.datetime(year, 1, 1, tzinfo=_UTC).astimezone(zone)
    offset = local.utcoffset()
    observance = icalendar.TimezoneStandard()
    observance.add("dtstart", datetime.datetime(start_year, 1, 1))
    observance.add("tzoffsetfrom", offset)
    observance.add("tzoffsetto", offset)
    observance.add("tzname", local.tzname() or "")
    return observance
