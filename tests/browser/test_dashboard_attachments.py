"""The report page's attached files: a clean file is listed and downloaded (the download is in the audit
trail), an infected one is only mentioned, one still awaiting its scan is counted. axe-core runs on the page;
the dashboard's CSP stays on."""

import pytest
from playwright.sync_api import Page, expect

from local.scanner import EICAR
from tests.browser.dashboard_helpers import check_axe, expect_ready, sign_in
from tests.browser.staff_helpers import audit_timeline
from tests.integration.test_attachments import PDF, PNG, ask_upload, receipt_of, upload

pytestmark = pytest.mark.browser


def test_staff_download_a_clean_file_and_are_told_of_a_removed_one(dashboard: Page, local_stack):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    clean = ask_upload(local_stack, receipt, "Foto från gården.png", "image/png", len(PNG)).json()
    upload(clean, PNG)
    infected = ask_upload(local_stack, receipt, "intyg.pdf", "application/pdf", 200).json()
    upload(infected, PDF[:20] + EICAR)
    local_stack.scan_attachments()
    waiting = ask_upload(local_stack, receipt, "senare.png", "image/png", len(PNG)).json()
    upload(waiting, PNG)  # not scanned yet

    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)
    section = page.locator("#attachments")
    expect(section.get_by_role("heading", name="Bifogade filer")).to_be_visible()
    expect(section).to_contain_text("En bifogad fil togs bort: den innehöll skadlig kod.")
    expect(section).to_contain_text("1 fil väntar på kontroll för skadlig kod.")
    expect(section.get_by_role("button")).to_have_count(1)
    check_axe(page, "report with attachments")

    with page.expect_download() as downloading:
        section.get_by_role("button", name="Ladda ned Foto från gården.png").click()
    download = downloading.value
    assert download.suggested_filename == "Foto från gården.png"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PNG
    actions = [entry.action for entry in audit_timeline(local_stack, report_id)]
    assert actions.count("download_attachment") == 1
