"""The WAF rules both web ACLs use: the regional one on the API stage (api.py) and the CloudFront one at the
edge (edge.py). One definition, so the two cannot drift apart."""

from __future__ import annotations

from aws_cdk import aws_wafv2 as wafv2

MAX_BODY_BYTES = 64 * 1024
RATE_WINDOW_SECONDS = 300
_BLOCK = wafv2.CfnWebACL.RuleActionProperty(block={})


def visibility(prefix: str, metric: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=f"{prefix}-{metric}", sampled_requests_enabled=True
    )


def uri_path(constraint: str, search: str) -> wafv2.CfnWebACL.StatementProperty:
    """The URI path matched in lower case: `constraint` is STARTS_WITH, CONTAINS, EXACTLY, …"""
    return wafv2.CfnWebACL.StatementProperty(
        byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
            positional_constraint=constraint,
            search_string=search,
            text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="LOWERCASE")],
        )
    )


def body_over_64kb(prefix: str, priority: int) -> wafv2.CfnWebACL.RuleProperty:
    """Blocks a body over 64 KB; a body larger than WAF inspects is "oversize" and matches too."""
    return wafv2.CfnWebACL.RuleProperty(
        name="BodyOver64KB",
        priority=priority,
        action=_BLOCK,
        visibility_config=visibility(prefix, "body-over-64kb"),
        statement=wafv2.CfnWebACL.StatementProperty(
            size_constraint_statement=wafv2.CfnWebACL.SizeConstraintStatementProperty(
                field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                    body=wafv2.CfnWebACL.BodyProperty(oversize_handling="MATCH")
                ),
                comparison_operator="GT",
                size=MAX_BODY_BYTES,
                text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
            )
        ),
    )


def rate_limit_per_ip(
    prefix: str, name: str, priority: int, limit: int, scope: wafv2.CfnWebACL.StatementProperty
) -> wafv2.CfnWebACL.RuleProperty:
    """Blocks a client address that sends more than `limit` requests in `scope` within five minutes."""
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=_BLOCK,
        visibility_config=visibility(prefix, name),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP",
                limit=limit,
                evaluation_window_sec=RATE_WINDOW_SECONDS,
                scope_down_statement=scope,
            )
        ),
    )


def common_rule_set(prefix: str, priority: int) -> wafv2.CfnWebACL.RuleProperty:
    """AWS's common rule set; its own 8 KB body limit would block long, legitimate reports, so that rule
    only counts and BodyOver64KB applies instead."""
    return managed_rule_group(
        prefix,
        "AWSManagedRulesCommonRuleSet",
        priority,
        "common-rule-set",
        overrides=[
            wafv2.CfnWebACL.RuleActionOverrideProperty(
                name="SizeRestrictions_BODY", action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
            )
        ],
    )


def managed_rule_group(
    prefix: str,
    name: str,
    priority: int,
    metric: str,
    overrides: list[wafv2.CfnWebACL.RuleActionOverrideProperty] | None = None,
) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        visibility_config=visibility(prefix, metric),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name, rule_action_overrides=overrides
            )
        ),
    )
