"""Resource names, environment keys and file locations shared by the functions, the CDK app and the local stack.

One place, so that the local stack creates exactly what the CDK app deploys and a wrong
env-var key fails a test instead of a deploy.
"""

from pathlib import Path

PROJECT = "oro"
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
LIFECYCLE_DEFINITION_FILE = Path(__file__).resolve().parents[1] / "lifecycle" / "lifecycle.asl.json"
MUNICIPALITIES_DIR = REPOSITORY_ROOT / "municipalities"
# Letter templates: letters/<municipality id>/<letter>.txt, else letters/default/<letter>.txt. Carried in the
# Lambda asset at the same path (infra/bundling.py).
LETTERS_DIR = MUNICIPALITIES_DIR / "letters"
DEFAULT_LETTERS = "default"
# The letters' font (Unicode: å, ä, ö and every name a reporter may have), from the npm package the form's
# PDF copy uses too; carried in the Lambda asset at the same path.
LETTER_FONT_FILE = REPOSITORY_ROOT / "node_modules" / "dejavu-fonts-ttf" / "ttf" / "DejaVuSans.ttf"
DEFAULT_MUNICIPALITY = "demo"

# Environment variable keys read by the functions (see functions/shared/settings.py).
ENV_MUNICIPALITY_CONFIG_FILE = "MUNICIPALITY_CONFIG_FILE"
ENV_REPORTS_TABLE = "REPORTS_TABLE_NAME"
ENV_LIFECYCLE_STATE_MACHINE_ARN = "LIFECYCLE_STATE_MACHINE_ARN"
# The Secrets Manager secret the personnummer lookup keys are made with (stores/person_keys.py); set only
# where the municipality searches by personnummer, only for the functions that make keys.
ENV_PERSON_KEY_SECRET = "PERSON_KEY_SECRET_NAME"  # noqa: S105 - the variable's name, not a secret

# Attachments (functions/domain/attachments.py): the bucket of the reporters' files, and the Secrets Manager
# secret the attachment tokens in receipts are signed with (only intake reads it).
ENV_ATTACHMENTS_BUCKET = "ATTACHMENTS_BUCKET_NAME"
ENV_ATTACHMENT_TOKEN_SECRET = "ATTACHMENT_TOKEN_SECRET_NAME"  # noqa: S105 - the variable's name, not a secret

