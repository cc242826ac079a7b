"""The granskare's audit export: by staff member (staffId) or by report (referenceNumber), over a period
(from, to: ISO times with their offset), a page at a time (cursor)."""

from datetime import UTC, datetime

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.domain.errors import IncompleteAuditPeriod
from functions.shared.contract import query, staff_operation
from functions.staff.answers import AuditExportPage
from functions.staff.http import act, json_response
from functions.staff.use_cases.audit_export import export_audit

router = Router()
_INSTANT = {"type": "string", "format": "date-time"}


def _instant(parameters: dict, name: str) -> datetime | None:
    """An ISO time with its offset that UTC can hold (0001-01-01T00:00+14:00 is before UTC's first instant)."""
    try:
        value = datetime.fromisoformat(parameters[name])
        if value.tzinfo is None:
            return None
        value.astimezone(UTC)
    except (KeyError, ValueError, OverflowError):
        return None
    return value


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
    start, end = _instant(parameters, "from"), _instant(parameters, "to")
    if (staff_id is None) == (reference_number is None) or start is None or end is None:
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
