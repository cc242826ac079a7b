"""The reporter's own pages against the local stack and its local OpenID Connect providers: signing in from the
form's first screen (citizen and professional), the reporter step filled in from the session, Mina anmälningar
with the report just sent, signing out, and axe on both pages signed in."""

import re

import requests
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import check_axe as check_dashboard_axe
from tests.browser.dashboard_helpers import expect_ready
from tests.browser.dashboard_helpers import sign_in as sign_in_to_dashboard
from tests.browser.form_helpers import (
    CITIZEN_LABEL,
    XSS_IMG,
    check_axe,
    expect_step,
    fill_child,
    fill_concern,
    fill_other,
    open_form,
    press_continue,
    receipt_reference,
    sign_in_at_mina,
    sign_in_from_form,
)
from tests.browser.staff_helpers import approve, assess, propose, staff_post
from tests.integration.helpers import NEGLECT_ONLY, TEACHER, new_body, sign_in_reporter

STAFF_LABEL_START = "Kommunens inloggning"


def test_a_citizen_signs_in_reports_named_and_follows_the_report_in_mina_anmalningar(page: Page, local_stack):
    sign_in_from_form(page, local_stack, CITIZEN_LABEL, "anna.andersson")
    expect(page.locator(".signed-in-as")).to_have_text(f"Inloggad som Anna Andersson med {CITIZEN_LABEL}")

    page.get_by_label("Som privatperson").check()
    # Signed in: named by the sign-in, so no anonymity choice and no note that the web cannot be anonymous.
    expect(page.locator("#anonymity")).to_be_hidden()
    expect(page.locator("#anonymity-not-allowed")).to_be_hidden()
    expect(page.locator("#private-name")).to_have_value("Anna Andersson")
    page.locator("#private-relation").fill("Granne")
    press_continue(page)
    expect_step(page, 2)
    fill_child(page, 0, name="Mira", age="6")
    press_continue(page)
    fill_concern(page, description="Jag hör skrik varje kväll. " + XSS_IMG)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    page.locator("#send-button").click()
    reference = receipt_reference(page)
    # A new report after the receipt: the reporter step is filled in from the session again.
    page.get_by_role("button", name="Gör en ny anmälan").click()
    expect_step(page, 1)
    expect(page.locator("#private-name")).to_have_value("Anna Andersson")

    page.get_by_role("link", name="Mina anmälningar").click()
    page.wait_for_url("**/mina-anmalningar/")
    expect(page.locator("#sign-in")).to_contain_text("Inloggad som Anna Andersson")
    entry = page.locator(".own-report", has_text=reference)
    expect(entry).to_contain_text("Mottagen")
    expect(entry.locator("dt:text-is('Meddelanden') + dd")).to_have_text("0")

    entry.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Anmälan {reference}")).to_be_visible()
    expect(page.locator(".own-report-status")).to_contain_text("Mottagen")
    written = page.locator("dl.written").first
    expect(written).to_contain_text("Anna Andersson")
    # What they wrote, hostile markup and all, is text on the page, never run.
    expect(written).to_contain_text(XSS_IMG)
    assert page.evaluate("window.__pwned") is None
    expect(page.locator("#content")).to_contain_text("Inga meddelanden ännu.")

    page.get_by_role("button", name="Logga ut").click()
    expect(page.locator("#sign-in")).to_contain_text("Logga in för att se de anmälningar du har gjort.")
    expect(page.locator("#sign-in").get_by_role("link", name=f"Logga in med {CITIZEN_LABEL}")).to_be_visible()
    expect(page.locator("#content")).to_be_empty()
    # The address the sign-in and the notices give, with or without its last slash.
    page.goto(local_stack.base_url.rstrip("/") + "/mina-anmalningar")
    page.wait_for_url("**/mina-anmalningar/")
    expect(page.locator("#sign-in")).to_contain_text("Logga in för att se de anmälningar du har gjort.")


def test_a_teacher_signed_in_with_the_municipality_login_reports_as_a_professional_prefilled(
    page: Page, local_stack
):
    open_form(page, local_stack)
    staff_label = page.locator("#sign-in a[data-provider=kommunens_inloggning]").inner_text()
    assert staff_label.startswith(f"Logga in med {STAFF_LABEL_START}")
    sign_in_from_form(page, local_stack, staff_label.removeprefix("Logga in med "), "lena.lind")

    # In their role only: the private choice is not offered, the professional one is made and filled in.
    expect(page.get_by_label("Som privatperson")).to_be_hidden()
    expect(page.get_by_label("I mitt arbete (yrkesverksam)")).to_be_checked()
    expect(page.locator("#professional-name")).to_have_value("Lena Lind")
    expect(page.locator("#professional-role")).to_have_value("Lärare")
    expect(page.locator("#professional-organisation")).to_have_value(
        "Solängsskolan, " + page.locator(".site-name").inner_text().strip()
    )
    expect(page.locator("#professional-email")).to_have_value(re.compile(r"^lena\.lind@"))

    page.get_by_role("button", name="Logga ut").click()
    expect(page.locator("#sign-in")).to_contain_text("Logga in om du vill")
    expect(page.get_by_label("Som privatperson")).to_be_visible()
    expect(page.locator("#professional-name")).to_have_value("")