# Sparse index of reports whose lifecycle has not been confirmed started (see stores/reports.py).
LIFECYCLE_PENDING_INDEX = "lifecycle-pending"
# Sparse index of open reports ordered by their nearest deadline: the staff queue (partition `queue`,
# "OPEN" while the report is open; sort key `nextDeadlineAt`, ISO UTC).
OPEN_QUEUE_INDEX = "open-by-deadline"
# The queue's filters, one sparse index each (same sort key and projection), so a filtered page reads only
# what it shows: filter → (index, partition attribute holding the filtered value while the report is open).
QUEUE_FILTER_INDEXES = {
    "status": ("open-by-phase", "queuePhase"),
    "channel": ("open-by-channel", "queueChannel"),
    "route": ("open-by-route", "queueRoute"),
    "review": ("awaiting-review", "awaitingReview"),
}
QUEUE_INDEXES = {"": (OPEN_QUEUE_INDEX, "queue"), **QUEUE_FILTER_INDEXES}
# Sparse index of reports whose återkoppling is prepared and neither sent nor withheld (partition
# `feedbackDue`, sort key `receivedAt`): the queue's "Återkoppling att skicka", open or closed reports alike
# (every decision "no investigation" closes a report before its feedback is sent).
FEEDBACK_DUE_INDEX = "feedback-due"
FEEDBACK_DUE_ATTRIBUTE = "feedbackDue"
# Sparse index of reports with a hand-off to the case system still awaiting it (functions/stores/handoffs.py):
# partition `handoffQueue` ("OPEN"), sort key `handoffCheckAt`, when the dispatcher must next look at it.
HANDOFF_CHECK_INDEX = "handoff-check"
HANDOFF_QUEUE_ATTRIBUTE = "handoffQueue"
HANDOFF_CHECK_ATTRIBUTE = "handoffCheckAt"
HANDOFF_OPEN = "OPEN"
# Sparse index of reports with a follow-up of measures running (functions/stores/follow_ups.py): partition
# `followUpQueue` ("OPEN"), sort key `followUpCheckAt`, when the follow-up check must next look at it.
FOLLOW_UP_CHECK_INDEX = "follow-up-check"
FOLLOW_UP_QUEUE_ATTRIBUTE = "followUpQueue"
FOLLOW_UP_CHECK_ATTRIBUTE = "followUpCheckAt"
# Sparse index of closed reports awaiting gallring (partition `purgeQueue`, sort key `purgeOn`, a date). It
# projects every key the purge needs, so a purged report costs one index item read and no table read.
PURGE_INDEX = "purge-due"
# Gallring runs each night at these hours, Swedish time: a run that meets the time limit stops, the next goes
# on; once all is done the later runs find nothing due.
GALLRING_HOURS = (2, 3, 4, 5)
GALLRING_TIMEZONE = "Europe/Stockholm"
PURGE_INDEX_ATTRIBUTES = (
    "reportId",
    "referenceNumber",
    "receivedAt",
    "submissionId",
    "personKeys",
    "birthDays",
    "purgeRule",
    "reporterKey",
)
OPEN_QUEUE_ATTRIBUTES = (
    "reportId",
    "referenceNumber",
    "receivedAt",
    "channel",
    "lifecycle",
    "routing",
    "acuteDanger",
    "violenceAgainstChild",
    "protectionAssessmentDeadline",
    "decisionDeadline",
    "investigationDeadline",
    "persons",  # each person's kind, rule, phase and proposal: the queue shows them
)
# What the feedback-due index projects: a queue row, and the feedback itself (the row's badge).
FEEDBACK_DUE_ATTRIBUTES = (*OPEN_QUEUE_ATTRIBUTES, "nextDeadlineAt", "feedback")
# The audit trail: one table, append-only. pk REPORT#<reportId> (a report's timeline), sk <at>#<entryId>;
# index by staff member and time for the log review.
AUDIT_BY_STAFF_INDEX = "by-staff"
# Every audit item by its UTC day (partition `auditDay`, "2026-11-30"; sort key `sk`): the daily seal reads
# one day's entries, and gallring the days past the audit retention, without a scan.
AUDIT_BY_DAY_INDEX = "by-day"
AUDIT_DAY_ATTRIBUTE = "auditDay"
# The locked copy of the audit trail (S3 Object Lock, compliance mode): each UTC day's entries and digest.
ENV_AUDIT_ARCHIVE_BUCKET = "AUDIT_ARCHIVE_BUCKET_NAME"
# The seal runs after midnight UTC (the day it seals has ended everywhere the trail's times are written);
# the check an hour later, over the recent days.
AUDIT_SEAL_HOUR_UTC = 0
AUDIT_SEAL_MINUTE_UTC = 20
AUDIT_CHECK_HOUR_UTC = 1
AUDIT_CHECK_MINUTE_UTC = 20

# Counted by the lifecycle with dimensions `limit` (a phase) and `municipality`; alarmed per limit.
LEGAL_LIMITS_MISSED_METRIC = "LegalLimitsMissed"
LEGAL_LIMITS = ("protection_assessment", "decision", "investigation")

# What the notify task delivered, per lifecycle step and channel (Powertools idempotency): a hash of ids, a
# status and an expiry, no personal data. Partition key `id`, TTL attribute `expiration`.
ENV_IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE_NAME"
IDEMPOTENCY_KEY_ATTRIBUTE = "id"
IDEMPOTENCY_EXPIRY_ATTRIBUTE = "expiration"

# Staff sign-in (Cognito): groups are roles.
ENV_AUDIT_TABLE = "AUDIT_TABLE_NAME"
ENV_USER_POOL_ID = "USER_POOL_ID"
ENV_USER_POOL_CLIENT_ID = "USER_POOL_CLIENT_ID"
STAFF_ROLES = ("mottagning", "forste_socialsekreterare", "socialjour", "admin", "granskare")

