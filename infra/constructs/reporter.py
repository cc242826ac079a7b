"""Reporters who sign in (functions/reporter/): the reporter function behind /api/reporter/*, its sessions
table, the key of reporters' lookup keys, and a client secret per identity provider that uses one.

- Sessions: their own table (pk; TTL on expiresAt), encrypted with the municipality's key, no backups (a
  session lives half an hour; a restored one would be a session nobody ended). The reporter function reads,
  writes and deletes items there; intake may only read one (a signed-in report records who sent it).
- The reports table: the reporter function may GetItem (a report, to check it is theirs) and Query only the
  REPORTER# partitions (their own list); it writes nothing there.
- The audit table: append only (every read of their own report is recorded).
- The providers' issuers and client ids come from the municipality's file; each client secret is a Secrets
  Manager secret the stack makes empty and an administrator fills with what the provider issued.
- PyJWT's RS256 needs cryptography, which only this function loads: a layer of its own, so the shared asset
  (and every other function's cold start) stays without it.
"""

from __future__ import annotations

import json

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Validations
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from functions.domain.municipality import Municipality
from functions.shared import names
from infra import nag
from infra.bundling import reporter_layer_code
from infra.constructs.audit import AuditTrail
from infra.constructs.data import ReportsData, key_via_dynamodb_statement
from infra.constructs.lambda_function import ARCHITECTURE, RUNTIME, FunctionSpec, OroFunction
from infra.constructs.person_keys import PersonKeySecret

SESSION_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem")
# What a reporter's answer writes on the report item (functions/stores/reporter_questions.py): its key and its messages.
ANSWER_ATTRIBUTES = ("pk", "sk", "reporterMessages")


class ReporterSignIn(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality: Municipality,
        code: lambda_.Code,
        data: ReportsData,
        audit: AuditTrail,
        site_origin: str,
    ) -> None:
        """`site_origin`: the form's public origin, where providers send reporters back."""
        super().__init__(scope, construct_id)
        municipality_id = municipality.id
        self._data = data
        self.sessions = dynamodb.Table(
            self,
            "Sessions",
            table_name=names.reporter_sessions_table_name(municipality_id),
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=data.key,
            time_to_live_attribute=names.REPORTER_SESSION_EXPIRY_ATTRIBUTE,
            removal_policy=RemovalPolicy.DESTROY,
        )
        Validations.of(self.sessions).acknowledge(
            Acknowledgment(
                id=nag.rule("DDB3"),
                reason="Sign-in attempts (ten minutes) and sessions (half an hour) only: a restored backup "
                "would bring back sessions their reporters ended. Losing the table signs reporters out.",
            )
        )
        self.lookup_keys = PersonKeySecret(
            self,
            "LookupKeys",
            municipality_id=municipality_id,
            key=data.key,
            secret_name=names.reporter_key_secret_name(municipality_id),
            environment_variable=names.ENV_REPORTER_KEY_SECRET,
            keys_of="reporters' lookup keys",
            partitions="REPORTER#",
            readers="the reporter function",
        )
        client_secrets = {
            provider_id: secretsmanager.Secret(
                self,
                f"ClientSecret-{provider_id}",
                secret_name=names.reporter_client_secret_name(municipality_id, provider_id),
                description=f"Oro's client secret at the reporter identity provider {provider_id}: set by an "
                "administrator to what the provider issued",
                encryption_key=data.key,
                removal_policy=RemovalPolicy.RETAIN,
            )
            for provider_id, provider in municipality.reporter_identity_providers.items()
            if provider.client_secret
        }
        for secret in client_secrets.values():
            Validations.of(secret).acknowledge(
                Acknowledgment(
                    id=nag.rule("SMG4"),
                    reason="Issued by the identity provider, not by AWS: it is rotated when the provider "
                    "rotates it, by an administrator, so no rotation Lambda can do it.",
                )
            )
        providers = {
            provider_id: {
                "issuer": str(provider.issuer).rstrip("/"),
                "clientId": provider.client_id,
                **(
                    {"clientSecretName": names.reporter_client_secret_name(municipality_id, provider_id)}
                    if provider_id in client_secrets
                    else {}
                ),
            }
            for provider_id, provider in municipality.reporter_identity_providers.items()
        }
        self.layer = lambda_.LayerVersion(
            self,
            "CryptographyLayer",
            code=reporter_layer_code(),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="cryptography for PyJWT's RS256/ES256: only the reporter function verifies ID tokens",
        )
        reporter = OroFunction(
            self,
            "Function",
            spec=FunctionSpec(
                function_name=names.reporter_function_name(municipality_id),
                handler=names.REPORTER_HANDLER,
                service="reporter",
                description="Reporters sign in (OpenID Connect) and read their own reports",
                memory_mb=512,
                timeout=Duration.seconds(15),
            ),
            code=code,
            environment={
                names.ENV_REPORTS_TABLE: data.table.table_name,
                names.ENV_AUDIT_TABLE: audit.table.table_name,
                names.ENV_REPORTER_SESSIONS_TABLE: self.sessions.table_name,
                names.ENV_REPORTER_PROVIDERS: json.dumps(providers, separators=(",", ":")),
                names.ENV_SITE_ORIGIN: site_origin,
            },
            layers=[self.layer],
        )
        self.function = reporter.function
        self.grant_sessions(reporter.role, *SESSION_ACTIONS)
        reporter.add_to_role_policy(
            iam.PolicyStatement(actions=["dynamodb:GetItem"], resources=[data.table.table_arn]),
            iam.PolicyStatement(
                actions=["dynamodb:Query"],
                resources=[data.table.table_arn],
                conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["REPORTER#*"]}},
            ),
            # A reporter's answer to a question: on a report item, and nothing of it but its messages.
            iam.PolicyStatement(
                actions=["dynamodb:UpdateItem"],
                resources=[data.table.table_arn],
                conditions={
                    "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["REPORT#*"]},
                    "ForAllValues:StringEquals": {"dynamodb:Attributes": list(ANSWER_ATTRIBUTES)},
                    "StringEqualsIfExists": {"dynamodb:ReturnValues": ["NONE"]},
                },
            ),
            data.key_statement(),
        )
        audit.grant_append(reporter.role)
        # The lookup keys' secret, with the key through Secrets Manager; the client secrets are under the same key.
        self.lookup_keys.grant_read(reporter.function)
        if client_secrets:
            reporter.add_to_role_policy(
                iam.PolicyStatement(
                    actions=["secretsmanager:GetSecretValue"],
                    resources=[secret.secret_arn for secret in client_secrets.values()],
                )
            )

    def grant_sessions(self, role: iam.IGrantable, *actions: str) -> None:
        role.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(actions), resources=[self.sessions.table_arn])
        )
        role.grant_principal.add_to_principal_policy(key_via_dynamodb_statement(self, self._data.key))

    def connect_intake(self, intake: lambda_.Function) -> None:
        """Intake reads a reporter's session (GetItem only) to record who sent a signed-in report."""
        intake.add_environment(names.ENV_REPORTER_SESSIONS_TABLE, self.sessions.table_name)
        self.grant_sessions(intake, "dynamodb:GetItem")


def site_origin_of(municipality: Municipality, form_domain_name: str | None) -> str:
    """The form's public origin: its own domain where it has one, else the host of the municipality's file."""
    if form_domain_name:
        return f"https://{form_domain_name}"
    return f"{municipality.dashboard_url.scheme}://{municipality.dashboard_url.host}"
