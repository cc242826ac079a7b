"""The lifecycle: the state machine of functions/lifecycle/lifecycle.asl.json and the functions of
functions/lifecycle/, the dead-letter queue of its notifications, and the SES identity its notifications
are sent from.

- checkpoint (invoked by the state machine): reads the report, decides the next step of its legal clocks and
  stores it.
- notify (invoked by the state machine): sends one planned SMS and/or e-mail, each channel on its own. It
  never touches the reports table: the state machine hands it the reference number and the notification.
  It appends what it sent (to whom, which kind, which channels, which failed) to the report's audit
  timeline (PutItem only), and records each channel delivered per lifecycle step in a small table of its own
  (Powertools idempotency: hashed keys, no personal data), so that a retried task does not send it again.
- await-staff (invoked by the state machine with a task token): stores the token on the report, or hands it
  back at once if the awaited event has already happened.
- reconciler (every 5 minutes, schedules.py): finds reports whose lifecycle has not started, through the
  sparse lifecycle-pending index, and starts it.

Whoever else starts a lifecycle (intake, the staff API for phone and paper reports) is connected with
`connect_starter`; whoever resumes one is granted `grant_resume`; the staff API also sends e-mail from the
sender identity (`grant_send_email`).

The definition holds no municipality settings: its placeholders are the three function ARNs and the queue
URL, filled by functions.shared.lifecycle_definition.substitutions (as in the local stack). The functions
read everything else from the municipality file.

Its input holds ids and timestamps only, and execution data is kept out of its logs
(include_execution_data=False): nothing about a child or a reporter may end up in CloudWatch.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from functions.domain.municipality import Municipality
from functions.shared import lifecycle_definition, names
from infra import nag
from infra.constructs.audit import AuditTrail
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import LOG_RETENTION, FunctionSpec, OroFunction

DEAD_LETTER_RETENTION = Duration.days(14)  # SQS's maximum

RECONCILER_TABLE_ACTIONS = ("dynamodb:UpdateItem",)
CHECKPOINT_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem")
AWAIT_STAFF_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem")
SEND_EMAIL_ACTIONS = ("ses:SendEmail", "ses:SendRawEmail")
# What Powertools' idempotency does with its records: read, create, complete, and delete a failed one.
IDEMPOTENCY_TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
)
TASK_RESPONSE_ACTIONS = ("states:SendTaskSuccess",)

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


def sender_domain(municipality: Municipality) -> str:
    return str(municipality.sender_email).rsplit("@", 1)[1]


class Lifecycle(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality: Municipality,
        code: lambda_.Code,
        data: ReportsData,
        audit: AuditTrail,
    ) -> None:
        super().__init__(scope, construct_id)
        municipality_id = municipality.id
        state_machine_name = names.lifecycle_state_machine_name(municipality_id)
        reports = {names.ENV_REPORTS_TABLE: data.table.table_name}

        # The municipality's sending domain; DKIM records are published by the municipality's DNS.
        self.sender_identity = ses.EmailIdentity(
            self, "SenderIdentity", identity=ses.Identity.domain(sender_domain(municipality))
        )
        self.sender_identity_arn = Stack.of(self).format_arn(
            service="ses", resource="identity", resource_name=sender_domain(municipality)
        )

        # Notifications that kept failing: ids, the planned notification and the error, for the operators.
        self.dead_letter_queue = sqs.Queue(
            self,
            "NotificationDeadLetters",
            queue_name=names.notification_dead_letter_queue_name(municipality_id),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=DEAD_LETTER_RETENTION,
            removal_policy=RemovalPolicy.RETAIN,
        )
        Validations.of(self.dead_letter_queue).acknowledge(
            Acknowledgment(
                id=nag.rule("SQS3"),
                reason="This queue is itself the dead-letter queue of the lifecycle's notifications: the "
                "state machine sends failed notifications here and nothing consumes it automatically; an "
                "alarm on its visible messages tells the operators, who read it by hand.",
            )
        )

        # What notify delivered per lifecycle step and channel: a hash of ids, a status and an expiry.
        self.notifications_sent = dynamodb.Table(
            self,
            "NotificationsSent",
            table_name=names.idempotency_table_name(municipality_id),
            partition_key=dynamodb.Attribute(
                name=names.IDEMPOTENCY_KEY_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            removal_policy=RemovalPolicy.RETAIN,
            time_to_live_attribute=names.IDEMPOTENCY_EXPIRY_ATTRIBUTE,
        )

        # --- the state machine's tasks ---------------------------------------------------------------
        checkpoint = OroFunction(
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
            environment=reports,
        )
        data.grant_items(checkpoint.role, *CHECKPOINT_TABLE_ACTIONS)

        notify = OroFunction(
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
            environment={
                names.ENV_AUDIT_TABLE: audit.table.table_name,
                names.ENV_IDEMPOTENCY_TABLE: self.notifications_sent.table_name,
            },
        )
        audit.grant_append(notify.role)  # each message sent goes into the report's timeline
        self.notifications_sent.grant(notify.role, *IDEMPOTENCY_TABLE_ACTIONS)
        self.grant_send_email(notify.function)
        notify.add_to_role_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=["*"]))

        await_staff = OroFunction(
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
            environment=reports,
        )
        data.grant_items(await_staff.role, *AWAIT_STAFF_TABLE_ACTIONS)
        self.grant_resume(await_staff.function)

        self.checkpoint = checkpoint.function
        self.notify = notify.function
        self.await_staff = await_staff.function

        # --- the state machine -----------------------------------------------------------------------
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
            definition_substitutions=lifecycle_definition.substitutions(
                checkpoint_function_arn=self.checkpoint.function_arn,
                notify_function_arn=self.notify.function_arn,
                await_staff_function_arn=self.await_staff.function_arn,
                dead_letter_queue_url=self.dead_letter_queue.queue_url,
            ),
            logs=sfn.LogOptions(
                destination=self.log_group,
                level=sfn.LogLevel.ALL,
                # Executions must not leak data: inputs and outputs stay out of the logs.
                include_execution_data=False,
            ),
            tracing_enabled=True,
        )

        # What the definition calls, and nothing more (CDK cannot read grants from an ASL file). The
        # definition names the unqualified function ARNs, so no version (ARN:*) is granted.
        self.state_machine.add_to_role_policy(
            iam.PolicyStatement(
                actions=["lambda:InvokeFunction"],
                resources=[
                    self.checkpoint.function_arn,
                    self.notify.function_arn,
                    self.await_staff.function_arn,
                ],
            )
        )
        # SQS-managed encryption: sending needs no KMS permission.
        self.state_machine.add_to_role_policy(
            iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[self.dead_letter_queue.queue_arn])
        )
        Validations.of(self.state_machine).acknowledge(
            Acknowledgment(
                id=nag.rule("IAM5", "Resource::*"),
                reason="Two statements need '*': the CloudWatch Logs delivery actions of Step Functions "
                "logging and the X-Ray actions of tracing, neither of which supports resource-level "
                "permissions. Functions and the queue are named by ARN.",
            )
        )

        # --- the reconciler: starts what intake could not --------------------------------------------
        reconciler = OroFunction(
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
            environment=reports,
        )
        data.grant_items(reconciler.role, *RECONCILER_TABLE_ACTIONS)
        reconciler.add_to_role_policy(data.pending_index_query_statement())
        self.connect_starter(reconciler.function)
        self.reconciler = reconciler.function

    def connect_starter(self, function: lambda_.Function) -> None:
        """The function starts executions of this one state machine, and knows its ARN."""
        function.add_environment(names.ENV_LIFECYCLE_STATE_MACHINE_ARN, self.state_machine.state_machine_arn)
        self.state_machine.grant_start_execution(function)

    def grant_resume(self, function: lambda_.Function) -> None:
        """The function may hand a task token back (RESUME_ANY_RESOURCE says why its resource is '*')."""
        function.add_to_role_policy(iam.PolicyStatement(actions=list(TASK_RESPONSE_ACTIONS), resources=["*"]))

    def grant_send_email(self, function: lambda_.Function) -> None:
        """The function may send e-mail from the municipality's sender identity, and from nothing else."""
        function.add_to_role_policy(
            iam.PolicyStatement(actions=list(SEND_EMAIL_ACTIONS), resources=[self.sender_identity_arn])
        )
