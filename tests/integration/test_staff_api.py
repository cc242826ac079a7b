"""The staff API on the local stack: sign-in through Cognito (moto), the role table, four eyes, the
violence rule and the audit trail."""

import gzip
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import moto.cognitoidp
import pytest
import requests

from functions.domain.access import ROLE_PERMISSIONS, Permission
from tests.integration.helpers import eventually, new_body, post_report

MOTO_PRIVATE_KEY = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
NEGLECT_ONLY = {
    "description": "Barnet kommer ofta hungrigt till skolan.",
    "categories": ["omsorgsbrist"],
    "mainCategory": "omsorgsbrist",
    "acuteDanger": False,
}


@pytest.fixture(scope="module")
def tokens(local_stack) -> dict[str, str]:
    return {role: local_stack.sign_in(username) for role, username in local_stack.demo_users.items()}


def call(stack, method: str, path: str, token: str | None, body: dict | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"{stack.base_url}{path}", headers=headers, json=body, timeout=30)


def new_report(stack, **concern) -> str:
    body = new_body(**({"concern": concern} if concern else {}))
    reference = post_report(stack, body).json()["referenceNumber"]
    return stack.find_report(reference)["reportId"]


ENDPOINTS = [  # (method, path, body, permission)
    ("GET", "/api/staff/reports", None, Permission.VIEW_QUEUE),
    ("GET", "/api/staff/reports/{id}", None, Permission.READ_REPORT),
    (
        "POST",
        "/api/staff/reports/{id}/protection-assessment",
        {"immediateProtectionNeeded": False},
        Permission.RECORD_PROTECTION_ASSESSMENT,
    ),
    ("POST", "/api/staff/reports/{id}/acknowledgement", {}, Permission.ACKNOWLEDGE_ESCALATION),
    (
        "POST",
        "/api/staff/reports/{id}/decision-proposal",
        {"outcome": "investigation"},
        Permission.PROPOSE_DECISION,
    ),
    ("POST", "/api/staff/reports/{id}/decision-proposal/approve", {}, Permission.APPROVE_DECISION),
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
            response = call(local_stack, method, path.format(id=report_id), token, body)
            assert response.status_code == 401, (method, path, name, response.status_code)
            assert "Alva" not in response.text and report_id not in response.text


def test_each_role_does_only_what_the_role_table_allows(local_stack, tokens):
    for method, path, body, permission in ENDPOINTS:
        for role, token in tokens.items():
            report_id = new_report(local_stack, **NEGLECT_ONLY)
            if permission is Permission.APPROVE_DECISION:  # something to approve, proposed by someone else
                call(
                    local_stack,
                    "POST",
                    f"/api/staff/reports/{report_id}/decision-proposal",
                    tokens["mottagning"],
                    {"outcome": "investigation"},
                )
            response = call(local_stack, method, path.format(id=report_id), token, body)
            if permission in ROLE_PERMISSIONS[role]:
                assert response.status_code == 200, (role, path, response.text)
            else:
                assert response.status_code == 403, (role, path, response.status_code)
                assert set(response.json()) == {"message", "errors"} and "Alva" not in response.text


def test_four_eyes_the_proposer_cannot_approve_and_a_reviewer_can(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    reviewer = tokens["forste_socialsekreterare"]
    assert (
        call(
            local_stack,
            "POST",
            f"/api/staff/reports/{report_id}/decision-proposal",
            reviewer,
            {"outcome": "no_investigation"},
        ).status_code
        == 200
    )
    own = call(local_stack, "POST", f"/api/staff/reports/{report_id}/decision-proposal/approve", reviewer, {})
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
    approved = call(
        local_stack, "POST", f"/api/staff/reports/{report_id}/decision-proposal/approve", second, {}
    )
    assert approved.json() == {"event": "decision_recorded"}
    detail = call(local_stack, "GET", f"/api/staff/reports/{report_id}", second).json()
    assert (
        detail["decision"]["outcome"] == "no_investigation"
        and detail["decision"]["decidedBy"] == "granskande-2"
    )
    assert detail["decisionProposal"]["status"] == "approved"
    eventually(lambda: local_stack.execution_for(report_id)["status"] == "SUCCEEDED")
    eventually(
        lambda: call(local_stack, "GET", f"/api/staff/reports/{report_id}", second).json().get("purgeOn")
    )


def test_no_investigation_cannot_be_proposed_when_a_child_is_subjected_to_violence(local_stack, tokens):
    report_id = new_report(local_stack)  # the sample: violence against a child
    refused = call(
        local_stack,
        "POST",
        f"/api/staff/reports/{report_id}/decision-proposal",
        tokens["mottagning"],
        {"outcome": "no_investigation"},
    )
    assert refused.status_code == 409 and "SOSFS 2014:4" in refused.json()["message"]


def test_every_read_and_write_is_in_the_audit_trail_and_the_granskare_can_export_it(local_stack, tokens):
    report_id = new_report(local_stack, **NEGLECT_ONLY)
    intake = tokens["mottagning"]
    call(local_stack, "GET", f"/api/staff/reports/{report_id}", intake)
    call(
        local_stack,
        "POST",
        f"/api/staff/reports/{report_id}/protection-assessment",
        intake,
        {"immediateProtectionNeeded": False},
    )
    detail = call(local_stack, "GET", f"/api/staff/reports/{report_id}", intake).json()
    actions = [entry["action"] for entry in detail["timeline"]]
    assert actions == ["read_report", "record_protection_assessment", "read_report"]
    assert all(
        entry["staffId"] == "demo-mottagning" and entry["sourceIp"] == "127.0.0.1"
        for entry in detail["timeline"]
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
