"""The lifecycle state machine, executed by moto, routing reports received at chosen times."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from functions.lifecycle.reconciler import reconcile
from functions.stores.reports import iso
from tests.integration.helpers import (
    execution_history_text,
    messages_about,
    personal_data_in,
    starter_for,
    store_for,
    store_report_received_at,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def reference() -> str:
    code = uuid.uuid4().hex.upper().translate(str.maketrans("01", "XY"))
    return f"2026-{code[:3]}-{code[3:6]}"


def run_lifecycle(stack, received_local: str):
    report = store_report_received_at(
        stack, datetime.fromisoformat(received_local).replace(tzinfo=STOCKHOLM), reference()
    )
    assert starter_for(stack).start(report.report_id, report.reference_number, report.received_at).started
    return report, stack.wait_for_execution(report.report_id)


@pytest.mark.parametrize(
    ("received_local", "route"),
    [
        ("2026-11-24 10:00", "intake_team"),  # Tuesday morning
        ("2026-11-27 16:45", "socialjour"),  # Friday after closing
        ("2026-11-28 03:00", "socialjour"),  # Saturday night
        ("2026-06-18 13:30", "intake_team"),  # the day before Midsummer Eve, before early closing
        ("2026-06-18 14:30", "socialjour"),  # ... after it
        ("2026-03-29 01:45", "socialjour"),  # the night the clocks go forward (02:00 → 03:00)
        ("2026-10-25 02:30", "socialjour"),  # the night they go back (this local time happens twice)
    ],
)
def test_lifecycle_routes_by_office_hours_and_tells_the_right_people(local_stack, received_local, route):
    report, execution = run_lifecycle(local_stack, received_local)
    assert execution["status"] == "SUCCEEDED"
    stored = store_for(local_stack).find_report_item(report.report_id)
    assert stored["routing"]["route"] == route
    assert stored["routing"]["reason"].startswith("Inkom ")
    sent = messages_about(local_stack, report.reference_number)
    if route == "intake_team":
        assert sent["sms"] == []
        assert [mail["to"] for mail in sent["emails"]] == [["mottagning@demo.example.se"]]
    else:
        assert [sms["to"] for sms in sent["sms"]] == ["+46701234599"]
        assert [mail["to"] for mail in sent["emails"]] == [["socialjour@demo.example.se"]]
        assert "utanför kontorstid" in sent["sms"][0]["text"]
    for message in sent["sms"] + sent["emails"]:
        assert "Demo kommun" in message["text"]
        assert report.reference_number in message["text"]
    mail = sent["emails"][0]
    local = datetime.fromisoformat(received_local)
    assert f"kl. {local:%H.%M}" in mail["text"]  # staff read the local time of receipt


def test_no_personal_data_reaches_messages_or_the_execution_history(local_stack):
    report, _ = run_lifecycle(local_stack, "2026-11-27 16:45")
    body = report.content.model_dump(mode="json", by_alias=True)
    personal = personal_data_in(body)
    assert "Alva Exempelsson" in personal and "20150315-2389" in personal
    history = execution_history_text(local_stack, report.report_id)
    sent = messages_about(local_stack, report.reference_number)
    texts = [history] + [m["text"] + m.get("subject", "") for m in sent["sms"] + sent["emails"]]
    for value in personal:
        assert all(value not in text for text in texts), value


def test_a_report_whose_lifecycle_could_not_start_is_started_by_the_reconciler(local_stack):
    # Given a report stored while Step Functions was unreachable (a start against a missing state machine)
    received = datetime.now(STOCKHOLM) - timedelta(minutes=10)
    report = store_report_received_at(local_stack, received, reference())
    broken = starter_for(local_stack, local_stack.state_machine_arn + "-missing")
    assert broken.start(report.report_id, report.reference_number, report.received_at).started is False
    assert local_stack.execution_for(report.report_id) is None
    store = store_for(local_stack)
    assert store.find_report_item(report.report_id)["lifecyclePending"] == "PENDING"
    # When the scheduled reconciler runs (the same function the schedule invokes in AWS)
    counts = local_stack.run_reconciler()
    # Then the lifecycle runs and the mark is gone
    assert counts["started"] >= 1
    assert local_stack.wait_for_execution(report.report_id)["status"] == "SUCCEEDED"
    assert "lifecyclePending" not in store.find_report_item(report.report_id)
    assert report.report_id not in {p.report_id for p in store.pending_lifecycles(datetime.now(STOCKHOLM))}


def test_the_reconciler_leaves_fresh_reports_to_their_own_intake_and_never_starts_twice(local_stack):
    store = store_for(local_stack)
    fresh = store_report_received_at(local_stack, datetime.now(STOCKHOLM), reference())
    now = datetime.now(STOCKHOLM)
    reconcile(store, starter_for(local_stack), now=now)
    assert local_stack.execution_for(fresh.report_id) is None
    # Later, twice in a row (two overlapping schedule runs): one execution.
    later = now + timedelta(minutes=5)
    reconcile(store, starter_for(local_stack), now=later)
    reconcile(store, starter_for(local_stack), now=later)
    local_stack.wait_for_execution(fresh.report_id)
    executions = local_stack.client("stepfunctions").list_executions(
        stateMachineArn=local_stack.state_machine_arn
    )
    assert [e["name"] for e in executions["executions"]].count(fresh.report_id) == 1
    assert iso(fresh.received_at).endswith("Z")
