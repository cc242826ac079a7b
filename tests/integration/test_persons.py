"""Each person a report concerns has their own clocks, skyddsbedömning, decision (four eyes) and
investigation, through the staff API on the local stack: siblings decided one by one, adults by their unit's
own targets, the receipt that says which rule applies, the e-mail asking for a review, and the alert when a
person needs protection at once."""

from datetime import UTC, datetime

from functions.domain.deadlines import preliminary_assessment_deadline, protection_assessment_deadline
from functions.domain.decisions import VIOLENCE_REQUIRES_INVESTIGATION
from functions.domain.office_hours import is_open
from tests.integration.helpers import MOTIVATION, eventually, new_body, personal_data_in, post_report
from tests.integration.test_staff_api import (
    NEGLECT_ONLY,
    assess,
    call,
    decide,
    person_path,
    propose,
    report_item,
    review,
    whole_queue,
)

VIOLENCE = {
    "description": "Hör skrik och slag från grannens lägenhet flera kvällar i veckan; barnen gråter.",
    "categories": ["vald"],
    "mainCategory": "vald",
    "acuteDanger": False,
}
SIBLINGS = [
    {"kind": "barn", "name": "Ebba Syskonsson", "age": 4},
    {"kind": "barn", "name": "Elis Syskonsson", "age": 9},
    {"kind": "barn", "name": "Ella Syskonsson", "age": 15},
]
ADULT = {"kind": "vuxen", "name": "Vera Vuxendotter", "age": 42}
ELDERLY = {"kind": "aldre", "name": "Åke Äldresson", "age": 88}


def reported(stack, persons: list[dict], concern: dict) -> tuple[str, dict]:
    """A report through the public intake: its id and the body sent."""
    body = new_body(persons=persons, concern=concern)
    response = post_report(stack, body)
    assert response.status_code == 201, response.text
    return stack.find_report(response.json()["referenceNumber"])["reportId"], body


