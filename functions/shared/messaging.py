"""Sends one message about a report by SMS (SNS) and/or e-mail (SES) and records it in the report's
timeline. Given ids, a message kind and counts, never the report: what goes out is composed by
functions/domain/messages.py, which has no content to leak. Used by the lifecycle's notify task and by the
staff side (a proposal awaiting review)."""

from collections.abc import Callable
from datetime import datetime

from botocore.exceptions import ClientError

from functions.domain.lifecycle import Notification
from functions.domain.messages import compose, recipient_contact
from functions.domain.municipality import Municipality
from functions.shared.observability import logger, metrics
from functions.stores.audit import AuditEntry, AuditStore

SYSTEM_ACTOR = "oro"  # the timeline's name for what Oro itself did


class Messenger:
    def __init__(
        self, municipality: Municipality, sns, sesv2, audit: AuditStore, now: Callable[[], datetime]
    ) -> None:
        self._municipality = municipality
        self._sns = sns
        self._sesv2 = sesv2
        self._audit = audit
        self._now = now

    def send(
        self,
        report_id: str,
        reference_number: str,
        notification: Notification,
        channels: tuple[str, ...] = ("sms", "email"),
    ) -> list[str]:
        """Sends by the recipient's channels among `channels`; a failure raises (the caller retries)."""
        now = self._now()
        message = compose(self._municipality, report_id, reference_number, notification, now)
        contact = recipient_contact(self._municipality, notification.recipient)
        sent = []
        if "sms" in channels and contact.sms_number:
            self._sns.publish(
                PhoneNumber=contact.sms_number,
                Message=message.sms,
                MessageAttributes={
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
                },
            )
            sent.append("sms")
        if "email" in channels and contact.email:
            self._sesv2.send_email(
                FromEmailAddress=self._municipality.sender_email,
                Destination={"ToAddresses": [contact.email]},
                Content={
                    "Simple": {
                        "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                        "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
                    }
                },
            )
            sent.append("email")
        self._record_sent(report_id, reference_number, notification, sent, now)
        metrics.add_metric(name="NotificationsSent", unit="Count", value=1)
        logger.info(
            "notified",
            extra={
                "report_id": report_id,
                "recipient": notification.recipient,
                "message_kind": notification.message.value,
                "channels": sent,
            },
        )
        return sent

    def _record_sent(
        self, report_id: str, reference_number: str, notification: Notification, channels: list[str], now
    ) -> None:
        """The timeline entry of a message sent. Its failure must not fail the sending: a retry would send
        the message twice."""
        try:
            self._audit.append(
                AuditEntry(
                    at=now,
                    staff_id=SYSTEM_ACTOR,
                    roles=[],
                    action="message_sent",
                    report_id=report_id,
                    reference_number=reference_number,
                    detail={
                        "recipient": notification.recipient,
                        "messageKind": notification.message.value,
                        "channels": channels,
                    },
                )
            )
        except ClientError:
            logger.exception("message sent but not recorded in the timeline", extra={"report_id": report_id})
            metrics.add_metric(name="TimelineWriteFailures", unit="Count", value=1)
