"""After the investigation, on the local stack with a fake clock: the result ends the 4-month clock; with
measures, whoever follows the case up is reminded before each due day and when it has passed (weekly), each
follow-up made moves the next six months on, across the one-year limit of a Step Functions execution (no state
machine waits for it: the hourly check does), until the case moves to the case system's own follow-up."""

import json
from dataclasses import replace
from datetime import datetime

from functions.domain.follow_up import FollowUpOutcome, InvestigationResult
from functions.follow_up import handler
from functions.follow_up.check import remind_report
from functions.staff.use_cases.deadlines import close_investigation, record_follow_up
from tests.integration.helpers import (
    REVIEWER,
    STOCKHOLM,
    personal_data_in,
    report_decided_at,
    staff_services_at,
)
from tests.integration.test_staff_api import call, new_report, person_path, report_item


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def check_at(report_id: str, moment: str) -> int:
    """The hourly check's run for one report at `moment` (its own collaborators, a fake clock)."""
    return remind_report(replace(handler.work(), now=lambda: at(moment)), report_id)


def follow_up_of(stack, report_id: str) -> dict:
    return report_item(stack, report_id)["persons"]["1"].get("followUp") or {}


def test_measures_are_followed_up_every_six_months_across_a_year_until_the_case_system_takes_over(
    local_stack, tokens
):
    report_id = report_decided_at(
        local_stack, at("2026-01-12 10:00"), at("2026-01-20 14:00"), outcome="investigation"
    )
    close_investigation(
        staff_services_at(at("2026-05-04 11:00")), REVIEWER, report_id, 1, InvestigationResult.MEASURES
    )
    stored = report_item(local_stack, report_id)
    assert stored["persons"]["1"]["investigation"]["result"] == "measures"
    assert follow_up_of(local_stack, report_id)["nextDueOn"] == "2026-11-04"
    reference = stored["referenceNumber"]

    def reminders() -> list[dict]:
        return [
            mail
            for mail in local_stack.outbox()["emails"]
            if reference in mail["subject"] and "ppföljning" in mail["subject"]
        ]

    assert check_at(report_id, "2026-10-21 08:29") == 0  # two weeks before, when the office opens
    assert check_at(report_id, "2026-10-21 08:30") == 1
    (upcoming,) = reminders()
    assert upcoming["to"] == [local_stack.municipality.first_social_secretary.email]
    assert "senast 4 november 2026" in upcoming["subject"]
    content = json.loads(stored["content"])
    assert not [
        value for value in personal_data_in(content) if value in upcoming["subject"] + upcoming["text"]
    ]
    assert check_at(report_id, "2026-10-22 08:00") == 0  # once
    assert check_at(report_id, "2026-11-05 08:29") == 0
    assert check_at(report_id, "2026-11-05 08:30") == 1  # the day has passed: when the office opens
    assert "försenad" in reminders()[-1]["subject"]
    assert check_at(report_id, "2026-11-08 09:00") == 0
    assert check_at(report_id, "2026-11-12 08:30") == 1  # a week later, still nothing recorded
    assert len(reminders()) == 3

    record_follow_up(
        staff_services_at(at("2026-11-13 10:00")),
        REVIEWER,
        report_id,
        1,
        FollowUpOutcome.FOLLOWED_UP,
        "Hembesök gjort.",
    )
    assert follow_up_of(local_stack, report_id)["nextDueOn"] == "2027-05-13"
    # More than a year after the decision: a Step Functions execution could not still be waiting.
    assert check_at(report_id, "2027-04-29 08:30") == 1
    assert "senast 13 maj 2027" in reminders()[-1]["subject"]
    record_follow_up(
        staff_services_at(at("2027-05-10 10:00")),
        REVIEWER,
        report_id,
        1,
        FollowUpOutcome.FOLLOWED_UP,
        "Samtal med familjen.",
    )
    assert check_at(report_id, "2027-10-27 08:30") == 1  # the third due day, 10 November 2027
    record_follow_up(
        staff_services_at(at("2027-11-08 10:00")),
        REVIEWER,
        report_id,
        1,
        FollowUpOutcome.MOVED_TO_CASE_SYSTEM,
        "Följs upp i Treserva från och med nu.",
    )
    ended = follow_up_of(local_stack, report_id)
    assert ended["status"] == "ended" and ended["endedHow"] == "moved_to_case_system"
    assert [entry["outcome"] for entry in ended["followUps"]] == [
        "followed_up",
        "followed_up",
        "moved_to_case_system",
    ]
    assert "followUpQueue" not in report_item(local_stack, report_id)
    assert check_at(report_id, "2028-06-01 08:00") == 0
    assert len(reminders()) == 5
    assert local_stack.execution_for(report_id) is None  # no state machine was ever waiting for it

    view = call(
        local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["forste_socialsekreterare"]
    ).json()
    assert view["persons"][0]["followUp"]["status"] == "ended"
    actions = [entry["action"] for entry in view["timeline"]]
    assert actions.count("record_follow_up") == 3 and "close_investigation" in actions


def test_no_measures_start_no_follow_up_and_bad_closures_change_nothing(local_stack, tokens):
    chief = tokens["forste_socialsekreterare"]
    report_id = report_decided_at(
        local_stack, at("2026-03-02 10:00"), at("2026-03-09 14:00"), outcome="investigation"
    )
    path = f"{person_path(report_id)}/investigation-closure"
    for body in ({}, {"result": "maybe"}):
        refused = call(local_stack, "POST", path, chief, body)
        assert refused.status_code == 422, refused.text
    assert "closedAt" not in (report_item(local_stack, report_id)["persons"]["1"].get("investigation") or {})
    assert call(local_stack, "POST", path, chief, {"result": "no_measures"}).json() == {
        "event": "investigation_closed"
    }
    stored = report_item(local_stack, report_id)
    assert stored["persons"]["1"]["investigation"]["result"] == "no_measures"
    assert "followUp" not in stored["persons"]["1"] and "followUpQueue" not in stored
    no_follow_up = call(
        local_stack,
        "POST",
        f"{person_path(report_id)}/follow-up",
        chief,
        {"outcome": "followed_up", "note": "Gjort."},
    )
    assert no_follow_up.status_code == 409 and "ingen pågående uppföljning" in no_follow_up.json()["message"]
    other = new_report(local_stack)
    assert (
        call(
            local_stack, "POST", f"{person_path(other)}/investigation-closure", chief, {"result": "measures"}
        ).status_code
        == 409
    )
