"""The report as a PDF document: the whole report, or one person's part of it (for a case system that files
a document per person)."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.shared.contract import staff_operation
from functions.staff.answers import PdfAnswer
from functions.staff.http import PERSON, REPORT, act, pdf_response, person_number
from functions.staff.use_cases.documents import report_document_pdf

router = Router()


@router.get(
    f"{REPORT}/document",
    **staff_operation(report_document_pdf, 200, (404,), answer=PdfAnswer, summary="Anmälan som PDF-dokument"),
)
def whole_report(report_id: str) -> Response[str]:
    return pdf_response(*act(router.current_event, report_document_pdf, report_id))


@router.get(
    f"{PERSON}/document",
    **staff_operation(
        report_document_pdf,
        200,
        (404,),
        answer=PdfAnswer,
        summary="Anmälan som PDF-dokument för en av personerna den gäller",
    ),
)
def one_persons_report(report_id: str, person: str) -> Response[str]:
    return pdf_response(*act(router.current_event, report_document_pdf, report_id, person_number(person)))
