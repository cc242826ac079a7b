"""The citizen form in Debian chromium: accessibility, keyboard use, validation, retries, safety, privacy."""

import json
import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pydantic import TypeAdapter, ValidationError
from stdnum import luhn

from functions.domain import report as model
from functions.domain.text import Email, PhoneNumber
from tests.browser.form_helpers import (
    XSS_IMG,
    XSS_SCRIPT,
    assert_report_stored,
    capture_posts,
    check_axe,
    expect_step,
    fill_child,
    fill_concern,
    fill_other,
    fill_private_reporter,
    fill_professional_reporter,
    open_form,
    person,
    press_continue,
    receipt_reference,
)

pytestmark = pytest.mark.browser


# ---------- (a) axe-core on every step, error states and the receipt ----------


def test_axe_private_path_every_step_and_error_state(axe_page: Page, local_stack, axe_script):
    page = axe_page
    open_form(page, local_stack)
    check_axe(page, axe_script, "step 1, start")
    press_continue(page)
    expect(page.locator("#step-1 [data-error-summary]")).to_be_focused()
    check_axe(page, axe_script, "step 1, errors")
    page.get_by_label("Som privatperson").check()
    press_continue(page)
    check_axe(page, axe_script, "step 1, private, errors")
    fill_private_reporter(page)
    press_continue(page)

    expect_step(page, 2)
    page.locator("#add-person").click()
    person(page, 0).get_by_label("Ett barn eller en ungdom").check()
    person(page, 0).locator("[data-add-guardian]").click()
    person(page, 0).locator('input[data-key="personalIdentityNumber"]').fill("20150324-1232")
    check_axe(page, axe_script, "step 2, two persons and a guardian")
    press_continue(page)
    expect(page.locator("#step-2 [data-error-summary]")).to_be_focused()
    check_axe(page, axe_script, "step 2, errors")
    person(page, 0).locator('input[data-key="personalIdentityNumber"]').fill("")
    fill_child(page, 0, name="Alva", age="7")
    person(page, 1).locator("[data-remove-person]").click()
    press_continue(page)

    expect_step(page, 3)
    press_continue(page)
    check_axe(page, axe_script, "step 3, errors")
    fill_concern(page)
    page.locator("#acute-danger-yes").check()
    expect(page.locator("#acute-danger-advice")).to_contain_text("Ring 112")
    check_axe(page, axe_script, "step 3, acute danger advice")
    press_continue(page)

    expect_step(page, 4)
    page.locator("#interpreter-yes").check()
    press_continue(page)
    check_axe(page, axe_script, "step 4, errors")
    fill_other(page, interpreter="Arabiska")
    press_continue(page)

    expect_step(page, 5)
    check_axe(page, axe_script, "step 5, review")
    page.route(
        "**/api/reports", lambda route: route.fulfill(status=503, json={"message": "Tillfälligt fel."})
    )
    page.locator("#send-button").click()
    expect(page.locator("#send-problem")).to_be_focused()
    check_axe(page, axe_script, "step 5, send failed")
    page.unroute("**/api/reports")
    page.locator("#retry-send").click()

    receipt_reference(page)
    check_axe(page, axe_script, "receipt, private")


def test_axe_professional_path_and_receipt(axe_page: Page, local_stack, axe_script):
    page = axe_page
    open_form(page, local_stack)
    page.get_by_label("I mitt arbete (yrkesverksam)").check()
    check_axe(page, axe_script, "step 1, professional")
    press_continue(page)
    check_axe(page, axe_script, "step 1, professional, errors")
    fill_professional_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Leo", pnr="20150324-1232")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    check_axe(page, axe_script, "step 5, professional review")
    page.locator("#send-button").click()
    receipt_reference(page)
    check_axe(page, axe_script, "receipt, professional")


def test_reflows_at_narrow_width_like_400_percent_zoom(page: Page, local_stack):
    page.set_viewport_size({"width": 320, "height": 640})
    open_form(page, local_stack)
    page.get_by_label("I mitt arbete (yrkesverksam)").check()
    press_continue(page)
    no_horizontal_scroll = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(no_horizontal_scroll)
    fill_professional_reporter(page)
    press_continue(page)
    person(page, 0).get_by_label("Ett barn eller en ungdom").check()
    person(page, 0).locator("[data-add-guardian]").click()
    press_continue(page)  # with the error summary shown
    assert page.evaluate(no_horizontal_scroll)


