"""The staff dashboard in Debian chromium on the local stack: sign-in per role, hostile report text, the
two-person decision flow, and registering a phoned-in report. axe-core runs on every page state; the
dashboard's CSP stays on (a violation or page error fails the test)."""

import uuid
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import Page, expect

from local.resources import DEMO_PASSWORD
from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    approve_in_page,
    check_axe,
    create_staff_user,
    expect_ready,
    fill_registration,
    navigation,
    open_dashboard_page,
    open_sign_in,
    post_report,
    propose_in_page,
    queue_row,
    record_assessment,
    sign_in,
    sign_out,
    submit_sign_in,
    timeline_actions,
)
from tests.browser.form_helpers import XSS_IMG, XSS_SCRIPT
from tests.conftest import load_event
from tests.integration.helpers import eventually

pytestmark = pytest.mark.browser

XSS_SVG = '<svg onload="window.__pwned=1">'
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Provkommun has search by personnummer switched on (municipalities/prov.toml).
CASEWORK_NAVIGATION = ["Inkorg", "Registrera anmälan", "Sök på personnummer"]


def test_each_role_sees_what_its_role_allows_and_a_wrong_password_is_refused(dashboard: Page, local_stack):
    page = dashboard
    open_sign_in(page, local_stack)
    expect(page.locator(".site-name")).to_contain_text(local_stack.municipality.name)
    check_axe(page, "sign-in")
    # Keyboard only: the skip link, the fields in order, Enter to send.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Användarnamn")).to_be_focused()
    page.keyboard.type("demo-mottagning")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Lösenord", exact=True)).to_be_focused()
    page.keyboard.type("fel-lösenord")
    page.keyboard.press("Enter")
    expect(page.locator("#sign-in-message[role=alert]")).to_have_text("Fel användarnamn eller lösenord.")
    assert page.evaluate("sessionStorage.getItem('oro.idToken')") is None
    check_axe(page, "sign-in, wrong password")

    sign_in(page, local_stack, "demo-mottagning")
    assert navigation(page) == CASEWORK_NAVIGATION
    expect(page.locator("#queue-results")).not_to_have_attribute("aria-busy", "true")
    check_axe(page, "queue as mottagning")
    sign_out(page)
    check_axe(page, "signed out")

    sign_in(page, local_stack, "demo-forste-socialsekreterare")
    assert navigation(page) == CASEWORK_NAVIGATION
    sign_out(page)

    sign_in(page, local_stack, "demo-socialjour")
    assert navigation(page) == CASEWORK_NAVIGATION
    # Provkommun allows search by personnummer: the sample report's child is found.
    stored = post_report(local_stack)
    page.get_by_role("link", name="Sök på personnummer").click()
    expect_ready(page)
    check_axe(page, "person search")
    page.get_by_label("Personnummer eller samordningsnummer").fill("20150315-2389")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.get_by_role("link", name=stored["referenceNumber"], exact=True)).to_be_visible()
    check_axe(page, "person search results")
    page.get_by_label("Personnummer eller samordningsnummer").fill("20150315-2388")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator("#search-message[role=alert]")).to_contain_text("Kontrollera personnumret.")
    sign_out(page)

    sign_in(page, local_stack, "demo-admin", landing="welcome.html")
    assert navigation(page) == ["Gallring"]
    expect(page.locator("#no-report-access")).to_contain_text("Din roll ger inte tillgång till anmälningar")
    check_axe(page, "admin's welcome")
    page.goto(f"{local_stack.dashboard_url}queue.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Den här sidan ingår inte i din roll")
    expect(page.locator("#queue-table")).to_have_count(0)
    check_axe(page, "admin on the queue page")
    sign_out(page)

    sign_in(page, local_stack, "demo-granskare", landing="audit.html")
    assert navigation(page) == ["Loggutdrag"]
    check_axe(page, "audit export")
    page.get_by_label("Användarnamn").fill("demo-mottagning")
    page.get_by_role("button", name="Hämta utdrag").click()
    expect(page.locator("#audit-result-heading")).to_be_focused()
    # What demo-mottagning did a moment ago: looked at the queue.
    expect(page.locator('#audit-table tr[data-action="view_queue"]').first).to_be_visible()
    expect(page.get_by_role("link", name="Ladda ner som CSV-fil")).to_be_visible()
    check_axe(page, "audit export with entries")
    page.goto(f"{local_stack.dashboard_url}report.html?id=x")
    expect(page.get_by_role("heading", level=1)).to_have_text("Den här sidan ingår inte i din roll")
    sign_out(page)


