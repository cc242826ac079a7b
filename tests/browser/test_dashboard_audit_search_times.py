"""The audit export, the person search and times against issue 9: reports are named by reference number and
times are Swedish time even in a browser set to UTC, in the table and in the CSV file; the search says whom
it searches and counts in Swedish."""

import csv
import io
import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    check_axe,
    expect_ready,
    post_report,
    queue_row,
    sign_in,
    sign_out,
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


def test_the_audit_export_names_reports_by_reference_number_in_swedish_time_in_the_table_and_the_file(
    dashboard: Page, utc_dashboard: Page, local_stack
):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    reference, report_id = stored["referenceNumber"], stored["reportId"]
    intake = dashboard
    sign_in(intake, local_stack, "demo-mottagning")
    intake.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(intake)
    read = [entry for entry in audit_timeline(local_stack, report_id) if entry.action == "read_report"][-1]

    page = utc_dashboard  # the granskare's browser is set to UTC: the export is Swedish time all the same
    sign_in(page, local_stack, "demo-granskare", landing="audit.html")
    page.get_by_label("Användarnamn").fill("demo-mottagning")
    today = swedish(read.at.isoformat()).date().isoformat()
    page.get_by_label("Från och med").fill(today)
    page.get_by_label("Till och med").fill(today)
    page.get_by_role("button", name="Hämta utdrag").click()
    expect(page.locator("#audit-result-heading")).to_be_focused()
    expect(page.locator("#audit-table thead")).to_contain_text("Tid (svensk tid)")
    row = page.locator(f'#audit-table tr[data-action="read_report"][data-report-id="{report_id}"]').last
    cells = row.locator("td")
    expect(cells.nth(1)).to_have_text("demo-mottagning")
    expect(cells.nth(3)).to_have_text("Läste anmälan")
    expect(cells.nth(4)).to_have_text(reference)
    expect(page.locator("#audit-table")).not_to_contain_text(report_id)
    shown_as_swedish_time(cells.nth(0).inner_text(), read.at.isoformat())
    check_axe(page, "audit export with reference numbers")

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som CSV-fil").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    lines = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    ours = [
        line for line in lines if line["Anmälans id"] == report_id and line["Händelsekod"] == "read_report"
    ]
    assert ours, lines[:3]
    line = ours[-1]
    assert line["Diarienummer"] == reference
    assert line["Händelse"] == "Läste anmälan"
    assert line["Tid (svensk tid)"] == f"{swedish(read.at.isoformat()):%Y-%m-%d %H:%M:%S}"
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", line["Tidpunkt (UTC, ISO 8601)"])
    assert swedish(line["Tidpunkt (UTC, ISO 8601)"]) == swedish(read.at.isoformat())


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


def test_the_person_search_finds_an_adult_named_with_a_personnummer(dashboard: Page, local_stack):
    adult = personnummer(date(1961, 11, 2))
    stored = load_with_person(local_stack, "vuxen", adult)
    page = dashboard
    sign_in(page, local_stack, "demo-socialjour")
    page.goto(f"{local_stack.dashboard_url}search.html")
    expect_ready(page)
    search(page, adult)
    expect(page.locator("#search-count")).to_have_text("1 anmälan om personen")
    expect(page.get_by_role("link", name=stored["referenceNumber"], exact=True)).to_be_visible()


def load_with_person(stack, kind: str, number: str) -> dict:
    person = {"kind": kind, "personalIdentityNumber": number, "knowsAboutReport": "vet_inte"}
    return post_report(stack, persons=[person], concern=NEGLECT_ONLY)


