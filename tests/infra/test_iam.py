"""Least privilege: each function and the state machine get what their code calls, nobody may Scan.

PRIVILEGES says what each of Oro's functions may do; the functions come from the template
(template_helpers.oro_functions), and one without an entry fails
test_every_function_may_do_exactly_what_privileges_says.
"""

from dataclasses import dataclass

import pytest

from functions.shared import names
from tests.infra.template_helpers import (
    allowed_actions,
    as_list,
    joined,
    oro_functions,
    resources_for,
    role_of,
    statements_of_role,
)
from tests.infra.test_functions import (
    MAKE_PERSON_KEYS,
    MUNICIPALITIES,
    audit_table_id,
    function_named,
    idempotency_table_id,
    notification_queue_id,
    reporter_sessions_table_id,
    state_machine_id,
    table_id,
)

pytestmark = pytest.mark.infra

NEVER = {"dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:*", "*"}

# Every function writes to its own log group and sends X-Ray traces (which support no resource: '*').
X_RAY = frozenset({"xray:PutTraceSegments", "xray:PutTelemetryRecords"})
EVERY_FUNCTION = frozenset({"logs:CreateLogStream", "logs:PutLogEvents", *X_RAY})
# The reports' key, which the audit table shares: only through DynamoDB.
TABLE_KEY = frozenset({"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"})
START = "states:StartExecution"
RESUME = "states:SendTaskSuccess"  # no resource type: the task token bounds it
SEND_EMAIL = frozenset({"ses:SendEmail", "ses:SendRawEmail"})
SMS = "sns:Publish"  # to a phone number, which has no ARN
READ_SECRET = "secretsmanager:GetSecretValue"
# Where the municipality searches by personnummer: the lookup keys' secret (its KMS key, kms:Decrypt, is
# already among TABLE_KEY; only through Secrets Manager, below).
PERSON_KEYS = frozenset({READ_SECRET})


@dataclass(frozen=True)
class Privileges:
    actions: frozenset[str]  # beyond EVERY_FUNCTION
    on_any_resource: frozenset[str] = frozenset()  # beyond X-Ray: actions whose resource is '*'


def dynamodb(*actions: str) -> frozenset[str]:
    return frozenset(f"dynamodb:{action}" for action in actions)


