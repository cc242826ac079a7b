"""The public intake on the local stack: HTTP → handler → DynamoDB → Step Functions executed by moto."""

from datetime import UTC, datetime

from functions.domain.office_hours import is_open
from tests.integration.helpers import (
    eventually,
    execution_history_text,
    messages_about,
    new_body,
    personal_data_in,
    post_report,
)


def test_a_report_is_stored_acknowledged_and_its_lifecycle_routes_it(local_stack):
    municipality = local_stack.municipality
    # Given a private person's report
    body = new_body()
    # When it is submitted
    response = post_report(local_stack, body)
    # Then the receipt names a reference number, the time received and where to turn in an emergency
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["municipality"] == municipality.name
    assert receipt["emergencyNumber"] == "112"
    assert receipt["socialjour"]["phone"] == municipality.socialjour.public_phone
    assert any("24 timmar" in step for step in receipt["nextSteps"])
    assert response.headers["Cache-Control"] == "no-store"
    # And the report is stored with its content
    stored = local_stack.find_report(receipt["referenceNumber"])
    assert stored is not None
    assert stored["receivedAt"] == receipt["receivedAt"]
    assert "Alva Exempelsson" in stored["content"]
    # And its lifecycle runs, named after the report, has cleared the pending mark and routed it
    report_id = stored["reportId"]
    eventually(lambda: "routing" in (local_stack.find_report(receipt["referenceNumber"]) or {}))
    execution = local_stack.execution_for(report_id)
    assert execution["status"] == "RUNNING"  # waiting for the skyddsbedömning
    stored = local_stack.find_report(receipt["referenceNumber"])
    assert "lifecyclePending" not in stored
    # Whoever the routing rules say was told (the sample reports violence against a child: socialjouren
    # outside office hours), with the reference number and a link, nothing personal
    received_at = datetime.fromisoformat(receipt["receivedAt"])
    office_open = is_open(municipality.office_hours, received_at)
    assert stored["routing"]["route"] == ("intake_team" if office_open else "socialjour")
    expected = {municipality.intake_team.email} if office_open else {municipality.socialjour.email}
    eventually(
        lambda: (
            {m["to"][0] for m in messages_about(local_stack, receipt["referenceNumber"])["emails"]}
            >= expected
        )
    )
    sent = messages_about(local_stack, receipt["referenceNumber"])
    if not office_open:
        assert municipality.socialjour.duty_sms_number in [sms["to"] for sms in sent["sms"]]
    link = f"{municipality.dashboard_url}report.html?id={report_id}"
    for message in sent["sms"] + sent["emails"]:
        assert link in message["text"]
        for personal in personal_data_in(body):
            assert personal not in message["text"]
            assert personal not in message.get("subject", "")
    history = execution_history_text(local_stack, report_id)
    for personal in personal_data_in(body):
        assert personal not in history


def test_a_retried_submission_gets_the_same_receipt_and_makes_no_second_report(local_stack):
    body = new_body()
    first = post_report(local_stack, body)
    again = post_report(local_stack, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    table = local_stack.reports_table
    submission = table.get_item(Key={"pk": f"SUBMISSION#{body['submissionId']}", "sk": "SUBMISSION"})["Item"]
    executions = local_stack.client("stepfunctions").list_executions(
        stateMachineArn=local_stack.state_machine_arn
    )
    assert [e["name"] for e in executions["executions"]].count(submission["reportId"]) == 1


def test_the_same_submission_id_with_other_content_is_refused(local_stack):
    body = new_body()
    assert post_report(local_stack, body).status_code == 201
    changed = {**body, "otherAgencies": "BUP"}
    response = post_report(local_stack, changed)
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "submissionId"
    assert "annat innehåll" in response.json()["message"]


def test_the_same_content_with_different_spacing_is_a_retry_not_a_conflict(local_stack):
    import json

    body = new_body()
    assert post_report(local_stack, json.dumps(body)).status_code == 201
    assert post_report(local_stack, json.dumps(body, indent=4)).status_code == 200


def test_the_public_api_cannot_read_reports_back(local_stack):
    import requests

    for method, path in [
        ("GET", "/api/reports"),
        ("GET", "/api/reports/anything"),
        ("DELETE", "/api/reports"),
    ]:
        response = requests.request(method, f"{local_stack.base_url}{path}", timeout=10)
        assert response.status_code == 404
        assert "Alva" not in response.text


def test_a_web_report_received_now_is_dated_now(local_stack):
    before = datetime.now(UTC)
    receipt = post_report(local_stack, new_body()).json()
    assert before.replace(microsecond=0) <= datetime.fromisoformat(receipt["receivedAt"]) <= datetime.now(UTC)


def test_an_acute_reports_receipt_says_what_its_lifecycle_then_does(local_stack):
    municipality = local_stack.municipality
    body = new_body()
    body["concern"]["acuteDanger"] = True
    response = post_report(local_stack, body)
    assert response.status_code == 201, response.text
    receipt = response.json()
    acute = receipt["acute"]
    received_at = datetime.fromisoformat(receipt["receivedAt"])
    assert acute["officeOpen"] == is_open(municipality.office_hours, received_at)
    assert (acute["officeOpensAt"] is None) == acute["officeOpen"]
    # The receipt says socialjouren is told exactly when the lifecycle's first alert goes to socialjouren.
    eventually(lambda: "routing" in (local_stack.find_report(receipt["referenceNumber"]) or {}))
    routed = local_stack.find_report(receipt["referenceNumber"])["routing"]["route"]
    assert acute["socialjourAlerted"] == (routed == "socialjour")
    # And whom to call now: 112, and whoever works at this hour.
    on_duty = municipality.intake_team.phone if acute["officeOpen"] else municipality.socialjour.public_phone
    assert "112" in acute["steps"][-1] and on_duty in acute["steps"][-1]