# Reporter sign-in (functions/reporter/): sign-in attempts and sessions (partition key `pk`, TTL `expiresAt`),
# the secret reporters' lookup keys are made with, and each provider's issuer and client (JSON: provider id →
# {"issuer", "clientId", "clientSecretName"?}), given by the CDK app from the municipality file and by the local
# stack for its local providers. The site's own origin is where the provider sends the reporter back.
ENV_REPORTER_SESSIONS_TABLE = "REPORTER_SESSIONS_TABLE_NAME"
ENV_REPORTER_KEY_SECRET = "REPORTER_KEY_SECRET_NAME"  # noqa: S105 - the variable's name, not a secret
ENV_REPORTER_PROVIDERS = "REPORTER_IDENTITY_PROVIDERS"
ENV_SITE_ORIGIN = "SITE_ORIGIN"
REPORTER_SESSION_EXPIRY_ATTRIBUTE = "expiresAt"
# The reporter's session token: an HttpOnly, SameSite=Strict cookie the reporter API sets and intake reads.
REPORTER_SESSION_COOKIE = "oro_reporter"

# The hand-off to the case system (functions/case_system/): the bucket its documents lie in (under
# HANDOFF_PREFIX), the EventBridge bus its "ready" events go to, the Secrets Manager secret holding the token the
# municipality's integration presents, and the function that delivers and alerts (which the staff API asks to
# deliver at once after a decision; its schedule catches up on anything missed).
ENV_HANDOFF_BUCKET = "HANDOFF_BUCKET_NAME"
ENV_HANDOFF_EVENT_BUS = "HANDOFF_EVENT_BUS_NAME"
ENV_CASE_SYSTEM_TOKEN_SECRET = "CASE_SYSTEM_TOKEN_SECRET_NAME"  # noqa: S105 - the variable's name, not a secret
ENV_HANDOFF_DISPATCH_FUNCTION = "HANDOFF_DISPATCH_FUNCTION_NAME"
HANDOFF_PREFIX = "handoffs/"
HANDOFF_DISPATCH_EVERY_MINUTES = 1
# A delivered document is deleted once settled; never kept longer than this in the bucket.
HANDOFF_OBJECT_DAYS = 30

# Placeholders in the lifecycle ASL file, filled by the CDK app and the local stack alike.
ASL_CHECKPOINT_FUNCTION_ARN = "CheckpointFunctionArn"
ASL_NOTIFY_FUNCTION_ARN = "NotifyFunctionArn"
ASL_AWAIT_STAFF_FUNCTION_ARN = "AwaitStaffFunctionArn"
ASL_DEAD_LETTER_QUEUE_URL = "NotificationDeadLetterQueueUrl"


def stack_name(municipality_id: str) -> str:
    return f"Oro-{municipality_id}"


def edge_stack_name(municipality_id: str) -> str:
    """The municipality's stack in us-east-1: its CloudFront-scope WAF."""
    return f"Oro-{municipality_id}-edge"


def resource_prefix(municipality_id: str) -> str:
    return f"{PROJECT}-{municipality_id}"


def reports_table_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-reports"


def lifecycle_state_machine_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-lifecycle"


def intake_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-intake"


def checkpoint_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-lifecycle-checkpoint"


def notify_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-notify"


def await_staff_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-await-staff"


def staff_api_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-staff-api"


def audit_table_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-audit"


def idempotency_table_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-notifications-sent"


def user_pool_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-staff"


def user_pool_client_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-dashboard"


def notification_dead_letter_queue_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-notification-dead-letters"


def attachment_scan_dead_letter_queue_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-attachment-scan-dead-letters"


def reconciler_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-lifecycle-reconciler"


def reconciler_schedule_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-lifecycle-reconciler"


def audit_archive_bucket_name(municipality_id: str, account: str) -> str:
    return f"{resource_prefix(municipality_id)}-audit-archive-{account}"


