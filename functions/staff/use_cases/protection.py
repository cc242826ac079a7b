"""The skyddsbedömning for each person, and what was done when a person needed protection at once."""

from functions.domain.access import Permission
from functions.domain.decisions import check_protection_measures
from functions.domain.routing import route_for_work
from functions.staff.acting import Act, staff_use_case
from functions.staff.use_cases.common import person_in, resume
from functions.stores.reports import iso


@staff_use_case(Permission.RECORD_PROTECTION_ASSESSMENT, "record_protection_assessment")
def record_protection_assessment(
    act: Act, report_id: str, number: int, immediate_protection_needed: bool, motivation: str
) -> str:
    item, facts, person = person_in(act, report_id, number)
    services, now = act.services, act.services.now()
    others_waiting = any(
        other.protection_assessed_at is None for other in facts.persons if other.number != person.number
    )
    services.lifecycle.record_protection_assessment(
        report_id,
        number,
        {
            "recordedAt": iso(now),
            "recordedBy": act.staff.staff_id,
            "immediateProtectionNeeded": immediate_protection_needed,
            "motivation": motivation,
        },
        # With every person assessed, the decisions whether to investigate are the intake team's: they hold
        # the report now.
        holder=None
        if others_waiting
        else route_for_work("decision", services.municipality.office_hours, now),
        audit=act.put(item, number),
    )
    resume(act, report_id)
    return "protection_assessment_recorded"


@staff_use_case(Permission.RECORD_PROTECTION_ASSESSMENT, "record_protection_measures")
def record_protection_measures(act: Act, report_id: str, number: int, note: str) -> str:
    """A note: whoever may assess may write it; the lifecycle waits for nothing here."""
    item, _, person = person_in(act, report_id, number)
    check_protection_measures(person)
    measures = {"note": note, "staffId": act.staff.staff_id, "at": iso(act.services.now())}
    act.services.lifecycle.record_protection_measures(
        report_id, number, measures, audit=act.put(item, number)
    )
    return "protection_measures_recorded"