def hostile_report(stack) -> dict:
    """Every free-text field of a report holds markup that would run if it were rendered as HTML."""
    payloads = [XSS_SCRIPT, XSS_IMG, XSS_SVG]

    def text(index: int) -> str:
        return f"{payloads[index % 3]} nr {index}"

    return post_report(
        stack,
        persons=[
            {
                "kind": "barn",
                "name": text(0),
                "address": text(1),
                "schoolOrPreschool": text(2),
                "guardians": [{"name": text(3), "address": text(4), "knowsAboutReport": "nej"}],
                "knowsAboutReport": "vet_inte",
            }
        ],
        concern={**NEGLECT_ONLY, "description": f"{text(5)}\n{XSS_SVG}", "since": text(6)},
        interpreter={"needed": True, "language": text(7)},
        otherAgencies=text(8),
        reporter={"type": "privatperson", "anonymous": False, "name": text(9), "relation": text(10)},
    )


def test_reporter_text_is_shown_as_text_in_the_queue_and_the_report(dashboard: Page, local_stack):
    page = dashboard
    stored = hostile_report(local_stack)
    sign_in(page, local_stack, "demo-mottagning")
    row = queue_row(page, stored["referenceNumber"])
    assert page.evaluate("window.__pwned") is None
    row.get_by_role("link", name=stored["referenceNumber"]).click()
    page.wait_for_url("**/report.html?id=*")
    expect_ready(page)

    report = page.locator("#report")
    for index in range(11):
        payload = [XSS_SCRIPT, XSS_IMG, XSS_SVG][index % 3]
        expect(report).to_contain_text(f"{payload} nr {index}")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main svg, main script, main iframe, main object").count() == 0
    assert page.locator("img, svg").count() == 0
    check_axe(page, "report with hostile text")


