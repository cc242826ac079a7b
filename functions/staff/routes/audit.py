"""The granskare's audit export: by staff member (staffId) or by report (referenceNumber), over a period
(from, to: ISO times with their offset), a page at a time (cursor)."""

from datetime import datetime

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.domain.errors import IncompleteAuditPeriod
from functions.shared.contract import query, staff_operation
from functions.staff.answers import AuditExportPage
from functions.staff.http import act, json_response
from functions.staff.use_cases.audit_export import export_audit

router = Router()
_INSTANT = {"type": "string", "format": "date-time"}


@router.get(
    "/api/staff/audit",
    **staff_operation(
        export_audit,
        200,
        (400, 404),
        answer=AuditExportPage,
        summary="Loggutdrag för granskning",
        query=(
            query("staffId", "Vems poster (eller referenceNumber)"),
            query("referenceNumber", "Vilken anmälans poster (eller staffId)"),
            query("from", "Periodens början, ISO-tid med tidszon", _INSTANT, required=True),
            query("to", "Periodens slut, ISO-tid med tidszon", _INSTANT, required=True),
            query("cursor", "Nästa sida, som föregående svar gav den"),
        ),
    ),
)
def audit_export() -> Response[str]:
    parameters = router.current_event.query_string_parameters or {}
    staff_id = (parameters.get("staffId") or "").strip() or None
    reference_number = (parameters.get("referenceNumber") or "").strip().upper() or None
    try:
        start = datetime.fromisoformat(parameters["from"])
        end = datetime.fromisoformat(parameters["to"])
    except (KeyError, ValueError) as error:
        raise IncompleteAuditPeriod() from error
    if (staff_id is None) == (reference_number is None) or start.tzinfo is None or end.tzinfo is None:
        raise IncompleteAuditPeriod()
    answer = act(
        router.current_event,
        export_audit,
        start,
        end,
        staff_id=staff_id,
        reference_number=reference_number,
        cursor=parameters.get("cursor") or None,
    )
    return json_response(200, answer)
