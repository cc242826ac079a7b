"""Who is told about a new report, and why, in words the dashboard can show."""

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from functions.domain.municipality import OfficeHours
from functions.domain.office_hours import is_open, next_opening

_WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


class Route(StrEnum):
    INTAKE_TEAM = "intake_team"
    SOCIALJOUR = "socialjour"


class RoutingDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    route: Route
    reason: str
    decided_at: datetime


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


def local_time_text(instant: datetime, timezone: str) -> str:
    """'onsdag 25 november 2026 kl. 13.06': how staff read a time in messages."""
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{_WEEKDAY_NAMES[local.weekday()]} {local.day} {_MONTH_NAMES[local.month - 1]} {local.year} kl. {local:%H.%M}"


def _spoken(instant: datetime, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    return f"{_WEEKDAY_NAMES[local.weekday()]} {local:%Y-%m-%d %H:%M}"


def route_new_report(hours: OfficeHours, received_at: datetime, now: datetime) -> RoutingDecision:
    """Within office hours the intake team is e-mailed; outside them socialjouren gets SMS and e-mail."""
    zone = ZoneInfo(hours.timezone)
    received = _spoken(received_at, zone)
    if is_open(hours, received_at):
        return RoutingDecision(
            route=Route.INTAKE_TEAM,
            reason=f"Inkom {received}, inom kontorstid: mottagningen meddelas.",
            decided_at=now,
        )
    opens = _spoken(next_opening(hours, received_at), zone)
    return RoutingDecision(
        route=Route.SOCIALJOUR,
        reason=f"Inkom {received}, utanför kontorstid (kontoret öppnar {opens}): socialjouren meddelas.",
        decided_at=now,
    )
