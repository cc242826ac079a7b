"""The local stack creates what the CDK app deploys, under the same names and from the same files."""

import json

import pytest
import requests

from functions.shared import names
from functions.shared.lifecycle_definition import rendered_definition, substitutions
from local.resources import LOCAL_ACCOUNT
from tests.infra.template_helpers import joined, oro_functions

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def deployed(local_stack, tmp_path_factory):
    """The synthesized stack of the municipality the local stack runs."""
    from tests.infra.conftest import synthesize

    return synthesize(
        local_stack.municipality_id, tmp_path_factory.mktemp(f"cdk-{local_stack.municipality_id}")
    )


def _names(deployed, resource_type: str, property_name: str) -> set[str]:
    return {
        resource["Properties"][property_name]
        for resource in deployed.of_type(resource_type).values()
        if isinstance(resource["Properties"].get(property_name), str)
    }


def test_the_local_stack_runs_exactly_the_deployed_functions_with_their_handlers(deployed, local_stack):
    lambda_client = local_stack.client("lambda")
    local = {
        name: lambda_client.get_function_configuration(FunctionName=name)["Handler"]
        for name in local_stack.resources.function_names.values()
    }
    assert local == {f.name: f.handler for f in oro_functions(deployed).values()}


def test_the_local_stack_has_the_deployed_names(deployed, local_stack):
    # Tables, functions, the state machine, the schedule and the operator topic carry the same names.
    assert local_stack.resources.reports_table_name in _names(deployed, "AWS::DynamoDB::Table", "TableName")
    local_tables = set(local_stack.client("dynamodb").list_tables()["TableNames"])
    for table_name in (
        names.audit_table_name(local_stack.municipality_id),
        names.idempotency_table_name(local_stack.municipality_id),
    ):
        assert table_name in local_tables
        assert table_name in _names(deployed, "AWS::DynamoDB::Table", "TableName")
    assert names.lifecycle_state_machine_name(local_stack.municipality_id) in _names(
        deployed, "AWS::StepFunctions::StateMachine", "StateMachineName"
    )
    assert names.reconciler_schedule_name(local_stack.municipality_id) in _names(
        deployed, "AWS::Scheduler::Schedule", "Name"
    )
    assert names.operator_alarm_topic_name(local_stack.municipality_id) in _names(
        deployed, "AWS::SNS::Topic", "TopicName"
    )
    schedules = local_stack.client("scheduler").list_schedules()["Schedules"]
    for schedule_name in (
        names.reconciler_schedule_name(local_stack.municipality_id),
        names.gallring_schedule_name(local_stack.municipality_id),
        names.audit_seal_schedule_name(local_stack.municipality_id),
        names.audit_check_schedule_name(local_stack.municipality_id),
        names.handoff_dispatch_schedule_name(local_stack.municipality_id),
        names.follow_up_schedule_name(local_stack.municipality_id),
    ):
        assert schedule_name in {schedule["Name"] for schedule in schedules}
        assert schedule_name in _names(deployed, "AWS::Scheduler::Schedule", "Name")
    # the personnummer lookup keys' secret (the local stack's municipality searches by personnummer)
    secret_name = names.person_key_secret_name(local_stack.municipality_id)
    assert secret_name in _names(deployed, "AWS::SecretsManager::Secret", "Name")
    assert local_stack.client("secretsmanager").describe_secret(SecretId=secret_name)["Name"] == secret_name
    # The locked copy: the same bucket name (the local account's), locked and expiring as deployed.
    [archive] = [
        r["Properties"]
        for r in deployed.of_type("AWS::S3::Bucket").values()
        if "ObjectLockConfiguration" in r["Properties"]
    ]
    local_bucket = names.audit_archive_bucket_name(local_stack.municipality_id, LOCAL_ACCOUNT)
    assert joined(archive["BucketName"]).startswith(local_bucket.removesuffix(LOCAL_ACCOUNT))
    s3 = local_stack.client("s3")
    local_lock = s3.get_object_lock_configuration(Bucket=local_bucket)["ObjectLockConfiguration"]["Rule"]
    deployed_lock = archive["ObjectLockConfiguration"]["Rule"]["DefaultRetention"]
    assert (local_lock["DefaultRetention"]["Mode"], local_lock["DefaultRetention"]["Days"]) == (
        deployed_lock["Mode"],
        deployed_lock["Days"],
    )
    [local_rule] = s3.get_bucket_lifecycle_configuration(Bucket=local_bucket)["Rules"]
    [deployed_rule] = archive["LifecycleConfiguration"]["Rules"]
    assert local_rule["Expiration"]["Days"] == deployed_rule["ExpirationInDays"]
    topics = local_stack.client("sns").list_topics()["Topics"]
    assert any(
        topic["TopicArn"].endswith(names.operator_alarm_topic_name(local_stack.municipality_id))
        for topic in topics
    )


