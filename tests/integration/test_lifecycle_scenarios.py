"""The lifecycle state machine executed by moto, with reports received at chosen times (staff can register a
report received earlier, which is also how deadlines in the past arise for real). Provkommun's escalation
steps wait 3 seconds, so unacknowledged escalations can be watched."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from functions.domain.deadlines import add_months
from functions.stores.lifecycle import LifecycleStore
from tests.integration.helpers import (
    ACUTE,
    MOTIVATION,
    NEGLECT_ONLY,
    STOCKHOLM,
    eventually,
    execution_history_text,
    lifecycle_of,
    personal_data_in,
    reference,
    starter_for,
    store_for,
    store_report_received_at,
    transitions,
)


@pytest.fixture(autouse=True)
def _no_personal_data_in_any_message(local_stack):
    """Every message of every scenario is scanned for the sample report's personal data."""
    yield
    sample = store_report_sample_personal_data()
    outbox = local_stack.outbox()
    texts = [m["text"] for m in outbox["sms"]] + [m["subject"] + m["text"] for m in outbox["emails"]]
    for value in sample:
        assert all(value not in text for text in texts), value


def store_report_sample_personal_data() -> list[str]:
    from tests.conftest import load_event

    return personal_data_in(load_event("report-private-anonymous.json")) + personal_data_in(
        NEGLECT_ONLY | ACUTE
    )


def start(stack, received: datetime, **changes):
    report = store_report_received_at(stack, received, reference(), **changes)
    assert starter_for(stack).start(report.report_id, report.reference_number, report.received_at).started
    return report


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def recipients_by_address(stack) -> dict[str, str]:
    m = stack.municipality
    return {
        m.intake_team.email: "intake_team",
        m.first_social_secretary.email: "first_social_secretary",
        m.first_social_secretary.sms_number: "first_social_secretary",
        m.socialjour.email: "socialjour",
        m.socialjour.duty_sms_number: "socialjour",
        m.socialjour.backup.email: "socialjour_backup",
        m.socialjour.backup.sms_number: "socialjour_backup",
    }


def kind_of(text: str) -> str:
    for marker, kind in (
        ("LARM", "escalation"),
        ("inte kan vänta", "urgent"),
        ("BRÅDSKANDE", "urgent"),
        ("påminnelse", "reminder"),
        ("Påminnelse", "reminder"),
        ("ny orosanmälan", "new_report"),
        ("Ny orosanmälan", "new_report"),
    ):
        if marker in text:
            return kind
    return "?"


def messages(stack, reference_number: str) -> list[tuple[str, str, str, str]]:
    """(channel, recipient, kind, text) of every message about the report, in the order sent."""
    by_address = recipients_by_address(stack)
    outbox = stack.outbox()
    found = [
        ("sms", by_address[s["to"]], kind_of(s["text"]), s["text"])
        for s in outbox["sms"]
        if reference_number in s["text"]
    ]
    found += [
        ("email", by_address[m["to"][0]], kind_of(m["subject"]), m["subject"] + "\n" + m["text"])
        for m in outbox["emails"]
        if reference_number in m["subject"] + m["text"]
    ]
    return found


def awaiting(stack, report_id: str) -> dict:
    return store_for(stack).find_report_item(report_id).get("awaiting") or {}


def who_got(stack, reference_number: str, kind: str) -> set[tuple[str, str]]:
    return {
        (channel, recipient) for channel, recipient, k, _ in messages(stack, reference_number) if k == kind
    }


def assert_nothing_personal_leaves(stack, report) -> None:
    personal = personal_data_in(report.content.model_dump(mode="json", by_alias=True))
    texts = [execution_history_text(stack, report.report_id)] + [
        m[3] for m in messages(stack, report.reference_number)
    ]
    for value in personal:
        assert all(value not in text for text in texts), value


