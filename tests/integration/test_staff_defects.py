"""Regression tests for what trying Oro as staff and attacking the staff API found: four eyes that could be
raced, a decision that could stand without its audit entry, a holder ("Ligger hos") that never changed, the
14-day limit hidden until the skyddsbedömning, investigations changed outside the staff API, person search
that knew only children, messages missing from the timeline."""

import base64
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from botocore.exceptions import ClientError

from functions.domain.office_hours import is_open
from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.lifecycle import LifecycleStore
from tests.integration.helpers import eventually, new_body
from tests.integration.test_staff_api import (
    NEGLECT_ONLY,
    assess,
    assessed_report,
    call,
    new_report,
    new_report_with_persons,
    open_investigation,
    person_path,
    report_item,
    whole_queue,
)
from tests.integration.test_staff_api import propose as _proposal
from tests.integration.test_staff_api import review as _review

APPROVE_1 = {"version": 1, "confirmed": True}


def test_a_reviewer_approves_exactly_the_proposal_version_they_saw(local_stack, tokens):
    report_id = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    intake, reviewer = tokens["mottagning"], tokens["forste_socialsekreterare"]
    assert _proposal(local_stack, intake, report_id, "investigation").json()["version"] == 1
    seen = call(local_stack, "GET", f"/api/staff/reports/{report_id}", reviewer).json()["persons"][0][
        "decisionProposal"
    ]
    assert seen["version"] == 1 and seen["outcome"] == "investigation"

    # The proposer replaces the pending proposal while the reviewer reads it.
    assert _proposal(local_stack, intake, report_id, "no_investigation").json()["version"] == 2
    stale = _review(local_stack, reviewer, report_id, "approve", APPROVE_1)
    assert stale.status_code == 409 and "ändrats" in stale.json()["message"]
    assert "decision" not in report_item(local_stack, report_id)["persons"]["1"]

    approved = _review(local_stack, reviewer, report_id, "approve", {"version": 2, "confirmed": True})
    assert approved.status_code == 200
    assert report_item(local_stack, report_id)["persons"]["1"]["decision"]["outcome"] == "no_investigation"
    # Decided: neither approving again nor returning answers 200.
    returned = _review(
        local_stack, reviewer, report_id, "return", {"version": 2, "comment": "Beslutet är redan fattat."}
    )
    assert returned.status_code == 409
    again = _review(local_stack, reviewer, report_id, "approve", {"version": 2, "confirmed": True})
    assert again.status_code == 409


def test_a_decision_never_stands_without_its_audit_entry(local_stack, tokens):
    report_id = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    _proposal(local_stack, tokens["mottagning"], report_id, "investigation")
    # A 450 kB comment once made the second write fail after the decision was recorded: now it is refused
    # before anything is written.
    huge = _review(
        local_stack,
        tokens["forste_socialsekreterare"],
        report_id,
        "approve",
        {"version": 1, "confirmed": True, "comment": "x" * 450_000},
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
    assert "decision" not in report_item(local_stack, report_id)["persons"]["1"]

    # When the audit write fails, the decision and the proposal's new state are not written either.
    dynamodb = local_stack.client("dynamodb")
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), dynamodb)
    entry = AuditEntry(
        at=datetime.now(UTC), staff_id="x", roles=[], action="approve_decision", report_id=report_id
    )
    taken = audit.put_request(entry)
    dynamodb.put_item(**taken)  # the key exists: the transaction's conditional put must fail
    store = LifecycleStore(local_stack.resources.reports_table_name, dynamodb)
    proposal = report_item(local_stack, report_id)["persons"]["1"]["decisionProposal"]
    reviewed = {**{k: (int(v) if k == "version" else v) for k, v in proposal.items()}, "status": "approved"}
    decision = {"outcome": "investigation", "decidedAt": "2026-11-29T20:00:00.000Z", "decidedBy": "x"}
    with pytest.raises(ClientError) as failed:  # an error (503 to the caller), and nothing written
        store.review_decision_proposal(report_id, 1, reviewed, decision, None, taken, leaves_review=True)
    assert failed.value.response["Error"]["Code"] == "TransactionCanceledException"
    after = report_item(local_stack, report_id)
    assert (
        "decision" not in after["persons"]["1"]
        and after["persons"]["1"]["decisionProposal"]["status"] == "proposed"
    )


