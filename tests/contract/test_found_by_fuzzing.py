"""What fuzzing the contract found, each kept as a test of its own."""

import pytest
import requests


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01T00:00:00+14:00", "2026-02-01T00:00:00+01:00"),  # before the first UTC instant
        ("2026-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00"),  # after the last one
    ],
)
def test_an_audit_period_beyond_what_a_time_zone_can_hold_is_refused_not_a_failure(local_stack, start, end):
    token = local_stack.sign_in(local_stack.demo_users["granskare"])
    answer = requests.get(
        f"{local_stack.base_url}/api/staff/audit",
        params={"staffId": "demo-mottagning", "from": start, "to": end},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 400, answer.text
    assert "from och to" in answer.json()["message"]
