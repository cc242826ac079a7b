"""The intake (functions/intake/): POST /api/reports writes a new report in one transaction (PutItem ×3,
GetItem for retries) and starts its lifecycle. Its route is in api.py; the lifecycle's reconciler starts
what the intake could not (lifecycle.py)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from functions.shared import names
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import FunctionSpec, OroFunction
from infra.constructs.lifecycle import Lifecycle
from infra.constructs.person_keys import PersonKeySecret

# dynamodb:TransactWriteItems is no IAM action: a transaction is authorised by the actions it contains.
INTAKE_TABLE_ACTIONS = ("dynamodb:PutItem", "dynamodb:GetItem")


class Intake(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        code: lambda_.Code,
        data: ReportsData,
        lifecycle: Lifecycle,
        person_keys: PersonKeySecret | None,
    ) -> None:
        """`person_keys`: where the municipality searches by personnummer, the key of the lookup entries."""
        super().__init__(scope, construct_id)
        intake = OroFunction(
            self,
            "Function",
            spec=FunctionSpec(
                function_name=names.intake_function_name(municipality_id),
                handler=names.INTAKE_HANDLER,
                service="intake",
                description="Receives a report of concern from the form, stores it and starts its lifecycle",
                memory_mb=512,
                timeout=Duration.seconds(15),
            ),
            code=code,
            environment={names.ENV_REPORTS_TABLE: data.table.table_name},
        )
        data.grant_items(intake.role, *INTAKE_TABLE_ACTIONS)
        lifecycle.connect_starter(intake.function)
        if person_keys:
            person_keys.grant_read(intake.function)
        self.function = intake.function
