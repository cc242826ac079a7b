"""The legal limits a lifecycle step found missed, as a metric per limit and municipality (no report, no
person: the alarm tells operators and managers that a limit passed; the dashboard tells staff which)."""

from functions.domain.lifecycle import Plan
from functions.shared import names
from functions.shared.observability import count


def count_missed_limits(result: Plan, municipality_id: str) -> None:
    for missed in result.missed:
        count(
            names.LEGAL_LIMITS_MISSED_METRIC,
            missed.persons,
            # The service is named, so the checkpoint and the staff API (staff events) feed one series.
            {"service": "lifecycle", "limit": missed.limit.value, "municipality": municipality_id},
        )
