"""The local HTTP adapter sends the security headers CloudFront's response headers policies send: the same
Content-Security-Policy for the form (and the API's answers) and for the dashboard, and the same other
headers. Read from the synthesized template on one side and from real responses of the adapter on the other.
"""

import json
import threading
from contextlib import contextmanager

import pytest
import requests

from infra.constructs import web
from local import http_adapter

pytestmark = pytest.mark.infra

PAGES = {
    "index.html": ("text/html", b"<!doctype html><title>Form</title>"),
    "dashboard/index.html": ("text/html", b"<!doctype html><title>Dashboard</title>"),
    "dashboard/app.js": ("application/javascript", b"export {};"),
    "shared/report-fields.js": ("text/javascript", b"export {};"),
}


def _answer(event, context) -> dict:
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({})}


# The attachment bucket's regional host, which CloudFront's form policy names by the bucket's attribute.
UPLOAD_HOST = "oro-demo-attachments-123456789012.s3.eu-north-1.amazonaws.com"


@contextmanager
def local_adapter(sign_in_endpoint: str):
    server = http_adapter.make_server(
        0,
        api_routes={"/api/": ("intake", _answer, None)},
        static_site=PAGES.get,
        generated_files={},
        dashboard_sign_in_endpoint=sign_in_endpoint,
        form_upload_origin=f"https://{UPLOAD_HOST}",
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sent_headers(url: str, method: str = "GET") -> dict[str, str]:
    response = requests.request(method, url, data=b"{}" if method == "POST" else None, timeout=10)
    assert response.status_code == 200, response.status_code
    return {key.lower(): value for key, value in response.headers.items()}


def _with_upload_host(policy) -> str:
    """The policy as CloudFront will send it, the bucket's RegionalDomainName being UPLOAD_HOST."""
    if isinstance(policy, str):
        return policy
    separator, parts = policy["Fn::Join"]
    assert [part["Fn::GetAtt"][1] for part in parts if not isinstance(part, str)] == ["RegionalDomainName"]
    return separator.join(part if isinstance(part, str) else UPLOAD_HOST for part in parts)


def cloudfront_headers(synthesized, policy_name: str) -> dict[str, str]:
    """What CloudFront adds to a response under the named response headers policy, as header → value."""
    (config,) = [
        r["Properties"]["ResponseHeadersPolicyConfig"]
        for r in synthesized.of_type("AWS::CloudFront::ResponseHeadersPolicy").values()
        if r["Properties"]["ResponseHeadersPolicyConfig"]["Name"] == policy_name
    ]
    security = config["SecurityHeadersConfig"]
    assert security["ContentTypeOptions"]["Override"] is True  # CloudFront's only value: nosniff
    return {
        "content-security-policy": _with_upload_host(
            security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
        ),
        "x-content-type-options": "nosniff",
        "x-frame-options": security["FrameOptions"]["FrameOption"],
        "referrer-policy": security["ReferrerPolicy"]["ReferrerPolicy"],
    }


@pytest.fixture(scope="module")
def adapter(demo):
    # The adapter given the endpoint the deployed dashboard signs in at (locally it is moto's).
    with local_adapter(web.cognito_endpoint(demo.municipality.region)) as base_url:
        yield base_url


# The module both the form and the dashboard load gets the form's headers, as CloudFront's default behaviour.
@pytest.mark.parametrize("path", ["/", "/index.html", "/shared/report-fields.js"])
def test_the_form_gets_cloudfronts_form_headers_locally(demo, adapter, path):
    expected = cloudfront_headers(demo, "oro-demo-security-headers")
    sent = sent_headers(adapter + path)
    assert {header: sent.get(header) for header in expected} == expected


def test_the_api_answers_get_cloudfronts_form_headers_locally(demo, adapter):
    # CloudFront puts the form's policy on /api/* too.
    expected = cloudfront_headers(demo, "oro-demo-security-headers")
    sent = sent_headers(adapter + "/api/reports", method="POST")
    assert {header: sent.get(header) for header in expected} == expected


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/index.html", "/dashboard/app.js"])
def test_the_dashboard_gets_cloudfronts_dashboard_headers_locally(demo, adapter, path):
    expected = cloudfront_headers(demo, "oro-demo-dashboard-security-headers")
    sent = sent_headers(adapter + path)
    assert {header: sent.get(header) for header in expected} == expected
    assert "connect-src 'self' https://cognito-idp." in sent["content-security-policy"]
