"""What the use cases about a person share: reading the report with that person's facts, moving a
waiting lifecycle on once a fact is recorded, and what an approved decision prepares: the återkoppling (after
the last person's) and the person's hand-off to the case system."""

import json

from functions.domain.decisions import person_of
from functions.domain.handoff import prepared
from functions.domain.lifecycle import PersonFacts, ReportFacts
from functions.domain.reporter_feedback import prepare_feedback
from functions.lifecycle.resume import PHASE_EVENT_WAITS, advance
from functions.shared.messaging import SYSTEM_ACTOR
from functions.shared.observability import logger
from functions.staff.acting import Act
from functions.stores.audit import AuditEntry
from functions.stores.lifecycle import facts_of
from functions.stores.reports import iso


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


def feedback_on_decision(
    act: Act, item: dict, number: int, decision: dict
) -> tuple[dict | None, dict | None]:
    """The feedback this approval prepares, and its timeline entry ("Oro prepared feedback"), or (None,
    None): prepared only when this was the last person's decision and the reporter asked for it."""
    if item.get("feedback"):
        return None, None
    persons = {key: dict(value) for key, value in (item.get("persons") or {}).items()}
    persons[str(number)] = {**persons.get(str(number), {}), "decision": decision}
    prepared = prepare_feedback(json.loads(item["content"]), persons)
    if prepared is None:
        return None, None
    now = act.services.now()
    entry = AuditEntry(
        at=now,
        staff_id=SYSTEM_ACTOR,
        roles=[],
        action="feedback_prepared",
        report_id=item["reportId"],
        reference_number=item.get("referenceNumber"),
        detail={"persons": sorted(prepared.outcomes, key=int)},
    )
    return prepared.record(iso(now)), act.services.audit.put_request(entry)


def handoff_on_decision(act: Act, item: dict, number: int) -> tuple[dict, dict]:
    """The person's hand-off to the case system this approval prepares, and its timeline entry ("Oro prepared
    the hand-off"): made in the decision's own transaction, so no approved decision is left without one."""
    now = act.services.now()
    entry = AuditEntry(
        at=now,
        staff_id=SYSTEM_ACTOR,
        roles=[],
        action="handoff_prepared",
        report_id=item["reportId"],
        reference_number=item.get("referenceNumber"),
        detail={"person": number},
    )
    return prepared(now, act.services.municipality), act.services.audit.put_request(entry)


def ask_for_handoff(act: Act, report_id: str) -> None:
    """Asks the dispatcher to deliver the report's prepared hand-offs now; its schedule delivers them anyway,
    so a failed request only waits for it."""
    if act.services.handoff_dispatch is None:
        return
    try:
        act.services.handoff_dispatch(report_id)
    except Exception:  # noqa: BLE001 - the decision stands; the schedule delivers within a minute
        logger.warning("hand-off dispatch not requested", extra={"report_id": report_id})
