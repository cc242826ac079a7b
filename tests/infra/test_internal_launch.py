"""An internal-first launch at the edge (municipalities/intern.toml): the CloudFront WAF's IP sets and the rules
that answer clients outside the municipality's networks, only in internal mode, and nothing else changed.

Each municipality's edge stack is synthesized alone, with cdk-nag: it holds nothing but the web ACL, so this
takes seconds where the whole app takes minutes."""

import json

import pytest
from aws_cdk import App, Environment, Validations
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks

from functions.domain.internal_launch import not_open_message
from functions.domain.municipality import Municipality, load_municipality
from functions.shared import names
from infra.edge_stack import EDGE_REGION, OroEdgeStack
from tests.infra.conftest import CDK_CONTEXT

pytestmark = pytest.mark.infra


def _edge_template(municipality: Municipality) -> dict:
    app = App(context=CDK_CONTEXT)  # cdk.json's flags and checks, as `cdk synth` runs them
    stack = OroEdgeStack(
        app,
        names.edge_stack_name(municipality.id),
        env=Environment(account="123456789012", region=EDGE_REGION),
        municipality=municipality,
    )
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    app.synth()  # raises on a cdk-nag finding that is not acknowledged, or an invalid property
    return Template.from_stack(stack).to_json()


@pytest.fixture(scope="module")
def intern() -> tuple[Municipality, dict]:
    municipality = load_municipality(names.municipality_config_file("intern"))
    return municipality, _edge_template(municipality)


@pytest.fixture(scope="module")
def demo_edge() -> dict:
    return _edge_template(load_municipality(names.municipality_config_file("demo")))


def _of_type(template: dict, resource_type: str) -> dict[str, dict]:
    return {key: r for key, r in template["Resources"].items() if r["Type"] == resource_type}


def _web_acl(template: dict) -> dict:
    ((_, acl),) = _of_type(template, "AWS::WAFv2::WebACL").items()
    return acl["Properties"]


def _rules(template: dict) -> list[dict]:
    return sorted(_web_acl(template)["Rules"], key=lambda rule: rule["Priority"])


def _ip_set_ids(statement: dict) -> set[str]:
    """The IP sets a rule's "outside the networks" part names (NOT (IPv4 set OR IPv6 set))."""
    alternatives = statement["NotStatement"]["Statement"]["OrStatement"]["Statements"]
    return {s["IPSetReferenceStatement"]["Arn"]["Fn::GetAtt"][0] for s in alternatives}


def _path(statement: dict) -> str:
    match = statement["ByteMatchStatement"]
    assert match["PositionalConstraint"] == "STARTS_WITH"
    assert match["FieldToMatch"] == {"UriPath": {}}
    return match["SearchString"]


def test_an_internal_municipality_gets_one_ip_set_per_version_with_its_networks(intern):
    municipality, template = intern
    ip_sets = {
        r["Properties"]["IPAddressVersion"]: r["Properties"]
        for r in _of_type(template, "AWS::WAFv2::IPSet").values()
    }
    assert set(ip_sets) == {"IPV4", "IPV6"}
    assert all(ip_set["Scope"] == "CLOUDFRONT" for ip_set in ip_sets.values())
    assert ip_sets["IPV4"]["Addresses"] == ["192.0.2.0/24", "198.51.100.0/24"]
    assert ip_sets["IPV6"]["Addresses"] == ["2001:db8::/32"]
    assert [str(n) for n in municipality.e_service.internal_networks] == [
        *ip_sets["IPV4"]["Addresses"],
        *ip_sets["IPV6"]["Addresses"],
    ]


def test_outside_the_networks_reports_and_the_form_get_the_closed_answers_first(intern):
    municipality, template = intern
    rules = _rules(template)
    reports, form = rules[0], rules[1]
    ip_set_ids = set(_of_type(template, "AWS::WAFv2::IPSet"))

    # POST /api/reports from outside: intake's own 403 answer, before any other rule
    assert (reports["Name"], reports["Priority"]) == ("ReportsOutsideInternalNetworks", 0)
    outside, path = reports["Statement"]["AndStatement"]["Statements"]
    assert _ip_set_ids(outside) == ip_set_ids
    assert _path(path) == "/api/reports"
    response = reports["Action"]["Block"]["CustomResponse"]
    assert response["ResponseCode"] == 403
    assert {"Name": "Cache-Control", "Value": "no-store"} in response["ResponseHeaders"]
    bodies = _web_acl(template)["CustomResponseBodies"]
    answer = bodies[response["CustomResponseBodyKey"]]
    assert answer["ContentType"] == "APPLICATION_JSON"
    assert json.loads(answer["Content"]) == {"message": not_open_message(municipality), "errors": []}

    # everything else from outside but the staff's pages and API: the closed page
    assert (form["Name"], form["Priority"]) == ("FormOutsideInternalNetworks", 1)
    outside, *not_staff = form["Statement"]["AndStatement"]["Statements"]
    assert _ip_set_ids(outside) == ip_set_ids
    assert {_path(s["NotStatement"]["Statement"]) for s in not_staff} == {
        "/dashboard",
        "/api/staff/",
        "/shared/",
    }
    page = bodies[form["Action"]["Block"]["CustomResponse"]["CustomResponseBodyKey"]]
    assert page["ContentType"] == "TEXT_HTML"
    assert '<html lang="sv">' in page["Content"] and "E-tjänsten är inte öppen ännu" in page["Content"]
    for number in (municipality.intake_team.phone, municipality.socialjour.public_phone, "112"):
        assert f">{number}</a>" in page["Content"]
    assert len(page["Content"].encode("utf-8")) <= 4096  # WAF's limit for a custom response body


def test_the_other_rules_follow_unchanged_and_a_public_municipality_gets_nothing_new(intern, demo_edge):
    _, template = intern
    public_rules = _rules(demo_edge)
    internal_rules = _rules(template)
    assert [rule["Name"] for rule in public_rules] == [
        "BodyOver64KB",
        "ReportsRateLimitPerIp",
        "StaffRateLimitPerIp",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
    ]
    assert [rule["Priority"] for rule in public_rules] == [0, 1, 2, 3, 4]
    # the same rules behind the two new ones, in the same order; only the metric names' prefixes differ
    behind = internal_rules[2:]
    assert [rule["Priority"] for rule in behind] == [2, 3, 4, 5, 6]

    def without_priority_and_prefix(rule: dict, municipality_id: str) -> str:
        return json.dumps({k: v for k, v in rule.items() if k != "Priority"}).replace(
            f"oro-{municipality_id}-", ""
        )

    assert [without_priority_and_prefix(r, "intern") for r in behind] == [
        without_priority_and_prefix(r, "demo") for r in public_rules
    ]
    # a public municipality: no IP set, no custom answers
    assert _of_type(demo_edge, "AWS::WAFv2::IPSet") == {}
    assert "CustomResponseBodies" not in _web_acl(demo_edge)
    assert set(_of_type(demo_edge, "AWS::WAFv2::WebACL")) and len(demo_edge["Resources"]) == 1
