"""The audit export, the person search and times against issue 9: reports are named by reference number and
times are Swedish time even in a browser set to UTC, in the table and in the CSV file; the search says whom
it searches and counts in Swedish."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    check_axe,
    expect_ready,
    post_report,
    queue_row,
    sign_in,
)
from tests.browser.staff_helpers import audit_timeline, dashboard_in_zone, personnummer, swedish

pytestmark = pytest.mark.browser


@pytest.fixture
def utc_dashboard(browser, axe_script):
    """A browser whose own clock is set to UTC: what the page shows must still be Swedish time."""
    page, problems = dashboard_in_zone(browser, axe_script, "UTC")
    yield page
    page.context.close()
    assert not problems, problems


@pytest.fixture
def dashboard(browser, axe_script):
    page, problems = dashboard_in_zone(browser, axe_script, "Europe/Stockholm")
    yield page
    page.context.close()
    assert not problems, problems


def shown_as_swedish_time(text: str, instant: str) -> None:
    """formatDateTime's text ("tis 5 maj 2026 14:05") for the instant in Stockholm, not in the browser's zone."""
    local = swedish(instant)
    assert text.endswith(f" {local:%H:%M}"), (text, instant)
    assert f" {local.day} " in f" {text} ", (text, instant)


def test_times_are_swedish_time_in_a_browser_set_to_utc(utc_dashboard: Page, local_stack):
    page = utc_dashboard
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") in ("UTC", "Etc/UTC")
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    reference, received = stored["referenceNumber"], stored["receivedAt"]

    sign_in(page, local_stack, "demo-mottagning")
    page.get_by_label("Visa").select_option("status=protection_assessment")
    page.get_by_role("button", name="Visa", exact=True).click()
    row = queue_row(page, reference)
    shown_as_swedish_time(row.locator("td time").first.inner_text(), received)
    protection_due = row.locator(".countdown").first
    shown_as_swedish_time(
        protection_due.locator(".countdown-due time").inner_text(), protection_due.get_attribute("data-due")
    )

    row.get_by_role("link", name=reference).click()
    expect_ready(page)
    received_row = page.locator(".summary > div", has=page.locator("dt", has_text="Inkom"))
    shown_as_swedish_time(received_row.locator("time").inner_text(), received)
    first_read = [
        entry for entry in audit_timeline(local_stack, stored["reportId"]) if entry.action == "read_report"
    ][0]
    read_row = page.locator('#timeline tbody tr[data-action="read_report"]').first
    shown_as_swedish_time(read_row.locator("td time").first.inner_text(), first_read.at.isoformat())


def search(page: Page, number: str) -> None:
    page.get_by_label("Personnummer eller samordningsnummer").fill(number)
    page.get_by_role("button", name="Sök", exact=True).click()


def test_the_person_search_says_whom_it_searches_and_counts_in_swedish(dashboard: Page, local_stack):
    child, nobody = personnummer(), personnummer()
    child_report = load_with_person(local_stack, "barn", child)
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.get_by_role("link", name="Sök på personnummer").click()
    expect_ready(page)
    expect(page.locator("#search-scope")).to_contain_text(
        "alla personer som en anmälan gäller och som har angetts med personnummer eller samordningsnummer"
    )
    expect(page.locator("#search-scope")).to_contain_text("barn och vuxna")

    search(page, child)
    expect(page.locator("#search-count")).to_have_text("1 anmälan om personen")
    expect(page.get_by_role("link", name=child_report["referenceNumber"], exact=True)).to_be_visible()
    second = load_with_person(local_stack, "barn", child)
    search(page, child)
    expect(page.locator("#search-count")).to_have_text("2 anmälningar om personen")
    expect(page.get_by_role("link", name=second["referenceNumber"], exact=True)).to_be_visible()
    check_axe(page, "two reports found")
    search(page, nobody)
    expect(page.locator("#search-count")).to_have_text("Inga anmälningar hittades om personen.")
    check_axe(page, "nothing found")


def load_with_person(stack, kind: str, number: str) -> dict:
    person = {"kind": kind, "personalIdentityNumber": number, "knowsAboutReport": "vet_inte"}
    return post_report(stack, persons=[person], concern=NEGLECT_ONLY)
