"""The audit trail's seal and check (functions/audit_trail/): daily after midnight UTC (schedules.py), the
seal digests each ended day and locks it with its entries in the archive bucket (audit.py); an hour later
the check compares the recent days in DynamoDB with the locked copy and the chain, and counts what differs
(AuditTrailFindings, an alarm in monitoring.py).

Least privilege: the seal may query the table's by-day index, put and read objects in the archive and list
it; the check may query the same index and read and list (with versions) the archive. Neither may write to
the table, delete an object or change a lock."""

from __future__ import annotations

from typing import cast

from aws_cdk import Acknowledgment, CfnElement, Duration, Stack, Validations
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from functions.shared import names
from infra import nag
from infra.constructs.audit import AuditTrail
from infra.constructs.lambda_function import FunctionSpec, OroFunction

# A day is one index query and two objects; a run makes up at most a month of missed days.
TIMEOUT = Duration.minutes(5)
SEAL_SERVICE = "audit-seal"
CHECK_SERVICE = "audit-check"


class AuditTrailSeal(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        code: lambda_.Code,
        audit: AuditTrail,
    ) -> None:
        super().__init__(scope, construct_id)
        environment = {
            names.ENV_AUDIT_TABLE: audit.table.table_name,
            names.ENV_AUDIT_ARCHIVE_BUCKET: audit.archive.bucket_name,
        }
        jobs = {
            "Seal": (
                names.audit_seal_function_name(municipality_id),
                names.AUDIT_SEAL_HANDLER,
                SEAL_SERVICE,
                "Daily: seals each ended UTC day of the audit trail, chained, in the locked bucket",
                audit.grant_seal,
            ),
            "Check": (
                names.audit_check_function_name(municipality_id),
                names.AUDIT_CHECK_HANDLER,
                CHECK_SERVICE,
                "Daily: checks the recent audit days against their locked seals and the chain",
                audit.grant_check,
            ),
        }
        functions = {}
        for job_id, (function_name, handler, service, description, grant) in jobs.items():
            function = OroFunction(
                self,
                job_id,
                spec=FunctionSpec(
                    function_name=function_name,
                    handler=handler,
                    service=service,
                    description=description,
                    memory_mb=256,
                    timeout=TIMEOUT,
                ),
                code=code,
                environment=environment,
            )
            grant(function.role)
            functions[job_id] = function
        seal, check = functions["Seal"], functions["Check"]
        archive_objects = f"Resource::<{_logical_id(audit.archive)}.Arn>/*"
        for function in (seal, check):
            Validations.of(function.role).acknowledge(
                Acknowledgment(
                    id=nag.rule("IAM5", archive_objects),
                    reason="The objects of the audit archive bucket only: one pair of keys per UTC day, "
                    "written where new and locked by the bucket's default retention.",
                )
            )
        self.seal = seal.function
        self.check = check.function


def _logical_id(construct) -> str:
    return Stack.of(construct).get_logical_id(cast(CfnElement, construct.node.default_child))
