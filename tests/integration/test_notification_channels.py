"""Each channel of a notification is sent on its own. An SMS that SNS refuses (a spend limit, an opted-out
number) no longer silences the e-mail; a step counts as alerted only when at least one channel delivered,
and when none did the escalation moves on to its next step at once. A retried notify task sends each
channel at most once per step."""

import json
from datetime import datetime
from types import SimpleNamespace

import pytest
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
from botocore.exceptions import ClientError

from functions.lifecycle import notify
from functions.shared import names
from functions.stores.audit import AuditStore
from tests.integration.helpers import (
    ACUTE,
    STOCKHOLM,
    eventually,
    messages_about,
    reference,
    starter_for,
    store_report_received_at,
)

SATURDAY_NIGHT = datetime(2026, 11, 21, 3, 0, tzinfo=STOCKHOLM)  # socialjouren, then its backup


def _refused(operation: str) -> ClientError:
    return ClientError({"Error": {"Code": "Throttling", "Message": "refused"}}, operation)


class _RefusingSns:
    """The notify function's SNS client, refusing SMS to some numbers (as SNS does past a spend limit)."""

    def __init__(self, real, numbers: set[str]) -> None:
        self._real, self._numbers = real, numbers

    def publish(self, **request):
        if request.get("PhoneNumber") in self._numbers:
            raise _refused("Publish")
        return self._real.publish(**request)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


class _RefusingSes:
    """The notify function's SES client, refusing e-mail to some addresses."""

    def __init__(self, real, addresses: set[str]) -> None:
        self._real, self._addresses = real, addresses

    def send_email(self, **request):
        if set(request["Destination"]["ToAddresses"]) & self._addresses:
            raise _refused("SendEmail")
        return self._real.send_email(**request)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


@pytest.fixture
def refuse(local_stack, monkeypatch):
    """refuse(sms={numbers}, email={addresses}): the notify function's channels fail for those."""
    messenger = notify._messenger()
    sns, sesv2 = messenger._sns, messenger._sesv2

    def _refuse(sms: set[str] = frozenset(), email: set[str] = frozenset()) -> None:
        monkeypatch.setattr(messenger, "_sns", _RefusingSns(sns, set(sms)))
        monkeypatch.setattr(messenger, "_sesv2", _RefusingSes(sesv2, set(email)))

    return _refuse


def start(stack, received: datetime):
    report = store_report_received_at(stack, received, reference(), **ACUTE)
    assert starter_for(stack).start(report.report_id, report.reference_number, report.received_at).started
    return report


def sent_entries(stack, report_id: str) -> list[dict]:
    timeline = AuditStore(names.audit_table_name(stack.municipality_id), stack.client("dynamodb")).timeline(
        report_id
    )
    return [entry.detail for entry in timeline if entry.action == "message_sent"]


def entered_states(stack, report_id: str) -> list[str]:
    execution = stack.execution_for(report_id)
    history = stack.client("stepfunctions").get_execution_history(
        executionArn=execution["executionArn"], maxResults=1000
    )
    return [
        event["stateEnteredEventDetails"]["name"]
        for event in history["events"]
        if "stateEnteredEventDetails" in event
    ]


def dead_letters(stack, report_id: str) -> list[dict]:
    received = stack.client("sqs").receive_message(
        QueueUrl=stack.resources.dead_letter_queue_url, MaxNumberOfMessages=10
    )
    return [json.loads(m["Body"]) for m in received.get("Messages", []) if report_id in m["Body"]]


def test_an_sms_refused_by_sns_still_sends_the_email_and_the_step_counts_as_alerted(local_stack, refuse):
    jour = local_stack.municipality.socialjour
    refuse(sms={jour.duty_sms_number})
    report = start(local_stack, SATURDAY_NIGHT)

    entries = eventually(lambda: [e for e in sent_entries(local_stack, report.report_id)], timeout=20)
    # The e-mail went out to socialjouren's mailbox although the duty phone's SMS was refused
    assert entries[0] == {
        "recipient": "socialjour",
        "messageKind": "new_report_urgent",
        "channels": ["email"],
        "failedChannels": ["sms"],
    }
    sent = messages_about(local_stack, report.reference_number)
    assert [mail["to"] for mail in sent["emails"]][:1] == [[jour.email]]
    assert jour.duty_sms_number not in {sms["to"] for sms in sent["sms"]}
    # And the step counts as alerted: the lifecycle waits for socialjouren to acknowledge
    states = eventually(
        lambda: (
            (found := entered_states(local_stack, report.report_id))
            and "AwaitAcknowledgement" in found
            and found
        )
    )
    first_wait = states.index("AwaitAcknowledgement")
    assert "NotificationToDeadLettersThenAwaitAcknowledgement" not in states[:first_wait]
    assert not dead_letters(local_stack, report.report_id)


