"""The reports table: single-table design (pk/sk), encrypted with the municipality's own key.

Sparse indexes: lifecycle-pending (the reconciler's); open-by-deadline (the staff queue, partition `queue` =
"OPEN" while a report is open, sorted by its nearest deadline) and one per queue filter (phase, channel,
route, awaiting review), so a filtered page reads only what it shows.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from functions.shared import names

TTL_ATTRIBUTE = "expiresAt"
LIFECYCLE_PENDING_ATTRIBUTE = "lifecyclePending"
RECEIVED_AT_ATTRIBUTE = "receivedAt"
PENDING_INDEX_ATTRIBUTES = ["reportId", "referenceNumber"]
OPEN_QUEUE_SORT_ATTRIBUTE = "nextDeadlineAt"

# What a caller of DynamoDB needs on the table's key. Only through DynamoDB (kms:ViaService); no wildcards.
_KMS_ACTIONS_VIA_DYNAMODB = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]


def key_via_dynamodb_statement(scope: Construct, key: kms.IKey) -> iam.PolicyStatement:
    """Use of a table's key, only through DynamoDB in this region."""
    return iam.PolicyStatement(
        actions=_KMS_ACTIONS_VIA_DYNAMODB,
        resources=[key.key_arn],
        conditions={"StringEquals": {"kms:ViaService": f"dynamodb.{Stack.of(scope).region}.amazonaws.com"}},
    )


