"""The lifecycle state machine: the ASL file in functions/lifecycle, filled from the municipality's file.

Its input holds ids and timestamps only, and execution data is kept out of its logs
(include_execution_data=False): nothing about a child or a reporter may end up in CloudWatch.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, RemovalPolicy, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_ses as ses
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from functions.domain.municipality import Municipality
from functions.shared import names
from infra import nag
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import LOG_RETENTION

# Characters that would break the ASL's JSON strings or its States.Format intrinsics.
_UNSAFE_IN_DEFINITION = set("'{}\\\"\n")


def definition_substitutions(
    municipality: Municipality, route_report_function_arn: str, table_name: str
) -> dict:
    """Every ASL_* placeholder of names.py, from the municipality's configuration."""
    values = {
        names.ASL_MUNICIPALITY_NAME: municipality.name,
        names.ASL_SENDER_EMAIL: str(municipality.sender_email),
        names.ASL_INTAKE_TEAM_EMAIL: str(municipality.intake_team.email),
        names.ASL_SOCIALJOUR_EMAIL: str(municipality.socialjour.email),
        names.ASL_SOCIALJOUR_SMS_NUMBER: municipality.socialjour.duty_sms_number,
        names.ASL_DASHBOARD_URL: str(municipality.dashboard_url),
    }
    for key, value in values.items():
        unsafe = _UNSAFE_IN_DEFINITION & set(value)
        if unsafe:
            raise ValueError(
                f"{key} = {value!r} holds characters the state machine cannot carry: {sorted(unsafe)}"
            )
    return {
        **values,
        names.ASL_ROUTE_REPORT_FUNCTION_ARN: route_report_function_arn,
        names.ASL_REPORTS_TABLE: table_name,
    }


class Lifecycle(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality: Municipality,
        data: ReportsData,
        route_report: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        state_machine_name = names.lifecycle_state_machine_name(municipality.id)
        sender_domain = str(municipality.sender_email).rsplit("@", 1)[1]

        # The municipality's sending domain; DKIM records are published by the municipality's DNS.
        self.sender_identity = ses.EmailIdentity(
            self, "SenderIdentity", identity=ses.Identity.domain(sender_domain)
        )
        sender_identity_arn = stack.format_arn(
            service="ses", resource="identity", resource_name=sender_domain
        )

        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"/aws/vendedlogs/states/{state_machine_name}",
            retention=LOG_RETENTION,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.state_machine = sfn.StateMachine(
            self,
            "StateMachine",
            state_machine_name=state_machine_name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_file(str(names.LIFECYCLE_DEFINITION_FILE)),
            definition_substitutions=definition_substitutions(
                municipality, route_report.function_arn, data.table.table_name
            ),
            logs=sfn.LogOptions(
                destination=self.log_group,
                level=sfn.LogLevel.ALL,
                # Executions must not leak data: inputs and outputs stay out of the logs.
                include_execution_data=False,
            ),
            tracing_enabled=True,
        )

        # What the definition calls, and nothing more (CDK cannot read grants from an ASL file).
        self.state_machine.add_to_role_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[route_report.function_arn])
        )
        self.state_machine.add_to_role_policy(data.item_statement("dynamodb:UpdateItem"))
        self.state_machine.add_to_role_policy(data.key_statement())
        self.state_machine.add_to_role_policy(
            iam.PolicyStatement(actions=["ses:SendEmail"], resources=[sender_identity_arn])
        )
        # Direct SMS to the duty phone: a phone number has no ARN, so sns:Publish needs "*".
        self.state_machine.add_to_role_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=["*"]))
        Validations.of(self.state_machine).acknowledge(
            Acknowledgment(
                id=nag.rule("IAM5", "Resource::*"),
                reason="Three statements need '*': sns:Publish of an SMS to the duty phone (a phone "
                "number has no ARN), and the CloudWatch Logs delivery actions of Step Functions logging "
                "and X-Ray tracing, neither of which supports resource-level permissions.",
            )
        )