def test_the_holder_follows_the_work_and_its_filter_with_it(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    intake, reviewer = tokens["mottagning"], tokens["forste_socialsekreterare"]
    eventually(lambda: report_item(local_stack, report_id).get("lifecycle", {}).get("next"))
    assess(local_stack, tokens, report_id)
    # At once, with the skyddsbedömning: the report page never shows the old holder or phase.
    held = report_item(local_stack, report_id)["routing"]
    assert held["route"] == "intake_team" and held["reason"].startswith("Skyddsbedömningen är gjord")
    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", intake).json()
    assert shown["phase"] == "decision" and shown["route"] == "intake_team"
    eventually(lambda: report_item(local_stack, report_id)["lifecycle"]["phase"] == "decision")
    history = [entry["reason"] for entry in report_item(local_stack, report_id)["routingHistory"]]
    assert sum(reason.startswith("Skyddsbedömningen är gjord") for reason in history) == 1
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

    # Decided without an investigation for its only person: the report no longer says someone reviews it.
    assert _proposal(local_stack, intake, report_id, "no_investigation").json()["version"] == 2
    approved = _review(local_stack, reviewer, report_id, "approve", {"version": 2, "confirmed": True})
    assert approved.status_code == 200
    routing = report_item(local_stack, report_id)["routing"]
    assert routing["route"] == "intake_team" and "Beslut fattat" in routing["reason"]
    assert "granskar" not in routing["reason"]


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
    report_id = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    chief = tokens["forste_socialsekreterare"]
    open_investigation(local_stack, tokens, report_id)
    due = eventually(
        lambda: report_item(local_stack, report_id).get("investigationDeadline", {}).get("dueAt")
    )
    assert report_item(local_stack, report_id)["persons"]["1"]["deadlines"]["investigation"]["dueAt"] == due
    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", chief).json()
    assert shown["investigationDueAt"] == shown["persons"][0]["investigationDueAt"] == due

    later = (date.today() + timedelta(days=160)).isoformat()  # within the demo's 120 days past 4 months
    reason = "Utredningen väntar på ett utlåtande från barnpsykiatrin."
    forbidden = call(
        local_stack,
        "POST",
        f"{person_path(report_id)}/investigation-extension",
        tokens["mottagning"],
        {"extendedTo": later, "reason": reason},
    )
    assert forbidden.status_code == 403
    extended = call(
        local_stack,
        "POST",
        f"{person_path(report_id)}/investigation-extension",
        chief,
        {"extendedTo": later, "reason": reason},
    )
    assert extended.json() == {"event": "investigation_extended"}
    far = call(
        local_stack,
        "POST",
        f"{person_path(report_id)}/investigation-extension",
        chief,
        {"extendedTo": "9999-12-31", "reason": reason},
    )
    assert far.status_code == 409 and "kommunens gräns är 120 dagar" in far.json()["message"]
    # The new due time is shown at once, not only after the lifecycle replans.
    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", chief).json()["investigationDueAt"]
    assert datetime.fromisoformat(shown).astimezone(ZoneInfo("Europe/Stockholm")).date().isoformat() == later
    closed = call(
        local_stack, "POST", f"{person_path(report_id)}/investigation-closure", chief, {"result": "no_measures"}
    )
    assert closed.json() == {"event": "investigation_closed"}
    stored = report_item(local_stack, report_id)
    investigation = stored["persons"]["1"]["investigation"]
    assert investigation["extensions"][0]["reason"] == reason and investigation["extendedTo"] == later
    assert investigation["closedBy"] == "demo-forste-socialsekreterare"
    assert "investigation" not in stored
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


def test_no_decision_before_the_skyddsbedomning(local_stack, tokens):
    report_id = new_report(local_stack, **{**NEGLECT_ONLY, "acuteDanger": True})
    early = _proposal(local_stack, tokens["mottagning"], report_id, "no_investigation")
    assert early.status_code == 409 and "skyddsbedömningen först" in early.json()["message"]
    stored = report_item(local_stack, report_id)
    assert "decisionProposal" not in stored["persons"]["1"] and "decision" not in stored["persons"]["1"]


def test_an_approved_investigation_shows_its_phase_holder_and_four_months_at_once(local_stack, tokens):
    report_id = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    open_investigation(local_stack, tokens, report_id)
    chief = tokens["forste_socialsekreterare"]
    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", chief).json()
    assert shown["phase"] == "investigation" and shown["route"] == "first_social_secretary"
    due = datetime.fromisoformat(shown["investigationDueAt"])
    assert timedelta(days=88) < due - datetime.now(UTC) < timedelta(days=124)


def test_requests_that_once_answered_5xx_get_a_clear_4xx(local_stack, tokens):
    granskare, admin, intake = tokens["granskare"], tokens["admin"], tokens["mottagning"]
    period = "from=2026-11-29T00:00:00%2B01:00&to=2026-11-30T00:00:00%2B01:00"
    empty = call(local_stack, "GET", f"/api/staff/audit?staffId=&{period}", granskare)
    assert empty.status_code == 400 and "staffId" in empty.json()["message"]
    far = call(local_stack, "GET", "/api/staff/gallring/log?from=0001-01-01&to=9999-12-31", admin)
    assert far.status_code == 400
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    broken = requests.post(
        f"{local_stack.base_url}{person_path(report_id)}/protection-assessment",
        data=b"{not json",
        headers={"Authorization": f"Bearer {intake}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert broken.status_code == 400 and "JSON" in broken.json()["message"]
    worded = _review(
        local_stack,
        tokens["forste_socialsekreterare"],
        report_id,
        "approve",
        {"version": "ett", "confirmed": True},
    )
    assert worded.status_code == 422
    assert worded.json()["errors"][0]["message"].startswith("Förslagets version")


def test_a_queue_cursor_moved_to_another_partition_is_refused(local_stack, tokens):
    intake = tokens["mottagning"]
    for _ in range(3):
        new_report(local_stack, **NEGLECT_ONLY)
    page = call(local_stack, "GET", "/api/staff/reports?pageSize=1", intake).json()
    key = json.loads(base64.urlsafe_b64decode(page["nextCursor"]))
    key["pk"] = {"S": "PERSON#" + "0" * 64}
    forged = base64.urlsafe_b64encode(json.dumps(key).encode()).decode()
    refused = call(local_stack, "GET", f"/api/staff/reports?pageSize=1&cursor={forged}", intake)
    assert refused.status_code == 400


def test_an_audit_export_records_whose_entries_over_which_period(local_stack, tokens):
    granskare = tokens["granskare"]
    period = "from=2026-11-01T00:00:00%2B01:00&to=2026-12-01T00:00:00%2B01:00"
    assert call(local_stack, "GET", f"/api/staff/audit?staffId=demo-mottagning&{period}", granskare).ok
    now = datetime.now(UTC)
    start = (now - timedelta(minutes=5)).isoformat().replace("+", "%2B")
    end = (now + timedelta(minutes=5)).isoformat().replace("+", "%2B")
    own = call(
        local_stack, "GET", f"/api/staff/audit?staffId=demo-granskare&from={start}&to={end}", granskare
    )
    exports = [entry for entry in own.json()["entries"] if entry["action"] == "export_audit"]
    details = [entry["detail"] for entry in exports if entry.get("detail")]
    assert any(detail.get("staffId") == "demo-mottagning" for detail in details)
    assert any(detail.get("from", "").startswith("2026-10-31T23:00:00") for detail in details)
