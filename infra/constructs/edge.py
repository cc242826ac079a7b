"""The CloudFront-scope WAF, in its own stack in us-east-1 (infra/edge_stack.py), where AWS requires a web ACL
for a distribution to live. At the edge the WAF sees the viewer's own address, which the regional WAF behind
CloudFront cannot (it sees CloudFront's): so the per-client rate limits live here.

Rules: a 64 KB body limit, a per-client-address rate limit on the public reports and another, higher, on the
staff API (staff often share an office address and the dashboard polls), AWS's common rule set (its 8 KB
body rule only counts) and its known-bad-inputs rule set. The static files are cached and rate limited by
nothing but CloudFront itself.
"""

from __future__ import annotations

from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from functions.shared import names
from infra.constructs import waf_rules

REPORTS_PATH_PREFIX = "/api/reports"
STAFF_PATH_PREFIX = "/api/staff/"
REPORTS_RATE_LIMIT_PER_IP_PER_5_MINUTES = 100
STAFF_RATE_LIMIT_PER_IP_PER_5_MINUTES = 3000


class EdgeWaf(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, municipality_id: str) -> None:
        super().__init__(scope, construct_id)
        prefix = f"{names.resource_prefix(municipality_id)}-edge"
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
            rules=[
                waf_rules.body_over_64kb(prefix, priority=0),
                waf_rules.rate_limit_per_ip(
                    prefix,
                    "ReportsRateLimitPerIp",
                    priority=1,
                    limit=REPORTS_RATE_LIMIT_PER_IP_PER_5_MINUTES,
                    scope=waf_rules.uri_path("STARTS_WITH", REPORTS_PATH_PREFIX),
                ),
                waf_rules.rate_limit_per_ip(
                    prefix,
                    "StaffRateLimitPerIp",
                    priority=2,
                    limit=STAFF_RATE_LIMIT_PER_IP_PER_5_MINUTES,
                    scope=waf_rules.uri_path("STARTS_WITH", STAFF_PATH_PREFIX),
                ),
                waf_rules.common_rule_set(prefix, priority=3),
                waf_rules.managed_rule_group(
                    prefix, "AWSManagedRulesKnownBadInputsRuleSet", priority=4, metric="known-bad-inputs"
                ),
            ],
        )
