"""Gallring on the whole local stack: a report goes the ordinary way to "no investigation", the admin
previews and holds it through the staff API, and once purged nothing of its personal data is left in any
table, bucket, queue, message or execution history."""

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from functions.domain.attachments import issue_token
from functions.domain.municipality import load_municipality
from functions.gallring.handler import gallring_store
from functions.gallring.purge import run_gallring
from functions.shared import names
from local.seed import SeedReport, seed_reports
from tests.integration.helpers import eventually, new_body, post_report
from tests.integration.test_staff_api import (
    NEGLECT_ONLY,
    assess,
    call,
    decide,
    local_stack_audit,
    report_item,
)

PROV = load_municipality(names.municipality_config_file("prov"))


def closed_without_investigation(stack, tokens: dict, person: dict) -> tuple[str, str]:
    """A report through intake, skyddsbedömning, proposal and approval: its id and reference number."""
    body = new_body(persons=[person], concern={**NEGLECT_ONLY, "description": f"Oro för {person['name']}."})
    reference = post_report(stack, body).json()["referenceNumber"]
    report_id = stack.find_report(reference)["reportId"]
    assess(stack, tokens, report_id)
    decide(stack, tokens, report_id, "no_investigation")
    # The lifecycle ends on its own threads in moto: slow when the machine is loaded, so a generous wait.
    eventually(lambda: stack.execution_for(report_id)["status"] == "SUCCEEDED", timeout=90)
    eventually(lambda: report_item(stack, report_id).get("purgeOn"))
    return report_id, reference


def attach_files(stack, report_id: str, marker: str) -> list[str]:
    """As the reporter's browser: a PNG scanned clean and a PDF never scanned, each holding `marker`; their keys."""
    key = stack.client("secretsmanager").get_secret_value(
        SecretId=names.attachment_token_secret_name("prov")
    )["SecretString"]
    token, _ = issue_token(report_id, key, datetime.now(UTC))
    keys = []
    for name, kind, content in (
        ("bild.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + marker.encode()),
        ("brev.pdf", "application/pdf", b"%PDF-1.7\n" + marker.encode()),
    ):
        offered = requests.post(
            f"{stack.base_url}/api/reports/{report_id}/attachments",
            json={"token": token, "fileName": name, "contentType": kind, "size": len(content)},
            timeout=30,
        ).json()
        upload = offered["upload"]
        requests.post(upload["url"], data=upload["fields"], files={"file": (name, content)}, timeout=30)
        keys.append(upload["fields"]["key"])
        if kind == "image/png":
            stack.scan_attachments()
    found = [
        item["Key"]
        for item in stack.client("s3").list_objects_v2(Bucket=stack.attachments_bucket)["Contents"]
    ]
    assert {key.replace("quarantine/", "clean/", 1) for key in keys[:1]} | set(keys[1:]) <= set(found)
    return keys


def everything_stored(stack) -> str:
    """Every item of every table, every object of every bucket, every queued message, every sent SMS and
    e-mail, and every execution history: as one text to search."""
    dynamodb, s3, sqs = stack.client("dynamodb"), stack.client("s3"), stack.client("sqs")
    parts = []
    for table in dynamodb.list_tables()["TableNames"]:
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            parts.append(json.dumps(page["Items"], ensure_ascii=False))
    for bucket in s3.list_buckets()["Buckets"]:
        for item in s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", []):
            parts.append(
                s3.get_object(Bucket=bucket["Name"], Key=item["Key"])["Body"]
                .read()
                .decode("utf-8", "replace")
            )
    for queue in sqs.list_queues().get("QueueUrls", []):
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, VisibilityTimeout=0)
        parts.append(json.dumps(messages.get("Messages", []), ensure_ascii=False))
    parts.append(json.dumps(stack.outbox(), ensure_ascii=False))
    stepfunctions = stack.client("stepfunctions")
    for execution in stepfunctions.list_executions(stateMachineArn=stack.state_machine_arn)["executions"]:
        history = stepfunctions.get_execution_history(executionArn=execution["executionArn"])
        parts.append(json.dumps(history["events"], default=str, ensure_ascii=False))
    return "\n".join(parts)


