"""Creates, on the embedded AWS, the resources the CDK app deploys: same names, same ASL file, same config."""

import io
import json
import mimetypes
import secrets
import zipfile
from dataclasses import dataclass

from functions.domain.municipality import Municipality, Retention
from functions.domain.public_settings import dashboard_settings, public_form_settings  # noqa: F401 - dashboard_settings: the local config.json
from functions.shared import names
from functions.shared.lifecycle_definition import rendered_definition, substitutions
from infra import web_vendor

LOCAL_ACCOUNT = "123456789012"


@dataclass(frozen=True)
class LocalResources:
    reports_table_name: str
    state_machine_arn: str
    function_names: dict[str, str]
    form_bucket_name: str
    dead_letter_queue_url: str


def _placeholder_zip() -> bytes:
    # The code runs in-process through local/lambda_shim.py; moto only needs some package.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "Runs in-process from the repository's functions/ package.")
    return buffer.getvalue()


def _index(name: str, partition: str, sort: str, attributes: tuple[str, ...] | None = None) -> dict:
    projection = (
        {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(attributes)}
        if attributes
        else {"ProjectionType": "ALL"}
    )
    keys = [{"AttributeName": partition, "KeyType": "HASH"}, {"AttributeName": sort, "KeyType": "RANGE"}]
    return {"IndexName": name, "KeySchema": keys, "Projection": projection}


def _create_table(dynamodb, table_name: str, indexes: list[dict]) -> None:
    """A pk/sk table with string-keyed indexes, as the CDK app's data constructs define them."""
    key_names = ["pk", "sk"] + [key["AttributeName"] for index in indexes for key in index["KeySchema"]]
    dynamodb.create_table(
        TableName=table_name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": "S"} for name in dict.fromkeys(key_names)
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=indexes,
    )


def create_reports_table(dynamodb, table_name: str) -> None:
    _create_table(
        dynamodb,
        table_name,
        [
            _index(
                names.LIFECYCLE_PENDING_INDEX,
                "lifecyclePending",
                "receivedAt",
                ("reportId", "referenceNumber"),
            ),
            *(
                _index(index, partition, "nextDeadlineAt", names.OPEN_QUEUE_ATTRIBUTES)
                for index, partition in names.QUEUE_INDEXES.values()
            ),
            _index(names.PURGE_INDEX, "purgeQueue", "purgeOn", names.PURGE_INDEX_ATTRIBUTES),
            _index(
                names.FOLLOW_UP_CHECK_INDEX,
                names.FOLLOW_UP_QUEUE_ATTRIBUTE,
                names.FOLLOW_UP_CHECK_ATTRIBUTE,
                ("reportId",),
            ),
            _index(
                names.HANDOFF_CHECK_INDEX,
                names.HANDOFF_QUEUE_ATTRIBUTE,
                names.HANDOFF_CHECK_ATTRIBUTE,
                ("reportId",),
            ),
            _index(
                names.FEEDBACK_DUE_INDEX,
                names.FEEDBACK_DUE_ATTRIBUTE,
                "receivedAt",
                names.FEEDBACK_DUE_ATTRIBUTES,
            ),
        ],
    )
    dynamodb.update_time_to_live(
        TableName=table_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"}
    )


def create_audit_table(dynamodb, table_name: str) -> None:
    _create_table(
        dynamodb,
        table_name,
        [
            _index(names.AUDIT_BY_STAFF_INDEX, "staffId", "at"),
            _index(names.AUDIT_BY_DAY_INDEX, names.AUDIT_DAY_ATTRIBUTE, "sk"),
        ],
    )


