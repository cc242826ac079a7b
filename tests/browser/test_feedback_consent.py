"""Consent to återkoppling for an adult (issue 13, item 5): the form asks a professional who wants återkoppling, for
each adult only, whether the person knows and agrees; the review and the receipt's copy show the answer; on the
report page a case worker records consent given later, audited and on the timeline. axe-core on each changed
page. The dashboard's CSP stays on."""

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser import dashboard_helpers
from tests.browser.dashboard_helpers import expect_ready, post_report, sign_in, timeline_actions
from tests.browser.form_helpers import (
    capture_posts,
    check_axe,
    expect_step,
    fill_concern,
    fill_other,
    fill_professional_reporter,
    open_form,
    person,
    press_continue,
    receipt_reference,
)
from tests.browser.staff_helpers import audit_timeline, staff_api
from tests.browser.test_dashboard_persons import ADULT_CONCERN

pytestmark = pytest.mark.browser

QUESTION = "Vet personen om anmälan och samtycker till att du får återkoppling?"
PROFESSIONAL = {
    "type": "yrkesverksam",
    "name": "Sara Sköterska",
    "role": "Distriktssköterska",
    "organisation": "Vårdcentralen Centrum",
    "workEmail": "sara@vc.example.se",
    "wantsFeedback": True,
}


def consent_question(page: Page, index: int):
    return person(page, index).locator('fieldset[data-key="feedbackConsent"]')


def test_the_form_asks_a_professional_about_an_adults_consent_only_and_sends_it(
    axe_page: Page, local_stack, axe_script
):
    page = axe_page  # axe-core is injected inline: this page's context lets it past the CSP
    bodies = capture_posts(page)
    open_form(page, local_stack)
    fill_professional_reporter(page)  # wants återkoppling
    press_continue(page)
    expect_step(page, 2)

    # A child: no consent is asked (återkoppling about a child needs none).
    person(page, 0).get_by_label("Ett barn eller en ungdom").check()
    expect(consent_question(page, 0)).to_be_hidden()
    # An adult: asked, beside whether the person knows, with Vet inte chosen.
    person(page, 0).get_by_label("En vuxen").check()
    question = consent_question(page, 0)
    expect(question).to_be_visible()
    expect(question.locator("legend")).to_have_text("Person 1: " + QUESTION)
    expect(question.get_by_label("Vet inte")).to_be_checked()
    hint = question.locator(".hint")
    expect(hint).to_contain_text("bara berätta för dig vad som händer om personen själv samtycker")
    assert question.get_attribute("aria-describedby") == hint.get_attribute("id")
    question.get_by_label("Ja, personen samtycker").check()

    page.locator("#add-person").click()
    person(page, 1).get_by_label("Ett barn eller en ungdom").check()
    person(page, 1).locator('input[data-key="age"]').fill("9")
    expect(consent_question(page, 1)).to_be_hidden()
    person(page, 1).get_by_label("En äldre person").check()
    expect(consent_question(page, 1)).to_be_visible()
    person(page, 1).get_by_label("Ett barn eller en ungdom").check()
    check_axe(page, axe_script, "the persons' step with an adult's consent asked")

    # Without återkoppling there is nothing to consent to: not asked, and asked again (as answered) when wanted.
    page.locator("#step-2 [data-back]").click()
    expect_step(page, 1)
    page.locator("#professional-feedback").uncheck()
    expect(consent_question(page, 0)).to_be_hidden()
    page.locator("#professional-feedback").check()
    press_continue(page)
    expect_step(page, 2)
    expect(consent_question(page, 0).get_by_label("Ja, personen samtycker")).to_be_checked()

    press_continue(page)
    expect_step(page, 3)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    expect_step(page, 5)
    review = page.locator("#review")
    expect(review.locator("dt", has_text="Samtycker till återkoppling")).to_have_count(1)
    expect(
        review.locator("div", has=page.locator("dt", has_text="Samtycker till återkoppling"))
    ).to_contain_text("Ja, personen samtycker")
    check_axe(page, axe_script, "the review with an adult's consent")

    page.locator("#send-button").click()
    reference = receipt_reference(page)
    sent = bodies[-1]["persons"]
    assert sent[0]["kind"] == "vuxen" and sent[0]["feedbackConsent"] == "ja"
    assert sent[1]["kind"] == "barn" and "feedbackConsent" not in sent[1]
    stored = json.loads(local_stack.find_report(reference)["content"])
    assert [p.get("feedbackConsent") for p in stored["persons"]] == ["ja", None]

    # The receipt's copy is the review's rendering: the answer is in it too.
    page.get_by_text("Visa kopian").click()
    expect(page.locator("#receipt-copy-content")).to_contain_text("Samtycker till återkoppling")
    expect(page.locator("#receipt-copy-content")).to_contain_text("Ja, personen samtycker")