def test_friday_evening_private_report_goes_to_socialjour_at_once(local_stack):
    report = start(local_stack, local("2026-11-20 16:45"), **NEGLECT_ONLY)
    eventually(
        lambda: (
            who_got(local_stack, report.reference_number, "urgent")
            >= {("sms", "socialjour"), ("email", "socialjour")}
        )
    )
    item = store_for(local_stack).find_report_item(report.report_id)
    assert item["routing"]["route"] == "socialjour"
    assert item["routing"]["reason"] == (
        "Inkom fredag 16:45, utanför kontorstid; kontoret öppnar måndag 08:30, efter 24-timmarsgränsen: "
        "socialjouren meddelas."
    )
    sms = next(m[3] for m in messages(local_stack, report.reference_number) if m[0] == "sms")
    assert "Provkommun" in sms and "lördag 21 november 2026 kl. 16.45" in sms
    assert f"report.html?id={report.report_id}" in sms
    assert_nothing_personal_leaves(local_stack, report)


def test_saturday_night_acute_report_goes_to_the_backup_when_nobody_acknowledges(local_stack):
    report = start(local_stack, local("2026-11-21 03:00"), **ACUTE)
    eventually(
        lambda: who_got(local_stack, report.reference_number, "urgent") >= {("sms", "socialjour_backup")},
        timeout=20,
    )
    first = [m for m in messages(local_stack, report.reference_number) if m[1] == "socialjour"]
    assert first and first[0][2] == "urgent"
    reason = store_for(local_stack).find_report_item(report.report_id)["routing"]["reason"]
    assert "anmälaren anger akut fara" in reason
    assert lifecycle_of(local_stack, report.report_id)["escalation"]["policy"] == "outside_office_hours"


def test_acknowledged_escalation_stops_the_chain(local_stack):
    local_stack.staff.sign_in_all()  # the acknowledgement is then one request, well within the step's 3 s
    report = start(local_stack, local("2026-11-21 03:00"), **ACUTE)
    eventually(lambda: awaiting(local_stack, report.report_id).get("kind") == "acknowledgement")
    answer = local_stack.staff_event(
        {"action": "acknowledge_escalation", "reportId": report.report_id, "staffId": "jour-1"}
    )
    assert answer == {"ok": True, "event": "acknowledged"}
    eventually(
        lambda: (lifecycle_of(local_stack, report.report_id).get("escalation") or {}).get("acknowledgedAt")
    )
    assert lifecycle_of(local_stack, report.report_id)["next"] == "await_staff_event"
    assert not who_got(local_stack, report.reference_number, "urgent") & {("sms", "socialjour_backup")}


def test_tuesday_morning_report_reminds_then_escalates_at_24_hours(local_stack):
    report = start(local_stack, local("2026-11-24 10:00"), **NEGLECT_ONLY)
    # Wednesday 10:00, in office hours: the next level is förste socialsekreterare.
    eventually(
        lambda: (
            who_got(local_stack, report.reference_number, "escalation")
            >= {("sms", "first_social_secretary"), ("email", "first_social_secretary")}
        )
    )
    assert who_got(local_stack, report.reference_number, "new_report") == {("email", "intake_team")}
    assert who_got(local_stack, report.reference_number, "reminder") == {("email", "intake_team")}
    item = store_for(local_stack).find_report_item(report.report_id)
    assert item["protectionAssessmentDeadline"]["dueAt"] == "2026-11-25T09:00:00.000Z"
    history = [entry["reason"] for entry in item["routingHistory"]]
    assert history[0].startswith("Inkom tisdag 10:00, kontoret är öppet")
    assert history[1].startswith("Påminnelse onsdag 04:00, utanför kontorstid; kontoret öppnar onsdag 08:30")
    reminder = next(m[3] for m in messages(local_stack, report.reference_number) if m[2] == "reminder")
    assert "onsdag 25 november 2026 kl. 10.00" in reminder
    assert_nothing_personal_leaves(local_stack, report)


