"""Lifecycle task: sends one notification by SMS (SNS) and/or e-mail (SES) to a configured recipient.

It is given ids, a message kind, counts and a due time, never the report, so it cannot leak its content.
Each channel is sent on its own; what was delivered (to whom, which kind, by which channels, and which
failed) goes into the report's audit timeline. The step counts as alerted when at least one channel
delivered. When none did, the task fails with NothingDelivered: the state machine retries it with backoff,
then puts the notification on the dead-letter queue (with an operator alarm) and goes on; an escalation
moves to its next step at once instead of waiting for an acknowledgement of an alert nobody got.
"""

from functools import lru_cache

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.lifecycle import Notification
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


@lru_cache(maxsize=1)
def _messenger() -> Messenger:
    settings = settings_of(NotifySettings)
    audit = AuditStore(settings.audit_table_name, client("dynamodb"))
    return Messenger(settings.municipality, client("sns"), client("sesv2"), audit, utc_now)


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    request = NotifyRequest.model_validate(event)
    delivery = _messenger().send(
        request.report_id, request.reference_number, request.notification, step_key=request.step
    )
    if not delivery.delivered:
        raise NothingDelivered(f"failed channels: {', '.join(delivery.failed) or 'none configured'}")
    return {"channels": delivery.delivered, "failedChannels": delivery.failed}
