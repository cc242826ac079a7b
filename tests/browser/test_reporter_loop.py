"""The reporter's whole loop in real browsers against the local stack and its local OpenID Connect provider: a
teacher signs in with the municipality's login and reports about two children; the intake asks for more
information from the report page; the teacher answers in Mina anmälningar; four eyes decide (one child's
investigation opens, the other's does not); the intake sends the återkoppling and the teacher reads it. Then an
adult who did not consent: the återkoppling leaves them out, on both sides. axe-core checks the new views, the
notices are scanned for personal data."""

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import check_axe as check_dashboard_axe
from tests.browser.dashboard_helpers import expect_ready, sign_in, timeline_actions
from tests.browser.form_helpers import (
    XSS_IMG,
    check_axe,
    expect_step,
    fill_child,
    fill_other,
    mina_url,
    person,
    press_continue,
    receipt_reference,
    sign_in_at_mina,
    sign_in_from_form,
)
from tests.browser.staff_helpers import approve, assess, propose
from tests.integration.helpers import TEACHER, eventually, new_body, sign_in_reporter

QUESTION = "Vilken tid brukar barnen komma till skolan, och har de frukost med sig?\nSvara gärna för båda."
ANSWER = "De kommer oftast strax efter åtta, utan frukost. " + XSS_IMG
NEGLECT = "Barnen kommer ofta hungriga till skolan och har för tunna kläder för vädret."


def report_two_children_as_the_teacher(page: Page, stack) -> str:
    """Lena Lind signs in with the municipality's login on the form's first screen and reports about two
    children, asking for återkoppling; answers the receipt's reference number."""
    page.goto(stack.base_url.rstrip("/") + "/")
    label = page.locator("#sign-in a[data-provider=kommunens_inloggning]").inner_text()
    sign_in_from_form(page, stack, label.removeprefix("Logga in med "), "lena.lind")
    expect(page.get_by_label("I mitt arbete (yrkesverksam)")).to_be_checked()
    page.locator("#professional-feedback").check()
    press_continue(page)
    expect_step(page, 2)
    fill_child(page, 0, name="Mira Månsson", age="7")
    page.locator("#add-person").click()
    fill_child(page, 1, name="Leo Månsson", age="10")
    expect(person(page, 1)).to_be_visible()
    press_continue(page)
    expect_step(page, 3)
    page.locator("#concern-description").fill(NEGLECT)
    page.locator("#cat-omsorgsbrist").check()
    page.locator("#main-omsorgsbrist").check()
    page.locator("#acute-danger-no").check()
    press_continue(page)
    fill_other(page)
    press_continue(page)
    expect_step(page, 5)
    page.locator("#send-button").click()
    return receipt_reference(page)


def open_in_mina(page: Page, stack, reference: str):
    page.goto(mina_url(stack))
    entry = page.locator(".own-report", has_text=reference)
    expect(entry).to_be_visible()
    return entry


def notices_to(stack, address: str, reference: str) -> list[dict]:
    return [
        mail for mail in stack.outbox()["emails"] if address in mail["to"] and reference in mail["subject"]
    ]


