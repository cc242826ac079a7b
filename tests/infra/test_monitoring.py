"""Operator alarms on an encrypted, TLS-only topic."""

import pytest

from functions.shared import names
from tests.infra.test_functions import function_named, notification_queue_id, queue_named

pytestmark = pytest.mark.infra


def alarm_on(synthesized, metric_name: str, dimension: dict) -> dict:
    alarms = [
        a["Properties"]
        for a in synthesized.of_type("AWS::CloudWatch::Alarm").values()
        if a["Properties"].get("MetricName") == metric_name
        and dimension in a["Properties"].get("Dimensions", [])
    ]
    assert len(alarms) == 1, f"no single alarm on {metric_name} {dimension}"
    return alarms[0]


def test_alarms_on_intake_and_reconciler_errors_and_failed_lifecycles(demo):
    (topic_id,) = demo.of_type("AWS::SNS::Topic")
    (machine_id,) = demo.of_type("AWS::StepFunctions::StateMachine")
    for function_name in (names.intake_function_name("demo"), names.reconciler_function_name("demo")):
        function_id, _ = function_named(demo, function_name)
        alarm = alarm_on(demo, "Errors", {"Name": "FunctionName", "Value": {"Ref": function_id}})
        assert alarm["AlarmActions"] == [{"Ref": topic_id}]
    alarm = alarm_on(demo, "ExecutionsFailed", {"Name": "StateMachineArn", "Value": {"Ref": machine_id}})
    assert alarm["AlarmActions"] == [{"Ref": topic_id}]
    assert alarm["Threshold"] == 1


def test_alarm_on_undelivered_notifications_in_the_dead_letter_queue(demo):
    (topic_id,) = demo.of_type("AWS::SNS::Topic")
    queue_id = notification_queue_id(demo)
    alarm = alarm_on(
        demo,
        "ApproximateNumberOfMessagesVisible",
        {"Name": "QueueName", "Value": {"Fn::GetAtt": [queue_id, "QueueName"]}},
    )

    assert alarm["AlarmName"] == f"{names.resource_prefix('demo')}-NotificationsUndelivered"
    assert alarm["Namespace"] == "AWS/SQS"
    assert alarm["AlarmActions"] == [{"Ref": topic_id}]
    assert alarm["Threshold"] == 1
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert 60 <= alarm["Period"] <= 300
    assert alarm["EvaluationPeriods"] == 1


def test_alarm_topic_is_encrypted_and_refuses_plain_http(demo):
    ((topic_id, topic),) = demo.of_type("AWS::SNS::Topic").items()
    key_id = topic["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][0]
    assert demo.resources[key_id]["Properties"]["EnableKeyRotation"] is True
    (policy,) = [
        p
        for p in demo.of_type("AWS::SNS::TopicPolicy").values()
        if {"Ref": topic_id} in p["Properties"]["Topics"]
    ]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
    )


@pytest.mark.parametrize("limit", names.LEGAL_LIMITS)
def test_a_missed_legal_limit_alarms_within_five_minutes_with_no_personal_data(demo, limit):
    (topic_id,) = demo.of_type("AWS::SNS::Topic")
    alarm = alarm_on(demo, names.LEGAL_LIMITS_MISSED_METRIC, {"Name": "limit", "Value": limit})
    assert {"Name": "municipality", "Value": "demo"} in alarm["Dimensions"]
    assert {"Name": "service", "Value": "lifecycle"} in alarm["Dimensions"]
    assert alarm["Period"] == 300 and alarm["Threshold"] == 1 and alarm["Statistic"] == "Sum"
    assert alarm["TreatMissingData"] == "notBreaching"
    assert alarm["AlarmActions"] == [{"Ref": topic_id}]
    assert "dashboard" in alarm["AlarmDescription"]


def test_alarms_on_failed_and_undelivered_attachment_scan_results(demo):
    (topic_id,) = demo.of_type("AWS::SNS::Topic")
    function_id, _ = function_named(demo, names.attachment_scan_function_name("demo"))
    errors = alarm_on(demo, "Errors", {"Name": "FunctionName", "Value": {"Ref": function_id}})
    assert errors["AlarmActions"] == [{"Ref": topic_id}]
    queue_id = queue_named(demo, names.attachment_scan_dead_letter_queue_name("demo"))
    undelivered = alarm_on(
        demo,
        "ApproximateNumberOfMessagesVisible",
        {"Name": "QueueName", "Value": {"Fn::GetAtt": [queue_id, "QueueName"]}},
    )
    assert undelivered["AlarmActions"] == [{"Ref": topic_id}]
    assert undelivered["Threshold"] == 1
