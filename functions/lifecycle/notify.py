"""Lifecycle task: sends one notification by SMS (SNS) and/or e-mail (SES) to a configured recipient.

It is given ids, a message kind, counts and a due time, never the report, so it cannot leak its content.
What it sent (to whom, which kind, by which channels) goes into the report's audit timeline. A failure
raises: the state machine retries with backoff, then puts the notification on the dead-letter queue (with
an operator alarm) and goes on.
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
    channels = _messenger().send(request.report_id, request.reference_number, request.notification)
    return {"channels": channels}
