"""cdk-nag helpers: finding ids as cdk-nag 3 writes them."""

from __future__ import annotations

from aws_cdk import Stack, Token
from constructs import IConstruct

PACK = "AwsSolutions"


def rule(rule_id: str, finding: str | None = None) -> str:
    """'AwsSolutions::AwsSolutions-IAM5[Resource::*]' from ('IAM5', 'Resource::*')."""
    return f"{PACK}::{PACK}-{rule_id}" + (f"[{finding}]" if finding else "")


def partition(scope: IConstruct) -> str:
    """The partition as a finding shows it: literal when the stack knows it, else the pseudo parameter."""
    value = Stack.of(scope).partition
    return "<AWS::Partition>" if Token.is_unresolved(value) else value


def managed_policy(name: str) -> str:
    """CDK writes managed policy ARNs with the partition pseudo parameter, whatever the stack knows."""
    return rule("IAM4", f"Policy::arn:<AWS::Partition>:iam::aws:policy/{name}")
