"""Acknowledging a report's escalation: someone has it in hand, so the escalation chain stops."""

from functions.domain.access import Permission
from functions.lifecycle.resume import ACKNOWLEDGEMENT_WAITS
from functions.staff.acting import Act, staff_use_case
from functions.staff.use_cases.common import resume
from functions.stores.reports import iso


@staff_use_case(Permission.ACKNOWLEDGE_ESCALATION, "acknowledge_escalation")
def acknowledge_escalation(act: Act, report_id: str) -> str:
    services = act.services
    item = services.lifecycle.report_item(report_id)
    acknowledgement = {"staffId": act.staff.staff_id, "at": iso(services.now())}
    services.lifecycle.record_fact(
        report_id, "lastAcknowledgement", acknowledgement, once=False, audit=act.put(item)
    )
    resume(act, report_id, ACKNOWLEDGEMENT_WAITS)
    return "acknowledged"
