"""EventBridge Scheduler: the lifecycle reconciler every five minutes; the hand-off dispatcher every minute;
the follow-up check every hour;
gallring nightly, Europe/Stockholm; the audit trail's seal and check daily after midnight UTC."""

from __future__ import annotations

from typing import cast

from aws_cdk import Acknowledgment, CfnElement, Duration, Stack, TimeZone, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as targets
from constructs import Construct

from functions.shared import names
from infra import nag

RECONCILER_RATE = Duration.minutes(5)
GALLRING_HOURS = f"{min(names.GALLRING_HOURS)}-{max(names.GALLRING_HOURS)}"


class Schedules(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        reconciler: lambda_.IFunction,
        gallring: lambda_.IFunction,
        audit_seal: lambda_.IFunction,
        audit_check: lambda_.IFunction,
        handoff_dispatch: lambda_.IFunction,
        follow_up: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(
            self,
            "SchedulerRole",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com",
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            ),
            description="EventBridge Scheduler: invokes the reconciler, the gallring and the audit seal and check",
        )
        self.reconciler_schedule = scheduler.Schedule(
            self,
            "LifecycleReconciler",
            schedule_name=names.reconciler_schedule_name(municipality_id),
            description="Starts lifecycles that intake could not start",
            schedule=scheduler.ScheduleExpression.rate(RECONCILER_RATE),
            # A missed run is made up by the next one, five minutes later.
            target=targets.LambdaInvoke(
                reconciler, role=self.role, retry_attempts=0, max_event_age=Duration.minutes(5)
            ),
        )
        self.handoff_schedule = scheduler.Schedule(
            self,
            "HandoffDispatch",
            schedule_name=names.handoff_dispatch_schedule_name(municipality_id),
            description="Delivers hand-offs to the case system and alerts on those not acknowledged in time",
            schedule=scheduler.ScheduleExpression.rate(
                Duration.minutes(names.HANDOFF_DISPATCH_EVERY_MINUTES)
            ),
            # A missed run is made up by the next one, a minute later.
            target=targets.LambdaInvoke(
                handoff_dispatch, role=self.role, retry_attempts=0, max_event_age=Duration.minutes(1)
            ),
        )
        self.follow_up_schedule = scheduler.Schedule(
            self,
            "FollowUpHourly",
            schedule_name=names.follow_up_schedule_name(municipality_id),
            description="Reminds whoever follows up measures after an investigation",
            schedule=scheduler.ScheduleExpression.rate(Duration.hours(1)),
            # A missed run is made up by the next hour's.
            target=targets.LambdaInvoke(
                follow_up, role=self.role, retry_attempts=0, max_event_age=Duration.hours(1)
            ),
        )
        self.gallring_schedule = scheduler.Schedule(
            self,
            "GallringNightly",
            schedule_name=names.gallring_schedule_name(municipality_id),
            description="Destroys the reports whose purge date has come",
            schedule=scheduler.ScheduleExpression.cron(
                minute="0", hour=GALLRING_HOURS, time_zone=TimeZone.of(names.GALLRING_TIMEZONE)
            ),
            # A missed run is made up by the next hour's, or the next night's.
            target=targets.LambdaInvoke(
                gallring, role=self.role, retry_attempts=0, max_event_age=Duration.minutes(30)
            ),
        )
        # After midnight UTC, the day the seal locks has ended; the check an hour later goes over it too.
        # A missed seal is made up by the next night's (it seals every day not yet sealed).
        self.audit_seal_schedule = self._daily_at_utc(
            "AuditSealDaily",
            names.audit_seal_schedule_name(municipality_id),
            "Seals the audit trail's ended UTC days in the locked bucket",
            (names.AUDIT_SEAL_HOUR_UTC, names.AUDIT_SEAL_MINUTE_UTC),
            audit_seal,
        )
        self.audit_check_schedule = self._daily_at_utc(
            "AuditCheckDaily",
            names.audit_check_schedule_name(municipality_id),
            "Checks the recent audit days against their locked seals",
            (names.AUDIT_CHECK_HOUR_UTC, names.AUDIT_CHECK_MINUTE_UTC),
            audit_check,
        )
        for function in (reconciler, handoff_dispatch, follow_up, gallring, audit_seal, audit_check):
            Validations.of(self.role).acknowledge(
                Acknowledgment(
                    id=nag.rule("IAM5", f"Resource::<{_logical_id(function)}.Arn>:*"),
                    reason="The scheduler L2 target grants lambda:InvokeFunction on the function and its "
                    "versions (ARN:*); the role can invoke this scheduled function and nothing else.",
                )
            )

    def _daily_at_utc(
        self,
        construct_id: str,
        schedule_name: str,
        description: str,
        hour_minute: tuple[int, int],
        function: lambda_.IFunction,
    ) -> scheduler.Schedule:
        hour, minute = hour_minute
        return scheduler.Schedule(
            self,
            construct_id,
            schedule_name=schedule_name,
            description=description,
            schedule=scheduler.ScheduleExpression.cron(
                minute=str(minute), hour=str(hour), time_zone=TimeZone.ETC_UTC
            ),
            target=targets.LambdaInvoke(
                function, role=self.role, retry_attempts=2, max_event_age=Duration.hours(1)
            ),
        )


def _logical_id(function: lambda_.IFunction) -> str:
    resource = cast(CfnElement, function.node.default_child)
    return Stack.of(function).get_logical_id(resource)