def test_intake_proposes_and_a_reviewer_approves_then_the_lifecycle_ends_with_a_purge_date(
    dashboard: Page, second_dashboard: Page, local_stack
):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    report_id, reference = stored["reportId"], stored["referenceNumber"]

    # Intake opens the new report from the queue, records the skyddsbedömning and proposes a decision.
    intake = dashboard
    sign_in(intake, local_stack, "demo-mottagning")
    row = queue_row(intake, reference)
    expect(row.locator(".countdown").first).to_have_attribute("data-state", "ok")
    expect(row.locator(".badge").first).to_have_text("I tid")
    row.get_by_role("link", name=reference).click()
    expect_ready(intake)
    expect(intake.get_by_role("heading", level=1)).to_have_text(f"Anmälan {reference}")
    check_axe(intake, "new report")
    record_assessment(intake)
    expect(intake.locator("#report-message[role=status]")).to_have_text("Skyddsbedömningen är registrerad.")
    expect(intake.locator("#protection-form")).to_have_count(0)
    check_axe(intake, "after the skyddsbedömning")
    received = datetime.fromisoformat(stored["receivedAt"]).astimezone(STOCKHOLM).date()
    extension = intake.locator("#extension-form")
    extension.get_by_label("Ny tidsgräns").fill((received + timedelta(days=30)).isoformat())
    extension.get_by_label("Synnerliga skäl").fill("Polisen har bett oss vänta med kontakt med familjen.")
    extension.get_by_role("button", name="Förläng tidsgränsen").click()
    expect(intake.locator("#report-message[role=status]")).to_have_text(
        "Tidsgränsen för beslutet är förlängd."
    )
    propose_in_page(intake, investigate=False)
    expect(intake.locator("#report-message[role=status]")).to_have_text(
        "Förslaget till beslut är lämnat för granskning."
    )
    expect(intake.locator("#review-form")).to_have_count(0)  # mottagning cannot approve
    sign_out(intake)

    # The reviewer, elsewhere, approves.
    reviewer = second_dashboard
    sign_in(reviewer, local_stack, "demo-forste-socialsekreterare")
    reviewer.get_by_label("Visa").select_option("status=review")
    reviewer.get_by_role("button", name="Visa", exact=True).click()
    row = queue_row(reviewer, reference)
    expect(row).to_contain_text("1 förslag väntar på granskning")
    expect(row).to_contain_text("1 barn")
    row.get_by_role("link", name=reference).click()
    expect_ready(reviewer)
    review = reviewer.locator("#review-form")
    expect(review).to_contain_text("Förslag (version 1): Utredning inleds inte. Lämnat av demo-mottagning.")
    check_axe(reviewer, "proposal to review")
    review.get_by_role("button", name="Godkänn beslut").click()
    expect(reviewer.get_by_role("dialog")).to_contain_text("Godkänn beslut: inte inleda utredning?")
    check_axe(reviewer, "asked to confirm the decision")
    reviewer.get_by_role("dialog").get_by_role("button", name="Avbryt").click()
    expect(reviewer.get_by_role("dialog")).to_have_count(0)
    expect(review.get_by_role("button", name="Godkänn beslut")).to_be_focused()
    approve_in_page(reviewer, question="Godkänn beslut: inte inleda utredning?")
    expect(reviewer.locator("#report-message[role=status]")).to_have_text("Beslutet är fattat.")

    execution = local_stack.wait_for_execution(report_id)
    assert execution["status"] == "SUCCEEDED"
    reviewer.reload()
    expect_ready(reviewer)
    purge_on = local_stack.find_report(reference)["purgeOn"]
    expect(reviewer.locator(".report-summary")).to_contain_text("Gallras")
    expect(reviewer.locator(".report-summary")).to_contain_text(str(int(purge_on[:4])))
    expect(reviewer.locator("#no-actions")).to_be_visible()
    check_axe(reviewer, "decided report")
    steps = timeline_actions(reviewer)
    for step in [
        ("read_report", "demo-mottagning"),
        ("record_protection_assessment", "demo-mottagning"),
        ("extend_decision_deadline", "demo-mottagning"),
        ("propose_decision", "demo-mottagning"),
        ("read_report", "demo-forste-socialsekreterare"),
        ("approve_decision", "demo-forste-socialsekreterare"),
    ]:
        assert step in steps, (step, steps)
    order = [action for action, _ in steps]
    assert order.index("record_protection_assessment") < order.index("propose_decision")
    assert order.index("propose_decision") < order.index("approve_decision")


