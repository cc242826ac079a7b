"""The local stack creates what the CDK app deploys, under the same names and from the same files."""

import json

import pytest

from functions.shared import names
from functions.shared.lifecycle_definition import rendered_definition, substitutions

pytestmark = pytest.mark.infra


def _names(demo, resource_type: str, property_name: str) -> set[str]:
    return {
        resource["Properties"][property_name]
        for resource in demo.of_type(resource_type).values()
        if isinstance(resource["Properties"].get(property_name), str)
    }


def test_the_local_stack_has_the_deployed_names(demo, local_stack):
    # Tables, functions, the state machine, the schedule and the operator topic carry the same names.
    assert local_stack.resources.reports_table_name in _names(demo, "AWS::DynamoDB::Table", "TableName")
    assert set(local_stack.resources.function_names.values()) <= _names(
        demo, "AWS::Lambda::Function", "FunctionName"
    )
    assert names.lifecycle_state_machine_name("demo") in _names(
        demo, "AWS::StepFunctions::StateMachine", "StateMachineName"
    )
    assert names.reconciler_schedule_name("demo") in _names(demo, "AWS::Scheduler::Schedule", "Name")
    assert names.operator_alarm_topic_name("demo") in _names(demo, "AWS::SNS::Topic", "TopicName")
    schedules = local_stack.client("scheduler").list_schedules()["Schedules"]
    assert names.reconciler_schedule_name("demo") in {schedule["Name"] for schedule in schedules}
    topics = local_stack.client("sns").list_topics()["Topics"]
    assert any(topic["TopicArn"].endswith(names.operator_alarm_topic_name("demo")) for topic in topics)


def test_the_local_state_machine_runs_the_deployed_definition(local_stack):
    described = local_stack.client("stepfunctions").describe_state_machine(
        stateMachineArn=local_stack.state_machine_arn
    )
    route_report_arn = json.loads(described["definition"])["States"]["RouteNewReport"]["Parameters"][
        "FunctionName"
    ]
    expected = rendered_definition(
        substitutions(local_stack.municipality, route_report_arn, local_stack.resources.reports_table_name)
    )
    assert json.loads(described["definition"]) == json.loads(expected)


def test_the_local_functions_read_the_deployed_environment_keys(demo, local_stack):
    deployed_keys = set()
    for function in demo.of_type("AWS::Lambda::Function").values():
        deployed_keys |= set(function["Properties"].get("Environment", {}).get("Variables", {}))
    local = local_stack.client("lambda").get_function_configuration(
        FunctionName=local_stack.resources.function_names["intake"]
    )
    assert set(local["Environment"]["Variables"]) <= deployed_keys


def test_the_form_is_served_from_its_bucket_with_the_municipality_settings(local_stack):
    s3 = local_stack.client("s3")
    keys = {
        item["Key"] for item in s3.list_objects_v2(Bucket=local_stack.resources.form_bucket_name)["Contents"]
    }
    assert {"index.html", names.FORM_CONFIG_FILE} <= keys
    settings = json.loads(
        s3.get_object(Bucket=local_stack.resources.form_bucket_name, Key="config.json")["Body"].read()
    )
    assert settings["municipality"] == "Demo kommun"
