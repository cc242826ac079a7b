"""What a scan result does to the file it is about: a clean file whose content is its declared type moves
from quarantine/ to clean/; any other is deleted. The outcome is recorded on the report once (a redelivered
event changes nothing). The same code runs for GuardDuty's event in AWS and the local stand-in's."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from functions.domain.attachments import QUARANTINE_PREFIX, AttachmentStatus, verdict
from functions.stores.attachments import AttachmentStore


class _Event(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class S3ObjectDetails(_Event):
    bucket_name: str = Field(alias="bucketName")
    object_key: str = Field(alias="objectKey")
    e_tag: str | None = Field(default=None, alias="eTag")  # of the version that was scanned


class ScanResultDetails(_Event):
    scan_result_status: str = Field(alias="scanResultStatus")


class ScanResult(_Event):
    """The detail of EventBridge's "GuardDuty Malware Protection Object Scan Result" (the fields used)."""

    s3_object_details: S3ObjectDetails = Field(alias="s3ObjectDetails")
    scan_result_details: ScanResultDetails = Field(alias="scanResultDetails")


@dataclass(frozen=True)
class Settled:
    report_id: str
    attachment_id: str
    status: AttachmentStatus | None  # None: not one of ours, or already settled


def settle_scan(result: ScanResult, store: AttachmentStore, now: Callable[[], datetime]) -> Settled:
    key = result.s3_object_details.object_key
    parts = key.split("/")
    if (
        result.s3_object_details.bucket_name != store.bucket
        or len(parts) != 3
        or f"{parts[0]}/" != (QUARANTINE_PREFIX)
    ):
        return Settled("", "", None)  # only quarantined uploads are scanned for us; clean/ copies are not
    report_id, attachment_id = parts[1], parts[2]
    record = store.record(report_id, attachment_id)
    if record is None or record.status is not AttachmentStatus.AWAITING_SCAN:
        # Never offered (or the report is purged), or settled already (a second upload with the same form):
        # nothing of it may stay in quarantine.
        store.discard(report_id, attachment_id)
        return Settled(report_id, attachment_id, None)
    scanned = result.s3_object_details.e_tag
    found = store.head_of_quarantined(report_id, attachment_id, scanned)
    if found is None and scanned:
        # Replaced since the scan (the same form used again): what is there now was not what was scanned.
        store.discard(report_id, attachment_id)
        store.settle(report_id, attachment_id, AttachmentStatus.NOT_SCANNED, now())
        return Settled(report_id, attachment_id, AttachmentStatus.NOT_SCANNED)
    # S3 holds the upload to the declared size and type (the presigned POST's policy); checked again here,
    # where nothing else would notice a store that did not.
    as_declared = (
        found is not None and found.size <= record.size and found.content_type == record.content_type
    )
    status = verdict(
        result.scan_result_details.scan_result_status,
        record.content_type,
        found.head if found is not None and as_declared else None,
    )
    if status is AttachmentStatus.CLEAN:
        store.release(report_id, attachment_id, scanned)
    else:
        store.discard(report_id, attachment_id)
    store.settle(report_id, attachment_id, status, now())
    return Settled(report_id, attachment_id, status)
