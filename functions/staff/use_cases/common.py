"""What the use cases about a person share: reading the report with that person's facts, and moving a
waiting lifecycle on once a fact is recorded."""

from functions.domain.decisions import person_of
from functions.domain.lifecycle import PersonFacts, ReportFacts
from functions.lifecycle.resume import PHASE_EVENT_WAITS, advance
from functions.staff.acting import Act
from functions.stores.lifecycle import facts_of


def person_in(act: Act, report_id: str, number: int) -> tuple[dict, ReportFacts, PersonFacts]:
    """The report item, its facts and the person's (PersonNotInReport if it names no such person)."""
    item = act.services.lifecycle.report_item(report_id)
    facts = facts_of(item)
    return item, facts, person_of(facts, number)


def resume(act: Act, report_id: str, waits: frozenset[str] = PHASE_EVENT_WAITS) -> None:
    """The fact is recorded (durable, and what every later checkpoint reads): end the lifecycle's wait if it
    changes what comes next."""
    services = act.services
    advance(
        services.lifecycle, services.stepfunctions, services.municipality, report_id, services.now(), waits
    )
