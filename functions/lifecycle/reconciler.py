"""Scheduled: starts the lifecycle of any report whose start did not go through at intake.

The intake answers the reporter once the report is stored, even if Step Functions was unreachable; such a
report keeps its `lifecyclePending` mark until the state machine's first state clears it. Every few
minutes this finds those marks through a sparse index (never a scan) and starts them. Starting one that is
already running is harmless: executions are named after the report.
"""

from datetime import UTC, datetime, timedelta

from aws_lambda_powertools.metrics import MetricUnit

from functions.lifecycle.starter import LifecycleStarter
from functions.shared.collaborators import lifecycle_starter, reports_store
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import LifecycleStartSettings, settings_of
from functions.stores.reports import ReportsStore

# A report younger than this is probably being started by its own intake request right now.
GRACE_PERIOD = timedelta(minutes=2)


def reconcile(store: ReportsStore, lifecycle: LifecycleStarter, now: datetime) -> dict[str, int]:
    started = failed = 0
    for pending in store.pending_lifecycles(received_before=now - GRACE_PERIOD):
        outcome = lifecycle.start(pending.report_id, pending.reference_number, pending.received_at)
        if outcome.started:
            started += 1
        else:
            failed += 1
            logger.warning(
                "lifecycle start failed", extra={"report_id": pending.report_id, "error": outcome.error}
            )
    return {"started": started, "failed": failed}


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    settings = settings_of(LifecycleStartSettings)
    counts = reconcile(reports_store(settings), lifecycle_starter(settings), now=datetime.now(UTC))
    metrics.add_metric(name="LifecyclesReconciled", unit=MetricUnit.Count, value=counts["started"])
    metrics.add_metric(name="LifecycleReconcileFailures", unit=MetricUnit.Count, value=counts["failed"])
    logger.info("reconciled", extra=counts)
    return counts
