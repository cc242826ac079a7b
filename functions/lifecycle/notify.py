"""Lifecycle task: sends one notification by SMS (SNS) and/or e-mail (SES) to a configured recipient.

It is given ids, a message kind, counts and a due time, never the report, so it cannot leak its content.
Each channel is sent on its own; what was delivered (to whom, which kind, by which channels, and which
failed) goes into the report's audit timeline. The step counts as alerted when at least one channel
delivered. When none did, the task fails with NothingDelivered: the state machine retries it with backoff,
then puts the notification on the dead-letter queue (with an operator alarm) and goes on; an escalation
moves to its next step at once instead of waiting for an acknowledgement of an alert nobody got.
"""

from collections.abc import Callable
from functools import lru_cache

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyPersistenceLayerError
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.lifecycle import Notification
from functions.shared import names
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.messaging import Messenger
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import NotifySettings, settings_of
from functions.stores.audit import AuditStore


class NotifyRequest(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    report_id: str
    reference_number: str
    notification: Notification
    # The lifecycle step that sends: its state's name and entry time (the context object's), the same
    # across the task's retries and different for every step, even one sending the same notification again.
    step_name: str | None = None
    step_entered_at: str | None = None

    @property
    def step(self) -> str | None:
        return f"{self.step_name}@{self.step_entered_at}" if self.step_name and self.step_entered_at else None


class NothingDelivered(Exception):
    """No channel of the notification was delivered (the name is the error Step Functions sees)."""


# A step's retries take seconds to minutes; a record outlives them by far, then DynamoDB's TTL removes it.
SENT_RECORD_EXPIRY_SECONDS = 24 * 3600
_idempotency_config = IdempotencyConfig(expires_after_seconds=SENT_RECORD_EXPIRY_SECONDS)


def _once_per_step(persistence: DynamoDBPersistenceLayer) -> Callable[[Callable[[], None], dict], object]:
    """Runs a channel's sending unless it completed before under the same key (report, step, channel). A
    sending that raises is not recorded, so the next attempt sends it. When the records cannot be read or
    written, an alert sent twice is better than none: the channel is sent (or counts as sent) regardless."""

    @idempotent_function(
        data_keyword_argument="key", persistence_store=persistence, config=_idempotency_config
    )
    def send_channel(key: dict, send: Callable[[], None], progress: list[str]) -> str:
        # Only `key` makes the record; `send` and `progress` are this attempt's own.
        progress.append("attempted")
        send()
        progress.append("sent")
        return key["channel"]

    def run(send: Callable[[], None], key: dict) -> object:
        progress: list[str] = []
        try:
            return send_channel(key=key, send=send, progress=progress)
        except IdempotencyPersistenceLayerError:
            if "sent" in progress:  # delivered, but not recorded: a retry of the step may send it again
                logger.warning("channel sent but not recorded as sent", extra={"channel": key["channel"]})
                return key["channel"]
            if progress:  # the sending itself failed (and its record could not be removed)
                raise
            logger.warning(
                "sent-records unavailable: sending without them", extra={"channel": key["channel"]}
            )
            send()
            return key["channel"]

    return run


@lru_cache(maxsize=1)
def _messenger() -> Messenger:
    settings = settings_of(NotifySettings)
    audit = AuditStore(settings.audit_table_name, client("dynamodb"))
    persistence = DynamoDBPersistenceLayer(
        table_name=settings.idempotency_table_name,
        key_attr=names.IDEMPOTENCY_KEY_ATTRIBUTE,
        expiry_attr=names.IDEMPOTENCY_EXPIRY_ATTRIBUTE,
        boto3_client=client("dynamodb"),
    )
    return Messenger(
        settings.municipality,
        client("sns"),
        client("sesv2"),
        audit,
        utc_now,
        once_per_step=_once_per_step(persistence),
    )


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    request = NotifyRequest.model_validate(event)
    # A sending cut short (the function timing out) is in progress until this invocation's time is up.
    _idempotency_config.register_lambda_context(context)
    delivery = _messenger().send(
        request.report_id, request.reference_number, request.notification, step_key=request.step
    )
    if not delivery.delivered:
        raise NothingDelivered(f"failed channels: {', '.join(delivery.failed) or 'none configured'}")
    return {"channels": delivery.delivered, "failedChannels": delivery.failed}
