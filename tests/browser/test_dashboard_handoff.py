"""The hand-off to the case system on the report page: its status chain with times and the case id once
acknowledged; when the case system has not acknowledged in time, a warning at the top, the person's document
to print and the manual registration (an empty case id refused beside its field). axe-core at 1280 and 390 px."""

from datetime import datetime, timedelta

import pytest
import requests
from playwright.sync_api import Page, expect

from functions.domain.handoff import handoff_id
from tests.browser.dashboard_helpers import check_axe, expect_ready, sign_in
from tests.integration.helpers import STOCKHOLM, dispatch_at, report_decided_at

pytestmark = pytest.mark.browser


def decided_and_delivered(local_stack, days_ago: int) -> str:
    """A report decided `days_ago` days ago at 10:00 (a fake clock), delivered a minute after."""
    decided = (datetime.now(STOCKHOLM) - timedelta(days=days_ago)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    report_id = report_decided_at(local_stack, decided - timedelta(days=1), decided)
    assert dispatch_at(report_id, decided + timedelta(minutes=1))["delivered"] == 1
    return report_id


def open_report(page: Page, local_stack, report_id: str) -> None:
    page.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)


def test_an_acknowledged_handoff_shows_its_chain_and_case_id(dashboard: Page, local_stack):
    report_id = decided_and_delivered(local_stack, days_ago=1)
    token = local_stack.case_system_token()
    url = f"{local_stack.base_url}/api/case-system/handoffs/{handoff_id(report_id, 1)}"
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(url, headers=headers, timeout=30).status_code == 200
    assert requests.post(f"{url}/acknowledgement", json={"caseId": "IFO-77"}, headers=headers, timeout=30).ok

    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, report_id)
    section = page.locator("#handoff")
    expect(
        section.get_by_role("heading", name=f"Överlämning till {local_stack.municipality.case_system.name}")
    ).to_be_visible()
    expect(section.locator(".handoff-status-text")).to_have_text(
        "Status: Kvitterad av verksamhetssystemet, ärendenummer IFO-77."
    )
    steps = section.locator(".handoff-steps li")
    expect(steps).to_have_count(4)
    for step in range(4):
        expect(steps.nth(step).locator("time")).to_have_count(1)
    expect(page.locator("#handoff-flag")).to_have_count(0)
    expect(section.locator("form")).to_have_count(0)
    rows = page.locator("#timeline")
    for words in (
        "Oro levererade överlämningen",
        "Verksamhetssystemet hämtade överlämningen",
        "Verksamhetssystemet kvitterade",
    ):
        expect(rows).to_contain_text(words)


def test_an_unacknowledged_handoff_is_printed_and_registered_by_hand(dashboard: Page, local_stack):
    report_id = decided_and_delivered(local_stack, days_ago=8)  # two working days are long gone
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, report_id)
    expect(page.locator("#handoff-flag")).to_have_text("Överlämningen är inte kvitterad")
    section = page.locator("#handoff")
    expect(section.locator(".handoff-overdue")).to_contain_text("har inte kvitterat överlämningen")
    form = section.locator("form")
    expect(form.get_by_role("heading", name="Skriv ut och registrera manuellt")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_axe(page, f"the report page with an unacknowledged hand-off, {width} px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as downloading:
        form.get_by_role("button", name="Ladda ned dokumentet (PDF)").click()
    assert downloading.value.suggested_filename.endswith("-person-1.pdf")

    form.get_by_role("button", name="Spara manuell registrering").click()
    expect(form.locator("[data-form-message]")).to_contain_text(
        "Skriv ärendenumret från verksamhetssystemet."
    )
    form.get_by_label("Ärendenummer i verksamhetssystemet").fill("IFO-2026-0123")
    form.get_by_role("button", name="Spara manuell registrering").click()
    expect(page.locator("#report-message")).to_contain_text("registrerad manuellt")
    expect(page.locator("#handoff .handoff-status-text")).to_have_text(
        "Status: Registrerad manuellt, ärendenummer IFO-2026-0123."
    )
    expect(page.locator("#handoff-flag")).to_have_count(0)
    expect(page.locator("#timeline")).to_contain_text(
        "Registrerade överlämningen manuellt i verksamhetssystemet"
    )
