"""Sends one message about a report by SMS (SNS) and/or e-mail (SES) and records it in the report's
timeline. Given ids, a message kind and counts, never the report: what goes out is composed by
functions/domain/messages.py, which has no content to leak. Used by the lifecycle's notify task and by the
staff side (a proposal awaiting review).

Each channel is sent on its own: a channel that fails (SNS refusing the duty phone's SMS, SES refusing the
e-mail) is logged and counted and does not stop the other one. The caller learns which channels delivered
and which failed, and decides what a failure means (the notify task retries, and moves the escalation on
when nothing was delivered). Given a step key (the lifecycle step that sends), each channel is sent at most
once per step: a delivered channel is recorded (Powertools idempotency), so a retried task sends only what
failed."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from functions.domain.lifecycle import Notification
from functions.domain.messages import Message, compose, recipient_contact
from functions.domain.municipality import Municipality
from functions.shared.observability import count, logger, metrics
from functions.stores.audit import AuditEntry, AuditStore

SYSTEM_ACTOR = "oro"  # the timeline's name for what Oro itself did


@dataclass(frozen=True)
class Delivery:
    """Which of the recipient's channels delivered, and which failed."""

    delivered: list[str] = field(default_factory=list)  # including those delivered by an earlier attempt
    failed: list[str] = field(default_factory=list)
    earlier: list[str] = field(default_factory=list)  # delivered by an earlier attempt of the same step

    @property
    def sent_now(self) -> list[str]:
        return [channel for channel in self.delivered if channel not in self.earlier]


def _count_channel_failure(channel: str) -> None:
    """NotificationChannelFailures by channel, in a metric of its own (the dimension is the channel's)."""
    count("NotificationChannelFailures", 1, {"channel": channel})


