"""The report as a PDF document (functions/domain/report_document.py), whole or one person's, for the case
system or to print. Every download is audited before the file is given."""

from functions.domain.access import Permission
from functions.domain.report_document import report_document
from functions.shared.documents import document_pdf
from functions.staff.acting import Act, staff_use_case
from functions.stores.lifecycle import facts_of


@staff_use_case(Permission.READ_REPORT, "download_report_document")
def report_document_pdf(act: Act, report_id: str, person: int | None = None) -> tuple[str, bytes]:
    item = act.services.lifecycle.report_item(report_id)
    document = report_document(
        item,
        facts_of(item).persons,
        act.services.municipality,
        person=person,
        made_at=act.services.now(),
        made_by=act.staff.staff_id,
    )
    act.log(report_id, item.get("referenceNumber"), {"person": person} if person is not None else None)
    return document.file_name, document_pdf(document)
