"""The form while the municipality's e-service is internal (config.json's eService.mode): a notice saying it is
open only inside the municipality's networks and how to report by phone; and intake's refusal, shown as sent.

The session's stack runs Provkommun, whose e-service is public: its config.json is answered with the mode
switched, as an internal municipality's is written (tests/integration/test_internal_only_intake.py runs one)."""

import pytest
from playwright.sync_api import Page, expect

from functions.domain.errors import EServiceNotOpen
from functions.domain.internal_launch import not_open_message
from functions.shared.problems import problem_of
from tests.browser.form_helpers import (
    check_axe,
    fill_child,
    fill_concern,
    fill_other,
    fill_private_reporter,
    open_form,
    press_continue,
)

pytestmark = pytest.mark.browser


def _internal(page: Page) -> None:
    def switched(route):
        response = route.fetch()
        settings = response.json()
        settings["eService"] = {"mode": "internal"}
        route.fulfill(response=response, json=settings)

    page.route("**/config.json", switched)


def test_a_public_e_service_shows_no_notice(page: Page, local_stack):
    open_form(page, local_stack)
    expect(page.locator("#internal-only")).to_be_hidden()
    expect(page.get_by_text("bara öppen inom kommunens nät")).to_be_hidden()


def test_an_internal_e_service_says_so_first_with_the_phone_numbers(axe_page: Page, local_stack, axe_script):
    page = axe_page
    _internal(page)
    open_form(page, local_stack)
    notice = page.locator("#internal-only")
    expect(notice).to_be_visible()
    expect(page.get_by_role("heading", name="E-tjänsten är inte öppen för alla ännu")).to_be_visible()
    expect(notice).to_contain_text("E-tjänsten är ännu bara öppen inom kommunens nät.")
    municipality = local_stack.municipality
    intake = notice.get_by_role("link", name=municipality.intake_team.phone)
    expect(intake).to_have_attribute("href", "tel:0101234500")
    jour = notice.get_by_role("link", name=municipality.socialjour.public_phone)
    expect(jour).to_have_attribute("href", "tel:0101234599")
    expect(notice).to_contain_text(municipality.socialjour.public_hours)
    expect(notice).to_contain_text("ring 112")
    # before the acute-danger box and the first question: the first thing read after the introduction
    assert page.evaluate(
        "document.querySelector('#internal-only').compareDocumentPosition(document.querySelector('#urgent'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    check_axe(page, axe_script, "internal e-service notice")


def test_intakes_refusal_from_outside_the_networks_is_shown_and_what_was_written_kept(
    page: Page, local_stack
):
    _internal(page)
    status, message, _ = problem_of(EServiceNotOpen(not_open_message(local_stack.municipality)))
    page.route(
        "**/api/reports", lambda route: route.fulfill(status=status, json={"message": message, "errors": []})
    )
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
    expect(page.locator("#send-problem-message")).to_have_text(message)
    expect(page.locator("#send-problem-kept")).to_contain_text("Det du har skrivit finns kvar")
