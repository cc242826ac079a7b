"""The citizen form: private bucket, CloudFront with OAC, security headers and /api/* to the API."""

import json

import pytest

from functions.domain.public_settings import public_form_settings
from tests.infra.template_helpers import as_list

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


def test_security_headers_on_every_response(demo):
    config = distribution_config(demo)
    ((policy_id, policy),) = demo.of_type("AWS::CloudFront::ResponseHeadersPolicy").items()
    headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]

    assert headers["ContentSecurityPolicy"]["ContentSecurityPolicy"].startswith("default-src 'self'")
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["ContentTypeOptions"]["Override"] is True
    for behavior in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        assert behavior["ResponseHeadersPolicyId"] == {"Ref": policy_id}


def test_form_files_and_the_municipality_config_json_are_deployed(demo):
    (deployment,) = demo.of_type("Custom::CDKBucketDeployment").values()
    properties = deployment["Properties"]
    form_id = demo.logical_id(demo.stack.web.bucket)
    assert properties["DestinationBucketName"] == {"Ref": form_id}
    assert properties["DistributionPaths"] == ["/*"]

    # config.json is one of the deployed assets, with the same public settings the local stack serves
    config_files = list(demo.outdir.glob("asset.*/config.json"))
    assert [json.loads(f.read_text(encoding="utf-8")) for f in config_files] == [
        public_form_settings(demo.municipality)
    ]
    assert len(as_list(properties["SourceObjectKeys"])) == 2
