"""The citizen form in Debian chromium: accessibility, keyboard use, validation, retries, safety, privacy."""

import json

import pytest
from playwright.sync_api import Page, expect

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
    expect(summary.locator("a")).to_have_count(3)
    summary.locator("a").nth(1).click()
    expect(page.locator("#cat-vald")).to_be_focused()
    summary.locator("a").nth(2).click()
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
