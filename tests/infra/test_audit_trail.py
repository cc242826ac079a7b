"""The audit trail's locked copy, seal and check as deployed: the archive bucket (Object Lock in compliance
mode for the audit retention, encrypted, private, TLS only, logged, expiring after its lock), the table's
by-day index and its policy (no one deletes but the gallring), least privilege for the seal and the check,
their schedules and the alarm."""

import pytest

from functions.shared import names
from infra.constructs.audit import DENIED_ACTIONS, PURGE_ACTIONS
from tests.infra.template_helpers import joined, oro_functions, resources_for, statements_of_role
from tests.infra.test_functions import audit_table_id, function_named

pytestmark = pytest.mark.infra


def archive(synthesized) -> tuple[str, dict]:
    bucket_name = names.audit_archive_bucket_name("demo", "")
    [(key, resource)] = [
        (key, r)
        for key, r in synthesized.of_type("AWS::S3::Bucket").items()
        if bucket_name.removesuffix("-") in joined(r["Properties"].get("BucketName", ""))
    ]
    return key, resource["Properties"]


def test_the_archive_is_locked_in_compliance_mode_for_the_audit_retention_and_expires_after(demo):
    _, bucket = archive(demo)
    retention = demo.municipality.retention
    assert bucket["ObjectLockEnabled"] is True
    assert bucket["ObjectLockConfiguration"] == {
        "ObjectLockEnabled": "Enabled",
        "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": retention.audit_lock_days}},
    }
    assert retention.audit_lock_days >= 365 * retention.audit_retention_years
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    [rule] = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["Status"] == "Enabled"
    assert rule["ExpirationInDays"] == retention.audit_archive_expiry_days > retention.audit_lock_days
    assert rule["NoncurrentVersionExpiration"] == {"NoncurrentDays": 1}


def test_the_archive_is_encrypted_private_tls_only_and_logged(demo):
    key, bucket = archive(demo)
    [encryption] = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption["ServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["LoggingConfiguration"]["LogFilePrefix"] == "audit-archive/"
    [policy] = [
        r["Properties"]["PolicyDocument"]
        for r in demo.of_type("AWS::S3::BucketPolicy").values()
        if r["Properties"]["Bucket"] == {"Ref": key}
    ]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in policy["Statement"]
    )


def test_the_table_reads_by_day_and_only_the_gallring_may_delete(demo):
    table = demo.resources[audit_table_id(demo)]["Properties"]
    [by_day] = [
        index for index in table["GlobalSecondaryIndexes"] if index["IndexName"] == names.AUDIT_BY_DAY_INDEX
    ]
    assert by_day["KeySchema"] == [
        {"AttributeName": names.AUDIT_DAY_ATTRIBUTE, "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert by_day["Projection"] == {"ProjectionType": "ALL"}
    statements = {s["Sid"]: s for s in table["ResourcePolicy"]["PolicyDocument"]["Statement"]}
    assert statements["AppendOnly"]["Effect"] == "Deny" and "Condition" not in statements["AppendOnly"]
    assert set(statements["AppendOnly"]["Action"]) == set(DENIED_ACTIONS)
    no_delete = statements["NoDeleteButThePurge"]
    assert no_delete["Effect"] == "Deny" and no_delete["Principal"] == {"AWS": "*"}
    assert no_delete["Action"] == PURGE_ACTIONS[0]
    gallring_role = oro_functions(demo)["gallring"].role
    assert no_delete["Condition"] == {
        "ArnNotEquals": {"aws:PrincipalArn": {"Fn::GetAtt": [gallring_role, "Arn"]}}
    }


@pytest.mark.parametrize("function", ["audit-seal", "audit-check"])
def test_the_seal_and_the_check_read_the_by_day_index_and_the_archive_only(demo, function):
    statements = statements_of_role(demo.resources, oro_functions(demo)[function].role)
    audit = f"<GetAtt:{audit_table_id(demo)}.Arn>"
    bucket_id, _ = archive(demo)
    assert [joined(r) for r in resources_for(statements, "dynamodb:Query")] == [
        f"{audit}/index/{names.AUDIT_BY_DAY_INDEX}"
    ]
    assert [joined(r) for r in resources_for(statements, "s3:GetObject")] == [f"<GetAtt:{bucket_id}.Arn>/*"]
    assert [joined(r) for r in resources_for(statements, "s3:ListBucket")] == [f"<GetAtt:{bucket_id}.Arn>"]
    puts = [joined(r) for r in resources_for(statements, "s3:PutObject")]
    assert puts == ([f"<GetAtt:{bucket_id}.Arn>/*"] if function == "audit-seal" else [])


def test_the_seal_and_the_check_run_daily_after_midnight_utc_and_findings_alarm(demo):
    schedules = {
        r["Properties"]["Name"]: r["Properties"] for r in demo.of_type("AWS::Scheduler::Schedule").values()
    }
    seal = schedules[names.audit_seal_schedule_name("demo")]
    check = schedules[names.audit_check_schedule_name("demo")]
    assert (
        seal["ScheduleExpression"]
        == f"cron({names.AUDIT_SEAL_MINUTE_UTC} {names.AUDIT_SEAL_HOUR_UTC} * * ? *)"
    )
    assert (
        check["ScheduleExpression"]
        == f"cron({names.AUDIT_CHECK_MINUTE_UTC} {names.AUDIT_CHECK_HOUR_UTC} * * ? *)"
    )
    assert seal["ScheduleExpressionTimezone"] == check["ScheduleExpressionTimezone"] == "Etc/UTC"
    seal_id, _ = function_named(demo, names.audit_seal_function_name("demo"))
    assert seal["Target"]["Arn"] == {"Fn::GetAtt": [seal_id, "Arn"]}
    alarms = {
        r["Properties"]["AlarmName"]: r["Properties"] for r in demo.of_type("AWS::CloudWatch::Alarm").values()
    }
    tampered = alarms["oro-demo-AuditTrailTampered"]
    assert tampered["MetricName"] == "AuditTrailFindings" and tampered["Namespace"] == "Oro"
    assert tampered["Dimensions"] == [{"Name": "service", "Value": "audit-check"}]
    assert tampered["Threshold"] == 1 and tampered["AlarmActions"]
    assert {"oro-demo-AuditSealErrors", "oro-demo-AuditCheckErrors"} <= set(alarms)
