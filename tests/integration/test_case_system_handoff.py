"""The hand-off to the case system on the local stack: an approved decision is delivered (the document in the
bucket, its event on the bus), fetched and acknowledged through /api/case-system/ with the integration's
token, and shown on the report; the document is valid against the published schema; what the case system
sends wrong changes nothing. The intake team is alerted when the case system has not acknowledged in time
(a weekend crossed with a fake clock), and a case worker can then register the hand-off by hand."""

import base64
import hashlib
import io
import json
import uuid
from datetime import datetime
from pathlib import Path

import jsonschema
import pypdf
import pytest
import requests

from functions.domain.handoff import handoff_id
from functions.shared import names
from local.resources import LOCAL_ACCOUNT
from tests.integration.helpers import (
    CASE_WORKER,
    NEGLECT_ONLY,
    STOCKHOLM,
    dispatch_at,
    eventually,
    personal_data_in,
    report_decided_at,
    staff_services_at,
)
from tests.integration.test_staff_api import (
    TEACHER,
    assess,
    call,
    decide,
    new_report,
    person_path,
    report_item,
)

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "api" / "case-system-handoff-v1.schema.json").read_text()
)
CASE_SYSTEM = "/api/case-system/handoffs"


def handoff_of(stack, report_id: str, person: int = 1) -> dict:
    return (report_item(stack, report_id).get("persons") or {}).get(str(person), {}).get("handoff") or {}


def delivered(stack, report_id: str, person: int = 1) -> dict:
    def is_delivered():
        """the hand-off is delivered"""
        handoff = handoff_of(stack, report_id, person)
        return handoff if handoff.get("status") == "delivered" else None

    return eventually(is_delivered, timeout=20)


