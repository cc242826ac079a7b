"""The follow-up of measures after an investigation (functions/follow_up/): a function the schedule runs every
hour, reading the reports due a reminder through the sparse follow-up-check index, e-mailing whoever follows
the case up and recording the reminder on the report. No state machine: follow-ups outlive an execution."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from functions.shared import names
from infra.constructs.audit import AuditTrail
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import FunctionSpec, OroFunction
from infra.constructs.lifecycle import Lifecycle


class FollowUp(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        code: lambda_.Code,
        data: ReportsData,
        audit: AuditTrail,
        lifecycle: Lifecycle,
    ) -> None:
        super().__init__(scope, construct_id)
        check = OroFunction(
            self,
            "Function",
            spec=FunctionSpec(
                function_name=names.follow_up_function_name(municipality_id),
                handler=names.FOLLOW_UP_HANDLER,
                service="follow-up",
                description="Reminds whoever follows up measures after an investigation when it is near or past due",
                memory_mb=256,
                timeout=Duration.minutes(2),
            ),
            code=code,
            environment={
                names.ENV_REPORTS_TABLE: data.table.table_name,
                names.ENV_AUDIT_TABLE: audit.table.table_name,
            },
        )
        data.grant_report_items(check.role, "dynamodb:GetItem", "dynamodb:UpdateItem")
        check.add_to_role_policy(
            iam.PolicyStatement(
                actions=["dynamodb:Query"],
                resources=[f"{data.table.table_arn}/index/{names.FOLLOW_UP_CHECK_INDEX}"],
            )
        )
        audit.grant_append(check.role)  # each reminder sent goes into the report's timeline
        lifecycle.grant_send_email(check.function)
        self.function = check.function