def test_a_phoned_in_report_is_registered_with_its_arrival_time_and_its_clocks_run_from_then(
    dashboard: Page, local_stack
):
    page = dashboard
    sign_in(page, local_stack, "demo-socialjour")
    page.get_by_role("link", name="Registrera anmälan").click()
    expect_ready(page)
    check_axe(page, "registration form")
    page.get_by_role("button", name="Registrera anmälan").click()
    expect(page.locator("#register-message[role=alert]")).to_be_focused()
    expect(page.locator("#register-message")).to_contain_text("Välj hur anmälan kom in.")
    check_axe(page, "registration form with errors")

    now = datetime.now(STOCKHOLM)
    arrived = max(now - timedelta(hours=2), now.replace(hour=0, minute=0)).replace(second=0, microsecond=0)
    page.get_by_label("Kom in via").select_option("telefon")
    page.get_by_label("Datum").fill(arrived.strftime("%Y-%m-%d"))
    page.get_by_label("Klockslag").fill(arrived.strftime("%H:%M"))
    page.get_by_label("Yrkesverksam (anmälningsskyldig)").check()
    page.locator("#professional-name").fill("Eva Lind")
    page.locator("#professional-role").fill("Skolsköterska")
    page.locator("#professional-organisation").fill("Björkskolan")
    page.locator("#professional-phone").fill("070-123 45 67")
    page.locator("#persons [data-person]").first.get_by_label("Namn (frivilligt)", exact=True).fill("Nils")
    page.get_by_label("Vad anmälaren berättade").fill("Ringde och berättade att Nils ofta är hungrig.")
    page.get_by_label("Brister i omsorgen").check()
    page.get_by_label("Främst").select_option("omsorgsbrist")
    page.locator("#acute-no").check()
    page.get_by_role("button", name="Registrera anmälan").click()

    message = page.locator("#register-message[role=status]")
    expect(message).to_be_focused()
    reference = page.locator("#registered-reference").inner_text()
    expect(message).to_contain_text(f"Anmälan är registrerad. Diarienummer: {reference}")
    check_axe(page, "registered")
    stored = local_stack.find_report(reference)
    assert stored["channel"] == "telefon"
    assert datetime.fromisoformat(stored["receivedAt"]) == arrived

    page.get_by_role("link", name="Till inkorgen").click()
    expect_ready(page)
    page.get_by_label("Visa").select_option("channel=telefon")
    page.get_by_role("button", name="Visa", exact=True).click()
    row = queue_row(page, reference)
    expect(row).to_contain_text("Telefon")
    protection_due = row.locator(".countdown").first.get_attribute("data-due")
    assert datetime.fromisoformat(protection_due) == arrived + timedelta(hours=24)
    expect(row.locator(".countdown").first).to_contain_text("tim")
    check_axe(page, "queue filtered by channel")


