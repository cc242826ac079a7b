"""The citizen form and the dashboard: private bucket, CloudFront with OAC, security headers and /api/* to the
API; the dashboard under /dashboard/ with its sign-in endpoint in the CSP and its config.json."""

import json
import re

import pytest
from fontTools.ttLib import TTFont

from functions.domain.public_settings import public_form_settings
from functions.shared import web_headers
from infra import web_vendor
from infra.constructs import web
from local import http_adapter, resources
from tests.infra.template_helpers import as_list, deployed_config_files
from tests.infra.test_functions import attachments_bucket_id, handoff_bucket_id

pytestmark = pytest.mark.infra

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def distribution_config(synthesized) -> dict:
    (distribution,) = synthesized.of_type("AWS::CloudFront::Distribution").values()
    return distribution["Properties"]["DistributionConfig"]


def test_buckets_block_public_access_and_refuse_plain_http(demo):
    buckets = demo.of_type("AWS::S3::Bucket")
    policies = demo.of_type("AWS::S3::BucketPolicy").values()
    for bucket_id, bucket in buckets.items():
        properties = bucket["Properties"]
        assert properties["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
        assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        if bucket_id in (attachments_bucket_id(demo), handoff_bucket_id(demo)):
            # Gallring deletes a report's files, and an acknowledged hand-off's document is removed: no old
            # version may stay behind (test_attachments.py, test_case_system.py).
            assert "VersioningConfiguration" not in properties
        else:
            assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
        (policy,) = [p for p in policies if p["Properties"]["Bucket"] == {"Ref": bucket_id}]
        assert any(
            s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            for s in policy["Properties"]["PolicyDocument"]["Statement"]
        ), bucket_id


def test_form_bucket_logs_access_to_the_log_bucket(demo):
    form_id = demo.logical_id(demo.stack.web.bucket)
    log_id = demo.logical_id(demo.stack.web.log_bucket)
    logging = demo.resources[form_id]["Properties"]["LoggingConfiguration"]
    assert logging["DestinationBucketName"] == {"Ref": log_id}


def test_cloudfront_reads_the_bucket_through_origin_access_control(demo):
    config = distribution_config(demo)
    form_id = demo.logical_id(demo.stack.web.bucket)
    (s3_origin,) = [o for o in config["Origins"] if "S3OriginConfig" in o]

    assert s3_origin["DomainName"] == {"Fn::GetAtt": [form_id, "RegionalDomainName"]}
    assert s3_origin["OriginAccessControlId"]
    assert s3_origin["S3OriginConfig"]["OriginAccessIdentity"] == ""
    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert config["Logging"]["Bucket"]
    assert config["HttpVersion"] == "http2and3"


def test_api_behavior_forwards_everything_uncached_to_the_rest_api(demo):
    config = distribution_config(demo)
    (behavior,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    (origin,) = [o for o in config["Origins"] if o["Id"] == behavior["TargetOriginId"]]
    api_id = demo.logical_id(demo.stack.api.rest_api)

    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert "POST" in behavior["AllowedMethods"]
    assert behavior["ViewerProtocolPolicy"] == "https-only"
    assert json.dumps({"Ref": api_id}) in json.dumps(origin["DomainName"])
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert origin["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]


def _policies(synthesized) -> dict[str, dict]:
    """Response headers policies by name: the form's and the dashboard's."""
    return {
        policy["Properties"]["ResponseHeadersPolicyConfig"]["Name"]: (policy_id, policy)
        for policy_id, policy in synthesized.of_type("AWS::CloudFront::ResponseHeadersPolicy").items()
    }


def test_the_shared_files_are_served_with_the_forms_headers(demo):
    # /shared/* has no behaviour of its own: the default one, with the form's response headers policy (as the
    # local adapter, test_security_headers_parity.py).
    config = distribution_config(demo)
    assert not any(b["PathPattern"].startswith("/shared") for b in config["CacheBehaviors"])


def test_security_headers_on_every_response(demo):
    config = distribution_config(demo)
    policies = _policies(demo)
    assert set(policies) == {"oro-demo-security-headers", "oro-demo-dashboard-security-headers"}
    for _, policy in policies.values():
        headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]
        # The form's ends with the attachment bucket's host, joined in at deploy time.
        assert (csp if isinstance(csp, str) else csp["Fn::Join"][1][0]).startswith("default-src 'self'")
        assert headers["FrameOptions"]["FrameOption"] == "DENY"
        assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
        assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
        assert headers["ContentTypeOptions"]["Override"] is True
    form_policy_id, _ = policies["oro-demo-security-headers"]
    dashboard_policy_id, _ = policies["oro-demo-dashboard-security-headers"]
    for behavior in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        expected = dashboard_policy_id if behavior.get("PathPattern") == "/dashboard*" else form_policy_id
        assert behavior["ResponseHeadersPolicyId"] == {"Ref": expected}


def test_the_dashboard_may_connect_only_to_cognito_and_the_form_only_to_the_upload_bucket(demo):
    policies = _policies(demo)
    form_csp = policies["oro-demo-security-headers"][1]["Properties"]["ResponseHeadersPolicyConfig"]
    dashboard_csp = policies["oro-demo-dashboard-security-headers"][1]["Properties"][
        "ResponseHeadersPolicyConfig"
    ]
    form = form_csp["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    dashboard = dashboard_csp["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    # The form: its own origin and the attachment bucket's regional host, which the presigned POSTs name.
    assert form == {
        "Fn::Join": [
            "",
            [
                f"{web.CONTENT_SECURITY_POLICY}; connect-src 'self' https://",
                {"Fn::GetAtt": [attachments_bucket_id(demo), "RegionalDomainName"]},
            ],
        ]
    }
    region = demo.municipality.region
    assert (
        dashboard
        == f"{web.CONTENT_SECURITY_POLICY}; connect-src 'self' https://cognito-idp.{region}.amazonaws.com"
    )
    # The local adapter adds the same one directive (for moto's endpoint) and only on /dashboard/.
    local = web_headers.dashboard_content_security_policy("http://127.0.0.1:5000/")
    assert local == f"{web.CONTENT_SECURITY_POLICY}; connect-src 'self' http://127.0.0.1:5000"
    assert http_adapter.SECURITY_HEADERS["Content-Security-Policy"] == web.CONTENT_SECURITY_POLICY
    # Where the municipality takes no files the form connects nowhere but its own origin.
    assert web_headers.form_content_security_policy(None) == web.CONTENT_SECURITY_POLICY


def test_dashboard_and_form_behaviors_serve_the_bucket_with_the_subdirectory_index_function(demo):
    config = distribution_config(demo)
    (behavior,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/dashboard*"]
    assert behavior["TargetOriginId"] == config["DefaultCacheBehavior"]["TargetOriginId"]
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    ((function_id, function),) = demo.of_type("AWS::CloudFront::Function").items()
    (association,) = behavior["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert association["FunctionARN"] == {"Fn::GetAtt": [function_id, "FunctionARN"]}
    assert function["Properties"]["FunctionCode"] == web.SUBDIRECTORY_INDEX_FUNCTION
    # The form's behaviour too: Mina anmälningar is /mina-anmalningar/ (the sign-in and the notices send there).
    assert config["DefaultCacheBehavior"]["FunctionAssociations"] == [association]
    # The local adapter applies the same rule.
    assert http_adapter.subdirectory_index("/dashboard") == ("/dashboard", "/dashboard/")
    assert http_adapter.subdirectory_index("/dashboard/") == ("/dashboard/index.html", None)
    assert http_adapter.subdirectory_index("/dashboard/queue.html") == ("/dashboard/queue.html", None)
    assert http_adapter.subdirectory_index("/mina-anmalningar") == ("/mina-anmalningar", "/mina-anmalningar/")
    assert http_adapter.subdirectory_index("/mina-anmalningar/") == ("/mina-anmalningar/index.html", None)


def test_form_dashboard_and_shared_files_and_their_config_json_are_deployed(demo):
    deployments = {
        deployment["Properties"].get("DestinationBucketKeyPrefix", ""): deployment["Properties"]
        for deployment in demo.of_type("Custom::CDKBucketDeployment").values()
    }
    assert set(deployments) == {
        "",
        web.DASHBOARD_PREFIX,
        web.SHARED_PREFIX,
        web.LOCALES_PREFIX,
        web.VENDOR_PREFIX,
    }
    # The local stack puts the same folders under the same prefixes.
    assert (web.DASHBOARD_PREFIX, web.SHARED_PREFIX) == (resources.DASHBOARD_PREFIX, resources.SHARED_PREFIX)
    assert web.VENDOR_PREFIX == resources.VENDOR_PREFIX
    assert (web.LOCALES_DIR, web.LOCALES_PREFIX) == (resources.LOCALES_DIR, resources.LOCALES_PREFIX)
    assert web.SHARED_DIR == resources.SHARED_DIR and (web.SHARED_DIR / "report-fields.js").is_file()
    form_id = demo.logical_id(demo.stack.web.bucket)
    form, dashboard, shared = (
        deployments[""],
        deployments[web.DASHBOARD_PREFIX],
        deployments[web.SHARED_PREFIX],
    )
    for properties in (form, dashboard, shared):
        assert properties["DestinationBucketName"] == {"Ref": form_id}
    assert len(as_list(form["SourceObjectKeys"])) == len(as_list(dashboard["SourceObjectKeys"])) == 2
    assert len(as_list(shared["SourceObjectKeys"])) == 1  # the files only: no config.json
    assert form["DistributionPaths"] == ["/*"]
    assert shared["DistributionPaths"] == [f"/{web.SHARED_PREFIX}*"]
    # The form's deployment prunes the bucket, but not the dashboard's, the shared files, the catalogues or the
    # PDF copy's library and font.
    assert form["Exclude"] == [
        f"{web.DASHBOARD_PREFIX}*",
        f"{web.SHARED_PREFIX}*",
        f"{web.LOCALES_PREFIX}*",
        f"{web.VENDOR_PREFIX}*",
    ]

    configs = deployed_config_files(demo)
    assert configs["form"] == public_form_settings(demo.municipality)
    dashboard_config = configs["dashboard"]
    assert set(dashboard_config) == set(resources.dashboard_settings("x", "y", "z"))
    assert dashboard_config["municipality"] == demo.municipality.name
    assert (
        dashboard_config["cognito"]["endpoint"]
        == f"https://cognito-idp.{demo.municipality.region}.amazonaws.com/"
    )
    # The client id is filled in at deploy time from the user pool client.
    client_id = demo.logical_id(demo.stack.sign_in.client)
    markers = {key: value for source in dashboard["SourceMarkers"] for key, value in source.items()}
    assert markers[dashboard_config["cognito"]["clientId"]] == {
        "Fn::Join": ["", ['"', {"Ref": client_id}, '"']]
    }


def test_the_message_catalogues_are_deployed_under_locales_where_the_form_fetches_them(demo):
    (locales,) = [
        deployment["Properties"]
        for deployment in demo.of_type("Custom::CDKBucketDeployment").values()
        if deployment["Properties"].get("DestinationBucketKeyPrefix") == web.LOCALES_PREFIX
    ]
    assert locales["DestinationBucketName"] == {"Ref": demo.logical_id(demo.stack.web.bucket)}
    assert locales["DistributionPaths"] == [f"/{web.LOCALES_PREFIX}*"]
    (zip_key,) = as_list(locales["SourceObjectKeys"])
    # The asset staged for the deployment holds every catalogue, byte for byte.
    staged = demo.outdir / f"asset.{zip_key.removesuffix('.zip')}"
    expected = sorted(path.name for path in web.LOCALES_DIR.glob("*.json"))
    assert sorted(path.name for path in staged.iterdir()) == expected
    for name in expected:
        assert (staged / name).read_bytes() == (web.LOCALES_DIR / name).read_bytes()


def test_the_pdf_copys_library_and_font_are_deployed_under_vendor_from_the_npm_packages(demo):
    (vendor,) = [
        deployment["Properties"]
        for deployment in demo.of_type("Custom::CDKBucketDeployment").values()
        if deployment["Properties"].get("DestinationBucketKeyPrefix") == web.VENDOR_PREFIX
    ]
    assert vendor["DestinationBucketName"] == {"Ref": demo.logical_id(demo.stack.web.bucket)}
    assert vendor["DistributionPaths"] == [f"/{web.VENDOR_PREFIX}*"]
    (zip_key,) = as_list(vendor["SourceObjectKeys"])
    staged = demo.outdir / f"asset.{zip_key.removesuffix('.zip')}"
    assert sorted(path.name for path in staged.iterdir()) == sorted(
        [web_vendor.JSPDF_FILE, web_vendor.FONT_FILE, web_vendor.FONT_LICENSE_FILE]
    )
    # The font cut to the scripts a report is written in: Swedish letters and Arabic ones with the shapes jsPDF
    # draws, in a fifth of the package's file, its copyright kept.
    font = TTFont(staged / web_vendor.FONT_FILE)
    covered = set(font.getBestCmap())
    assert {ord(letter) for letter in "åäöÅÄÖéüñčćřłЖж" + "مرحباً" + "\ufe8d\ufee3\ufef5"} <= covered
    assert ord("Ω") not in covered and ord("中") not in covered
    package_font = web_vendor.FONT_PACKAGE / "ttf" / web_vendor.FONT_FILE
    assert (staged / web_vendor.FONT_FILE).stat().st_size < package_font.stat().st_size / 4
    assert "Bitstream" in font["name"].getDebugName(0)
    assert (staged / web_vendor.FONT_LICENSE_FILE).read_bytes() == (
        web_vendor.FONT_PACKAGE / "LICENSE"
    ).read_bytes()
    # jsPDF one ES module that a browser loads as it is: no bare imports left (they would need an import map,
    # which the CSP bars), and nothing that needs 'unsafe-eval'.
    library = (staged / web_vendor.JSPDF_FILE).read_text(encoding="utf-8")
    assert "export{" in library.replace(" ", "")
    static_imports = re.findall(r"""(?:^|[;}\s])import\s*[\w{*][^;]*?from\s*["']([^"']+)["']""", library)
    assert static_imports == []
    assert "eval(" not in library and "new Function" not in library
