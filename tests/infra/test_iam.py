"""Least privilege: each function and the state machine get what their code calls, nobody may Scan."""

import pytest

from functions.shared import names
from tests.infra.template_helpers import (
    allowed_actions,
    as_list,
    joined,
    resources_for,
    role_of,
    statements_of_role,
)
from tests.infra.test_functions import audit_table_id, function_named, state_machine_id, table_id

pytestmark = pytest.mark.infra

NEVER = {"dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:*", "*"}


def function_statements(synthesized, function_name: str) -> list[dict]:
    _, resource = function_named(synthesized, function_name)
    return statements_of_role(synthesized.resources, role_of(resource))


def table_arn(synthesized) -> dict:
    return {"Fn::GetAtt": [table_id(synthesized), "Arn"]}


def test_intake_may_write_a_new_report_and_start_its_lifecycle_only(demo):
    statements = function_statements(demo, names.intake_function_name("demo"))
    actions = allowed_actions(statements)

    # dynamodb:TransactWriteItems is authorised through the Put/Get/ConditionCheck actions it contains
    assert {"dynamodb:PutItem", "dynamodb:GetItem", "states:StartExecution"} <= actions
    assert resources_for(statements, "dynamodb:PutItem") == [table_arn(demo)]
    assert resources_for(statements, "states:StartExecution") == [{"Ref": state_machine_id(demo)}]
    assert not actions & NEVER
    assert "dynamodb:UpdateItem" not in actions
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


def test_only_await_staff_and_the_staff_api_may_resume_a_waiting_lifecycle(demo):
    for name_of in (names.await_staff_function_name, names.staff_api_function_name):
        statements = function_statements(demo, name_of("demo"))
        # SendTaskSuccess supports no resource-level permission: the task token bounds what is resumed
        assert resources_for(statements, "states:SendTaskSuccess") == ["*"]
        assert not allowed_actions(statements) & {"states:StopExecution", "states:SendTaskFailure"}
    for name_of in (
        names.intake_function_name,
        names.reconciler_function_name,
        names.checkpoint_function_name,
        names.notify_function_name,
    ):
        assert "states:SendTaskSuccess" not in allowed_actions(function_statements(demo, name_of("demo")))


def test_notify_may_send_sms_and_email_from_the_sender_domain_and_never_read_reports(demo):
    statements = function_statements(demo, names.notify_function_name("demo"))
    actions = allowed_actions(statements)

    # It only appends what it sent to the audit timeline: no read, no update, nothing on the reports table.
    assert {a for a in actions if a.startswith("dynamodb:")} == {"dynamodb:PutItem"}
    audit = f"<GetAtt:{audit_table_id(demo)}.Arn>"
    assert [joined(r) for r in resources_for(statements, "dynamodb:PutItem")] == [audit]
    for action in ("ses:SendEmail", "ses:SendRawEmail"):
        (ses_resource,) = resources_for(statements, action)
        assert joined(ses_resource).endswith(":identity/demo.example.se")
    # An SMS to a phone number: a phone number has no ARN
    assert resources_for(statements, "sns:Publish") == ["*"]
    assert not {a for a in actions if a.startswith("states:")}
    assert not actions & NEVER


def test_reconciler_queries_the_pending_index_and_starts_lifecycles(demo):
    statements = function_statements(demo, names.reconciler_function_name("demo"))
    actions = allowed_actions(statements)

    assert {"dynamodb:Query", "dynamodb:UpdateItem", "states:StartExecution"} <= actions
    (query_resource,) = resources_for(statements, "dynamodb:Query")
    assert joined(query_resource) == f"<GetAtt:{table_id(demo)}.Arn>/index/{names.LIFECYCLE_PENDING_INDEX}"
    assert resources_for(statements, "states:StartExecution") == [{"Ref": state_machine_id(demo)}]
    assert not actions & NEVER


def test_no_policy_anywhere_allows_scan_and_only_gallring_deletes_items(demo):
    deleters = set()
    for key, resource in demo.resources.items():
        documents = []
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents.append(resource["Properties"]["PolicyDocument"])
        if resource["Type"] == "AWS::IAM::Role":
            documents += [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
        for document in documents:
            actions = allowed_actions(document["Statement"])
            assert not actions & {"dynamodb:Scan", "dynamodb:*"}, key
            if "dynamodb:DeleteItem" in actions:
                deleters.add(key)
    assert len(deleters) == 1 and next(iter(deleters)).startswith("FunctionsGallringRole")


def test_gallring_deletes_report_items_reads_only_its_index_and_appends_its_log(demo):
    _, resource = function_named(demo, names.gallring_function_name("demo"))
    statements = statements_of_role(demo.resources, role_of(resource))
    reports, audit = f"<GetAtt:{table_id(demo)}.Arn>", f"<GetAtt:{audit_table_id(demo)}.Arn>"
    assert [joined(r) for r in resources_for(statements, "dynamodb:DeleteItem")] == [reports]
    assert sorted(joined(r) for r in resources_for(statements, "dynamodb:Query")) == sorted(
        [f"{reports}/index/{names.PURGE_INDEX}", audit, f"{audit}/index/{names.AUDIT_BY_STAFF_INDEX}"]
    )
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


def test_functions_have_no_managed_policies(demo):
    for name_of in (
        names.intake_function_name,
        names.reconciler_function_name,
        names.checkpoint_function_name,
        names.notify_function_name,
        names.await_staff_function_name,
        names.staff_api_function_name,
    ):
        _, resource = function_named(demo, name_of("demo"))
        role = demo.resources[role_of(resource)]["Properties"]
        assert "ManagedPolicyArns" not in role


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
    (queue_id,) = demo.of_type("AWS::SQS::Queue")

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
