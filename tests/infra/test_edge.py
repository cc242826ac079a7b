"""The CloudFront-scope WAF in the municipality's edge stack (us-east-1), attached to the distribution; the
viewer's address forwarded to the API; and the origin guard that keeps everyone from reaching the API around
CloudFront (and so from forging the address header CloudFront sets)."""

import pytest

from functions.shared import names
from infra.constructs import api, web
from infra.edge_stack import EDGE_REGION
from tests.infra.template_helpers import joined

pytestmark = pytest.mark.infra

MUNICIPALITIES = ["demo", "kalix"]
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def of_type(resources: dict, resource_type: str) -> dict[str, dict]:
    return {key: r for key, r in resources.items() if r["Type"] == resource_type}


def distribution_config(synthesized) -> dict:
    (distribution,) = synthesized.of_type("AWS::CloudFront::Distribution").values()
    return distribution["Properties"]["DistributionConfig"]


def api_origin(synthesized) -> dict:
    config = distribution_config(synthesized)
    (behavior,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    (origin,) = [o for o in config["Origins"] if o["Id"] == behavior["TargetOriginId"]]
    return origin


def guard_secret_reference(synthesized) -> str:
    """The dynamic reference CloudFormation resolves at deploy: the origin guard's value, never in a template."""
    secret_id = synthesized.logical_id(synthesized.stack.api.origin_guard.secret)
    return f"{{{{resolve:secretsmanager:<Ref:{secret_id}>:SecretString:::}}}}"


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_edge_stack_in_us_east_1_holds_a_cloudfront_scope_web_acl(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    edge = synthesized.stack.edge
    assert edge.region == EDGE_REGION == "us-east-1"
    assert edge.stack_name == names.edge_stack_name(synthesized.municipality.id)
    ((_, acl),) = of_type(synthesized.edge_resources, "AWS::WAFv2::WebACL").items()
    assert acl["Properties"]["Scope"] == "CLOUDFRONT"
    assert acl["Properties"]["DefaultAction"] == {"Allow": {}}


def test_the_edge_web_acl_limits_each_client_address_and_applies_the_rule_sets(demo):
    ((_, acl),) = of_type(demo.edge_resources, "AWS::WAFv2::WebACL").items()
    properties = acl["Properties"]
    rules = {rule["Name"]: rule for rule in properties["Rules"]}
    assert len({rule["Priority"] for rule in rules.values()}) == len(rules)
    assert all(rule.get("Action") != {"Allow": {}} for rule in rules.values())

    # a rate limit per client address on the public reports, a higher one on the staff API
    def rate(name: str) -> dict:
        return rules[name]["Statement"]["RateBasedStatement"]

    reports, staff = rate("ReportsRateLimitPerIp"), rate("StaffRateLimitPerIp")
    assert reports["AggregateKeyType"] == staff["AggregateKeyType"] == "IP"
    assert reports["Limit"] == 100 and staff["Limit"] == 3000
    assert rules["ReportsRateLimitPerIp"]["Action"] == {"Block": {}}
    scopes = {
        name: rate(name)["ScopeDownStatement"]["ByteMatchStatement"]
        for name in ("ReportsRateLimitPerIp", "StaffRateLimitPerIp")
    }
    assert {name: (s["PositionalConstraint"], s["SearchString"]) for name, s in scopes.items()} == {
        "ReportsRateLimitPerIp": ("STARTS_WITH", "/api/reports"),
        "StaffRateLimitPerIp": ("STARTS_WITH", "/api/staff/"),
    }
    # AWS's common and known-bad-inputs rule sets; the common set's 8 KB body rule only counts
    managed = {
        rule["Statement"]["ManagedRuleGroupStatement"]["Name"]: rule["Statement"]["ManagedRuleGroupStatement"]
        for rule in rules.values()
        if "ManagedRuleGroupStatement" in rule["Statement"]
    }
    assert set(managed) == {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"}
    assert {"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}} in managed[
        "AWSManagedRulesCommonRuleSet"
    ]["RuleActionOverrides"]
    # a 64 KB body limit, with WAF inspecting 64 KB of the body (oversize matches)
    size = rules["BodyOver64KB"]["Statement"]["SizeConstraintStatement"]
    assert size["Size"] == 64 * 1024 and size["ComparisonOperator"] == "GT"
    assert size["FieldToMatch"]["Body"]["OversizeHandling"] == "MATCH"
    assert (
        properties["AssociationConfig"]["RequestBody"]["CLOUDFRONT"]["DefaultSizeInspectionLimit"] == "KB_64"
    )


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_distribution_uses_the_edge_web_acl(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    ((acl_id, _),) = of_type(synthesized.edge_resources, "AWS::WAFv2::WebACL").items()
    # the edge stack writes the ACL's ARN for this stack (a CDK cross-region reference) ...
    (writer,) = of_type(synthesized.edge_resources, "Custom::CrossRegionExportWriter").values()
    exports = writer["Properties"]["WriterProps"]["exports"]
    (export_name,) = [name for name, value in exports.items() if value == {"Fn::GetAtt": [acl_id, "Arn"]}]
    assert writer["Properties"]["WriterProps"]["region"] == synthesized.municipality.region
    # ... and the distribution reads exactly that one
    (reader_id,) = synthesized.of_type("Custom::CrossRegionExportReader")
    assert distribution_config(synthesized)["WebACLId"] == {"Fn::GetAtt": [reader_id, export_name]}


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_cloudfront_forwards_the_viewer_address_to_the_api_and_sends_the_origin_guard(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    config = distribution_config(synthesized)
    (behavior,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    # AWS's managed AllViewerExceptHostHeader: every viewer header but Host, and CloudFront's own headers,
    # CloudFront-Viewer-Address among them (a custom policy cannot forward Authorization with caching off)
    assert web.API_ORIGIN_REQUEST_POLICY.origin_request_policy_id == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert web.VIEWER_ADDRESS_HEADER == "CloudFront-Viewer-Address"

    headers = api_origin(synthesized)["OriginCustomHeaders"]
    assert [(h["HeaderName"], joined(h["HeaderValue"])) for h in headers] == [
        (api.ORIGIN_GUARD_HEADER, guard_secret_reference(synthesized))
    ]
    # only the API's origin gets it: the bucket never sees the value
    others = [o for o in config["Origins"] if o["Id"] != api_origin(synthesized)["Id"]]
    assert others and all("OriginCustomHeaders" not in o for o in others)


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_regional_waf_blocks_every_request_without_cloudfronts_origin_guard(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    ((_, acl),) = synthesized.of_type("AWS::WAFv2::WebACL").items()
    rules = sorted(acl["Properties"]["Rules"], key=lambda rule: rule["Priority"])
    guard = rules[0]  # before anything else looks at the request
    assert guard["Name"] == "NotThroughCloudFront" and guard["Action"] == {"Block": {}}
    match = guard["Statement"]["NotStatement"]["Statement"]["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": api.ORIGIN_GUARD_HEADER}}
    assert match["PositionalConstraint"] == "EXACTLY"
    assert match["TextTransformations"] == [{"Priority": 0, "Type": "NONE"}]
    # the very value CloudFront sends, resolved at deploy from the generated secret
    assert joined(match["SearchString"]) == guard_secret_reference(synthesized)
    (secret,) = [
        r
        for key, r in synthesized.of_type("AWS::SecretsManager::Secret").items()
        if key == synthesized.logical_id(synthesized.stack.api.origin_guard.secret)
    ]
    generated = secret["Properties"]["GenerateSecretString"]
    assert "SecretString" not in secret["Properties"]
    assert generated["PasswordLength"] >= 32 and generated["ExcludePunctuation"] is True