class Messenger:
    def __init__(
        self,
        municipality: Municipality,
        sns,
        sesv2,
        audit: AuditStore,
        now: Callable[[], datetime],
        once_per_step: Callable[[Callable[[], None], dict[str, str]], Any] | None = None,
    ) -> None:
        """`once_per_step(send, key)` runs `send` unless a run with the same key completed before (the
        notify task's idempotency); without it every call sends."""
        self._municipality = municipality
        self._sns = sns
        self._sesv2 = sesv2
        self._audit = audit
        self._now = now
        self._once_per_step = once_per_step

    def send(
        self,
        report_id: str,
        reference_number: str,
        notification: Notification,
        channels: tuple[str, ...] = ("sms", "email"),
        step_key: str | None = None,
    ) -> Delivery:
        """Sends by the recipient's channels among `channels`, each on its own; never raises for a channel
        that fails. With a `step_key`, a channel already delivered for that step is not sent again."""
        now = self._now()
        message = compose(self._municipality, report_id, reference_number, notification, now)
        contact = recipient_contact(self._municipality, notification.recipient)
        senders: dict[str, Callable[[], None]] = {}
        if "sms" in channels and contact.sms_number:
            number = contact.sms_number
            senders["sms"] = lambda: self._sns.publish(
                PhoneNumber=number,
                Message=message.sms,
                MessageAttributes={
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
                },
            )
        if "email" in channels and contact.email:
            address = contact.email
            senders["email"] = lambda: self._sesv2.send_email(
                FromEmailAddress=self._municipality.sender_email,
                Destination={"ToAddresses": [address]},
                Content={
                    "Simple": {
                        "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                        "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
                    }
                },
            )
        delivery = Delivery()
        for channel, sender in senders.items():
            outcome = self._deliver(channel, sender, report_id, step_key)
            if outcome is None:
                delivery.failed.append(channel)
                continue
            delivery.delivered.append(channel)
            if outcome == "earlier":
                delivery.earlier.append(channel)
        if delivery.sent_now:
            self._record_sent(report_id, reference_number, notification, delivery, now)
            metrics.add_metric(name="NotificationsSent", unit="Count", value=1)
        logger.info(
            "notified" if delivery.delivered else "nothing delivered",
            extra={
                "report_id": report_id,
                "recipient": notification.recipient,
                "message_kind": notification.message.value,
                "channels": delivery.sent_now,
                "failed_channels": delivery.failed,
                "delivered_earlier": delivery.earlier,
            },
        )
        return delivery

    def notify_reporter(
        self,
        report_id: str,
        reference_number: str,
        message: Message,
        message_kind: str,
        *,
        email: str | None,
        phone: str | None,
    ) -> Delivery:
        """A notice to a reporter (composed without personal data: functions/domain/reporter_feedback.py)
        by e-mail to their address, or by SMS when they gave none; the timeline names the reporter as the
        recipient, never the address or number. Neither given: nothing is sent, and the caller says so."""
        senders: dict[str, Callable[[], None]] = {}
        if email:
            senders["email"] = lambda: self._sesv2.send_email(
                FromEmailAddress=self._municipality.sender_email,
                Destination={"ToAddresses": [email]},
                Content={
                    "Simple": {
                        "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                        "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
                    }
                },
            )
        elif phone:
            senders["sms"] = lambda: self._sns.publish(
                PhoneNumber=phone,
                Message=message.sms,
                MessageAttributes={
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
                },
            )
        delivery = Delivery()
        for channel, sender in senders.items():
            (
                delivery.delivered if self._deliver(channel, sender, report_id, None) else delivery.failed
            ).append(channel)
        if senders:
            self._record(
                report_id,
                reference_number,
                {"recipient": "reporter", "messageKind": message_kind, "channels": delivery.delivered},
                delivery,
                self._now(),
            )
        logger.info(
            "reporter notified" if delivery.delivered else "reporter not notified",
            extra={"report_id": report_id, "message_kind": message_kind, "failed_channels": delivery.failed},
        )
        return delivery

    def _deliver(
        self, channel: str, sender: Callable[[], None], report_id: str, step_key: str | None
    ) -> str | None:
        """Sends one channel: "sent", "earlier" (an earlier attempt of the step delivered it), or None when it
        failed; a failure is logged (ids and the error's code only) and counted."""
        sent = []

        def send() -> None:
            sender()
            sent.append(channel)

        try:
            if step_key is None or self._once_per_step is None:
                send()
            else:
                self._once_per_step(send, {"reportId": report_id, "step": step_key, "channel": channel})
        except Exception as error:  # noqa: BLE001 - any failure of one channel must leave the other one
            code = error.response.get("Error", {}).get("Code") if isinstance(error, ClientError) else None
            logger.warning(
                "channel failed",
                extra={
                    "report_id": report_id,
                    "channel": channel,
                    "error_type": type(error).__name__,
                    "error_code": code,
                },
            )
            _count_channel_failure(channel)
            return None
        return "sent" if sent else "earlier"

    def _record_sent(
        self, report_id: str, reference_number: str, notification: Notification, delivery: Delivery, now
    ) -> None:
        """The timeline entry of a message sent. Its failure must not fail the sending: a retry would send
        the message twice."""
        detail: dict[str, Any] = {
            "recipient": notification.recipient,
            "messageKind": notification.message.value,
            "channels": delivery.sent_now,
        }
        self._record(report_id, reference_number, detail, delivery, now)

    def _record(self, report_id: str, reference_number: str, detail: dict, delivery: Delivery, now) -> None:
        if delivery.failed:
            detail["failedChannels"] = delivery.failed
        try:
            self._audit.append(
                AuditEntry(
                    at=now,
                    staff_id=SYSTEM_ACTOR,
                    roles=[],
                    action="message_sent",
                    report_id=report_id,
                    reference_number=reference_number,
                    detail=detail,
                )
            )
        except ClientError:
            logger.exception("message sent but not recorded in the timeline", extra={"report_id": report_id})
            metrics.add_metric(name="TimelineWriteFailures", unit="Count", value=1)
