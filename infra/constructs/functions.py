"""The functions of the intake, lifecycle and staff capabilities, each with its own least-privilege grants.

- intake (POST /api/reports): writes a new report in one transaction (PutItem ×3, GetItem for retries)
  and starts its lifecycle.
- lifecycle reconciler (every 5 minutes): finds reports whose lifecycle has not started, through the
  sparse lifecycle-pending index, and starts it.
- lifecycle checkpoint (invoked by the state machine): reads the report, decides the next step of its
  legal clocks and stores it.
- notify (invoked by the state machine): sends one planned SMS and/or e-mail. It never touches the reports
  table: the state machine hands it the reference number and the notification. It appends what it sent
  (to whom, which kind, which channels) to the report's audit timeline (PutItem only).
- await-staff (invoked by the state machine with a task token): stores the token on the report, or hands
  it back at once if the awaited event has already happened.
- staff API (ANY /api/staff/{proxy+}, behind the Cognito authorizer): the only way a person changes a
  report. It reads the open-report queue through its index, reads and updates reports, registers reports
  that came by phone or paper (and starts their lifecycles), resumes waiting lifecycles, and appends every
  read and write to the audit trail, a write in one transaction with its entry (PutItem and Query only: the
  audit table's own policy denies changing an entry to everyone).

Nobody gets dynamodb:Scan or dynamodb:DeleteItem.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from functions.shared import names
from infra.bundling import MUNICIPALITY_FILE_AT_RUN_TIME, functions_code
from infra.constructs.audit import AuditTrail
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import FunctionSpec, OroFunction
from infra.constructs.sign_in import StaffSignIn

# dynamodb:TransactWriteItems is no IAM action: a transaction is authorised by the actions it contains.
INTAKE_TABLE_ACTIONS = ("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:ConditionCheckItem")
RECONCILER_TABLE_ACTIONS = ("dynamodb:UpdateItem",)
CHECKPOINT_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem")
AWAIT_STAFF_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem")
# Registering a phone or paper report is the intake's transaction (PutItem, ConditionCheckItem); the rest
# reads and updates one report. Queries go to the open-queue index only.
STAFF_API_TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:ConditionCheckItem",
)

NOTIFY_EMAIL_ACTIONS = ("ses:SendEmail", "ses:SendRawEmail")
TASK_RESPONSE_ACTIONS = ("states:SendTaskSuccess",)
# A run stops starting deletions 20 s before this and the next scheduled run goes on.
GALLRING_TIMEOUT = Duration.minutes(15)

SMS_ANY_RESOURCE = (
    "sns:Publish of an SMS straight to a phone number (the duty phone, the backup): a phone number has no "
    "ARN, so the statement's resource is '*'; the function publishes to no topic."
)
RESUME_ANY_RESOURCE = (
    "states:SendTaskSuccess: the Service Authorization Reference lists no resource type for "
    "SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat, so the resource is '*'. What it may resume is "
    "bounded by the task token, which only the lifecycle's own executions issue and which this function "
    "reads from the report it is given."
)


def sender_identity_arn(scope: Construct, sender_domain: str) -> str:
    """The SES domain identity the notifications are sent from (see the workflow construct)."""
    return Stack.of(scope).format_arn(service="ses", resource="identity", resource_name=sender_domain)


class OroFunctions(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        municipality_file: Path,
        sender_domain: str,
        personnummer_search: bool,
        data: ReportsData,
        audit: AuditTrail,
        sign_in: StaffSignIn,
    ) -> None:
        super().__init__(scope, construct_id)
        code = functions_code(municipality_file)
        municipality_only = {names.ENV_MUNICIPALITY_CONFIG_FILE: MUNICIPALITY_FILE_AT_RUN_TIME}
        environment = {names.ENV_REPORTS_TABLE: data.table.table_name, **municipality_only}

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

        self.checkpoint = OroFunction(
            self,
            "Checkpoint",
            spec=FunctionSpec(
                function_name=names.checkpoint_function_name(municipality_id),
                handler=names.CHECKPOINT_HANDLER,
                service="lifecycle",
                description="Decides a report's next lifecycle step from its legal deadlines and stores it",
                memory_mb=256,
                timeout=Duration.seconds(15),
            ),
            code=code,
            environment=environment,
        )
        data.grant_items(self.checkpoint.role, *CHECKPOINT_TABLE_ACTIONS)

        self.notify = OroFunction(
            self,
            "Notify",
            spec=FunctionSpec(
                function_name=names.notify_function_name(municipality_id),
                handler=names.NOTIFY_HANDLER,
                service="notify",
                description="Sends one lifecycle notification by SMS and/or e-mail; reads no report",
                memory_mb=256,
                timeout=Duration.seconds(30),
                any_resource_reasons=(SMS_ANY_RESOURCE,),
            ),
            code=code,
            environment={**municipality_only, names.ENV_AUDIT_TABLE: audit.table.table_name},
        )
        audit.grant_append(self.notify.role)  # each message sent goes into the report's timeline
        self.notify.add_to_role_policy(
            iam.PolicyStatement(
                actions=list(NOTIFY_EMAIL_ACTIONS), resources=[sender_identity_arn(self, sender_domain)]
            ),
            iam.PolicyStatement(actions=["sns:Publish"], resources=["*"]),
        )

        self.await_staff = OroFunction(
            self,
            "AwaitStaff",
            spec=FunctionSpec(
                function_name=names.await_staff_function_name(municipality_id),
                handler=names.AWAIT_STAFF_HANDLER,
                service="lifecycle",
                description="Keeps the lifecycle's task token on the report until staff act or time runs out",
                memory_mb=256,
                timeout=Duration.seconds(15),
                any_resource_reasons=(RESUME_ANY_RESOURCE,),
            ),
            code=code,
            environment=environment,
        )
        data.grant_items(self.await_staff.role, *AWAIT_STAFF_TABLE_ACTIONS)
        self.await_staff.add_to_role_policy(_task_response_statement())

        self.staff_api = OroFunction(
            self,
            "StaffApi",
            spec=FunctionSpec(
                function_name=names.staff_api_function_name(municipality_id),
                handler=names.STAFF_API_HANDLER,
                service="staff-api",
                description="The staff dashboard's API: queue, report, decisions; every access is audited",
                memory_mb=512,
                timeout=Duration.seconds(15),
                any_resource_reasons=(RESUME_ANY_RESOURCE,),
            ),
            code=code,
            environment={
                **environment,
                names.ENV_AUDIT_TABLE: audit.table.table_name,
                names.ENV_USER_POOL_ID: sign_in.user_pool.user_pool_id,
                names.ENV_USER_POOL_CLIENT_ID: sign_in.client.user_pool_client_id,
            },
        )
        data.grant_items(self.staff_api.role, *STAFF_API_TABLE_ACTIONS)
        self.staff_api.add_to_role_policy(
            data.open_queue_query_statement(),
            data.purge_index_query_statement(),  # the admin's gallring preview
            _task_response_statement(),
            # förste socialsekreteraren is told by e-mail that a proposal awaits review
            iam.PolicyStatement(
                actions=list(NOTIFY_EMAIL_ACTIONS), resources=[sender_identity_arn(self, sender_domain)]
            ),
        )
        if personnummer_search:  # the lookup entries exist only then
            self.staff_api.add_to_role_policy(data.person_lookup_query_statement())
        audit.grant_append_and_query(self.staff_api.role)

        self.gallring = OroFunction(
            self,
            "Gallring",
            spec=FunctionSpec(
                function_name=names.gallring_function_name(municipality_id),
                handler=names.GALLRING_HANDLER,
                service="gallring",
                description="Nightly: destroys every report whose purge date has come, and logs it for the archive",
                memory_mb=512,
                timeout=GALLRING_TIMEOUT,
            ),
            code=code,
            environment={**environment, names.ENV_AUDIT_TABLE: audit.table.table_name},
        )
        data.grant_purge(self.gallring.role)
        audit.grant_append_and_query(self.gallring.role)

    def connect_lifecycle(self, state_machine: sfn.IStateMachine) -> None:
        """Intake, reconciler and the staff API (phone and paper reports) start executions of this one
        state machine, and know its ARN."""
        for starter in (self.intake, self.reconciler, self.staff_api):
            starter.function.add_environment(
                names.ENV_LIFECYCLE_STATE_MACHINE_ARN, state_machine.state_machine_arn
            )
            state_machine.grant_start_execution(starter.role)


def _task_response_statement() -> iam.PolicyStatement:
    return iam.PolicyStatement(actions=list(TASK_RESPONSE_ACTIONS), resources=["*"])