def audit_seal_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-audit-seal"


def audit_check_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-audit-check"


def audit_seal_schedule_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-audit-seal-daily"


def audit_check_schedule_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-audit-check-daily"


def gallring_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-gallring"


def gallring_schedule_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-gallring-nightly"


def person_key_secret_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}/person-lookup-key"


def reporter_sessions_table_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-reporter-sessions"


def reporter_key_secret_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}/reporter-lookup-key"


def reporter_client_secret_name(municipality_id: str, provider_id: str) -> str:
    return f"{resource_prefix(municipality_id)}/reporter-provider/{provider_id}"


def reporter_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-reporter"


def attachment_token_secret_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}/attachment-token-key"


def attachments_bucket_name(municipality_id: str, account: str) -> str:
    return f"{resource_prefix(municipality_id)}-attachments-{account}"


def attachment_scan_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-attachment-scan-result"


def malware_protection_role_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-malware-protection"


def operator_alarm_topic_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-operator-alarms"


def follow_up_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-follow-up"


def follow_up_schedule_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-follow-up-hourly"


def handoff_bucket_name(municipality_id: str, account: str) -> str:
    return f"{resource_prefix(municipality_id)}-handoffs-{account}"


def handoff_event_bus_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-case-system"


def case_system_token_secret_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}/case-system-token"


def handoff_dispatch_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-handoff-dispatch"


def handoff_dispatch_schedule_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-handoff-dispatch"


def case_system_api_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-case-system-api"


FORM_DIR = REPOSITORY_ROOT / "web" / "form"
# The dashboard lives beside the form in the same bucket (and distribution), under this prefix.
DASHBOARD_DIR = REPOSITORY_ROOT / "web" / "dashboard"
DASHBOARD_PREFIX = "dashboard/"
# What the form and the dashboard both load (web/shared/report-fields.js), in the same bucket under this prefix,
# with the form's headers.
SHARED_DIR = REPOSITORY_ROOT / "web" / "shared"
SHARED_PREFIX = "shared/"
# The message catalogues of the public form and API (locales/<language>.json), served beside the form under
# this prefix and carried in the Lambda asset (infra/bundling.py).
LOCALES_DIR = REPOSITORY_ROOT / "locales"
LOCALES_PREFIX = "locales/"
# What the form loads only for a PDF copy of a report (jsPDF and its font, built by infra/web_vendor.py from npm
# packages), served beside the form under this prefix.
VENDOR_PREFIX = "vendor/"
# The form's per-municipality settings, written beside the static files (see domain/public_settings.py).
FORM_CONFIG_FILE = "config.json"


def form_bucket_name(municipality_id: str, account: str) -> str:
    return f"{resource_prefix(municipality_id)}-form-{account}"


def municipality_config_file(municipality_id: str) -> Path:
    return MUNICIPALITIES_DIR / f"{municipality_id}.toml"


# Handler entry points, relative to the asset root (the repository root locally).
INTAKE_HANDLER = "functions.intake.handler.handler"
CHECKPOINT_HANDLER = "functions.lifecycle.checkpoint.handler"
NOTIFY_HANDLER = "functions.lifecycle.notify.handler"
AWAIT_STAFF_HANDLER = "functions.lifecycle.await_staff.handler"
STAFF_API_HANDLER = "functions.staff.api.handler"
RECONCILER_HANDLER = "functions.lifecycle.reconciler.handler"
GALLRING_HANDLER = "functions.gallring.handler.handler"
AUDIT_SEAL_HANDLER = "functions.audit_trail.handler.seal"
AUDIT_CHECK_HANDLER = "functions.audit_trail.handler.check"
ATTACHMENT_SCAN_HANDLER = "functions.attachments.scan_result.handler"
REPORTER_HANDLER = "functions.reporter.handler.handler"
HANDOFF_DISPATCH_HANDLER = "functions.case_system.dispatch.handler"
CASE_SYSTEM_API_HANDLER = "functions.case_system.api.handler"
FOLLOW_UP_HANDLER = "functions.follow_up.handler.handler"
