"""The CloudFront-scope WAF, in its own stack in us-east-1 (infra/edge_stack.py), where AWS requires a web ACL
for a distribution to live. At the edge the WAF sees the viewer's own address, which the regional WAF behind
CloudFront cannot (it sees CloudFront's): so the per-client rate limits live here.

Rules: a 64 KB body limit, a per-client-address rate limit on the public reports and another, higher, on the
staff API (staff often share an office address and the dashboard polls), AWS's common rule set (its 8 KB
body rule only counts) and its known-bad-inputs rule set. The static files are cached and rate limited by
nothing but CloudFront itself.

While the municipality's e-service is internal (`[e_service] mode = "internal"`), two rules come first: a
client outside its networks (two IP sets, IPv4 and IPv6) gets, for POST /api/reports, intake's own 403 answer
and, for the form, a small Swedish page saying the e-service is not open yet and how to report by phone. The
dashboard, its shared files and the staff API stay open to staff wherever they are.
"""

from __future__ import annotations

import json

from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from functions.domain.internal_launch import not_open_message, not_open_page
from functions.domain.municipality import Municipality
from functions.shared import names
from infra.constructs import waf_rules

REPORTS_PATH_PREFIX = "/api/reports"
STAFF_PATH_PREFIX = "/api/staff/"
# What staff use wherever they are, never closed by the internal-only rules (web.py serves these prefixes).
STAFF_ONLY_PATH_PREFIXES = ("/dashboard", STAFF_PATH_PREFIX, "/shared/")
REPORTS_RATE_LIMIT_PER_IP_PER_5_MINUTES = 100
STAFF_RATE_LIMIT_PER_IP_PER_5_MINUTES = 3000
NOT_OPEN_PAGE_BODY = "EServiceNotOpenPage"
NOT_OPEN_ANSWER_BODY = "EServiceNotOpenAnswer"


def _outside(ip_sets: list[wafv2.CfnIPSet]) -> wafv2.CfnWebACL.StatementProperty:
    """The client's address is in none of the sets."""
    return wafv2.CfnWebACL.StatementProperty(
        not_statement=wafv2.CfnWebACL.NotStatementProperty(
            statement=wafv2.CfnWebACL.StatementProperty(
                or_statement=wafv2.CfnWebACL.OrStatementProperty(
                    statements=[
                        wafv2.CfnWebACL.StatementProperty(
                            ip_set_reference_statement=wafv2.CfnWebACL.IPSetReferenceStatementProperty(
                                arn=ip_set.attr_arn
                            )
                        )
                        for ip_set in ip_sets
                    ]
                )
            )
        )
    )


def _not_open_rule(
    prefix: str, name: str, priority: int, body_key: str, statements: list[wafv2.CfnWebACL.StatementProperty]
) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=wafv2.CfnWebACL.RuleActionProperty(
            block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                    response_code=403,
                    custom_response_body_key=body_key,
                    response_headers=[
                        wafv2.CfnWebACL.CustomHTTPHeaderProperty(name="Cache-Control", value="no-store")
                    ],
                )
            )
        ),
        visibility_config=waf_rules.visibility(prefix, name),
        statement=wafv2.CfnWebACL.StatementProperty(
            and_statement=wafv2.CfnWebACL.AndStatementProperty(statements=statements)
        ),
    )


def internal_only_rules(prefix: str, ip_sets: list[wafv2.CfnIPSet]) -> list[wafv2.CfnWebACL.RuleProperty]:
    """Reports from outside the networks get intake's 403 answer; every other page but the staff's, the closed
    page. The reports rule goes first: /api/reports is in the second rule's scope too."""
    not_staff = [
        wafv2.CfnWebACL.StatementProperty(
            not_statement=wafv2.CfnWebACL.NotStatementProperty(
                statement=waf_rules.uri_path("STARTS_WITH", path)
            )
        )
        for path in STAFF_ONLY_PATH_PREFIXES
    ]
    return [
        _not_open_rule(
            prefix,
            "ReportsOutsideInternalNetworks",
            0,
            NOT_OPEN_ANSWER_BODY,
            [_outside(ip_sets), waf_rules.uri_path("STARTS_WITH", REPORTS_PATH_PREFIX)],
        ),
        _not_open_rule(
            prefix, "FormOutsideInternalNetworks", 1, NOT_OPEN_PAGE_BODY, [_outside(ip_sets), *not_staff]
        ),
    ]


