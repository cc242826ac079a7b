"""Registering a report that came by phone, letter, fax, e-mail or in person, dated when it really arrived:
the same intake as the web form's, so it gets the same checks, reference number, clocks and lifecycle."""

import json
import uuid
from datetime import datetime

from functions.domain.access import Permission
from functions.domain.errors import InvalidReport
from functions.domain.report import Channel, check_registration
from functions.intake.logic import receive_report
from functions.staff.acting import Act, staff_use_case
from functions.stores.reports import iso


@staff_use_case(Permission.REGISTER_REPORT, "register_report")
def register_report(act: Act, report: dict, channel: Channel, received_at: datetime) -> dict:
    services = act.services
    check_registration(channel, received_at, services.now())
    try:
        result = receive_report(
            json.dumps(report, ensure_ascii=False),
            municipality=services.municipality,
            store=services.reports,
            lifecycle=services.starter,
            now=services.now,
            new_report_id=lambda: str(uuid.uuid4()),
            channel=channel,
            received_at=received_at,
        )
    except InvalidReport as invalid:
        raise invalid.within("report") from invalid
    act.log(result.report_id, result.receipt.reference_number)
    return {
        "reportId": result.report_id,
        "referenceNumber": result.receipt.reference_number,
        "receivedAt": iso(received_at),
        "created": result.created,
    }