# ---------- (b) the private path with the keyboard alone ----------


def _tab_until(page: Page, condition: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return !!e && ({condition}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def _tab_to(page: Page, element_id: str) -> None:
    _tab_until(page, f"e.id === {json.dumps(element_id)}")


def _choose_radio(page: Page, name_condition: str, value: str) -> None:
    """Tab into a radio group, move with the arrow keys to the value, select it with Space."""
    _tab_until(page, f"e.type === 'radio' && ({name_condition})")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == value:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked && document.activeElement.value") == value


def _type_into(page: Page, element_id: str, text: str) -> None:
    _tab_to(page, element_id)
    page.keyboard.type(text)


def _enter_on_submit(page: Page) -> None:
    _tab_until(page, "e.type === 'submit'")
    page.keyboard.press("Enter")


def test_private_person_completes_the_form_with_keyboard_only(page: Page, local_stack):
    open_form(page, local_stack)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    _choose_radio(page, "e.name === 'reporterType'", "privatperson")
    _choose_radio(page, "e.name === 'anonymous'", "nej")
    _type_into(page, "private-name", "Karin Berg")
    _type_into(page, "private-phone", "070-123 45 67")
    _type_into(page, "private-relation", "Granne")
    page.keyboard.press("Enter")  # Enter in a text field continues

    expect_step(page, 2)
    _choose_radio(page, "e.name.endsWith('-kind')", "barn")
    first_pid = person(page, 0).get_attribute("data-pid")
    _type_into(page, f"{first_pid}-name", "Alva")
    _type_into(page, f"{first_pid}-age", "7")
    _tab_until(page, "e.hasAttribute('data-add-guardian')")
    page.keyboard.press("Enter")
    expect(page.locator("[data-guardian-heading]").first).to_be_focused()
    _tab_until(page, "e.closest('[data-guardian]') && e.dataset.key === 'name'")
    page.keyboard.type("Sara Andersson")
    _tab_to(page, "add-person")
    page.keyboard.press("Enter")
    expect(person(page, 1).locator("[data-person-heading]")).to_be_focused()
    _choose_radio(page, "e.name.endsWith('-kind')", "barn")
    second_pid = person(page, 1).get_attribute("data-pid")
    _type_into(page, f"{second_pid}-name", "Nils")
    page.keyboard.press("Enter")

    expect_step(page, 3)
    _type_into(
        page,
        "concern-description",
        "Barnen är ofta ensamma hemma på kvällarna.\nDe säger att de är hungriga.",
    )
    _tab_to(page, "cat-omsorgsbrist")
    page.keyboard.press("Space")
    _tab_to(page, "cat-psykisk_ohalsa")
    page.keyboard.press("Space")
    _choose_radio(page, "e.name === 'mainCategory'", "omsorgsbrist")
    _type_into(page, "concern-since", "Sedan i höstas")
    _choose_radio(page, "e.name === 'acuteDanger'", "nej")
    _enter_on_submit(page)

    expect_step(page, 4)
    _choose_radio(page, "e.name === 'interpreterNeeded'", "ja")
    _type_into(page, "interpreter-language", "Arabiska")
    _enter_on_submit(page)

    expect_step(page, 5)
    review = page.locator("#review")
    expect(review).to_contain_text("Karin Berg")
    expect(review).to_contain_text("Nils")
    expect(review).to_contain_text("Sara Andersson")
    expect(review).to_contain_text("Brister i omsorgen")
    _tab_to(page, "send-button")
    page.keyboard.press("Enter")

    reference = receipt_reference(page)
    expect(page.locator("#receipt-next-steps li").first).to_be_visible()
    expect(page.locator("#receipt-socialjour-phone")).to_have_text(
        local_stack.municipality.socialjour.public_phone
    )
    assert_report_stored(local_stack, reference, reporter_type="privatperson", persons=2)


# ---------- (c) the professional path, with the mouse ----------


def test_professional_reports_and_the_report_is_stored(page: Page, local_stack):
    bodies = capture_posts(page)
    open_form(page, local_stack)
    fill_professional_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Leo Ek", age="9")
    person(page, 0).locator('input[data-key="schoolOrPreschool"]').fill("Björkskolan")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)

    # "Ändra" goes back to the step; continuing returns to the review.
    page.locator("#review").get_by_role("button", name="Ändra din oro").click()
    expect_step(page, 3)
    page.locator("#concern-since").fill("I två veckor")
    press_continue(page)
    expect_step(page, 5)
    expect(page.locator("#review")).to_contain_text("I två veckor")

    page.locator("#send-button").click()
    reference = receipt_reference(page)
    expect(page.locator("#receipt-received")).to_contain_text("kl.")
    assert len(bodies) == 1
    sent = bodies[0]
    assert sent["reporter"] == {
        "type": "yrkesverksam",
        "name": "Eva Lind",
        "role": "Lärare",
        "organisation": "Björkskolan",
        "workEmail": "eva.lind@skola.example.se",
        "wantsFeedback": True,
    }
    assert sent["persons"][0]["age"] == 9
    assert_report_stored(local_stack, reference, reporter_type="yrkesverksam", persons=1)

    # A new report starts from nothing.
    page.get_by_role("button", name="Gör en ny anmälan").click()
    expect_step(page, 1)
    expect(page.locator("#reporter-type-professional")).not_to_be_checked()
    expect(page.locator("#professional-name")).to_have_value("")
    assert page.locator("#persons > [data-person]").count() == 1


# ---------- (d) client-side errors ----------


def test_missing_fields_show_a_summary_whose_links_move_focus(page: Page, local_stack):
    open_form(page, local_stack)
    page.get_by_label("I mitt arbete (yrkesverksam)").check()
    press_continue(page)
    summary = page.locator("#step-1 [data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    expect(links).to_have_count(4)
    expect(page).to_have_title(
        f"Fel: Steg 1 av 5: Om dig som anmäler – Orosanmälan – {local_stack.municipality.name}"
    )
    for index, field_id in enumerate(
        ["professional-name", "professional-role", "professional-organisation", "professional-phone"]
    ):
        field = page.locator(f"#{field_id}")
        expect(field).to_have_attribute("aria-invalid", "true")
        error_id = f"{field_id}-error"
        assert error_id in field.get_attribute("aria-describedby").split()
        expect(page.locator(f"#{error_id}")).to_be_visible()
        links.nth(index).click()
        expect(field).to_be_focused()

    # Keyboard: Enter on a summary link also moves focus to the field.
    fill_professional_reporter(page)
    page.locator("#professional-email").fill("inte-en-adress")
    press_continue(page)
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#professional-email")).to_be_focused()
    expect(page.locator("#professional-email-error")).to_contain_text("namn@exempel.se")

    page.locator("#professional-email").fill("eva@skola.example.se")
    press_continue(page)
    expect_step(page, 2)
    person(page, 0).locator('input[data-key="personalIdentityNumber"]').fill(
        "20150324-1234"
    )  # wrong check digit
    press_continue(page)
    summary = page.locator("#step-2 [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator("a")).to_have_count(2)  # who it concerns; personnummer
    summary.locator("a").nth(1).click()
    expect(person(page, 0).locator('input[data-key="personalIdentityNumber"]')).to_be_focused()
    summary.locator("a").nth(0).click()
    expect(person(page, 0).locator('input[value="barn"]')).to_be_focused()

    fill_child(page, 0, name="Alva", pnr="20150324-1232")
    press_continue(page)
    expect_step(page, 3)
    press_continue(page)
    summary = page.locator("#step-3 [data-error-summary]")
    expect(summary.locator("a")).to_have_count(3)  # acute danger (first on the step); description; categories
    summary.locator("a").nth(2).click()
    expect(page.locator("#cat-vald")).to_be_focused()
    summary.locator("a").nth(0).click()
    expect(page.locator("#acute-danger-yes")).to_be_focused()


def test_server_errors_are_shown_beside_fields_on_earlier_steps(page: Page, local_stack):
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Alva", age="7")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    page.route(
        "**/api/reports",
        lambda route: route.fulfill(
            status=400,
            json={
                "message": "Anmälan kunde inte tas emot.",
                "errors": [
                    {"field": "persons.0.age", "message": "Person 1: ålder får inte vara större än 130."},
                    {
                        "field": "concern.description",
                        "message": "Beskrivning av oron får vara högst 10000 tecken.",
                    },
                ],
            },
        ),
    )
    page.locator("#send-button").click()
    expect(page.locator("#step-2")).to_be_visible()
    summary = page.locator("#step-2 [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Anmälan kunde inte tas emot.")
    age = person(page, 0).locator('input[data-key="age"]')
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{age.get_attribute('id')}-error")).to_contain_text("större än 130")
    summary.locator("a").first.click()
    expect(age).to_be_focused()


# ---------- (e) network failure keeps everything and retries with the same submissionId ----------


def test_network_failure_keeps_data_and_retry_reuses_submission_id(page: Page, local_stack):
    bodies = capture_posts(page)
    attempts = {"count": 0}

    def abort_first(route):
        attempts["count"] += 1
        if attempts["count"] == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/api/reports", abort_first)
    open_form(page, local_stack)
    fill_private_reporter(page, anonymous=True)
    press_continue(page)
    fill_child(page, 0, name="Alva", age="7")
    press_continue(page)
    fill_concern(page, "Alva kommer ofta till skolan utan mat.")
    press_continue(page)
    fill_other(page)
    press_continue(page)
    page.locator("#send-button").click()

    problem = page.locator("#send-problem")
    expect(problem).to_be_focused()
    expect(problem).to_contain_text("Det du har skrivit finns kvar")
    expect(page.locator("#review")).to_contain_text("Alva kommer ofta till skolan utan mat.")
    assert page.locator("#concern-description").input_value() == "Alva kommer ofta till skolan utan mat."
    assert person(page, 0).locator('input[data-key="name"]').first.input_value() == "Alva"

    page.get_by_role("button", name="Försök igen").click()
    reference = receipt_reference(page)
    assert len(bodies) == 2
    assert bodies[0]["submissionId"] == bodies[1]["submissionId"]
    assert bodies[0] == bodies[1]
    assert bodies[1]["reporter"] == {"type": "privatperson", "anonymous": True, "relation": "Granne"}
    assert_report_stored(local_stack, reference, reporter_type="privatperson", persons=1)


def test_conflict_offers_to_send_as_a_new_report_with_a_new_id(page: Page, local_stack):
    bodies = capture_posts(page)
    attempts = {"count": 0}

    def conflict_first(route):
        attempts["count"] += 1
        if attempts["count"] == 1:
            route.fulfill(
                status=409, json={"message": "Anmälan finns redan med annat innehåll.", "errors": []}
            )
        else:
            route.continue_()

    page.route("**/api/reports", conflict_first)
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Alva")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    page.locator("#send-button").click()
    expect(page.locator("#send-problem")).to_be_focused()
    expect(page.get_by_role("button", name="Försök igen")).to_be_hidden()
    page.get_by_role("button", name="Skicka som en ny anmälan").click()
    receipt_reference(page)
    assert len(bodies) == 2
    assert bodies[0]["submissionId"] != bodies[1]["submissionId"]


# ---------- (f) free text is text, never markup ----------


def test_markup_in_free_text_is_shown_literally_and_never_runs(page: Page, local_stack):
    open_form(page, local_stack)
    fill_private_reporter(page, name=XSS_IMG)
    press_continue(page)
    fill_child(page, 0, name=XSS_SCRIPT)
    press_continue(page)
    fill_concern(page, f"Före {XSS_IMG} mitten {XSS_SCRIPT} efter")
    press_continue(page)
    page.locator("#interpreter-no").check()
    page.locator("#other-agencies").fill(XSS_IMG)
    press_continue(page)

    expect_step(page, 5)
    review = page.locator("#review")
    expect(review).to_contain_text(f"Före {XSS_IMG} mitten {XSS_SCRIPT} efter")
    expect(review).to_contain_text(XSS_SCRIPT)
    assert review.locator("img, script").count() == 0
    assert page.locator("img").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None


# ---------- (g) nothing stays in the browser ----------


def test_nothing_is_written_to_browser_storage_or_cookies(page: Page, context, local_stack):
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Alva", age="7")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)

    storage = "({local: localStorage.length, session: sessionStorage.length, cookie: document.cookie})"
    assert page.evaluate(storage) == {"local": 0, "session": 0, "cookie": ""}
    page.locator("#send-button").click()
    receipt_reference(page)
    assert page.evaluate(storage) == {"local": 0, "session": 0, "cookie": ""}
    assert page.evaluate("indexedDB.databases().then(list => list.length)") == 0
    assert context.cookies() == []
    # The sent report is gone from the page: only the receipt remains.
    assert page.locator("#concern-description").input_value() == ""
    assert page.locator("#private-name").input_value() == ""


# ---------- (h) municipalities without anonymous web reports ----------


def test_no_anonymous_option_where_the_municipality_does_not_allow_it(page: Page, local_stack):
    def kalix_settings(route):
        response = route.fetch()
        settings = response.json()
        settings.update(
            {"municipality": "Kalix kommun", "anonymousWebReportsAllowed": False, "somethingNew": 1}
        )
        route.fulfill(response=response, json=settings)

    bodies = capture_posts(page)
    page.route("**/config.json", kalix_settings)
    open_form(page, local_stack)
    page.get_by_label("Som privatperson").check()
    expect(page.locator("#anonymity")).to_be_hidden()
    expect(page.get_by_role("radio", name="Ja, jag vill vara anonym")).to_be_hidden()
    notice = page.locator("#anonymity-not-allowed")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Kalix kommun kan du inte vara anonym")
    expect(notice).to_contain_text("papper")
    expect(page.locator("#private-name")).to_be_visible()

    press_continue(page)
    expect(page.locator("#step-1 [data-error-summary]")).to_contain_text("Skriv ditt namn.")
    page.locator("#private-name").fill("Karin Berg")
    press_continue(page)
    fill_child(page, 0, name="Alva")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    expect(page.locator("#review")).not_to_contain_text("Anonym")
    page.locator("#send-button").click()
    receipt_reference(page)
    assert bodies[0]["reporter"]["anonymous"] is False
    assert bodies[0]["reporter"]["name"] == "Karin Berg"


# ---------- (i) issue 9, item 10: smaller defects ----------


def _field_width(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["width"]


def test_short_and_medium_fields_are_narrower_than_full_width_ones(page: Page, local_stack):
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    child = person(page, 0)
    child.get_by_label("Ett barn eller en ungdom").check()
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    full = _field_width(child.locator('input[data-key="name"]').first)
    medium = _field_width(child.locator('input[data-key="personalIdentityNumber"]'))
    short = _field_width(child.locator('input[data-key="age"]'))
    assert full > 30 * rem, full
    assert medium == pytest.approx(16 * rem, abs=1), (medium, full)
    assert short == pytest.approx(6 * rem, abs=1), (short, full)
    assert _field_width(child.locator('input[data-key="birthDate"]')) == pytest.approx(16 * rem, abs=1)


def test_an_unborn_child_is_not_asked_about_school_or_knowing_and_none_is_sent(page: Page, local_stack):
    bodies = capture_posts(page)
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    child = person(page, 0)
    fill_child(page, 0, name="")
    school = child.locator('input[data-key="schoolOrPreschool"]')
    knows = child.locator('fieldset[data-key="knowsAboutReport"]').first
    school.fill("Förskolan Myran")  # written before the box below is ticked: never sent
    knows.get_by_label("Nej").check()
    expect(school).to_be_visible()
    child.get_by_label("Barnet är inte fött ännu").check()
    expect(school).to_be_hidden()
    expect(knows).to_be_hidden()
    expect(child.locator("[data-identity]")).to_be_hidden()
    expect(child.locator("[data-add-guardian]")).to_be_visible()  # the parents-to-be still are asked about
    child.locator("[data-add-guardian]").click()
    child.locator('[data-guardian] input[data-key="name"]').fill("Sara Andersson")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    review = page.locator("#review")
    expect(review).to_contain_text("Ofött barn")
    expect(review).not_to_contain_text("Skola eller förskola")
    expect(review).not_to_contain_text("Förskolan Myran")
    page.locator("#send-button").click()
    receipt_reference(page)
    sent = bodies[0]["persons"][0]
    assert sent["unborn"] is True
    assert "schoolOrPreschool" not in sent and "knowsAboutReport" not in sent
    assert sent["guardians"] == [{"name": "Sara Andersson", "knowsAboutReport": "vet_inte"}]


def test_a_professional_is_not_offered_to_report_about_themself(page: Page, local_stack):
    open_form(page, local_stack)
    page.get_by_label("Som privatperson").check()
    fill_private_reporter(page)
    press_continue(page)
    oneself = person(page, 0).get_by_label("Mig själv")
    expect(oneself).to_be_visible()
    oneself.check()
    page.locator("#step-2 [data-back]").click()
    expect_step(page, 1)

    fill_professional_reporter(page)
    press_continue(page)
    expect_step(page, 2)
    expect(oneself).to_be_hidden()
    expect(oneself).not_to_be_checked()
    expect(person(page, 0).get_by_label("Ett barn eller en ungdom")).to_be_visible()
    page.locator("#add-person").click()
    expect(person(page, 1).get_by_label("Mig själv")).to_be_hidden()
    person(page, 1).locator("[data-remove-person]").click()
    press_continue(page)
    expect(page.locator("#step-2 [data-error-summary]")).to_contain_text("Välj vem oron gäller.")


def test_a_child_is_under_18_in_the_form(page: Page, local_stack):
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    child = person(page, 0)
    fill_child(page, 0, name="Alva", age="40")
    age = child.locator('input[data-key="age"]')
    expect(child.locator('[data-hint-for="age"]')).to_contain_text("under 18 år")
    # The HTML constraint: the age field's pattern allows 0–17 for a child.
    assert age.evaluate("input => input.validity.patternMismatch")
    press_continue(page)
    summary = page.locator("#step-2 [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Ett barn är under 18 år")
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{age.get_attribute('id')}-error")).to_contain_text("mellan 0 och 17")

    age.fill("")
    birth_date = child.locator('input[data-key="birthDate"]')
    birth_date.fill("1990-05-01")
    press_continue(page)
    expect(page.locator(f"#{birth_date.get_attribute('id')}-error")).to_contain_text("enligt födelsedatumet")
    birth_date.fill("2999-05-01")
    press_continue(page)
    expect(page.locator(f"#{birth_date.get_attribute('id')}-error")).to_contain_text("i framtiden")

    birth_date.fill("")
    number = child.locator('input[data-key="personalIdentityNumber"]')
    number.fill("19811218-9876")
    press_continue(page)
    expect(page.locator(f"#{number.get_attribute('id')}-error")).to_contain_text("enligt personnumret")

    # An adult may be 40, and a child 17.
    number.fill("")
    age.fill("17")
    assert not age.evaluate("input => input.validity.patternMismatch")
    page.locator("#add-person").click()
    adult = person(page, 1)
    adult.get_by_label("En vuxen").check()
    adult.locator('input[data-key="age"]').fill("40")
    adult.locator('input[data-key="personalIdentityNumber"]').fill("19811218-9876")
    expect(adult.locator('[data-hint-for="age"]')).not_to_contain_text("under 18")
    press_continue(page)
    expect_step(page, 3)


def test_every_yes_no_question_has_ja_then_nej_then_vet_inte(page: Page, local_stack):
    open_form(page, local_stack)
    groups = page.evaluate(
        """() => {
          const roots = [document, ...[...document.querySelectorAll('template')].map(t => t.content)];
          const groups = [];
          for (const root of roots) {
            for (const fieldset of root.querySelectorAll('fieldset')) {
              const values = [...fieldset.querySelectorAll('input[type=radio]')].map(r => r.value);
              if (values.includes('ja') || values.includes('nej')) {
                groups.push({question: fieldset.querySelector('legend').textContent.trim(), values});
              }
            }
          }
          return groups;
        }"""
    )
    # Anonymity, acute danger, interpreter, the person's and the guardian's knowing, and an adult's consent to
    # återkoppling (template and page).
    questions = {group["question"].removeprefix("Person 1: "): group["values"] for group in groups}
    assert len(questions) == 6, questions
    for question, values in questions.items():
        assert values in (["ja", "nej"], ["ja", "nej", "vet_inte"]), (question, values)
    # And as shown: Ja above Nej.
    page.get_by_label("Som privatperson").check()
    yes = page.get_by_label("Ja, jag vill vara anonym").bounding_box()
    no = page.get_by_label("Nej, jag lämnar mitt namn").bounding_box()
    assert yes["y"] < no["y"]


def test_the_browser_back_button_goes_one_step_back_and_keeps_what_was_written(
    page: Page, context, local_stack
):
    open_form(page, local_stack)
    start = page.url
    fill_private_reporter(page)
    press_continue(page)
    expect_step(page, 2)
    assert page.url.endswith("#steg-2")
    fill_child(page, 0, name="Alva", age="7")
    press_continue(page)
    expect_step(page, 3)
    assert page.url.endswith("#steg-3")
    page.locator("#concern-description").fill("Alva är ofta ensam hemma.")

    page.go_back()
    expect_step(page, 2)
    assert page.url.endswith("#steg-2")
    expect(person(page, 0).locator('input[data-key="name"]').first).to_have_value("Alva")
    page.go_back()
    expect_step(page, 1)
    expect(page.locator("#private-name")).to_have_value("Karin Berg")
    page.go_forward()
    expect_step(page, 2)
    page.go_forward()
    expect_step(page, 3)
    expect(page.locator("#concern-description")).to_have_value("Alva är ofta ensam hemma.")

    # The form's own Tillbaka is the same step back: Back after it goes on to step 1.
    page.locator("#step-3 [data-back]").click()
    expect_step(page, 2)
    page.go_back()
    expect_step(page, 1)
    # Forward again only over steps that are still filled in.
    page.locator("#private-name").fill("")
    page.go_forward()
    expect(page.locator("#step-1 [data-error-summary]")).to_contain_text("Skriv ditt namn.")
    expect(page.locator("#step-1")).to_be_visible()
    expect(page).to_have_url(start)  # back on step 1's entry
    page.locator("#private-name").fill("Karin Berg")
    page.go_forward()
    expect_step(page, 2)
    page.go_back()
    expect_step(page, 1)

    # Only step numbers reach the address and the history; nothing in the browser's storage.
    for written in ("Karin", "Alva", "ensam", "070"):
        assert written not in page.url
    assert page.evaluate("JSON.stringify(history.state)") == '{"oroStep":1}'
    storage = "({local: localStorage.length, session: sessionStorage.length, cookie: document.cookie})"
    assert page.evaluate(storage) == {"local": 0, "session": 0, "cookie": ""}
    assert context.cookies() == []

    # Back on the first step leaves the form (after the usual question whether to leave what is written).
    page.on("dialog", lambda dialog: dialog.accept())
    page.go_back()
    expect(page).to_have_url("about:blank")


def test_back_after_the_skip_link_and_after_the_receipt(page: Page, local_stack):
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    expect_step(page, 2)
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")  # an in-page link: a history entry of its own, on step 2
    expect(page).to_have_url(page.url.split("#")[0] + "#main")
    fill_child(page, 0, name="Alva", age="7")
    press_continue(page)
    expect_step(page, 3)
    page.go_back()
    expect_step(page, 2)
    page.go_forward()
    expect_step(page, 3)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    page.locator("#send-button").click()
    receipt_reference(page)

    # The report is sent and gone from the page: Back shows an empty form, not the report.
    page.go_back()
    expect_step(page, 1)
    expect(page.locator("#private-name")).to_have_value("")
    expect(page.locator("#receipt-reference")).to_have_text("")
    expect(page.locator("#live")).to_have_text("Formuläret är tömt. Du kan göra en ny anmälan.")


# ---------- (j) the report's fields in web/shared/report-fields.js are the server's ----------


def _limits(schema: dict, node: dict, path: str, found: dict[str, int]) -> None:
    """Each text field's most characters by its path ("persons.0.guardians.0.name"), read from the model's JSON
    schema; an age's digits; a phone number's by its pattern (the schema gives only the model's overall cap)."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].split("/")[-1]]
    for option in node.get("anyOf", []) + node.get("oneOf", []):
        _limits(schema, option, path, found)
    if node.get("type") == "object":
        for key, child in node["properties"].items():
            _limits(schema, child, f"{path}.{key}".lstrip("."), found)
    elif node.get("type") == "array":
        _limits(schema, node["items"], f"{path}.0", found)
    elif node.get("type") == "integer" and "maximum" in node:
        found[path] = len(str(node["maximum"]))
    elif node.get("type") == "string" and "maxLength" in node and "format" not in node:
        found[path] = node["maxLength"]


def _accepts(adapter: TypeAdapter, value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def _accepts_identity_number(value: str) -> bool:
    try:
        number = model.normalise_identity_number(value)
    except ValueError:
        return False
    return model.identity_number_birth_date(number) <= date.today()


def _personnummer(birth: str, right: bool = True) -> str:
    """ÅÅÅÅMMDD-123C with the right check digit, or a wrong one."""
    digit = int(luhn.calc_check_digit(birth[2:] + "123"))
    return f"{birth}-123{digit if right else (digit + 1) % 10}"


def test_the_shared_report_fields_are_the_servers(page: Page, local_stack):
    schema = model.ReportSubmission.model_json_schema(by_alias=True)
    limits: dict[str, int] = {}
    _limits(schema, schema, "", limits)
    phone = TypeAdapter(PhoneNumber)
    longest_phone = max(n for n in range(2, 40) if _accepts(phone, "+" + "0" * (n - 1)))
    for path in limits:
        if re.search(r"(^|\.)(phone|workPhone)$", path):
            limits[path] = longest_phone
    phones = [
        "070-123 45 67",
        "+46 70 123 45 67",
        "(08) 123 45",
        "12345",
        "1234",
        "+" + "0" * 25,
        "0" * 26,
        "abc",
    ]
    emails = [
        "namn@exempel.se",
        "a@b.c",
        "inte-en-adress",
        "a@b",
        "a b@c.se",
        "x" * 243 + "@exempel.se",
        "x" * 244 + "@exempel.se",
    ]
    numbers = [
        "20150324-1232",
        "201503241232",
        "150324-1232",
        _personnummer("20150324", right=False),
        "19811218-9876",
        _personnummer("20150384"),  # a samordningsnummer (day + 60)
        _personnummer("20150384", right=False),
        _personnummer("20991231"),  # born in the future
        _personnummer("20150230"),  # no such day
    ]

    open_form(page, local_stack)
    shared = page.evaluate(
        """([paths, phones, emails, numbers]) => import("/shared/report-fields.js").then((m) => ({
            kinds: m.PERSON_KINDS.map((kind) => kind.value),
            categories: m.CATEGORIES.map((category) => category.value),
            knowledge: m.KNOWLEDGE.map((answer) => answer.value),
            consent: m.CONSENT.map((answer) => answer.value),
            adultKinds: m.ADULT_KINDS,
            channels: Object.keys(m.CHANNELS),
            numbers: [m.MAX_PERSONS, m.MAX_GUARDIANS, m.ADULT_AGE, m.MAX_AGE],
            expectedBirth: [m.EXPECTED_BIRTH_DAYS_BACK, m.EXPECTED_BIRTH_DAYS_AHEAD],
            limits: Object.fromEntries(paths.map((path) => [path, m.maxLength(path)])),
            phones: phones.map(m.isPhoneNumber),
            emails: emails.map(m.isEmail),
            identityNumbers: numbers.map((number) => m.personnummerBirthDate(number) !== ""),
        }))""",
        [sorted(limits), phones, emails, numbers],
    )
    assert shared["kinds"] == [kind.value for kind in model.PersonKind]
    assert shared["categories"] == [category.value for category in model.Category]
    assert shared["knowledge"] == [answer.value for answer in model.Knowledge]
    assert shared["consent"] == [answer.value for answer in model.Knowledge]  # feedbackConsent's answers
    assert sorted(shared["adultKinds"]) == sorted(kind.value for kind in model.ADULT_KINDS)
    assert shared["channels"] == [channel.value for channel in model.Channel]
    age = schema["$defs"]["ConcernedPerson"]["properties"]["age"]["anyOf"][0]["maximum"]
    assert shared["numbers"] == [model.MAX_PERSONS, model.MAX_GUARDIANS, model.ADULT_AGE, age]
    assert shared["expectedBirth"] == [model.EXPECTED_BIRTH_DAYS_BACK, model.EXPECTED_BIRTH_DAYS_AHEAD]
    assert shared["limits"] == limits
    assert shared["phones"] == [_accepts(phone, value) for value in phones]
    assert shared["emails"] == [_accepts(TypeAdapter(Email), value) for value in emails]
    assert shared["identityNumbers"] == [_accepts_identity_number(number) for number in numbers]