def create_audit_archive_bucket(s3, bucket: str, region: str, retention: Retention) -> None:
    """The locked copy of the audit trail, as infra/constructs/audit.py makes it: Object Lock in compliance
    mode for the audit retention by default, and objects expire after it."""
    s3.create_bucket(
        Bucket=bucket,
        CreateBucketConfiguration={"LocationConstraint": region},
        ObjectLockEnabledForBucket=True,
    )
    s3.put_object_lock_configuration(
        Bucket=bucket,
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": retention.audit_lock_days}},
        },
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "ExpireAfterTheAuditRetention",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": retention.audit_archive_expiry_days},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
                }
            ]
        },
    )


def create_idempotency_table(dynamodb, table_name: str) -> None:
    """What the notify task delivered per lifecycle step and channel (Powertools idempotency records)."""
    dynamodb.create_table(
        TableName=table_name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": names.IDEMPOTENCY_KEY_ATTRIBUTE, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": names.IDEMPOTENCY_KEY_ATTRIBUTE, "KeyType": "HASH"}],
    )
    dynamodb.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": names.IDEMPOTENCY_EXPIRY_ATTRIBUTE},
    )


DEMO_PASSWORD = "Oro-demo-2026!"  # noqa: S105 - local demo users only; in AWS MFA and the pool's policy apply


def create_staff_pool(cognito, municipality_id: str, demo_users: bool) -> tuple[str, str, dict[str, str]]:
    """The staff user pool with one group per role, its dashboard client, and a demo user per role."""
    pool_id = cognito.create_user_pool(PoolName=names.user_pool_name(municipality_id))["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=names.user_pool_client_name(municipality_id),
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    users = {}
    for role in names.STAFF_ROLES:
        cognito.create_group(UserPoolId=pool_id, GroupName=role)
        if demo_users:
            username = f"demo-{role.replace('_', '-')}"
            cognito.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
            cognito.admin_set_user_password(
                UserPoolId=pool_id, Username=username, Password=DEMO_PASSWORD, Permanent=True
            )
            cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=role)
            users[role] = username
    return pool_id, client_id, users


DASHBOARD_DIR = names.DASHBOARD_DIR
DASHBOARD_PREFIX = names.DASHBOARD_PREFIX
# What the form and the dashboard both load (web/shared/report-fields.js), under /shared/: as the CDK app's
# deployment of it (infra/constructs/web.py).
SHARED_DIR = names.SHARED_DIR
SHARED_PREFIX = names.SHARED_PREFIX
# The message catalogues under /locales/, as the CDK app's deployment of them.
LOCALES_DIR = names.LOCALES_DIR
LOCALES_PREFIX = names.LOCALES_PREFIX
# jsPDF and its font for the form's PDF copy, under /vendor/, as the CDK app's deployment of them.
VENDOR_PREFIX = names.VENDOR_PREFIX


def _upload_directory(s3, bucket: str, directory, prefix: str = "", top_level_only: bool = False) -> None:
    for path in sorted(directory.glob("*") if top_level_only else directory.rglob("*")):
        if path.is_file() and path.name != ".gitkeep":
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            key = prefix + path.relative_to(directory).as_posix()
            s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type)


def upload_form(s3, bucket: str, municipality: Municipality) -> None:
    """What the CDK app's BucketDeployments put in the form bucket: web/form and the municipality's
    config.json, web/dashboard under dashboard/ (its config.json follows the sign-in pool, see
    upload_dashboard_config), web/shared under shared/, the message catalogues under locales/ and the PDF copy's
    library and font under vendor/."""
    _upload_directory(s3, bucket, names.FORM_DIR)
    settings = json.dumps(public_form_settings(municipality), ensure_ascii=False).encode()
    s3.put_object(Bucket=bucket, Key=names.FORM_CONFIG_FILE, Body=settings, ContentType="application/json")
    _upload_directory(s3, bucket, DASHBOARD_DIR, DASHBOARD_PREFIX)
    _upload_directory(s3, bucket, SHARED_DIR, SHARED_PREFIX)
    _upload_directory(
        s3, bucket, LOCALES_DIR, LOCALES_PREFIX, top_level_only=True
    )  # not the API's locales/api/
    _upload_directory(s3, bucket, web_vendor.vendor_directory(), VENDOR_PREFIX)