def shown(stack, tokens, report_id: str) -> dict:
    answer = call(stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"])
    assert answer.status_code == 200, answer.text
    return answer.json()


def phases(detail: dict) -> list[str]:
    return [person["phase"] for person in detail["persons"]]


def phoned_in(stack, tokens, persons: list[dict], concern: dict) -> str:
    """A report that came by phone, registered by mottagningen: the queue's channel filter finds it among
    few (the unfiltered queue holds every open report of the test session)."""
    registered = call(
        stack,
        "POST",
        "/api/staff/reports",
        tokens["mottagning"],
        {
            "channel": "telefon",
            "receivedAt": datetime.now(UTC).isoformat(),
            "report": new_body(persons=persons, concern=concern),
        },
    )
    assert registered.status_code == 201, registered.text
    return registered.json()["reportId"]


def queue_item(stack, tokens, report_id: str, query: str = "channel=telefon") -> dict | None:
    found = [
        item for item in whole_queue(stack, tokens["mottagning"], query) if item["reportId"] == report_id
    ]
    return found[0] if found else None


def close_investigation(stack, tokens, report_id: str, person: int) -> None:
    closed = call(
        stack,
        "POST",
        f"{person_path(report_id, person)}/investigation-closure",
        tokens["forste_socialsekreterare"],
        {"result": "no_measures"},
    )
    assert closed.json() == {"event": "investigation_closed"}, closed.text


def sent_kinds(stack, tokens, report_id: str, kind: str) -> list[dict]:
    """The timeline's record of each message of a kind sent about the report: to whom, by which channels."""
    return [
        entry["detail"]
        for entry in shown(stack, tokens, report_id)["timeline"]
        if entry["action"] == "message_sent" and entry["detail"]["messageKind"] == kind
    ]


def emails_with(stack, reference_number: str, subject_start: str) -> list[dict]:
    return [
        mail
        for mail in stack.outbox()["emails"]
        if reference_number in mail["subject"] and mail["subject"].startswith(subject_start)
    ]


# --- three children ----------------------------------------------------------------------------------


def test_three_children_each_get_their_own_skyddsbedomning_and_the_report_waits_for_all(local_stack, tokens):
    report_id = phoned_in(local_stack, tokens, SIBLINGS, VIOLENCE)
    detail = shown(local_stack, tokens, report_id)
    assert [person["number"] for person in detail["persons"]] == [1, 2, 3]
    assert {(p["kind"], p["rule"], p["violence"]) for p in detail["persons"]} == {("barn", "barn", True)}
    assert phases(detail) == ["protection_assessment"] * 3

    # Person 2's skyddsbedömning is person 2's only.
    assess(local_stack, tokens, report_id, person=2)
    detail = shown(local_stack, tokens, report_id)
    second = detail["persons"][1]["protectionAssessment"]
    assert second["recordedBy"] == "demo-mottagning" and second["motivation"] == MOTIVATION
    assert second["immediateProtectionNeeded"] is False
    assert detail["persons"][0]["protectionAssessment"] is None
    assert detail["persons"][2]["protectionAssessment"] is None
    assert "protectionAssessment" not in report_item(local_stack, report_id)["persons"]["1"]
    assert phases(detail) == ["protection_assessment", "decision", "protection_assessment"]
    assert detail["phase"] == "protection_assessment"
    # The audit trail says which person the action was about: by number, nothing more of them.
    (entry,) = [e for e in detail["timeline"] if e["action"] == "record_protection_assessment"]
    assert entry["detail"] == {"person": 2} and entry["staffId"] == "demo-mottagning"
    # Once per person: a second one for person 2 is refused and the first stands.
    again = call(
        local_stack,
        "POST",
        f"{person_path(report_id, 2)}/protection-assessment",
        tokens["socialjour"],
        {"immediateProtectionNeeded": True, "motivation": MOTIVATION},
    )
    assert again.status_code == 409, again.text
    assert shown(local_stack, tokens, report_id)["persons"][1]["protectionAssessment"] == second
    # Person 1 is not yet assessed: no decision about them can be proposed.
    early = propose(local_stack, tokens["mottagning"], report_id, "investigation", person=1)
    assert early.status_code == 409 and "skyddsbedömningen först" in early.json()["message"]
    # The queue lists the three by number, kind, rule and phase: never a name.
    item = eventually(lambda: queue_item(local_stack, tokens, report_id))
    assert item["persons"] == [
        {"number": 1, "kind": "barn", "rule": "barn", "phase": "protection_assessment"},
        {"number": 2, "kind": "barn", "rule": "barn", "phase": "decision"},
        {"number": 3, "kind": "barn", "rule": "barn", "phase": "protection_assessment"},
    ]
    assert "Syskonsson" not in str(item)

    assess(local_stack, tokens, report_id, person=1)
    assert shown(local_stack, tokens, report_id)["phase"] == "protection_assessment"  # person 3 still waits
    assess(local_stack, tokens, report_id, person=3)
    detail = shown(local_stack, tokens, report_id)
    assert phases(detail) == ["decision"] * 3 and detail["phase"] == "decision"
    assert [p["phase"] for p in queue_item(local_stack, tokens, report_id)["persons"]] == ["decision"] * 3
    eventually(lambda: report_item(local_stack, report_id)["lifecycle"]["phase"] == "decision")
    # An unknown person is no one's.
    for number in (4, 0):
        unknown = call(
            local_stack,
            "POST",
            f"{person_path(report_id, number)}/protection-assessment",
            tokens["mottagning"],
            {"immediateProtectionNeeded": False, "motivation": MOTIVATION},
        )
        assert unknown.status_code == 404, number
        assert unknown.json()["message"] == "Anmälan har ingen person med det numret."


def test_three_children_with_violence_each_get_an_investigation_with_four_eyes(local_stack, tokens):
    report_id = phoned_in(local_stack, tokens, SIBLINGS, VIOLENCE)
    for person in (1, 2, 3):
        assess(local_stack, tokens, report_id, person=person)
    intake, chief = tokens["mottagning"], tokens["forste_socialsekreterare"]

    # SOSFS 2014:4 for each child: "no investigation" is refused, proposed or otherwise.
    for person in (1, 2, 3):
        refused = propose(local_stack, intake, report_id, "no_investigation", person=person)
        assert refused.status_code == 409 and refused.json()["message"] == VIOLENCE_REQUIRES_INVESTIGATION
    assert all(p["decisionProposal"] is None for p in shown(local_stack, tokens, report_id)["persons"])

    # Four eyes, per person: the proposer never approves their own proposal.
    assert propose(local_stack, chief, report_id, "investigation", person=1).json()["version"] == 1
    own = review(local_stack, chief, report_id, "approve", {"version": 1, "confirmed": True}, person=1)
    assert own.status_code == 409 and "annan person" in own.json()["message"]
    assert propose(local_stack, intake, report_id, "investigation", person=1).json()["version"] == 2
    for person in (2, 3):
        assert propose(local_stack, intake, report_id, "investigation", person=person).json()["version"] == 1
    assert queue_item(local_stack, tokens, report_id, "status=review")["proposalsAwaitingReview"] == 3

    approved = review(local_stack, chief, report_id, "approve", {"version": 2, "confirmed": True}, person=1)
    assert approved.json() == {"event": "decision_recorded"}
    detail = shown(local_stack, tokens, report_id)
    assert phases(detail) == ["investigation", "decision", "decision"] and detail["phase"] == "decision"
    assert detail["persons"][1]["decision"] is None and detail["persons"][2]["decision"] is None
    # The others' proposals still await review: the report stays in the reviewers' part of the queue.
    assert queue_item(local_stack, tokens, report_id, "status=review")["proposalsAwaitingReview"] == 2

    for person in (2, 3):
        version = {"version": 1, "confirmed": True}
        assert review(local_stack, chief, report_id, "approve", version, person=person).status_code == 200
    assert queue_item(local_stack, tokens, report_id, "status=review") is None
    detail = shown(local_stack, tokens, report_id)
    assert phases(detail) == ["investigation"] * 3 and detail["phase"] == "investigation"
    for person in detail["persons"]:
        decision = person["decision"]
        assert decision["outcome"] == "investigation" and decision["motivation"] == MOTIVATION
        assert (
            decision["proposedBy"] == "demo-mottagning"
            and decision["decidedBy"] == "demo-forste-socialsekreterare"
        )
        assert person["investigationDueAt"] and person["investigation"] is None

    # The report closes only when every child's investigation is closed.
    close_investigation(local_stack, tokens, report_id, 2)
    close_investigation(local_stack, tokens, report_id, 1)
    detail = shown(local_stack, tokens, report_id)
    assert phases(detail) == ["closed", "closed", "investigation"] and detail["phase"] == "investigation"
    assert detail["persons"][1]["investigation"]["closedBy"] == "demo-forste-socialsekreterare"
    assert local_stack.execution_for(report_id)["status"] == "RUNNING"
    assert queue_item(local_stack, tokens, report_id) is not None
    close_investigation(local_stack, tokens, report_id, 3)
    assert shown(local_stack, tokens, report_id)["phase"] == "closed"
    eventually(lambda: local_stack.execution_for(report_id)["status"] == "SUCCEEDED")
    assert queue_item(local_stack, tokens, report_id) is None


def test_three_children_without_violence_one_investigated_one_not_and_the_report_waits_for_the_last(
    local_stack, tokens
):
    report_id = phoned_in(local_stack, tokens, SIBLINGS, NEGLECT_ONLY)
    for person in (1, 2, 3):
        assess(local_stack, tokens, report_id, person=person)
    detail = shown(local_stack, tokens, report_id)
    assert [p["violence"] for p in detail["persons"]] == [False] * 3

    decide(local_stack, tokens, report_id, "no_investigation", person=1)
    detail = shown(local_stack, tokens, report_id)
    assert phases(detail) == ["closed", "decision", "decision"] and detail["phase"] == "decision"
    assert local_stack.execution_for(report_id)["status"] == "RUNNING"

    decide(local_stack, tokens, report_id, "investigation", person=2)
    decide(local_stack, tokens, report_id, "no_investigation", person=3)
    detail = shown(local_stack, tokens, report_id)
    assert [p["decision"]["outcome"] for p in detail["persons"]] == [
        "no_investigation",
        "investigation",
        "no_investigation",
    ]
    assert phases(detail) == ["closed", "investigation", "closed"] and detail["phase"] == "investigation"
    assert detail["investigationDueAt"] == detail["persons"][1]["investigationDueAt"]
    item = queue_item(local_stack, tokens, report_id)
    assert [p["phase"] for p in item["persons"]] == ["closed", "investigation", "closed"]
    assert local_stack.execution_for(report_id)["status"] == "RUNNING"

    close_investigation(local_stack, tokens, report_id, 2)
    assert shown(local_stack, tokens, report_id)["phase"] == "closed"
    eventually(lambda: local_stack.execution_for(report_id)["status"] == "SUCCEEDED")
    assert queue_item(local_stack, tokens, report_id) is None


# --- adults: the unit's own targets ------------------------------------------------------------------


def test_an_adult_and_an_elderly_person_go_by_their_units_own_targets(local_stack, tokens):
    municipality = local_stack.municipality
    zone = municipality.office_hours.timezone
    for person, unit in ((ADULT, "vuxen"), (ELDERLY, "aldre")):
        report_id, _ = reported(local_stack, [person], VIOLENCE)
        received_at = datetime.fromisoformat(report_item(local_stack, report_id)["receivedAt"])
        targets = municipality.adult_units[unit].targets

        def planned(report_id=report_id):
            detail = shown(local_stack, tokens, report_id)
            return detail if detail["persons"][0]["decisionDueAt"] else None

        detail = eventually(planned)
        (shown_person,) = detail["persons"]
        assert shown_person["kind"] == person["kind"] and shown_person["rule"] == f"unit:{unit}"
        assert municipality.adult_units[unit].name in shown_person["ruleText"]
        assert (
            "kommunens egna mål" in shown_person["ruleText"]
            and "utan fasta tider" in shown_person["ruleText"]
        )
        assert "Barn: lagens tidsfrister" not in shown_person["ruleText"]
        decision_due = preliminary_assessment_deadline(received_at, targets, zone).due_at
        protection_due = protection_assessment_deadline(received_at, targets).due_at
        assert datetime.fromisoformat(shown_person["decisionDueAt"]) == decision_due, unit
        assert datetime.fromisoformat(shown_person["protectionDueAt"]) == protection_due, unit
        assert protection_due - received_at == targets.protection_assessment
        # The violence rule is about children: "no investigation" stands for an adult.
        assert shown_person["violence"] is False
        assess(local_stack, tokens, report_id)
        decide(local_stack, tokens, report_id, "no_investigation")
        assert shown(local_stack, tokens, report_id)["phase"] == "closed"
        eventually(lambda report_id=report_id: local_stack.execution_for(report_id)["status"] == "SUCCEEDED")
    # The elderly's target for the skyddsbedömning is not the children's 24 hours (municipalities/prov.toml).
    assert (
        municipality.adult_units["aldre"].targets.protection_assessment
        != municipality.deadlines.protection_assessment
    )


# --- the receipt says which rule applies ------------------------------------------------------------


def test_the_receipt_says_which_rule_applies(local_stack):
    unit = local_stack.municipality.adult_units["vuxen"]
    adult = post_report(local_stack, new_body(persons=[ADULT], concern=NEGLECT_ONLY))
    assert adult.status_code == 201, adult.text
    receipt = adult.json()
    (rule,) = receipt["rules"]
    assert rule["rule"] == "unit:vuxen" and rule["persons"] == 1
    assert unit.name in rule["text"] and "inga fasta tidsfrister" in rule["text"]
    assert any(unit.name in step and "inga fasta tidsfrister" in step for step in receipt["nextSteps"])
    assert not any("24 timmar" in step or "14 dagar" in step for step in receipt["nextSteps"])

    child = post_report(local_stack, new_body(concern=NEGLECT_ONLY)).json()
    (rule,) = child["rules"]
    assert rule["rule"] == "barn" and rule["persons"] == 1
    assert "24 timmar" in rule["text"] and "14 dagar" in rule["text"]
    assert any("24 timmar" in step for step in child["nextSteps"])
    assert any("14 dagar" in step for step in child["nextSteps"])
    assert not any(unit.name in step for step in child["nextSteps"])

    both = post_report(local_stack, new_body(persons=[*SIBLINGS[:2], ADULT], concern=NEGLECT_ONLY)).json()
    assert [(r["rule"], r["persons"]) for r in both["rules"]] == [("barn", 2), ("unit:vuxen", 1)]


# --- messages -----------------------------------------------------------------------------------------


def test_proposals_ask_the_forste_socialsekreterare_for_a_review_by_one_email_with_nothing_personal(
    local_stack, tokens
):
    municipality = local_stack.municipality
    report_id, body = reported(local_stack, SIBLINGS[:2], NEGLECT_ONLY)
    reference = report_item(local_stack, report_id)["referenceNumber"]
    assess(local_stack, tokens, report_id, person=2)
    assert propose(local_stack, tokens["mottagning"], report_id, "investigation", person=2).status_code == 200

    (mail,) = eventually(lambda: emails_with(local_stack, reference, "Förslag att granska"))
    assert mail["to"] == [municipality.first_social_secretary.email]
    assert f"report.html?id={report_id}" in mail["text"]
    assert "Anmälan gäller 2 personer: förslag för de andra visas i samma granskning" in mail["text"]
    for personal in [*personal_data_in(body), MOTIVATION]:
        assert personal not in mail["subject"] + mail["text"], personal
    assert not [
        sms for sms in local_stack.outbox()["sms"] if reference in sms["text"] and "granskning" in sms["text"]
    ]
    # The sibling's proposal joins the same review: no second e-mail while the first proposal waits.
    assess(local_stack, tokens, report_id, person=1)
    assert propose(local_stack, tokens["mottagning"], report_id, "investigation", person=1).status_code == 200
    assert len(emails_with(local_stack, reference, "Förslag att granska")) == 1
    (sent,) = sent_kinds(local_stack, tokens, report_id, "review_requested")
    assert sent == {
        "recipient": "first_social_secretary",
        "messageKind": "review_requested",
        "channels": ["email"],
    }


def test_immediate_protection_alerts_whoever_is_on_duty_and_its_measures_are_noted(local_stack, tokens):
    municipality = local_stack.municipality
    report_id, body = reported(local_stack, SIBLINGS[:2], NEGLECT_ONLY)
    reference = report_item(local_stack, report_id)["referenceNumber"]
    before = is_open(municipality.office_hours, datetime.now(UTC))
    assess(local_stack, tokens, report_id, person=1, immediate=True)
    assess(local_stack, tokens, report_id, person=2, immediate=False)
    after = is_open(municipality.office_hours, datetime.now(UTC))
    # The intake team in office hours, socialjouren outside them (either, should the office open or close
    # in between).
    on_duty = {"intake_team" if open_now else "socialjour" for open_now in (before, after)}
    addresses = {"intake_team": municipality.intake_team.email, "socialjour": municipality.socialjour.email}

    (alert,) = eventually(lambda: sent_kinds(local_stack, tokens, report_id, "protection_needed"))
    assert alert["recipient"] in on_duty and "email" in alert["channels"]
    (mail,) = eventually(lambda: emails_with(local_stack, reference, "Omedelbart skydd behövs"))
    assert mail["to"] == [addresses[alert["recipient"]]]
    assert "en person" in mail["text"] and "Anmälan gäller 2 personer" in mail["text"]
    for personal in [*personal_data_in(body), MOTIVATION]:
        assert personal not in mail["subject"] + mail["text"], personal

    note = "Barnet bor hos mormor tills vidare; polisen är underrättad."
    measures = call(
        local_stack,
        "POST",
        f"{person_path(report_id, 1)}/protection-measures",
        tokens["mottagning"],
        {"note": note},
    )
    assert measures.json() == {"event": "protection_measures_recorded"}, measures.text
    refused = call(
        local_stack,
        "POST",
        f"{person_path(report_id, 2)}/protection-measures",
        tokens["mottagning"],
        {"note": note},
    )
    assert refused.status_code == 409 and "omedelbart skydd" in refused.json()["message"]
    terse = call(
        local_stack,
        "POST",
        f"{person_path(report_id, 1)}/protection-measures",
        tokens["mottagning"],
        {"note": "ok"},
    )
    assert terse.status_code == 422 and terse.json()["errors"][0]["field"] == "note"

    detail = shown(local_stack, tokens, report_id)
    (noted,) = detail["persons"][0]["protectionMeasures"]
    assert noted["note"] == note and noted["staffId"] == "demo-mottagning" and noted["at"]
    assert detail["persons"][0]["protectionAssessment"]["immediateProtectionNeeded"] is True
    assert detail["persons"][1]["protectionMeasures"] == []
    assert "record_protection_measures" in [entry["action"] for entry in detail["timeline"]]
    # One alert, for the one person who needs protection.
    assert len(sent_kinds(local_stack, tokens, report_id, "protection_needed")) == 1


def test_staff_say_which_child_the_violence_concerns_and_the_rule_follows_their_assessment(
    local_stack, tokens
):
    # The form asks about violence once per report: every child starts under the violence rule.
    report_id = phoned_in(local_stack, tokens, SIBLINGS, VIOLENCE)
    for person in (1, 2, 3):
        assess(local_stack, tokens, report_id, person=person)
    intake, chief = tokens["mottagning"], tokens["forste_socialsekreterare"]
    path = f"{person_path(report_id, 2)}/violence-assessment"
    why = "Våldet riktades mot Ella enligt anmälaren; Otto var på förskolan och såg eller hörde inget."

    assert (
        call(
            local_stack, "POST", path, tokens["socialjour"], {"concernsPerson": False, "motivation": why}
        ).status_code
        == 403
    )
    lax = call(local_stack, "POST", path, intake, {"concernsPerson": "false", "motivation": why})
    assert lax.status_code == 422 and lax.json()["errors"][0]["field"] == "concernsPerson"
    assessed = call(local_stack, "POST", path, intake, {"concernsPerson": False, "motivation": why})
    assert assessed.json() == {"event": "violence_assessment_recorded"}

    # Person 2 may now be decided without an investigation; persons 1 and 3 still may not.
    assert propose(local_stack, intake, report_id, "no_investigation", person=1).status_code == 409
    assert propose(local_stack, intake, report_id, "no_investigation", person=2).status_code == 200
    approved = review(local_stack, chief, report_id, "approve", {"version": 1, "confirmed": True}, person=2)
    assert approved.status_code == 200
    detail = shown(local_stack, tokens, report_id)
    second = detail["persons"][1]
    assert second["violence"] is False and second["decision"]["outcome"] == "no_investigation"
    assert second["violenceAssessments"][-1]["concernsPerson"] is False
    assert second["violenceAssessments"][-1]["staffId"] == "demo-mottagning"
    assert detail["persons"][0]["violence"] is True and detail["persons"][2]["violence"] is True
    # Decided: the assessment is closed with the decision; the timeline names the person.
    again = call(local_stack, "POST", path, intake, {"concernsPerson": True, "motivation": why})
    assert again.status_code == 409
    assert {"action": "record_violence_assessment", "person": 2} in [
        {"action": e["action"], "person": (e.get("detail") or {}).get("person")} for e in detail["timeline"]
    ]
