"""Lambda defaults in one place: runtime, architecture, tracing, JSON logs, log retention, own role.

Traces never hold a handler's response or error: a response or exception can carry a report's content, and
Powertools' Tracer would otherwise add both to the X-Ray segment as metadata. Every handler decorator says
so (capture_response=False, capture_error=False); the environment set by `keep_payloads_out_of_traces` is
the default for any that does not, set last so no capability's environment can turn it back on. CDK's own
deploy-time function (BucketDeployment) gets it too, so it holds for every function in the stack.

Every function runs from the stack's one code asset (infra/bundling.py) and knows where the municipality's
file lies in it. Every function gets its own role with no managed policy: it may write to its own log group
and send traces, and the capability construct that makes it (intake.py, lifecycle.py, staff.py,
gallring.py) grants it exactly what its code needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from functions.shared import names
from infra import nag
from infra.bundling import MUNICIPALITY_FILE_AT_RUN_TIME

RUNTIME = lambda_.Runtime.PYTHON_3_13
ARCHITECTURE = lambda_.Architecture.ARM_64
LOG_RETENTION = logs.RetentionDays.THREE_MONTHS
POWERTOOLS_METRICS_NAMESPACE = "Oro"
LOG_LEVEL = "INFO"
# Powertools' Tracer: no response or exception as segment metadata (they may hold personal data).
TRACER_PRIVACY_ENVIRONMENT = {
    "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
    "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
}


def keep_payloads_out_of_traces(function: lambda_.Function) -> None:
    """Powertools' Tracer in this function adds no response and no exception to its traces."""
    for key, value in TRACER_PRIVACY_ENVIRONMENT.items():
        function.add_environment(key, value)


@dataclass(frozen=True)
class FunctionSpec:
    function_name: str
    handler: str
    service: str  # POWERTOOLS_SERVICE_NAME
    description: str
    memory_mb: int = 512
    timeout: Duration = Duration.seconds(15)
    # Why a grant of this capability needs resource '*' (beyond X-Ray), one sentence each; empty: none may.
    any_resource_reasons: tuple[str, ...] = ()


class OroFunction(Construct):
    """A Python 3.13 arm64 function with active tracing, JSON logs and its own log group and role."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: FunctionSpec,
        code: lambda_.Code,
        environment: dict[str, str],
        layers: list[lambda_.ILayerVersion] | None = None,
    ) -> None:
        """`code`: the stack's one asset; `environment`: what the capability adds to the defaults; `layers`:
        what only this function loads (the reporter function's cryptography)."""
        super().__init__(scope, construct_id)
        if not 256 <= spec.memory_mb <= 512:
            raise ValueError(f"{spec.function_name}: memory {spec.memory_mb} MB outside 256–512 MB")

        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"/aws/lambda/{spec.function_name}",
            retention=LOG_RETENTION,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Runs {spec.function_name}: own log group, X-Ray, and the grants of its capability",
        )
        self.log_group.grant_write(self.role)

        self.function = lambda_.Function(
            self,
            "Function",
            function_name=spec.function_name,
            description=spec.description,
            code=code,
            handler=spec.handler,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            memory_size=spec.memory_mb,
            timeout=spec.timeout,
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            log_group=self.log_group,
            role=self.role,
            layers=layers,
            environment={
                "POWERTOOLS_SERVICE_NAME": spec.service,
                "POWERTOOLS_METRICS_NAMESPACE": POWERTOOLS_METRICS_NAMESPACE,
                "LOG_LEVEL": LOG_LEVEL,
                names.ENV_MUNICIPALITY_CONFIG_FILE: MUNICIPALITY_FILE_AT_RUN_TIME,
                **environment,
            },
        )
        keep_payloads_out_of_traces(self.function)
        x_ray = (
            "X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no "
            "resource-level permissions, so their resource is '*'."
        )
        others = (
            " Also '*': " + " ".join(spec.any_resource_reasons) + " Nothing else in this role is '*'."
            if spec.any_resource_reasons
            else " Nothing else in this role is '*'."
        )
        Validations.of(self.role).acknowledge(
            Acknowledgment(id=nag.rule("IAM5", "Resource::*"), reason=x_ray + others)
        )
        Validations.of(self.function).acknowledge(
            Acknowledgment(
                id=nag.rule("L1"),
                reason="Python 3.13 on purpose: the bundled wheels (pydantic-core, cryptography) are built "
                "for cp313 and the project is tested on it. Moving to 3.14 is a change of RUNTIME and "
                "bundling.PYTHON_VERSION together, with the tests.",
            )
        )

    def add_to_role_policy(self, *statements: iam.PolicyStatement) -> None:
        for statement in statements:
            self.role.add_to_principal_policy(statement)