def upload_dashboard_config(s3, bucket: str, settings: dict) -> None:
    body = json.dumps(settings, ensure_ascii=False).encode()
    key = DASHBOARD_PREFIX + names.FORM_CONFIG_FILE
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json")


def create_person_key_secret(secretsmanager, municipality_id: str) -> None:
    """The municipality's own random key for personnummer lookup keys, as the CDK app's generated secret."""
    secretsmanager.create_secret(
        Name=names.person_key_secret_name(municipality_id),
        Description="Key of the personnummer lookup keys (HMAC-SHA256); never rotated",
        SecretString=secrets.token_urlsafe(48),
    )


def create_reporter_sign_in(session, municipality: Municipality) -> None:
    """Reporters' sessions (TTL on expiresAt), the key of their lookup keys and each provider's client secret,
    as infra/constructs/reporter.py (there an administrator fills in the secret the provider issued; the local
    providers take any)."""
    municipality_id = municipality.id
    for provider_id in municipality.reporter_identity_providers:
        session.client("secretsmanager").create_secret(
            Name=names.reporter_client_secret_name(municipality_id, provider_id),
            Description="Client secret at a reporter identity provider (local)",
            SecretString=secrets.token_urlsafe(32),
        )
    dynamodb = session.client("dynamodb")
    table_name = names.reporter_sessions_table_name(municipality_id)
    dynamodb.create_table(
        TableName=table_name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    )
    dynamodb.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": names.REPORTER_SESSION_EXPIRY_ATTRIBUTE},
    )
    session.client("secretsmanager").create_secret(
        Name=names.reporter_key_secret_name(municipality_id),
        Description="Key of reporters' lookup keys (HMAC-SHA256); never rotated",
        SecretString=secrets.token_urlsafe(48),
    )


# Quarantined files never scanned (GuardDuty failed to send, or the upload was abandoned) expire after this.
QUARANTINE_EXPIRY_DAYS = 2


def attachments_bucket_rules(form_origins: list[str]) -> tuple[dict, dict]:
    """The attachments bucket's CORS (the form's origins may POST) and lifecycle (unscanned quarantine
    objects expire), as infra/constructs/attachments.py sets them."""
    cors = {
        "CORSRules": [
            {
                "AllowedOrigins": form_origins,
                "AllowedMethods": ["POST"],
                "AllowedHeaders": ["*"],
                "MaxAgeSeconds": 3000,
            }
        ]
    }
    lifecycle = {
        "Rules": [
            {
                "ID": "ExpireUnscannedQuarantine",
                "Status": "Enabled",
                "Filter": {"Prefix": "quarantine/"},
                "Expiration": {"Days": QUARANTINE_EXPIRY_DAYS},
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
            }
        ]
    }
    return cors, lifecycle


def create_attachments(session, municipality: Municipality, form_origins: list[str]) -> str:
    """The attachments bucket and the key attachment tokens are signed with."""
    bucket = names.attachments_bucket_name(municipality.id, LOCAL_ACCOUNT)
    s3 = session.client("s3")
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": municipality.region})
    cors, lifecycle = attachments_bucket_rules(form_origins)
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=cors)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=lifecycle)
    session.client("secretsmanager").create_secret(
        Name=names.attachment_token_secret_name(municipality.id),
        Description="Key the attachment tokens in receipts are signed with (HMAC-SHA256)",
        SecretString=secrets.token_urlsafe(48),
    )
    return bucket


def handoff_bucket_lifecycle() -> dict:
    """A hand-off's document is removed once settled; anything left expires, as infra/constructs/case_system.py."""
    return {
        "Rules": [
            {
                "ID": "ExpireHandoffDocuments",
                "Status": "Enabled",
                "Filter": {"Prefix": names.HANDOFF_PREFIX},
                "Expiration": {"Days": names.HANDOFF_OBJECT_DAYS},
            }
        ]
    }


