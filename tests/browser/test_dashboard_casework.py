"""The report page and the queue against issue 9: every legal limit counts down from when it starts, the
förste socialsekreterare extends and closes an investigation, a reviewer approves exactly the proposal they
saw, and the timeline reads as what happened (a person's repeated reads on one line, Oro's messages in
words). axe-core runs on each new page state; the dashboard's CSP stays on."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    approve_in_page,
    check_axe,
    expect_ready,
    post_report,
    queue_row,
    record_assessment,
    sign_in,
    sign_out,
    timeline_actions,
)
from tests.browser.staff_helpers import (
    audit_timeline,
    person_path,
    propose,
    report_in_investigation,
    report_waiting_for_review,
    staff_api,
    swedish,
)
from tests.integration.helpers import eventually

pytestmark = pytest.mark.browser

REVIEWER = "demo-forste-socialsekreterare"


def open_report(page: Page, stack, report_id: str) -> None:
    page.goto(f"{stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)


def summary_row(page: Page, term: str):
    return page.locator(".summary > div", has=page.locator("dt", has_text=re.compile(f"^{re.escape(term)}$")))


def filter_queue(page: Page, value: str) -> None:
    page.get_by_label("Visa").select_option(value)
    page.get_by_role("button", name="Visa", exact=True).click()


def test_the_24_hour_and_14_day_limits_count_down_from_arrival_in_the_queue_and_on_the_report(
    dashboard: Page, local_stack
):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    reference = stored["referenceNumber"]
    received = datetime.fromisoformat(stored["receivedAt"])
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    filter_queue(page, "status=protection_assessment")
    row = queue_row(page, reference)
    countdowns = row.locator(".countdown")
    expect(countdowns).to_have_count(2)  # no skyddsbedömning yet, and still both clocks run
    assert datetime.fromisoformat(countdowns.nth(0).get_attribute("data-due")) == received + timedelta(
        hours=24
    )
    decision_due = datetime.fromisoformat(countdowns.nth(1).get_attribute("data-due"))
    assert received + timedelta(days=14) <= decision_due <= received + timedelta(days=18)
    expect(countdowns.nth(1)).to_have_attribute("data-state", "ok")
    expect(countdowns.nth(1).locator(".countdown-left")).to_contain_text(
        re.compile(r"^1[34] d \d+ tim kvar$")
    )

    row.get_by_role("link", name=reference).click()
    expect_ready(page)
    protection = summary_row(page, "Skyddsbedömning (24 timmar)").locator(".countdown")
    decision = summary_row(page, "Beslut om utredning (14 dagar)").locator(".countdown")
    expect(protection).to_have_attribute("data-state", "ok")
    expect(decision).to_have_attribute("data-state", "ok")
    assert datetime.fromisoformat(decision.get_attribute("data-due")) == decision_due
    expect(summary_row(page, "Beslut om utredning (14 dagar)")).not_to_contain_text("–")
    check_axe(page, "new report with both clocks")


def test_the_forste_socialsekreterare_extends_an_investigation_with_a_reason_and_closes_it_after_confirming(
    dashboard: Page, local_stack
):
    stored = report_in_investigation(local_stack)
    report_id, reference = stored["reportId"], stored["referenceNumber"]
    page = dashboard

    # Intake has no manage_investigation: the 4-month clock shows, the controls do not.
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, report_id)
    expect(summary_row(page, "Utredning (4 månader)").locator(".countdown")).to_have_attribute(
        "data-state", "ok"
    )
    expect(page.locator("#investigation-extension-form")).to_have_count(0)
    expect(page.locator("#close-investigation-form")).to_have_count(0)
    sign_out(page)

    sign_in(page, local_stack, REVIEWER)
    filter_queue(page, "status=investigation")
    row = queue_row(page, reference)
    expect(row).to_contain_text("Utredning (4 månader)")
    due_in_queue = row.locator(".countdown").last.get_attribute("data-due")
    four_months = datetime.fromisoformat(due_in_queue) - datetime.fromisoformat(stored["receivedAt"])
    assert timedelta(days=110) < four_months < timedelta(days=130), four_months
    check_axe(page, "queue of investigations")
    row.get_by_role("link", name=reference).click()
    expect_ready(page)
    countdown = summary_row(page, "Utredning (4 månader)").locator(".countdown")
    expect(countdown).to_have_attribute("data-due", due_in_queue)
    check_axe(page, "open investigation")

    extension = page.locator("#investigation-extension-form")
    new_day = (swedish(due_in_queue).date() + timedelta(days=30)).isoformat()
    extension.get_by_label("Ny tidsgräns").fill(new_day)
    extension.get_by_label("Särskilda skäl").fill("Kort.")
    extension.get_by_role("button", name="Förläng utredningen").click()
    expect(extension.locator("[data-form-message][role=alert]")).to_have_text(
        "Skriv skälen med minst 10 tecken."
    )
    check_axe(page, "investigation extension refused")
    reason = "Barnpsykiatrins bedömning kommer först i juni; utan den kan vi inte avsluta."
    extension.get_by_label("Särskilda skäl").fill(reason)
    extension.get_by_role("button", name="Förläng utredningen").click()
    expect(page.locator("#report-message[role=status]")).to_have_text("Utredningen är förlängd.")
    listed = page.locator("#investigation-extensions li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(reason)
    expect(listed).to_contain_text(REVIEWER)
    expect(summary_row(page, "Utredningen förlängd till")).to_be_visible()
    expect(summary_row(page, "Utredningen förlängd till")).to_contain_text(str(int(new_day[8:])))
    # The API's investigationDueAt is recomputed by the lifecycle a moment after the extension is recorded
    # (the staff event resumes it): the countdown moves on the next read.
    new_due = f"{new_day}T23:59:59"
    for _ in range(10):
        later = summary_row(page, "Utredning (4 månader)").locator(".countdown").get_attribute("data-due")
        if swedish(later).isoformat().startswith(new_due):
            break
        page.wait_for_timeout(500)
        page.reload()
        expect_ready(page)
    assert swedish(later).isoformat().startswith(new_due), (later, new_day)
    check_axe(page, "investigation extended")

    close = page.locator("#close-investigation-form")
    close.get_by_role("button", name="Avsluta utredningen").click()
    question = page.locator("#close-investigation-confirm")
    expect(question).to_be_focused()
    expect(question).to_contain_text(f"Vill du avsluta utredningen för anmälan {reference}?")
    check_axe(page, "asked to confirm closing")
    close.get_by_role("button", name="Avbryt").click()
    expect(question).to_be_hidden()
    expect(close.get_by_role("button", name="Avsluta utredningen")).to_be_focused()
    assert "close_investigation" not in [action for action, _ in timeline_actions(page)]
    close.get_by_role("button", name="Avsluta utredningen").click()
    close.get_by_role("button", name="Ja, avsluta utredningen").click()
    expect(close.locator("[data-form-message]")).to_contain_text("Välj vad utredningen kom fram till.")
    close.get_by_label("Inga insatser").check()
    close.get_by_role("button", name="Ja, avsluta utredningen").click()
    expect(page.locator("#report-message[role=status]")).to_have_text("Utredningen är avslutad.")
    expect(summary_row(page, "Utredning (4 månader)")).to_contain_text("Avslutad")
    expect(summary_row(page, "Utredning (4 månader)")).to_contain_text(REVIEWER)
    expect(page.locator("#close-investigation-form")).to_have_count(0)
    expect(page.locator("#investigation-extension-form")).to_have_count(0)
    steps = timeline_actions(page)
    assert ("extend_investigation", REVIEWER) in steps
    assert ("close_investigation", REVIEWER) in steps
    check_axe(page, "investigation closed")


def test_a_reviewer_approves_the_version_they_saw_and_a_changed_proposal_is_shown_again(
    dashboard: Page, local_stack
):
    stored = report_waiting_for_review(local_stack, outcome="investigation")
    report_id = stored["reportId"]
    page = dashboard
    sign_in(page, local_stack, REVIEWER)
    open_report(page, local_stack, report_id)
    review = page.locator("#review-form")
    expect(review).to_contain_text("Förslag (version 1): Utredning inleds. Lämnat av demo-mottagning.")

    # Meanwhile intake changes the proposal: version 2.
    answer = propose(local_stack, report_id, "no_investigation")
    assert answer["version"] == 2

    with page.expect_request(lambda request: request.url.endswith("/decision-proposal/approve")) as sent:
        approve_in_page(page, question="Godkänn beslut: inleda utredning?")
    assert sent.value.url.endswith(f"{person_path(report_id)}/decision-proposal/approve")
    assert sent.value.post_data_json == {"version": 1, "confirmed": True}
    alert = page.locator("#review-form [data-form-message][role=alert]")
    expect(alert).to_be_focused()
    message = staff_api(
        local_stack,
        REVIEWER,
        "POST",
        f"{person_path(report_id)}/decision-proposal/approve",
        {"version": 1, "confirmed": True},
    ).json()["message"]
    expect(alert).to_have_text(message)
    # The page now shows the proposal as it is.
    expect(review).to_contain_text("Förslag (version 2): Utredning inleds inte. Lämnat av demo-mottagning.")
    expect(review).to_contain_text("version 2")
    expect(summary_row(page, "Förslag till beslut")).to_contain_text("Utredning inleds inte (version 2)")
    check_axe(page, "proposal changed while reviewing")

    review.get_by_label("Kommentar", exact=True).fill("Vi tar det på nästa möte.")
    with page.expect_request(lambda request: request.url.endswith("/decision-proposal/return")) as sent:
        review.get_by_role("button", name="Skicka tillbaka").click()
    assert sent.value.post_data_json == {"version": 2, "comment": "Vi tar det på nästa möte."}
    expect(page.locator("#report-message[role=status]")).to_have_text("Förslaget är skickat tillbaka.")
    expect(summary_row(page, "Förslag till beslut")).to_contain_text("skickat tillbaka")


MESSAGE_TEXT = re.compile(
    r"^(Sms och e-post|E-post|Sms) till (mottagningen|förste socialsekreteraren|socialjouren|bakjouren): "
    r"(ny anmälan|ny brådskande anmälan|påminnelse)$"
    r"|^Larm till (mottagningen|förste socialsekreteraren|socialjouren|bakjouren): (sms och e-post|e-post|sms)$"
)
RECIPIENTS = {
    "intake_team": "mottagningen",
    "first_social_secretary": "förste socialsekreteraren",
    "socialjour": "socialjouren",
    "socialjour_backup": "bakjouren",
}
KINDS = {"new_report": "ny anmälan", "new_report_urgent": "ny brådskande anmälan", "reminder": "påminnelse"}


def expected_message(detail: dict) -> str:
    how = " och ".join({"sms": "sms", "email": "e-post"}[channel] for channel in detail["channels"])
    to = RECIPIENTS[detail["recipient"]]
    if detail["messageKind"] == "escalation":
        return f"Larm till {to}: {how}"
    return f"{how[0].upper()}{how[1:]} till {to}: {KINDS[detail['messageKind']]}"


def test_the_timeline_shows_a_persons_repeated_reads_on_one_line_and_every_read_stays_in_the_audit(
    dashboard: Page, local_stack
):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    report_id = stored["reportId"]
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, report_id)  # read 1
    record_assessment(page)  # read 2
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


def test_the_timeline_says_in_words_what_oro_sent_to_whom(dashboard: Page, local_stack):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    report_id = stored["reportId"]
    eventually(
        lambda: any(entry.action == "message_sent" for entry in audit_timeline(local_stack, report_id))
    )
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, report_id)
    messages = page.locator('#timeline tbody tr[data-action="message_sent"]')
    expect(messages.first).to_be_visible()
    sent = [entry for entry in audit_timeline(local_stack, report_id) if entry.action == "message_sent"]
    first = messages.first.locator("td")
    expect(first.nth(1)).to_have_text("Oro (automatiskt)")
    expect(first.nth(3)).to_have_text(expected_message(sent[0].detail))
    for text in messages.locator("td:nth-child(4)").all_inner_texts():
        assert MESSAGE_TEXT.match(text), text
    check_axe(page, "timeline with Oro's messages")


def test_an_unborn_child_is_shown_with_its_expected_date_of_birth_and_not_as_knowing_about_the_report(
    dashboard: Page, local_stack
):
    expected = (datetime.now() + timedelta(days=90)).date().isoformat()
    unborn = {
        "kind": "barn",
        "unborn": True,
        "expectedBirthDate": expected,
        "guardians": [{"name": "Kim Exempelsson", "knowsAboutReport": "ja"}],
    }
    stored = post_report(local_stack, concern=NEGLECT_ONLY, persons=[unborn])
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, stored["reportId"])
    person = page.locator("#content")
    expect(person.get_by_text("Ofött barn")).to_be_visible()
    term = person.locator("dt", has_text=re.compile("^Beräknat födelsedatum$"))
    expect(term.locator("xpath=following-sibling::dd")).to_have_text(expected)
    # Where the page names the person in a few words (a heading with several persons, the decision dialog).
    described = page.evaluate(
        "content => import('/dashboard/persons.js').then((m) => m.describePerson(content))", unborn
    )
    assert described == f"barn, ofött, väntas {expected}"
    # The guardian's answer is shown; the child's own "Vet om anmälan" row is not.
    expect(page.locator("dt", has_text=re.compile("^Vet om anmälan$"))).to_have_count(0)