def test_a_search_with_many_hits_shows_the_newest_first_and_more_on_request(dashboard: Page, local_stack):
    from datetime import UTC, datetime, timedelta

    from functions.domain.report import normalise_identity_number
    from functions.stores.reports import iso, person_lookup_key

    number = personnummer()
    key = local_stack.person_keys().of(normalise_identity_number(number))
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    for index in range(27):  # lookup entries: what the search pages through
        received = iso(start + timedelta(days=index))
        local_stack.reports_table.put_item(
            Item={
                **person_lookup_key(key, received, f"paged-{index}"),
                "reportId": f"paged-{index}",
                "referenceNumber": f"2025-P{index:02d}-AAA",
                "receivedAt": received,
            }
        )
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}search.html")
    expect_ready(page)
    search(page, number)
    expect(page.locator("#search-count")).to_have_text(
        "De 25 senaste anmälningarna om personen visas. Det finns fler."
    )
    expect(page.locator("#search-table tbody tr").first).to_contain_text("2025-P26-AAA")
    check_axe(page, "a first page of many")
    page.get_by_role("button", name="Visa fler anmälningar").click()
    expect(page.locator("#search-count")).to_have_text("27 anmälningar om personen")
    expect(page.get_by_role("link", name="2025-P01-AAA", exact=True)).to_be_focused()
    expect(page.get_by_role("button", name="Visa fler anmälningar")).to_have_count(0)


def test_the_granskare_exports_everything_about_one_report_over_many_pages(dashboard: Page, local_stack):
    from datetime import UTC, datetime, timedelta

    from functions.shared import names
    from functions.stores.audit import AuditEntry, AuditStore

    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    reference, report_id = stored["referenceNumber"], stored["reportId"]
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    earlier = datetime.now(UTC) - timedelta(hours=2)
    audit.append_all(  # more than one page of the export (500)
        [
            AuditEntry(
                at=earlier + timedelta(seconds=index),
                staff_id="demo-mottagning",
                roles=["mottagning"],
                action="read_report",
                report_id=report_id,
                reference_number=reference,
            )
            for index in range(520)
        ]
    )
    page = dashboard
    sign_in(page, local_stack, "demo-granskare", landing="audit.html")
    page.get_by_label("En anmälan").check()
    expect(page.get_by_label("Användarnamn")).to_be_hidden()
    page.get_by_label("Diarienummer").fill(reference.lower())
    today = swedish(datetime.now(UTC).isoformat()).date()
    page.get_by_label("Från och med").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Till och med").fill(today.isoformat())
    page.get_by_role("button", name="Hämta utdrag").click()
    expect(page.locator("#audit-result-heading")).to_be_focused(timeout=30_000)  # two pages and 520 rows
    expect(page.locator("#audit-result-heading")).to_contain_text(f"anmälan {reference}")
    expect(page.locator('#audit-table tr[data-action="read_report"]')).to_have_count(520)
    check_axe(page, "an export by report")


def test_the_timeline_names_a_channel_that_failed_and_the_export_a_refused_attempt(
    dashboard: Page, local_stack
):
    from datetime import UTC, datetime

    from functions.shared import names
    from functions.stores.audit import AuditEntry, AuditStore
    from tests.browser.staff_helpers import staff_api

    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    reference, report_id = stored["referenceNumber"], stored["reportId"]
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    audit.append(  # as notify writes it when SNS refused the duty phone's SMS
        AuditEntry(
            at=datetime.now(UTC),
            staff_id="oro",
            roles=[],
            action="message_sent",
            report_id=report_id,
            reference_number=reference,
            detail={
                "recipient": "socialjour",
                "messageKind": "new_report_urgent",
                "channels": ["email"],
                "failedChannels": ["sms"],
            },
        )
    )
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)
    expect(page.locator("#timeline")).to_contain_text(
        "E-post till socialjouren: ny brådskande anmälan; sms kunde inte skickas"
    )

    refused = staff_api(
        local_stack,
        "demo-socialjour",
        "POST",
        f"/api/staff/reports/{report_id}/persons/1/decision-proposal/approve",
        {"version": 1, "confirmed": True},
    )
    assert refused.status_code == 403
    sign_out(page)
    sign_in(page, local_stack, "demo-granskare", landing="audit.html")
    page.get_by_label("Användarnamn").fill("demo-socialjour")
    today = swedish(datetime.now(UTC).isoformat()).date().isoformat()
    page.get_by_label("Från och med").fill(today)
    page.get_by_label("Till och med").fill(today)
    page.get_by_role("button", name="Hämta utdrag").click()
    expect(page.locator('#audit-table tr[data-action="approve_decision"]').last).to_contain_text(
        "Godkände beslut (person 1) – nekades, rollen ger inte behörighet"
    )
