"""A person's clocks after the skyddsbedömning: extending the 14-day limit (exceptional reasons), and the
investigation's 4-month limit, extended (special reasons) or ended by closing the investigation with its
result; and the follow-up of measures after it. Each extension is kept with its reason, who and when."""

from datetime import date, datetime

from functions.domain.access import Permission
from functions.domain.deadlines import investigation_deadline, preliminary_assessment_deadline
from functions.domain.decisions import (
    check_decision_deadline_extension,
    check_extension,
    check_open_investigation,
)
from functions.domain.errors import Refused
from functions.domain.follow_up import FollowUpOutcome, InvestigationResult, recorded, started
from functions.domain.persons import clock_rules
from functions.staff.acting import Act, staff_use_case
from functions.staff.use_cases.common import person_in, resume
from functions.staff.views import person_record
from functions.stores.follow_ups import FollowUpStore
from functions.stores.reports import iso


@staff_use_case(Permission.EXTEND_DECISION_DEADLINE, "extend_decision_deadline")
def extend_decision_deadline(act: Act, report_id: str, number: int, extended_to: date, reason: str) -> str:
    item, _, person = person_in(act, report_id, number)
    check_decision_deadline_extension(person)
    services, now = act.services, act.services.now()
    rules, zone = clock_rules(person.rule, services.municipality), services.municipality.office_hours.timezone
    received_at = datetime.fromisoformat(item["receivedAt"])
    ordinary = preliminary_assessment_deadline(received_at, rules, zone)
    current = preliminary_assessment_deadline(received_at, rules, zone, person.decision_due_extended_to)
    check_extension(
        ordinary.due_at.date(), current.due_at.date(), extended_to, rules.decision_extension_at_most
    )
    extension = {
        "to": extended_to.isoformat(),
        "reason": reason,
        "staffId": act.staff.staff_id,
        "at": iso(now),
    }
    services.lifecycle.record_decision_deadline_extension(
        report_id,
        number,
        extension,
        preliminary_assessment_deadline(received_at, rules, zone, extended_to),
        audit=act.put(item, number),
    )
    resume(act, report_id)
    return "decision_deadline_extended"


@staff_use_case(Permission.MANAGE_INVESTIGATION, "extend_investigation")
def extend_investigation(act: Act, report_id: str, number: int, extended_to: date, reason: str) -> str:
    item, _, person = person_in(act, report_id, number)
    check_open_investigation(person)
    assert person.decided_at is not None  # an open investigation was decided
    services, now = act.services, act.services.now()
    rules, zone = clock_rules(person.rule, services.municipality), services.municipality.office_hours.timezone
    ordinary = investigation_deadline(person.decided_at, rules, zone)
    current = investigation_deadline(person.decided_at, rules, zone, person.investigation_extended_to)
    check_extension(
        ordinary.due_at.date(), current.due_at.date(), extended_to, rules.investigation_extension_at_most
    )
    investigation = dict(person_record(item, number).get("investigation") or {})
    extension = {
        "to": extended_to.isoformat(),
        "reason": reason,
        "staffId": act.staff.staff_id,
        "at": iso(now),
    }
    investigation.update(
        {
            "extendedTo": extended_to.isoformat(),
            "extensions": [*investigation.get("extensions", []), extension],
        }
    )
    services.lifecycle.record_investigation(
        report_id,
        number,
        investigation,
        investigation_deadline(person.decided_at, rules, zone, extended_to),
        audit=act.put(item, number),
    )
    resume(act, report_id)
    return "investigation_extended"


@staff_use_case(Permission.MANAGE_INVESTIGATION, "close_investigation")
def close_investigation(act: Act, report_id: str, number: int, result: InvestigationResult) -> str:
    """The investigation ends with its result, which stops its 4-month clock. With measures, their
    follow-up starts in the same write (functions/domain/follow_up.py): no state machine waits for it."""
    item, _, person = person_in(act, report_id, number)
    check_open_investigation(person)
    services, now = act.services, act.services.now()
    investigation = dict(person_record(item, number).get("investigation") or {})
    investigation.update({"closedAt": iso(now), "closedBy": act.staff.staff_id, "result": result.value})
    if result is InvestigationResult.MEASURES:
        municipality = services.municipality
        follow_up = started(now, municipality.follow_up, municipality.office_hours.timezone)
        if not _follow_up_store(services).change(
            item, number, follow_up, act.put(item, number), person_fields={"investigation": investigation}
        ):
            raise Refused(FOLLOW_UP_CHANGED)
    else:
        services.lifecycle.record_investigation(
            report_id, number, investigation, None, audit=act.put(item, number)
        )
    resume(act, report_id)
    return "investigation_closed"


@staff_use_case(Permission.MANAGE_INVESTIGATION, "record_follow_up")
def record_follow_up(act: Act, report_id: str, number: int, outcome: FollowUpOutcome, note: str) -> str:
    """A follow-up of measures made (the next is due an interval later), or the follow-up ended: the need has
    ended, or the case system follows the case up from now on."""
    item, _, _ = person_in(act, report_id, number)
    services = act.services
    follow_up = recorded(
        person_record(item, number).get("followUp"),
        outcome,
        note,
        act.staff.staff_id,
        services.now(),
        services.municipality.office_hours.timezone,
    )
    if not _follow_up_store(services).change(item, number, follow_up, act.put(item, number)):
        raise Refused(FOLLOW_UP_CHANGED)
    return "follow_up_recorded"


FOLLOW_UP_CHANGED = "Uppföljningen har ändrats medan du läste anmälan. Läs den igen."


def _follow_up_store(services) -> FollowUpStore:
    municipality = services.municipality
    return FollowUpStore(
        services.reports_table, services.dynamodb, municipality.follow_up, municipality.office_hours
    )
