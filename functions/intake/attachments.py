"""POST /api/reports/{reportId}/attachments: one upload offered to the reporter of a report just received.

The receipt's token proves the right to attach (signed, bound to the report, an hour); the declared name,
type and size are checked against the municipality's limits; the file is recorded as awaiting its scan
before the presigned POST is given, so the limit on files holds, and nothing is in the bucket until the
reporter's browser posts the file itself, straight to S3."""

import uuid
from collections.abc import Callable
from datetime import datetime

from functions.domain.attachments import (
    AttachmentRefused,
    UploadRequest,
    check_token,
    check_upload,
    too_many_files,
)
from functions.domain.municipality import Attachments
from functions.stores.attachments import AttachmentStore, TooManyAttachments


def offer_upload(
    report_id: str,
    request: UploadRequest,
    *,
    settings: Attachments,
    store: AttachmentStore,
    token_key: str,
    now: Callable[[], datetime],
    language: str,
    new_attachment_id: Callable[[], str] = lambda: str(uuid.uuid4()),
) -> dict:
    """The presigned POST (`url` and `fields`) and the attachment's id; refusals are AttachmentRefused (in
    `language`) or AttachmentTokenInvalid, with nothing recorded."""
    at = now()
    check_token(request.token, report_id, token_key, at)
    file_name = check_upload(
        request, settings, files_so_far=0, language=language
    )  # the count: the store's condition
    attachment_id = new_attachment_id()
    try:
        upload = store.offer(
            report_id,
            attachment_id,
            file_name=file_name,
            content_type=request.content_type,
            size=request.size,
            at=at,
            max_files=settings.max_files,
        )
    except TooManyAttachments as error:
        raise AttachmentRefused(409, too_many_files(settings, language)) from error
    return {
        "attachmentId": attachment_id,
        "fileName": file_name,
        "upload": {"url": upload["url"], "fields": upload["fields"]},
    }
