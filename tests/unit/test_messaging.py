"""Messenger sends each channel on its own: one that fails leaves the other, and the timeline lists what
was delivered and what failed."""

from datetime import UTC, datetime

from botocore.exceptions import ClientError

from functions.domain.lifecycle import MessageKind, Notification, Phase
from functions.domain.municipality import load_municipality
from functions.shared import names
from functions.shared.messaging import Messenger

MUNICIPALITY = load_municipality(names.municipality_config_file("prov"))
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
URGENT = Notification(
    recipient="socialjour", message=MessageKind.NEW_REPORT_URGENT, phase=Phase.PROTECTION_ASSESSMENT
)


class Channel:
    def __init__(self, error: Exception | None = None) -> None:
        self.sent: list[dict] = []
        self.error = error

    def _send(self, **request) -> dict:
        if self.error:
            raise self.error
        self.sent.append(request)
        return {}

    publish = send_email = _send


class Timeline:
    def __init__(self) -> None:
        self.entries: list = []

    def append(self, entry) -> None:
        self.entries.append(entry)


def messenger(sms: Channel, email: Channel, timeline: Timeline, once_per_step=None) -> Messenger:
    return Messenger(MUNICIPALITY, sms, email, timeline, lambda: NOW, once_per_step=once_per_step)  # type: ignore[arg-type]


def test_a_refused_sms_leaves_the_email_and_the_timeline_says_so():
    refused = ClientError({"Error": {"Code": "OptedOut", "Message": "opted out"}}, "Publish")
    sms, email, timeline = Channel(refused), Channel(), Timeline()
    delivery = messenger(sms, email, timeline).send("r-1", "ORO-1", URGENT)
    assert (delivery.delivered, delivery.failed) == (["email"], ["sms"])
    assert len(email.sent) == 1
    (entry,) = timeline.entries
    assert entry.detail == {
        "recipient": "socialjour",
        "messageKind": "new_report_urgent",
        "channels": ["email"],
        "failedChannels": ["sms"],
    }


def test_any_failure_of_a_channel_is_caught_and_nothing_delivered_writes_no_entry():
    sms, email, timeline = Channel(TimeoutError("read timeout")), Channel(RuntimeError("boom")), Timeline()
    delivery = messenger(sms, email, timeline).send("r-1", "ORO-1", URGENT)
    assert (delivery.delivered, delivery.failed) == ([], ["sms", "email"])
    assert timeline.entries == []


def test_a_channel_an_earlier_attempt_delivered_is_neither_sent_nor_recorded_again():
    done: set[tuple] = set()

    def once_per_step(send, key):
        marker = (key["reportId"], key["step"], key["channel"])
        if marker not in done:
            send()
            done.add(marker)

    sms, email, timeline = Channel(), Channel(), Timeline()
    sender = messenger(sms, email, timeline, once_per_step)
    first = sender.send("r-1", "ORO-1", URGENT, step_key="Notify@1")
    again = sender.send("r-1", "ORO-1", URGENT, step_key="Notify@1")
    assert first.sent_now == ["sms", "email"] and again.sent_now == []
    assert again.delivered == ["sms", "email"] and again.earlier == ["sms", "email"]
    assert len(sms.sent) == len(email.sent) == len(timeline.entries) == 1
    # Without a step (the staff side's review e-mail) every call sends
    sender.send("r-1", "ORO-1", URGENT, channels=("email",))
    assert len(email.sent) == 2


class FailingTimeline:
    def append(self, entry) -> None:
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}, "PutItem"
        )


def test_a_timeline_that_cannot_be_written_does_not_undo_an_alert_that_went_out():
    # The last AWS call of the notification path failing: the alert was delivered and counts as delivered (the
    # lifecycle must not escalate past someone who was told); the operators see TimelineWriteFailures.
    sms, email = Channel(), Channel()
    delivery = messenger(sms, email, FailingTimeline()).send("r-1", "ORO-1", URGENT)  # type: ignore[arg-type]
    assert (delivery.delivered, delivery.failed) == (["sms", "email"], [])
    assert len(sms.sent) == 1 and len(email.sent) == 1
