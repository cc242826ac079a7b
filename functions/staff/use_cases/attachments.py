"""Downloading a clean file a reporter attached: audited, one entry per download (what staff are shown of
the files is views.attachments_view)."""

from functions.domain.access import Permission
from functions.domain.attachments import AttachmentStatus
from functions.staff.acting import Act, staff_use_case
from functions.stores.attachments import attachments_of
from functions.stores.errors import AttachmentNotFound


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
