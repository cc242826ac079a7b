"""The granskare's audit export."""

from datetime import datetime

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.domain.errors import IncompleteAuditPeriod
from functions.staff.http import act, json_response
from functions.staff.use_cases.audit_export import export_audit

router = Router()


@router.get("/api/staff/audit")
def audit_export() -> Response:
    parameters = router.current_event.query_string_parameters or {}
    try:
        start = datetime.fromisoformat(parameters["from"])
        end = datetime.fromisoformat(parameters["to"])
        staff_id = parameters["staffId"].strip()
    except (KeyError, ValueError) as error:
        raise IncompleteAuditPeriod() from error
    if not staff_id or start.tzinfo is None or end.tzinfo is None:
        raise IncompleteAuditPeriod()
    return json_response(200, {"entries": act(router.current_event, export_audit, staff_id, start, end)})
