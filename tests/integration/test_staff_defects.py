"""Regression tests for what trying Oro as staff and attacking the staff API found: four eyes that could be
raced, a decision that could stand without its audit entry, a holder ("Ligger hos") that never changed, the
14-day limit hidden until the skyddsbedömning, investigations changed outside the staff API, person search
that knew only children, messages missing from the timeline."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from botocore.exceptions import ClientError

from functions.domain.office_hours import is_open
from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.lifecycle import LifecycleStore
from tests.integration.helpers import eventually, new_body
from tests.integration.test_staff_api import (
    NEGLECT_ONLY,
    call,
    new_report,
    new_report_with_persons,
    open_investigation,
    report_item,
    whole_queue,
)


def _proposal(stack, token, report_id, outcome):
    return call(
        stack, "POST", f"/api/staff/reports/{report_id}/decision-proposal", token, {"outcome": outcome}
    )


def _review(stack, token, report_id, verb, body):
    return call(stack, "POST", f"/api/staff/reports/{report_id}/decision-proposal/{verb}", token, body)


def test_a_reviewer_approves_exactly_the_proposal_version_they_saw(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    intake, reviewer = tokens["mottagning"], tokens["forste_socialsekreterare"]
    assert _proposal(local_stack, intake, report_id, "investigation").json()["version"] == 1
    seen = call(local_stack, "GET", f"/api/staff/reports/{report_id}", reviewer).json()["decisionProposal"]
    assert seen["version"] == 1 and seen["outcome"] == "investigation"

    # The proposer replaces the pending proposal while the reviewer reads it.
    assert _proposal(local_stack, intake, report_id, "no_investigation").json()["version"] == 2
    stale = _review(local_stack, reviewer, report_id, "approve", {"version": 1})
    assert stale.status_code == 409 and "ändrats" in stale.json()["message"]
    assert "decision" not in report_item(local_stack, report_id)

    approved = _review(local_stack, reviewer, report_id, "approve", {"version": 2})
    assert approved.status_code == 200
    assert report_item(local_stack, report_id)["decision"]["outcome"] == "no_investigation"
    # Decided: neither approving again nor returning answers 200.
    assert _review(local_stack, reviewer, report_id, "return", {"version": 2}).status_code == 409
    assert _review(local_stack, reviewer, report_id, "approve", {"version": 2}).status_code == 409


def test_a_decision_never_stands_without_its_audit_entry(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    _proposal(local_stack, tokens["mottagning"], report_id, "investigation")
    # A 450 kB comment once made the second write fail after the decision was recorded: now it is refused
    # before anything is written.
    huge = _review(
        local_stack,
        tokens["forste_socialsekreterare"],
        report_id,
        "approve",
        {"version": 1, "comment": "x" * 450_000},
    )
    assert huge.status_code == 422 and huge.json()["errors"][0]["field"] == "comment"
    blank = _review(
        local_stack,
        tokens["forste_socialsekreterare"],
        report_id,
        "return",
        {"version": 1, "comment": "\u200b\u200b"},
    )
    assert blank.status_code == 422
    assert "decision" not in report_item(local_stack, report_id)

    # When the audit write fails, the decision and the proposal's new state are not written either.
    dynamodb = local_stack.client("dynamodb")
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), dynamodb)
    entry = AuditEntry(
        at=datetime.now(UTC), staff_id="x", roles=[], action="approve_decision", report_id=report_id
    )
    taken = audit.put_request(entry)
    dynamodb.put_item(**taken)  # the key exists: the transaction's conditional put must fail
    store = LifecycleStore(local_stack.resources.reports_table_name, dynamodb)
    proposal = report_item(local_stack, report_id)["decisionProposal"]
    reviewed = {**{k: (int(v) if k == "version" else v) for k, v in proposal.items()}, "status": "approved"}
    decision = {"outcome": "investigation", "decidedAt": "2026-11-29T20:00:00.000Z", "decidedBy": "x"}
    with pytest.raises(ClientError) as failed:  # an error (503 to the caller), and nothing written
        store.review_decision_proposal(report_id, reviewed, decision, None, taken)
    assert failed.value.response["Error"]["Code"] == "TransactionCanceledException"
    after = report_item(local_stack, report_id)
    assert "decision" not in after and after["decisionProposal"]["status"] == "proposed"


def test_the_holder_follows_the_work_and_its_filter_with_it(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    intake, reviewer = tokens["mottagning"], tokens["forste_socialsekreterare"]
    eventually(lambda: report_item(local_stack, report_id).get("lifecycle", {}).get("next"))
    call(
        local_stack,
        "POST",
        f"/api/staff/reports/{report_id}/protection-assessment",
        intake,
        {"immediateProtectionNeeded": False},
    )
    eventually(lambda: report_item(local_stack, report_id)["lifecycle"]["phase"] == "decision")
    held = eventually(
        lambda: (
            report_item(local_stack, report_id)["routing"]["reason"].startswith("Skydds")
            and report_item(local_stack, report_id)["routing"]
        )
    )
    assert held["route"] == "intake_team"
    assert report_id in {i["reportId"] for i in whole_queue(local_stack, intake, "route=intake_team")}

    _proposal(local_stack, intake, report_id, "investigation")
    detail = call(local_stack, "GET", f"/api/staff/reports/{report_id}", reviewer).json()
    assert detail["route"] == "first_social_secretary" and "granskar" in detail["routingReason"]
    assert report_id in {
        i["reportId"] for i in whole_queue(local_stack, intake, "route=first_social_secretary")
    }
    assert report_id not in {i["reportId"] for i in whole_queue(local_stack, intake, "route=intake_team")}

    _review(
        local_stack, reviewer, report_id, "return", {"version": 1, "comment": "Komplettera med skolans bild."}
    )
    assert report_item(local_stack, report_id)["routing"]["route"] == "intake_team"
    reasons = [entry["reason"] for entry in report_item(local_stack, report_id)["routingHistory"]]
    assert any("returnerades" in reason for reason in reasons)


def test_every_running_limit_shows_from_arrival(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    detail = eventually(
        lambda: (
            (d := call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json())[
                "decisionDueAt"
            ]
            and d
        )
    )
    assert detail["phase"] == "protection_assessment" and detail["protectionDueAt"]
    (item,) = [i for i in whole_queue(local_stack, tokens["mottagning"]) if i["reportId"] == report_id]
    assert item["decisionDueAt"] == detail["decisionDueAt"]


def test_investigations_are_closed_and_extended_only_through_the_audited_staff_api(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    chief = tokens["forste_socialsekreterare"]
    open_investigation(local_stack, tokens, report_id)
    due = eventually(
        lambda: report_item(local_stack, report_id).get("investigationDeadline", {}).get("dueAt")
    )
    assert (
        call(local_stack, "GET", f"/api/staff/reports/{report_id}", chief).json()["investigationDueAt"] == due
    )

    later = (date.today() + timedelta(days=200)).isoformat()
    reason = "Utredningen väntar på ett utlåtande från barnpsykiatrin."
    forbidden = call(
        local_stack,
        "POST",
        f"/api/staff/reports/{report_id}/investigation-extension",
        tokens["mottagning"],
        {"extendedTo": later, "reason": reason},
    )
    assert forbidden.status_code == 403
    extended = call(
        local_stack,
        "POST",
        f"/api/staff/reports/{report_id}/investigation-extension",
        chief,
        {"extendedTo": later, "reason": reason},
    )
    assert extended.json() == {"event": "investigation_extended"}
    # The new due time is shown at once, not only after the lifecycle replans.
    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", chief).json()["investigationDueAt"]
    assert datetime.fromisoformat(shown).astimezone(ZoneInfo("Europe/Stockholm")).date().isoformat() == later
    closed = call(local_stack, "POST", f"/api/staff/reports/{report_id}/investigation-closure", chief, {})
    assert closed.json() == {"event": "investigation_closed"}
    stored = report_item(local_stack, report_id)
    assert stored["investigation"]["extensions"][0]["reason"] == reason
    timeline = call(local_stack, "GET", f"/api/staff/reports/{report_id}", chief).json()["timeline"]
    actions = {entry["action"]: entry for entry in timeline}
    assert {"extend_investigation", "close_investigation", "approve_decision"} <= set(actions)
    assert actions["close_investigation"]["referenceNumber"] == stored["referenceNumber"]
    assert actions["close_investigation"]["staffId"] == "demo-forste-socialsekreterare"


def test_the_timeline_shows_the_messages_sent(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)

    def sent():
        timeline = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()[
            "timeline"
        ]
        return [entry for entry in timeline if entry["action"] == "message_sent"]

    (message,) = eventually(sent)
    assert message["staffId"] == "oro" and message["detail"]["channels"]
    assert message["detail"]["messageKind"] in {"new_report", "new_report_urgent"}


def test_person_search_finds_adults_and_says_what_it_searched(local_stack, tokens):
    adult = {"kind": "vuxen", "name": "Vuxen Person", "personalIdentityNumber": "19811278-9873"}
    child = new_body()["persons"][0]
    first = new_report_with_persons(local_stack, [child, adult])
    second = new_report_with_persons(local_stack, [adult])
    found = call(
        local_stack,
        "POST",
        "/api/staff/person-search",
        tokens["mottagning"],
        {"identityNumber": "811278-9873"},
    ).json()["reports"]
    assert {first, second} <= {report["reportId"] for report in found}


def test_a_letter_registered_days_late_sends_no_reminder_and_says_the_limit_has_passed(local_stack, tokens):
    arrived = datetime.now(UTC) - timedelta(days=3)
    body = {"channel": "brev", "receivedAt": arrived.isoformat(), "report": new_body(concern=NEGLECT_ONLY)}
    registered = call(local_stack, "POST", "/api/staff/reports", tokens["mottagning"], body)
    assert registered.status_code == 201, registered.text
    report_id, reference = registered.json()["reportId"], registered.json()["referenceNumber"]
    assert (
        report_item(local_stack, report_id)["registeredAt"]
        > report_item(local_stack, report_id)["receivedAt"]
    )

    def texts():
        outbox = local_stack.outbox()
        return [s["text"] for s in outbox["sms"] if reference in s["text"]] + [
            m["text"] for m in outbox["emails"] if reference in m["subject"]
        ]

    first = eventually(texts)
    assert all("försenad" in text for text in first), first
    assert not any("ska vara klar" in text or "påminnelse" in text.lower() for text in texts())
    # Whoever is alerted is who works now, by the municipality's calendar: never an office-hours phone at
    # night (the rule itself is tested with fixed times in tests/unit).
    routing = report_item(local_stack, report_id)["routing"]
    assert routing["reason"].startswith("Registrerad i efterhand")
    open_now = is_open(local_stack.municipality.office_hours, datetime.now(UTC))
    assert routing["route"] == ("first_social_secretary" if open_now else "socialjour")
