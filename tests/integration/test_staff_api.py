"""The staff API on the local stack: sign-in through Cognito (moto), the role table, four eyes, the
violence rule and the audit trail."""

import base64
import gzip
import json
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jwt
import moto.cognitoidp
import pytest
import requests
from stdnum import luhn

from functions.domain.access import ROLE_PERMISSIONS, Permission
from functions.shared import names
from tests.integration.helpers import (
    MOTIVATION,
    TEACHER,
    dispatch_at,
    eventually,
    new_body,
    post_report,
    report_decided_at,
    sign_in_reporter,
)

MOTO_PRIVATE_KEY = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
NEGLECT_ONLY = {
    "description": "Barnet kommer ofta hungrigt till skolan.",
    "categories": ["omsorgsbrist"],
    "mainCategory": "omsorgsbrist",
    "acuteDanger": False,
}


def call(stack, method: str, path: str, token: str | None, body: dict | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"{stack.base_url}{path}", headers=headers, json=body, timeout=30)


def person_path(report_id: str, person: int = 1) -> str:
    """Where the actions about one person the report concerns are: persons 1, 2, … as the report names them."""
    return f"/api/staff/reports/{report_id}/persons/{person}"


def assess(stack, tokens, report_id: str, person: int = 1, immediate: bool = False) -> str:
    """A person's skyddsbedömning, recorded by mottagningen: a decision about them can be proposed after it."""
    recorded = call(
        stack,
        "POST",
        f"{person_path(report_id, person)}/protection-assessment",
        tokens["mottagning"],
        {"immediateProtectionNeeded": immediate, "motivation": MOTIVATION},
    )
    assert recorded.status_code == 200, recorded.text
    return report_id


def assessed_report(stack, tokens, **concern) -> str:
    return assess(stack, tokens, new_report(stack, **concern))


def propose(stack, token: str, report_id: str, outcome: str, person: int = 1) -> requests.Response:
    return call(
        stack,
        "POST",
        f"{person_path(report_id, person)}/decision-proposal",
        token,
        {"outcome": outcome, "motivation": MOTIVATION},
    )


def review(stack, token: str, report_id: str, verb: str, body: dict, person: int = 1) -> requests.Response:
    """Approves (`body` then needs "confirmed": true) or returns a person's proposal."""
    return call(stack, "POST", f"{person_path(report_id, person)}/decision-proposal/{verb}", token, body)


def decide(stack, tokens, report_id: str, outcome: str, person: int = 1) -> None:
    """Proposed by mottagningen, approved by förste socialsekreteraren: four eyes."""
    proposed = propose(stack, tokens["mottagning"], report_id, outcome, person)
    assert proposed.status_code == 200, proposed.text
    approved = review(
        stack,
        tokens["forste_socialsekreterare"],
        report_id,
        "approve",
        {"version": proposed.json()["version"], "confirmed": True},
        person,
    )
    assert approved.json() == {"event": "decision_recorded"}, approved.text


def open_investigation(stack, tokens, report_id: str, person: int = 1) -> None:
    """Proposed by mottagningen, approved by förste socialsekreteraren: an investigation runs."""
    decide(stack, tokens, report_id, "investigation", person)


def new_report(stack, persons: list[dict] | None = None, reporter: dict | None = None, **concern) -> str:
    body = new_body(
        **({"concern": concern} if concern else {}),
        **({"persons": persons} if persons else {}),
        **({"reporter": reporter} if reporter else {}),
    )
    reference = post_report(stack, body).json()["referenceNumber"]
    return stack.find_report(reference)["reportId"]


# A professional who asked for återkoppling: an approved decision prepares it.
ASKS_FOR_FEEDBACK = {
    "type": "yrkesverksam",
    "name": "Sara Exempellärare",
    "role": "Klasslärare",
    "organisation": "Demoskolan",
    "workEmail": "larare@demoskolan.example.se",
    "wantsFeedback": True,
}


