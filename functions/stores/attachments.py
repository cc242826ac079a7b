"""Attachments: the files in their S3 bucket (quarantine/<reportId>/<attachmentId> until scanned, then
clean/<reportId>/<attachmentId>) and what is known of each on its report item, in the `attachments` map by
attachment id: the sanitized name, the declared type and size, the status and when it was offered and settled.
`attachmentCount` counts every upload offered, so the limit on files holds under concurrent requests."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from botocore.exceptions import ClientError

from functions.domain.attachments import (
    CLEAN_PREFIX,
    DOWNLOAD_WINDOW,
    QUARANTINE_PREFIX,
    SNIFF_BYTES,
    UPLOAD_WINDOW,
    AttachmentStatus,
    clean_key,
    quarantine_key,
    upload_policy,
)
from functions.stores.errors import ReportNotFound
from functions.stores.reports import iso, item_of, plain, report_key


@dataclass(frozen=True)
class QuarantinedHead:
    head: bytes
    size: int
    content_type: str


class TooManyAttachments(Exception):
    """The report already has as many attachments as the municipality allows."""


@dataclass(frozen=True)
class AttachmentRecord:
    attachment_id: str
    file_name: str
    content_type: str
    size: int
    status: AttachmentStatus
    offered_at: str
    settled_at: str | None = None

    @staticmethod
    def of(attachment_id: str, stored: dict) -> "AttachmentRecord":
        return AttachmentRecord(
            attachment_id=attachment_id,
            file_name=stored["fileName"],
            content_type=stored["contentType"],
            size=int(stored["size"]),
            status=AttachmentStatus(stored["status"]),
            offered_at=stored["offeredAt"],
            settled_at=stored.get("settledAt"),
        )


def attachments_of(report_item: dict) -> list[AttachmentRecord]:
    """The report's attachments, in the order they were offered."""
    records = [
        AttachmentRecord.of(key, value) for key, value in (report_item.get("attachments") or {}).items()
    ]
    return sorted(records, key=lambda record: (record.offered_at, record.attachment_id))


