"""GET /api/office-hours on the local stack: what the form's first screen says about the intake unit's hours."""

from datetime import UTC, datetime

import requests

from functions.domain.office_hours import office_status


def _as_answered(status, timezone: str) -> dict:
    def minutes(value):
        return value.isoformat(timespec="minutes") if value else None

    return {
        "openNow": status.open_now,
        "closesAt": minutes(status.closes_at),
        "nextOpensAt": minutes(status.next_opens_at),
        "timezone": timezone,
    }


def test_the_form_learns_whether_the_intake_unit_reads_reports_now_and_when_it_next_opens(local_stack):
    hours = local_stack.municipality.office_hours
    before = _as_answered(office_status(hours, datetime.now(UTC)), hours.timezone)

    response = requests.get(f"{local_stack.base_url}/api/office-hours", timeout=30)

    after = _as_answered(office_status(hours, datetime.now(UTC)), hours.timezone)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json() in (
        before,
        after,
    )  # the calendar's answer for this moment, in the municipality's zone
    assert response.json()["nextOpensAt"].endswith(("+01:00", "+02:00"))
