"""The hand-off to the case system (infra/constructs/case_system.py): the documents' bucket under the
municipality's key, the event bus, the integration's route and token, the dispatcher's schedule, and who may
touch what."""

import json

import pytest

from functions.shared import names
from tests.infra.template_helpers import joined, oro_functions, resources_for, statements_of_role
from tests.infra.test_functions import MUNICIPALITIES, handoff_bucket_id, table_id

pytestmark = pytest.mark.infra


def _statements(synthesized, key: str) -> list[dict]:
    return statements_of_role(synthesized.resources, oro_functions(synthesized)[key].role)


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_documents_lie_encrypted_with_the_municipalitys_key_and_expire(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    bucket = synthesized.resources[handoff_bucket_id(synthesized)]["Properties"]
    [rule] = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert "ReportsKey" in joined(rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"])
    [expiry] = bucket["LifecycleConfiguration"]["Rules"]
    assert (expiry["Prefix"], expiry["ExpirationInDays"]) == (names.HANDOFF_PREFIX, names.HANDOFF_OBJECT_DAYS)


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_dispatcher_runs_every_minute_and_only_the_staff_api_may_invoke_it(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    municipality_id = synthesized.municipality.id
    [schedule] = [
        r["Properties"]
        for r in synthesized.of_type("AWS::Scheduler::Schedule").values()
        if r["Properties"]["Name"] == names.handoff_dispatch_schedule_name(municipality_id)
    ]
    assert schedule["ScheduleExpression"] == "rate(1 minute)"
    dispatch = oro_functions(synthesized)["handoff-dispatch"]
    assert dispatch.logical_id in joined(schedule["Target"]["Arn"])
    invokers = [
        key
        for key in oro_functions(synthesized)
        if resources_for(_statements(synthesized, key), "lambda:InvokeFunction")
    ]
    assert invokers == ["staff-api"]
    assert all(
        dispatch.logical_id in joined(r)
        for r in resources_for(_statements(synthesized, "staff-api"), "lambda:InvokeFunction")
    )


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_each_side_of_the_channel_may_touch_only_its_part(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    bucket = handoff_bucket_id(synthesized)
    dispatch, api = _statements(synthesized, "handoff-dispatch"), _statements(synthesized, "case-system-api")
    # The dispatcher writes documents and announces them; the API reads and removes them. Only under handoffs/.
    for statements, action in ((dispatch, "s3:PutObject"), (api, "s3:GetObject"), (api, "s3:DeleteObject")):
        [resource] = resources_for(statements, action)
        assert bucket in joined(resource) and joined(resource).endswith("/handoffs/*")
    assert not resources_for(dispatch, "s3:GetObject") and not resources_for(api, "s3:PutObject")
    # Gallring removes a purged report's documents the case system has not acknowledged: list and delete only.
    gallring = _statements(synthesized, "gallring")
    assert any(
        bucket in joined(r) and joined(r).endswith("/handoffs/*")
        for r in resources_for(gallring, "s3:DeleteObject")
    )
    assert not any(bucket in joined(r) for r in resources_for(gallring, "s3:GetObject"))
    [bus] = resources_for(dispatch, "events:PutEvents")
    [bus_id] = synthesized.of_type("AWS::Events::EventBus")
    assert bus_id in joined(bus)
    # The dispatcher reads the reports table's handoff-check index and no other.
    queried = [joined(r) for r in resources_for(dispatch, "dynamodb:Query")]
    assert queried and all(
        f"/index/{names.HANDOFF_CHECK_INDEX}" in r and table_id(synthesized) in r for r in queried
    )
    # Only the API reads the integration's token.
    [token] = resources_for(api, "secretsmanager:GetSecretValue")
    assert "IntegrationToken" in joined(token)
    for key in oro_functions(synthesized):
        if key != "case-system-api":
            assert "IntegrationToken" not in json.dumps(
                resources_for(_statements(synthesized, key), "secretsmanager:GetSecretValue")
            )


def test_the_integrations_route_has_no_staff_authorizer_and_reaches_the_case_system_function(demo):
    methods = demo.of_type("AWS::ApiGateway::Method")
    resources = demo.of_type("AWS::ApiGateway::Resource")
    api = oro_functions(demo)["case-system-api"]
    [method] = [
        m for m in methods.values() if api.logical_id in json.dumps(m["Properties"].get("Integration", {}))
    ]
    assert method["Properties"]["AuthorizationType"] == "NONE"
    parent = resources[method["Properties"]["ResourceId"]["Ref"]]
    grandparent = resources[parent["Properties"]["ParentId"]["Ref"]]
    assert (grandparent["Properties"]["PathPart"], parent["Properties"]["PathPart"]) == (
        "case-system",
        "{proxy+}",
    )


def test_a_failing_dispatcher_or_a_hand_off_it_cannot_deliver_alarms_the_operators(demo):
    alarms = {
        r["Properties"]["AlarmName"]: r["Properties"] for r in demo.of_type("AWS::CloudWatch::Alarm").values()
    }
    failures = alarms["oro-demo-HandoffReportFailures"]
    assert (failures["MetricName"], failures["Namespace"]) == ("HandoffDispatchFailures", "Oro")
    assert {"Name": "service", "Value": "case-system"} in failures["Dimensions"]
    errors = alarms["oro-demo-HandoffDispatchErrors"]
    assert errors["MetricName"] == "Errors"
    assert oro_functions(demo)["handoff-dispatch"].logical_id in json.dumps(errors["Dimensions"])


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_hand_off_and_follow_up_functions_touch_report_items_only(request, municipality):
    """The internet-facing case-system API, its dispatcher and the follow-up check may read and update only
    REPORT# items: never a lookup entry, a reporter's list or a submission record."""
    synthesized = request.getfixturevalue(municipality)
    for key in ("case-system-api", "handoff-dispatch", "follow-up"):
        items = [
            statement
            for statement in _statements(synthesized, key)
            if {"dynamodb:GetItem", "dynamodb:UpdateItem"}
            & set(statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]])
        ]
        assert items, key
        for statement in items:
            assert statement["Condition"] == {
                "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["REPORT#*"]}
            }, key