# Later than the ordinary limit, within the demo's bound past it (28 days for the 14 days, 120 for the 4 months).
DECISION_LATER_DAY = (date.today() + timedelta(days=30)).isoformat()
INVESTIGATION_LATER_DAY = (date.today() + timedelta(days=160)).isoformat()
ENDPOINTS = [  # (method, path, body, permission)
    ("GET", "/api/staff/reports", None, Permission.VIEW_QUEUE),
    ("GET", "/api/staff/reports/{id}", None, Permission.READ_REPORT),
    ("GET", "/api/staff/reports/{id}/document", None, Permission.READ_REPORT),
    ("GET", "/api/staff/reports/{id}/persons/1/document", None, Permission.READ_REPORT),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/protection-assessment",
        {"immediateProtectionNeeded": False, "motivation": MOTIVATION},
        Permission.RECORD_PROTECTION_ASSESSMENT,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/protection-measures",
        {"note": "Barnet placerat hos mormor i natt enligt överenskommelse."},
        Permission.RECORD_PROTECTION_ASSESSMENT,
    ),
    ("POST", "/api/staff/reports/{id}/acknowledgement", {}, Permission.ACKNOWLEDGE_ESCALATION),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/decision-proposal",
        {"outcome": "investigation", "motivation": MOTIVATION},
        Permission.PROPOSE_DECISION,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/decision-proposal/approve",
        {"version": 1, "confirmed": True},
        Permission.APPROVE_DECISION,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/investigation-closure",
        {"result": "no_measures"},
        Permission.MANAGE_INVESTIGATION,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/investigation-extension",
        {"extendedTo": INVESTIGATION_LATER_DAY, "reason": "Utredningen väntar på ett läkarutlåtande."},
        Permission.MANAGE_INVESTIGATION,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/decision-deadline-extension",
        {"extendedTo": DECISION_LATER_DAY, "reason": "Polisförhör med barnet är bokat först om tre veckor."},
        Permission.EXTEND_DECISION_DEADLINE,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/feedback-consent",
        {"given": True, "givenOn": date.today().isoformat(), "note": "Muntligt i telefon", "version": 0},
        Permission.RECORD_FEEDBACK_CONSENT,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/handoff/manual-registration",
        {"caseId": "IFO-2026-0001"},
        Permission.REGISTER_HANDOFF_MANUALLY,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/letters/kallelse/preview",
        {"values": {"mote": "Tisdag kl. 10", "handlaggare": "Sara Berg"}},
        Permission.WRITE_LETTERS,
    ),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/letters",
        {"kind": "kallelse", "text": "Hej."},
        Permission.WRITE_LETTERS,
    ),
    ("POST", "/api/staff/reports/{id}/persons/1/letters/{letter}/sent", {}, Permission.WRITE_LETTERS),
    (
        "POST",
        "/api/staff/reports/{id}/persons/1/follow-up",
        {"outcome": "followed_up", "note": "Uppföljt med familjen."},
        Permission.MANAGE_INVESTIGATION,
    ),
    ("POST", "/api/staff/reports/{id}/feedback/send", {"version": 1}, Permission.SEND_FEEDBACK),
    ("GET", "/api/staff/reports/{id}/feedback/letter", None, Permission.SEND_FEEDBACK),
    (
        "POST",
        "/api/staff/reports/{id}/reporter-questions",
        {"question": "Vilken klass går barnet i?"},
        Permission.ASK_REPORTER,
    ),
    ("POST", "/api/staff/person-search", {"identityNumber": "20150315-2389"}, Permission.SEARCH_BY_PERSON),
    ("GET", "/api/staff/gallring/preview?date=2031-01-01", None, Permission.MANAGE_GALLRING),
    ("GET", "/api/staff/gallring/log", None, Permission.MANAGE_GALLRING),
    (
        "GET",
        "/api/staff/audit?staffId=x&from=2026-01-01T00:00:00%2B00:00&to=2027-01-01T00:00:00%2B00:00",
        None,
        Permission.EXPORT_AUDIT,
    ),
]


