"""An internal-first launch on the local stack: `make run MUNICIPALITY=intern` (Internkommun, whose e-service is
open only inside its networks). Intake refuses a report from a client outside them, by the address CloudFront
sets and the local adapter sets as CloudFront does, and takes one from inside; staff still register reports
wherever they are.

The session's own stack runs Provkommun, whose e-service is public, and a process holds one municipality's
settings: Internkommun runs as `make run` does, in a process of its own."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest
import requests

from functions.domain.internal_launch import not_open_message
from functions.domain.municipality import load_municipality
from functions.shared import names
from local.http_adapter import api_gateway_event
from local.resources import DEMO_PASSWORD
from local.stack import REGION
from tests.conftest import load_event
from tests.integration.helpers import stack_in_own_process

INTERN = load_municipality(names.municipality_config_file("intern"))


@pytest.fixture(scope="module")
def intern_stack(tmp_path_factory):
    with stack_in_own_process("intern", tmp_path_factory.mktemp("intern") / "make-run.log") as stack:
        yield stack


def _client(stack, service: str):
    return boto3.client(
        service,
        endpoint_url=stack.aws_url,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto's
    )


def _new_report() -> dict:
    body = load_event("report-private-anonymous.json")
    body["submissionId"] = str(uuid.uuid4())
    return body


def _stored(stack, submission_id: str) -> bool:
    item = _client(stack, "dynamodb").get_item(
        TableName=names.reports_table_name("intern"),
        Key={"pk": {"S": f"SUBMISSION#{submission_id}"}, "sk": {"S": "SUBMISSION"}},
    )
    return "Item" in item


def _intake_through_cloudfront(stack, body: dict, viewer_address: str | None) -> tuple[int, dict]:
    """POST /api/reports as API Gateway hands it to intake behind CloudFront, with CloudFront's header."""
    headers = {"Content-Type": "application/json"}
    if viewer_address is not None:
        headers["CloudFront-Viewer-Address"] = viewer_address
    event = api_gateway_event(
        "POST", "/api/reports", "", headers, json.dumps(body).encode(), source_ip="130.176.0.1"
    )
    answer = _client(stack, "lambda").invoke(
        FunctionName=names.intake_function_name("intern"), Payload=json.dumps(event).encode()
    )
    result = json.loads(answer["Payload"].read())
    return result["statusCode"], json.loads(result["body"])


def test_a_report_from_outside_the_networks_is_refused_with_the_phone_numbers_and_not_stored(intern_stack):
    body = _new_report()
    # this machine is outside Internkommun's networks; a header the client sends is replaced, as at CloudFront
    answer = requests.post(
        f"{intern_stack.base_url}/api/reports",
        json=body,
        headers={"CloudFront-Viewer-Address": "198.51.100.10:50000", "X-Forwarded-For": "198.51.100.10"},
        timeout=30,
    )
    assert answer.status_code == 403
    assert answer.json() == {"message": not_open_message(INTERN), "errors": []}
    assert "010-123 45 00" in answer.json()["message"] and "112" in answer.json()["message"]
    assert answer.headers["Cache-Control"] == "no-store"
    assert not _stored(intern_stack, body["submissionId"])

    for outside in ("203.0.113.9:443", "[2001:db9::1]:443", None, "198.51.100.10"):  # the last: no port
        status, refusal = _intake_through_cloudfront(intern_stack, _new_report(), outside)
        assert (status, refusal["message"]) == (403, not_open_message(INTERN)), outside


def test_a_report_from_inside_the_networks_is_received_ipv4_and_ipv6(intern_stack):
    for inside in ("198.51.100.10:50000", "[2001:db8::5]:443", "192.0.2.255:1"):
        body = _new_report()
        status, receipt = _intake_through_cloudfront(intern_stack, body, inside)
        assert status == 201, receipt
        assert receipt["referenceNumber"]
        assert _stored(intern_stack, body["submissionId"])


def test_the_form_is_told_the_e_service_is_internal(intern_stack):
    settings = requests.get(f"{intern_stack.base_url}/config.json", timeout=30).json()
    assert settings["eService"] == {"mode": "internal"}
    assert settings["municipality"] == "Internkommun"


def test_staff_outside_the_networks_still_register_a_report_by_phone(intern_stack):
    cognito = _client(intern_stack, "cognito-idp")
    (pool,) = [
        p
        for p in cognito.list_user_pools(MaxResults=60)["UserPools"]
        if p["Name"] == names.user_pool_name("intern")
    ]
    (client,) = cognito.list_user_pool_clients(UserPoolId=pool["Id"], MaxResults=60)["UserPoolClients"]
    token = cognito.initiate_auth(
        ClientId=client["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "demo-mottagning", "PASSWORD": DEMO_PASSWORD},
    )["AuthenticationResult"]["IdToken"]
    body = _new_report()
    arrived = (datetime.now(UTC) - timedelta(minutes=20)).replace(microsecond=0)
    registered = requests.post(
        f"{intern_stack.base_url}/api/staff/reports",
        json={"channel": "telefon", "receivedAt": arrived.isoformat(), "report": body},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert registered.status_code == 201, registered.text
    assert _stored(intern_stack, body["submissionId"])
