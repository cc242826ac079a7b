"""The REST API behind a regional WAF: the public POST /api/reports and GET /api/office-hours, and the staff's
/api/staff/{proxy+}.

ANY /api/staff/{proxy+} goes to the staff API function through a Cognito user pool authorizer (the
Authorization header carries the ID token of the municipality's pool); the function checks the roles.

The citizen form is public by design, so POST /api/reports has no authorizer. It is protected at CloudFront by
the edge WAF (edge.py: a per-client rate limit, AWS's rule sets, a 64 KB body limit) and here by the regional
WAF, which lets through only what CloudFront sent (OriginGuard) and repeats the body limit and the common
rule set, by API Gateway throttling and by request validation; the intake function validates every field
itself (the JSON schema here only demands an object).
Access logs leave out the caller's IP address and user agent: reports may be anonymous.
"""

from __future__ import annotations

import json

from aws_cdk import Acknowledgment, RemovalPolicy, Validations
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from functions.shared import names
from infra import nag
from infra.constructs import waf_rules
from infra.constructs.lambda_function import LOG_RETENTION

STAGE_NAME = "prod"
REPORTS_PATH = ("api", "reports")
OFFICE_HOURS_PATH = ("api", "office-hours")
STAFF_PATH = ("api", "staff")
REPORTER_PATH = ("api", "reporter")
CASE_SYSTEM_PATH = ("api", "case-system")
AUTHORIZATION_HEADER = "Authorization"
MAX_BODY_BYTES = waf_rules.MAX_BODY_BYTES
# The header CloudFront adds to every request it sends to the API (OriginGuard, below).
ORIGIN_GUARD_HEADER = "x-oro-origin-guard"
ORIGIN_GUARD_LENGTH = 48  # characters of [A-Za-z0-9]
THROTTLING_RATE_LIMIT = 50  # requests per second, whole stage
THROTTLING_BURST_LIMIT = 100

# No $context.identity.sourceIp or userAgent: an anonymous reporter stays anonymous in the logs too.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationStatus": "$context.integration.status",
    "integrationLatency": "$context.integration.latency",
    "wafStatus": "$context.waf.status",
    "errorMessage": "$context.error.message",
    "xrayTraceId": "$context.xrayTraceId",
}


class IntakeApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        intake: lambda_.IFunction,
        staff_api: lambda_.IFunction,
        user_pool: cognito.IUserPool,
        case_system_api: lambda_.IFunction,
        reporter: lambda_.IFunction | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        prefix = names.resource_prefix(municipality_id)

        self.access_logs = logs.LogGroup(
            self, "AccessLogs", retention=LOG_RETENTION, removal_policy=RemovalPolicy.RETAIN
        )
        self.rest_api = apigateway.RestApi(
            self,
            "RestApi",
            rest_api_name=f"{prefix}-public-api",
            description="Public API of the citizen form (POST /api/reports) and the staff API (/api/staff)",
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            deploy_options=apigateway.StageOptions(
                stage_name=STAGE_NAME,
                tracing_enabled=True,
                access_log_destination=apigateway.LogGroupLogDestination(self.access_logs),
                access_log_format=apigateway.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS)),
                # Execution logs on errors only, never request or response bodies.
                logging_level=apigateway.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,
                metrics_enabled=True,
                throttling_rate_limit=THROTTLING_RATE_LIMIT,
                throttling_burst_limit=THROTTLING_BURST_LIMIT,
            ),
        )
        report_model = self.rest_api.add_model(
            "ReportSubmission",
            content_type="application/json",
            model_name="ReportSubmission",
            description="A JSON object; the intake function validates its fields and answers 422 in Swedish",
            schema=apigateway.JsonSchema(
                schema=apigateway.JsonSchemaVersion.DRAFT4,
                title="ReportSubmission",
                type=apigateway.JsonSchemaType.OBJECT,
            ),
        )
        validator = self.rest_api.add_request_validator(
            "BodyValidator",
            request_validator_name=f"{prefix}-body-and-parameters",
            validate_request_body=True,
            validate_request_parameters=True,
        )
        api_resource = self.rest_api.root.add_resource(REPORTS_PATH[0])
        resource = api_resource.add_resource(REPORTS_PATH[1])
        self.reports_method = resource.add_method(
            "POST",
            apigateway.LambdaIntegration(intake, proxy=True),
            request_validator=validator,
            request_models={"application/json": report_model},
            authorization_type=apigateway.AuthorizationType.NONE,
        )
        # The form's first screen: is the intake unit reading reports now, and when does it next open?
        self.office_hours_method = api_resource.add_resource(OFFICE_HOURS_PATH[1]).add_method(
            "GET",
            apigateway.LambdaIntegration(intake, proxy=True),
            authorization_type=apigateway.AuthorizationType.NONE,
        )
        # A file for a report just received: the receipt's signed token is the authorization (intake checks it).
        self.attachments_method = (
            resource.add_resource("{report_id}")
            .add_resource("attachments")
            .add_method(
                "POST",
                apigateway.LambdaIntegration(intake, proxy=True),
                request_validator=validator,
                request_models={"application/json": report_model},
                authorization_type=apigateway.AuthorizationType.NONE,
            )
        )

        self.staff_authorizer = apigateway.CognitoUserPoolsAuthorizer(
            self,
            "StaffAuthorizer",
            authorizer_name=f"{prefix}-staff",
            cognito_user_pools=[user_pool],
            identity_source=apigateway.IdentitySource.header(AUTHORIZATION_HEADER),
        )
        self.staff_proxy = api_resource.add_resource(STAFF_PATH[1]).add_proxy(
            any_method=True,
            default_integration=apigateway.LambdaIntegration(staff_api, proxy=True),
            default_method_options=apigateway.MethodOptions(
                authorizer=self.staff_authorizer,
                authorization_type=apigateway.AuthorizationType.COGNITO,
            ),
        )

        # Reporters' own routes: no Cognito authorizer (reporters are not staff); the reporter function checks
        # its own session cookie, and a staff token opens nothing there.
        self.reporter_proxy = (
            api_resource.add_resource(REPORTER_PATH[1]).add_proxy(
                any_method=True,
                default_integration=apigateway.LambdaIntegration(reporter, proxy=True),
                default_method_options=apigateway.MethodOptions(
                    authorization_type=apigateway.AuthorizationType.NONE
                ),
            )
            if reporter is not None
            else None
        )
        if self.reporter_proxy is not None:
            Validations.of(self.reporter_proxy).acknowledge(
                Acknowledgment(
                    id=nag.rule("APIG4"),
                    reason="Reporters sign in here (OpenID Connect at the municipality's e-legitimation broker "
                    "or staff provider): the sign-in routes are public by nature, and the reporter function "
                    "checks its own HttpOnly session cookie on every other route. Same WAFs, origin guard "
                    "and throttling as the form.",
                ),
                Acknowledgment(
                    id=nag.rule("COG4"),
                    reason="Reporters are not staff and have no Cognito accounts: their identity comes from "
                    "their provider's ID token, verified by the reporter function, and a staff token must "
                    "open nothing here.",
                ),
            )

        # The case-system integration's routes: no Cognito authorizer (it is a system, not staff); the
        # case-system function checks the integration's bearer token, and a staff token opens nothing there.
        self.case_system_proxy = api_resource.add_resource(CASE_SYSTEM_PATH[1]).add_proxy(
            any_method=True,
            default_integration=apigateway.LambdaIntegration(case_system_api, proxy=True),
            default_method_options=apigateway.MethodOptions(authorization_type=apigateway.AuthorizationType.NONE),
        )
        Validations.of(self.case_system_proxy).acknowledge(
            Acknowledgment(
                id=nag.rule("APIG4"),
                reason="The municipality's case-system integration authenticates with a bearer token (a "
                "generated Secrets Manager secret) that the case-system function compares in constant time "
                "before anything is read. Same WAFs, origin guard and throttling as every route.",
            ),
            Acknowledgment(
                id=nag.rule("COG4"),
                reason="The integration is a system, not staff: it has no Cognito account, and a staff token "
                "must open nothing here.",
            ),
        )

        self.origin_guard = OriginGuard(self, "OriginGuard", municipality_id=municipality_id)
        self.web_acl = self._web_acl(prefix)
        wafv2.CfnWebACLAssociation(
            self,
            "WebAclAssociation",
            resource_arn=self.rest_api.deployment_stage.stage_arn,
            web_acl_arn=self.web_acl.attr_arn,
        )

        Validations.of(self.office_hours_method).acknowledge(
            Acknowledgment(
                id=nag.rule("APIG4"),
                reason="GET /api/office-hours tells the public form's first screen whether the intake unit is "
                "open: public facts about the office, behind the same WAFs and throttling as the form.",
            ),
            Acknowledgment(
                id=nag.rule("COG4"),
                reason="Read by the public form before anyone has identified themself: no user pool applies.",
            ),
        )
        Validations.of(self.reports_method).acknowledge(
            Acknowledgment(
                id=nag.rule("APIG4"),
                reason="POST /api/reports is the public citizen form: anyone may report a concern about a "
                "child, anonymously where the municipality allows it. Protected by WAF at CloudFront (rate "
                "limit per client address, AWS rule sets, 64 KB body limit) and on the stage (CloudFront "
                "only), stage throttling and request validation.",
            ),
            Acknowledgment(
                id=nag.rule("COG4"),
                reason="Public citizen form by design: reporters have no accounts, so there is no Cognito "
                "user pool to authorize against.",
            ),
        )
        Validations.of(self.attachments_method).acknowledge(
            Acknowledgment(
                id=nag.rule("APIG4"),
                reason="The reporter of a report just received attaches files: reporters have no accounts; "
                "the receipt's token (signed, bound to the report, an hour) is checked by intake, and the "
                "same WAF, origin guard, throttling and validation as POST /api/reports apply.",
            ),
            Acknowledgment(
                id=nag.rule("COG4"),
                reason="Public citizen form by design: the receipt's signed token, not a user pool, "
                "authorizes the reporter.",
            ),
        )
        cloud_watch_role = self.rest_api.node.try_find_child("CloudWatchRole")
        if cloud_watch_role is not None:
            Validations.of(cloud_watch_role).acknowledge(
                Acknowledgment(
                    id=nag.managed_policy("service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
                    reason="The account-level role API Gateway needs for the stage's execution logs; AWS "
                    "documents this managed policy for exactly that role.",
                )
            )

    def _web_acl(self, prefix: str) -> wafv2.CfnWebACL:
        return wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=f"{prefix}-public-api",
            description="Protects the API: only CloudFront may call it",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=waf_rules.visibility(prefix, "public-api"),
            # WAF sees the whole body up to 64 KB; anything larger is "oversize" and matches the size rule.
            association_config=wafv2.CfnWebACL.AssociationConfigProperty(
                request_body={
                    "API_GATEWAY": wafv2.CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty(
                        default_size_inspection_limit="KB_64"
                    )
                }
            ),
            # No per-IP rate limits here: behind CloudFront this WAF sees CloudFront's addresses, not the
            # viewers', so they would throttle whole edge locations; the edge WAF limits each client.
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name="NotThroughCloudFront",
                    priority=0,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    visibility_config=waf_rules.visibility(prefix, "not-through-cloudfront"),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        not_statement=wafv2.CfnWebACL.NotStatementProperty(
                            statement=self.origin_guard.header_matches()
                        )
                    ),
                ),
                waf_rules.body_over_64kb(prefix, priority=1),
                waf_rules.common_rule_set(prefix, priority=2),
            ],
        )