def forged(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["cognito:groups"] = ["forste_socialsekreterare", "admin"]
    return f"{header}.{jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()}.{signature}"


def expired(stack, token: str, hours: int = -1) -> str:
    """The same claims, signed with the pool's real key, but expired an hour ago."""
    claims = jwt.decode(token, options={"verify_signature": False})
    claims.update({"iat": int(time.time()) - 7200, "exp": int(time.time()) + hours * 3600})
    key = json.loads(gzip.decompress(MOTO_PRIVATE_KEY.read_bytes()))
    private = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(key))
    return jwt.encode(claims, private, algorithm="RS256", headers={"kid": key["kid"]})


def other_municipality(stack) -> str:
    cognito = stack.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName=f"oro-annan-{uuid.uuid4().hex[:6]}")["UserPool"]["Id"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool, ClientName="dashboard", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    cognito.create_group(UserPoolId=pool, GroupName="forste_socialsekreterare")
    cognito.admin_create_user(UserPoolId=pool, Username="intruder", MessageAction="SUPPRESS")
    cognito.admin_set_user_password(
        UserPoolId=pool, Username="intruder", Password="Annan-kommun-1!", Permanent=True
    )
    cognito.admin_add_user_to_group(
        UserPoolId=pool, Username="intruder", GroupName="forste_socialsekreterare"
    )
    return cognito.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "intruder", "PASSWORD": "Annan-kommun-1!"},
    )["AuthenticationResult"]["IdToken"]


def test_every_endpoint_refuses_missing_forged_expired_and_foreign_tokens_without_data(local_stack, tokens):
    report_id = new_report(local_stack)
    # The re-signing is faithful: the same token, not yet expired, is accepted.
    assert (
        call(
            local_stack, "GET", "/api/staff/me", expired(local_stack, tokens["mottagning"], hours=1)
        ).status_code
        == 200
    )
    bad = {
        "none": None,
        "forged": forged(tokens["mottagning"]),
        "expired": expired(local_stack, tokens["mottagning"]),
        "other municipality": other_municipality(local_stack),
        "garbage": "not-a-token",
    }
    for method, path, body, _ in ENDPOINTS:
        for name, token in bad.items():
            response = call(local_stack, method, path.format(id=report_id, letter="x"), token, body)
            assert response.status_code == 401, (method, path, name, response.status_code)
            assert "Alva" not in response.text and report_id not in response.text


@pytest.mark.scale  # a report per endpoint and permitted role, each taken to the phase the endpoint needs
def test_each_role_does_only_what_the_role_table_allows(local_stack, tokens):
    teacher = sign_in_reporter(local_stack, "kommunens_inloggning", "lena.lind")

    def prepared(path: str, permission: Permission) -> dict[str, str]:
        """A report in the state the endpoint acts on: the path's fields (the report's id, a letter's)."""
        # Consent to återkoppling is recorded for an adult only.
        adult = [{"kind": "vuxen", "age": 40}] if path.endswith("/feedback-consent") else None
        feedback = permission is Permission.SEND_FEEDBACK
        if permission is Permission.ASK_REPORTER:  # only a reporter who signed in can be asked
            sent = teacher.post(
                f"{local_stack.base_url}/api/reports",
                json=new_body(concern=NEGLECT_ONLY, reporter=TEACHER),
                timeout=30,
            )
            report_id = local_stack.find_report(sent.json()["referenceNumber"])["reportId"]
        elif permission is Permission.REGISTER_HANDOFF_MANUALLY:  # a hand-off left unacknowledged for a week
            decided = datetime.now(UTC) - timedelta(days=8)
            report_id = report_decided_at(local_stack, decided - timedelta(days=1), decided)
            dispatch_at(report_id, decided + timedelta(minutes=1))
        else:
            report_id = new_report(
                local_stack, adult, ASKS_FOR_FEEDBACK if feedback else None, **NEGLECT_ONLY
            )
        if feedback:  # återkoppling is prepared once the decision is approved
            assess(local_stack, tokens, report_id)
            open_investigation(local_stack, tokens, report_id)
        if path.endswith("/protection-measures"):  # measures follow a skyddsbedömning that asked for them
            assess(local_stack, tokens, report_id, immediate=True)
        if permission in {
            Permission.PROPOSE_DECISION,
            Permission.APPROVE_DECISION,
            Permission.MANAGE_INVESTIGATION,
        }:  # a decision comes after the skyddsbedömning
            assess(local_stack, tokens, report_id)
        if permission is Permission.APPROVE_DECISION:  # something to approve, proposed by someone else
            propose(local_stack, tokens["mottagning"], report_id, "investigation")
        if permission is Permission.MANAGE_INVESTIGATION:  # an investigation to close or extend
            open_investigation(local_stack, tokens, report_id)
        if path.endswith("/follow-up"):  # measures to follow up, after the investigation
            closure = {"result": "measures"}
            closed = call(
                local_stack,
                "POST",
                f"{person_path(report_id)}/investigation-closure",
                tokens["forste_socialsekreterare"],
                closure,
            )
            assert closed.status_code == 200, closed.text
        fields = {"id": report_id, "letter": "none"}
        if "{letter}" in path:  # a letter made, to mark sent
            made = call(
                local_stack,
                "POST",
                f"{person_path(report_id)}/letters",
                tokens["mottagning"],
                {"kind": "kallelse", "text": "Hej."},
            )
            assert made.status_code == 200, made.text
            fields["letter"] = report_item(local_stack, report_id)["persons"]["1"]["letters"][0]["id"]
        return fields

    for method, path, body, permission in ENDPOINTS:
        # Every refused role tries the same report (a refusal comes before anything is read or written); each
        # role that may act gets a report of its own, as acting changes it.
        refused_on = prepared(path, permission)
        for role, token in tokens.items():
            if permission in ROLE_PERMISSIONS[role]:
                response = call(local_stack, method, path.format(**prepared(path, permission)), token, body)
                assert response.status_code == 200, (role, path, response.text)
            else:
                response = call(local_stack, method, path.format(**refused_on), token, body)
                assert response.status_code == 403, (role, path, response.status_code)
                assert set(response.json()) == {"message", "errors"} and "Alva" not in response.text


