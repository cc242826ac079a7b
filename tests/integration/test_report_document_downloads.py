"""The report as a PDF from the staff API on the local stack: the whole report and one person's, after four
eyes decided; every download audited with the person it was about; no such person or report is a 404; the
text of the file read back with pypdf."""

import base64
import io

import pypdf

from functions.shared import names
from functions.stores.audit import AuditStore
from tests.integration.test_staff_api import NEGLECT_ONLY, assess, call, decide, new_report

TWO_CHILDREN = [
    {"kind": "barn", "name": "Mira Månsson", "age": 7},
    {"kind": "barn", "name": "Leo Månsson", "age": 10},
]


def pdf_text(answer: dict) -> str:
    assert answer["contentType"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(answer["data"])))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_whole_report_and_each_persons_part_download_as_pdf_and_each_download_is_audited(
    local_stack, tokens
):
    report_id = new_report(local_stack, TWO_CHILDREN, **NEGLECT_ONLY)
    assess(local_stack, tokens, report_id, person=1)
    decide(local_stack, tokens, report_id, "investigation", person=1)
    reference = local_stack.reports_table.get_item(Key={"pk": f"REPORT#{report_id}", "sk": "REPORT"})["Item"][
        "referenceNumber"
    ]

    whole = call(local_stack, "GET", f"/api/staff/reports/{report_id}/document", tokens["mottagning"])
    assert whole.status_code == 200, whole.text
    assert whole.json()["fileName"] == f"anmalan-{reference}.pdf"
    text = pdf_text(whole.json())
    for expected in (
        reference,
        "Mira Månsson",
        "Leo Månsson",
        "Utredning inleds",
        "Godkänt av",
        "inte klart",
    ):
        assert expected in text, expected

    leo = call(local_stack, "GET", f"/api/staff/reports/{report_id}/persons/2/document", tokens["socialjour"])
    assert leo.status_code == 200, leo.text
    assert leo.json()["fileName"] == f"anmalan-{reference}-person-2.pdf"
    leo_text = pdf_text(leo.json())
    assert "Person 2" in leo_text and "Person 1:" not in leo_text and "Utredning inleds" not in leo_text

    nobody = call(
        local_stack, "GET", f"/api/staff/reports/{report_id}/persons/9/document", tokens["mottagning"]
    )
    assert nobody.status_code == 404 and "Mira" not in nobody.text
    missing = call(local_stack, "GET", "/api/staff/reports/no-such-report/document", tokens["mottagning"])
    assert missing.status_code == 404

    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    downloads = [entry for entry in audit.timeline(report_id) if entry.action == "download_report_document"]
    assert [(entry.staff_id, (entry.detail or {}).get("person")) for entry in downloads] == [
        ("demo-mottagning", None),
        ("demo-socialjour", 2),
    ]