def test_a_teacher_reports_two_children_answers_a_question_and_reads_the_feedback_per_child(
    axe_page: Page, second_dashboard: Page, local_stack, axe_script
):
    teacher, intake = axe_page, second_dashboard
    reference = report_two_children_as_the_teacher(teacher, local_stack)
    report_id = local_stack.find_report(reference)["reportId"]
    written = json.loads(local_stack.find_report(reference)["content"])
    address = written["reporter"]["workEmail"]

    # The intake asks, from the report page.
    sign_in(intake, local_stack, "demo-mottagning")
    intake.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(intake)
    conversation = intake.locator("#reporter-conversation")
    expect(conversation.get_by_role("heading", name="Frågor till anmälaren")).to_be_visible()
    conversation.get_by_role("button", name="Skicka frågan").click()
    expect(conversation.locator("[data-form-message]")).to_contain_text("Skriv frågan till anmälaren")
    conversation.get_by_label("Vad behöver du veta?").fill(QUESTION)
    conversation.get_by_role("button", name="Skicka frågan").click()
    expect(intake.locator("#report-message")).to_contain_text(
        "Frågan är skickad. Anmälaren har fått ett e-postmeddelande"
    )
    asked = intake.locator("#reporter-conversation .reporter-question")
    expect(asked).to_have_count(1)
    expect(asked).to_have_attribute("data-answered", "false")
    expect(asked.locator(".question-text")).to_have_text(QUESTION)
    expect(asked).to_contain_text("Inget svar ännu.")
    check_dashboard_axe(intake, "the report page with a question waiting for the reporter")

    # The notice: the reference and where to sign in, nothing of the report or the question.
    notice = eventually(lambda: notices_to(local_stack, address, reference))[0]
    text = notice["subject"] + "\n" + notice["text"]
    assert f"Du har en ny fråga om anmälan {reference}. Logga in för att läsa och svara." in text
    for personal in ("Mira", "Leo", "Månsson", "Lena", "Lind", "frukost", "hungriga", "Solängsskolan"):
        assert personal not in text, personal

    # The teacher answers in Mina anmälningar (still signed in: the same browser).
    entry = open_in_mina(teacher, local_stack, reference)
    expect(entry.locator("dt", has_text="Frågor att svara på")).to_have_count(1)
    entry.get_by_role("link", name=reference).click()
    question = teacher.locator(".own-question")
    expect(question.get_by_role("heading", name="Fråga från socialtjänsten")).to_be_visible()
    expect(question.locator(".own-message-text")).to_have_text(QUESTION)
    for width in (1280, 390):
        teacher.set_viewport_size({"width": width, "height": 900})
        check_axe(teacher, axe_script, f"a question to answer in Mina anmälningar, {width} px")
        assert teacher.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    question.get_by_role("button", name="Skicka svaret").click()
    answer_field = question.get_by_label("Ditt svar")
    expect(answer_field).to_be_focused()
    expect(answer_field).to_have_attribute("aria-invalid", "true")
    expect(question.locator(".error-message")).to_have_text("Skriv ditt svar innan du skickar.")
    check_axe(teacher, axe_script, "an empty answer refused")
    answer_field.fill(ANSWER)
    question.get_by_role("button", name="Skicka svaret").click()
    expect(teacher.locator("#live")).to_have_text("Tack! Ditt svar är skickat.")
    answered = teacher.locator(".own-question")
    expect(answered.locator(".own-answer")).to_have_text(ANSWER)
    expect(answered.get_by_role("button", name="Skicka svaret")).to_have_count(0)
    assert teacher.evaluate("window.__pwned") is None

    # The answer on the report page and its timeline; the reporter named by role, never by name.
    intake.reload()
    expect_ready(intake)
    asked = intake.locator("#reporter-conversation .reporter-question")
    expect(asked).to_have_attribute("data-answered", "true")
    expect(asked.locator(".answer-text")).to_have_text(ANSWER)
    assert intake.evaluate("window.__pwned") is None
    answered_row = intake.locator('#timeline tr[data-action="reporter_answered_question"]')
    expect(answered_row).to_contain_text("Anmälaren svarade på en fråga")
    expect(answered_row).to_contain_text("Anmälare (inloggad)")
    expect(intake.locator('#timeline tr[data-action="ask_reporter"]')).to_contain_text(
        "Ställde en fråga till anmälaren"
    )
    assert ("ask_reporter", "demo-mottagning") in timeline_actions(intake)
    check_dashboard_axe(intake, "the report page with the reporter's answer")

    # Four eyes decide for each child: Mira's investigation opens, Leo's does not.
    for number, outcome in ((1, "investigation"), (2, "no_investigation")):
        assess(local_stack, report_id, person=number)
        propose(local_stack, report_id, outcome, person=number)
        approve(local_stack, report_id, person=number)

    intake.reload()
    expect_ready(intake)
    feedback = intake.locator("#feedback")
    expect(feedback).to_have_attribute("data-status", "prepared")
    outcomes = feedback.locator(".feedback-outcomes li")
    expect(outcomes).to_have_text(
        [
            re.compile(r"Mira Månsson.*: utredning inleds$"),
            re.compile(r"Leo Månsson.*: utredning inleds inte$"),
        ]
    )
    feedback.get_by_role("button", name="Skicka återkopplingen").click()
    expect(intake.locator("#report-message")).to_have_text("Återkopplingen är skickad till anmälaren.")
    expect(intake.locator("#reporter-conversation form")).to_have_count(0)  # decided: no more questions

    # The teacher reads it: the law's words per child, after the question and its answer.
    entry = open_in_mina(teacher, local_stack, reference)
    expect(entry).to_contain_text("Avslutad")
    entry.get_by_role("link", name=reference).click()
    messages = teacher.locator(".own-messages > li")
    expect(messages.locator("h4")).to_have_text(["Fråga från socialtjänsten", "Återkoppling"])
    expect(teacher.locator(".own-message-outcomes li")).to_have_text(
        ["Mira Månsson (person 1): utredning inleds", "Leo Månsson (person 2): utredning inleds inte"]
    )
    check_axe(teacher, axe_script, "the återkoppling in Mina anmälningar")
    feedback_notice = eventually(
        lambda: [mail for mail in notices_to(local_stack, address, reference) if "besked" in mail["text"]]
    )[0]
    for personal in ("Mira", "Leo", "Månsson", "inleds"):
        assert personal not in feedback_notice["subject"] + feedback_notice["text"], personal


