"""The hand-off to the case system (functions/case_system/): the outbound channel the municipality's
integration reads, and the two functions on either side of it.

- The channel: a bucket of hand-off documents (under `handoffs/`, encrypted with the municipality's key,
  removed once acknowledged, expiring after 30 days whatever happens) and an EventBridge bus on which each
  delivery announces itself with ids only. The integration subscribes with a rule of its own (to its queue,
  or an API destination) and fetches the document through /api/case-system/, so every read is audited and
  moves the status chain; it holds a bearer token (a generated secret), never AWS credentials of ours.
- The dispatcher: delivers what decisions prepared and alerts the intake team by e-mail on what the case
  system has not acknowledged in time. The schedule runs it every minute; the staff API invokes it
  asynchronously after a decision, so delivery does not wait for the next minute.
- The case-system API function: fetches (reads the document, records `fetched`) and acknowledgements.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import Acknowledgment, CfnElement, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from functions.shared import names
from infra import nag
from infra.constructs.audit import AuditTrail
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import FunctionSpec, OroFunction
from infra.constructs.lifecycle import Lifecycle

TOKEN_LENGTH = 48
HANDOFF_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem")


class CaseSystemHandoff(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        code: lambda_.Code,
        data: ReportsData,
        audit: AuditTrail,
        lifecycle: Lifecycle,
    ) -> None:
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Documents",
            bucket_name=names.handoff_bucket_name(municipality_id, Stack.of(self).account),
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=data.key,
            bucket_key_enabled=True,
            enforce_ssl=True,
            versioned=False,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="ExpireHandoffDocuments",
                    prefix=names.HANDOFF_PREFIX,
                    expiration=Duration.days(names.HANDOFF_OBJECT_DAYS),
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        Validations.of(self.bucket).acknowledge(
            Acknowledgment(
                id=nag.rule("S1"),
                reason="Only Oro's own functions read and write here; every delivery, fetch and "
                "acknowledgement is in the report's audit timeline, which access logs would only repeat.",
            )
        )
        self.event_bus = events.EventBus(
            self, "Bus", event_bus_name=names.handoff_event_bus_name(municipality_id)
        )
        self.token = secretsmanager.Secret(
            self,
            "IntegrationToken",
            secret_name=names.case_system_token_secret_name(municipality_id),
            description=f"Bearer token {municipality_id}'s case-system integration presents to /api/case-system/",
            encryption_key=data.key,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=TOKEN_LENGTH, exclude_punctuation=True, include_space=False
            ),
            removal_policy=RemovalPolicy.DESTROY,
        )
        Validations.of(self.token).acknowledge(
            Acknowledgment(
                id=nag.rule("SMG4"),
                reason="Shared with the municipality's integration, which must be given a new value when it "
                "changes: an administrator rotates it with the integration's owner. The API reads it "
                "with a five-minute cache, so a new value takes effect without a deploy.",
            )
        )

        dispatch = OroFunction(
            self,
            "Dispatch",
            spec=FunctionSpec(
                function_name=names.handoff_dispatch_function_name(municipality_id),
                handler=names.HANDOFF_DISPATCH_HANDLER,
                service="case-system",
                description="Delivers decided persons' hand-offs to the case system; alerts when not acknowledged",
                memory_mb=512,  # as the staff API, which makes the same PDFs
                timeout=Duration.minutes(2),
            ),
            code=code,
            environment={
                names.ENV_REPORTS_TABLE: data.table.table_name,
                names.ENV_AUDIT_TABLE: audit.table.table_name,
                names.ENV_HANDOFF_BUCKET: self.bucket.bucket_name,
                names.ENV_HANDOFF_EVENT_BUS: self.event_bus.event_bus_name,
            },
        )
        data.grant_report_items(dispatch.role, *HANDOFF_TABLE_ACTIONS)
        dispatch.add_to_role_policy(
            iam.PolicyStatement(
                actions=["dynamodb:Query"],
                resources=[f"{data.table.table_arn}/index/{names.HANDOFF_CHECK_INDEX}"],
            ),
            iam.PolicyStatement(
                actions=["s3:PutObject"], resources=[self.bucket.arn_for_objects(f"{names.HANDOFF_PREFIX}*")]
            ),
            self._key_via(data, "s3", "kms:GenerateDataKey", "kms:Encrypt"),
            iam.PolicyStatement(actions=["events:PutEvents"], resources=[self.event_bus.event_bus_arn]),
        )
        audit.grant_append(dispatch.role)
        lifecycle.grant_send_email(dispatch.function)
        self._acknowledge_documents(dispatch.role)
        self.dispatch = dispatch.function

        api = OroFunction(
            self,
            "Api",
            spec=FunctionSpec(
                function_name=names.case_system_api_function_name(municipality_id),
                handler=names.CASE_SYSTEM_API_HANDLER,
                service="case-system",
                description="The case-system integration fetches and acknowledges hand-offs",
                memory_mb=512,
                timeout=Duration.seconds(15),
            ),
            code=code,
            environment={
                names.ENV_REPORTS_TABLE: data.table.table_name,
                names.ENV_AUDIT_TABLE: audit.table.table_name,
                names.ENV_HANDOFF_BUCKET: self.bucket.bucket_name,
                names.ENV_CASE_SYSTEM_TOKEN_SECRET: self.token.secret_name,
            },
        )
        data.grant_report_items(api.role, *HANDOFF_TABLE_ACTIONS)
        api.add_to_role_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject", "s3:DeleteObject"],
                resources=[self.bucket.arn_for_objects(f"{names.HANDOFF_PREFIX}*")],
            ),
            self._key_via(data, "s3", "kms:Decrypt"),
        )
        audit.grant_append(api.role)
        # The token and nothing more of Secrets Manager (grant_read would add DescribeSecret).
        api.add_to_role_policy(
            iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[self.token.secret_arn]),
            self._key_via(data, "secretsmanager", "kms:Decrypt"),
        )
        self._acknowledge_documents(api.role)
        self.api = api.function

    def _acknowledge_documents(self, role: iam.IRole) -> None:
        bucket_id = Stack.of(self).get_logical_id(cast(CfnElement, self.bucket.node.default_child))
        Validations.of(role).acknowledge(
            Acknowledgment(
                id=nag.rule("IAM5", f"Resource::<{bucket_id}.Arn>/{names.HANDOFF_PREFIX}*"),
                reason="The hand-off bucket's handoffs/ prefix only: one document per hand-off, named by its "
                "id, each new when delivered, so no narrower resource exists beforehand.",
            )
        )

    @staticmethod
    def _key_via(data: ReportsData, service: str, *actions: str) -> iam.PolicyStatement:
        """The municipality's key, only through `service` in this region."""
        return iam.PolicyStatement(
            actions=list(actions),
            resources=[data.key.key_arn],
            conditions={"StringEquals": {"kms:ViaService": f"{service}.{Stack.of(data).region}.amazonaws.com"}},
        )

    def connect_gallring(self, gallring: lambda_.Function) -> None:
        """Gallring lists and deletes a purged report's documents the case system has not acknowledged."""
        gallring.add_environment(names.ENV_HANDOFF_BUCKET, self.bucket.bucket_name)
        gallring.add_to_role_policy(
            iam.PolicyStatement(
                actions=["s3:DeleteObject"], resources=[self.bucket.arn_for_objects(f"{names.HANDOFF_PREFIX}*")]
            )
        )
        gallring.add_to_role_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{names.HANDOFF_PREFIX}*"]}},
            )
        )
        self._acknowledge_documents(cast(iam.IRole, gallring.role))

    def connect_staff(self, staff: lambda_.Function) -> None:
        """The staff API asks for delivery at once after approving a decision (an asynchronous invocation)."""
        staff.add_environment(names.ENV_HANDOFF_DISPATCH_FUNCTION, self.dispatch.function_name)
        self.dispatch.grant_invoke(staff)
        # A hand-off registered by hand: its document leaves the bucket (nothing else of the bucket).
        staff.add_environment(names.ENV_HANDOFF_BUCKET, self.bucket.bucket_name)
        staff.add_to_role_policy(
            iam.PolicyStatement(
                actions=["s3:DeleteObject"], resources=[self.bucket.arn_for_objects(f"{names.HANDOFF_PREFIX}*")]
            )
        )
        self._acknowledge_documents(cast(iam.IRole, staff.role))
        dispatch_id = Stack.of(self).get_logical_id(cast(CfnElement, self.dispatch.node.default_child))
        Validations.of(cast(iam.IRole, staff.role)).acknowledge(
            Acknowledgment(
                id=nag.rule("IAM5", f"Resource::<{dispatch_id}.Arn>:*"),
                reason="lambda:InvokeFunction on the dispatcher and its versions (ARN:*), as grant_invoke "
                "writes it: the staff API may invoke the dispatcher and no other function.",
            )
        )