def not_open_bodies(municipality: Municipality) -> dict[str, wafv2.CfnWebACL.CustomResponseBodyProperty]:
    """The answers of the internal-only rules: intake's own 403 body for the API, the closed page for people."""
    answer = json.dumps({"message": not_open_message(municipality), "errors": []}, ensure_ascii=False)
    return {
        NOT_OPEN_ANSWER_BODY: wafv2.CfnWebACL.CustomResponseBodyProperty(
            content_type="APPLICATION_JSON", content=answer
        ),
        NOT_OPEN_PAGE_BODY: wafv2.CfnWebACL.CustomResponseBodyProperty(
            content_type="TEXT_HTML", content=not_open_page(municipality)
        ),
    }


class EdgeWaf(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, municipality: Municipality) -> None:
        super().__init__(scope, construct_id)
        prefix = f"{names.resource_prefix(municipality.id)}-edge"
        e_service = municipality.e_service
        # Only while the e-service is internal: its networks, one set per IP version as WAF requires.
        self.internal_networks: dict[int, wafv2.CfnIPSet] = {}
        first_rules: list[wafv2.CfnWebACL.RuleProperty] = []
        if e_service.internal:
            self.internal_networks = {
                version: wafv2.CfnIPSet(
                    self,
                    f"InternalNetworksIpv{version}",
                    name=f"{prefix}-internal-networks-ipv{version}",
                    # CloudFormation takes only ASCII letters, digits and a little punctuation here
                    description=f"Networks that may use the e-service while it is internal, IPv{version}",
                    scope="CLOUDFRONT",
                    ip_address_version=f"IPV{version}",
                    addresses=e_service.networks_of_version(version),
                )
                for version in (4, 6)
            }
            first_rules = internal_only_rules(prefix, list(self.internal_networks.values()))
        after = len(first_rules)  # the other rules keep their order behind them
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=prefix,
            description="Protects the citizen form, the dashboard and the API at CloudFront",
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=waf_rules.visibility(prefix, "edge"),
            # WAF inspects the body up to 64 KB (16 KB by default at CloudFront); larger is oversize: blocked.
            association_config=wafv2.CfnWebACL.AssociationConfigProperty(
                request_body={
                    "CLOUDFRONT": wafv2.CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty(
                        default_size_inspection_limit="KB_64"
                    )
                }
            ),
            custom_response_bodies=not_open_bodies(municipality) if e_service.internal else None,
            rules=[
                *first_rules,
                waf_rules.body_over_64kb(prefix, priority=after + 0),
                waf_rules.rate_limit_per_ip(
                    prefix,
                    "ReportsRateLimitPerIp",
                    priority=after + 1,
                    limit=REPORTS_RATE_LIMIT_PER_IP_PER_5_MINUTES,
                    scope=waf_rules.uri_path("STARTS_WITH", REPORTS_PATH_PREFIX),
                ),
                waf_rules.rate_limit_per_ip(
                    prefix,
                    "StaffRateLimitPerIp",
                    priority=after + 2,
                    limit=STAFF_RATE_LIMIT_PER_IP_PER_5_MINUTES,
                    scope=waf_rules.uri_path("STARTS_WITH", STAFF_PATH_PREFIX),
                ),
                waf_rules.common_rule_set(prefix, priority=after + 3),
                waf_rules.managed_rule_group(
                    prefix,
                    "AWSManagedRulesKnownBadInputsRuleSet",
                    priority=after + 4,
                    metric="known-bad-inputs",
                ),
            ],
        )