def test_four_eyes_the_proposer_cannot_approve_and_a_reviewer_can(local_stack, tokens):
    report_id = assessed_report(local_stack, tokens, **NEGLECT_ONLY)
    reviewer = tokens["forste_socialsekreterare"]
    assert propose(local_stack, reviewer, report_id, "no_investigation").status_code == 200
    own = review(local_stack, reviewer, report_id, "approve", {"version": 1, "confirmed": True})
    assert own.status_code == 409 and "annan person" in own.json()["message"]
    # A second reviewer: another förste socialsekreterare.
    cognito = local_stack.client("cognito-idp")
    cognito.admin_create_user(
        UserPoolId=local_stack.user_pool_id, Username="granskande-2", MessageAction="SUPPRESS"
    )
    cognito.admin_set_user_password(
        UserPoolId=local_stack.user_pool_id,
        Username="granskande-2",
        Password="Oro-demo-2026!",
        Permanent=True,
    )
    cognito.admin_add_user_to_group(
        UserPoolId=local_stack.user_pool_id, Username="granskande-2", GroupName="forste_socialsekreterare"
    )
    second = local_stack.sign_in("granskande-2")
    # An approval is confirmed, literally: not a misclick, not a truthy string.
    for unconfirmed in (
        {"version": 1},
        {"version": 1, "confirmed": False},
        {"version": 1, "confirmed": "true"},
        {"version": 1, "confirmed": 1},  # Literal[True] alone would take 1 for True
    ):
        refused = review(local_stack, second, report_id, "approve", unconfirmed)
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "confirmed", unconfirmed
    approved = review(local_stack, second, report_id, "approve", {"version": 1, "confirmed": True})
    assert approved.json() == {"event": "decision_recorded"}
    detail = call(local_stack, "GET", f"/api/staff/reports/{report_id}", second).json()
    (person,) = detail["persons"]
    assert (
        person["decision"]["outcome"] == "no_investigation"
        and person["decision"]["decidedBy"] == "granskande-2"
    )
    assert person["decision"]["proposedBy"] == "demo-forste-socialsekreterare"
    assert person["decision"]["motivation"] == MOTIVATION
    assert person["decisionProposal"]["status"] == "approved"
    assert person["decisionProposal"]["reviewedBy"] == "granskande-2"
    assert not {"decision", "decisionProposal", "protectionAssessment", "investigation"} & set(detail)
    eventually(lambda: local_stack.execution_for(report_id)["status"] == "SUCCEEDED")
    eventually(
        lambda: call(local_stack, "GET", f"/api/staff/reports/{report_id}", second).json().get("purgeOn")
    )


