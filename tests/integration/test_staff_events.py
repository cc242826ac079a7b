"""Bad staff actions get a clear refusal in Swedish and change nothing; only the staff API changes a report
on a person's behalf, each write with its audit entry."""

import uuid
from datetime import UTC, datetime

from tests.integration.helpers import MOTIVATION, store_for, store_report_received_at


def test_bad_or_impossible_staff_actions_are_refused_and_change_nothing(local_stack):
    report = store_report_received_at(
        local_stack, datetime.now(UTC), f"2026-{uuid.uuid4().hex[:3].upper()}-XYZ"
    )
    before = store_for(local_stack).find_report_item(report.report_id)

    missing = local_stack.staff_event({"action": "propose_decision", "reportId": report.report_id})
    assert missing["status"] == 422
    assert any(problem["field"] == "outcome" for problem in missing["errors"])

    no_version = local_stack.staff_event({"action": "approve_decision", "reportId": report.report_id})
    assert no_version["status"] == 422
    assert any(problem["field"] == "version" for problem in no_version["errors"])

    hidden = local_stack.staff_event(
        {
            "action": "extend_investigation",
            "reportId": report.report_id,
            "extendedTo": "2027-06-30",
            "reason": "dolt \u202e text som ser ut att vara annat",
        }
    )
    assert hidden["status"] == 422 and "styrtecken" in hidden["errors"][0]["message"]

    too_short = local_stack.staff_event(
        {
            "action": "extend_investigation",
            "reportId": report.report_id,
            "extendedTo": "2027-06-30",
            "reason": "Polis",
        }
    )
    assert too_short["status"] == 422 and too_short["errors"][0]["field"] == "reason"

    no_investigation = local_stack.staff_event(
        {"action": "close_investigation", "reportId": report.report_id, "result": "no_measures"}
    )
    assert no_investigation == {
        "ok": False,
        "status": 409,
        "message": "Ingen utredning har inletts för den här personen.",
        "errors": [],
    }

    # The report names one person: there is no second one to act on.
    nobody = local_stack.staff_event(
        {
            "action": "record_protection_assessment",
            "reportId": report.report_id,
            "person": 2,
            "immediateProtectionNeeded": False,
            "motivation": MOTIVATION,
        }
    )
    assert nobody == {
        "ok": False,
        "status": 404,
        "message": "Anmälan har ingen person med det numret.",
        "errors": [],
    }

    unwritten = local_stack.staff_event(
        {
            "action": "record_protection_assessment",
            "reportId": report.report_id,
            "immediateProtectionNeeded": False,
            "motivation": "  ok  ",
        }
    )
    assert unwritten["status"] == 422 and unwritten["errors"][0]["field"] == "motivation"

    no_protection_needed = local_stack.staff_event(
        {
            "action": "record_protection_measures",
            "reportId": report.report_id,
            "note": "Barnet placerat hos mormor i natt.",
        }
    )
    assert no_protection_needed["ok"] is False and no_protection_needed["status"] == 409

    nowhere = local_stack.staff_event({"action": "acknowledge_escalation", "reportId": str(uuid.uuid4())})
    assert nowhere == {"ok": False, "status": 404, "message": "Anmälan finns inte.", "errors": []}

    assert store_for(local_stack).find_report_item(report.report_id) == before
