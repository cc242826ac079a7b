"""The lifecycle state machine: the ASL file filled with its functions and queue, logged without data, traced."""

import json
import re

import pytest

from functions.shared import names
from functions.shared.lifecycle_definition import substitutions
from tests.infra.template_helpers import joined
from tests.infra.test_functions import function_named, notification_queue_id

pytestmark = pytest.mark.infra

ASL_KEYS = [value for key, value in vars(names).items() if key.startswith("ASL_")]


def definition(synthesized) -> str:
    """The definition as CloudFormation will create it: the staged ASL file with DefinitionSubstitutions
    applied (references shown as <Ref:Id> / <GetAtt:Id.Attr>)."""
    (machine,) = synthesized.of_type("AWS::StepFunctions::StateMachine").values()
    properties = machine["Properties"]
    if "DefinitionString" in properties:
        text = joined(properties["DefinitionString"])
    else:
        text = (synthesized.outdir / f"asset.{properties['DefinitionS3Location']['Key']}").read_text(
            encoding="utf-8"
        )
    for key, value in properties.get("DefinitionSubstitutions", {}).items():
        text = text.replace("${" + key + "}", joined(value))
    return text


def test_definition_is_loaded_from_the_asl_file(demo):
    (machine,) = demo.of_type("AWS::StepFunctions::StateMachine").values()
    staged = demo.outdir / f"asset.{machine['Properties']['DefinitionS3Location']['Key']}"
    assert staged.read_text(encoding="utf-8") == names.LIFECYCLE_DEFINITION_FILE.read_text(encoding="utf-8")
    assert set(machine["Properties"]["DefinitionSubstitutions"]) == set(ASL_KEYS)


def test_every_placeholder_is_filled(demo):
    text = definition(demo)
    for key in ASL_KEYS:
        assert "${" + key + "}" not in text
    assert not re.search(r"\$\{[A-Za-z]+\}", text)
    assert json.loads(text)["StartAt"]


def test_definition_invokes_the_three_lifecycle_functions_and_sends_to_the_dead_letter_queue(demo):
    text = definition(demo)
    queue_id = notification_queue_id(demo)

    for name_of in (
        names.checkpoint_function_name,
        names.notify_function_name,
        names.await_staff_function_name,
    ):
        function_id, _ = function_named(demo, name_of("demo"))
        assert f"<GetAtt:{function_id}.Arn>" in text
    assert f"<Ref:{queue_id}>" in text
    # No service integration but Lambda and SQS is left: the functions send, read and write
    resources = set(re.findall(r'"Resource":\s*"(arn:aws:states:::[^"]+)"', text))
    assert resources == {
        "arn:aws:states:::lambda:invoke",
        "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "arn:aws:states:::sqs:sendMessage",
    }


def test_definition_holds_no_municipality_settings(demo):
    text = definition(demo)
    m = demo.municipality
    for value in (m.sender_email, m.socialjour.email, m.socialjour.duty_sms_number):
        assert str(value) not in text


def test_substitutions_come_from_the_shared_lifecycle_definition(demo):
    (machine,) = demo.of_type("AWS::StepFunctions::StateMachine").values()
    ids = {
        name_of: function_named(demo, name_of("demo"))[0]
        for name_of in (
            names.checkpoint_function_name,
            names.notify_function_name,
            names.await_staff_function_name,
        )
    }
    queue_id = notification_queue_id(demo)
    expected = substitutions(
        checkpoint_function_arn={"Fn::GetAtt": [ids[names.checkpoint_function_name], "Arn"]},
        notify_function_arn={"Fn::GetAtt": [ids[names.notify_function_name], "Arn"]},
        await_staff_function_arn={"Fn::GetAtt": [ids[names.await_staff_function_name], "Arn"]},
        dead_letter_queue_url={"Ref": queue_id},
    )
    assert machine["Properties"]["DefinitionSubstitutions"] == expected


def test_notification_dead_letter_queue_is_encrypted_tls_only_and_keeps_messages_14_days(demo):
    queue_id = notification_queue_id(demo)
    queue = demo.resources[queue_id]
    properties = queue["Properties"]

    assert properties["QueueName"] == names.notification_dead_letter_queue_name("demo")
    assert properties.get("SqsManagedSseEnabled") is True or "KmsMasterKeyId" in properties
    assert properties["MessageRetentionPeriod"] == 14 * 24 * 3600
    assert queue["DeletionPolicy"] == "Retain"
    (policy,) = [
        p
        for p in demo.of_type("AWS::SQS::QueuePolicy").values()
        if {"Ref": queue_id} in p["Properties"]["Queues"]
    ]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
    )


def test_standard_state_machine_named_from_names_logs_without_execution_data_and_traces(demo):
    (machine,) = demo.of_type("AWS::StepFunctions::StateMachine").values()
    properties = machine["Properties"]

    assert properties["StateMachineName"] == names.lifecycle_state_machine_name("demo")
    assert properties["StateMachineType"] == "STANDARD"
    assert properties["TracingConfiguration"] == {"Enabled": True}
    logging = properties["LoggingConfiguration"]
    assert logging["Level"] == "ALL"
    assert logging["IncludeExecutionData"] is False
    log_group_id = logging["Destinations"][0]["CloudWatchLogsLogGroup"]["LogGroupArn"]["Fn::GetAtt"][0]
    assert demo.resources[log_group_id]["Properties"]["RetentionInDays"] == 90


def test_sender_domain_is_an_ses_identity(demo):
    demo.template.has_resource_properties("AWS::SES::EmailIdentity", {"EmailIdentity": "demo.example.se"})


def test_reconciler_runs_every_five_minutes(demo):
    reconciler_id, _ = function_named(demo, names.reconciler_function_name("demo"))
    (properties,) = [
        schedule["Properties"]
        for schedule in demo.of_type("AWS::Scheduler::Schedule").values()
        if schedule["Properties"]["Name"] == names.reconciler_schedule_name("demo")
    ]

    assert properties["ScheduleExpression"] == "rate(5 minutes)"
    assert properties["State"] == "ENABLED"
    assert properties["Target"]["Arn"] == {"Fn::GetAtt": [reconciler_id, "Arn"]}
    assert properties["Target"]["RoleArn"]