@pytest.mark.slow
def test_when_no_channel_delivers_the_escalation_moves_on_at_once(local_stack, refuse):
    jour = local_stack.municipality.socialjour
    refuse(sms={jour.duty_sms_number}, email={str(jour.email)})
    report = start(local_stack, SATURDAY_NIGHT)

    # The backup is alerted, after the retries of the step nobody got, without waiting for its acknowledgement
    eventually(
        lambda: (
            jour.backup.sms_number
            in {s["to"] for s in messages_about(local_stack, report.reference_number)["sms"]}
        ),
        timeout=30,
    )
    states = entered_states(local_stack, report.report_id)
    first_dead_letter = states.index("NotificationToDeadLettersThenAwaitAcknowledgement")
    assert states[first_dead_letter + 1] == "OnAlertNotDelivered"
    assert "AwaitAcknowledgement" not in states[:first_dead_letter]
    # Nothing reached socialjouren, and the timeline says only what was delivered (to the backup)
    entries = sent_entries(local_stack, report.report_id)
    assert entries and all(entry["recipient"] == "socialjour_backup" for entry in entries)
    # And the operators have the notification that nobody got (the queue's alarm)
    # The backup is told that socialjouren could not be reached, not that it failed to acknowledge
    backup_sms = [
        s["text"]
        for s in messages_about(local_stack, report.reference_number)["sms"]
        if s["to"] == jour.backup.sms_number
    ]
    assert "kunde inte nås" in backup_sms[0] and "inte bekräftat" not in backup_sms[0]
    letters = eventually(lambda: dead_letters(local_stack, report.report_id))
    assert letters[0]["notification"]["recipient"] == "socialjour"
    assert letters[0]["error"] == "NothingDelivered"


def _context() -> SimpleNamespace:
    return SimpleNamespace(
        function_name="notify",
        function_version="$LATEST",
        invoked_function_arn="arn:aws:lambda:eu-north-1:000000000000:function:notify",
        memory_limit_in_mb=256,
        aws_request_id="retried-task",
        log_group_name="/aws/lambda/notify",
        log_stream_name="local",
        get_remaining_time_in_millis=lambda: 30_000,
    )


def _payload(report, entered_at: str) -> dict:
    return {
        "reportId": report.report_id,
        "referenceNumber": report.reference_number,
        "notification": {
            "recipient": "socialjour",
            "message": "new_report_urgent",
            "phase": "protection_assessment",
        },
        "stepName": "NotifyThenAwaitAcknowledgement",
        "stepEnteredAt": entered_at,
    }


def test_a_retried_notify_task_sends_each_channel_once_per_step(local_stack, refuse):
    jour = local_stack.municipality.socialjour
    report = store_report_received_at(local_stack, SATURDAY_NIGHT, reference(), **ACUTE)  # no lifecycle
    payload = _payload(report, "2026-11-21T02:00:00.123+00:00")

    # The first attempt: the e-mail is delivered, the SMS refused
    refuse(sms={jour.duty_sms_number})
    assert notify.handler(payload, _context()) == {"channels": ["email"], "failedChannels": ["sms"]}
    # The retry of the same task sends only the SMS
    refuse()
    assert notify.handler(payload, _context()) == {"channels": ["sms", "email"], "failedChannels": []}
    # And a third attempt sends nothing again
    notify.handler(payload, _context())
    sent = messages_about(local_stack, report.reference_number)
    assert [s["to"] for s in sent["sms"]] == [jour.duty_sms_number]
    assert [m["to"] for m in sent["emails"]] == [[jour.email]]
    # The timeline has each channel once, as it was sent
    assert [
        (e["channels"], e.get("failedChannels")) for e in sent_entries(local_stack, report.report_id)
    ] == [
        (["email"], ["sms"]),
        (["sms"], None),
    ]
    # What is kept to know it: hashed keys, a status and times, nothing about the report
    records = local_stack.client("dynamodb").scan(
        TableName=names.idempotency_table_name(local_stack.municipality_id)
    )["Items"]
    assert records
    assert all(set(r) <= {"id", "expiration", "in_progress_expiration", "status", "data"} for r in records)
    assert report.report_id not in json.dumps(records) and jour.duty_sms_number not in json.dumps(records)

    # Another step (round 2 of the escalation sends the same notification again) sends again
    notify.handler(_payload(report, "2026-11-21T02:00:09.456+00:00"), _context())
    sent = messages_about(local_stack, report.reference_number)
    assert len(sent["sms"]) == 2 and len(sent["emails"]) == 2


def test_a_task_where_no_channel_delivers_fails_for_the_state_machine_to_retry(local_stack, refuse):
    jour = local_stack.municipality.socialjour
    report = store_report_received_at(local_stack, SATURDAY_NIGHT, reference(), **ACUTE)
    refuse(sms={jour.duty_sms_number}, email={str(jour.email)})
    with pytest.raises(notify.NothingDelivered):
        notify.handler(_payload(report, "2026-11-21T02:00:00.789+00:00"), _context())
    assert not sent_entries(local_stack, report.report_id)


def test_without_its_sent_records_notify_still_alerts(local_stack, monkeypatch):
    """An alert sent twice on a retry is better than none: a missing records table does not stop sending."""
    jour = local_stack.municipality.socialjour
    report = store_report_received_at(local_stack, SATURDAY_NIGHT, reference(), **ACUTE)
    unavailable = DynamoDBPersistenceLayer(
        table_name="no-such-table", boto3_client=local_stack.client("dynamodb")
    )
    monkeypatch.setattr(notify._messenger(), "_once_per_step", notify._once_per_step(unavailable))
    assert notify.handler(_payload(report, "2026-11-21T02:00:01.000+00:00"), _context()) == {
        "channels": ["sms", "email"],
        "failedChannels": [],
    }
    sent = messages_about(local_stack, report.reference_number)
    assert [s["to"] for s in sent["sms"]] == [jour.duty_sms_number]
    assert [m["to"] for m in sent["emails"]] == [[jour.email]]
