"""The report page and the queue against issue 9: every legal limit counts down from when it starts, the
förste socialsekreterare extends and closes an investigation, a reviewer approves exactly the proposal they
saw, and the timeline reads as what happened (a person's repeated reads on one line, Oro's messages in
words). axe-core runs on each new page state; the dashboard's CSP stays on."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import _watched_page
from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    check_axe,
    expect_ready,
    post_report,
    serve_axe,
    sign_in,
)
from tests.browser.staff_helpers import (
    audit_timeline,
    swedish,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard(context, axe_script):
    page, problems = _watched_page(context)
    serve_axe(page, axe_script)
    yield page
    page.close()
    assert not problems, problems


def open_report(page: Page, stack, report_id: str) -> None:
    page.goto(f"{stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)


def summary_row(page: Page, term: str):
    return page.locator(".summary > div", has=page.locator("dt", has_text=re.compile(f"^{re.escape(term)}$")))


def test_the_timeline_shows_a_persons_repeated_reads_on_one_line_and_every_read_stays_in_the_audit(
    dashboard: Page, local_stack
):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    report_id = stored["reportId"]
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, report_id)  # read 1
    protection = page.locator("#protection-form")
    protection.get_by_label("Nej, inget omedelbart skyddsbehov").check()
    protection.get_by_role("button", name="Registrera skyddsbedömning").click()  # read 2
    expect(page.locator("#report-message[role=status]")).to_have_text("Skyddsbedömningen är registrerad.")
    for _ in range(3):  # reads 3, 4 and 5
        page.reload()
        expect_ready(page)

    rows = page.locator("#timeline tbody tr")
    reads = page.locator('#timeline tbody tr[data-action="read_report"][data-staff="demo-mottagning"]')
    # Every read is in the audit trail, and every one is counted on the page, but no two lines in a row say
    # the same person read it again.
    audited = [entry for entry in audit_timeline(local_stack, report_id) if entry.action == "read_report"]
    assert len(audited) == 5
    assert sum(int(count) for count in reads.evaluate_all("rows => rows.map(r => r.dataset.count)")) == 5
    pairs = [(row.get_attribute("data-action"), row.get_attribute("data-staff")) for row in rows.all()]
    assert all(not (a == b and a[0] == "read_report") for a, b in zip(pairs, pairs[1:], strict=False)), pairs
    collapsed = reads.filter(has_text="gånger")
    expect(collapsed.first).to_contain_text(re.compile(r"Läste anmälan \(\d gånger, senast \d{2}:\d{2}\)"))
    last_read = swedish(audited[-1].at.isoformat())
    expect(reads.last).to_contain_text(f"senast {last_read:%H:%M}")
    check_axe(page, "timeline with repeated reads")