def test_an_adult_who_did_not_consent_is_left_out_of_the_feedback_on_both_sides(
    page: Page, second_dashboard: Page, local_stack
):
    reporter = sign_in_reporter(local_stack, "kommunens_inloggning", "karim.nasser")
    body = new_body(reporter={**TEACHER, "name": "Karim Nasser", "workEmail": "karim.nasser@prov.example.se"})
    child = {**body["persons"][0], "kind": "barn", "name": "Sami Nasser"}
    adult = {"kind": "vuxen", "name": "Nour Haddad", "age": 34, "feedbackConsent": "nej"}
    body["persons"] = [child, adult]
    body["concern"] = {
        "description": NEGLECT,
        "categories": ["omsorgsbrist"],
        "mainCategory": "omsorgsbrist",
        "acuteDanger": False,
    }
    sent = reporter.post(f"{local_stack.base_url}/api/reports", json=body, timeout=30)
    assert sent.status_code == 201, sent.text
    reference = sent.json()["referenceNumber"]
    report_id = local_stack.find_report(reference)["reportId"]
    for number, outcome in ((1, "no_investigation"), (2, "investigation")):
        assess(local_stack, report_id, person=number)
        propose(local_stack, report_id, outcome, person=number)
        approve(local_stack, report_id, person=number)

    intake = second_dashboard
    sign_in(intake, local_stack, "demo-mottagning")
    intake.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(intake)
    feedback = intake.locator("#feedback")
    expect(feedback.locator(".feedback-outcomes li")).to_have_text(
        [re.compile(r"Sami Nasser.*: utredning inleds inte$")]
    )
    expect(feedback).to_contain_text("Person 2 ingår inte: en vuxen får återkoppling bara med sitt samtycke")
    feedback.get_by_role("button", name="Skicka återkopplingen").click()
    expect(intake.locator("#report-message")).to_have_text("Återkopplingen är skickad till anmälaren.")

    messages = reporter.get(f"{local_stack.base_url}/api/reporter/reports/{report_id}", timeout=30).json()[
        "messages"
    ]
    assert [message["outcomes"] for message in messages if message["kind"] == "aterkoppling"] == [
        {"1": "utredning inleds inte"}
    ]
    # And in the browser, signed in as Karim: only the child's outcome, nothing about the adult.
    sign_in_at_mina(page, local_stack, "kommunens_inloggning", "karim.nasser")
    page.locator(".own-report", has_text=reference).get_by_role("link", name=reference).click()
    expect(page.locator(".own-message-outcomes li")).to_have_text(
        ["Sami Nasser (person 1): utredning inleds inte"]
    )
    expect(page.locator(".own-messages")).not_to_contain_text("person 2")
