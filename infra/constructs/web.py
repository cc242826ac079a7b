"""The citizen form and the staff dashboard: static files in a private bucket, served by CloudFront, with
/api/* to the API.

The pages and the API share one origin (the distribution), so they need no CORS and the strict content
security policy `default-src 'self'` holds for their calls too; where the municipality takes attachments
the form may also connect to the attachment bucket's regional host, to post the files there. The dashboard (under /dashboard/) may also
connect to the regional Cognito endpoint to sign in; a CloudFront Function serves /dashboard/ as
/dashboard/index.html, and the form's /mina-anmalningar/ likewise, as S3 behind origin access control has no
index documents. What both load
(web/shared) is served under /shared/ with the form's headers. The security headers are defined once, in
functions/shared/web_headers.py, which the local HTTP adapter sends too.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import Acknowledgment, CfnElement, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from functions.domain import languages
from functions.domain.municipality import Municipality
from functions.domain.public_settings import dashboard_settings, public_form_settings
from functions.shared import names, web_headers
from infra import nag, web_vendor
from infra.constructs.api import OriginGuard
from infra.constructs.lambda_function import keep_payloads_out_of_traces

FORM_DIR = names.FORM_DIR
FORM_CONFIG_FILE = names.FORM_CONFIG_FILE
LOG_EXPIRATION = Duration.days(90)
CONTENT_SECURITY_POLICY = web_headers.CONTENT_SECURITY_POLICY
DASHBOARD_DIR = names.DASHBOARD_DIR
DASHBOARD_PREFIX = names.DASHBOARD_PREFIX
# What the form and the dashboard both load (web/shared/report-fields.js), under /shared/ with the form's
# headers (the default behaviour); the local stack uploads it under the same prefix (local/resources.py).
SHARED_DIR = names.SHARED_DIR
SHARED_PREFIX = names.SHARED_PREFIX
# The form's message catalogues, under /locales/ with the form's headers (the local stack: the same prefix).
LOCALES_DIR = names.LOCALES_DIR
LOCALES_PREFIX = names.LOCALES_PREFIX
API_TEXTS = languages.API_DIR
# jsPDF and its font for the form's PDF copy (infra/web_vendor.py), under /vendor/ with the form's headers.
VENDOR_PREFIX = names.VENDOR_PREFIX
# '/dashboard' → '/dashboard/', '/mina-anmalningar' → '/mina-anmalningar/' (the reporter's own page, where
# the sign-in and the återkoppling notice send them), and '…/' → its index.html, on the dashboard's behaviour
# and the form's (the local adapter applies the same rule).
SUBDIRECTORY_INDEX_FUNCTION = """function handler(event) {
  var request = event.request;
  if (request.uri === "/dashboard" || request.uri === "/mina-anmalningar") {
    return { statusCode: 301, statusDescription: "Moved Permanently",
      headers: { location: { value: request.uri + "/" } } };
  }
  if (request.uri.endsWith("/")) {
    request.uri += "index.html";
  }
  return request;
}"""


# To the API: every viewer header but Host (API Gateway answers only to its own host name), the Authorization
# header too (which no custom origin request policy may name, and which caching disabled cannot put in a cache
# key), and CloudFront's own headers, CloudFront-Viewer-Address among them: the viewer's address and port, set
# by CloudFront, which the staff API audits. A request reaches the API only through CloudFront (OriginGuard).
API_ORIGIN_REQUEST_POLICY = cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER
VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address"


def cognito_endpoint(region: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/"


def dashboard_content_security_policy(region: str) -> str:
    """As the form's, and the dashboard may call Cognito's API to sign in (the password goes only there)."""
    return web_headers.dashboard_content_security_policy(cognito_endpoint(region))


class FormWeb(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality: Municipality,
        rest_api: apigateway.RestApi,
        origin_guard: OriginGuard,
        edge_web_acl_arn: str,
        sign_in_client: cognito.UserPoolClient,
        domain_name: str | None = None,
        certificate_arn: str | None = None,
        attachments_bucket: s3.IBucket | None = None,
    ) -> None:
        """`origin_guard`: the header CloudFront must send for the API's WAF to let a request in;
        `edge_web_acl_arn`: the CloudFront-scope WAF of the municipality's edge stack (us-east-1);
        `attachments_bucket`: where the form posts attached files (its regional host, as the presigned
        POSTs name it), or None where the municipality takes none."""
        super().__init__(scope, construct_id)
        stack = Stack.of(self)

        # Server access logs of the form bucket and CloudFront's standard logs (which need ACLs).
        self.log_bucket = s3.Bucket(
            self,
            "AccessLogs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[
                s3.LifecycleRule(expiration=LOG_EXPIRATION, noncurrent_version_expiration=Duration.days(1))
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.bucket = s3.Bucket(
            self,
            "Form",
            bucket_name=names.form_bucket_name(municipality.id, stack.account),
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.log_bucket,
            server_access_logs_prefix="form-bucket/",
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(30))],
            removal_policy=RemovalPolicy.RETAIN,
        )

        security_headers = self._security_headers(
            "SecurityHeaders",
            f"{names.resource_prefix(municipality.id)}-security-headers",
            web_headers.form_content_security_policy(
                f"https://{attachments_bucket.bucket_regional_domain_name}" if attachments_bucket else None
            ),
        )
        dashboard_security_headers = self._security_headers(
            "DashboardSecurityHeaders",
            f"{names.resource_prefix(municipality.id)}-dashboard-security-headers",
            dashboard_content_security_policy(stack.region),
        )
        subdirectory_index = cloudfront.Function(
            self,
            "SubdirectoryIndex",
            code=cloudfront.FunctionCode.from_inline(SUBDIRECTORY_INDEX_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="Serves /dashboard/ and /mina-anmalningar/ as their index.html",
        )
        index_pages = [
            cloudfront.FunctionAssociation(
                function=subdirectory_index, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
            )
        ]
        bucket_origin = origins.S3BucketOrigin.with_origin_access_control(self.bucket)

        custom_domain = domain_name is not None and certificate_arn is not None
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Oro: orosanmälan till {municipality.name}",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=bucket_origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=security_headers,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                compress=True,
                function_associations=index_pages,
            ),
            additional_behaviors={
                "/dashboard*": cloudfront.BehaviorOptions(
                    origin=bucket_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    response_headers_policy=dashboard_security_headers,
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                    compress=True,
                    function_associations=index_pages,
                ),
                "/api/*": cloudfront.BehaviorOptions(
                    origin=origins.RestApiOrigin(
                        rest_api, custom_headers={origin_guard.header_name: origin_guard.header_value}
                    ),
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    # API_ORIGIN_REQUEST_POLICY: why this one and what it forwards.
                    origin_request_policy=API_ORIGIN_REQUEST_POLICY,
                    response_headers_policy=security_headers,
                ),
            },
            web_acl_id=edge_web_acl_arn,
            domain_names=[domain_name] if domain_name and certificate_arn else None,
            certificate=acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn)
            if domain_name and certificate_arn
            else None,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
            if custom_domain
            else None,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            enable_logging=True,
            log_bucket=self.log_bucket,
            log_file_prefix="cloudfront/",
            log_includes_cookies=False,
        )

        self.deployment = s3deploy.BucketDeployment(
            self,
            "Files",
            destination_bucket=self.bucket,
            sources=[
                s3deploy.Source.asset(str(FORM_DIR), exclude=[".gitkeep"]),
                s3deploy.Source.json_data(FORM_CONFIG_FILE, public_form_settings(municipality)),
            ],
            distribution=self.distribution,
            distribution_paths=["/*"],
            memory_limit=256,
            # The dashboard's and the shared files' deployments own their prefixes: this one must not prune them.
            exclude=[f"{DASHBOARD_PREFIX}*", f"{SHARED_PREFIX}*", f"{LOCALES_PREFIX}*", f"{VENDOR_PREFIX}*"],
        )
        # The form's words in each language (locales/<language>.json, locales/languages.json), which the form
        # fetches from /locales/; not the API's own texts (locales/api/), which only the functions read.
        self.locales_deployment = s3deploy.BucketDeployment(
            self,
            "LocaleFiles",
            destination_bucket=self.bucket,
            destination_key_prefix=LOCALES_PREFIX,
            sources=[s3deploy.Source.asset(str(LOCALES_DIR), exclude=[API_TEXTS, f"{API_TEXTS}/**"])],
            distribution=self.distribution,
            distribution_paths=[f"/{LOCALES_PREFIX}*"],
            memory_limit=256,
        )
        # What the form loads only when a reporter asks for a PDF copy: jsPDF and its font, from npm packages.
        self.vendor_deployment = s3deploy.BucketDeployment(
            self,
            "VendorFiles",
            destination_bucket=self.bucket,
            destination_key_prefix=VENDOR_PREFIX,
            sources=[s3deploy.Source.asset(str(web_vendor.vendor_directory()))],
            distribution=self.distribution,
            distribution_paths=[f"/{VENDOR_PREFIX}*"],
            memory_limit=256,
        )
        self.shared_deployment = s3deploy.BucketDeployment(
            self,
            "SharedFiles",
            destination_bucket=self.bucket,
            destination_key_prefix=SHARED_PREFIX,
            sources=[s3deploy.Source.asset(str(SHARED_DIR), exclude=[".gitkeep"])],
            distribution=self.distribution,
            distribution_paths=[f"/{SHARED_PREFIX}*"],
            memory_limit=256,
        )
        self.dashboard_deployment = s3deploy.BucketDeployment(
            self,
            "DashboardFiles",
            destination_bucket=self.bucket,
            destination_key_prefix=DASHBOARD_PREFIX,
            sources=[
                s3deploy.Source.asset(str(DASHBOARD_DIR), exclude=[".gitkeep"]),
                s3deploy.Source.json_data(
                    FORM_CONFIG_FILE,
                    dashboard_settings(
                        municipality.name, cognito_endpoint(stack.region), sign_in_client.user_pool_client_id
                    ),
                ),
            ],
            distribution=self.distribution,
            distribution_paths=[f"/{DASHBOARD_PREFIX}*"],
            memory_limit=256,
        )

        self._acknowledge_deployment_handler()
        # Every function in the stack has the tracer defaults, CDK's deploy-time one too (it shares the
        # singleton with the dashboard's deployment).
        keep_payloads_out_of_traces(cast(lambda_.Function, self.deployment.handler_role.node.scope))
        Validations.of(self.distribution).acknowledge(
            Acknowledgment(
                id=nag.rule("CFR1"),
                reason="No geo restriction: a concern about a child in the municipality may be reported "
                "from anywhere, e.g. by relatives or professionals abroad.",
            ),
        )
        if not custom_domain:
            Validations.of(self.distribution).acknowledge(
                Acknowledgment(
                    id=nag.rule("CFR4"),
                    reason="Without a custom domain the distribution uses the default *.cloudfront.net "
                    "certificate, whose viewer TLS policy cannot be set. Pass -c formDomainName=... "
                    "-c formCertificateArn=... (ACM, us-east-1) to enforce TLSv1.2_2021.",
                ),
            )

    def _security_headers(
        self, construct_id: str, name: str, policy: str
    ) -> cloudfront.ResponseHeadersPolicy:
        return cloudfront.ResponseHeadersPolicy(
            self,
            construct_id,
            response_headers_policy_name=name,
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=policy, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.seconds(
                        web_headers.STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS
                    ),
                    include_subdomains=web_headers.STRICT_TRANSPORT_SECURITY_INCLUDE_SUBDOMAINS,
                    override=True,
                ),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption[web_headers.FRAME_OPTIONS], override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy[
                        web_headers.REFERRER_POLICY.upper().replace("-", "_")
                    ],
                    override=True,
                ),
                # X-Content-Type-Options: nosniff (web_headers.CONTENT_TYPE_OPTIONS), CloudFront's only value.
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
            ),
        )

    def _acknowledge_deployment_handler(self) -> None:
        """BucketDeployment's own singleton Lambda (a CDK custom resource, run only at deploy time)."""
        handler = cast(Construct, self.deployment.handler_role.node.scope)
        reason_code = "CDK's BucketDeployment custom resource, run only while deploying the form's files"
        Validations.of(handler).acknowledge(
            Acknowledgment(
                id=nag.managed_policy("service-role/AWSLambdaBasicExecutionRole"),
                reason=f"{reason_code}: CDK attaches the basic execution policy (logs only) to its role.",
            ),
            Acknowledgment(
                id=nag.rule("L1"),
                reason=f"{reason_code}: CDK chooses and upgrades its runtime.",
            ),
            *(
                Acknowledgment(
                    id=nag.rule("IAM5", f"Action::{action}"),
                    reason=f"{reason_code}: CDK grants it read of the asset and write of the form "
                    "bucket with these action families; it reaches only those two buckets.",
                )
                for action in ("s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:Abort*")
            ),
            Acknowledgment(
                id=nag.rule(
                    "IAM5",
                    f"Resource::arn:{nag.partition(self)}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-"
                    f"{Stack.of(self).region}/*",
                ),
                reason=f"{reason_code}: reads the zipped form files from the CDK asset bucket.",
            ),
            Acknowledgment(
                id=nag.rule(
                    "IAM5",
                    f"Resource::<{Stack.of(self).get_logical_id(cast(CfnElement, self.bucket.node.default_child))}.Arn>/*",
                ),
                reason=f"{reason_code}: writes the form's files into the form bucket.",
            ),
            Acknowledgment(
                id=nag.rule("IAM5", "Resource::*"),
                reason=f"{reason_code}: cloudfront:CreateInvalidation/GetInvalidation after an upload; CDK "
                "grants them on '*'.",
            ),
        )
