"""After the investigation: its result, and the follow-up of measures (uppföljning).

An investigation ends with its result: no measures, or measures. Measures are followed up at least every
`interval_months` (the municipality's; six by the law's minimum) until the case worker records that the need
has ended or that the case has moved to the case system's own follow-up. Each follow-up made moves the next
due day on from the day it was made.

Follow-ups run for years, and a Step Functions execution lives at most one year: so no state machine waits
for them. The report carries its next check time in the sparse `follow-up-check` index, and a scheduled
function (functions/follow_up/) reminds whoever follows the case up: `remind_days_before` the due day, and
when the day has passed, again every week while nothing is recorded; each when the office is open. Each reminder is recorded on the
follow-up so that it is sent once."""

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from functions.domain.deadlines import add_months
from functions.domain.errors import Refused
from functions.domain.municipality import FollowUpSettings, OfficeHours
from functions.domain.office_hours import next_opening

OVERDUE_AGAIN_AFTER = timedelta(days=7)
_A_YEAR = 366  # days to look for the office's next opening: a reminder is never lost to a long closure


class InvestigationResult(StrEnum):
    NO_MEASURES = "no_measures"
    MEASURES = "measures"


class FollowUpOutcome(StrEnum):
    FOLLOWED_UP = "followed_up"  # the measures were followed up: the next follow-up is due an interval later
    NEED_ENDED = "need_ended"  # the need for measures has ended: no more follow-ups
    MOVED_TO_CASE_SYSTEM = "moved_to_case_system"  # followed up in the case system from now on


RESULT_WORDS = {InvestigationResult.NO_MEASURES: "Inga insatser", InvestigationResult.MEASURES: "Insatser"}
OUTCOME_WORDS = {
    FollowUpOutcome.FOLLOWED_UP: "Uppföljningen är gjord",
    FollowUpOutcome.NEED_ENDED: "Behovet av insatser har upphört",
    FollowUpOutcome.MOVED_TO_CASE_SYSTEM: "Följs upp i verksamhetssystemet",
}


class Due(StrEnum):
    UPCOMING = "upcoming"  # the due day is near
    OVERDUE = "overdue"  # the due day has passed and nothing is recorded


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def started(closed_at: datetime, settings: FollowUpSettings, timezone: str) -> dict:
    """A new follow-up of measures, as stored on the person (`followUp`)."""
    closed_on = closed_at.astimezone(ZoneInfo(timezone)).date()
    return {
        "status": "active",
        "intervalMonths": settings.interval_months,
        "startedAt": _iso(closed_at),
        "nextDueOn": add_months(closed_on, settings.interval_months).isoformat(),
        "followUps": [],
    }


def _due_on(follow_up: dict) -> date:
    return date.fromisoformat(follow_up["nextDueOn"])


def remind_at(follow_up: dict, settings: FollowUpSettings, hours: OfficeHours) -> datetime:
    """`remind_days_before` the due day, when the office opens that day or next."""
    day = _due_on(follow_up) - timedelta(days=settings.remind_days_before)
    return next_opening(hours, datetime.combine(day, time(0), tzinfo=ZoneInfo(hours.timezone)), _A_YEAR)


def overdue_at(follow_up: dict, hours: OfficeHours) -> datetime:
    """The due day has passed: when the office opens after it (the alert reaches people at work)."""
    after = datetime.combine(_due_on(follow_up) + timedelta(days=1), time(0), tzinfo=ZoneInfo(hours.timezone))
    return next_opening(hours, after, _A_YEAR)


def is_overdue(follow_up: dict, now: datetime, timezone: str) -> bool:
    """The due day has passed (at midnight, the municipality's time) with the follow-up still active."""
    passed = datetime.combine(_due_on(follow_up) + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone))
    return follow_up.get("status") == "active" and now >= passed


def next_check(follow_up: dict | None, settings: FollowUpSettings, hours: OfficeHours) -> datetime | None:
    """When the scheduled check must next look at this follow-up; None once it has ended."""
    if not follow_up or follow_up.get("status") != "active":
        return None
    if follow_up.get("remindedFor") != follow_up["nextDueOn"]:
        return remind_at(follow_up, settings, hours)
    late = overdue_at(follow_up, hours)
    alerted = follow_up.get("overdueAlertedAt")
    if not alerted or datetime.fromisoformat(alerted) < late:
        return late
    return datetime.fromisoformat(alerted) + OVERDUE_AGAIN_AFTER


def due(follow_up: dict | None, now: datetime, settings: FollowUpSettings, hours: OfficeHours) -> Due | None:
    """What the check sends now: the reminder before the due day, or the alert that it has passed."""
    moment = next_check(follow_up, settings, hours)
    if follow_up is None or moment is None or now < moment:
        return None
    return Due.OVERDUE if now >= overdue_at(follow_up, hours) else Due.UPCOMING


def reminded(follow_up: dict, kind: Due, now: datetime) -> dict:
    """The follow-up with the reminder just sent recorded, so it is not sent again."""
    if kind is Due.OVERDUE:
        return {**follow_up, "remindedFor": follow_up["nextDueOn"], "overdueAlertedAt": _iso(now)}
    return {**follow_up, "remindedFor": follow_up["nextDueOn"]}


def recorded(
    follow_up: dict | None, outcome: FollowUpOutcome, note: str, staff_id: str, now: datetime, timezone: str
) -> dict:
    """The follow-up after the case worker recorded `outcome`: the next one due an interval after today, or
    ended."""
    if not follow_up or follow_up.get("status") != "active":
        raise Refused("Det finns ingen pågående uppföljning av insatser för den här personen.")
    entry = {"outcome": outcome.value, "note": note, "at": _iso(now), "by": staff_id}
    history = [*follow_up.get("followUps", []), entry]
    if outcome is FollowUpOutcome.FOLLOWED_UP:
        today = now.astimezone(ZoneInfo(timezone)).date()
        following = add_months(today, int(follow_up["intervalMonths"])).isoformat()
        kept = {
            key: value for key, value in follow_up.items() if key not in ("remindedFor", "overdueAlertedAt")
        }
        return {**kept, "nextDueOn": following, "followUps": history}
    return {
        **follow_up,
        "status": "ended",
        "endedAt": _iso(now),
        "endedBy": staff_id,
        "endedHow": outcome.value,
        "followUps": history,
    }
