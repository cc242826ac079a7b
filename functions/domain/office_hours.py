"""The business calendar: is the intake unit's office open? Weekly hours, lunch, holidays, the early-closing
days before them and the municipality's own closed days.

Holidays come from the `holidays` package: public holidays and the de facto closed days (Midsommarafton,
Julafton, Nyårsafton) close the office; its `bank` category's half days ("från kl. 14.00") close it early
at the municipality's `closes_day_before_holiday` time. Times are in the municipality's zone, summer time
included.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from functions.domain.municipality import WEEKDAYS, OfficeHours
from functions.domain.public_settings import OfficeHoursNow

_LOOKAHEAD_DAYS = 21


@lru_cache(maxsize=16)
def _closed_days(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("SE", years=year, categories=("public", "de_facto"))


@lru_cache(maxsize=16)
def _early_closing_days(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("SE", years=year, categories=("bank",))


def open_intervals(hours: OfficeHours, day: date) -> list[tuple[datetime, datetime]]:
    """The office's open spans on one calendar day, as aware datetimes in the municipality's zone."""
    weekday = WEEKDAYS[day.weekday()]
    if weekday not in hours.weekly or day in _closed_days(day.year) or day in hours.closed_dates:
        return []
    opens, closes = hours.weekly[weekday].opens, hours.weekly[weekday].closes
    if hours.closes_day_before_holiday and day in _early_closing_days(day.year):
        closes = min(closes, hours.closes_day_before_holiday)
    spans: list[tuple[time, time]] = [(opens, closes)]
    if hours.lunch:
        spans = [
            part
            for start, end in spans
            for part in ((start, min(end, hours.lunch.opens)), (max(start, hours.lunch.closes), end))
            if part[0] < part[1]
        ]
    zone = ZoneInfo(hours.timezone)
    return [
        (datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone))
        for start, end in spans
    ]


def is_open(hours: OfficeHours, instant: datetime) -> bool:
    local = instant.astimezone(ZoneInfo(hours.timezone))
    return any(start <= local < end for start, end in open_intervals(hours, local.date()))


def next_opening(hours: OfficeHours, instant: datetime, lookahead_days: int = _LOOKAHEAD_DAYS) -> datetime:
    """The first moment at or after `instant` when the office is open (within `lookahead_days`)."""
    local = instant.astimezone(ZoneInfo(hours.timezone))
    for offset in range(lookahead_days):
        for start, end in open_intervals(hours, local.date() + timedelta(days=offset)):
            if local < end:
                return max(start, local)
    raise ValueError(f"the office does not open within {lookahead_days} days of {instant.isoformat()}")


@dataclass(frozen=True)
class OfficeStatus:
    """Whether the intake unit reads reports now, and when that changes: instants in the municipality's zone."""

    open_now: bool
    closes_at: datetime | None  # while open: the end of this span (lunch closes it too)
    next_opens_at: (
        datetime | None
    )  # the next opening after now, or after closes_at; None beyond the lookahead


def office_status(hours: OfficeHours, instant: datetime) -> OfficeStatus:
    local = instant.astimezone(ZoneInfo(hours.timezone))
    current = next(
        ((start, end) for start, end in open_intervals(hours, local.date()) if start <= local < end), None
    )
    after = current[1] if current else local
    try:
        opens = next_opening(hours, after)
    except ValueError:
        opens = None
    return OfficeStatus(
        open_now=current is not None, closes_at=current[1] if current else None, next_opens_at=opens
    )


def office_hours_now(hours: OfficeHours, instant: datetime) -> OfficeHoursNow:
    """GET /api/office-hours's answer at `instant`."""
    status = office_status(hours, instant)
    return OfficeHoursNow(
        open_now=status.open_now,
        closes_at=status.closes_at,
        next_opens_at=status.next_opens_at,
        timezone=hours.timezone,
    )


def office_time_between(hours: OfficeHours, start: datetime, end: datetime) -> timedelta:
    """How much of [start, end) the office is open."""
    if end <= start:
        return timedelta(0)
    zone = ZoneInfo(hours.timezone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    total = timedelta(0)
    day = local_start.date()
    while day <= local_end.date():
        for opens, closes in open_intervals(hours, day):
            overlap = min(closes, local_end) - max(opens, local_start)
            if overlap > timedelta(0):
                total += overlap
        day += timedelta(days=1)
    return total
