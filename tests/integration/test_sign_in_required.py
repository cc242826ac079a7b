"""Kalix (seed 000) takes web reports only from reporters signed in with e-legitimation: an unsigned report is
refused before it is read, with the way to report anonymously, and nothing is stored. Kalix runs as `make run`
runs it, in a process of its own (the session's stack is Provkommun's)."""

import boto3
import pytest

from functions.domain.municipality import load_municipality
from functions.shared import names
from local.stack import REGION
from tests.integration.helpers import (
    NAMED_NEIGHBOUR,
    new_body,
    post_report,
    sign_in_reporter,
    stack_in_own_process,
)

KALIX = load_municipality(names.municipality_config_file("kalix"))


@pytest.fixture(scope="module")
def kalix(tmp_path_factory):
    with stack_in_own_process("kalix", tmp_path_factory.mktemp("kalix") / "make-run.log") as stack:
        yield stack


def _dynamodb(stack):
    return boto3.client(
        "dynamodb",
        endpoint_url=stack.aws_url,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto's
    )


def _report_items(stack) -> int:
    return _dynamodb(stack).scan(TableName=names.reports_table_name("kalix"), Select="COUNT")["Count"]


def test_an_unsigned_web_report_is_refused_with_the_way_to_report_anonymously(kalix):
    body = new_body(reporter=NAMED_NEIGHBOUR)
    before = _report_items(kalix)
    refused = post_report(kalix, body)
    assert refused.status_code == 401
    message = refused.json()["message"]
    assert "Kalix kommun" in message and "e-legitimation" in message
    assert KALIX.intake_team.phone in message and "brev" in message
    assert _report_items(kalix) == before

    in_english = post_report(kalix, body, headers={"Accept-Language": "en"})
    assert in_english.status_code == 401 and "sign in" in in_english.json()["message"]


def test_the_same_report_signed_in_with_e_legitimation_is_received(kalix):
    browser = sign_in_reporter(kalix, "e_legitimation", "anna.andersson")
    sent = browser.post(f"{kalix.base_url}/api/reports", json=new_body(reporter=NAMED_NEIGHBOUR), timeout=30)
    assert sent.status_code == 201, sent.text
    reference = sent.json()["referenceNumber"]
    found = _dynamodb(kalix).get_item(
        TableName=names.reports_table_name("kalix"),
        Key={"pk": {"S": f"REFERENCE#{reference}"}, "sk": {"S": "REFERENCE"}},
    )["Item"]
    report = _dynamodb(kalix).get_item(
        TableName=names.reports_table_name("kalix"),
        Key={"pk": {"S": f"REPORT#{found['reportId']['S']}"}, "sk": {"S": "REPORT"}},
    )["Item"]
    assert report["reporterIdentity"]["M"]["provider"]["S"] == "e_legitimation"
