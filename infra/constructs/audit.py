"""The audit trail of staff reads and writes: one append-only table.

pk REPORT#<reportId> (a report's timeline), sk <at>#<entryId>; the by-staff index (staffId, at) serves the
granskare's log review. Encrypted with the reports' key, on demand, with PITR and deletion protection.

Append-only is enforced by the table's resource-based policy: it denies every principal, the account's
administrators included, dynamodb:UpdateItem, DeleteItem, BatchWriteItem (which can delete), PartiQLUpdate
and PartiQLDelete. An explicit Deny in a resource policy wins over any Allow in any identity policy, so no
role granted later can alter an entry. PutItem, GetItem and Query are not denied; who may call them is up to
the identity policies (the staff API: PutItem and Query only). Whoever may dynamodb:PutResourcePolicy can
lift the Deny; that is an administrative change CloudTrail records, not something any function may do.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from functions.shared import names
from infra.constructs.data import key_via_dynamodb_statement

STAFF_ID_ATTRIBUTE = "staffId"
AT_ATTRIBUTE = "at"
# Every way to change or remove an existing item. BatchWriteItem may delete, so it goes too: appends use
# PutItem (with a condition that the key is new).
DENIED_ACTIONS = (
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
)
APPEND_ACTIONS = ("dynamodb:PutItem",)
READ_ACTIONS = ("dynamodb:Query",)


class AuditTrail(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, municipality_id: str, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.key = key
        table_name = names.audit_table_name(municipality_id)
        # A table's resource policy cannot name the table's own ARN attribute (a circular reference); the
        # name is fixed, so the ARN is written out.
        own_arn = Stack.of(self).format_arn(service="dynamodb", resource="table", resource_name=table_name)
        self.append_only_statement = iam.PolicyStatement(
            sid="AppendOnly",
            effect=iam.Effect.DENY,
            principals=[iam.AnyPrincipal()],
            actions=list(DENIED_ACTIONS),
            resources=[own_arn],
        )
        self.table = dynamodb.Table(
            self,
            "Audit",
            table_name=table_name,
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=key,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            resource_policy=iam.PolicyDocument(statements=[self.append_only_statement]),
        )
        self.table.add_global_secondary_index(
            index_name=names.AUDIT_BY_STAFF_INDEX,
            partition_key=dynamodb.Attribute(name=STAFF_ID_ATTRIBUTE, type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name=AT_ATTRIBUTE, type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,
        )

    @property
    def by_staff_index_arn(self) -> str:
        return f"{self.table.table_arn}/index/{names.AUDIT_BY_STAFF_INDEX}"

    def grant_append(self, role: iam.IGrantable) -> None:
        """PutItem on the table only: a function that records what it did (notify: a message sent)."""
        principal = role.grant_principal
        principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(APPEND_ACTIONS), resources=[self.table.table_arn])
        )
        principal.add_to_principal_policy(key_via_dynamodb_statement(self, self.key))

    def grant_append_and_query(self, role: iam.IGrantable) -> None:
        """PutItem on the table; Query on the table (a report's timeline) and the by-staff index. No more."""
        principal = role.grant_principal
        principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(APPEND_ACTIONS), resources=[self.table.table_arn])
        )
        principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(READ_ACTIONS), resources=[self.table.table_arn, self.by_staff_index_arn]
            )
        )
        principal.add_to_principal_policy(key_via_dynamodb_statement(self, self.key))
