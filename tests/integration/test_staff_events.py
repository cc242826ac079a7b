"""Bad staff events get a clear refusal in Swedish and change nothing."""

import uuid
from datetime import UTC, datetime

from tests.integration.helpers import store_for, store_report_received_at


def test_unknown_actions_missing_fields_and_unknown_reports_are_refused(local_stack):
    report = store_report_received_at(
        local_stack, datetime.now(UTC), f"2026-{uuid.uuid4().hex[:3].upper()}-XYZ"
    )
    before = store_for(local_stack).find_report_item(report.report_id)

    unknown = local_stack.staff_event(
        {"action": "delete_everything", "reportId": report.report_id, "staffId": "x"}
    )
    assert unknown["ok"] is False and unknown["status"] == 422

    missing = local_stack.staff_event(
        {"action": "record_decision", "reportId": report.report_id, "staffId": "x"}
    )
    assert missing["status"] == 422
    assert any(problem["field"] == "outcome" for problem in missing["errors"])

    hidden = local_stack.staff_event(
        {
            "action": "extend_investigation",
            "reportId": report.report_id,
            "staffId": "x",
            "extendedTo": "2027-06-30",
            "reason": "dolt \u202e text",
        }
    )
    assert hidden["status"] == 422 and "styrtecken" in hidden["errors"][0]["message"]

    no_investigation = local_stack.staff_event(
        {"action": "close_investigation", "reportId": report.report_id, "staffId": "x"}
    )
    assert no_investigation == {
        "ok": False,
        "status": 409,
        "message": "Ingen utredning har inletts för den här anmälan.",
    }

    nowhere = local_stack.staff_event(
        {"action": "acknowledge_escalation", "reportId": str(uuid.uuid4()), "staffId": "x"}
    )
    assert nowhere == {"ok": False, "status": 404, "message": "Anmälan finns inte."}

    assert store_for(local_stack).find_report_item(report.report_id) == before