# What each of Oro's functions may do, by its name without the municipality's prefix. Which resources
# each action is granted on is checked function by function below.
PRIVILEGES = {
    # A transaction of conditional puts (TransactWriteItems is authorised by the actions it holds).
    # …and records an offered attachment (UpdateItem of its record only) and signs its upload and token.
    "intake": Privileges(
        dynamodb("PutItem", "GetItem", "UpdateItem") | TABLE_KEY | {START, "s3:PutObject", READ_SECRET}
    ),
    "lifecycle-reconciler": Privileges(dynamodb("UpdateItem", "Query") | TABLE_KEY | {START}),
    "lifecycle-checkpoint": Privileges(dynamodb("GetItem", "UpdateItem") | TABLE_KEY),
    "await-staff": Privileges(dynamodb("GetItem", "UpdateItem") | TABLE_KEY | {RESUME}, frozenset({RESUME})),
    # Appends to the timeline (PutItem); keeps what it delivered per step and channel (idempotency records).
    "notify": Privileges(
        dynamodb("PutItem", "GetItem", "UpdateItem", "DeleteItem") | TABLE_KEY | SEND_EMAIL | {SMS},
        frozenset({SMS}),
    ),
    # …and the återkoppling notice to a reporter's work phone when they gave no e-mail.
    "staff-api": Privileges(
        dynamodb("GetItem", "BatchGetItem", "PutItem", "UpdateItem", "Query")
        | TABLE_KEY
        | SEND_EMAIL
        | {START, RESUME, SMS, "s3:GetObject"}  # download links of clean attachments
        | {"lambda:InvokeFunction"}  # the hand-off dispatcher, at once after a decision
        | {"s3:DeleteObject"},  # a hand-off registered by hand: its document
        frozenset({RESUME, SMS}),
    ),
    # Delivers hand-offs (a report's hand-offs through the handoff-check index, the document into the bucket
    # under the municipality's key, its event on the bus) and alerts the intake team by e-mail.
    "handoff-dispatch": Privileges(
        dynamodb("GetItem", "UpdateItem", "Query", "PutItem")
        | TABLE_KEY
        | SEND_EMAIL
        | {"s3:PutObject", "events:PutEvents"}
    ),
    # Reads the reports due a follow-up reminder (its index), records each reminder, e-mails it.
    "follow-up": Privileges(dynamodb("GetItem", "UpdateItem", "Query", "PutItem") | TABLE_KEY | SEND_EMAIL),
    # The integration's fetches and acknowledgements: the report's hand-off, the document (read, then
    # removed), the audit trail, and the integration's token.
    "case-system-api": Privileges(
        dynamodb("GetItem", "UpdateItem", "PutItem")
        | TABLE_KEY
        | {"s3:GetObject", "s3:DeleteObject", READ_SECRET}
    ),
    # The one function that deletes report items, and audit entries past the audit retention.
    "gallring": Privileges(
        dynamodb("DeleteItem", "UpdateItem", "Query", "PutItem")
        | TABLE_KEY
        | {"s3:ListBucket", "s3:DeleteObject"}  # a purged report's attachments
    ),
    # Reads the scanned file's first bytes, moves it to clean/ or deletes it, records the outcome; a result it
    # failed on goes to its dead-letter queue.
    "attachment-scan-result": Privileges(
        dynamodb("GetItem", "UpdateItem")
        | TABLE_KEY
        | {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "sqs:SendMessage"}
    ),
    # Reporters sign in and read their own reports (tests/infra/test_reporter.py: on which resources): its
    # sessions (put, read, delete), a report (GetItem) and its own list (Query on REPORTER# only), an answer
    # to a question (UpdateItem of a report's messages only), the audit trail (PutItem), the reporters'
    # lookup key and the providers' client secrets.
    "reporter": Privileges(
        dynamodb("GetItem", "PutItem", "DeleteItem", "Query", "UpdateItem") | TABLE_KEY | {READ_SECRET}
    ),
    # Reads a day of the audit trail through its index; puts, reads and lists the locked copy.
    "audit-seal": Privileges(
        dynamodb("Query") | TABLE_KEY | {"s3:PutObject", "s3:GetObject", "s3:ListBucket"}
    ),
    # Reads the same; reads and lists the locked copy with its versions. Writes nothing.
    "audit-check": Privileges(
        dynamodb("Query") | TABLE_KEY | {"s3:GetObject", "s3:ListBucket", "s3:ListBucketVersions"}
    ),
}
NO_ENTRY = frozenset({"no entry in PRIVILEGES"})


def function_statements(synthesized, function_name: str) -> list[dict]:
    _, resource = function_named(synthesized, function_name)
    return statements_of_role(synthesized.resources, role_of(resource))


