"""No stored report stays without a running lifecycle for long: the scheduled reconciler starts it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from functions.lifecycle.reconciler import reconcile
from tests.integration.helpers import eventually, reference, starter_for, store_for, store_report_received_at

STOCKHOLM = ZoneInfo("Europe/Stockholm")


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
    assert local_stack.execution_for(report.report_id)["status"] == "RUNNING"
    eventually(lambda: "lifecyclePending" not in store.find_report_item(report.report_id))
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
    executions = local_stack.client("stepfunctions").list_executions(
        stateMachineArn=local_stack.state_machine_arn
    )
    assert [e["name"] for e in executions["executions"]].count(fresh.report_id) == 1