class AttachmentStore:
    def __init__(
        self, bucket: str, s3_client, reports_table: str | None = None, dynamodb_client=None
    ) -> None:
        self.bucket = bucket
        self._s3 = s3_client
        self._table = reports_table
        self._dynamodb = dynamodb_client

    # --- on the report item ---

    def offer(
        self,
        report_id: str,
        attachment_id: str,
        *,
        file_name: str,
        content_type: str,
        size: int,
        at: datetime,
        max_files: int,
    ) -> dict:
        """Records the attachment as awaiting its scan (only while the report has fewer than `max_files`),
        then gives the presigned POST for exactly its quarantine key, type and size."""
        record = {
            "fileName": file_name,
            "contentType": content_type,
            "size": size,
            "status": AttachmentStatus.AWAITING_SCAN.value,
            "offeredAt": iso(at),
        }
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=item_of(report_key(report_id)),
                UpdateExpression="SET attachments.#id = :record ADD attachmentCount :one",
                ConditionExpression="attribute_exists(attachments) AND "
                "(attribute_not_exists(attachmentCount) OR attachmentCount < :max)",
                ExpressionAttributeNames={"#id": attachment_id},
                ExpressionAttributeValues=item_of({":record": record, ":one": 1, ":max": max_files}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            if self._report_exists(report_id):
                raise TooManyAttachments(report_id) from error
            raise ReportNotFound(report_id) from error
        fields, conditions = upload_policy(content_type, size)
        return self._s3.generate_presigned_post(
            Bucket=self.bucket,
            Key=quarantine_key(report_id, attachment_id),
            Fields=fields,
            Conditions=conditions,
            ExpiresIn=int(UPLOAD_WINDOW.total_seconds()),
        )

    def _report_exists(self, report_id: str) -> bool:
        found = self._dynamodb.get_item(
            TableName=self._table, Key=item_of(report_key(report_id)), ProjectionExpression="pk"
        )
        return "Item" in found

    def record(self, report_id: str, attachment_id: str) -> AttachmentRecord | None:
        found = self._dynamodb.get_item(
            TableName=self._table,
            Key=item_of(report_key(report_id)),
            ProjectionExpression="attachments.#id",
            ExpressionAttributeNames={"#id": attachment_id},
            ConsistentRead=True,
        ).get("Item")
        stored = (plain(found).get("attachments") or {}).get(attachment_id) if found else None
        return AttachmentRecord.of(attachment_id, stored) if stored else None

    def settle(self, report_id: str, attachment_id: str, status: AttachmentStatus, at: datetime) -> bool:
        """Records the scan's outcome once; False when it was already settled (a redelivered event)."""
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=item_of(report_key(report_id)),
                UpdateExpression="SET attachments.#id.#status = :status, attachments.#id.settledAt = :at",
                ConditionExpression="attachments.#id.#status = :awaiting",
                ExpressionAttributeNames={"#id": attachment_id, "#status": "status"},
                ExpressionAttributeValues=item_of(
                    {
                        ":status": status.value,
                        ":at": iso(at),
                        ":awaiting": AttachmentStatus.AWAITING_SCAN.value,
                    }
                ),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    # --- the files ---

    def head_of_quarantined(
        self, report_id: str, attachment_id: str, e_tag: str | None = None
    ) -> QuarantinedHead | None:
        """The file's first bytes (enough to tell its type), its whole size and stored type; None when it is
        not there, or (given `e_tag`) no longer the version that was scanned."""
        try:
            found = self._s3.get_object(
                Bucket=self.bucket,
                Key=quarantine_key(report_id, attachment_id),
                Range=f"bytes=0-{SNIFF_BYTES - 1}",
                **({"IfMatch": e_tag} if e_tag else {}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404", "PreconditionFailed", "412"):
                return None
            raise
        head = found["Body"].read()
        # "bytes 0-8191/123456": the whole size; without a range (a small file) the length is the size.
        total = str(found.get("ContentRange", "")).rpartition("/")[2]
        size = int(total) if total.isdigit() else int(found.get("ContentLength", len(head)))
        return QuarantinedHead(head=head, size=size, content_type=found.get("ContentType", ""))

    def release(self, report_id: str, attachment_id: str, e_tag: str | None = None) -> None:
        """Moves a clean file out of quarantine, where staff can download it: only the version that was
        scanned (given its `e_tag`)."""
        self._s3.copy_object(
            Bucket=self.bucket,
            Key=clean_key(report_id, attachment_id),
            CopySource={"Bucket": self.bucket, "Key": quarantine_key(report_id, attachment_id)},
            MetadataDirective="COPY",
            **({"CopySourceIfMatch": e_tag} if e_tag else {}),
        )
        self.discard(report_id, attachment_id)

    def discard(self, report_id: str, attachment_id: str) -> None:
        self._s3.delete_object(Bucket=self.bucket, Key=quarantine_key(report_id, attachment_id))

    def download_url(self, report_id: str, record: AttachmentRecord) -> str:
        """A link that downloads the clean file under its name, for a minute."""
        return self._s3.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": clean_key(report_id, record.attachment_id),
                "ResponseContentDisposition": f"attachment; filename*=UTF-8''{quote(record.file_name)}",
                "ResponseContentType": record.content_type,
            },
            ExpiresIn=int(DOWNLOAD_WINDOW.total_seconds()),
        )

    def delete_all_of(self, report_id: str) -> int:
        """Gallring: every object of the report, in every prefix. The count deleted."""
        deleted = 0
        for prefix in (QUARANTINE_PREFIX, CLEAN_PREFIX):
            paginator = self._s3.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=f"{prefix}{report_id}/"):
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    self._s3.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
                    deleted += len(keys)
        return deleted