def test_no_investigation_cannot_be_proposed_when_a_child_is_subjected_to_violence(local_stack, tokens):
    report_id = assessed_report(local_stack, tokens)  # the sample: violence against a child
    refused = propose(local_stack, tokens["mottagning"], report_id, "no_investigation")
    assert refused.status_code == 409 and "SOSFS 2014:4" in refused.json()["message"]
    detail = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()
    assert detail["persons"][0]["violence"] is True and detail["persons"][0]["decisionProposal"] is None


def test_every_read_and_write_is_in_the_audit_trail_and_the_granskare_can_export_it(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    intake = tokens["mottagning"]
    call(local_stack, "GET", f"/api/staff/reports/{report_id}", intake)
    call(
        local_stack,
        "POST",
        f"{person_path(report_id)}/protection-assessment",
        intake,
        {"immediateProtectionNeeded": False, "motivation": MOTIVATION},
    )
    detail = call(local_stack, "GET", f"/api/staff/reports/{report_id}", intake).json()
    by_staff = [entry for entry in detail["timeline"] if entry["staffId"] != "oro"]  # not the messages sent
    actions = [entry["action"] for entry in by_staff]
    assert actions == ["read_report", "record_protection_assessment", "read_report"]
    assert all(
        entry["staffId"] == "demo-mottagning" and entry["sourceIp"] == "127.0.0.1" for entry in by_staff
    )
    start = (datetime.now(UTC) - timedelta(minutes=5)).isoformat().replace("+", "%2B")
    end = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+", "%2B")
    export = call(
        local_stack,
        "GET",
        f"/api/staff/audit?staffId=demo-mottagning&from={start}&to={end}",
        tokens["granskare"],
    ).json()["entries"]
    assert {(e["action"], e["reportId"]) for e in export} >= {
        ("read_report", report_id),
        ("record_protection_assessment", report_id),
    }
    assert not any("Alva" in json.dumps(entry) for entry in export)


def test_a_phoned_in_report_is_registered_with_the_time_it_arrived_and_its_clocks_run_from_then(
    local_stack, tokens
):
    arrived = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0)
    body = {"channel": "telefon", "receivedAt": arrived.isoformat(), "report": new_body(concern=NEGLECT_ONLY)}
    registered = call(local_stack, "POST", "/api/staff/reports", tokens["socialjour"], body)
    assert registered.status_code == 201, registered.text
    answer = registered.json()
    stored = local_stack.find_report(answer["referenceNumber"])
    assert stored["channel"] == "telefon"
    assert datetime.fromisoformat(stored["receivedAt"]) == arrived
    eventually(lambda: "protectionAssessmentDeadline" in local_stack.find_report(answer["referenceNumber"]))
    due = local_stack.find_report(answer["referenceNumber"])["protectionAssessmentDeadline"]["dueAt"]
    assert datetime.fromisoformat(due) == arrived + timedelta(hours=24)
    timeline = call(
        local_stack, "GET", f"/api/staff/reports/{answer['reportId']}", tokens["socialjour"]
    ).json()["timeline"]
    assert timeline[0]["action"] == "register_report" and timeline[0]["staffId"] == "demo-socialjour"