def test_the_local_reports_table_has_the_deployed_indexes_with_their_keys(deployed, local_stack):
    [table] = [
        r["Properties"]
        for r in deployed.of_type("AWS::DynamoDB::Table").values()
        if r["Properties"].get("TableName") == local_stack.resources.reports_table_name
    ]

    def keys(indexes: list[dict]) -> dict[str, tuple]:
        return {
            index["IndexName"]: tuple((key["AttributeName"], key["KeyType"]) for key in index["KeySchema"])
            for index in indexes
        }

    local = local_stack.client("dynamodb").describe_table(TableName=local_stack.resources.reports_table_name)
    assert keys(local["Table"]["GlobalSecondaryIndexes"]) == keys(table["GlobalSecondaryIndexes"])


def test_the_local_case_system_channel_is_the_deployed_one(deployed, local_stack):
    municipality_id = local_stack.municipality_id
    bus = names.handoff_event_bus_name(municipality_id)
    assert bus in _names(deployed, "AWS::Events::EventBus", "Name")
    assert local_stack.client("events").describe_event_bus(Name=bus)["Name"] == bus
    secret_name = names.case_system_token_secret_name(municipality_id)
    assert secret_name in _names(deployed, "AWS::SecretsManager::Secret", "Name")
    [bucket] = [
        r["Properties"]
        for r in deployed.of_type("AWS::S3::Bucket").values()
        if "handoffs" in joined(r["Properties"].get("BucketName", ""))
    ]
    local_bucket = names.handoff_bucket_name(municipality_id, LOCAL_ACCOUNT)
    assert joined(bucket["BucketName"]).startswith(local_bucket.removesuffix(LOCAL_ACCOUNT))
    [local_rule] = local_stack.client("s3").get_bucket_lifecycle_configuration(Bucket=local_bucket)["Rules"]
    [deployed_rule] = bucket["LifecycleConfiguration"]["Rules"]
    assert local_rule["Filter"]["Prefix"] == deployed_rule["Prefix"] == names.HANDOFF_PREFIX
    assert local_rule["Expiration"]["Days"] == deployed_rule["ExpirationInDays"] == names.HANDOFF_OBJECT_DAYS


def test_the_local_state_machine_runs_the_deployed_definition(local_stack):
    described = local_stack.client("stepfunctions").describe_state_machine(
        stateMachineArn=local_stack.state_machine_arn
    )
    lambda_client = local_stack.client("lambda")

    def arn(key: str) -> str:
        name = local_stack.resources.function_names[key]
        return lambda_client.get_function_configuration(FunctionName=name)["FunctionArn"]

    expected = rendered_definition(
        substitutions(
            checkpoint_function_arn=arn("checkpoint"),
            notify_function_arn=arn("notify"),
            await_staff_function_arn=arn("await_staff"),
            dead_letter_queue_url=local_stack.resources.dead_letter_queue_url,
        )
    )
    assert json.loads(described["definition"]) == json.loads(expected)


def test_the_local_functions_read_the_deployed_environment_keys(deployed, local_stack):
    deployed_keys = set()
    for function in deployed.of_type("AWS::Lambda::Function").values():
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
    assert settings["municipality"] == local_stack.municipality.name


def test_the_local_stack_serves_the_message_catalogues_where_the_form_fetches_them(local_stack):
    # As the CDK app's deployment of locales/ (test_web.py): every catalogue under /locales/, as it is, with
    # the form's security headers.
    for path in sorted(names.LOCALES_DIR.glob("*.json")):
        response = requests.get(f"{local_stack.base_url}/{names.LOCALES_PREFIX}{path.name}", timeout=10)
        assert response.status_code == 200, path.name
        assert response.content == path.read_bytes()
        assert response.headers["Content-Type"].startswith("application/json")
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    # The API's own texts are the functions' alone.
    for path in sorted((names.LOCALES_DIR / "api").glob("*.json")):
        response = requests.get(f"{local_stack.base_url}/{names.LOCALES_PREFIX}api/{path.name}", timeout=10)
        assert response.status_code in (403, 404), path.name