class OriginGuard(Construct):
    """A secret only CloudFront and the regional WAF know: CloudFront adds it as a header to every request it
    sends to the API, and the WAF blocks every request without it. So nobody reaches the API around
    CloudFront, its edge WAF, and the CloudFront-Viewer-Address header CloudFront sets (which the audit
    records as the staff member's address): a forged one sent straight to the API is refused."""

    def __init__(self, scope: Construct, construct_id: str, *, municipality_id: str) -> None:
        super().__init__(scope, construct_id)
        self.header_name = ORIGIN_GUARD_HEADER
        self.secret = secretsmanager.Secret(
            self,
            "Secret",
            secret_name=f"{names.resource_prefix(municipality_id)}/origin-guard",
            description="The header value CloudFront sends to the API and its WAF demands",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=ORIGIN_GUARD_LENGTH, exclude_punctuation=True, include_space=False
            ),
        )
        Validations.of(self.secret).acknowledge(
            Acknowledgment(
                id=nag.rule("SMG4"),
                reason="Read by CloudFormation only, into the distribution's origin header and the WAF rule "
                "(dynamic references): a rotation Lambda could change the secret but not those two. To change "
                "it, generate a new value and deploy the stack, which updates both together.",
            )
        )

    @property
    def header_value(self) -> str:
        """A CloudFormation dynamic reference, resolved at deploy: the value is never in the template."""
        return self.secret.secret_value.unsafe_unwrap()

    def header_matches(self) -> wafv2.CfnWebACL.StatementProperty:
        return wafv2.CfnWebACL.StatementProperty(
            byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(single_header={"Name": self.header_name}),
                positional_constraint="EXACTLY",
                search_string=self.header_value,
                text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
            )
        )
