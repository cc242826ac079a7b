"""The law's clocks, from the time a report is received (docs/legal-rules.md, "Time limits").

- Skyddsbedömning: received + 24 hours of elapsed time (the project's hard limit, seed 003).
- Förhandsbedömning: the decision whether to open an investigation falls "within 14 days of receipt".
  The day of receipt is day 0 and the limit is the end of the 14th calendar day after it, in the
  municipality's time zone: a report received Tuesday 24 November 10:15 must be decided by Tuesday
  8 December 23:59:59. Weekends and holidays count. Lag (1930:173) om beräkning av lagstadgad tid, 2 §:
  when the last day of a time limit falls on a Saturday, a Sunday or other public holiday, midsommarafton,
  julafton or nyårsafton, the act may still be done on the next day that is none of these (a limit ending
  on julafton 2026, a Thursday, moves past juldagen, annandag jul and the Sunday to Monday 28 December).
  Whether that moves the authority's own limit is unclear
  (docs/legal-rules.md, "Where the sources are uncertain"), so the shifted date is shown as
  information only (`weekday_shift_information`) and the limit itself does not move. The days come from
  the `holidays` package: Sweden's public holidays and its de facto holidays, which are exactly those three
  eves.
- Utredning: 4 months from the decision to open it, to the same date of the month (1930:173 § 1), clamped
  at the end of a shorter month (31 October → 28 or 29 February), ending at 23:59:59 that day; it can be
  extended, with a recorded reason, to a later date.
"""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from pydantic import BaseModel, ConfigDict

from functions.domain.municipality import Deadlines

_END_OF_DAY = time(23, 59, 59)


class Deadline(BaseModel):
    model_config = ConfigDict(frozen=True)

    due_at: datetime
    remind_at: datetime
    # Information only: where lag 1930:173 would move a limit that ends on a weekend, holiday or one of
    # midsommarafton, julafton and nyårsafton.
    shifted_by_1930_173_to: date | None = None


def _end_of_day(day: date, timezone: str) -> datetime:
    return datetime.combine(day, _END_OF_DAY, tzinfo=ZoneInfo(timezone))


def add_months(day: date, months: int) -> date:
    """Same date `months` later, clamped at the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _no_last_day(year: int) -> holidays.HolidayBase:
    """The days 1930:173 2 § moves a last day from, besides Saturdays and Sundays: the public holidays and
    midsommarafton, julafton and nyårsafton (Sweden's de facto holidays in the `holidays` package)."""
    return holidays.country_holidays(
        "SE", years=[year, year + 1], categories=(holidays.PUBLIC, holidays.DE_FACTO)
    )


def weekday_shift_information(day: date) -> date | None:
    """Where lag (1930:173) 2 § moves a limit whose last day is `day`: the next day that is not a Saturday,
    Sunday, public holiday, midsommarafton, julafton or nyårsafton. None when `day` is none of them."""
    no_last_day = _no_last_day(day.year)
    shifted = day
    while shifted.weekday() >= 5 or shifted in no_last_day:
        shifted += timedelta(days=1)
    return shifted if shifted != day else None


def protection_assessment_deadline(received_at: datetime, rules: Deadlines) -> Deadline:
    due = received_at + rules.protection_assessment
    return Deadline(due_at=due, remind_at=due - rules.protection_assessment_reminder_before)


def preliminary_assessment_deadline(
    received_at: datetime, rules: Deadlines, timezone: str, extended_to: date | None = None
) -> Deadline:
    """14 days from receipt, or the later day staff extended it to for exceptional reasons."""
    last_day = extended_to or received_at.astimezone(ZoneInfo(timezone)).date() + timedelta(
        days=rules.preliminary_assessment_days
    )
    due = _end_of_day(last_day, timezone)
    return Deadline(
        due_at=due,
        remind_at=due - rules.preliminary_assessment_reminder_before,
        shifted_by_1930_173_to=None if extended_to else weekday_shift_information(last_day),
    )


def investigation_deadline(
    decided_at: datetime, rules: Deadlines, timezone: str, extended_to: date | None = None
) -> Deadline:
    last_day = extended_to or add_months(
        decided_at.astimezone(ZoneInfo(timezone)).date(), rules.investigation_months
    )
    due = _end_of_day(last_day, timezone)
    return Deadline(due_at=due, remind_at=due - rules.investigation_reminder_before)


def purge_date(decided_at: datetime, years: int, timezone: str) -> date:
    """Gallring: the retention period runs from the decision not to open an investigation."""
    decided = decided_at.astimezone(ZoneInfo(timezone)).date()
    return add_months(decided, 12 * years)
