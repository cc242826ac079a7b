"""Gallring (functions/gallring/): nightly (schedules.py), destroys every report whose purge date has come,
through the sparse purge index, and logs each purge in the audit table for the archive. The only function
that may delete report items (ReportsData.grant_purge). Its failures alarm the operators (monitoring.py)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from functions.shared import names
from infra.constructs.audit import AuditTrail
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import FunctionSpec, OroFunction

# A run stops starting deletions 20 s before this and the next scheduled run goes on.
GALLRING_TIMEOUT = Duration.minutes(15)


class Gallring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        code: lambda_.Code,
        data: ReportsData,
        audit: AuditTrail,
    ) -> None:
        super().__init__(scope, construct_id)
        gallring = OroFunction(
            self,
            "Function",
            spec=FunctionSpec(
                function_name=names.gallring_function_name(municipality_id),
                handler=names.GALLRING_HANDLER,
                service="gallring",
                description="Nightly: destroys every report whose purge date has come, and logs it for the archive",
                memory_mb=512,
                timeout=GALLRING_TIMEOUT,
            ),
            code=code,
            environment={
                names.ENV_REPORTS_TABLE: data.table.table_name,
                names.ENV_AUDIT_TABLE: audit.table.table_name,
            },
        )
        data.grant_purge(gallring.role)
        audit.grant_append(gallring.role)  # the purge log and each report's last timeline entry
        audit.grant_purge(gallring.role)  # the audit entries past the audit retention
        self.function = gallring.function
