"""The report as a PDF from the report page: the whole report and each person's, downloaded in the browser and
read back with pypdf; each download in the timeline; axe-core on the page with the new controls, wide and on
a phone."""

import io

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import NEGLECT_ONLY, check_axe, expect_ready, post_report, sign_in

pytestmark = pytest.mark.browser

TWO_CHILDREN = [
    {"kind": "barn", "name": "Mira Månsson", "age": 7},
    {"kind": "barn", "name": "Leo Månsson", "age": 10},
]


def downloaded_text(page: Page, button) -> tuple[str, str]:
    with page.expect_download() as downloading:
        button.click()
    download = downloading.value
    with open(download.path(), "rb") as pdf:
        reader = pypdf.PdfReader(io.BytesIO(pdf.read()))
    return download.suggested_filename, "\n".join(part.extract_text() for part in reader.pages)


def test_the_report_and_each_persons_part_download_as_pdf_from_the_report_page(dashboard: Page, local_stack):
    stored = post_report(local_stack, concern=NEGLECT_ONLY, persons=TWO_CHILDREN)
    reference = stored["referenceNumber"]
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}report.html?id={stored['reportId']}")
    expect_ready(page)
    section = page.locator("#report-document")
    expect(section.get_by_role("heading", name="Anmälan som dokument")).to_be_visible()

    name, text = downloaded_text(page, section.get_by_role("button", name="Ladda ned anmälan (PDF)"))
    assert name == f"anmalan-{reference}.pdf"
    assert reference in text and "Mira Månsson" in text and "Leo Månsson" in text
    expect(page.locator("#document-status")).to_have_text(f"anmalan-{reference}.pdf är nedladdad.")

    name, text = downloaded_text(page, section.get_by_role("button", name="Person 2 (PDF)"))
    assert name == f"anmalan-{reference}-person-2.pdf"
    assert "Leo Månsson" in text and "Person 1:" not in text

    page.reload()
    expect_ready(page)
    rows = page.locator('#timeline tr[data-action="download_report_document"]')
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Laddade ned anmälan som PDF")
    expect(rows.nth(1)).to_contain_text("(person 2)")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_axe(page, f"the report page with its document downloads, {width} px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
