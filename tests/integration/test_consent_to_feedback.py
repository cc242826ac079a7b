"""An adult's consent to återkoppling on the local stack: given in the report and stored as written, recorded
later by a case worker (and withdrawn) on the person through the audited staff API, with optimistic versions;
the report as written never changes."""

from datetime import date, timedelta

from functions.shared import names
from functions.stores.audit import AuditStore
from tests.integration.helpers import new_body, post_report
from tests.integration.test_staff_api import NEGLECT_ONLY, call, person_path, report_item

PROFESSIONAL = {
    "type": "yrkesverksam",
    "name": "Sara Sköterska",
    "role": "Distriktssköterska",
    "organisation": "Vårdcentralen Centrum",
    "workEmail": "sara@vc.example.se",
    "wantsFeedback": True,
}
ADULT_WHO_AGREED = {"kind": "vuxen", "name": "Vera Vuxendotter", "age": 42, "feedbackConsent": "ja"}
ELDERLY_NOT_ASKED = {"kind": "aldre", "name": "Åke Äldresson", "age": 88, "feedbackConsent": "vet_inte"}
CHILD = {"kind": "barn", "name": "Alva Barnsdotter", "age": 8}


def reported(stack, persons: list[dict]) -> str:
    response = post_report(stack, new_body(persons=persons, reporter=PROFESSIONAL, concern=NEGLECT_ONLY))
    assert response.status_code == 201, response.text
    return stack.find_report(response.json()["referenceNumber"])["reportId"]


def consent(stack, token: str, report_id: str, person: int, **body):
    return call(stack, "POST", f"{person_path(report_id, person)}/feedback-consent", token, body)


def shown(stack, token: str, report_id: str) -> dict:
    answer = call(stack, "GET", f"/api/staff/reports/{report_id}", token)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_an_adults_consent_in_the_report_is_stored_as_written_and_allows_feedback(local_stack, tokens):
    report_id = reported(local_stack, [ADULT_WHO_AGREED, ELDERLY_NOT_ASKED, CHILD])
    detail = shown(local_stack, tokens["mottagning"], report_id)
    assert [person["feedbackConsent"] for person in detail["content"]["persons"][:2]] == ["ja", "vet_inte"]
    assert "feedbackConsent" not in detail["content"]["persons"][2]
    adult, elderly, child = detail["persons"]
    assert (adult["feedbackConsentInReport"], adult["feedbackConsent"], adult["feedbackAllowed"]) == (
        "ja",
        None,
        True,
    )
    assert (elderly["feedbackConsentInReport"], elderly["feedbackAllowed"]) == ("vet_inte", False)
    assert (child["feedbackConsentInReport"], child["feedbackAllowed"]) == (None, True)


def test_a_child_with_a_consent_is_refused_by_intake_and_nothing_is_stored(local_stack):
    body = new_body(persons=[CHILD | {"feedbackConsent": "ja"}], reporter=PROFESSIONAL, concern=NEGLECT_ONLY)
    response = post_report(local_stack, body)
    assert response.status_code == 422
    (problem,) = response.json()["errors"]
    assert problem["field"] == "persons.0.feedbackConsent"
    assert problem["message"].startswith("Samtycke till återkoppling frågas bara för en vuxen")


def test_staff_record_consent_given_later_and_its_withdrawal_audited_and_versioned(local_stack, tokens):
    report_id = reported(local_stack, [ELDERLY_NOT_ASKED, CHILD])
    written = report_item(local_stack, report_id)["content"]
    token = tokens["mottagning"]
    today = date.today().isoformat()

    given = consent(
        local_stack, token, report_id, 1, given=True, givenOn=today, note="Muntligt i telefon", version=0
    )
    assert given.json() == {"event": "feedback_consent_recorded", "version": 1}, given.text

    elderly = shown(local_stack, token, report_id)["persons"][0]
    assert elderly["feedbackConsentInReport"] == "vet_inte" and elderly["feedbackAllowed"] is True
    recorded = elderly["feedbackConsent"]
    assert (
        recorded["given"] is True
        and recorded["givenOn"] == today
        and recorded["note"] == "Muntligt i telefon"
    )
    assert recorded["recordedBy"] == "demo-mottagning" and recorded["version"] == 1

    # Someone who read version 0 cannot overwrite what was recorded since: 409, nothing changes.
    stale = consent(
        local_stack, token, report_id, 1, given=False, givenOn=today, note="Återkallat", version=0
    )
    assert stale.status_code == 409 and "ändrats" in stale.json()["message"]

    withdrawn = consent(
        local_stack,
        tokens["forste_socialsekreterare"],
        report_id,
        1,
        given=False,
        givenOn=today,
        note="Återkallat vid besök",
        version=1,
    )
    assert withdrawn.json() == {"event": "feedback_consent_recorded", "version": 2}, withdrawn.text
    elderly = shown(local_stack, token, report_id)["persons"][0]
    assert elderly["feedbackAllowed"] is False and elderly["feedbackConsent"]["given"] is False
    assert [entry["note"] for entry in elderly["feedbackConsentHistory"]] == [
        "Muntligt i telefon",
        "Återkallat vid besök",
    ]

    # The report as written is never changed.
    assert report_item(local_stack, report_id)["content"] == written

    # Audited: one entry per recorded consent, naming the person by number only, in the report's timeline.
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    entries = [entry for entry in audit.timeline(report_id) if entry.action == "record_feedback_consent"]
    assert [(entry.staff_id, entry.detail) for entry in entries] == [
        ("demo-mottagning", {"person": 1}),
        ("demo-forste-socialsekreterare", {"person": 1}),
    ]
    timeline = shown(local_stack, token, report_id)["timeline"]
    assert [entry["action"] for entry in timeline].count("record_feedback_consent") == 2


def test_consent_is_refused_for_a_child_a_future_day_and_a_role_without_it(local_stack, tokens):
    report_id = reported(local_stack, [ELDERLY_NOT_ASKED, CHILD])
    token = tokens["mottagning"]
    today = date.today()

    child = consent(
        local_stack, token, report_id, 2, given=True, givenOn=today.isoformat(), note="I telefon", version=0
    )
    assert child.status_code == 409 and "bara för en vuxen" in child.json()["message"]
    tomorrow = (today + timedelta(days=2)).isoformat()
    future = consent(
        local_stack, token, report_id, 1, given=True, givenOn=tomorrow, note="I telefon", version=0
    )
    assert future.status_code == 409 and "framtiden" in future.json()["message"]
    terse = consent(
        local_stack, token, report_id, 1, given=True, givenOn=today.isoformat(), note="ok", version=0
    )
    assert terse.status_code == 422 and terse.json()["errors"][0]["field"] == "note"
    nobody = consent(
        local_stack, token, report_id, 3, given=True, givenOn=today.isoformat(), note="I telefon", version=0
    )
    assert nobody.status_code == 404
    socialjour = consent(
        local_stack,
        tokens["socialjour"],
        report_id,
        1,
        given=True,
        givenOn=today.isoformat(),
        note="I telefon",
        version=0,
    )
    assert socialjour.status_code == 403

    persons = report_item(local_stack, report_id)["persons"]
    assert not any("feedbackConsent" in person for person in persons.values())