def test_registration_refuses_future_times_the_web_channel_bad_reports_and_other_roles(local_stack, tokens):
    def register(token, **changes):
        body = {
            "channel": "brev",
            "receivedAt": datetime.now(UTC).isoformat(),
            "report": new_body(),
        } | changes
        return call(local_stack, "POST", "/api/staff/reports", token, body)

    intake = tokens["mottagning"]
    future = register(intake, receivedAt=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
    assert future.status_code == 409 and "framtiden" in future.json()["message"]
    assert register(intake, channel="webb").status_code == 409
    bad = register(intake, report={**new_body(), "persons": []})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "report.persons"
    assert register(intake, receivedAt="2026-11-25T10:00:00").status_code == 422  # no time zone: ambiguous
    assert register(tokens["granskare"]).status_code == 403
    assert register(tokens["admin"]).status_code == 403


# --- queue filters ---------------------------------------------------------------------------------


def report_item(stack, report_id: str) -> dict:
    return stack.reports_table.get_item(Key={"pk": f"REPORT#{report_id}", "sk": "REPORT"})["Item"]


def whole_queue(stack, token: str, query: str = "") -> list[dict]:
    """Every page of the queue (with a filter), following the cursor."""
    items, cursor = [], None
    while True:
        page_query = "&".join(
            part for part in (query, f"cursor={cursor}" if cursor else "", "pageSize=100") if part
        )
        page = call(stack, "GET", f"/api/staff/reports?{page_query}", token)
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["nextCursor"]
        if not cursor:
            return items


def test_queue_filters_by_status_channel_and_route_each_through_its_own_index(local_stack, tokens):
    intake = tokens["mottagning"]
    web_report = new_report(local_stack, **NEGLECT_ONLY)
    phoned = call(
        local_stack,
        "POST",
        "/api/staff/reports",
        intake,
        {
            "channel": "telefon",
            "receivedAt": datetime.now(UTC).isoformat(),
            "report": new_body(concern=NEGLECT_ONLY),
        },
    ).json()["reportId"]
    eventually(lambda: report_item(local_stack, web_report).get("routing"))
    assess(local_stack, tokens, web_report)
    propose(local_stack, intake, web_report, "investigation")

    by_phone = whole_queue(local_stack, intake, "channel=telefon")
    assert phoned in {item["reportId"] for item in by_phone} and web_report not in {
        i["reportId"] for i in by_phone
    }
    assert {item["channel"] for item in by_phone} == {"telefon"}

    reviewing = whole_queue(local_stack, intake, "status=review")
    assert web_report in {item["reportId"] for item in reviewing} and phoned not in {
        i["reportId"] for i in reviewing
    }
    assert all(item["proposalsAwaitingReview"] >= 1 for item in reviewing)
    (shown,) = [item for item in reviewing if item["reportId"] == web_report]
    assert shown["proposalsAwaitingReview"] == 1
    assert shown["persons"] == [{"number": 1, "kind": "barn", "rule": "barn", "phase": "decision"}]

    route = report_item(local_stack, web_report)["routing"]["route"]
    routed = whole_queue(local_stack, intake, f"route={route}")
    assert web_report in {item["reportId"] for item in routed} and {i["route"] for i in routed} == {route}

    in_assessment = whole_queue(local_stack, intake, "status=protection_assessment")
    assert {item["phase"] for item in in_assessment} <= {"protection_assessment"}
    deadlines = [item["nextDeadlineAt"] for item in in_assessment]
    assert deadlines == sorted(deadlines)  # nearest deadline first, as the unfiltered queue

    # Returned proposals leave the reviewers' list.
    review(
        local_stack,
        tokens["forste_socialsekreterare"],
        web_report,
        "return",
        {"version": 1, "comment": "Komplettera."},
    )
    assert web_report not in {item["reportId"] for item in whole_queue(local_stack, intake, "status=review")}


def test_a_closed_report_leaves_every_filter_of_the_queue(local_stack, tokens):
    intake, reviewer = tokens["mottagning"], tokens["forste_socialsekreterare"]
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    eventually(lambda: report_item(local_stack, report_id).get("routing"))
    assess(local_stack, tokens, report_id)
    propose(local_stack, intake, report_id, "no_investigation")
    review(local_stack, reviewer, report_id, "approve", {"version": 1, "confirmed": True})
    eventually(lambda: local_stack.execution_for(report_id)["status"] == "SUCCEEDED")
    stored = report_item(local_stack, report_id)
    assert not {partition for _, partition in names.QUEUE_INDEXES.values()} & set(stored)
    for query in (
        "",
        "status=review",
        "status=decision",
        "channel=webb",
        f"route={stored['routing']['route']}",
    ):
        assert report_id not in {item["reportId"] for item in whole_queue(local_stack, intake, query)}, query


def test_queue_refuses_two_filters_unknown_values_and_forged_cursors_clearly(local_stack, tokens):
    intake = tokens["mottagning"]
    two = call(local_stack, "GET", "/api/staff/reports?status=review&channel=telefon", intake)
    assert two.status_code == 400 and two.json()["message"] == "Välj ett filter i taget."
    unknown = call(local_stack, "GET", "/api/staff/reports?route=grannen", intake)
    assert unknown.status_code == 400 and "Filtret finns inte" in unknown.json()["message"]
    forged_key = base64.urlsafe_b64encode(json.dumps({"pk": {"S": "REPORT#x"}}).encode()).decode()
    for cursor in ("inte-en-markör", forged_key):
        refused = call(local_stack, "GET", f"/api/staff/reports?cursor={cursor}", intake)
        assert refused.status_code == 400 and "första sidan" in refused.json()["message"]


# --- the 14-day limit extended for an exceptional reason -----------------------------------------------


def test_the_14_day_limit_moves_only_later_with_a_written_reason_kept_with_who_and_when(local_stack, tokens):
    intake = tokens["mottagning"]
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    assess(local_stack, tokens, report_id)
    eventually(lambda: report_item(local_stack, report_id).get("decisionDeadline"))
    original = datetime.fromisoformat(report_item(local_stack, report_id)["decisionDeadline"]["dueAt"])
    path = f"{person_path(report_id)}/decision-deadline-extension"

    terse = call(local_stack, "POST", path, intake, {"extendedTo": "2099-01-01", "reason": "Hög last"})
    assert terse.status_code == 422
    assert terse.json()["errors"] == [{"field": "reason", "message": "Skälet behöver vara minst 10 tecken."}]
    earlier = call(
        local_stack,
        "POST",
        path,
        intake,
        {"extendedTo": original.date().isoformat(), "reason": "Polisförhör är bokat senare."},
    )
    assert earlier.status_code == 409 and "senare än den nuvarande" in earlier.json()["message"]
    assert (
        call(
            local_stack,
            "POST",
            path,
            tokens["socialjour"],
            {"extendedTo": "2099-01-01", "reason": "Polisförhör är bokat senare."},
        ).status_code
        == 403
    )

    new_last_day = (original + timedelta(days=10)).date()
    reason = "Polisförhör med barnet hålls först om tre veckor; samråd med polisen."
    extended = call(
        local_stack, "POST", path, intake, {"extendedTo": new_last_day.isoformat(), "reason": reason}
    )
    assert extended.json() == {"event": "decision_deadline_extended"}

    def moved():
        due = datetime.fromisoformat(report_item(local_stack, report_id)["decisionDeadline"]["dueAt"])
        return due if due.astimezone(ZoneInfo("Europe/Stockholm")).date() == new_last_day else None

    # The person's own clock moves at once; the report's earliest follows when the lifecycle replans.
    person_due = datetime.fromisoformat(
        report_item(local_stack, report_id)["persons"]["1"]["deadlines"]["decision"]["dueAt"]
    )
    assert person_due.astimezone(ZoneInfo("Europe/Stockholm")).date() == new_last_day
    due = eventually(moved)
    assert due.astimezone(ZoneInfo("Europe/Stockholm")).time() == time_of_day(23, 59, 59)
    stored = report_item(local_stack, report_id)
    person = stored["persons"]["1"]
    (extension,) = person["decisionDeadlineExtensions"]
    assert (
        extension["reason"] == reason
        and extension["staffId"] == "demo-mottagning"
        and extension["to"] == new_last_day.isoformat()
    )
    assert person["decisionDueExtendedTo"] == new_last_day.isoformat()
    detail = call(local_stack, "GET", f"/api/staff/reports/{report_id}", intake).json()
    assert "extend_decision_deadline" in [entry["action"] for entry in detail["timeline"]]
    assert detail["decisionDueAt"] == stored["decisionDeadline"]["dueAt"]
    (shown,) = detail["persons"]
    assert (
        shown["decisionDueAt"]
        == person["deadlines"]["decision"]["dueAt"]
        == stored["decisionDeadline"]["dueAt"]
    )
    assert shown["decisionDueExtendedTo"] == new_last_day.isoformat()
    assert shown["decisionDeadlineExtensions"][0]["reason"] == reason
    assert not {"decisionDueExtendedTo", "decisionDeadlineExtensions"} & set(detail)


# --- search by personnummer -------------------------------------------------------------------------


def unique_personnummer() -> str:
    """A valid personnummer no other test uses: a random birth day and serial, with its Luhn digit."""
    born = date(2012, 1, 1) + timedelta(days=random.randrange(3000))
    serial = f"{random.randrange(1000):03d}"
    short = f"{born:%y%m%d}{serial}"
    return f"{born:%Y%m%d}-{serial}{luhn.calc_check_digit(short)}"


def test_search_by_personnummer_finds_earlier_reports_about_the_child_and_is_audited(local_stack, tokens):
    number = unique_personnummer()
    child = {**new_body()["persons"][0], "personalIdentityNumber": number}
    first = new_report_with_persons(local_stack, [child])
    second = new_report_with_persons(local_stack, [child, {**child}])  # named twice: found once
    other = new_report(local_stack)
    search = "/api/staff/person-search"

    # Any common way of writing the number finds the same child.
    compact = number.replace("-", "")[2:]
    found = call(local_stack, "POST", search, tokens["socialjour"], {"identityNumber": compact})
    assert found.status_code == 200, found.text
    ids = [report["reportId"] for report in found.json()["reports"]]
    assert sorted(ids) == sorted([first, second]) and other not in ids
    assert set(found.json()["reports"][0]) == {
        "reportId",
        "referenceNumber",
        "receivedAt",
        "phase",
        "decisions",
    }
    # Each person's decision, none made yet: the child named twice is two persons of the report.
    by_id = {report["reportId"]: report for report in found.json()["reports"]}
    assert by_id[first]["decisions"] == [None] and by_id[second]["decisions"] == [None, None]
    assert found.json()["reports"][0]["phase"] in (
        "protection_assessment",
        None,
    )  # where it stands, no content

    export = local_stack_audit(local_stack, "demo-socialjour")
    assert "search_by_personnummer" in [entry["action"] for entry in export]
    assert number not in json.dumps(export) and compact not in json.dumps(export)
    timeline = call(local_stack, "GET", f"/api/staff/reports/{first}", tokens["socialjour"]).json()[
        "timeline"
    ]
    assert ("found_by_personnummer_search", "demo-socialjour") in [
        (e["action"], e["staffId"]) for e in timeline
    ]

    invalid = call(local_stack, "POST", search, tokens["socialjour"], {"identityNumber": "20150315-2380"})
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "identityNumber"
    nobody = call(
        local_stack, "POST", search, tokens["mottagning"], {"identityNumber": unique_personnummer()}
    )
    assert nobody.json() == {"reports": [], "nextCursor": None}
    assert call(local_stack, "POST", search, tokens["admin"], {"identityNumber": number}).status_code == 403
    me = call(local_stack, "GET", "/api/staff/me", tokens["mottagning"]).json()
    assert me["personSearch"] is True and "search_by_person" in me["permissions"]


def new_report_with_persons(stack, persons: list[dict]) -> str:
    reference = post_report(stack, new_body(persons=persons)).json()["referenceNumber"]
    return stack.find_report(reference)["reportId"]


def local_stack_audit(stack, staff_id: str) -> list[dict]:
    start = (datetime.now(UTC) - timedelta(minutes=5)).isoformat().replace("+", "%2B")
    end = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+", "%2B")
    granskare = stack.sign_in(stack.demo_users["granskare"])
    entries, cursor = [], ""
    while True:
        page = call(
            stack,
            "GET",
            f"/api/staff/audit?staffId={staff_id}&from={start}&to={end}&cursor={cursor}",
            granskare,
        ).json()
        entries += page["entries"]
        if not page["nextCursor"]:
            return entries
        cursor = quote(page["nextCursor"])
