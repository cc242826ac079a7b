"""The audit trail of staff reads and writes: one append-only table.

pk REPORT#<reportId> (a report's timeline), sk <at>#<entryId>; the by-staff index (staffId, at) serves the
granskare's log review. Encrypted with the reports' key, on demand, with PITR and deletion protection.

Append-only is enforced by the table's resource-based policy: it denies every principal, the account's
administrators included, dynamodb:UpdateItem, DeleteItem, BatchWriteItem (which can delete), PartiQLUpdate
and PartiQLDelete. An explicit Deny in a resource policy wins over any Allow in any identity policy, so no
role granted later can alter an entry. PutItem, GetItem and Query are not denied; who may call them is up to
the identity policies (the staff API: PutItem and Query only). Whoever may dynamodb:PutResourcePolicy can
lift the Deny; that is an administrative change CloudTrail records, not something any function may do.
DeleteItem is denied to every principal but the gallring's role, which purges the entries past the audit
retention (grant_purge); a deletion of a newer entry by that role is found by the daily check.

The by-day index (auditDay, sk) lets the daily seal read one UTC day, and gallring the days past the
retention. The locked copy (the archive bucket): S3 Object Lock in compliance mode, by default for the
municipality's audit retention, so no one, the account's root included, can delete or replace an object
version before then; versioned, SSE-S3 (a KMS key could be scheduled for deletion and leave the locked
copy unreadable: with S3's own key no one can), TLS only, no public access, its own access logs, and every
object expires after its lock (Retention.audit_archive_expiry_days, functions/domain/municipality.py).
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from functions.domain.municipality import Retention
from functions.shared import names
from infra.constructs.data import key_via_dynamodb_statement

STAFF_ID_ATTRIBUTE = "staffId"
AT_ATTRIBUTE = "at"
# Every way to change or remove an existing item. BatchWriteItem may delete, so it goes too: appends use
# PutItem (with a condition that the key is new).
DENIED_ACTIONS = (
    "dynamodb:UpdateItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
)
# Denied to all but the purger (the gallring's role): removing the entries past the audit retention.
PURGE_ACTIONS = ("dynamodb:DeleteItem",)
APPEND_ACTIONS = ("dynamodb:PutItem",)
READ_ACTIONS = ("dynamodb:Query",)


class AuditTrail(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        key: kms.IKey,
        retention: Retention,
    ) -> None:
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
        self.no_delete_statement = iam.PolicyStatement(
            sid="NoDeleteButThePurge",
            effect=iam.Effect.DENY,
            principals=[iam.AnyPrincipal()],
            actions=list(PURGE_ACTIONS),
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
            resource_policy=iam.PolicyDocument(
                statements=[self.append_only_statement, self.no_delete_statement]
            ),
        )
        self.table.add_global_secondary_index(
            index_name=names.AUDIT_BY_STAFF_INDEX,
            partition_key=dynamodb.Attribute(name=STAFF_ID_ATTRIBUTE, type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name=AT_ATTRIBUTE, type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,
        )

        self.table.add_global_secondary_index(
            index_name=names.AUDIT_BY_DAY_INDEX,
            partition_key=dynamodb.Attribute(
                name=names.AUDIT_DAY_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,  # the seal digests and copies whole items
        )
        self.archive = self._archive_bucket(municipality_id, retention)

    def _archive_bucket(self, municipality_id: str, retention: Retention) -> s3.Bucket:
        expiry = Duration.days(retention.audit_archive_expiry_days)
        access_logs = s3.Bucket(
            self,
            "ArchiveAccessLogs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[
                s3.LifecycleRule(expiration=expiry, noncurrent_version_expiration=Duration.days(1))
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        return s3.Bucket(
            self,
            "Archive",
            bucket_name=names.audit_archive_bucket_name(municipality_id, Stack.of(self).account),
            object_lock_enabled=True,  # versioning comes with it
            object_lock_default_retention=s3.ObjectLockRetention.compliance(
                Duration.days(retention.audit_lock_days)
            ),
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="audit-archive/",
            # After the lock: the current version gets a delete marker, then the locked one goes.
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="ExpireAfterTheAuditRetention",
                    expiration=expiry,
                    noncurrent_version_expiration=Duration.days(1),
                    expired_object_delete_marker=False,
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )

    @property
    def by_day_index_arn(self) -> str:
        return f"{self.table.table_arn}/index/{names.AUDIT_BY_DAY_INDEX}"

    def grant_seal(self, role: iam.IGrantable) -> None:
        """Query on the by-day index; the archive: put new objects, read them and list the seals. The
        bucket's default retention locks each object, so no s3:PutObjectRetention."""
        principal = role.grant_principal
        principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(READ_ACTIONS), resources=[self.by_day_index_arn])
        )
        principal.add_to_principal_policy(key_via_dynamodb_statement(self, self.key))
        principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:PutObject", "s3:GetObject"], resources=[self.archive.arn_for_objects("*")]
            )
        )
        principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["s3:ListBucket"], resources=[self.archive.bucket_arn])
        )

    def grant_check(self, role: iam.IGrantable) -> None:
        """Query on the by-day index; the archive: read objects and list them with their versions."""
        principal = role.grant_principal
        principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(READ_ACTIONS), resources=[self.by_day_index_arn])
        )
        principal.add_to_principal_policy(key_via_dynamodb_statement(self, self.key))
        principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["s3:GetObject"], resources=[self.archive.arn_for_objects("*")])
        )
        principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucket", "s3:ListBucketVersions"], resources=[self.archive.bucket_arn]
            )
        )

    def grant_purge(self, role: iam.Role) -> None:
        """DeleteItem on the table and Query on the by-day index: the gallring purges the entries past the
        audit retention. The table's policy lets this role, and no other, delete."""
        self.no_delete_statement.add_condition("ArnNotEquals", {"aws:PrincipalArn": role.role_arn})
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(PURGE_ACTIONS), resources=[self.table.table_arn])
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(READ_ACTIONS), resources=[self.by_day_index_arn])
        )
        role.add_to_principal_policy(key_via_dynamodb_statement(self, self.key))

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
