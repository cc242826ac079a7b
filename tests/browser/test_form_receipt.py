"""The receipt page says what happens next for this report; a report marked acute gets its own box at the top.

The server decides and the page shows. A Friday evening is fixed as test_form_office_hours.py fixes the office
hours: the page's clock is set to it and POST /api/reports answers with the intake's own receipt
(receipt_for) for a report received then. With the real server the hour is whatever it is now, so those tests
assert what does not depend on it."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, Route, expect

from functions.domain.languages import negotiate
from functions.domain.persons import person_rules
from functions.domain.receipt import receipt_for
from functions.domain.report import ReportSubmission
from tests.browser.form_helpers import (
    check_axe,
    fill_child,
    fill_concern,
    fill_other,
    fill_private_reporter,
    fill_professional_reporter,
    open_form,
    press_continue,
)

pytestmark = pytest.mark.browser

FRIDAY_EVENING = datetime(2026, 11, 27, 19, 30, tzinfo=ZoneInfo("Europe/Stockholm"))


def answer_as_received_at(page: Page, stack, instant: datetime) -> None:
    """POST /api/reports answers with the receipt the intake writes for this report received at `instant`."""
    page.clock.set_fixed_time(instant)

    def receipt(route: Route) -> None:
        submission = ReportSubmission.model_validate_json(route.request.post_data or "")
        written = receipt_for(
            stack.municipality,
            "2026-ABC-DEF",
            instant,
            submission,
            person_rules(submission, stack.municipality, instant),
            negotiate(route.request.headers.get("accept-language")),
        )
        route.fulfill(
            status=201, content_type="application/json", body=written.model_dump_json(by_alias=True)
        )

    page.route("**/api/reports", receipt)


def send_report(page: Page, stack, *, acute: bool, professional: bool = False, language: str = "sv") -> None:
    open_form(page, stack)
    if professional:
        fill_professional_reporter(page)
    else:
        fill_private_reporter(page, anonymous=True)
    press_continue(page)
    fill_child(page, 0, name="Alva Ek", age="8")
    press_continue(page)
    fill_concern(page)
    if acute:
        page.locator("#acute-danger-yes").check()
    press_continue(page)
    fill_other(page)
    press_continue(page)
    if language == "en":  # what was typed stays; the receipt comes in the language the form is in
        page.locator("#languages").get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("#send-button").click()
    expect(page.locator("#step-6-heading")).to_be_focused()


def test_an_acute_report_on_a_friday_evening_gets_a_box_at_the_top_saying_what_was_done(
    page: Page, local_stack
):
    answer_as_received_at(page, local_stack, FRIDAY_EVENING)
    send_report(page, local_stack, acute=True)

    box = page.locator("#receipt-acute")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading")).to_have_text("Du har sagt att någon är i akut fara")
    expect(box.locator("li")).to_have_text(
        [
            "Mottagningen är stängd just nu, så din anmälan går till socialjouren. De får veta om den inom några "
            "minuter.",
            "Mottagningen öppnar måndag 30 november kl. 08.30.",
            f"Vänta inte om någon är i fara: ring 112. Behöver någon skydd nu, ring socialjouren på "
            f"{local_stack.municipality.socialjour.public_phone}.",
        ]
    )
    # At the top: before the reference number and what happens next.
    box_top = box.bounding_box()["y"]
    assert box_top < page.locator("#receipt-reference").bounding_box()["y"]
    assert box_top < page.locator("#receipt-next-steps").bounding_box()["y"]
    # The anonymous reporter is told we cannot get in touch.
    expect(page.locator("#receipt-next-steps li").last).to_have_text(
        "Du är anonym, så vi kan inte höra av oss till dig."
    )

    # A new report starts without the box.
    page.get_by_role("button", name="Gör en ny anmälan").click()
    expect(box).to_be_hidden()
    expect(box.locator("li")).to_have_count(0)


def test_the_acute_box_is_in_the_readers_language_and_passes_axe(axe_page: Page, local_stack, axe_script):
    answer_as_received_at(axe_page, local_stack, FRIDAY_EVENING)
    send_report(axe_page, local_stack, acute=True, language="en")

    box = axe_page.locator("#receipt-acute")
    expect(box.get_by_role("heading")).to_have_text("You have said that someone is in acute danger")
    expect(box.locator("li").nth(1)).to_have_text("The intake team opens Monday 30 November at 08:30.")
    check_axe(axe_page, axe_script, "the receipt of an acute report")


def test_a_report_not_marked_acute_has_no_box_and_a_professional_reads_about_feedback(
    page: Page, local_stack
):
    answer_as_received_at(page, local_stack, FRIDAY_EVENING)
    send_report(page, local_stack, acute=False, professional=True)

    expect(page.locator("#receipt-acute")).to_be_hidden()
    expect(page.locator("#receipt-next-steps")).to_contain_text(
        "Du har bett om återkoppling. Du får veta om en utredning inleds"
    )


def test_the_real_servers_receipt_of_an_acute_report_shows_its_own_steps_at_the_top(page: Page, local_stack):
    with page.expect_response(
        lambda response: response.url.endswith("/api/reports"), timeout=60_000
    ) as answered:
        send_report(page, local_stack, acute=True)
    acute = json.loads(answered.value.text())["acute"]

    box = page.locator("#receipt-acute")
    expect(box).to_be_visible()
    expect(box.locator("li")).to_have_text(acute["steps"])
    expect(box).to_contain_text("112")