class ReportsData(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, municipality_id: str) -> None:
        super().__init__(scope, construct_id)

        self.key = kms.Key(
            self,
            "ReportsKey",
            alias=f"alias/{names.reports_table_name(municipality_id)}",
            description=f"Encrypts the reports of concern of {municipality_id} at rest",
            enable_key_rotation=True,
            pending_window=Duration.days(30),
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.table = dynamodb.Table(
            self,
            "Reports",
            table_name=names.reports_table_name(municipality_id),
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.key,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            time_to_live_attribute=TTL_ATTRIBUTE,
        )
        # Sparse: only reports whose lifecycle has not been confirmed started carry `lifecyclePending`.
        self.table.add_global_secondary_index(
            index_name=names.LIFECYCLE_PENDING_INDEX,
            partition_key=dynamodb.Attribute(
                name=LIFECYCLE_PENDING_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            sort_key=dynamodb.Attribute(name=RECEIVED_AT_ATTRIBUTE, type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=PENDING_INDEX_ATTRIBUTES,
        )
        # Sparse: only open reports carry `queue` (and the filter attributes); the staff queue pages through
        # them, never a scan.
        for index_name, partition in names.QUEUE_INDEXES.values():
            self.table.add_global_secondary_index(
                index_name=index_name,
                partition_key=dynamodb.Attribute(name=partition, type=dynamodb.AttributeType.STRING),
                sort_key=dynamodb.Attribute(
                    name=OPEN_QUEUE_SORT_ATTRIBUTE, type=dynamodb.AttributeType.STRING
                ),
                projection_type=dynamodb.ProjectionType.INCLUDE,
                non_key_attributes=list(names.OPEN_QUEUE_ATTRIBUTES),
            )

        # Sparse: only closed reports with a purge date (not held, not kept for research) carry
        # `purgeQueue`; the nightly gallring reads due ones by date, never a scan.
        self.table.add_global_secondary_index(
            index_name=names.PURGE_INDEX,
            partition_key=dynamodb.Attribute(name="purgeQueue", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="purgeOn", type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=list(names.PURGE_INDEX_ATTRIBUTES),
        )

        # Sparse: only reports with a hand-off still awaiting the case system carry `handoffQueue`; the
        # dispatcher reads those due by `handoffCheckAt` (functions/stores/handoffs.py), never a scan.
        self.table.add_global_secondary_index(
            index_name=names.HANDOFF_CHECK_INDEX,
            partition_key=dynamodb.Attribute(
                name=names.HANDOFF_QUEUE_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            sort_key=dynamodb.Attribute(
                name=names.HANDOFF_CHECK_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            projection_type=dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=["reportId"],
        )
        # Sparse: only reports with a follow-up of measures running carry `followUpQueue`; the hourly check
        # reads those due by `followUpCheckAt` (functions/stores/follow_ups.py).
        self.table.add_global_secondary_index(
            index_name=names.FOLLOW_UP_CHECK_INDEX,
            partition_key=dynamodb.Attribute(
                name=names.FOLLOW_UP_QUEUE_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            sort_key=dynamodb.Attribute(
                name=names.FOLLOW_UP_CHECK_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            projection_type=dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=["reportId"],
        )
        # Sparse: only reports whose återkoppling is prepared and neither sent nor withheld carry
        # `feedbackDue`; the queue's "Återkoppling att skicka", open and closed reports alike.
        self.table.add_global_secondary_index(
            index_name=names.FEEDBACK_DUE_INDEX,
            partition_key=dynamodb.Attribute(
                name=names.FEEDBACK_DUE_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            sort_key=dynamodb.Attribute(name=RECEIVED_AT_ATTRIBUTE, type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=list(names.FEEDBACK_DUE_ATTRIBUTES),
        )

    @property
    def lifecycle_pending_index_arn(self) -> str:
        return f"{self.table.table_arn}/index/{names.LIFECYCLE_PENDING_INDEX}"

    @property
    def queue_index_arns(self) -> list[str]:
        return [
            f"{self.table.table_arn}/index/{index}"
            for index in (*(index for index, _ in names.QUEUE_INDEXES.values()), names.FEEDBACK_DUE_INDEX)
        ]

    def item_statement(self, *actions: str) -> iam.PolicyStatement:
        """Item actions on the table itself (not its indexes). Never Scan, never DeleteItem."""
        forbidden = {"dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:*"} & set(actions)
        if forbidden:
            raise ValueError(f"not granted on the reports table: {sorted(forbidden)}")
        return iam.PolicyStatement(actions=list(actions), resources=[self.table.table_arn])

    def pending_index_query_statement(self) -> iam.PolicyStatement:
        return iam.PolicyStatement(actions=["dynamodb:Query"], resources=[self.lifecycle_pending_index_arn])

    def open_queue_query_statement(self) -> iam.PolicyStatement:
        return iam.PolicyStatement(actions=["dynamodb:Query"], resources=self.queue_index_arns)

    def purge_index_query_statement(self) -> iam.PolicyStatement:
        return iam.PolicyStatement(
            actions=["dynamodb:Query"], resources=[f"{self.table.table_arn}/index/{names.PURGE_INDEX}"]
        )

    def grant_purge(self, role: iam.IGrantable) -> None:
        """Gallring, the one function that deletes: its index, and deleting and marking report items."""
        principal = role.grant_principal
        principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["dynamodb:DeleteItem", "dynamodb:UpdateItem"],
                resources=[self.table.table_arn],
            )
        )
        principal.add_to_principal_policy(self.purge_index_query_statement())
        principal.add_to_principal_policy(self.key_statement())

    def person_lookup_query_statement(self) -> iam.PolicyStatement:
        """Query on the table for search by personnummer: only the PERSON# lookup partitions."""
        return iam.PolicyStatement(
            actions=["dynamodb:Query"],
            resources=[self.table.table_arn],
            conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["PERSON#*"]}},
        )

    def key_statement(self) -> iam.PolicyStatement:
        return key_via_dynamodb_statement(self, self.key)

    def grant_items(self, role: iam.IGrantable, *actions: str) -> None:
        role.grant_principal.add_to_principal_policy(self.item_statement(*actions))
        role.grant_principal.add_to_principal_policy(self.key_statement())

    def grant_report_items(self, role: iam.IGrantable, *actions: str) -> None:
        """Item actions on REPORT items only (partition `REPORT#…`): a function that works on reports already
        received and never on lookup entries, reporters' lists or submission records."""
        statement = self.item_statement(*actions)
        statement.add_condition("ForAllValues:StringLike", {"dynamodb:LeadingKeys": ["REPORT#*"]})
        role.grant_principal.add_to_principal_policy(statement)
        role.grant_principal.add_to_principal_policy(self.key_statement())