def integration(stack, method: str, path: str, token: str | None, body=None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.request(
        method, f"{stack.base_url}{CASE_SYSTEM}{path}", headers=headers, json=body, timeout=30
    )


@pytest.fixture(scope="module")
def subscription(local_stack):
    """What the municipality's integration sets up: a rule on the case-system bus into its own queue."""
    sqs, events = local_stack.client("sqs"), local_stack.client("events")
    queue_url = sqs.create_queue(QueueName=f"integration-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    bus = names.handoff_event_bus_name(local_stack.municipality_id)
    rule = f"integration-{uuid.uuid4().hex[:8]}"
    events.put_rule(Name=rule, EventBusName=bus, EventPattern=json.dumps({"source": ["oro"]}))
    events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
    return queue_url


def events_for(stack, queue_url: str, wanted: str) -> list[dict]:
    sqs, found = stack.client("sqs"), []

    def arrived():
        """the hand-off's event is in the integration's queue"""
        for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
            found.append(json.loads(message["Body"]))
        return [event for event in found if event["detail"]["handoffId"] == wanted]

    return eventually(arrived, timeout=20)


def timeline_actions(stack, tokens, report_id: str) -> list[str]:
    answer = call(stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"])
    return [entry["action"] for entry in answer.json()["timeline"]]


def test_an_approved_decision_is_delivered_fetched_acknowledged_and_shown(local_stack, tokens, subscription):
    report_id = new_report(local_stack, reporter=TEACHER, **NEGLECT_ONLY["concern"])
    assess(local_stack, tokens, report_id)
    decide(local_stack, tokens, report_id, "no_investigation")
    stored = delivered(local_stack, report_id)
    identifier = handoff_id(report_id, 1)
    assert stored["preparedAt"] <= stored["deliveredAt"] < stored["acknowledgeBy"]

    # The event says which hand-off is ready, and nothing of the report.
    (event,) = events_for(local_stack, subscription, identifier)
    assert event["detail-type"] == "Oro hand-off ready"
    assert set(event["detail"]) == {"handoffId", "referenceNumber", "person", "schemaVersion"}
    content = json.loads(report_item(local_stack, report_id)["content"])
    assert not [value for value in personal_data_in(content) if value in json.dumps(event)]

    token = local_stack.case_system_token()
    for wrong in (None, "", "not-the-token", token + "x"):
        refused = integration(local_stack, "GET", f"/{identifier}", wrong)
        assert refused.status_code == 401, refused.text
        assert "Authorization" in refused.json()["message"]
    staff_token = integration(local_stack, "GET", f"/{identifier}", tokens["admin"])
    assert staff_token.status_code == 401
    assert handoff_of(local_stack, report_id)["status"] == "delivered"  # nothing changed

    fetched = integration(local_stack, "GET", f"/{identifier}", token)
    assert fetched.status_code == 200, fetched.text
    assert fetched.headers["Cache-Control"] == "no-store"
    document = fetched.json()
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["handoffId"] == identifier and document["schemaVersion"] == "1.0"
    assert document["decision"]["outcome"] == "no_investigation"
    assert document["decision"]["proposedBy"] != document["decision"]["approvedBy"]
    assert document["person"]["name"] == content["persons"][0]["name"]
    assert [clock["kind"] for clock in document["clocks"]] == ["protection_assessment", "decision"]
    assert all(clock["kept"] is True for clock in document["clocks"])
    pdf = base64.b64decode(document["document"]["contentBase64"])
    assert hashlib.sha256(pdf).hexdigest() == document["document"]["sha256"]
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert document["report"]["referenceNumber"] in text
    assert handoff_of(local_stack, report_id)["status"] == "fetched"
    assert integration(local_stack, "GET", f"/{identifier}", token).status_code == 200  # read again: audited

    # What the case system may send wrong: nothing changes.
    for body, status in (({}, 422), ({"caseId": ""}, 422), ({"caseId": "x" * 65}, 422), ({"case": "1"}, 422)):
        wrong = integration(local_stack, "POST", f"/{identifier}/acknowledgement", token, body)
        assert wrong.status_code == status, (body, wrong.text)
    not_json = requests.post(
        f"{local_stack.base_url}{CASE_SYSTEM}/{identifier}/acknowledgement",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        data=b"{not json",
        timeout=30,
    )
    assert not_json.status_code == 400
    for unknown in (f"{report_id}-2", f"{uuid.uuid4()}-1", "../../etc", "x"):
        missing = integration(local_stack, "POST", f"/{unknown}/acknowledgement", token, {"caseId": "IFO-1"})
        assert missing.status_code == 404, (unknown, missing.text)
    assert (
        integration(
            local_stack, "POST", f"/{identifier}/acknowledgement", "wrong", {"caseId": "1"}
        ).status_code
        == 401
    )
    assert handoff_of(local_stack, report_id)["status"] == "fetched"

    acknowledged = integration(
        local_stack, "POST", f"/{identifier}/acknowledgement", token, {"caseId": "IFO-2026-0042"}
    )
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json()["caseId"] == "IFO-2026-0042"
    retried = integration(
        local_stack, "POST", f"/{identifier}/acknowledgement", token, {"caseId": "IFO-2026-0042"}
    )
    assert retried.status_code == 200 and retried.json() == acknowledged.json()  # a retry: the same answer
    again = integration(
        local_stack, "POST", f"/{identifier}/acknowledgement", token, {"caseId": "IFO-2026-0043"}
    )
    assert again.status_code == 409 and "redan kvitterad" in again.json()["message"]
    assert integration(local_stack, "GET", f"/{identifier}", token).status_code == 409
    stored = handoff_of(local_stack, report_id)
    assert stored["status"] == "acknowledged" and stored["caseId"] == "IFO-2026-0042"
    assert "handoffQueue" not in report_item(local_stack, report_id)  # nothing more to look at
    # The document no longer lies in the bucket: the case system has it.
    listed = local_stack.client("s3").list_objects_v2(
        Bucket=names.handoff_bucket_name(local_stack.municipality_id, LOCAL_ACCOUNT),
        Prefix=f"handoffs/{identifier}",
    )
    assert listed.get("KeyCount", 0) == 0

    actions = timeline_actions(local_stack, tokens, report_id)
    for action in ("handoff_prepared", "handoff_delivered", "handoff_fetched", "handoff_acknowledged"):
        assert action in actions, action
    assert actions.count("handoff_fetched") == 2

    view = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()
    shown = view["persons"][0]["handoff"]
    assert shown["status"] == "acknowledged" and shown["caseId"] == "IFO-2026-0042"
    assert shown["caseSystem"] == local_stack.municipality.case_system.name


def test_a_handoff_left_unacknowledged_over_a_weekend_alerts_the_intake_team_on_the_second_working_day(
    local_stack, tokens
):
    # Came in on Thursday 26 November 2026, decided on Friday the 27th at 14:00.
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=STOCKHOLM)
    report_id = report_decided_at(local_stack, thursday, datetime(2026, 11, 27, 14, 0, tzinfo=STOCKHOLM))
    stored = handoff_of(local_stack, report_id)
    # Friday 14:00 + two working days (Monday, Tuesday) = Tuesday 1 December at 14:00.
    assert datetime.fromisoformat(stored["acknowledgeBy"]) == datetime(2026, 12, 1, 14, 0, tzinfo=STOCKHOLM)

    assert dispatch_at(report_id, datetime(2026, 11, 27, 14, 1, tzinfo=STOCKHOLM))["delivered"] == 1
    reference = report_item(local_stack, report_id)["referenceNumber"]

    def alerts() -> list[dict]:
        return [
            mail
            for mail in local_stack.outbox()["emails"]
            if reference in mail["subject"] and "kvitter" in mail["subject"]
        ]

    for quiet in (
        datetime(2026, 11, 28, 10, 0, tzinfo=STOCKHOLM),  # Saturday
        datetime(2026, 11, 30, 15, 0, tzinfo=STOCKHOLM),  # Monday: the first working day
        datetime(2026, 12, 1, 13, 59, tzinfo=STOCKHOLM),  # Tuesday, a minute early
    ):
        assert dispatch_at(report_id, quiet) == {"delivered": 0, "alerted": 0, "failed": 0}, quiet
    assert alerts() == []

    assert dispatch_at(report_id, datetime(2026, 12, 1, 14, 0, tzinfo=STOCKHOLM))["alerted"] == 1
    (mail,) = alerts()
    assert mail["to"] == [local_stack.municipality.intake_team.email]
    assert "Skriv ut anmälan och registrera den manuellt" in mail["text"]
    content = json.loads(report_item(local_stack, report_id)["content"])
    assert not [value for value in personal_data_in(content) if value in mail["subject"] + mail["text"]]
    # Once a working day, not once a minute.
    assert dispatch_at(report_id, datetime(2026, 12, 1, 16, 0, tzinfo=STOCKHOLM))["alerted"] == 0
    assert dispatch_at(report_id, datetime(2026, 12, 2, 14, 0, tzinfo=STOCKHOLM))["alerted"] == 1
    assert len(alerts()) == 2

    # The case worker prints it and registers it by hand (the page offers it once overdue); the case system can
    # no longer acknowledge it.
    from functions.staff.use_cases.handoff import register_handoff_manually
    from functions.staff.use_cases.reading import read_report

    wednesday = datetime(2026, 12, 2, 14, 30, tzinfo=STOCKHOLM)
    view = read_report(staff_services_at(wednesday), CASE_WORKER, report_id)
    assert view["persons"][0]["handoff"]["overdue"] is True
    assert register_handoff_manually(staff_services_at(wednesday), CASE_WORKER, report_id, 1, "IFO-2026-0099")
    stored = handoff_of(local_stack, report_id)
    assert stored["status"] == "registered_manually" and stored["registeredBy"] == CASE_WORKER.staff_id
    assert stored["caseId"] == "IFO-2026-0099"
    # The case system has it by hand: the document has left the bucket.
    listed = local_stack.client("s3").list_objects_v2(
        Bucket=names.handoff_bucket_name(local_stack.municipality_id, LOCAL_ACCOUNT),
        Prefix=f"handoffs/{handoff_id(report_id, 1)}",
    )
    assert listed.get("KeyCount", 0) == 0
    late = integration(
        local_stack,
        "POST",
        f"/{handoff_id(report_id, 1)}/acknowledgement",
        local_stack.case_system_token(),
        {"caseId": "X-1"},
    )
    assert late.status_code == 409 and "manuellt" in late.json()["message"]
    assert "register_handoff_manually" in timeline_actions(local_stack, tokens, report_id)
    assert dispatch_at(report_id, datetime(2026, 12, 3, 14, 0, tzinfo=STOCKHOLM))["alerted"] == 0


def test_manual_registration_is_refused_while_the_case_system_still_has_time(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY["concern"])
    assess(local_stack, tokens, report_id)
    decide(local_stack, tokens, report_id, "investigation")
    delivered(local_stack, report_id)
    early = call(
        local_stack,
        "POST",
        f"{person_path(report_id)}/handoff/manual-registration",
        tokens["mottagning"],
        {"caseId": "IFO-1"},
    )
    assert early.status_code == 409 and "har ännu tid" in early.json()["message"]
    assert handoff_of(local_stack, report_id)["status"] == "delivered"


def test_the_example_case_system_of_make_run_fetches_and_acknowledges_each_handoff_once(local_stack, tokens):
    """The chain as `make run` shows it: two persons decided, each delivered, fetched by the example consumer,
    acknowledged with its case id and shown on the report; an event delivered twice opens no second case."""
    from local.case_system_consumer import ExampleCaseSystem

    consumer = ExampleCaseSystem(local_stack)
    child = {
        "kind": "barn",
        "name": "Ida Nilsson",
        "schoolOrPreschool": "Demoskolan, klass 3A",
        "knowsAboutReport": "nej",
    }
    report_id = new_report(
        local_stack, persons=[child, {**child, "name": "Alva Nilsson", "age": 6}], **NEGLECT_ONLY["concern"]
    )
    for person in (1, 2):
        assess(local_stack, tokens, report_id, person)
        decide(local_stack, tokens, report_id, "no_investigation" if person == 1 else "investigation", person)
    for person in (1, 2):
        delivered(local_stack, report_id, person)

    opened: list[str] = []

    def acknowledged():
        """both hand-offs are acknowledged by the example case system"""
        opened.extend(consumer.take_one_round(wait_seconds=0))
        return all(
            handoff_of(local_stack, report_id, person).get("status") == "acknowledged" for person in (1, 2)
        )

    eventually(acknowledged, timeout=20)
    case_ids = {handoff_of(local_stack, report_id, person)["caseId"] for person in (1, 2)}
    assert len(case_ids) == 2 and set(opened) >= case_ids

    # The dispatcher delivering the first again (an event sent twice) opens no second case.
    item = report_item(local_stack, report_id)
    local_stack.client("events").put_events(
        Entries=[
            {
                "Source": "oro",
                "DetailType": "Oro hand-off ready",
                "EventBusName": names.handoff_event_bus_name(local_stack.municipality_id),
                "Detail": json.dumps(
                    {
                        "handoffId": handoff_id(report_id, 1),
                        "referenceNumber": item["referenceNumber"],
                        "person": 1,
                        "schemaVersion": "1.0",
                    }
                ),
            }
        ]
    )
    assert consumer.take_one_round(wait_seconds=1) == []

    view = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()
    assert {person["handoff"]["caseId"] for person in view["persons"]} == case_ids


class _FailingFor:
    """The channel, refusing one hand-off's document (S3 down for it, a document that cannot be made)."""

    def __init__(self, channel, failing_id: str) -> None:
        self._channel, self._failing = channel, failing_id

    def put_document(self, identifier: str, document: bytes) -> str:
        if identifier == self._failing:
            raise ConnectionError("S3 refused")
        return self._channel.put_document(identifier, document)

    def __getattr__(self, name):
        return getattr(self._channel, name)


def test_a_delivery_that_keeps_failing_holds_up_neither_the_other_person_nor_the_alert(local_stack):
    from dataclasses import replace

    from functions.case_system import dispatch
    from functions.case_system.handoffs import dispatch_report
    from functions.staff.use_cases.decisions import approve_proposal, propose_decision
    from functions.staff.use_cases.protection import record_protection_assessment
    from tests.integration.helpers import MOTIVATION, REVIEWER, reference, store_report_received_at

    received, decided = (
        datetime(2026, 11, 24, 9, 0, tzinfo=STOCKHOLM),
        datetime(2026, 11, 25, 10, 0, tzinfo=STOCKHOLM),
    )
    children = [{"kind": "barn", "name": f"Barn {n}", "knowsAboutReport": "nej"} for n in (1, 2)]
    report_id = store_report_received_at(
        local_stack, received, reference(), persons=children, **NEGLECT_ONLY
    ).report_id
    for person in (1, 2):
        record_protection_assessment(
            staff_services_at(received), CASE_WORKER, report_id, person, False, MOTIVATION
        )
        version = propose_decision(
            staff_services_at(decided), CASE_WORKER, report_id, person, "no_investigation", MOTIVATION
        )
        approve_proposal(staff_services_at(decided), REVIEWER, report_id, person, version)
    work = dispatch.work()
    failing = replace(work, channel=_FailingFor(work.channel, handoff_id(report_id, 1)))

    def run_at(moment: datetime) -> dict:
        return dispatch_report(replace(failing, now=lambda: moment), report_id)

    assert run_at(datetime(2026, 11, 25, 10, 1, tzinfo=STOCKHOLM)) == {
        "delivered": 1,
        "alerted": 0,
        "failed": 1,
    }
    assert handoff_of(local_stack, report_id, 1)["status"] == "prepared"
    assert handoff_of(local_stack, report_id, 2)["status"] == "delivered"
    # Two working days on, still failing: the intake team is told of both, once.
    assert run_at(datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)) == {
        "delivered": 0,
        "alerted": 2,
        "failed": 1,
    }
    assert run_at(datetime(2026, 11, 27, 10, 5, tzinfo=STOCKHOLM))["alerted"] == 0
    reference_number = report_item(local_stack, report_id)["referenceNumber"]
    mails = [
        m
        for m in local_stack.outbox()["emails"]
        if reference_number in m["subject"] and "kvitter" in m["subject"]
    ]
    assert len(mails) == 1 and "alla 2 personer" in mails[0]["text"]
