"""The lifecycle state machine: the ASL file filled from the municipality, logged without data, traced."""

import json
import re

import pytest

from functions.shared import names
from tests.infra.template_helpers import joined
from tests.infra.test_functions import function_named, table_id

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


def test_definition_holds_the_municipality_contacts_and_the_route_report_function(demo):
    text = definition(demo)
    route_report_id, _ = function_named(demo, names.route_report_function_name("demo"))
    m = demo.municipality

    assert m.name in text
    assert f"<GetAtt:{route_report_id}.Arn>" in text
    assert f"<Ref:{table_id(demo)}>" in text
    for value in (m.sender_email, m.intake_team.email, m.socialjour.email, m.socialjour.duty_sms_number):
        assert str(value) in text
    assert str(m.dashboard_url) in text


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
    (schedule,) = demo.of_type("AWS::Scheduler::Schedule").values()
    properties = schedule["Properties"]

    assert properties["ScheduleExpression"] == "rate(5 minutes)"
    assert properties["State"] == "ENABLED"
    assert properties["Target"]["Arn"] == {"Fn::GetAtt": [reconciler_id, "Arn"]}
    assert properties["Target"]["RoleArn"]
