"""The public intake API and its regional WAF."""

import json

import pytest

from functions.shared import names
from tests.infra.template_helpers import joined
from tests.infra.test_functions import function_named

pytestmark = pytest.mark.infra


def resource_path(synthesized, resource_id: str) -> str:
    parts = []
    while resource_id:
        properties = synthesized.resources[resource_id]["Properties"]
        parts.append(properties["PathPart"])
        parent = properties["ParentId"]
        resource_id = parent.get("Ref") if "Ref" in parent else None
    return "/" + "/".join(reversed(parts))


@pytest.mark.parametrize("path", ["/api/reports", "/api/reports/{report_id}/attachments"])
def test_the_public_posts_are_validated_and_proxied_to_intake(demo, path):
    # Given the public API's POST methods: a report, and a file for a report just received
    posts = {
        resource_path(demo, m["Properties"]["ResourceId"]["Ref"]): m
        for m in demo.of_type("AWS::ApiGateway::Method").values()
        if m["Properties"]["HttpMethod"] == "POST"
    }
    assert set(posts) == {"/api/reports", "/api/reports/{report_id}/attachments"}
    properties = posts[path]["Properties"]
    intake_id, _ = function_named(demo, names.intake_function_name("demo"))

    # Then each is body-validated against an object schema, proxied to intake (which checks the token)
    assert properties["AuthorizationType"] == "NONE"
    validator = demo.resources[properties["RequestValidatorId"]["Ref"]]["Properties"]
    assert validator["ValidateRequestBody"] is True
    model = demo.resources[properties["RequestModels"]["application/json"]["Ref"]]["Properties"]
    assert model["Schema"]["type"] == "object"
    integration = properties["Integration"]
    assert integration["Type"] == "AWS_PROXY"
    assert f"<GetAtt:{intake_id}.Arn>" in joined(integration["Uri"])


def test_get_api_office_hours_is_public_and_proxied_to_intake(demo):
    (method,) = [
        m for m in demo.of_type("AWS::ApiGateway::Method").values() if m["Properties"]["HttpMethod"] == "GET"
    ]
    properties = method["Properties"]
    intake_id, _ = function_named(demo, names.intake_function_name("demo"))

    assert resource_path(demo, properties["ResourceId"]["Ref"]) == "/api/office-hours"
    assert properties["AuthorizationType"] == "NONE"
    assert f"<GetAtt:{intake_id}.Arn>" in joined(properties["Integration"]["Uri"])


def test_stage_is_traced_throttled_and_access_logged_without_caller_ip(demo):
    (stage,) = demo.of_type("AWS::ApiGateway::Stage").values()
    properties = stage["Properties"]

    assert properties["TracingEnabled"] is True
    access_log = properties["AccessLogSetting"]
    assert access_log["DestinationArn"]
    fields = json.loads(access_log["Format"])
    assert "$context.requestId" in fields.values()
    assert not any("sourceIp" in value or "userAgent" in value for value in fields.values())
    (settings,) = properties["MethodSettings"]
    assert settings["ThrottlingRateLimit"] > 0 and settings["ThrottlingBurstLimit"] > 0
    assert settings["LoggingLevel"] == "ERROR"
    assert settings["DataTraceEnabled"] is False


def test_regional_waf_lets_only_cloudfront_in_limits_body_size_and_applies_the_common_rule_set(demo):
    # Given the regional web ACL
    ((acl_id, acl),) = demo.of_type("AWS::WAFv2::WebACL").items()
    properties = acl["Properties"]
    rules = {rule["Name"]: rule for rule in properties["Rules"]}
    statements = [rule["Statement"] for rule in rules.values()]

    # Then it is regional and first blocks whatever did not come through CloudFront (test_edge.py)
    assert properties["Scope"] == "REGIONAL"
    assert min(rules.values(), key=lambda rule: rule["Priority"])["Name"] == "NotThroughCloudFront"
    # and a 64 KB body limit
    size = next(s["SizeConstraintStatement"] for s in statements if "SizeConstraintStatement" in s)
    assert "Body" in size["FieldToMatch"]
    assert size["FieldToMatch"]["Body"]["OversizeHandling"] == "MATCH"
    assert size["ComparisonOperator"] == "GT" and size["Size"] == 64 * 1024
    assert (
        properties["AssociationConfig"]["RequestBody"]["API_GATEWAY"]["DefaultSizeInspectionLimit"] == "KB_64"
    )
    # but no per-IP rate limit: behind CloudFront it would count CloudFront's addresses (the edge WAF limits)
    assert not [s for s in statements if "RateBasedStatement" in s]

    # And the AWS common rule set, whose own 8 KB body rule only counts
    managed = next(s["ManagedRuleGroupStatement"] for s in statements if "ManagedRuleGroupStatement" in s)
    assert managed["Name"] == "AWSManagedRulesCommonRuleSet"
    assert {"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}} in managed["RuleActionOverrides"]

    # And it is associated with the API stage
    (stage_id,) = demo.of_type("AWS::ApiGateway::Stage")
    (association,) = demo.of_type("AWS::WAFv2::WebACLAssociation").values()
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    assert f"<Ref:{stage_id}>" in joined(association["Properties"]["ResourceArn"])