def test_a_private_reporter_is_not_asked(page: Page, local_stack):
    bodies = capture_posts(page)
    open_form(page, local_stack)
    page.get_by_label("Som privatperson").check()
    page.get_by_label("Nej, jag lämnar mitt namn").check()
    page.locator("#private-name").fill("Karin Berg")
    press_continue(page)
    expect_step(page, 2)
    person(page, 0).get_by_label("En vuxen").check()
    expect(consent_question(page, 0)).to_be_hidden()
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    expect(page.locator("#review")).not_to_contain_text("Samtycker till återkoppling")
    page.locator("#send-button").click()
    receipt_reference(page)
    assert "feedbackConsent" not in bodies[-1]["persons"][0]


def test_a_case_worker_records_consent_given_later_on_the_report_page(dashboard: Page, local_stack):
    stored = post_report(
        local_stack,
        reporter=PROFESSIONAL,
        persons=[
            {
                "kind": "vuxen",
                "name": "Bo",
                "age": 45,
                "knowsAboutReport": "ja",
                "feedbackConsent": "vet_inte",
            },
            {"kind": "barn", "age": 7, "knowsAboutReport": "nej"},
        ],
        concern=ADULT_CONCERN,
    )
    report_id = stored["reportId"]
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)

    adult = page.locator('.report-summary .person-clocks[data-person="1"]')
    child = page.locator('.report-summary .person-clocks[data-person="2"]')
    consent_row = adult.locator(
        ".summary > div", has=page.locator("dt", has_text="Samtycke till återkoppling")
    )
    expect(consent_row).to_contain_text("I anmälan: Anmälaren visste inte")
    expect(consent_row).to_contain_text("Återkoppling får inte ges utan personens samtycke.")
    expect(child).not_to_contain_text("Samtycke till återkoppling")
    # What was reported shows the answer as written.
    expect(page.locator(".report-content")).to_contain_text("Anmälaren visste inte")

    form = page.locator("#consent-form-1")
    expect(form).to_be_visible()
    expect(page.locator("#consent-form-2")).to_have_count(0)  # a child needs no consent
    dashboard_helpers.check_axe(page, "the report page with the consent form")

    # Nothing chosen: said beside the form, nothing sent.
    form.get_by_role("button", name="Registrera samtycket").click()
    expect(form.locator("[data-form-message]")).to_contain_text(
        "Välj om personen har lämnat eller återkallat"
    )
    form.get_by_label("Samtycke lämnat").check()
    form.get_by_label("Hur lämnades det?").fill("Muntligt i telefon")
    form.get_by_role("button", name="Registrera samtycket").click()
    expect(page.locator("#report-message")).to_contain_text(
        "Samtycket till återkoppling för person 1 är registrerat."
    )

    consent_row = page.locator('.report-summary .person-clocks[data-person="1"] .summary > div').filter(
        has=page.locator("dt", has_text="Samtycke till återkoppling")
    )
    expect(consent_row).to_contain_text("Samtycke till återkoppling lämnat")
    expect(consent_row).to_contain_text("(Muntligt i telefon), registrerat av demo-mottagning")
    expect(consent_row).to_contain_text("Återkoppling får ges.")
    assert ("record_feedback_consent", "demo-mottagning") in timeline_actions(page)
    expect(page.locator("#timeline")).to_contain_text("Registrerade samtycke till återkoppling")
    dashboard_helpers.check_axe(page, "the report page after consent was recorded")

    # Audited with the person's number only, and the API says feedback is now allowed.
    entries = [
        entry for entry in audit_timeline(local_stack, report_id) if entry.action == "record_feedback_consent"
    ]
    assert [(entry.staff_id, entry.detail) for entry in entries] == [("demo-mottagning", {"person": 1})]
    detail = staff_api(local_stack, "demo-mottagning", "GET", f"/api/staff/reports/{report_id}").json()
    assert [person["feedbackAllowed"] for person in detail["persons"]] == [True, True]
    assert detail["content"]["persons"][0]["feedbackConsent"] == "vet_inte"  # the report as written
