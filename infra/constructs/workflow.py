"""The lifecycle: the state machine of functions/lifecycle/lifecycle.asl.json, the dead-letter queue of
its notifications, and the SES identity the notify function sends from.

The definition holds no municipality settings: its placeholders are the three function ARNs and the
queue URL, filled by functions.shared.lifecycle_definition.substitutions (as in the local stack). The
functions read everything else from the municipality file.

Its input holds ids and timestamps only, and execution data is kept out of its logs
(include_execution_data=False): nothing about a child or a reporter may end up in CloudWatch.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Validations
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
from infra.constructs.lambda_function import LOG_RETENTION

DEAD_LETTER_RETENTION = Duration.days(14)  # SQS's maximum


def sender_domain(municipality: Municipality) -> str:
    return str(municipality.sender_email).rsplit("@", 1)[1]


class Lifecycle(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality: Municipality,
        checkpoint: lambda_.IFunction,
        notify: lambda_.IFunction,
        await_staff: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        state_machine_name = names.lifecycle_state_machine_name(municipality.id)

        # The municipality's sending domain; DKIM records are published by the municipality's DNS.
        self.sender_identity = ses.EmailIdentity(
            self, "SenderIdentity", identity=ses.Identity.domain(sender_domain(municipality))
        )

        # Notifications that kept failing: ids, the planned notification and the error, for the operators.
        self.dead_letter_queue = sqs.Queue(
            self,
            "NotificationDeadLetters",
            queue_name=names.notification_dead_letter_queue_name(municipality.id),
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
                checkpoint_function_arn=checkpoint.function_arn,
                notify_function_arn=notify.function_arn,
                await_staff_function_arn=await_staff.function_arn,
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
                resources=[checkpoint.function_arn, notify.function_arn, await_staff.function_arn],
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
