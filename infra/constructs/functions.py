"""The three functions of the intake and lifecycle capabilities, each with its own least-privilege grants.

- intake (POST /api/reports): writes a new report in one transaction (PutItem ×3, GetItem for retries)
  and starts its lifecycle.
- route-report (invoked by the state machine): reads the report and stores the routing decision.
- lifecycle reconciler (every 5 minutes): finds reports whose lifecycle has not started, through the
  sparse lifecycle-pending index, and starts it.

Nobody gets dynamodb:Scan or dynamodb:DeleteItem.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from functions.shared import names
from infra.bundling import MUNICIPALITY_FILE_AT_RUN_TIME, functions_code
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import FunctionSpec, OroFunction

# dynamodb:TransactWriteItems is no IAM action: a transaction is authorised by the actions it contains.
INTAKE_TABLE_ACTIONS = ("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:ConditionCheckItem")
ROUTE_REPORT_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem")
RECONCILER_TABLE_ACTIONS = ("dynamodb:UpdateItem",)


class OroFunctions(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        municipality_file: Path,
        data: ReportsData,
    ) -> None:
        super().__init__(scope, construct_id)
        code = functions_code(municipality_file)
        environment = {
            names.ENV_REPORTS_TABLE: data.table.table_name,
            names.ENV_MUNICIPALITY_CONFIG_FILE: MUNICIPALITY_FILE_AT_RUN_TIME,
        }

        self.intake = OroFunction(
            self,
            "Intake",
            spec=FunctionSpec(
                function_name=names.intake_function_name(municipality_id),
                handler=names.INTAKE_HANDLER,
                service="intake",
                description="Receives a report of concern from the form, stores it and starts its lifecycle",
                memory_mb=512,
                timeout=Duration.seconds(15),
            ),
            code=code,
            environment=environment,
        )
        data.grant_items(self.intake.role, *INTAKE_TABLE_ACTIONS)

        self.route_report = OroFunction(
            self,
            "RouteReport",
            spec=FunctionSpec(
                function_name=names.route_report_function_name(municipality_id),
                handler=names.ROUTE_REPORT_HANDLER,
                service="lifecycle",
                description="Decides from office hours whether the intake team or socialjouren is told",
                memory_mb=256,
                timeout=Duration.seconds(15),
            ),
            code=code,
            environment=environment,
        )
        data.grant_items(self.route_report.role, *ROUTE_REPORT_TABLE_ACTIONS)

        self.reconciler = OroFunction(
            self,
            "Reconciler",
            spec=FunctionSpec(
                function_name=names.reconciler_function_name(municipality_id),
                handler=names.RECONCILER_HANDLER,
                service="lifecycle-reconciler",
                description="Starts the lifecycle of every report whose start was not confirmed",
                memory_mb=256,
                timeout=Duration.seconds(60),
            ),
            code=code,
            environment=environment,
        )
        data.grant_items(self.reconciler.role, *RECONCILER_TABLE_ACTIONS)
        self.reconciler.add_to_role_policy(data.pending_index_query_statement())

    def connect_lifecycle(self, state_machine: sfn.IStateMachine) -> None:
        """Intake and reconciler start executions of this one state machine, and know its ARN."""
        for starter in (self.intake, self.reconciler):
            starter.function.add_environment(
                names.ENV_LIFECYCLE_STATE_MACHINE_ARN, state_machine.state_machine_arn
            )
            state_machine.grant_start_execution(starter.role)
