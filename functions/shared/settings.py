"""Each function's environment as one validated model, read once per process (at its first use, in the cold
start) and never again: handlers read no raw os.environ. The keys live in names.py; the infra tests check that
the environment each deployed function gets satisfies its model (SETTINGS_BY_HANDLER)."""

import os
from functools import lru_cache
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, Json

from functions.domain.municipality import Municipality, load_municipality_cached
from functions.shared import names

_Set = Annotated[str, Field(min_length=1)]


class FunctionSettings(BaseModel):
    """What every function needs: the municipality's settings file. Other variables the process has (the
    local stack runs every function in one process) are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    municipality_config_file: _Set = Field(alias=names.ENV_MUNICIPALITY_CONFIG_FILE)

    @property
    def municipality(self) -> Municipality:
        return load_municipality_cached(self.municipality_config_file)


class ReportsSettings(FunctionSettings):
    reports_table_name: _Set = Field(alias=names.ENV_REPORTS_TABLE)


class LifecycleStartSettings(ReportsSettings):
    """The reconciler: starts the lifecycles of stored reports."""

    lifecycle_state_machine_arn: _Set = Field(alias=names.ENV_LIFECYCLE_STATE_MACHINE_ARN)


class IntakeSettings(LifecycleStartSettings):
    """Intake: stores reports, with their personnummer lookup entries where the municipality searches by
    personnummer (then the secret the keys are made with is named), and starts their lifecycles."""

    person_key_secret_name: _Set | None = Field(default=None, alias=names.ENV_PERSON_KEY_SECRET)
    # Where the municipality takes attachments: the bucket uploads go to and the key tokens are signed with.
    attachments_bucket_name: _Set | None = Field(default=None, alias=names.ENV_ATTACHMENTS_BUCKET)
    attachment_token_secret_name: _Set | None = Field(default=None, alias=names.ENV_ATTACHMENT_TOKEN_SECRET)
    # Where reporters sign in: their sessions (a signed-in report records who sent it).
    reporter_sessions_table_name: _Set | None = Field(default=None, alias=names.ENV_REPORTER_SESSIONS_TABLE)


class LifecycleSettings(ReportsSettings):
    """The checkpoint and await-staff tasks: the report's lifecycle record."""


class NotifySettings(FunctionSettings):
    """Sends a message and writes it into the audit timeline: no reports table. Records each channel
    delivered per lifecycle step, so that a retried task does not send it again."""

    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)
    idempotency_table_name: _Set = Field(alias=names.ENV_IDEMPOTENCY_TABLE)


class GallringSettings(ReportsSettings):
    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)
    # Attachments are purged with their report, and hand-off documents the case system has not acknowledged.
    attachments_bucket_name: _Set | None = Field(default=None, alias=names.ENV_ATTACHMENTS_BUCKET)
    handoff_bucket_name: _Set | None = Field(default=None, alias=names.ENV_HANDOFF_BUCKET)


class AttachmentScanSettings(ReportsSettings):
    """The scan result: moves or deletes a scanned file and records the outcome on its report."""

    attachments_bucket_name: _Set = Field(alias=names.ENV_ATTACHMENTS_BUCKET)


class StaffApiSettings(IntakeSettings):
    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)
    user_pool_id: _Set = Field(alias=names.ENV_USER_POOL_ID)
    user_pool_client_id: _Set = Field(alias=names.ENV_USER_POOL_CLIENT_ID)
    # Asked to deliver a decision's hand-off at once (asynchronously; its schedule catches up otherwise).
    handoff_dispatch_function_name: _Set = Field(alias=names.ENV_HANDOFF_DISPATCH_FUNCTION)
    # A hand-off registered by hand: its document leaves the bucket then.
    handoff_bucket_name: _Set | None = Field(default=None, alias=names.ENV_HANDOFF_BUCKET)


class HandoffDispatchSettings(ReportsSettings):
    """Delivers hand-offs to the case system's channel and alerts the intake team on those not acknowledged."""

    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)
    handoff_bucket_name: _Set = Field(alias=names.ENV_HANDOFF_BUCKET)
    handoff_event_bus_name: _Set = Field(alias=names.ENV_HANDOFF_EVENT_BUS)


class FollowUpSettings(ReportsSettings):
    """Reminds whoever follows up measures after an investigation: the reports, and the timeline it records in."""

    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)


class CaseSystemApiSettings(ReportsSettings):
    """The API the municipality's integration calls: fetch a hand-off, acknowledge it."""

    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)
    handoff_bucket_name: _Set = Field(alias=names.ENV_HANDOFF_BUCKET)
    case_system_token_secret_name: _Set = Field(alias=names.ENV_CASE_SYSTEM_TOKEN_SECRET)


class ProviderClient(BaseModel):
    """Where a reporter identity provider is and who Oro is to it (names.ENV_REPORTER_PROVIDERS)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    issuer: _Set
    client_id: _Set = Field(alias="clientId")
    client_secret_name: _Set | None = Field(default=None, alias="clientSecretName")


class ReporterSettings(ReportsSettings):
    """The reporter API (functions/reporter/): sign-in, sessions and the reporter's own reports, audited."""

    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)
    reporter_sessions_table_name: _Set = Field(alias=names.ENV_REPORTER_SESSIONS_TABLE)
    reporter_key_secret_name: _Set = Field(alias=names.ENV_REPORTER_KEY_SECRET)
    providers: Json[dict[str, ProviderClient]] = Field(alias=names.ENV_REPORTER_PROVIDERS)
    site_origin: _Set = Field(alias=names.ENV_SITE_ORIGIN)


class AuditTrailSettings(FunctionSettings):
    """The daily seal and its check: the audit table and the locked bucket, nothing of the reports."""

    audit_table_name: _Set = Field(alias=names.ENV_AUDIT_TABLE)
    audit_archive_bucket_name: _Set = Field(alias=names.ENV_AUDIT_ARCHIVE_BUCKET)


SETTINGS_BY_HANDLER: dict[str, type[FunctionSettings]] = {
    names.INTAKE_HANDLER: IntakeSettings,
    names.RECONCILER_HANDLER: LifecycleStartSettings,
    names.CHECKPOINT_HANDLER: LifecycleSettings,
    names.AWAIT_STAFF_HANDLER: LifecycleSettings,
    names.NOTIFY_HANDLER: NotifySettings,
    names.STAFF_API_HANDLER: StaffApiSettings,
    names.GALLRING_HANDLER: GallringSettings,
    names.AUDIT_SEAL_HANDLER: AuditTrailSettings,
    names.AUDIT_CHECK_HANDLER: AuditTrailSettings,
    names.ATTACHMENT_SCAN_HANDLER: AttachmentScanSettings,
    names.REPORTER_HANDLER: ReporterSettings,
    names.HANDOFF_DISPATCH_HANDLER: HandoffDispatchSettings,
    names.CASE_SYSTEM_API_HANDLER: CaseSystemApiSettings,
    names.FOLLOW_UP_HANDLER: FollowUpSettings,
}

Settings = TypeVar("Settings", bound=FunctionSettings)


@lru_cache(maxsize=8)
def settings_of(model: type[Settings]) -> Settings:
    """The function's settings, validated from its environment the first time they are asked for."""
    return model.model_validate(dict(os.environ))
