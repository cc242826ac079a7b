"""Attachments (functions/domain/attachments.py, functions/attachments/): the bucket reporters upload their
files to, the key the receipts' attachment tokens are signed with, GuardDuty Malware Protection for S3 on
the bucket's quarantine/ prefix, and the function its scan results go to through EventBridge.

- The bucket is private (public access blocked, the owner owns every object), encrypted with the
  municipality's own key (the reports table's: a file is as sensitive as the report), TLS only, and
  unversioned: gallring deletes a report's files and no old version may stay behind. Its CORS lets only the
  form's origin POST; quarantined files that never got a scan expire after two days.
- Intake may put objects under quarantine/ only (the presigned POST is signed with its role), the scan result
  function may read quarantine/, write clean/ and delete from quarantine/, the staff API may read clean/
  only (its download links), gallring may list and delete both prefixes. Report items are updated only in
  their `attachments` and `attachmentCount` attributes.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import Acknowledgment, CfnElement, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_guardduty as guardduty
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from functions.domain.attachments import CLEAN_PREFIX, QUARANTINE_PREFIX
from functions.shared import names
from infra import nag
from infra.constructs.data import ReportsData, key_via_dynamodb_statement
from infra.constructs.lambda_function import FunctionSpec, OroFunction

QUARANTINE_EXPIRY = Duration.days(2)
SCAN_DEAD_LETTER_RETENTION = Duration.days(14)  # SQS's maximum
SCAN_RESULT_DETAIL_TYPE = "GuardDuty Malware Protection Object Scan Result"
# What a report item's attachment writers may change, beside its key.
ATTACHMENT_ATTRIBUTES = ("pk", "sk", "attachments", "attachmentCount")
SECRET_LENGTH = 64


class Attachments(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        code: lambda_.Code,
        data: ReportsData,
    ) -> None:
        super().__init__(scope, construct_id)
        self._data = data
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            bucket_name=names.attachments_bucket_name(municipality_id, Stack.of(self).account),
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=data.key,
            bucket_key_enabled=True,  # one data key per bucket and period, not one KMS call per object
            enforce_ssl=True,
            versioned=False,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="ExpireUnscannedQuarantine",
                    prefix=QUARANTINE_PREFIX,
                    expiration=QUARANTINE_EXPIRY,
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        Validations.of(self.bucket).acknowledge(
            Acknowledgment(
                id=nag.rule("S1"),
                reason="Server access logs would record each uploader's IP address, and reports (with "
                "their files) may be anonymous. Every upload is recorded on its report, every scan result "
                "is logged by the scan-result function, and every staff download is in the audit trail.",
            )
        )
        self._token_secret_name = names.attachment_token_secret_name(municipality_id)
        self.token_secret = secretsmanager.Secret(
            self,
            "TokenKey",
            secret_name=self._token_secret_name,
            description=f"Key the attachment tokens in {municipality_id}'s receipts are signed with (HS256)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=SECRET_LENGTH, exclude_punctuation=True, include_space=False
            ),
            removal_policy=RemovalPolicy.DESTROY,
        )
        Validations.of(self.token_secret).acknowledge(
            Acknowledgment(
                id=nag.rule("SMG4"),
                reason="Not a credential: the signing key of attachment tokens that live an hour. Intake "
                "reads it once per process, so a rotation would refuse tokens given before it; only "
                "intake may read it.",
            )
        )

        scan = OroFunction(
            self,
            "ScanResult",
            spec=FunctionSpec(
                function_name=names.attachment_scan_function_name(municipality_id),
                handler=names.ATTACHMENT_SCAN_HANDLER,
                service="attachment-scan",
                description="GuardDuty's scan result for an attached file: clean to clean/, anything else deleted",
                memory_mb=256,
                timeout=Duration.seconds(30),
            ),
            code=code,
            environment={
                names.ENV_REPORTS_TABLE: data.table.table_name,
                names.ENV_ATTACHMENTS_BUCKET: self.bucket.bucket_name,
            },
        )
        # A scan result that could not be delivered or handled waits here, and an operator alarm says so: the
        # file would otherwise stay in quarantine unseen until it expires, and its report never say why.
        self.scan_dead_letters = sqs.Queue(
            self,
            "ScanResultDeadLetters",
            queue_name=names.attachment_scan_dead_letter_queue_name(municipality_id),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=SCAN_DEAD_LETTER_RETENTION,
            removal_policy=RemovalPolicy.RETAIN,
        )
        Validations.of(self.scan_dead_letters).acknowledge(
            Acknowledgment(
                id=nag.rule("SQS3"),
                reason="This queue is itself the dead-letter queue of the scan results: nothing consumes it "
                "automatically; an alarm on its visible messages tells the operators, who read it by hand.",
            )
        )
        # Declared here rather than with configure_async_invoke, whose grant adds queue reads the function
        # has no use for: it may only send its failed events.
        lambda_.CfnEventInvokeConfig(
            self,
            "ScanResultFailures",
            function_name=scan.function.function_name,
            qualifier="$LATEST",
            maximum_retry_attempts=2,
            destination_config=lambda_.CfnEventInvokeConfig.DestinationConfigProperty(
                on_failure=lambda_.CfnEventInvokeConfig.OnFailureProperty(
                    destination=self.scan_dead_letters.queue_arn
                )
            ),
        )
        scan.function.add_to_role_policy(
            iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[self.scan_dead_letters.queue_arn])
        )
        self._grant_attachment_records(scan.function, "dynamodb:GetItem", "dynamodb:UpdateItem")
        self._grant_objects(scan.function, QUARANTINE_PREFIX, "s3:GetObject", "s3:DeleteObject")
        self._grant_objects(scan.function, CLEAN_PREFIX, "s3:PutObject")
        self._grant_key(scan.function, "kms:Decrypt", "kms:GenerateDataKey")
        self.scan_function = scan.function

        plan_role = self._malware_protection_role(municipality_id)
        self.malware_protection = guardduty.CfnMalwareProtectionPlan(
            self,
            "MalwareProtection",
            role=plan_role.role_arn,
            protected_resource=guardduty.CfnMalwareProtectionPlan.CFNProtectedResourceProperty(
                s3_bucket=guardduty.CfnMalwareProtectionPlan.S3BucketProperty(
                    bucket_name=self.bucket.bucket_name, object_prefixes=[QUARANTINE_PREFIX]
                )
            ),
            actions=guardduty.CfnMalwareProtectionPlan.CFNActionsProperty(
                tagging=guardduty.CfnMalwareProtectionPlan.CFNTaggingProperty(status="ENABLED")
            ),
        )
        self.malware_protection.node.add_dependency(plan_role)
        self.scan_results = events.Rule(
            self,
            "ScanResults",
            description="GuardDuty's malware scan result for each file in the attachments bucket",
            event_pattern=events.EventPattern(
                source=["aws.guardduty"],
                detail_type=[SCAN_RESULT_DETAIL_TYPE],
                detail={"s3ObjectDetails": {"bucketName": [self.bucket.bucket_name]}},
            ),
            targets=[
                targets.LambdaFunction(
                    scan.function,
                    retry_attempts=20,
                    max_event_age=Duration.hours(24),
                    dead_letter_queue=self.scan_dead_letters,
                )
            ],
        )

    def _malware_protection_role(self, municipality_id: str) -> iam.Role:
        """What GuardDuty needs to scan and tag the bucket's objects and to manage its own EventBridge rule
        (the policy AWS documents for a malware protection plan, on this bucket only)."""
        stack = Stack.of(self)
        role = iam.Role(
            self,
            "MalwareProtectionRole",
            role_name=names.malware_protection_role_name(municipality_id),
            assumed_by=iam.ServicePrincipal("malware-protection-plan.guardduty.amazonaws.com"),
        )
        guardduty_rule = (
            f"arn:aws:events:{stack.region}:{stack.account}:rule/"
            "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"
        )
        guardduty_rule_finding = (
            f"arn:aws:events:{stack.region}:<AWS::AccountId>:rule/"
            "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"
        )
        statements = [
            iam.PolicyStatement(
                actions=["events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"],
                resources=[guardduty_rule],
                conditions={
                    "StringLike": {"events:ManagedBy": "malware-protection-plan.guardduty.amazonaws.com"}
                },
            ),
            iam.PolicyStatement(
                actions=["events:DescribeRule", "events:ListTargetsByRule"], resources=[guardduty_rule]
            ),
            iam.PolicyStatement(
                actions=["s3:PutBucketNotification", "s3:GetBucketNotification", "s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
            ),
            iam.PolicyStatement(
                actions=["s3:PutObject"],
                resources=[self.bucket.arn_for_objects("malware-protection-resource-validation-object")],
            ),
            iam.PolicyStatement(
                actions=["s3:GetObject", "s3:GetObjectTagging", "s3:PutObjectTagging"],
                resources=[self.bucket.arn_for_objects(f"{QUARANTINE_PREFIX}*")],
            ),
        ]
        for statement in statements:
            role.add_to_policy(statement)
        self._grant_key(role, "kms:Decrypt", "kms:GenerateDataKey")
        self._acknowledge_prefix(role, QUARANTINE_PREFIX)
        Validations.of(role).acknowledge(
            Acknowledgment(
                id=nag.rule("IAM5", f"Resource::{guardduty_rule_finding}"),
                reason="GuardDuty's own EventBridge rule has a generated suffix (DO-NOT-DELETE-"
                "AmazonGuardDutyMalwareProtectionS3*), and it scans every object under quarantine/.",
            )
        )
        return role

    def _grant_objects(self, function: lambda_.IFunction, prefix: str, *actions: str) -> None:
        function.add_to_role_policy(
            iam.PolicyStatement(actions=list(actions), resources=[self.bucket.arn_for_objects(f"{prefix}*")])
        )
        if function.role is not None:
            self._acknowledge_prefix(function.role, prefix)

    def _grant_key(self, grantee: iam.IGrantable, *actions: str) -> None:
        """The bucket's key, only through S3 in this region: reading a file decrypts, writing one makes a
        data key (a presigned request is made with its signer's rights, so the signer needs them)."""
        statement = iam.PolicyStatement(
            actions=list(actions),
            resources=[self._data.key.key_arn],
            conditions={"StringEquals": {"kms:ViaService": f"s3.{Stack.of(self).region}.amazonaws.com"}},
        )
        grantee.grant_principal.add_to_principal_policy(statement)

    def _acknowledge_prefix(self, role: iam.IRole, prefix: str) -> None:
        bucket_id = Stack.of(self).get_logical_id(cast(CfnElement, self.bucket.node.default_child))
        Validations.of(role).acknowledge(
            Acknowledgment(
                id=nag.rule("IAM5", f"Resource::<{bucket_id}.Arn>/{prefix}*"),
                reason=f"The attachments bucket's {prefix} prefix only: one object per attachment, named "
                "<report id>/<attachment id>, each new, so no narrower resource exists beforehand.",
            )
        )

    def _grant_attachment_records(self, function: lambda_.IFunction, *actions: str) -> None:
        """The report item, and of it only its attachment records."""
        function.add_to_role_policy(
            iam.PolicyStatement(
                actions=list(actions),
                resources=[self._data.table.table_arn],
                conditions={
                    "ForAllValues:StringEquals": {"dynamodb:Attributes": list(ATTACHMENT_ATTRIBUTES)}
                },
            )
        )
        function.add_to_role_policy(key_via_dynamodb_statement(self, self._data.key))

    def connect_intake(self, intake: lambda_.Function) -> None:
        """Intake signs the tokens and the presigned POSTs (into quarantine/ only) and records each offer."""
        intake.add_environment(names.ENV_ATTACHMENTS_BUCKET, self.bucket.bucket_name)
        intake.add_environment(names.ENV_ATTACHMENT_TOKEN_SECRET, self._token_secret_name)
        intake.add_to_role_policy(
            iam.PolicyStatement(
                actions=["secretsmanager:GetSecretValue"], resources=[self.token_secret.secret_arn]
            )
        )
        self._grant_objects(intake, QUARANTINE_PREFIX, "s3:PutObject")
        self._grant_key(intake, "kms:GenerateDataKey")
        self._grant_attachment_records(intake, "dynamodb:UpdateItem")

    def connect_staff(self, staff_api: lambda_.Function) -> None:
        """The staff API signs download links of clean files only."""
        staff_api.add_environment(names.ENV_ATTACHMENTS_BUCKET, self.bucket.bucket_name)
        self._grant_objects(staff_api, CLEAN_PREFIX, "s3:GetObject")
        self._grant_key(staff_api, "kms:Decrypt")

    def connect_gallring(self, gallring: lambda_.Function) -> None:
        """Gallring lists and deletes a purged report's files in both prefixes."""
        gallring.add_environment(names.ENV_ATTACHMENTS_BUCKET, self.bucket.bucket_name)
        for prefix in (QUARANTINE_PREFIX, CLEAN_PREFIX):
            self._grant_objects(gallring, prefix, "s3:DeleteObject")
        gallring.add_to_role_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{QUARANTINE_PREFIX}*", f"{CLEAN_PREFIX}*"]}},
            )
        )

    def allow_form_origins(self, origins: list[str]) -> None:
        """The form's pages POST the files straight to the bucket."""
        self.bucket.add_cors_rule(
            allowed_methods=[s3.HttpMethods.POST],
            allowed_origins=origins,
            allowed_headers=["*"],
            max_age=3000,
        )
