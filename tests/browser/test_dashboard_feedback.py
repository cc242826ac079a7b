"""Återkoppling on the dashboard: the queue shows feedback that is due, the report page shows what the
professional reporter will be told, and the case worker downloads the letter, sends the feedback and marks
the letter sent, or records why feedback is inappropriate (a reason required). axe-core runs on each new
state; the dashboard's CSP stays on."""

import io

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    check_axe,
    expect_ready,
    post_report,
    sign_in,
    timeline_actions,
)
from tests.browser.staff_helpers import approve, assess, propose
from tests.integration.helpers import store_for

pytestmark = pytest.mark.browser

TEACHER = {
    "type": "yrkesverksam",
    "name": "Sara Lärarsson",
    "role": "Klasslärare",
    "organisation": "Demoskolan",
    "workEmail": "sara.larare@demoskolan.example.se",
    "wantsFeedback": True,
}


def decided_for_teacher(stack, outcome: str) -> dict:
    """A teacher's report about one child, decided by four eyes: its återkoppling is prepared."""
    stored = post_report(stack, concern=NEGLECT_ONLY, reporter=TEACHER)
    assess(stack, stored["reportId"])
    propose(stack, stored["reportId"], outcome)
    approve(stack, stored["reportId"])
    return stored


def open_report(page: Page, stack, report_id: str) -> None:
    page.goto(f"{stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)


def test_the_case_worker_sees_the_feedback_due_downloads_the_letter_sends_it_and_marks_the_letter_sent(
    dashboard: Page, local_stack
):
    stored = decided_for_teacher(local_stack, "no_investigation")
    reference = stored["referenceNumber"]
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    due = page.locator("#feedback-due-link")
    expect(due).to_contain_text("Återkoppling att skicka:")
    due.click()
    expect(page.locator("#queue-table caption")).to_contain_text("återkoppling att skicka")
    row = page.locator("tr", has=page.get_by_role("link", name=reference, exact=True))
    expect(row.locator(".marker.feedback-due")).to_have_text("Återkoppling att skicka")
    check_axe(page, "the queue's feedback filter")

    row.get_by_role("link", name=reference).click()
    expect_ready(page)
    section = page.locator("#feedback")
    expect(section).to_have_attribute("data-status", "prepared")
    expect(section.locator(".feedback-outcomes li")).to_have_count(1)
    expect(section.locator(".feedback-outcomes li")).to_contain_text("utredning inleds inte")
    expect(section).to_contain_text("e-postmeddelande till sin arbetsadress")
    check_axe(page, "the report's prepared feedback")

    with page.expect_download() as downloading:
        section.get_by_role("button", name="Ladda ned brevet (PDF)").click()
    download = downloading.value
    assert download.suggested_filename == f"aterkoppling-{reference}.pdf"
    with open(download.path(), "rb") as letter:
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(letter.read())).pages)
    assert reference in text and "utredning inleds inte" in text
    expect(page.locator("#feedback-letter-status")).to_have_text(
        f"aterkoppling-{reference}.pdf är nedladdad."
    )

    section.get_by_role("button", name="Skicka återkopplingen").click()
    expect(page.locator("#report-message")).to_have_text("Återkopplingen är skickad till anmälaren.")
    section = page.locator("#feedback")
    expect(section).to_have_attribute("data-status", "sent")
    expect(section).to_contain_text("Återkopplingen skickades")
    check_axe(page, "the report's sent feedback")

    section.get_by_role("button", name="Markera brevet som skickat").click()
    expect(page.locator("#report-message")).to_have_text("Brevet är markerat som skickat.")
    expect(page.locator("#feedback")).to_contain_text("Brevet markerades som skickat")
    expect(page.get_by_role("button", name="Markera brevet som skickat")).to_have_count(0)
    actions = [action for action, _ in timeline_actions(page)]
    for action in (
        "feedback_prepared",
        "download_feedback_letter",
        "send_feedback",
        "mark_feedback_letter_sent",
    ):
        assert action in actions, actions
    expect(page.locator('#timeline tr[data-action="feedback_prepared"]')).to_contain_text(
        "Oro förberedde återkoppling till anmälaren"
    )
    check_axe(page, "the report after the letter was marked sent")


def test_withholding_feedback_asks_for_a_reason_first(dashboard: Page, local_stack):
    stored = decided_for_teacher(local_stack, "investigation")
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, stored["reportId"])
    form = page.locator("#feedback-withhold-form")
    form.get_by_role("button", name="Skicka ingen återkoppling").click()
    expect(form.locator("[data-form-message]")).to_contain_text("Skriv varför återkoppling är olämplig")
    check_axe(page, "the refused withholding")
    assert store_for(local_stack).find_report_item(stored["reportId"])["feedback"]["status"] == "prepared"

    reason = "Anmälaren är närstående till familjen; ett besked kan skada barnet."
    form.get_by_label("Varför är återkoppling olämplig?").fill(reason)
    form.get_by_role("button", name="Skicka ingen återkoppling").click()
    expect(page.locator("#report-message")).to_have_text("Återkopplingen skickas inte. Skälet är sparat.")
    section = page.locator("#feedback")
    expect(section).to_have_attribute("data-status", "withheld")
    expect(section).to_contain_text(reason)
    expect(section.get_by_role("button", name="Ladda ned brevet (PDF)")).to_have_count(0)
    assert ("withhold_feedback", "demo-mottagning") in timeline_actions(page)
    check_axe(page, "the withheld feedback")