def test_the_signed_in_first_screen_and_mina_anmalningar_pass_axe_wide_and_narrow(
    axe_page: Page, local_stack, axe_script
):
    page = axe_page
    sign_in_from_form(page, local_stack, CITIZEN_LABEL, "erik.ek")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_axe(page, axe_script, f"form's first screen signed in, {width} px")
    page.get_by_role("link", name="Mina anmälningar").click()
    expect(page.get_by_role("heading", name="Dina anmälningar")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_axe(page, axe_script, f"Mina anmälningar, {width} px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_dashboard_shows_who_the_identity_provider_says_sent_a_signed_in_report(
    dashboard: Page, local_stack
):
    reporter = sign_in_reporter(local_stack, "kommunens_inloggning", "lena.lind")
    sent = reporter.post(f"{local_stack.base_url}/api/reports", json=new_body(reporter=TEACHER), timeout=30)
    assert sent.status_code == 201, sent.text
    report_id = local_stack.find_report(sent.json()["referenceNumber"])["reportId"]

    page = dashboard
    sign_in_to_dashboard(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)
    identity = page.locator("#verified-identity")
    # The provider as the municipality names it, not its id.
    expect(identity).to_contain_text("Identifierad med Kommunens inloggning (för dig som arbetar i ")
    expect(identity).to_contain_text("): Lena Lind, Lärare, Solängsskolan")
    expect(identity).to_contain_text("lena.lind@")
    check_dashboard_axe(page, "a signed-in report's verified identity")


def test_a_report_sent_without_signing_in_shows_no_verified_identity(dashboard: Page, local_stack):
    sent = requests.post(f"{local_stack.base_url}/api/reports", json=new_body(), timeout=30)
    assert sent.status_code == 201, sent.text
    report_id = local_stack.find_report(sent.json()["referenceNumber"])["reportId"]
    page = dashboard
    sign_in_to_dashboard(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)
    expect(page.get_by_role("heading", name="Anmälaren", exact=True)).to_be_visible()
    expect(page.locator("#verified-identity")).to_have_count(0)


def test_a_teacher_reads_the_feedback_in_mina_anmalningar_once_it_is_sent(page: Page, local_stack):
    reporter = sign_in_reporter(local_stack, "kommunens_inloggning", "lena.lind")
    body = new_body(reporter=TEACHER, **NEGLECT_ONLY)  # no violence: "no investigation" may be decided
    body["persons"][0]["name"] = "Mira Månsson"
    sent = reporter.post(f"{local_stack.base_url}/api/reports", json=body, timeout=30)
    assert sent.status_code == 201, sent.text
    reference = sent.json()["referenceNumber"]
    report_id = local_stack.find_report(reference)["reportId"]
    assess(local_stack, report_id)
    propose(local_stack, report_id, "no_investigation")
    approve(local_stack, report_id)
    staff_post(
        local_stack, "demo-mottagning", f"/api/staff/reports/{report_id}/feedback/send", {"version": 1}
    )

    sign_in_at_mina(page, local_stack, "kommunens_inloggning", "lena.lind")
    entry = page.locator(".own-report", has_text=reference)
    expect(entry).to_contain_text("Avslutad")
    expect(entry.locator("dt:text-is('Meddelanden') + dd")).to_have_text("1")
    entry.get_by_role("link", name=reference).click()
    message = page.locator(".own-message")
    expect(message.get_by_role("heading", name="Återkoppling")).to_be_visible()
    expect(message).to_contain_text("Skickat ")
    expect(message.locator(".own-message-outcomes li")).to_have_text(
        ["Mira Månsson (person 1): utredning inleds inte"]
    )


def test_on_a_phone_the_optional_sign_in_folds_so_that_the_first_question_stays_in_sight(
    page: Page, local_stack
):
    page.set_viewport_size({"width": 390, "height": 844})
    open_form(page, local_stack)
    more = page.locator("#sign-in-more")
    expect(more).not_to_have_attribute("open", "")
    link = more.get_by_role("link", name=f"Logga in med {CITIZEN_LABEL}")
    expect(link).to_be_hidden()
    more.locator("summary").click()
    expect(link).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(more).to_have_attribute("open", "")
    expect(more.locator("summary")).to_be_hidden()
    expect(more.get_by_role("heading", name="Logga in om du vill")).to_be_visible()
    # The footer no longer says "no cookies": it says the one a sign-in uses.
    expect(page.locator(".site-footer")).to_contain_text("Bara om du loggar in använder den en kaka")