def test_protection_assessment_in_time_means_no_reminder_or_escalation(local_stack):
    report = start(local_stack, datetime.now(UTC) - timedelta(hours=1), **NEGLECT_ONLY)
    eventually(lambda: lifecycle_of(local_stack, report.report_id).get("next"))
    answer = local_stack.staff_event(
        {
            "action": "record_protection_assessment",
            "reportId": report.report_id,
            "staffId": "handl-1",
            "immediateProtectionNeeded": False,
            "motivation": MOTIVATION,
        }
    )
    assert answer["ok"] is True
    eventually(lambda: lifecycle_of(local_stack, report.report_id).get("phase") == "decision")
    lifecycle = lifecycle_of(local_stack, report.report_id)
    assert lifecycle["next"] == "await_staff_event" and lifecycle["escalation"] is None
    kinds = {kind for _, _, kind, _ in messages(local_stack, report.reference_number)}
    assert not kinds & {"reminder", "escalation"}
    # Recording it twice is refused: the record is history.
    again = local_stack.staff_event(
        {
            "action": "record_protection_assessment",
            "reportId": report.report_id,
            "staffId": "handl-2",
            "immediateProtectionNeeded": True,
            "motivation": MOTIVATION,
        }
    )
    assert again["ok"] is False and again["status"] == 409


def _assessed_report(stack, received: datetime, **changes):
    """A report whose skyddsbedömning is recorded before its lifecycle starts: it begins at the decision."""
    report = store_report_received_at(stack, received, reference(), **changes)
    LifecycleStore(stack.resources.reports_table_name, stack.client("dynamodb")).record_protection_assessment(
        report.report_id,
        1,
        {
            "recordedAt": (received + timedelta(hours=2)).isoformat(),
            "recordedBy": "handl-1",
            "immediateProtectionNeeded": False,
            "motivation": MOTIVATION,
        },
        holder=None,
        audit=None,
    )
    assert starter_for(stack).start(report.report_id, report.reference_number, report.received_at).started
    return report


def test_the_14_day_limit_reminds_and_escalates_on_the_last_office_day(local_stack):
    report = _assessed_report(local_stack, local("2026-11-05 10:00"), **NEGLECT_ONLY)
    eventually(
        lambda: (
            ("email", "first_social_secretary") in who_got(local_stack, report.reference_number, "escalation")
        )
    )
    item = store_for(local_stack).find_report_item(report.report_id)
    # 14 calendar days from Thursday 5 November: the end of Thursday 19 November.
    assert item["decisionDeadline"]["dueAt"] == "2026-11-19T22:59:59.000Z"
    assert who_got(local_stack, report.reference_number, "reminder") == {("email", "intake_team")}
    assert ("email", "first_social_secretary") in who_got(local_stack, report.reference_number, "escalation")
    reasons = [entry["reason"] for entry in item["routingHistory"]]
    assert any(reason.startswith("Gränsen passerad torsdag 08:30") for reason in reasons)
    escalation = next(m[3] for m in messages(local_stack, report.reference_number) if m[2] == "escalation")
    assert "beslutet om utredning" in escalation and "torsdag 19 november 2026 kl. 23.59" in escalation


def test_a_weekend_14_day_limit_shows_the_1930_173_shift_as_information(local_stack):
    report = _assessed_report(local_stack, local("2026-11-15 10:00"), **NEGLECT_ONLY)  # + 14 = Sunday 29 Nov
    eventually(lambda: store_for(local_stack).find_report_item(report.report_id).get("decisionDeadline"))
    deadline = store_for(local_stack).find_report_item(report.report_id)["decisionDeadline"]
    assert deadline["dueAt"] == "2026-11-29T22:59:59.000Z"  # the limit itself does not move
    assert deadline["shiftedBy1930_173To"] == "2026-11-30"


