"""Runs two lifecycle paths on the local stack (Provkommun) and prints, as JSON, what each cost in state
transitions and function invocations. Run by benchmarks/run.py in its own process (moto in server mode)."""

import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

os.environ["TZ"] = "UTC"
time.tzset()
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")

from functions.domain.persons import person_rules  # noqa: E402
from functions.domain.report import Channel, ReceivedReport, ReportSubmission  # noqa: E402
from functions.intake.logic import fingerprint  # noqa: E402
from functions.lifecycle.starter import LifecycleStarter  # noqa: E402
from functions.stores.lifecycle import LifecycleStore  # noqa: E402
from functions.stores.reports import ReportsStore  # noqa: E402
from local.stack import LocalStack, quiet_stack  # noqa: E402

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "events", "report-private-anonymous.json")
NEGLECT = {
    "description": "Barnet kommer ofta hungrigt till skolan.",
    "categories": ["omsorgsbrist"],
    "mainCategory": "omsorgsbrist",
    "acuteDanger": False,
}


MOTIVATION = "Bedömt utifrån anmälan och skolans uppgifter."
SIBLINGS = [{"kind": "barn", "age": age} for age in (4, 7, 11)]


def _report(
    stack: LocalStack, received: datetime, concern: dict, persons: list | None = None
) -> ReceivedReport:
    with open(SAMPLE, encoding="utf-8") as sample:
        body = json.load(sample)
    body["submissionId"] = str(uuid.uuid4())
    body["concern"] = concern
    if persons is not None:
        body["persons"] = persons
    content = ReportSubmission.model_validate_json(json.dumps(body))
    code = uuid.uuid4().hex.upper().translate(str.maketrans("01", "XY"))
    report = ReceivedReport(
        report_id=str(uuid.uuid4()),
        reference_number=f"2026-{code[:3]}-{code[3:6]}",
        received_at=received,
        channel=Channel.WEB,
        content=content,
        content_fingerprint=fingerprint(content),
        person_rules=person_rules(content, stack.municipality, received),
    )
    ReportsStore(stack.resources.reports_table_name, stack.client("dynamodb")).add_new_report(report)
    LifecycleStarter(stack.state_machine_arn, stack.client("stepfunctions")).start(
        report.report_id, report.reference_number, report.received_at
    )
    return report


def _until(check, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(check.__doc__ or "lifecycle step")
        time.sleep(0.05)


def _awaiting(stack, report_id, **expected) -> bool:
    awaiting = (
        LifecycleStore(stack.resources.reports_table_name, stack.client("dynamodb"))
        .report_item(report_id)
        .get("awaiting")
        or {}
    )
    return all(awaiting.get(key) == value for key, value in expected.items())


def _escalation(stack, report_id) -> dict:
    item = LifecycleStore(stack.resources.reports_table_name, stack.client("dynamodb")).report_item(report_id)
    return (item.get("lifecycle") or {}).get("escalation") or {}


def _event(stack, report_id, action, **fields):
    if action in ("record_protection_assessment", "record_decision"):
        fields.setdefault("motivation", MOTIVATION)
    if action == "close_investigation":
        fields.setdefault("result", "no_measures")
    answer = stack.staff_event({"action": action, "reportId": report_id, "staffId": "bench", **fields})
    assert answer.get("ok"), answer


def _costs(stack, report_id) -> dict:
    execution = stack.execution_for(report_id)
    assert execution["status"] == "SUCCEEDED", execution["status"]
    events = stack.client("stepfunctions").get_execution_history(
        executionArn=execution["executionArn"], maxResults=1000
    )["events"]
    invocations = Counter_of(
        e["taskScheduledEventDetails"]["parameters"] for e in events if e["type"] == "TaskScheduled"
    )
    return {
        "transitions": sum(1 for e in events if e["type"].endswith("StateEntered")),
        "invocations": invocations,
    }


def Counter_of(parameters) -> dict:  # noqa: N802 - reads like the Counter it builds
    counts: dict[str, int] = {}
    for text in parameters:
        function = json.loads(text).get("FunctionName", "sqs").rsplit(":", 1)[-1].removeprefix("oro-prov-")
        counts[function] = counts.get(function, 0) + 1
    return counts


def ordinary(stack) -> dict:
    """Report, skyddsbedömning in time, decision within 14 days (no investigation)."""
    report = _report(stack, datetime.now(UTC) - timedelta(minutes=30), NEGLECT)
    _until(lambda: _awaiting(stack, report.report_id, kind="staff_event"))
    _event(stack, report.report_id, "record_protection_assessment", immediateProtectionNeeded=False)
    _until(lambda: _awaiting(stack, report.report_id, kind="staff_event", phase="decision"))
    _event(stack, report.report_id, "record_decision", outcome="no_investigation")
    _until(lambda: stack.execution_for(report.report_id)["status"] != "RUNNING")
    return _costs(stack, report.report_id)


def three_children(stack) -> dict:
    """The ordinary path for a report about three siblings: each assessed in time, each decided (no
    investigation), one at a time as staff would."""
    report = _report(stack, datetime.now(UTC) - timedelta(minutes=30), NEGLECT, SIBLINGS)
    _until(lambda: _awaiting(stack, report.report_id, kind="staff_event"))
    for person in (1, 2, 3):
        _event(
            stack,
            report.report_id,
            "record_protection_assessment",
            person=person,
            immediateProtectionNeeded=False,
        )
    _until(lambda: _awaiting(stack, report.report_id, kind="staff_event", phase="decision"))
    for person in (1, 2, 3):
        _event(stack, report.report_id, "record_decision", person=person, outcome="no_investigation")
    _until(lambda: stack.execution_for(report.report_id)["status"] != "RUNNING")
    return _costs(stack, report.report_id)


def longest(stack) -> dict:
    """Saturday night acute report: socialjouren, unacknowledged through both rounds of the policy; the
    skyddsbedömning; the 14-day reminder and escalation, acknowledged; an investigation, extended, closed."""
    report = _report(
        stack,
        datetime(2026, 11, 7, 3, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
        {**NEGLECT, "acuteDanger": True},
    )
    _until(lambda: _escalation(stack, report.report_id).get("exhausted"))
    _event(stack, report.report_id, "record_protection_assessment", immediateProtectionNeeded=False)
    _until(lambda: _awaiting(stack, report.report_id, kind="acknowledgement", phase="decision"))
    _event(stack, report.report_id, "acknowledge_escalation")
    _until(lambda: _awaiting(stack, report.report_id, kind="staff_event", phase="decision"))
    _event(stack, report.report_id, "record_decision", outcome="investigation")
    _until(lambda: _awaiting(stack, report.report_id, kind="staff_event", phase="investigation"))
    _event(
        stack,
        report.report_id,
        "extend_investigation",
        extendedTo="2027-06-30",
        reason="Inväntar polisförhör.",
    )
    _until(lambda: _awaiting(stack, report.report_id, kind="staff_event", phase="investigation"))
    _event(stack, report.report_id, "close_investigation")
    _until(lambda: stack.execution_for(report.report_id)["status"] != "RUNNING")
    return _costs(stack, report.report_id)


def main() -> None:
    with quiet_stack("prov") as stack:
        try:
            results = {
                "ordinary": ordinary(stack),
                "three_children": three_children(stack),
                "longest": longest(stack),
            }
        finally:
            stack.stop_executions()
    sys.stdout.write(json.dumps(results) + "\n")
    sys.stdout.flush()
    os._exit(0)  # moto's interpreter threads for stopped executions would keep the process alive


if __name__ == "__main__":
    main()
