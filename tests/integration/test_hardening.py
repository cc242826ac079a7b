"""Regression tests for what attacking Oro found (the hardening issue): staff bodies that coerced types, a
14-day limit that could be extended to 9999-12-30 and send the lifecycle into a loop, refused attempts that
left no trace, and a "503 means not stored" that a slow DynamoDB made untrue."""

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from botocore.exceptions import ReadTimeoutError

from functions.domain.report import normalise_identity_number
from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.reports import ReportsStore, iso, person_lookup_key
from tests.integration.helpers import eventually, new_body, post_report
from tests.integration.test_staff_api import (
    NEGLECT_ONLY,
    assessed_report,
    call,
    local_stack_audit,
    new_report,
    person_path,
    report_item,
    unique_personnummer,
)


def test_staff_bodies_take_no_coerced_values(local_stack, tokens):
    intake = tokens["mottagning"]
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    path = f"{person_path(report_id)}/protection-assessment"
    motivation = "Barnet är tryggt hos den andra föräldern enligt skolan."
    for lax in ("false", 0, "0", None):
        answer = call(
            local_stack, "POST", path, intake, {"immediateProtectionNeeded": lax, "motivation": motivation}
        )
        assert answer.status_code == 422, lax
        assert answer.json()["errors"][0]["field"] == "immediateProtectionNeeded"
    assert "protectionAssessment" not in report_item(local_stack, report_id)["persons"]["1"]

    assessed = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    extension = f"{person_path(assessed)}/decision-deadline-extension"
    reason = "Polisförhör med barnet är bokat först om tre veckor."
    assert (
        call(local_stack, "POST", extension, intake, {"extendedTo": 20261218, "reason": reason}).status_code
        == 422
    )
    approve = f"{person_path(assessed)}/decision-proposal/approve"
    reviewer = tokens["forste_socialsekreterare"]
    as_text = call(local_stack, "POST", approve, reviewer, {"version": "1", "confirmed": True})
    assert as_text.status_code == 422 and as_text.json()["errors"][0]["field"] == "version"
    registration = {"channel": "telefon", "receivedAt": 1764000000, "report": new_body()}
    assert call(local_stack, "POST", "/api/staff/reports", intake, registration).status_code == 422


def test_an_extension_past_the_municipalitys_bound_is_refused_in_words_and_changes_nothing(
    local_stack, tokens
):
    report_id = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    path = f"{person_path(report_id)}/decision-deadline-extension"
    before = report_item(local_stack, report_id)["persons"]["1"]
    reason = "Polisförhör med barnet är bokat först om tre veckor."
    for far in ("9999-12-30", "2099-01-01"):
        refused = call(local_stack, "POST", path, tokens["mottagning"], {"extendedTo": far, "reason": reason})
        assert refused.status_code == 409, refused.text
        assert "kommunens gräns är 28 dagar" in refused.json()["message"]
    after = report_item(local_stack, report_id)["persons"]["1"]
    assert after.get("decisionDeadlineExtensions") == before.get("decisionDeadlineExtensions")
    assert after["deadlines"] == before["deadlines"]


def test_refused_attempts_are_audited_with_what_was_asked_for_and_nothing_of_a_report(local_stack, tokens):
    report_id = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    socialjour = tokens["socialjour"]
    approve = f"{person_path(report_id)}/decision-proposal/approve"
    assert (
        call(local_stack, "POST", approve, socialjour, {"version": 1, "confirmed": True}).status_code == 403
    )
    missing = str(uuid.uuid4())
    assert call(local_stack, "GET", f"/api/staff/reports/{missing}", socialjour).status_code == 404
    no_person = call(local_stack, "GET", f"/api/staff/reports/{report_id}", socialjour)
    assert no_person.status_code == 200
    refused_proposal = call(
        local_stack,
        "POST",
        f"/api/staff/reports/{report_id}/persons/7/protection-assessment",
        socialjour,
        {"immediateProtectionNeeded": False, "motivation": "Ingen sådan person finns i anmälan."},
    )
    assert refused_proposal.status_code == 404

    entries = local_stack_audit(local_stack, "demo-socialjour")
    refused = [entry for entry in entries if (entry.get("detail") or {}).get("outcome")]
    denied = [
        e for e in refused if e["action"] == "approve_decision" and e["detail"]["reportId"] == report_id
    ]
    assert [e["detail"] for e in denied] == [{"outcome": "denied", "reportId": report_id, "person": "1"}]
    assert {"outcome": "not_found", "reportId": missing} in [
        e["detail"] for e in refused if e["action"] == "read_report"
    ]
    assert {"outcome": "not_found", "reportId": report_id, "person": "7"} in [
        e["detail"] for e in refused if e["action"] == "record_protection_assessment"
    ]
    # The trail names the attempt, not the report: these entries are the staff member's, not the report's.
    assert all(entry.get("reportId") is None for entry in refused)
    timeline = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()[
        "timeline"
    ]
    assert not [entry for entry in timeline if (entry.get("detail") or {}).get("outcome")]


