"""EventBridge's "GuardDuty Malware Protection Object Scan Result" for the attachments bucket (locally: the
stand-in scanner's event of the same shape). Thin: the work is settle.settle_scan."""

from functools import lru_cache

from aws_lambda_powertools.metrics import MetricUnit

from functions.attachments.settle import ScanResult, settle_scan
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import AttachmentScanSettings, settings_of
from functions.stores.attachments import AttachmentStore


@lru_cache(maxsize=1)
def store() -> AttachmentStore:
    settings = settings_of(AttachmentScanSettings)
    return AttachmentStore(
        settings.attachments_bucket_name, client("s3"), settings.reports_table_name, client("dynamodb")
    )


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    settled = settle_scan(ScanResult.model_validate(event["detail"]), store(), utc_now)
    # Ids and the outcome only: a file's name is the reporter's text.
    logger.info(
        "attachment scanned",
        extra={
            "report_id": settled.report_id,
            "attachment_id": settled.attachment_id,
            "outcome": settled.status.value if settled.status else "ignored",
        },
    )
    if settled.status is not None:
        metrics.add_metric(name=f"Attachments_{settled.status.value}", unit=MetricUnit.Count, value=1)
    return {"outcome": settled.status.value if settled.status else "ignored"}
