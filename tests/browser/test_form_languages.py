"""The citizen form in Swedish, English and Arabic: the switch keeps what was typed, `lang` and `dir` are
right, Arabic reads right to left, axe finds nothing, and a report sent in English is answered in English."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from functions.domain.languages import catalogue, language_codes
from tests.browser.form_helpers import (
    check_axe,
    expect_step,
    form_url,
    person,
    press_continue,
    receipt_reference,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def open_in(page: Page, stack, language: str | None) -> None:
    page.goto(form_url(stack) + (f"?lang={language}" if language else ""))
    expect(page.locator("#languages a")).to_have_count(3)
    expect(page.locator('#urgent [data-config-phone="socialjour.phone"]')).not_to_have_text(
        re.compile("telefonnummer|phone number|رقم الهاتف")
    )


def choose_language(page: Page, name: str) -> None:
    page.locator("#languages").get_by_role("link", name=name).click()


def expect_language(page: Page, language: str, direction: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def fill_in_english(page: Page) -> None:
    page.get_by_label("As a private person").check()
    page.get_by_label("No, I will give my name").check()
    page.locator("#private-name").fill("Karin Berg")
    page.locator("#private-relation").fill("Neighbour")
    press_continue(page)
    expect_step(page, 2)
    person(page, 0).get_by_label("A child or young person").check()
    person(page, 0).locator('input[data-key="name"]').first.fill("Alva")
    person(page, 0).locator('input[data-key="age"]').fill("7")
    press_continue(page)
    expect_step(page, 3)
    page.locator("#concern-description").fill(
        "I hear shouting and blows through the wall several evenings a week."
    )
    page.get_by_label("Violence", exact=True).check()
    page.locator("#acute-danger-no").check()
    press_continue(page)
    expect_step(page, 4)
    page.locator("#interpreter-no").check()
    press_continue(page)
    expect_step(page, 5)


def test_switching_language_mid_form_keeps_what_was_typed(page: Page, local_stack):
    # Given a reporter who has filled in the first step in Swedish and begun the second
    open_in(page, local_stack, None)
    page.get_by_label("Som privatperson").check()
    page.get_by_label("Nej, jag lämnar mitt namn").check()
    page.locator("#private-name").fill("Karin Berg")
    press_continue(page)
    expect_step(page, 2)
    person(page, 0).get_by_label("Ett barn eller en ungdom").check()
    person(page, 0).locator('input[data-key="name"]').first.fill("Alva")

    # When they switch to English
    choose_language(page, "English")

    # Then the page speaks English, and what they typed and chose is still there
    expect_language(page, "en", "ltr")
    expect(page.locator("#step-2-heading")).to_contain_text("Step 2 of 5")
    expect(page.locator("#step-2-heading")).to_contain_text("Who the report is about")
    expect(person(page, 0).locator("[data-person-heading]")).to_have_text("Person 1")
    expect(person(page, 0).locator('input[data-key="name"]').first).to_have_value("Alva")
    expect(person(page, 0).get_by_label("A child or young person")).to_be_checked()
    expect(page).to_have_title(re.compile(r"^Step 2 of 5: Who the report is about – Report of concern"))
    assert "lang=en" in page.url
    assert page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]

    # And Back goes to the first step, still in English with the name kept
    page.go_back()
    expect_step(page, 1)
    expect_language(page, "en", "ltr")
    expect(page.locator("#private-name")).to_have_value("Karin Berg")
    expect(page.get_by_label("As a private person")).to_be_checked()
    assert "lang=en" in page.url

    # And a problem the form found is shown again in the language chosen after it
    page.locator("#private-name").fill("")
    press_continue(page)
    expect(page.locator("#step-1 [data-error-summary]")).to_contain_text("Write your name.")
    choose_language(page, "العربية")
    expect_language(page, "ar", "rtl")
    expect(page.locator("#step-1 [data-error-summary]")).to_contain_text("اكتب اسمك.")
    expect(page.get_by_label("بصفتي الشخصية")).to_be_checked()

    # And the language survives a reload (what was typed does not: nothing is stored)
    page.reload()
    expect_language(page, "ar", "rtl")
    expect(page.locator("h1")).to_have_text("بلاغ قلق")


@pytest.mark.parametrize(
    ("asked", "language", "direction", "heading"),
    [
        (None, "sv", "ltr", "Orosanmälan"),
        ("sv", "sv", "ltr", "Orosanmälan"),
        ("en", "en", "ltr", "Report of concern"),
        ("ar", "ar", "rtl", "بلاغ قلق"),
        ("xx", "sv", "ltr", "Orosanmälan"),  # an unknown language: Swedish
    ],
)
def test_every_language_has_its_lang_and_dir_and_a_switch_naming_each_language_in_itself(
    page: Page, local_stack, asked, language, direction, heading
):
    open_in(page, local_stack, asked)
    expect_language(page, language, direction)
    expect(page.locator("h1")).to_have_text(heading)
    links = page.locator("#languages a")
    expect(links).to_have_text(["Svenska", "English", "العربية"])
    assert [links.nth(i).get_attribute("lang") for i in range(3)] == ["sv", "en", "ar"]
    expect(page.locator('#languages a[aria-current="true"]')).to_have_attribute("lang", language)


def test_in_arabic_the_layout_reads_right_to_left(page: Page, local_stack):
    open_in(page, local_stack, "ar")
    heading = page.locator("#step-1-heading")
    assert heading.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The heading's words (its step's name) stand at the right edge of the column, room to spare on the left.
    text, column = heading.evaluate(
        """element => {
          const words = element.querySelector('[data-i18n="form.steps.1"]').getBoundingClientRect();
          const box = element.getBoundingClientRect();
          return [{left: words.left, right: words.right}, {left: box.left, right: box.right}];
        }"""
    )
    assert abs(text["right"] - column["right"]) <= 2
    assert text["left"] - column["left"] > 40
    # The current step's marker stands on the right, where a right-to-left reader starts.
    marker = page.locator('#step-list li[aria-current="step"]')
    assert marker.evaluate("element => getComputedStyle(element).borderRightWidth") == "4px"
    assert marker.evaluate("element => getComputedStyle(element).borderLeftWidth") == "0px"


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_axe_finds_nothing_in_english_and_arabic_at_desktop_and_phone_width(
    axe_page: Page, local_stack, axe_script, language, viewport
):
    page = axe_page
    page.set_viewport_size(viewport)
    open_in(page, local_stack, language)
    where = f"{language} at {viewport['width']} px"
    check_axe(page, axe_script, f"step 1, {where}")
    press_continue(page)
    check_axe(page, axe_script, f"step 1 with errors, {where}")
    page.locator("#reporter-type-private").check()
    page.locator("#anonymous-no").check() if page.locator("#anonymous-no").is_visible() else None
    page.locator("#private-name").fill("Karin Berg")
    press_continue(page)
    expect_step(page, 2)
    page.locator("#add-person").click()
    person(page, 0).locator('input[data-name="kind"][value="barn"]').check()
    person(page, 0).locator("[data-add-guardian]").click()
    check_axe(page, axe_script, f"step 2, two persons and a guardian, {where}")
    person(page, 1).locator("[data-remove-person]").click()
    person(page, 0).locator('input[data-key="age"]').fill("7")
    press_continue(page)
    page.locator("#concern-description").fill("Skrik genom väggen.")
    page.locator("#cat-vald").check()
    page.locator("#acute-danger-yes").check()
    check_axe(page, axe_script, f"step 3, acute danger advice, {where}")
    press_continue(page)
    page.locator("#interpreter-no").check()
    press_continue(page)
    expect_step(page, 5)
    check_axe(page, axe_script, f"step 5, review, {where}")
    page.locator("#send-button").click()
    receipt_reference(page)
    check_axe(page, axe_script, f"receipt, {where}")


def test_a_report_sent_in_english_gets_english_errors_from_the_api_and_an_english_receipt(
    page: Page, local_stack
):
    # Given a report written in English whose child's age the server will find too high (the form's own
    # check is passed by the browser; the request is changed on its way, as a hostile client might)
    headers_sent: list[dict] = []

    def too_old(route):
        headers_sent.append(route.request.headers)
        body = json.loads(route.request.post_data)
        body["persons"][0]["age"] = 131
        route.continue_(post_data=json.dumps(body))

    open_in(page, local_stack, "en")
    fill_in_english(page)
    page.route("**/api/reports", too_old)

    # When it is sent
    page.locator("#send-button").click()

    # Then the API's answer is in English, beside the field it concerns
    expect(page.locator("#step-2")).to_be_visible()
    summary = page.locator("#step-2 [data-error-summary]")
    expect(summary).to_contain_text(
        "The report could not be received. Correct the details below and send it again."
    )
    expect(summary).to_contain_text("Person 1: age may not be greater than 130.")
    assert headers_sent[0]["accept-language"] == "en"

    # When it is sent again as it is
    page.unroute("**/api/reports")
    press_continue(page)
    expect_step(page, 5)
    page.locator("#send-button").click()

    # Then the receipt is in English, what happens next included, and the report is stored as written
    reference = receipt_reference(page)
    expect(page.locator("#step-6-heading")).to_have_text("Thank you! We have received your report")
    expect(page.locator("#receipt-next-steps li").first).to_have_text(
        "Your report has been received and saved. Keep the reference number if you want to contact us about the report."
    )
    expect(page.locator("#step-6")).to_contain_text("Received on ")
    stored = local_stack.find_report(reference)
    content = json.loads(stored["content"])
    assert content["formLanguage"] == "en"
    assert content["concern"]["description"].startswith("I hear shouting")


def test_every_answer_of_the_shared_report_fields_has_its_words_in_every_language(page: Page, local_stack):
    # The form takes its answers' words from the catalogues by the answers' values (web/shared/report-fields.js);
    # the staff's registration page keeps the Swedish words there, which must say what sv.json says.
    open_in(page, local_stack, None)
    answers = page.evaluate(
        """() => import("/shared/report-fields.js").then((m) => ({
            reporterType: m.REPORTER_TYPES, kind: m.PERSON_KINDS, category: m.CATEGORIES, knows: m.KNOWLEDGE,
            consent: m.CONSENT,
        }))"""
    )
    catalogues = {language: catalogue(language) for language in language_codes()}
    for group, listed in answers.items():
        for answer in listed:
            key = f"form.answers.{group}.{answer['value']}"
            assert catalogues["sv"][f"{key}.label"] == answer["label"]
            assert catalogues["sv"].get(f"{key}.hint") == answer.get("hint")
            for language, texts in catalogues.items():
                assert f"{key}.label" in texts, (language, key)