@pytest.mark.slow
def test_a_purged_report_leaves_no_personal_data_anywhere(local_stack, tokens):
    spec = SeedReport(number=987_001, outcome="no_investigation")
    person = {
        "kind": "barn",
        "name": f"Barn {spec.marker}",
        "personalIdentityNumber": spec.personnummer,
        "address": f"Gatan {spec.marker} 1",
        "schoolOrPreschool": f"Skolan {spec.marker}",
    }
    report_id, reference = closed_without_investigation(local_stack, tokens, person)
    # Two files with the marker inside: one scanned clean (in clean/), one never scanned (in quarantine/).
    attached = attach_files(local_stack, report_id, spec.marker)
    call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"])  # read, so audited
    purge_on = date.fromisoformat(report_item(local_stack, report_id)["purgeOn"])
    assert spec.marker in everything_stored(local_stack)  # the search finds what is there

    # The gallring function's own store: the reports, the audit trail, the attachments and the hand-offs.
    summary = run_gallring(gallring_store(), PROV, purge_on, now=lambda: datetime.now(UTC), time_left_ms=lambda: 600_000)
    assert reference in summary.by_rule["no_investigation"]

    stored = everything_stored(local_stack)
    for personal in (spec.marker, spec.personnummer, spec.personnummer.replace("-", "")):
        assert personal not in stored, personal
    assert local_stack.find_report(reference) is None
    s3 = local_stack.client("s3")
    left = s3.list_objects_v2(Bucket=local_stack.attachments_bucket).get("Contents", [])
    assert not [item["Key"] for item in left if report_id in item["Key"]], attached
    # The purge log and the audit trail keep the reference number, who and when.
    admin = tokens["admin"]
    log = call(local_stack, "GET", "/api/staff/gallring/log", admin).json()["entries"]
    assert any(
        reference in entry["referenceNumbers"] and entry["rule"] == "no_investigation" for entry in log
    )
    timeline = local_stack.client("dynamodb").query(
        TableName=names.audit_table_name("prov"),
        KeyConditionExpression="pk = :report",
        ExpressionAttributeValues={":report": {"S": f"REPORT#{report_id}"}},
    )["Items"]
    actions = [item["action"]["S"] for item in timeline]
    assert "read_report" in actions and actions[-1] == "purged_no_investigation"
    assert timeline[-1]["referenceNumber"]["S"] == reference


def test_the_admin_previews_and_holds_a_report_and_other_roles_cannot(local_stack, tokens):
    spec = SeedReport(number=987_002, outcome="no_investigation")
    person = {"kind": "barn", "name": f"Barn {spec.marker}", "personalIdentityNumber": spec.personnummer}
    report_id, reference = closed_without_investigation(local_stack, tokens, person)
    purge_on = report_item(local_stack, report_id)["purgeOn"]
    admin = tokens["admin"]

    def previewed(day: str) -> dict:
        answer = call(local_stack, "GET", f"/api/staff/gallring/preview?date={day}", admin)
        assert answer.status_code == 200, answer.text
        return {report["referenceNumber"]: report for report in answer.json()["reports"]}

    assert previewed(purge_on)[reference] == {
        "referenceNumber": reference,
        "rule": "no_investigation",
        "purgeOn": purge_on,
    }
    day_before = date.fromordinal(date.fromisoformat(purge_on).toordinal() - 1).isoformat()
    assert reference not in previewed(day_before)
    preview = call(local_stack, "GET", f"/api/staff/gallring/preview?date={purge_on}", admin).json()
    assert "dokumenthanteringsplan" in preview["ruleTexts"]["no_investigation"]

    held = call(
        local_stack,
        "POST",
        "/api/staff/legal-holds",
        admin,
        {"referenceNumber": reference, "reason": "Begäran om utlämnande prövas"},
    )
    assert held.status_code == 200 and held.json()["legalHold"]["placedBy"] == "demo-admin"
    assert reference not in previewed(purge_on)
    lifted = call(local_stack, "DELETE", f"/api/staff/legal-holds/{reference}", admin)
    assert lifted.json() == {"referenceNumber": reference, "legalHold": None}
    assert reference in previewed(purge_on)

    unknown = call(
        local_stack,
        "POST",
        "/api/staff/legal-holds",
        admin,
        {"referenceNumber": "2026-XXX-XXX", "reason": "Prövning pågår"},
    )
    assert unknown.status_code == 404 and "diarienumret" in unknown.json()["message"]
    bad_date = call(local_stack, "GET", "/api/staff/gallring/preview?date=31/12", admin)
    assert bad_date.status_code == 400 and bad_date.json()["errors"][0]["field"] == "date"
    for role in ("mottagning", "forste_socialsekreterare", "socialjour", "granskare"):
        refused = call(local_stack, "GET", f"/api/staff/gallring/preview?date={purge_on}", tokens[role])
        assert refused.status_code == 403 and reference not in refused.text
        refused = call(
            local_stack,
            "POST",
            "/api/staff/legal-holds",
            tokens[role],
            {"referenceNumber": reference, "reason": "Prövning pågår"},
        )
        assert refused.status_code == 403
    actions = {(e["action"], e.get("referenceNumber")) for e in local_stack_audit(local_stack, "demo-admin")}
    assert {
        ("preview_gallring", None),
        ("place_legal_hold", reference),
        ("lift_legal_hold", reference),
    } <= actions


def test_the_nightly_function_purges_what_is_due_today_and_nothing_else(local_stack):
    today = datetime.now(ZoneInfo(names.GALLRING_TIMEZONE)).date()  # the municipality's date
    due = SeedReport(
        number=987_003, outcome="no_investigation", decided_at=datetime(2019, 5, 2, 10, tzinfo=UTC)
    )
    recent = SeedReport(number=987_004, outcome="no_investigation", decided_at=datetime.now(UTC))
    old, new = seed_reports(
        local_stack.client("dynamodb"), local_stack.resources.reports_table_name, PROV, [due, recent]
    )

    counts = local_stack.run_gallring()  # the deployed handler, as the schedule invokes it

    assert counts["runDate"] == today.isoformat() and counts["complete"] and counts["failed"] == 0
    assert counts["purged"] >= 1
    assert local_stack.find_report(due.reference_number) is None
    assert local_stack.find_report(recent.reference_number)["reportId"] == new.report_id
    del old
