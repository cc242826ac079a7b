"""A hand-off the case system has not acknowledged in time (functions/domain/handoff.py): the case worker
prints the person's document, registers it in the case system by hand and records that here, with the case id
they got, so the intake team is no longer alerted and a late acknowledgement is refused."""

from functions.domain.access import Permission
from functions.domain.errors import Refused
from functions.domain.handoff import HandoffStatus, check_registrable, handoff_id
from functions.shared.observability import logger
from functions.staff.acting import Act, staff_use_case
from functions.staff.use_cases.common import person_in
from functions.staff.views import person_record
from functions.stores.handoffs import HandoffStore
from functions.stores.reports import iso

HANDOFF_CHANGED = (
    "Överlämningen har ändrats medan du läste den (verksamhetssystemet kan ha kvitterat). Läs anmälan igen."
)


@staff_use_case(Permission.REGISTER_HANDOFF_MANUALLY, "register_handoff_manually")
def register_handoff_manually(act: Act, report_id: str, number: int, case_id: str) -> str:
    item, _, _ = person_in(act, report_id, number)
    handoff = person_record(item, number).get("handoff")
    services = act.services
    status = check_registrable(handoff, services.now())
    registered = {
        **(handoff or {}),
        "status": HandoffStatus.REGISTERED_MANUALLY.value,
        "registeredAt": iso(services.now()),
        "registeredBy": act.staff.staff_id,
        "caseId": case_id,
    }
    store = HandoffStore(services.reports_table, services.dynamodb)
    if not store.change(
        item, number, registered, {status}, services.municipality.office_hours, act.put(item, number)
    ):
        raise Refused(HANDOFF_CHANGED)
    _remove_document(services, handoff_id(report_id, number))
    return "handoff_registered_manually"


def _remove_document(services, identifier: str) -> None:
    """The case system has the case now (by hand): the document leaves the bucket; if S3 refuses, its 30-day
    expiry removes it."""
    if services.handoff_documents is None:
        return
    try:
        services.handoff_documents.remove_document(identifier)
    except Exception as error:  # noqa: BLE001 - the registration stands
        logger.warning(
            "hand-off document not removed", extra={"handoff_id": identifier, "error": type(error).__name__}
        )
