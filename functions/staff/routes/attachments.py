"""A clean file a reporter attached: a short-lived download link, each one audited."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.shared.contract import staff_operation
from functions.staff.answers import AttachmentDownload
from functions.staff.http import REPORT, act, json_response
from functions.staff.use_cases.attachments import download_attachment

router = Router()


@router.get(
    f"{REPORT}/attachments/<attachment_id>",
    **staff_operation(
        download_attachment,
        200,
        (404,),
        answer=AttachmentDownload,
        summary="Ladda ned en bifogad fil som är kontrollerad för skadlig kod (länken gäller en minut)",
    ),
)
def download(report_id: str, attachment_id: str) -> Response[str]:
    return json_response(200, act(router.current_event, download_attachment, report_id, attachment_id))