def on_any_resource(statements: list[dict]) -> set[str]:
    return {
        action
        for s in statements
        if s["Effect"] == "Allow" and "*" in as_list(s["Resource"])
        for action in as_list(s["Action"])
    }


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_function_may_do_exactly_what_privileges_says(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    statements = {
        key: statements_of_role(synthesized.resources, f.role)
        for key, f in oro_functions(synthesized).items()
    }

    searches = synthesized.municipality.personnummer_search
    assert {key: allowed_actions(found) for key, found in statements.items()} == {
        key: EVERY_FUNCTION
        | PRIVILEGES[key].actions
        | (PERSON_KEYS if searches and key in MAKE_PERSON_KEYS else frozenset())
        if key in PRIVILEGES
        else NO_ENTRY
        for key in statements
    }
    assert {key: on_any_resource(found) for key, found in statements.items()} == {
        key: X_RAY | PRIVILEGES[key].on_any_resource if key in PRIVILEGES else NO_ENTRY for key in statements
    }
    assert not [key for key in PRIVILEGES if key not in statements], "an entry without a function"


def own_log_group(function) -> str:
    """The logical id of the log group the function logs to (test_functions checks it is its own)."""
    reference = function.properties.get("LoggingConfig", {}).get("LogGroup", {})
    return reference.get("Ref", "no log group of its own") if isinstance(reference, dict) else str(reference)


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_function_has_its_own_role_without_managed_policies_logging_to_its_own_group(
    request, municipality
):
    synthesized = request.getfixturevalue(municipality)
    functions = oro_functions(synthesized)
    roles = [f.role for f in functions.values()]
    assert len(set(roles)) == len(roles), "two functions share a role"
    assert not [
        key
        for key, resource in synthesized.resources.items()
        if resource["Type"] in ("AWS::Lambda::Function", "AWS::StepFunctions::StateMachine")
        and key not in {f.logical_id for f in functions.values()}
        and role_of(resource) in roles
    ], "something else runs as a function's role"

    def role(f) -> dict:
        properties = synthesized.resources[f.role]["Properties"]
        statements = statements_of_role(synthesized.resources, f.role)
        key_statements = [s for s in statements if any(a.startswith("kms:") for a in as_list(s["Action"]))]
        return {
            "trusts": [s["Principal"] for s in properties["AssumeRolePolicyDocument"]["Statement"]],
            "managed policies": properties.get("ManagedPolicyArns", []),
            "logs to": [
                joined(r)
                for action in ("logs:CreateLogStream", "logs:PutLogEvents")
                for r in resources_for(statements, action)
            ],
            "key only through a service": all(
                "kms:ViaService" in s.get("Condition", {}).get("StringEquals", {}) for s in key_statements
            ),
        }

    assert {key: role(f) for key, f in functions.items()} == {
        key: {
            "trusts": [{"Service": "lambda.amazonaws.com"}],
            "managed policies": [],
            "logs to": [f"<GetAtt:{own_log_group(f)}.Arn>"] * 2,
            "key only through a service": True,
        }
        for key, f in functions.items()
    }


def table_arn(synthesized) -> dict:
    return {"Fn::GetAtt": [table_id(synthesized), "Arn"]}


def test_intake_may_write_a_new_report_and_start_its_lifecycle_only(demo):
    statements = function_statements(demo, names.intake_function_name("demo"))
    actions = allowed_actions(statements)

    # dynamodb:TransactWriteItems is authorised through the Put/Delete/Update actions it contains
    assert {"dynamodb:PutItem", "dynamodb:GetItem", "states:StartExecution"} <= actions
    assert resources_for(statements, "dynamodb:PutItem") == [table_arn(demo)]
    assert resources_for(statements, "states:StartExecution") == [{"Ref": state_machine_id(demo)}]
    assert not actions & NEVER
    # It updates a report only in its attachment records.
    [update] = [s for s in statements if "dynamodb:UpdateItem" in as_list(s["Action"])]
    assert update["Condition"] == {
        "ForAllValues:StringEquals": {"dynamodb:Attributes": ["pk", "sk", "attachments", "attachmentCount"]}
    }
    assert {"kms:Decrypt", "kms:GenerateDataKey"} <= actions


@pytest.mark.parametrize(
    "name_of",
    [names.checkpoint_function_name, names.await_staff_function_name],
    ids=["checkpoint", "await-staff"],
)
def test_lifecycle_functions_may_read_and_update_the_report_only(demo, name_of):
    statements = function_statements(demo, name_of("demo"))
    actions = allowed_actions(statements)

    assert {"dynamodb:GetItem", "dynamodb:UpdateItem"} <= actions
    assert resources_for(statements, "dynamodb:GetItem") == [table_arn(demo)]
    assert resources_for(statements, "dynamodb:UpdateItem") == [table_arn(demo)]
    assert {a for a in actions if a.startswith("dynamodb:")} == {"dynamodb:GetItem", "dynamodb:UpdateItem"}
    assert {"kms:Decrypt", "kms:GenerateDataKey"} <= actions
    assert "states:StartExecution" not in actions
    assert not actions & {"sns:Publish", "ses:SendEmail", "ses:SendRawEmail"}
    assert not actions & NEVER


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_only_intake_and_the_staff_api_read_the_person_key_secret_and_only_that_one(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    secrets = [
        key
        for key, secret in synthesized.of_type("AWS::SecretsManager::Secret").items()
        if secret["Properties"]["Name"] == names.person_key_secret_name(synthesized.municipality.id)
    ]
    person_secret = [{"Ref": key} for key in secrets]
    token_secret = [
        {"Ref": key}
        for key, secret in synthesized.of_type("AWS::SecretsManager::Secret").items()
        if secret["Properties"]["Name"] == names.attachment_token_secret_name(synthesized.municipality.id)
    ]
    secrets_read = {
        key: resources_for(statements_of_role(synthesized.resources, f.role), READ_SECRET)
        for key, f in oro_functions(synthesized).items()
    }
    # Intake also reads the attachment tokens' key; that one, and no other, besides.
    assert [resource for resource in secrets_read["intake"] if resource not in person_secret] == token_secret
    readers = {
        key: statements_of_role(synthesized.resources, f.role)
        for key, f in oro_functions(synthesized).items()
        if any(resource in person_secret for resource in secrets_read[key])
    }
    if not synthesized.municipality.personnummer_search:
        assert secrets == [] and readers == {}  # no lookup entries, no key
        return
    (secret_id,) = secrets
    assert set(readers) == MAKE_PERSON_KEYS
    for key, statements in readers.items():
        assert [r for r in resources_for(statements, READ_SECRET) if r not in token_secret] == [
            {"Ref": secret_id}
        ], key
        decrypt_via = sorted(
            joined(s["Condition"]["StringEquals"]["kms:ViaService"])
            for s in statements
            if "kms:Decrypt" in as_list(s["Action"])
        )
        region = synthesized.municipality.region
        # The staff API also decrypts attached files (their bucket has the reports' key), through S3 only.
        reads_files = key == "staff-api" and synthesized.municipality.attachments.enabled
        assert decrypt_via == sorted(
            [
                f"dynamodb.{region}.amazonaws.com",
                f"secretsmanager.{region}.amazonaws.com",
                *([f"s3.{region}.amazonaws.com"] if reads_files else []),
            ]
        ), key


def test_only_await_staff_and_the_staff_api_may_resume_a_waiting_lifecycle(demo):
    resumers = {
        key
        for key, f in oro_functions(demo).items()
        if RESUME in allowed_actions(statements_of_role(demo.resources, f.role))
    }
    assert resumers == {"await-staff", "staff-api"}
    for name_of in (names.await_staff_function_name, names.staff_api_function_name):
        statements = function_statements(demo, name_of("demo"))
        # SendTaskSuccess supports no resource-level permission: the task token bounds what is resumed
        assert resources_for(statements, RESUME) == ["*"]
        assert not allowed_actions(statements) & {"states:StopExecution", "states:SendTaskFailure"}


def test_notify_may_send_sms_and_email_from_the_sender_domain_and_never_read_reports(demo):
    statements = function_statements(demo, names.notify_function_name("demo"))
    actions = allowed_actions(statements)

    # It only appends what it sent to the audit timeline, and keeps its own records of what it delivered
    # per lifecycle step and channel: nothing on the reports table, no query or scan anywhere.
    audit = f"<GetAtt:{audit_table_id(demo)}.Arn>"
    sent = f"<GetAtt:{idempotency_table_id(demo)}.Arn>"
    assert {a for a in actions if a.startswith("dynamodb:")} == {
        "dynamodb:PutItem",
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    }
    assert sorted(joined(r) for r in resources_for(statements, "dynamodb:PutItem")) == sorted([audit, sent])
    for action in ("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"):
        assert [joined(r) for r in resources_for(statements, action)] == [sent], action
    for action in ("ses:SendEmail", "ses:SendRawEmail"):
        (ses_resource,) = resources_for(statements, action)
        assert joined(ses_resource).endswith(":identity/demo.example.se")
    # An SMS to a phone number: a phone number has no ARN
    assert resources_for(statements, "sns:Publish") == ["*"]
    assert not {a for a in actions if a.startswith("states:")}
    assert not actions & (NEVER - {"dynamodb:DeleteItem"})  # DeleteItem: its own records only, above


def test_reconciler_queries_the_pending_index_and_starts_lifecycles(demo):
    statements = function_statements(demo, names.reconciler_function_name("demo"))
    actions = allowed_actions(statements)

    assert {"dynamodb:Query", "dynamodb:UpdateItem", "states:StartExecution"} <= actions
    (query_resource,) = resources_for(statements, "dynamodb:Query")
    assert joined(query_resource) == f"<GetAtt:{table_id(demo)}.Arn>/index/{names.LIFECYCLE_PENDING_INDEX}"
    assert resources_for(statements, "states:StartExecution") == [{"Ref": state_machine_id(demo)}]
    assert not actions & NEVER


def test_no_policy_anywhere_allows_scan_and_only_gallring_deletes_items(demo):
    """Only gallring deletes report items (and audit entries past their retention); notify deletes only its own
    idempotency records (Powertools removes the record of a sending that failed, so that the retry sends it),
    and the reporter function only sign-in attempts (taken once) and sessions (ended by signing out)."""
    deleters = set()
    own_records = {
        f"<GetAtt:{idempotency_table_id(demo)}.Arn>",
        f"<GetAtt:{reporter_sessions_table_id(demo)}.Arn>",
    }
    for key, resource in demo.resources.items():
        documents = []
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents.append(resource["Properties"]["PolicyDocument"])
        if resource["Type"] == "AWS::IAM::Role":
            documents += [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
        for document in documents:
            actions = allowed_actions(document["Statement"])
            assert not actions & {"dynamodb:Scan", "dynamodb:*"}, key
            deletes_on = {
                joined(r)
                for r in resources_for(document["Statement"], "dynamodb:DeleteItem")
                if joined(r) not in own_records
            }
            if deletes_on:
                deleters.add(key)
    gallring_role = oro_functions(demo)["gallring"].role
    assert {role_of_policy(demo, key) for key in deleters} == {gallring_role}


def role_of_policy(synthesized, key: str) -> str:
    """The role a policy is attached to (or the role itself, for an inline policy)."""
    resource = synthesized.resources[key]
    if resource["Type"] == "AWS::IAM::Role":
        return key
    (role,) = resource["Properties"]["Roles"]
    return role["Ref"]


def test_gallring_deletes_report_items_reads_only_its_index_and_appends_its_log(demo):
    _, resource = function_named(demo, names.gallring_function_name("demo"))
    statements = statements_of_role(demo.resources, role_of(resource))
    reports, audit = f"<GetAtt:{table_id(demo)}.Arn>", f"<GetAtt:{audit_table_id(demo)}.Arn>"
    assert sorted(joined(r) for r in resources_for(statements, "dynamodb:DeleteItem")) == sorted(
        [reports, audit]
    )
    # Its indexes only: it reads no report, and of the audit trail only the keys of a day (to purge it).
    assert sorted(joined(r) for r in resources_for(statements, "dynamodb:Query")) == sorted(
        [f"{reports}/index/{names.PURGE_INDEX}", f"{audit}/index/{names.AUDIT_BY_DAY_INDEX}"]
    )
    assert resources_for(statements, "dynamodb:GetItem") == []
    assert [joined(r) for r in resources_for(statements, "dynamodb:PutItem")] == [audit]


def test_gallring_runs_nightly_swedish_time_and_its_failures_alarm(demo):
    (schedule,) = [
        r["Properties"]
        for r in demo.of_type("AWS::Scheduler::Schedule").values()
        if r["Properties"]["Name"] == names.gallring_schedule_name("demo")
    ]
    assert schedule["ScheduleExpression"] == "cron(0 2-5 * * ? *)"
    assert schedule["ScheduleExpressionTimezone"] == "Europe/Stockholm"
    alarms = {
        r["Properties"]["AlarmName"]: r["Properties"] for r in demo.of_type("AWS::CloudWatch::Alarm").values()
    }
    failures = alarms["oro-demo-GallringReportFailures"]
    assert failures["MetricName"] == "PurgeFailures" and failures["Namespace"] == "Oro"
    assert "oro-demo-GallringErrors" in alarms


def test_state_machine_may_call_exactly_what_its_definition_calls(demo):
    # Given the state machine's role
    (machine,) = demo.of_type("AWS::StepFunctions::StateMachine").values()
    statements = statements_of_role(demo.resources, role_of(machine))
    lifecycle_functions = [
        function_named(demo, name_of("demo"))[0]
        for name_of in (
            names.checkpoint_function_name,
            names.notify_function_name,
            names.await_staff_function_name,
        )
    ]
    queue_id = notification_queue_id(demo)

    # Then it invokes exactly checkpoint, notify and await-staff, and sends to the dead-letter queue only
    invoked = resources_for(statements, "lambda:InvokeFunction")
    assert len(invoked) == 3
    assert sorted(map(joined, invoked)) == sorted(f"<GetAtt:{f}.Arn>" for f in lifecycle_functions)
    assert resources_for(statements, "sqs:SendMessage") == [{"Fn::GetAtt": [queue_id, "Arn"]}]

    # And it no longer touches the table, SNS or SES itself
    actions = allowed_actions(statements)
    assert not {a for a in actions if a.split(":")[0] in ("dynamodb", "sns", "ses", "sesv2", "kms")}
    assert {a for a in actions if a.startswith("sqs:")} == {"sqs:SendMessage"}
    assert not actions & NEVER
    assert all("*" not in as_list(s["Action"]) for s in statements)
