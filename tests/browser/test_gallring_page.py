"""The admin's Gallring page in Debian chromium on the local stack: a dry run that lists a report closed
with "no investigation", a gallringsstopp placed and lifted on it, the purge log, and the refusal other
roles get. axe-core runs on every page state; the dashboard's CSP stays on."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    check_axe,
    expect_ready,
    navigation,
    post_report,
    sign_in,
    sign_out,
)
from tests.integration.helpers import eventually

pytestmark = pytest.mark.browser

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FAR_AHEAD = "2040-01-01"


def staff_call(stack, token: str, method: str, path: str, body: dict | None = None) -> requests.Response:
    response = requests.request(
        method, f"{stack.base_url}{path}", headers={"Authorization": f"Bearer {token}"}, json=body, timeout=30
    )
    assert response.status_code == 200, (path, response.status_code, response.text)
    return response


def closed_without_investigation(stack) -> dict:
    """A web report through skyddsbedömning, a proposal (mottagning) and its approval (förste
    socialsekreterare, someone else); answers the stored report once its lifecycle has ended with a purge date."""
    stored = post_report(stack, concern=NEGLECT_ONLY)
    report_id, reference = stored["reportId"], stored["referenceNumber"]
    intake, reviewer = stack.sign_in("demo-mottagning"), stack.sign_in("demo-forste-socialsekreterare")
    person = f"/api/staff/reports/{report_id}/persons/1"  # the report is about one child
    staff_call(
        stack,
        intake,
        "POST",
        f"{person}/protection-assessment",
        {"immediateProtectionNeeded": False, "motivation": "Inget tyder på att barnet behöver skydd i dag."},
    )
    staff_call(
        stack,
        intake,
        "POST",
        f"{person}/decision-proposal",
        {
            "outcome": "no_investigation",
            "motivation": "Familjen har redan stöd och oron är utredd av skolan.",
        },
    )
    staff_call(
        stack, reviewer, "POST", f"{person}/decision-proposal/approve", {"version": 1, "confirmed": True}
    )
    assert stack.wait_for_execution(report_id)["status"] == "SUCCEEDED"
    return eventually(lambda: (found := stack.find_report(reference)) and found.get("purgeOn") and found)


def preview(page: Page, day: str) -> None:
    page.get_by_label("Om gallringen kördes den").fill(day)
    page.get_by_role("button", name="Visa förhandsvisning").click()
    expect(page.locator("#preview-result-heading")).to_be_focused()


def test_the_admin_previews_gallring_holds_a_report_and_reads_the_log(dashboard: Page, local_stack):
    stored = closed_without_investigation(local_stack)
    reference, purge_on = stored["referenceNumber"], stored["purgeOn"]
    assert stored["purgeRule"] == "no_investigation"

    page = dashboard
    sign_in(page, local_stack, "demo-admin", landing="welcome.html")
    assert navigation(page) == ["Gallring"]
    expect(page.locator("#gallring-link")).to_be_visible()
    check_axe(page, "admin's welcome with the gallring link")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Gallring").click()
    page.wait_for_url("**/dashboard/gallring.html")
    expect_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gallring")
    expect(page.locator("nav a[aria-current=page]")).to_have_text("Gallring")
    today = datetime.now(STOCKHOLM).date().isoformat()
    expect(page.get_by_label("Om gallringen kördes den")).to_have_value(today)
    expect(page.get_by_label("Till och med")).to_have_value(today)
    # The purge log for the last 30 days is shown at once (it may be empty).
    expect(page.locator("#log-result-heading")).to_be_visible()
    expect(page.locator("#log-table, #log-empty")).to_have_count(1)
    check_axe(page, "gallring page")

    # A dry run far ahead: the report is listed with its rule and purge date, and nothing is deleted.
    preview(page, FAR_AHEAD)
    if page.locator("#preview-truncated").count():  # many other reports: look at its own purge date instead
        preview(page, purge_on)
    expect(page.locator("#preview-summary")).to_contain_text("Ingenting har tagits bort.")
    expect(page.locator('#preview-totals tr[data-rule="no_investigation"]')).to_contain_text(
        "dokumenthanteringsplan"
    )
    row = page.locator(f'#preview-table tr[data-reference="{reference}"]')
    expect(row).to_contain_text("Ingen utredning inleddes")
    expect(row.locator("time")).to_have_attribute("datetime", purge_on)
    check_axe(page, "preview")
    assert local_stack.find_report(reference) is not None

    # A gallringsstopp, chosen from the preview by keyboard: the reason is asked for, then it leaves the preview.
    row.get_by_role("button", name=f"Välj {reference} för gallringsstopp").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Diarienummer")).to_have_value(reference)
    expect(page.get_by_label("Skäl till gallringsstopp")).to_be_focused()
    page.get_by_role("button", name="Lägg gallringsstopp").click()
    expect(page.locator("#hold-message[role=alert]")).to_contain_text(
        "Skriv varför anmälan inte ska gallras."
    )
    check_axe(page, "gallringsstopp without a reason")
    page.get_by_label("Skäl till gallringsstopp").fill("Tingsrätten har begärt ut anmälan i mål T 123-26.")
    page.get_by_role("button", name="Lägg gallringsstopp").click()
    held = page.locator("#hold-message[role=status]")
    expect(held).to_be_focused()
    expect(held).to_contain_text(f"Gallringsstopp är lagt på {reference}.")
    expect(held).to_contain_text("Lagt av demo-admin")
    expect(row).to_have_count(0)
    check_axe(page, "gallringsstopp placed")
    assert local_stack.find_report(reference)["legalHold"]["placedBy"] == "demo-admin"

    page.get_by_role("button", name="Häv gallringsstopp").click()
    expect(page.locator("#hold-message[role=status]")).to_contain_text(
        f"Gallringsstoppet för {reference} är hävt."
    )
    expect(row).to_contain_text("Ingen utredning inleddes")
    assert "legalHold" not in local_stack.find_report(reference)

    # An unknown reference number: the API's own message.
    page.get_by_label("Diarienummer").fill("2026-XXX-000")
    page.get_by_role("button", name="Häv gallringsstopp").click()
    unknown = page.locator("#hold-message[role=alert]")
    expect(unknown).to_be_focused()
    expect(unknown).not_to_be_empty()
    expect(page.get_by_label("Diarienummer")).to_have_attribute("aria-invalid", "true")
    check_axe(page, "gallringsstopp on an unknown reference number")

    # The purge log for a chosen period.
    page.get_by_label("Från och med").fill("2026-01-01")
    page.get_by_role("button", name="Visa loggen").click()
    expect(page.locator("#log-result-heading")).to_be_focused()
    expect(page.locator("#log-result-heading")).to_contain_text("1 januari 2026")
    expect(page.locator("#log-table, #log-empty")).to_have_count(1)
    check_axe(page, "purge log")


def test_casework_staff_do_not_see_gallring_and_are_refused_the_page(dashboard: Page, local_stack):
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    assert "Gallring" not in navigation(page)
    page.goto(f"{local_stack.dashboard_url}gallring.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Den här sidan ingår inte i din roll")
    expect(page.locator("#preview-form, #hold-form, #log-form")).to_have_count(0)
    check_axe(page, "mottagning on the gallring page")
    sign_out(page)
