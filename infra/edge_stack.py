"""One municipality's edge stack, in us-east-1: what CloudFront requires there (the CloudFront-scope WAF).
The municipality's stack (stack.py) attaches it to its distribution through a CDK cross-region reference,
so this stack is deployed first (`cdk deploy --all` orders them)."""

from __future__ import annotations

from aws_cdk import Stack, Tags
from constructs import Construct

from functions.domain.municipality import Municipality
from infra.constructs.edge import EdgeWaf

EDGE_REGION = "us-east-1"  # CloudFront's web ACLs and certificates live there


class OroEdgeStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, municipality: Municipality, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        Tags.of(self).add("project", "oro")
        Tags.of(self).add("municipality", municipality.id)
        self.waf = EdgeWaf(self, "Waf", municipality=municipality)
