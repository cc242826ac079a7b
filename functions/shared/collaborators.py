"""The stores and clients a handler passes to its logic: built on first use, once per process, from the
function's settings. Handlers import what they need; nothing is built at import time."""

from functools import lru_cache

from functions.lifecycle.starter import LifecycleStarter
from functions.shared.aws import client
from functions.shared.settings import (
    IntakeSettings,
    LifecycleStartSettings,
    ReporterSettings,
    ReportsSettings,
)
from functions.stores.person_keys import NoPersonKeySecret, PersonKeys
from functions.stores.reports import ReportsStore


@lru_cache(maxsize=2)
def person_keys(settings: IntakeSettings) -> PersonKeys:
    """Lookup keys under the municipality's secret, read with Powertools at the first key made and kept for
    the life of the process (a lookup key is never rotated: docs/architecture.md)."""
    secret_name = settings.person_key_secret_name

    def read_secret() -> str | bytes:
        if not secret_name:
            raise NoPersonKeySecret()
        # Imported here: only a function that makes a key pays for the parameters utility at cold start.
        from aws_lambda_powertools.utilities import parameters

        return parameters.get_secret(secret_name)

    return PersonKeys(read_secret)


@lru_cache(maxsize=2)
def reports_store(settings: ReportsSettings) -> ReportsStore:
    # Only the writers of new reports (intake, the staff API's registration) make lookup keys.
    keys = person_keys(settings) if isinstance(settings, IntakeSettings) else None
    return ReportsStore(settings.reports_table_name, client("dynamodb"), keys)


@lru_cache(maxsize=2)
def lifecycle_store(settings: ReportsSettings):
    # Imported here so the intake's cold start does not load the lifecycle's calendar and holidays.
    from functions.stores.lifecycle import LifecycleStore

    return LifecycleStore(settings.reports_table_name, client("dynamodb"))


@lru_cache(maxsize=2)
def lifecycle_starter(settings: LifecycleStartSettings) -> LifecycleStarter:
    return LifecycleStarter(settings.lifecycle_state_machine_arn, client("stepfunctions"))


@lru_cache(maxsize=2)
def attachment_store(settings: ReportsSettings):
    """The attachments bucket and the report items' attachment records; None where attachments are off."""
    from functions.stores.attachments import AttachmentStore

    bucket = getattr(settings, "attachments_bucket_name", None)
    if not bucket:
        return None
    return AttachmentStore(bucket, client("s3"), settings.reports_table_name, client("dynamodb"))


@lru_cache(maxsize=2)
def attachment_token_key(settings: IntakeSettings) -> str | None:
    """The key attachment tokens are signed with (Secrets Manager, read once per process)."""
    if not settings.attachment_token_secret_name:
        return None
    from aws_lambda_powertools.utilities import parameters

    return str(parameters.get_secret(settings.attachment_token_secret_name))


def reporter_sessions(settings: IntakeSettings | ReporterSettings):
    """Reporters' sign-in attempts and sessions; None where this function has no sessions table."""
    if not settings.reporter_sessions_table_name:
        return None
    return _reporter_sessions(settings.reporter_sessions_table_name)


@lru_cache(maxsize=2)
def _reporter_sessions(table_name: str):
    from functions.stores.reporter_sessions import ReporterSessions

    return ReporterSessions(table_name, client("dynamodb"))


@lru_cache(maxsize=2)
def reporter_keys(secret_name: str) -> PersonKeys:
    """Reporters' lookup keys: an HMAC under their own secret (a citizen's is made from the personnummer)."""
    from aws_lambda_powertools.utilities import parameters

    return PersonKeys(lambda: parameters.get_secret(secret_name))
