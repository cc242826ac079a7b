"""Delivers hand-offs to the case system and alerts on those it has not acknowledged: every minute on a
schedule, and at once when the staff API asks after approving a decision (an asynchronous invocation naming
the report). Thin: the work is in handoffs.py."""

from functools import lru_cache

from functions.case_system.handoffs import CaseSystemWork, dispatch_due, dispatch_report
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.messaging import Messenger
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import HandoffDispatchSettings, settings_of
from functions.stores.audit import AuditStore
from functions.stores.handoff_channel import HandoffChannel
from functions.stores.handoffs import HandoffStore
from functions.stores.reports import ReportsStore


@lru_cache(maxsize=1)
def work() -> CaseSystemWork:
    settings = settings_of(HandoffDispatchSettings)
    dynamodb = client("dynamodb")
    audit = AuditStore(settings.audit_table_name, dynamodb)
    return CaseSystemWork(
        municipality=settings.municipality,
        reports=ReportsStore(settings.reports_table_name, dynamodb),
        handoffs=HandoffStore(settings.reports_table_name, dynamodb),
        channel=HandoffChannel(
            settings.handoff_bucket_name, client("s3"), settings.handoff_event_bus_name, client("events")
        ),
        audit=audit,
        now=utc_now,
        messenger=Messenger(settings.municipality, client("sns"), client("sesv2"), audit, utc_now),
    )


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    report_id = (event or {}).get("reportId")
    if isinstance(report_id, str) and report_id:
        counts = dispatch_report(work(), report_id)
    else:
        counts = dispatch_due(work())
    logger.info("hand-off dispatch", extra=counts)
    return counts
