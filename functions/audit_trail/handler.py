"""Scheduled daily (UTC): `seal` seals the days that have ended (seal.py), `check` goes over the recent
sealed days (check.py) and counts what it finds (AuditTrailFindings, an alarm). Thin."""

from datetime import UTC, datetime

from aws_lambda_powertools.metrics import MetricUnit

from functions.audit_trail.check import check_days
from functions.audit_trail.seal import seal_days
from functions.shared.aws import client
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import AuditTrailSettings, settings_of
from functions.stores.audit import AuditStore
from functions.stores.audit_archive import AuditArchive


def _stores() -> tuple[AuditStore, AuditArchive]:
    settings = settings_of(AuditTrailSettings)
    return (
        AuditStore(settings.audit_table_name, client("dynamodb")),
        AuditArchive(settings.audit_archive_bucket_name, client("s3")),
    )


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def seal(event: dict, context) -> dict:
    sealed = seal_days(*_stores(), datetime.now(UTC).date())
    metrics.add_metric(name="AuditDaysSealed", unit=MetricUnit.Count, value=len(sealed))
    days = [seal.day.isoformat() for seal in sealed]
    logger.info("audit days sealed", extra={"days": days, "entries": sum(seal.entries for seal in sealed)})
    return {"sealed": days}


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def check(event: dict, context) -> dict:
    findings = check_days(*_stores(), datetime.now(UTC).date())
    metrics.add_metric(name="AuditTrailFindings", unit=MetricUnit.Count, value=len(findings))
    answer = [{"day": finding.day.isoformat(), "problem": finding.problem.value} for finding in findings]
    if findings:
        logger.error("audit trail check found problems", extra={"findings": answer})
    return {"findings": answer}
