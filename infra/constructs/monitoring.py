"""Operator alarms: failed intake, failed lifecycles, failed reconciliation, undelivered notifications,
failed or undelivered malware scan results of attachments, a failing hand-off to the case system, failed gallring (a run, or single reports), a failed audit seal or check and an audit trail that differs from
its locked seals, API server errors, and a child's legal limit missed (one alarm per limit, from the
lifecycle's count: functions/lifecycle/missed_limits.py)."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from functions.shared import names
from infra.constructs.audit_trail import CHECK_SERVICE as AUDIT_CHECK_SERVICE
from infra.constructs.lambda_function import POWERTOOLS_METRICS_NAMESPACE as METRICS_NAMESPACE

PERIOD = Duration.minutes(5)
LIMIT_WORDS = {
    "protection_assessment": "A skyddsbedömning (24 hours)",
    "decision": "A decision whether to open an investigation (14 days)",
    "investigation": "An investigation (4 months, or as extended)",
}
GALLRING_PERIOD = Duration.hours(1)
AUDIT_PERIOD = Duration.hours(1)


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        intake: lambda_.IFunction,
        reconciler: lambda_.IFunction,
        gallring: lambda_.IFunction,
        audit_seal: lambda_.IFunction,
        audit_check: lambda_.IFunction,
        state_machine: sfn.StateMachine,
        notification_dead_letters: sqs.IQueue,
        rest_api: apigateway.RestApi,
        handoff_dispatch: lambda_.IFunction,
        follow_up: lambda_.IFunction,
        attachment_scan: lambda_.IFunction | None = None,
        attachment_scan_dead_letters: sqs.IQueue | None = None,
    ) -> None:
        """`attachment_scan`, `attachment_scan_dead_letters`: where the municipality takes attachments."""
        super().__init__(scope, construct_id)
        prefix = names.resource_prefix(municipality_id)

        self.key = kms.Key(
            self,
            "AlarmTopicKey",
            description=f"Encrypts the operator alarm topic of {prefix}",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        # CloudWatch alarms publish to the encrypted topic.
        self.key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey")
        self.topic = sns.Topic(
            self,
            "OperatorAlarms",
            topic_name=names.operator_alarm_topic_name(municipality_id),
            display_name=f"Oro {municipality_id}: driftlarm",
            master_key=self.key,
            enforce_ssl=True,
        )
        action = actions.SnsAction(self.topic)

        alarms = [
            (
                "IntakeErrors",
                intake.metric_errors(period=PERIOD, statistic="Sum"),
                "The intake function failed: citizens may not be able to submit reports",
            ),
            (
                "LifecycleExecutionsFailed",
                state_machine.metric_failed(period=PERIOD, statistic="Sum"),
                "A report's lifecycle failed: the intake team or socialjouren may not have been told",
            ),
            (
                "ReconcilerErrors",
                reconciler.metric_errors(period=PERIOD, statistic="Sum"),
                "The lifecycle reconciler failed: reports whose lifecycle did not start stay unannounced",
            ),
            (
                "NotificationsUndelivered",
                notification_dead_letters.metric_approximate_number_of_messages_visible(
                    period=PERIOD, statistic="Maximum"
                ),
                "A lifecycle notification (SMS or e-mail) kept failing and waits in the dead-letter queue: "
                "someone may not have been told of a report or a deadline",
            ),
            (
                "GallringErrors",
                gallring.metric_errors(period=GALLRING_PERIOD, statistic="Sum"),
                "The gallring run failed: reports past their purge date may be kept longer than the law allows",
            ),
            (
                "GallringReportFailures",
                cloudwatch.Metric(
                    namespace=METRICS_NAMESPACE,
                    metric_name="PurgeFailures",
                    dimensions_map={"service": "gallring"},
                    period=GALLRING_PERIOD,
                    statistic="Sum",
                ),
                "Gallring could not purge one or more reports; they stay due and are retried the next run",
            ),
            (
                "AuditSealErrors",
                audit_seal.metric_errors(period=AUDIT_PERIOD, statistic="Sum"),
                "The audit trail's daily seal failed: yesterday's entries are not yet locked (the next run "
                "makes it up)",
            ),
            (
                "AuditCheckErrors",
                audit_check.metric_errors(period=AUDIT_PERIOD, statistic="Sum"),
                "The audit trail's daily check failed: a rewrite or deletion would not be noticed",
            ),
            (
                "AuditTrailTampered",
                cloudwatch.Metric(
                    namespace=METRICS_NAMESPACE,
                    metric_name="AuditTrailFindings",
                    dimensions_map={"service": AUDIT_CHECK_SERVICE},
                    period=AUDIT_PERIOD,
                    statistic="Sum",
                ),
                "The audit trail differs from its locked seals (an entry rewritten, deleted or added, a day "
                "unsealed or a locked object written again): see the audit-check function's log for the days, "
                "and `python -m functions.audit_trail.verify`",
            ),
            (
                "HandoffDispatchErrors",
                handoff_dispatch.metric_errors(period=PERIOD, statistic="Sum"),
                "The hand-off dispatcher failed: decided persons may not reach the case system, and the intake "
                "team may not be told of hand-offs left unacknowledged",
            ),
            (
                "HandoffReportFailures",
                cloudwatch.Metric(
                    namespace=METRICS_NAMESPACE,
                    metric_name="HandoffDispatchFailures",
                    dimensions_map={"service": "case-system"},
                    period=PERIOD,
                    statistic="Sum",
                ),
                "A report's hand-off to the case system could not be delivered; it is tried again every minute",
            ),
            *(
                (
                    alarm_id,
                    cloudwatch.Metric(
                        namespace=METRICS_NAMESPACE,
                        metric_name=metric_name,
                        dimensions_map={"service": service},
                        period=PERIOD,
                        statistic="Sum",
                    ),
                    description,
                )
                for alarm_id, metric_name, service, description in (
                    (
                        "HandoffAlertsNotSent",
                        "HandoffAlertsNotSent",
                        "case-system",
                        "The intake team could not be told of a hand-off the case system has not acknowledged",
                    ),
                    (
                        "FollowUpRemindersNotSent",
                        "FollowUpRemindersNotSent",
                        "follow-up",
                        "A reminder to follow up measures could not be sent: check the recipient's contact details",
                    ),
                    (
                        "FollowUpReportFailures",
                        "FollowUpCheckFailures",
                        "follow-up",
                        "The follow-up check failed on a report; it is tried again every hour",
                    ),
                )
            ),
            (
                "FollowUpCheckErrors",
                follow_up.metric_errors(period=PERIOD, statistic="Sum"),
                "The follow-up check failed: no one is reminded to follow up measures after an investigation",
            ),
            (
                "PublicApiServerErrors",
                rest_api.metric_server_error(period=PERIOD, statistic="Sum"),
                "The public API answered 5XX",
            ),
        ]
        if attachment_scan and attachment_scan_dead_letters:
            alarms += [
                (
                    "AttachmentScanErrors",
                    attachment_scan.metric_errors(period=PERIOD, statistic="Sum"),
                    "The attachment scan-result function failed: a file may stay in quarantine, unseen by staff",
                ),
                (
                    "AttachmentScanResultsUndelivered",
                    attachment_scan_dead_letters.metric_approximate_number_of_messages_visible(
                        period=PERIOD, statistic="Maximum"
                    ),
                    "A malware scan result kept failing and waits in the dead-letter queue: its file stays in "
                    "quarantine (it expires after two days) and its report does not say what became of it",
                ),
            ]
        alarms += [
            (
                f"LegalLimitMissed{limit.title().replace('_', '')}",
                cloudwatch.Metric(
                    namespace=METRICS_NAMESPACE,
                    metric_name=names.LEGAL_LIMITS_MISSED_METRIC,
                    dimensions_map={"service": "lifecycle", "limit": limit, "municipality": municipality_id},
                    period=PERIOD,
                    statistic="Sum",
                ),
                f"{LIMIT_WORDS[limit]} was not done within the law's limit for a child in {municipality_id}: "
                "the dashboard's queue shows which report (its clock is red)",
            )
            for limit in names.LEGAL_LIMITS
        ]
        self.alarms: dict[str, cloudwatch.Alarm] = {}
        for alarm_id, metric, description in alarms:
            alarm = cloudwatch.Alarm(
                self,
                alarm_id,
                alarm_name=f"{prefix}-{alarm_id}",
                alarm_description=description,
                metric=metric,
                threshold=1,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            )
            alarm.add_alarm_action(action)
            self.alarms[alarm_id] = alarm
