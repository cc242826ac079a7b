"""Lifecycle task: sends one notification by SMS (SNS) and/or e-mail (SES) to a configured recipient.

It is given ids, a message kind and a due time, never the report, so it cannot leak its content. What it
sent (to whom, which kind, by which channels) goes into the report's audit timeline. A failure raises: the
state machine retries with backoff, then puts the notification on the dead-letter queue (with an operator
alarm) and goes on.
"""

import os
from functools import lru_cache

from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.lifecycle import Notification
from functions.domain.messages import compose, recipient_contact
from functions.shared import names
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import municipality
from functions.stores.audit import AuditEntry, AuditStore

SYSTEM_ACTOR = "oro"  # the timeline's name for what Oro itself did


class NotifyRequest(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    report_id: str
    reference_number: str
    notification: Notification


@lru_cache(maxsize=1)
def _audit() -> AuditStore:
    return AuditStore(os.environ[names.ENV_AUDIT_TABLE], client("dynamodb"))


def _record_sent(request: NotifyRequest, channels: list[str], now) -> None:
    """The timeline entry of a message sent. Its failure must not fail the task: a retry would send the
    message twice."""
    try:
        _audit().append(
            AuditEntry(
                at=now,
                staff_id=SYSTEM_ACTOR,
                roles=[],
                action="message_sent",
                report_id=request.report_id,
                reference_number=request.reference_number,
                detail={
                    "recipient": request.notification.recipient,
                    "messageKind": request.notification.message.value,
                    "channels": channels,
                },
            )
        )
    except ClientError:
        logger.exception(
            "message sent but not recorded in the timeline", extra={"report_id": request.report_id}
        )
        metrics.add_metric(name="TimelineWriteFailures", unit="Count", value=1)


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    request = NotifyRequest.model_validate(event)
    settings_ = municipality()
    now = utc_now()
    message = compose(settings_, request.report_id, request.reference_number, request.notification, now)
    contact = recipient_contact(settings_, request.notification.recipient)
    channels = []
    if contact.sms_number:
        client("sns").publish(
            PhoneNumber=contact.sms_number,
            Message=message.sms,
            MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
        )
        channels.append("sms")
    if contact.email:
        client("sesv2").send_email(
            FromEmailAddress=settings_.sender_email,
            Destination={"ToAddresses": [contact.email]},
            Content={
                "Simple": {
                    "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
                }
            },
        )
        channels.append("email")
    _record_sent(request, channels, now)
    metrics.add_metric(name="NotificationsSent", unit="Count", value=1)
    logger.info(
        "notified",
        extra={
            "report_id": request.report_id,
            "recipient": request.notification.recipient,
            "message_kind": request.notification.message.value,
            "channels": channels,
        },
    )
    return {"channels": channels}
