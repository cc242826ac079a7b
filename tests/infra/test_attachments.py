"""Attachments as deployed: a private, encrypted, TLS-only, unversioned bucket whose CORS lets only the form
POST and whose unscanned quarantine expires; GuardDuty Malware Protection on its quarantine/ prefix with
tagging; the EventBridge rule that hands each scan result to the scan-result function; and who may touch
which prefix."""

import pytest

from functions.shared import names
from tests.infra.template_helpers import as_list, joined, resources_for, role_of, statements_of_role
from tests.infra.test_functions import attachments_bucket_id, function_named, queue_named, table_id

pytestmark = pytest.mark.infra


def bucket(synthesized) -> tuple[str, dict]:
    key = attachments_bucket_id(synthesized)
    return key, synthesized.resources[key]["Properties"]


def statements_of(synthesized, function_name: str) -> list[dict]:
    _, resource = function_named(synthesized, function_name)
    return statements_of_role(synthesized.resources, role_of(resource))


def objects(synthesized, prefix: str) -> str:
    return f"<GetAtt:{attachments_bucket_id(synthesized)}.Arn>/{prefix}*"


def reports_key_arn(synthesized) -> dict:
    return synthesized.resources[table_id(synthesized)]["Properties"]["SSESpecification"]["KMSMasterKeyId"]


def key_use_via_s3(synthesized, statements: list[dict]) -> set[str]:
    """The actions a role may take with the reports' key, each only through S3 in the stack's region."""
    via_s3 = {"kms:ViaService": f"s3.{synthesized.municipality.region}.amazonaws.com"}
    return {
        action
        for statement in statements
        if statement["Effect"] == "Allow"
        and statement["Resource"] == reports_key_arn(synthesized)
        and statement.get("Condition", {}).get("StringEquals") == via_s3
        for action in as_list(statement["Action"])
    }


def test_the_bucket_is_private_encrypted_with_the_municipalitys_key_tls_only_and_unversioned(demo):
    key, properties = bucket(demo)
    [encryption] = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    # The reports table's own key: a file is as sensitive as the report it belongs to.
    assert encryption["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": reports_key_arn(demo),
    }
    assert encryption["BucketKeyEnabled"] is True
    assert properties["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert properties["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    # Gallring deletes a report's files: no old version may stay behind.
    assert "VersioningConfiguration" not in properties
    [policy] = [
        r["Properties"]["PolicyDocument"]
        for r in demo.of_type("AWS::S3::BucketPolicy").values()
        if r["Properties"]["Bucket"] == {"Ref": key}
    ]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in policy["Statement"]
    )


def test_only_the_form_may_post_and_unscanned_files_expire(demo):
    _, properties = bucket(demo)
    assert properties["CorsConfiguration"]["CorsRules"] == [
        {
            "AllowedHeaders": ["*"],
            "AllowedMethods": ["POST"],
            "AllowedOrigins": ["https://oro.demo.example.se"],
            "MaxAge": 3000,
        }
    ]
    [rule] = properties["LifecycleConfiguration"]["Rules"]
    assert rule["Prefix"] == "quarantine/" and rule["ExpirationInDays"] == 2 and rule["Status"] == "Enabled"


def test_guardduty_scans_the_quarantine_and_tags_what_it_found(demo):
    [plan] = demo.of_type("AWS::GuardDuty::MalwareProtectionPlan").values()
    properties = plan["Properties"]
    assert properties["ProtectedResource"]["S3Bucket"] == {
        "BucketName": {"Ref": attachments_bucket_id(demo)},
        "ObjectPrefixes": ["quarantine/"],
    }
    assert properties["Actions"] == {"Tagging": {"Status": "ENABLED"}}
    [(role_id, role)] = [
        (key, r)
        for key, r in demo.of_type("AWS::IAM::Role").items()
        if {"Fn::GetAtt": [key, "Arn"]} == properties["Role"]
    ]
    [trust] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "malware-protection-plan.guardduty.amazonaws.com"}
    statements = statements_of_role(demo.resources, role_id)
    assert [joined(r) for r in resources_for(statements, "s3:GetObject")] == [objects(demo, "quarantine/")]
    assert not {"s3:DeleteObject", "s3:*", "*"} & {a for s in statements for a in as_list(s["Action"])}
    assert key_use_via_s3(demo, statements) == {"kms:Decrypt", "kms:GenerateDataKey"}


