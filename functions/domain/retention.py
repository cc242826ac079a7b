"""Gallring rules: when a closed report is destroyed, and which reports the research sample keeps.

- No investigation: `no_investigation_years` after the decision (the archive decision's period, five
  years in the sources found: docs/legal-rules.md, "Gallring").
- Handed to an investigation: the intake copy `after_handover_months` after the decision to investigate,
  and never before Oro stopped following the investigation (its closing day).
- Research sample: where the archive authority decides so, reports about a person born on one of the
  sample's days of the month are kept (ReportSubmission.birth_days, stored on the report at intake).
"""

from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from functions.domain.deadlines import add_months, purge_date
from functions.domain.municipality import Retention


class PurgeRule(StrEnum):
    NO_INVESTIGATION = "no_investigation"
    HANDED_OVER = "handed_over"


class PurgeSchedule(BaseModel):
    model_config = ConfigDict(frozen=True)

    purge_on: date
    rule: PurgeRule


def purge_schedule(
    decision: str | None,
    decided_at: datetime | None,
    investigation_closed_at: datetime | None,
    retention: Retention,
    timezone: str,
) -> PurgeSchedule | None:
    """When a closed report is purged, and by which rule; None while there is no decision to count from."""
    if decided_at is None:
        return None
    if decision == "no_investigation":
        return PurgeSchedule(
            purge_on=purge_date(decided_at, retention.no_investigation_years, timezone),
            rule=PurgeRule.NO_INVESTIGATION,
        )
    if decision == "investigation" and investigation_closed_at is not None:
        zone = ZoneInfo(timezone)
        after_handover = add_months(decided_at.astimezone(zone).date(), retention.after_handover_months)
        return PurgeSchedule(
            purge_on=max(after_handover, investigation_closed_at.astimezone(zone).date()),
            rule=PurgeRule.HANDED_OVER,
        )
    return None


def kept_for_research(birth_days: list[int], retention: Retention) -> bool:
    sample = retention.research_sample
    return sample.enabled and bool(set(birth_days) & set(sample.birth_days))


def audit_kept_from(today: date, retention: Retention) -> date:
    """The first UTC day of the audit trail still kept: the days before it are past the audit retention."""
    return add_months(today, -12 * retention.audit_retention_years)