def test_a_report_stored_after_the_client_gave_up_is_acknowledged_once_on_the_retry(local_stack, monkeypatch):
    stored = ReportsStore.add_new_report

    def slow_then_timed_out(self, report, **options):
        stored(self, report, **options)  # DynamoDB wrote it...
        raise ReadTimeoutError(endpoint_url="https://dynamodb")  # ...after the client stopped waiting

    body = new_body()
    monkeypatch.setattr(ReportsStore, "add_new_report", slow_then_timed_out)
    first = post_report(local_stack, body)
    assert first.status_code == 503
    assert "kan ha sparats" in first.json()["message"]
    monkeypatch.undo()

    retry = post_report(local_stack, body)
    assert retry.status_code == 200, retry.text  # not 201: the report was there already
    reference = retry.json()["referenceNumber"]
    stored_report = local_stack.find_report(reference)
    assert stored_report is not None
    eventually(lambda: local_stack.execution_for(stored_report["reportId"]))


def test_person_search_is_paged_newest_first_and_audits_each_page_in_one_batch(local_stack, tokens):
    number = unique_personnummer()
    key = local_stack.person_keys().of(normalise_identity_number(number))
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    arrivals = {}
    for index in range(27):  # lookup entries only: what the search reads before it shows a page
        report_id, received = str(uuid.uuid4()), iso(start + timedelta(hours=index))
        arrivals[report_id] = received
        local_stack.reports_table.put_item(
            Item={
                **person_lookup_key(key, received, report_id),
                "reportId": report_id,
                "referenceNumber": f"2026-T{index:02d}-AAA",
                "receivedAt": received,
            }
        )
    search, socialjour = "/api/staff/person-search", tokens["socialjour"]
    first = call(local_stack, "POST", search, socialjour, {"identityNumber": number}).json()
    assert len(first["reports"]) == 25 and first["nextCursor"]
    following = call(
        local_stack, "POST", search, socialjour, {"identityNumber": number, "cursor": first["nextCursor"]}
    ).json()
    assert len(following["reports"]) == 2 and following["nextCursor"] is None
    shown = [report["receivedAt"] for report in first["reports"] + following["reports"]]
    assert shown == sorted(arrivals.values(), reverse=True)

    # A cursor is a position in this person's results only: never another person's, never a forged key.
    other = call(
        local_stack,
        "POST",
        search,
        socialjour,
        {"identityNumber": unique_personnummer(), "cursor": first["nextCursor"]},
    )
    assert other.status_code == 400 and "första sidan" in other.json()["message"]

    found = [
        e
        for e in local_stack_audit(local_stack, "demo-socialjour")
        if e["action"] == "found_by_personnummer_search"
    ]
    assert {e["reportId"] for e in found} >= set(arrivals)


def test_the_audit_export_reads_in_pages_by_staff_member_and_by_report_at_any_size(local_stack, tokens):
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    staff_id = f"granskad-{uuid.uuid4().hex[:8]}"
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    reference = report_item(local_stack, report_id)["referenceNumber"]
    start = datetime.now(UTC) - timedelta(days=2)
    audit.append_all(
        [
            AuditEntry(
                at=start + timedelta(seconds=index),
                staff_id=staff_id,
                roles=["mottagning"],
                action="read_report",
                report_id=report_id,
                reference_number=reference,
            )
            for index in range(620)
        ]
    )
    granskare = tokens["granskare"]
    period = {"from": (start - timedelta(hours=1)).isoformat(), "to": datetime.now(UTC).isoformat()}

    def export(**query) -> dict:
        answer = call(local_stack, "GET", f"/api/staff/audit?{urlencode({**period, **query})}", granskare)
        assert answer.status_code == 200, answer.text
        return answer.json()

    first = export(staffId=staff_id)
    assert len(first["entries"]) == 500 and first["nextCursor"]
    rest = export(staffId=staff_id, cursor=first["nextCursor"])
    assert len(rest["entries"]) == 120 and rest["nextCursor"] is None
    times = [entry["at"] for entry in first["entries"] + rest["entries"]]
    assert times == sorted(times)  # oldest first, across pages

    by_report = export(referenceNumber=reference)
    pages = [by_report]
    while pages[-1]["nextCursor"]:
        pages.append(export(referenceNumber=reference, cursor=pages[-1]["nextCursor"]))
    of_report = [entry for page in pages for entry in page["entries"]]
    assert sum(entry["staffId"] == staff_id for entry in of_report) == 620
    assert {entry["reportId"] for entry in of_report} == {report_id}

    # A cursor is a position in the same export only; whose entries must be said, once.
    forged = call(
        local_stack,
        "GET",
        f"/api/staff/audit?{urlencode({**period, 'staffId': 'demo-admin', 'cursor': first['nextCursor']})}",
        granskare,
    )
    assert forged.status_code == 400
    both = call(
        local_stack,
        "GET",
        f"/api/staff/audit?{urlencode({**period, 'staffId': staff_id, 'referenceNumber': reference})}",
        granskare,
    )
    assert both.status_code == 400 and "antingen" in both.json()["message"]
    unknown = call(
        local_stack,
        "GET",
        f"/api/staff/audit?{urlencode({**period, 'referenceNumber': '2026-ZZZ-ZZZ'})}",
        granskare,
    )
    assert unknown.status_code == 404