def test_decision_no_investigation_ends_the_lifecycle_with_a_purge_date(local_stack):
    report = _assessed_report(local_stack, datetime.now(UTC) - timedelta(days=2), **NEGLECT_ONLY)
    eventually(lambda: lifecycle_of(local_stack, report.report_id).get("phase") == "decision")
    eventually(lambda: awaiting(local_stack, report.report_id).get("kind"))
    answer = local_stack.staff_event(
        {
            "action": "record_decision",
            "reportId": report.report_id,
            "staffId": "handl-1",
            "outcome": "no_investigation",
            "motivation": MOTIVATION,
        }
    )
    assert answer == {"ok": True, "event": "decision_recorded"}
    execution = local_stack.wait_for_execution(report.report_id)
    assert execution["status"] == "SUCCEEDED"
    item = store_for(local_stack).find_report_item(report.report_id)
    decided = (
        datetime.fromisoformat(item["persons"]["1"]["decision"]["decidedAt"]).astimezone(STOCKHOLM).date()
    )
    assert item["purgeOn"] == add_months(decided, 5 * 12).isoformat()
    assert "awaiting" not in item
    assert_nothing_personal_leaves(local_stack, report)


def test_no_investigation_is_refused_when_a_child_is_subjected_to_violence(local_stack):
    report = _assessed_report(
        local_stack, datetime.now(UTC) - timedelta(days=1)
    )  # the sample: violence, a child
    answer = local_stack.staff_event(
        {
            "action": "record_decision",
            "reportId": report.report_id,
            "staffId": "handl-1",
            "outcome": "no_investigation",
            "motivation": MOTIVATION,
        }
    )
    assert answer["ok"] is False and answer["status"] == 409
    assert "SOSFS 2014:4" in answer["message"]
    assert "decision" not in store_for(local_stack).find_report_item(report.report_id)


def test_decision_to_investigate_starts_the_four_month_timer_which_can_be_extended(local_stack):
    report = _assessed_report(local_stack, datetime.now(UTC) - timedelta(days=3))
    eventually(lambda: awaiting(local_stack, report.report_id).get("kind"))
    local_stack.staff_event(
        {
            "action": "record_decision",
            "reportId": report.report_id,
            "staffId": "handl-1",
            "outcome": "investigation",
            "motivation": MOTIVATION,
        }
    )
    eventually(lambda: lifecycle_of(local_stack, report.report_id).get("phase") == "investigation")
    item = store_for(local_stack).find_report_item(report.report_id)
    decided = (
        datetime.fromisoformat(item["persons"]["1"]["decision"]["decidedAt"]).astimezone(STOCKHOLM).date()
    )
    due = datetime.fromisoformat(item["investigationDeadline"]["dueAt"]).astimezone(STOCKHOLM)
    assert due.date() == add_months(decided, 4) and (due.hour, due.minute) == (23, 59)
    extended_to = add_months(decided, 6)
    eventually(lambda: awaiting(local_stack, report.report_id).get("phase") == "investigation")
    answer = local_stack.staff_event(
        {
            "action": "extend_investigation",
            "reportId": report.report_id,
            "staffId": "handl-1",
            "extendedTo": extended_to.isoformat(),
            "reason": "Inväntar polisförhör med barnet.",
        }
    )
    assert answer == {"ok": True, "event": "investigation_extended"}
    eventually(
        lambda: (
            store_for(local_stack)
            .find_report_item(report.report_id)["investigationDeadline"]["dueAt"]
            .startswith(extended_to.isoformat()[:7])
        )
    )
    shorter = local_stack.staff_event(
        {
            "action": "extend_investigation",
            "reportId": report.report_id,
            "staffId": "handl-1",
            "extendedTo": add_months(decided, 1).isoformat(),
            "reason": "Fel datum, tidigare än nu",
        }
    )
    assert shorter["ok"] is False and shorter["status"] == 409


def test_the_day_before_midsummer_eve_at_1330_goes_to_the_first_social_secretary(local_stack):
    report = start(local_stack, local("2026-06-18 13:30"), **NEGLECT_ONLY)
    eventually(
        lambda: ("sms", "first_social_secretary") in who_got(local_stack, report.reference_number, "urgent")
    )
    item = store_for(local_stack).find_report_item(report.report_id)
    assert item["routing"]["route"] == "first_social_secretary"
    assert "bara 30 min kontorstid återstår" in item["routing"]["reason"]
    assert ("sms", "first_social_secretary") in who_got(local_stack, report.reference_number, "urgent")