def test_each_scan_result_of_the_bucket_goes_to_the_scan_result_function(demo):
    [rule] = [
        r["Properties"]
        for r in demo.of_type("AWS::Events::Rule").values()
        if r["Properties"].get("EventPattern", {}).get("source") == ["aws.guardduty"]
    ]
    assert rule["EventPattern"]["detail-type"] == ["GuardDuty Malware Protection Object Scan Result"]
    assert rule["EventPattern"]["detail"] == {
        "s3ObjectDetails": {"bucketName": [{"Ref": attachments_bucket_id(demo)}]}
    }
    function_id, _ = function_named(demo, names.attachment_scan_function_name("demo"))
    [target] = rule["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": [function_id, "Arn"]}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 20


def test_each_function_touches_only_its_prefixes(demo):
    intake = statements_of(demo, names.intake_function_name("demo"))
    assert [joined(r) for r in resources_for(intake, "s3:PutObject")] == [objects(demo, "quarantine/")]
    assert resources_for(intake, "secretsmanager:GetSecretValue") != []

    scan = statements_of(demo, names.attachment_scan_function_name("demo"))
    assert [joined(r) for r in resources_for(scan, "s3:GetObject")] == [objects(demo, "quarantine/")]
    assert [joined(r) for r in resources_for(scan, "s3:DeleteObject")] == [objects(demo, "quarantine/")]
    assert [joined(r) for r in resources_for(scan, "s3:PutObject")] == [objects(demo, "clean/")]
    [update] = [s for s in scan if "dynamodb:UpdateItem" in as_list(s["Action"])]
    assert update["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"] == [
        "pk",
        "sk",
        "attachments",
        "attachmentCount",
    ]

    staff = statements_of(demo, names.staff_api_function_name("demo"))
    assert [joined(r) for r in resources_for(staff, "s3:GetObject")] == [objects(demo, "clean/")]

    # The bucket's key: uploads (signed by intake) make a data key, reading decrypts, each only through S3.
    assert key_use_via_s3(demo, intake) == {"kms:GenerateDataKey"}
    assert key_use_via_s3(demo, scan) == {"kms:Decrypt", "kms:GenerateDataKey"}
    assert key_use_via_s3(demo, staff) == {"kms:Decrypt"}

    gallring = statements_of(demo, names.gallring_function_name("demo"))
    attachments = [joined(r) for r in resources_for(gallring, "s3:DeleteObject") if "Attachments" in joined(r)]
    assert sorted(attachments) == sorted([objects(demo, "quarantine/"), objects(demo, "clean/")])


def test_a_scan_result_that_cannot_be_delivered_or_handled_waits_in_a_dead_letter_queue(demo):
    queue_id = queue_named(demo, names.attachment_scan_dead_letter_queue_name("demo"))
    queue = demo.resources[queue_id]
    assert queue["Properties"]["SqsManagedSseEnabled"] is True
    assert queue["Properties"]["MessageRetentionPeriod"] == 14 * 24 * 3600
    queue_arn = {"Fn::GetAtt": [queue_id, "Arn"]}
    # EventBridge could not invoke the function ...
    [rule] = [
        r["Properties"]
        for r in demo.of_type("AWS::Events::Rule").values()
        if r["Properties"].get("EventPattern", {}).get("source") == ["aws.guardduty"]
    ]
    [target] = rule["Targets"]
    assert target["DeadLetterConfig"] == {"Arn": queue_arn}
    # ... or the function failed on it three times.
    function_id, _ = function_named(demo, names.attachment_scan_function_name("demo"))
    [invoke_config] = [
        c["Properties"]
        for c in demo.of_type("AWS::Lambda::EventInvokeConfig").values()
        if c["Properties"]["FunctionName"] == {"Ref": function_id}
    ]
    assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == queue_arn
    assert invoke_config["MaximumRetryAttempts"] == 2
