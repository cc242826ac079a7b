"""The audit records the client's address CloudFront forwards (CloudFront-Viewer-Address) and nothing a
client can write: not X-Forwarded-For, not API Gateway's sourceIp (behind CloudFront an edge server's)."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import requests

from functions.shared import names
from functions.stores.audit import AuditStore
from local.http_adapter import api_gateway_event


def _entries_of(local_stack, staff_id: str) -> list:
    store = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    now = datetime.now(UTC)
    entries, cursor = store.page_by_staff(staff_id, now - timedelta(hours=1), now + timedelta(hours=1), 500)
    while cursor:  # the whole hour: other tests on this stack sign in as the same demo user
        more, cursor = store.page_by_staff(
            staff_id, now - timedelta(hours=1), now + timedelta(hours=1), 500, cursor
        )
        entries += more
    return entries


def _read_unknown_report(local_stack, headers: dict[str, str]) -> str:
    """A mottagning member reads a report that does not exist (audited as not found), straight through the
    staff API function with the event API Gateway would hand it: answers the staff id used."""
    staff_id = f"address-test-{uuid.uuid4().hex[:8]}"
    event = api_gateway_event(
        "GET", f"/api/staff/reports/{uuid.uuid4()}", "", headers, b"", source_ip="198.51.100.99"
    )
    event["requestContext"]["authorizer"] = {
        "claims": {"cognito:username": staff_id, "cognito:groups": "mottagning"}
    }
    answer = local_stack.client("lambda").invoke(
        FunctionName=local_stack.resources.function_names["staff_api"], Payload=json.dumps(event).encode()
    )
    assert json.loads(answer["Payload"].read())["statusCode"] == 404
    return staff_id


def test_the_viewer_address_header_is_recorded_ipv4_and_ipv6(local_stack):
    for header, recorded in (("203.0.113.5:51234", "203.0.113.5"), ("[2001:db8::7]:443", "2001:db8::7")):
        staff_id = _read_unknown_report(local_stack, {"CloudFront-Viewer-Address": header})
        [entry] = _entries_of(local_stack, staff_id)
        assert entry.source_ip == recorded


def test_without_the_header_no_address_is_recorded_whatever_else_the_request_says(local_stack):
    staff_id = _read_unknown_report(
        local_stack, {"X-Forwarded-For": "203.0.113.77", "X-Real-Ip": "203.0.113.78"}
    )
    [entry] = _entries_of(local_stack, staff_id)
    assert entry.source_ip == ""  # not 198.51.100.99 (sourceIp) nor X-Forwarded-For's


def test_an_unparsable_header_records_no_address(local_stack):
    staff_id = _read_unknown_report(local_stack, {"CloudFront-Viewer-Address": "203.0.113.77"})
    [entry] = _entries_of(local_stack, staff_id)
    assert entry.source_ip == ""


def test_locally_the_adapter_sets_the_header_as_cloudfront_does_over_what_the_client_sent(
    local_stack, tokens
):
    answer = requests.get(
        f"{local_stack.base_url}/api/staff/reports/{uuid.uuid4()}",
        headers={
            "Authorization": f"Bearer {tokens['mottagning']}",
            "CloudFront-Viewer-Address": "203.0.113.9:1",
            "X-Forwarded-For": "203.0.113.10",
        },
        timeout=30,
    )
    assert answer.status_code == 404
    entries = _entries_of(local_stack, "demo-mottagning")
    refused = [entry for entry in entries if entry.detail and entry.detail.get("outcome") == "not_found"]
    assert refused and refused[-1].source_ip == "127.0.0.1"