def test_a_report_received_the_night_the_clocks_go_back_gets_24_hours_of_elapsed_time(local_stack):
    received = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time, before the clocks go back
    report = start(local_stack, received, **NEGLECT_ONLY)
    eventually(lambda: who_got(local_stack, report.reference_number, "urgent"))
    item = store_for(local_stack).find_report_item(report.report_id)
    assert item["protectionAssessmentDeadline"]["dueAt"] == "2026-10-26T00:30:00.000Z"  # 01:30 winter time
    assert item["routing"]["route"] == "socialjour"


def test_an_ordinary_lifecycle_takes_few_state_transitions(local_stack):
    report = start(local_stack, datetime.now(UTC) - timedelta(minutes=30), **NEGLECT_ONLY)
    eventually(lambda: awaiting(local_stack, report.report_id).get("kind"))
    if lifecycle_of(local_stack, report.report_id).get("next") == "await_acknowledgement":
        local_stack.staff_event(
            {"action": "acknowledge_escalation", "reportId": report.report_id, "staffId": "j"}
        )
    local_stack.staff_event(
        {
            "action": "record_protection_assessment",
            "reportId": report.report_id,
            "staffId": "h",
            "immediateProtectionNeeded": False,
            "motivation": MOTIVATION,
        }
    )
    eventually(
        lambda: (
            lifecycle_of(local_stack, report.report_id).get("phase") == "decision"
            and awaiting(local_stack, report.report_id).get("phase") == "decision"
        )
    )
    local_stack.staff_event(
        {
            "action": "record_decision",
            "reportId": report.report_id,
            "staffId": "h",
            "outcome": "no_investigation",
            "motivation": MOTIVATION,
        }
    )
    assert local_stack.wait_for_execution(report.report_id)["status"] == "SUCCEEDED"
    assert transitions(local_stack, report.report_id) <= 25
    execution = local_stack.execution_for(report.report_id)
    assert json.loads(execution["input"]).keys() == {"reportId", "referenceNumber", "receivedAt"}


@pytest.mark.slow
def test_a_notification_that_keeps_failing_goes_to_the_dead_letters_and_the_lifecycle_goes_on(local_stack):
    # Given e-mail that cannot be sent (the sender's identity is gone)
    domain = local_stack.municipality.sender_email.split("@", 1)[1]
    sesv2, ses = local_stack.client("sesv2"), local_stack.client("ses")
    sesv2.delete_email_identity(EmailIdentity=domain)
    ses.delete_identity(Identity=domain)
    try:
        report = start(local_stack, local("2026-11-24 10:00"), **NEGLECT_ONLY)  # intake team: e-mail only
        sqs = local_stack.client("sqs")

        def dead_letter():
            received = sqs.receive_message(
                QueueUrl=local_stack.resources.dead_letter_queue_url, MaxNumberOfMessages=10
            )
            return [
                json.loads(m["Body"]) for m in received.get("Messages", []) if report.report_id in m["Body"]
            ]

        letters = eventually(dead_letter, timeout=90)
        assert letters[0]["referenceNumber"] == report.reference_number
        assert letters[0]["notification"]["recipient"] == "intake_team"
        assert set(letters[0]) == {"reportId", "referenceNumber", "notification", "error"}
        # And the lifecycle went on to wait for the skyddsbedömning (and the timers after it)
        eventually(lambda: awaiting(local_stack, report.report_id).get("phase") == "protection_assessment")
        assert local_stack.execution_for(report.report_id)["status"] == "RUNNING"
    finally:
        sesv2.create_email_identity(EmailIdentity=domain)
        ses.verify_domain_identity(Domain=domain)
