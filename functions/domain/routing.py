"""Who is told about a report at a checkpoint (receipt, reminder, deadline), and why, in words the
dashboard can show.

- The intake team when the office is open and enough office time remains before the deadline.
- Förste socialsekreterare when the office is open but too little office time remains.
- Socialjouren when the office is closed and the reporter marked acute danger, or violence against a
  child is reported, or the 24-hour limit falls before the next opening plus a margin.
- Otherwise the intake team, who read it when the office opens, before the limit.

A report that concerns only adults goes to the adult unit that serves them (their targets are the
municipality's own); outside office hours socialjouren is alerted only when the reporter marked acute danger.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from functions.domain.municipality import AdultUnit, Deadlines, OfficeHours
from functions.domain.office_hours import is_open, next_opening, office_time_between

_WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
_MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


class Route(StrEnum):
    INTAKE_TEAM = "intake_team"
    FIRST_SOCIAL_SECRETARY = "first_social_secretary"
    SOCIALJOUR = "socialjour"
    ADULT_UNIT = "adult_unit"


class RoutingFacts(BaseModel):
    """What routing may know of a report: flags, never content."""

    model_config = ConfigDict(frozen=True)

    acute_danger: bool
    violence_against_child: bool


class RoutingDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    route: Route
    reason: str
    decided_at: datetime


def local_time_text(instant: datetime, timezone: str) -> str:
    """'onsdag 25 november 2026 kl. 13.06': how staff read a time in messages."""
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{_WEEKDAY_NAMES[local.weekday()]} {local.day} {_MONTH_NAMES[local.month - 1]} {local.year} kl. {local:%H.%M}"


def day_text(day: date) -> str:
    """A day as staff read it: "fredag 4 december 2026"."""
    return f"{_WEEKDAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _short(instant: datetime, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    return f"{_WEEKDAY_NAMES[local.weekday()]} {local:%H:%M}"


def _minutes(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


# Who holds a report while staff work on it, once the first alert is answered: the lifecycle's phase, or a
# proposal awaiting its second reader.
_WORK = {
    "decision": (
        Route.INTAKE_TEAM,
        "Skyddsbedömningen är gjord {at}; beslutet om utredning är mottagningens: mottagningen har anmälan.",
    ),
    "review": (
        Route.FIRST_SOCIAL_SECRETARY,
        "Förslag till beslut lämnat {at}; förste socialsekreteraren granskar det.",
    ),
    "returned": (Route.INTAKE_TEAM, "Förslaget returnerades {at}; mottagningen har anmälan."),
    "investigation": (
        Route.FIRST_SOCIAL_SECRETARY,
        "Utredning inledd {at}; förste socialsekreteraren följer den.",
    ),
    "decided": (
        Route.INTAKE_TEAM,
        "Beslut fattat {at}: ingen utredning inleds. Det finns inget mer att göra med anmälan i Oro.",
    ),
}


def route_for_work(work: str, hours: OfficeHours, at: datetime) -> RoutingDecision:
    """Who holds the report now that staff moved it on (`work`: decision, review, returned, investigation,
    decided)."""
    route, reason = _WORK[work]
    return RoutingDecision(
        route=route, reason=reason.format(at=_short(at, ZoneInfo(hours.timezone))), decided_at=at
    )


def route_at_checkpoint(
    hours: OfficeHours,
    rules: Deadlines,
    facts: RoutingFacts,
    *,
    at: datetime,
    deadline: datetime,
    event: str,
    urgent_deadline: bool,
    unit: AdultUnit | None = None,
) -> RoutingDecision:
    """`event` is how the reason starts ("Inkom", "Påminnelse"); `urgent_deadline` is true for the 24-hour
    skyddsbedömning, the one limit socialjouren can act on outside office hours; `unit` is the adult unit
    whose target this is, when the clocks are an adult's."""
    zone = ZoneInfo(hours.timezone)
    when = f"{event} {_short(at, zone)}"
    if unit is not None:
        return _route_to_adult_unit(hours, facts, unit, at, deadline, when)
    due = f"gränsen {_short(deadline, zone)}"
    if is_open(hours, at):
        remaining = office_time_between(hours, at, deadline)
        if remaining >= rules.minimum_office_time:
            return RoutingDecision(
                route=Route.INTAKE_TEAM,
                reason=f"{when}, kontoret är öppet och hinner före {due}: mottagningen meddelas.",
                decided_at=at,
            )
        return RoutingDecision(
            route=Route.FIRST_SOCIAL_SECRETARY,
            reason=f"{when}, kontoret är öppet men bara {_minutes(remaining)} kontorstid återstår före {due}: "
            "förste socialsekreteraren meddelas.",
            decided_at=at,
        )
    opens = next_opening(hours, at)
    opening = f"kontoret öppnar {_short(opens, zone)}"
    if urgent_deadline:
        grounds = []
        if facts.acute_danger:
            grounds.append("anmälaren anger akut fara")
        if facts.violence_against_child:
            grounds.append("våld mot barn anges")
        if opens + rules.socialjour_margin > deadline:
            grounds.append(f"{opening}, efter 24-timmarsgränsen")
        if grounds:
            return RoutingDecision(
                route=Route.SOCIALJOUR,
                reason=f"{when}, utanför kontorstid; {'; '.join(grounds)}: socialjouren meddelas.",
                decided_at=at,
            )
    return RoutingDecision(
        route=Route.INTAKE_TEAM,
        reason=f"{when}, utanför kontorstid; {opening}, före {due}: mottagningen meddelas.",
        decided_at=at,
    )


def _route_to_adult_unit(
    hours: OfficeHours, facts: RoutingFacts, unit: AdultUnit, at: datetime, deadline: datetime, when: str
) -> RoutingDecision:
    zone = ZoneInfo(hours.timezone)
    target = f"kommunens mål {_short(deadline, zone)}"
    if is_open(hours, at):
        return RoutingDecision(
            route=Route.ADULT_UNIT,
            reason=f"{when}, anmälan gäller vuxen: {unit.name} meddelas ({target}).",
            decided_at=at,
        )
    opening = f"kontoret öppnar {_short(next_opening(hours, at), zone)}"
    if facts.acute_danger:
        return RoutingDecision(
            route=Route.SOCIALJOUR,
            reason=f"{when}, utanför kontorstid; anmälaren anger akut fara: socialjouren meddelas.",
            decided_at=at,
        )
    return RoutingDecision(
        route=Route.ADULT_UNIT,
        reason=f"{when}, utanför kontorstid; anmälan gäller vuxen: {unit.name} läser den när {opening} "
        f"({target}).",
        decided_at=at,
    )
