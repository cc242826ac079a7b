"""The files a reporter attached: what staff are shown of them, and downloading a clean one (audited, one
entry per download). Files that were removed (malware, content not of its type, not scannable) are only
mentioned; files still awaiting their scan are only counted."""

from functions.domain.access import Permission
from functions.domain.attachments import REMOVED_TEXT, AttachmentStatus
from functions.staff.acting import Act, staff_use_case
from functions.stores.attachments import attachments_of
from functions.stores.errors import AttachmentNotFound


def attachments_view(report_item: dict) -> dict:
    records = attachments_of(report_item)
    return {
        "files": [
            {
                "attachmentId": record.attachment_id,
                "fileName": record.file_name,
                "contentType": record.content_type,
                "size": record.size,
                "scannedAt": record.settled_at,
            }
            for record in records
            if record.status is AttachmentStatus.CLEAN
        ],
        "removed": [REMOVED_TEXT[record.status] for record in records if record.status in REMOVED_TEXT],
        "awaitingScan": sum(record.status is AttachmentStatus.AWAITING_SCAN for record in records),
    }


@staff_use_case(Permission.DOWNLOAD_ATTACHMENT, "download_attachment")
def download_attachment(act: Act, report_id: str, attachment_id: str) -> dict:
    """A link that downloads the clean file for a minute; the download is audited before it is given."""
    item = act.services.lifecycle.report_item(report_id)  # ReportNotFound for an unknown report
    store = act.services.attachments
    record = next(
        (record for record in attachments_of(item) if record.attachment_id == attachment_id),
        None,
    )
    if store is None or record is None or record.status is not AttachmentStatus.CLEAN:
        raise AttachmentNotFound(attachment_id)
    act.log(report_id, item.get("referenceNumber"), {"attachmentId": attachment_id})
    return {
        "url": store.download_url(report_id, record),
        "fileName": record.file_name,
        "contentType": record.content_type,
        "size": record.size,
    }