def test_an_overdue_skyddsbedomning_shows_as_overdue_and_its_escalation_is_acknowledged(
    dashboard: Page, local_stack
):
    # Registered by phone 25 hours after it arrived: the 24-hour limit has passed and the lifecycle escalates.
    token = local_stack.sign_in("demo-mottagning")
    arrived = datetime.now(STOCKHOLM) - timedelta(hours=25)
    body = {
        "channel": "telefon",
        "receivedAt": arrived.isoformat(),
        "report": {**load_event("report-private-anonymous.json"), "submissionId": str(uuid.uuid4())},
    }
    registered = requests.post(
        f"{local_stack.base_url}/api/staff/reports",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    reference = registered["referenceNumber"]
    eventually(lambda: (local_stack.find_report(reference).get("lifecycle") or {}).get("escalation"))

    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.get_by_label("Visa").select_option("status=protection_assessment")
    page.get_by_role("button", name="Visa", exact=True).click()
    row = queue_row(page, reference)
    expect(row.locator(".countdown").first).to_have_attribute("data-state", "overdue")
    expect(row.locator(".badge").first).to_have_text("Försenad")
    expect(row).to_contain_text("Eskalerad, ej kvitterad")
    check_axe(page, "queue with an overdue, escalated report")
    row.get_by_role("link", name=reference).click()
    expect_ready(page)
    page.locator("#acknowledge-form").get_by_role("button", name="Kvittera").click()
    expect(page.locator("#report-message[role=status]")).to_have_text("Eskaleringen är kvitterad.")
    check_axe(page, "escalation acknowledged")
    assert ("acknowledge_escalation", "demo-mottagning") in timeline_actions(page)


def test_first_sign_in_sets_a_new_password_and_a_totp_code_is_asked_for(dashboard: Page, local_stack):
    cognito = local_stack.client("cognito-idp")
    pool = local_stack.user_pool_id
    newcomer, with_totp = f"ny-{uuid.uuid4().hex[:6]}", f"totp-{uuid.uuid4().hex[:6]}"
    cognito.admin_create_user(
        UserPoolId=pool, Username=newcomer, TemporaryPassword="Tillfalligt-2026!", MessageAction="SUPPRESS"
    )
    cognito.admin_create_user(UserPoolId=pool, Username=with_totp, MessageAction="SUPPRESS")
    cognito.admin_set_user_password(
        UserPoolId=pool, Username=with_totp, Password=DEMO_PASSWORD, Permanent=True
    )
    for username in (newcomer, with_totp):
        cognito.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName="mottagning")
    access = local_stack.client("cognito-idp").initiate_auth(
        ClientId=local_stack.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": with_totp, "PASSWORD": DEMO_PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    cognito.associate_software_token(AccessToken=access)
    cognito.verify_software_token(AccessToken=access, UserCode="123456")
    cognito.admin_set_user_mfa_preference(
        UserPoolId=pool, Username=with_totp, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )

    page = dashboard
    open_sign_in(page, local_stack)
    submit_sign_in(page, newcomer, "Tillfalligt-2026!")
    expect(page.locator("#new-password-heading")).to_be_focused()
    check_axe(page, "new password")
    page.get_by_label("Nytt lösenord", exact=True).fill("Mitt-eget-losen-2026!")
    page.get_by_label("Nytt lösenord igen").fill("Ett-annat-losen-2026!")
    page.get_by_role("button", name="Spara lösenord och fortsätt").click()
    expect(page.locator("#sign-in-message[role=alert]")).to_have_text("Lösenorden är inte likadana.")
    page.get_by_label("Nytt lösenord igen").fill("Mitt-eget-losen-2026!")
    page.get_by_role("button", name="Spara lösenord och fortsätt").click()
    page.wait_for_url("**/dashboard/queue.html")
    expect(page.locator(".signed-in strong")).to_have_text(newcomer)
    sign_out(page)

    submit_sign_in(page, with_totp)
    expect(page.locator("#mfa-heading")).to_be_focused()
    check_axe(page, "TOTP code")
    page.get_by_label("Sexsiffrig kod från din autentiseringsapp").fill("12 34")
    page.locator("#mfa-step").get_by_role("button", name="Logga in").click()
    expect(page.locator("#sign-in-message[role=alert]")).to_have_text(
        "Skriv de sex siffrorna från autentiseringsappen."
    )
    page.get_by_label("Sexsiffrig kod från din autentiseringsapp").fill("123 456")
    page.locator("#mfa-step").get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/dashboard/queue.html")
    expect(page.locator(".signed-in strong")).to_have_text(with_totp)


@pytest.fixture
def dashboard_in(browser, axe_script):
    """Dashboard pages in browsers set up otherwise (another time zone, a phone's screen): dashboard_in(
    timezone_id="UTC") opens one."""
    opened = []

    def open_page(**options) -> Page:
        context, page, problems = open_dashboard_page(browser, axe_script, **options)
        opened.append((context, problems))
        return page

    yield open_page
    for context, problems in opened:
        context.close()
        assert not problems, problems


def recent_day_in(month: int) -> date:
    """A day of `month` within the last year (registration takes arrivals up to 365 days back), not today."""
    today = datetime.now(STOCKHOLM).date()
    for year in (today.year, today.year - 1):
        for day in range(28, 0, -1):
            candidate = date(year, month, day)
            if 1 <= (today - candidate).days <= 350:
                return candidate
    raise AssertionError(f"no day of month {month} within the last year")


def assert_filled_in_with_swedish_now(page: Page) -> None:
    day, clock = page.get_by_label("Datum").input_value(), page.get_by_label("Klockslag").input_value()
    shown = datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M").replace(tzinfo=STOCKHOLM)
    assert timedelta(seconds=-5) <= datetime.now(STOCKHOLM) - shown <= timedelta(seconds=65), shown


@pytest.mark.parametrize("browser_zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_the_arrival_time_is_swedish_time_whatever_zone_the_browser_is_in(
    dashboard_in, local_stack, browser_zone
):
    page = dashboard_in(timezone_id=browser_zone)
    sign_in(page, local_stack, "demo-socialjour")
    page.get_by_role("link", name="Registrera anmälan").click()
    expect_ready(page)

    # The time filled in is now in Sweden, not in the browser's zone.
    assert_filled_in_with_swedish_now(page)

    # A letter that arrived at 10:00 Swedish time, in winter (+01:00) and in summer (+02:00).
    for month in (1, 7):
        arrived = datetime.combine(recent_day_in(month), time(10, 0), tzinfo=STOCKHOLM)
        fill_registration(page, "brev", arrived.strftime("%Y-%m-%d"), "10:00")
        expect(page.locator("#received-note")).to_have_text("")
        page.get_by_role("button", name="Registrera anmälan").click()
        expect(page.locator("#register-message")).to_contain_text("Anmälan är registrerad.")
        reference = page.locator("#registered-reference").inner_text()
        stored = local_stack.find_report(reference)
        assert datetime.fromisoformat(stored["receivedAt"]) == arrived, (browser_zone, stored["receivedAt"])
        assert stored["channel"] == "brev"
        assert_filled_in_with_swedish_now(page)  # ready for the next one

    # The report page reads it back in Swedish time.
    page.get_by_role("link", name=f"Öppna anmälan {reference}").click()
    expect_ready(page)
    expect(page.locator(".summary time").first).to_contain_text("10:00")
    expect(page.locator(".summary time").first).to_contain_text(str(arrived.year))

    # The nights the clocks change: 02:30 did not exist on the last Sunday of March and happened twice on the
    # last Sunday of October. The first counts as 03:30 summer time, the second as the first 02:30.
    page.goto(f"{local_stack.dashboard_url}register.html")
    expect_ready(page)
    arrivals = page.evaluate(
        """() => import("./common.js").then(({swedishInstant}) => [
            ["2026-01-15", "10:00"], ["2026-07-15", "10:00"], ["2026-03-29", "01:59"], ["2026-03-29", "02:30"],
            ["2026-03-29", "03:00"], ["2026-10-25", "01:59"], ["2026-10-25", "02:30"], ["2026-10-25", "03:00"],
            ["2026-02-30", "10:00"], ["2026-01-15", "24:00"],
        ].map(([day, time]) => swedishInstant(day, time)))"""
    )
    assert [arrival and arrival["iso"] for arrival in arrivals] == [
        "2026-01-15T10:00:00+01:00",
        "2026-07-15T10:00:00+02:00",
        "2026-03-29T01:59:00+01:00",
        "2026-03-29T03:30:00+02:00",
        "2026-03-29T03:00:00+02:00",
        "2026-10-25T01:59:00+02:00",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T03:00:00+01:00",
        None,
        None,
    ]
    assert "fanns inte" in arrivals[3]["note"]
    assert "fanns två gånger" in arrivals[6]["note"]
    assert [arrival["note"] for arrival in arrivals[:3] + arrivals[4:6] + arrivals[7:8]] == [""] * 6
    page.get_by_label("Datum").fill("2025-10-26")
    page.get_by_label("Klockslag").fill("02:15")
    expect(page.locator("#received-note")).to_contain_text("Tiden räknas som den första gången")


def test_a_link_opened_signed_out_is_where_sign_in_lands_and_only_the_dashboards_own_pages_are_returned_to(
    dashboard: Page, local_stack
):
    page = dashboard
    stored = post_report(local_stack)
    link = f"{local_stack.dashboard_url}report.html?id={stored['reportId']}"

    # The link in the SMS, opened signed out: sign in, and the report is there.
    page.goto(link)
    page.wait_for_url("**/dashboard/index.html?till=*")
    expect_ready(page)
    check_axe(page, "sign-in on the way to a report")
    submit_sign_in(page, "demo-socialjour")
    page.wait_for_url(link)
    expect_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anmälan {stored['referenceNumber']}")

    # An expired session on a filtered queue: back to the same filter after signing in again.
    filtered = f"{local_stack.dashboard_url}queue.html?route=socialjour"
    page.goto(filtered)
    expect_ready(page)
    page.evaluate(
        "sessionStorage.setItem('oro.idToken', 'e30.' + btoa(JSON.stringify({exp: 1})).replace(/=+$/, '') + '.x')"
    )
    page.reload()
    page.wait_for_url("**/dashboard/index.html?till=*")
    expect_ready(page)
    expect(page.locator("#sign-in-message")).to_contain_text("inloggningen har gått ut")
    submit_sign_in(page, "demo-socialjour")
    page.wait_for_url(filtered)
    expect_ready(page)
    expect(page.get_by_label("Visa")).to_have_value("route=socialjour")

    # "Logga ut" is not a link to anywhere: signing in again starts on the queue.
    sign_out(page)
    submit_sign_in(page, "demo-socialjour")
    page.wait_for_url("**/dashboard/queue.html")
    sign_out(page)

    # A crafted return target to another origin lands on the queue instead.
    page.goto(
        f"{local_stack.dashboard_url}index.html?till=https%3A%2F%2Fevil.example%2Fdashboard%2Fqueue.html"
    )
    expect_ready(page)
    submit_sign_in(page, "demo-socialjour")
    page.wait_for_url(f"{local_stack.dashboard_url}queue.html")
    expect_ready(page)

    # Signed in already, the sign-in page sends one on at once: to a dashboard page, or else to the queue.
    targets = {
        f"/dashboard/report.html?id={stored['reportId']}": f"report.html?id={stored['reportId']}",
        "/dashboard/search.html": "search.html",
        "//evil.example/dashboard/report.html": "queue.html",
        "/\\evil.example/dashboard/report.html": "queue.html",
        "/%5Cevil.example/": "queue.html",
        "https://evil.example/": "queue.html",
        f"{local_stack.base_url}/dashboard/report.html": "queue.html",
        "javascript:alert(1)//dashboard/report.html": "queue.html",
        "/local/outbox": "queue.html",
        "/dashboard/../local/outbox": "queue.html",
        "/dashboard/index.html": "queue.html",
        "/dashboard/config.json": "queue.html",
        "/dashboard/report.html#x": "queue.html",
        "/dashboard/report.html\tx": "queue.html",
        "report.html": "queue.html",
    }
    for target, lands in targets.items():
        page.goto(f"{local_stack.dashboard_url}index.html?{urlencode({'till': target})}")
        page.wait_for_url(f"{local_stack.dashboard_url}{lands}")
        expect_ready(page)
        assert page.evaluate("window.location.origin") == local_stack.base_url, target
    assert page.evaluate("window.__pwned") is None


def test_after_a_new_password_or_a_totp_code_sign_in_lands_where_the_link_pointed(
    dashboard: Page, local_stack
):
    stored = post_report(local_stack)
    link = f"{local_stack.dashboard_url}report.html?id={stored['reportId']}"
    newcomer, with_totp = f"ny-{uuid.uuid4().hex[:6]}", f"totp-{uuid.uuid4().hex[:6]}"
    create_staff_user(local_stack, newcomer, temporary_password="Tillfalligt-2026!")
    create_staff_user(local_stack, with_totp, "socialjour", totp=True)

    page = dashboard
    page.goto(link)
    page.wait_for_url("**/dashboard/index.html?till=*")
    expect_ready(page)
    submit_sign_in(page, newcomer, "Tillfalligt-2026!")
    expect(page.locator("#new-password-heading")).to_be_focused()
    page.get_by_label("Nytt lösenord", exact=True).fill("Mitt-eget-losen-2026!")
    page.get_by_label("Nytt lösenord igen").fill("Mitt-eget-losen-2026!")
    page.get_by_role("button", name="Spara lösenord och fortsätt").click()
    page.wait_for_url(link)
    expect_ready(page)
    expect(page.locator(".signed-in strong")).to_have_text(newcomer)
    sign_out(page)

    page.goto(link)
    page.wait_for_url("**/dashboard/index.html?till=*")
    expect_ready(page)
    submit_sign_in(page, with_totp)
    expect(page.locator("#mfa-heading")).to_be_focused()
    page.get_by_label("Sexsiffrig kod från din autentiseringsapp").fill("123 456")
    page.locator("#mfa-step").get_by_role("button", name="Logga in").click()
    page.wait_for_url(link)
    expect_ready(page)
    expect(page.locator(".signed-in strong")).to_have_text(with_totp)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anmälan {stored['referenceNumber']}")
