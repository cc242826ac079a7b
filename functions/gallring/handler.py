"""Scheduled nightly (Europe/Stockholm): purge the reports whose purge date has come. Thin: the run is in
purge.py, the deletions in stores/gallring.py."""

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from aws_lambda_powertools.metrics import MetricUnit

from functions.gallring.purge import run_gallring
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.collaborators import attachment_store
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import GallringSettings, settings_of
from functions.stores.gallring import GallringStore
from functions.stores.handoff_channel import HandoffChannel


@lru_cache(maxsize=1)
def gallring_store() -> GallringStore:
    settings = settings_of(GallringSettings)
    return GallringStore(
        settings.reports_table_name,
        settings.audit_table_name,
        client("dynamodb"),
        attachment_store(settings),
        HandoffChannel(settings.handoff_bucket_name, client("s3")) if settings.handoff_bucket_name else None,
    )


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    # The municipality's date decides what is due: a report due on the 25th goes in the night to the 25th.
    municipality = settings_of(GallringSettings).municipality
    today = datetime.now(UTC).astimezone(ZoneInfo(municipality.office_hours.timezone)).date()
    summary = run_gallring(
        gallring_store(),
        municipality,
        today,
        now=utc_now,
        time_left_ms=context.get_remaining_time_in_millis,
    )
    metrics.add_metric(name="ReportsPurged", unit=MetricUnit.Count, value=summary.purged)
    metrics.add_metric(name="ReportsKeptForResearch", unit=MetricUnit.Count, value=summary.kept_for_research)
    metrics.add_metric(name="PurgeFailures", unit=MetricUnit.Count, value=summary.failed)
    metrics.add_metric(name="AuditEntriesPurged", unit=MetricUnit.Count, value=summary.audit_entries_purged)
    metrics.add_metric(name="PurgeRunIncomplete", unit=MetricUnit.Count, value=0 if summary.complete else 1)
    logger.info("gallring run", extra=summary.counts())
    return summary.counts()