def create_case_system_channel(session, municipality: Municipality) -> None:
    """The hand-off bucket, the case-system event bus and the integration's token (infra/constructs/case_system.py)."""
    bucket = names.handoff_bucket_name(municipality.id, LOCAL_ACCOUNT)
    s3 = session.client("s3")
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": municipality.region})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=handoff_bucket_lifecycle())
    session.client("events").create_event_bus(Name=names.handoff_event_bus_name(municipality.id))
    session.client("secretsmanager").create_secret(
        Name=names.case_system_token_secret_name(municipality.id),
        Description="Bearer token the case system's integration presents to /api/case-system/",
        SecretString=secrets.token_urlsafe(32),
    )


def create_resources(
    session,
    municipality: Municipality,
    function_environment: dict[str, str],
    form_origins: tuple[str, ...] = (),
) -> LocalResources:
    """`session` is a boto3 Session whose clients reach the embedded AWS."""
    municipality_id = municipality.id
    table_name = names.reports_table_name(municipality_id)
    create_reports_table(session.client("dynamodb"), table_name)
    create_audit_table(session.client("dynamodb"), names.audit_table_name(municipality_id))
    create_idempotency_table(session.client("dynamodb"), names.idempotency_table_name(municipality_id))
    if municipality.personnummer_search:
        create_person_key_secret(session.client("secretsmanager"), municipality_id)
    if municipality.attachments.enabled:
        create_attachments(session, municipality, list(form_origins) or ["*"])
    if municipality.reporters_sign_in:
        create_reporter_sign_in(session, municipality)
    create_case_system_channel(session, municipality)

    iam = session.client("iam")
    role_arn = iam.create_role(
        RoleName=f"{names.resource_prefix(municipality_id)}-local-role",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]

    lambda_client = session.client("lambda")
    functions = {
        "intake": (names.intake_function_name(municipality_id), names.INTAKE_HANDLER),
        "reconciler": (names.reconciler_function_name(municipality_id), names.RECONCILER_HANDLER),
        "checkpoint": (names.checkpoint_function_name(municipality_id), names.CHECKPOINT_HANDLER),
        "notify": (names.notify_function_name(municipality_id), names.NOTIFY_HANDLER),
        "await_staff": (names.await_staff_function_name(municipality_id), names.AWAIT_STAFF_HANDLER),
        "staff_api": (names.staff_api_function_name(municipality_id), names.STAFF_API_HANDLER),
        "gallring": (names.gallring_function_name(municipality_id), names.GALLRING_HANDLER),
        "audit_seal": (names.audit_seal_function_name(municipality_id), names.AUDIT_SEAL_HANDLER),
        "audit_check": (names.audit_check_function_name(municipality_id), names.AUDIT_CHECK_HANDLER),
        "attachment_scan": (
            names.attachment_scan_function_name(municipality_id),
            names.ATTACHMENT_SCAN_HANDLER,
        ),
        "reporter": (names.reporter_function_name(municipality_id), names.REPORTER_HANDLER),
        "handoff_dispatch": (
            names.handoff_dispatch_function_name(municipality_id),
            names.HANDOFF_DISPATCH_HANDLER,
        ),
        "case_system_api": (
            names.case_system_api_function_name(municipality_id),
            names.CASE_SYSTEM_API_HANDLER,
        ),
        "follow_up": (names.follow_up_function_name(municipality_id), names.FOLLOW_UP_HANDLER),
    }
    function_arns = {}
    for key, (function_name, handler) in functions.items():
        function_arns[key] = lambda_client.create_function(
            FunctionName=function_name,
            Runtime="python3.13",
            Architectures=["arm64"],
            Role=role_arn,
            Handler=handler,
            Code={"ZipFile": _placeholder_zip()},
            Timeout=30,
            Environment={"Variables": function_environment},
        )["FunctionArn"]

    form_bucket = names.form_bucket_name(municipality_id, LOCAL_ACCOUNT)
    s3 = session.client("s3")
    s3.create_bucket(
        Bucket=form_bucket, CreateBucketConfiguration={"LocationConstraint": municipality.region}
    )
    upload_form(s3, form_bucket, municipality)
    create_audit_archive_bucket(
        s3,
        names.audit_archive_bucket_name(municipality_id, LOCAL_ACCOUNT),
        municipality.region,
        municipality.retention,
    )

    session.client("sns").create_topic(Name=names.operator_alarm_topic_name(municipality_id))
    # The schedule exists as in AWS; locally the stack's own timer invokes the same function (moto's
    # scheduler does not fire).
    session.client("scheduler").create_schedule(
        Name=names.reconciler_schedule_name(municipality_id),
        ScheduleExpression="rate(5 minutes)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": function_arns["reconciler"], "RoleArn": role_arn},
    )
    session.client("scheduler").create_schedule(
        Name=names.handoff_dispatch_schedule_name(municipality_id),
        ScheduleExpression=f"rate({names.HANDOFF_DISPATCH_EVERY_MINUTES} minute)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": function_arns["handoff_dispatch"], "RoleArn": role_arn},
    )
    session.client("scheduler").create_schedule(
        Name=names.follow_up_schedule_name(municipality_id),
        ScheduleExpression="rate(1 hour)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": function_arns["follow_up"], "RoleArn": role_arn},
    )
    session.client("scheduler").create_schedule(
        Name=names.gallring_schedule_name(municipality_id),
        ScheduleExpression=f"cron(0 {min(names.GALLRING_HOURS)}-{max(names.GALLRING_HOURS)} * * ? *)",
        ScheduleExpressionTimezone=names.GALLRING_TIMEZONE,
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": function_arns["gallring"], "RoleArn": role_arn},
    )

    for key, schedule_name, hour, minute in (
        (
            "audit_seal",
            names.audit_seal_schedule_name(municipality_id),
            names.AUDIT_SEAL_HOUR_UTC,
            names.AUDIT_SEAL_MINUTE_UTC,
        ),
        (
            "audit_check",
            names.audit_check_schedule_name(municipality_id),
            names.AUDIT_CHECK_HOUR_UTC,
            names.AUDIT_CHECK_MINUTE_UTC,
        ),
    ):
        session.client("scheduler").create_schedule(
            Name=schedule_name,
            ScheduleExpression=f"cron({minute} {hour} * * ? *)",
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": function_arns[key], "RoleArn": role_arn},
        )

    sender_domain = str(municipality.sender_email).split("@", 1)[1]
    session.client("sesv2").create_email_identity(EmailIdentity=sender_domain)
    session.client("ses").verify_domain_identity(Domain=sender_domain)

    dead_letter_queue_url = session.client("sqs").create_queue(
        QueueName=names.notification_dead_letter_queue_name(municipality_id)
    )["QueueUrl"]
    definition = rendered_definition(
        substitutions(
            checkpoint_function_arn=function_arns["checkpoint"],
            notify_function_arn=function_arns["notify"],
            await_staff_function_arn=function_arns["await_staff"],
            dead_letter_queue_url=dead_letter_queue_url,
        )
    )
    state_machine_arn = session.client("stepfunctions").create_state_machine(
        name=names.lifecycle_state_machine_name(municipality_id),
        definition=definition,
        roleArn=role_arn,
        type="STANDARD",
    )["stateMachineArn"]
    return LocalResources(
        reports_table_name=table_name,
        state_machine_arn=state_machine_arn,
        function_names={key: function_name for key, (function_name, _) in functions.items()},
        form_bucket_name=form_bucket,
        dead_letter_queue_url=dead_letter_queue_url,
    )
