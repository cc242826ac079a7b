"""After the investigation on the report page: closing it asks for its result; measures show their next
follow-up, marked late when its day has passed, and the case worker records the follow-up (the next is then
six months on) or that the case system follows it up. axe-core at 1280 and 390 px."""

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from functions.domain.follow_up import InvestigationResult
from functions.staff.use_cases.deadlines import close_investigation
from tests.browser.dashboard_helpers import check_axe, expect_ready, sign_in
from tests.integration.helpers import REVIEWER, STOCKHOLM, report_decided_at, staff_services_at

pytestmark = pytest.mark.browser


def test_late_follow_up_of_measures_is_recorded_from_the_report_page(dashboard: Page, local_stack):
    now = datetime.now(STOCKHOLM)
    report_id = report_decided_at(
        local_stack, now - timedelta(days=330), now - timedelta(days=320), outcome="investigation"
    )
    closed = now - timedelta(days=200)  # six months and more ago: the first follow-up is late
    close_investigation(staff_services_at(closed), REVIEWER, report_id, 1, InvestigationResult.MEASURES)

    page = dashboard
    sign_in(page, local_stack, "demo-forste-socialsekreterare")
    page.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)
    form = page.locator("#follow-up-form")
    expect(form.get_by_role("heading", name="Uppföljning av insatser")).to_be_visible()
    expect(form).to_contain_text("och är försenad")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_axe(page, f"the report page with a late follow-up of measures, {width} px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    form.get_by_role("button", name="Registrera").click()
    expect(form.locator("[data-form-message]")).to_contain_text("Välj vad du registrerar.")
    form.get_by_label("Uppföljningen är gjord (nästa blir om 6 månader)").check()
    form.get_by_label("Anteckning").fill("Hembesök och samtal med skolan.")
    form.get_by_role("button", name="Registrera").click()
    expect(page.locator("#report-message")).to_contain_text("Uppföljningen är registrerad.")
    expect(page.locator("#follow-up-form")).not_to_contain_text("försenad")
    expect(page.locator("#timeline")).to_contain_text("Registrerade uppföljning av insatser")

    form = page.locator("#follow-up-form")
    form.get_by_label("Ärendet följs upp i verksamhetssystemet från och med nu").check()
    form.get_by_label("Anteckning").fill("Följs upp i Treserva.")
    form.get_by_role("button", name="Registrera").click()
    expect(page.locator("#report-message")).to_contain_text("Uppföljningen är registrerad.")
    expect(page.locator("#follow-up-form")).to_have_count(0)
    expect(page.locator("#report")).to_contain_text("Följs upp i verksamhetssystemet")
