"""What a walk-through of the dashboard found: on a phone the report put the acute flag and the countdowns below
the first screen and the actions after everything reported; the queue's table was wider than its box from
1024 px, hiding the acute flag; a person search kept the previous hit under a new, invalid number; yes/no
questions put Nej first; a decision proposal was offered before the skyddsbedömning; and a reviewer's comment
was lost when the proposal changed meanwhile (409)."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from functions.domain.office_hours import is_open
from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    approve_in_page,
    check_axe,
    expect_ready,
    open_dashboard_page,
    post_report,
    queue_row,
    record_assessment,
    sign_in,
)
from tests.browser.staff_helpers import personnummer, propose, report_waiting_for_review
from tests.browser.test_dashboard_phone import assert_fits_the_screen, assert_on_screen
from tests.conftest import load_event

pytestmark = pytest.mark.browser

REVIEWER = "demo-forste-socialsekreterare"
ACUTE = {**load_event("report-private-anonymous.json")["concern"], "acuteDanger": True}


def open_report(page: Page, stack, report_id: str) -> None:
    page.goto(f"{stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)


def summary_value(page: Page, term: str):
    return page.locator(
        ".summary > div", has=page.locator("dt", has_text=re.compile(f"^{re.escape(term)}$"))
    ).locator("dd")


def top(locator) -> float:
    box = locator.bounding_box()
    assert box, locator
    return box["y"]


# 1. The report on a phone: what is urgent on the first screen, the actions before what was reported.


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 320, "height": 640}], ids=["390 px", "320 px"]
)
def test_on_a_phone_the_report_shows_the_acute_flag_countdowns_and_holder_first_and_the_actions_before_the_content(
    browser, axe_script, local_stack, viewport
):
    # An acute report lies with whoever is on duty when it arrives: the intake team in office hours.
    office_open = is_open(local_stack.municipality.office_hours, datetime.now(UTC))
    stored = post_report(local_stack, concern=ACUTE)
    context, page, problems = open_dashboard_page(
        browser, axe_script, viewport=viewport, is_mobile=True, has_touch=True
    )
    try:
        sign_in(page, local_stack, "demo-socialjour")
        open_report(page, local_stack, stored["reportId"])
        assert_fits_the_screen(page, "report")
        countdowns = page.locator(".report-summary .countdown")
        expect(countdowns).to_have_count(2)  # the 24-hour skyddsbedömning and the 14-day decision both run
        first_screen = {
            "reference": page.get_by_role("heading", level=1),
            "acute flag": page.locator(".report-alerts").get_by_text("Akut fara enligt anmälaren"),
            "24-hour countdown": countdowns.nth(0),
            "14-day countdown": countdowns.nth(1),
            "Ligger hos": summary_value(page, "Ligger hos"),
            "link to the actions": page.get_by_role("link", name="Till åtgärderna"),
        }
        expect(first_screen["reference"]).to_have_text(f"Anmälan {stored['referenceNumber']}")
        expect(first_screen["Ligger hos"]).to_have_text(
            "Mottagningsgruppen" if office_open else "Socialjouren"
        )
        if viewport["width"] == 390:
            for what, locator in first_screen.items():
                assert_on_screen(page, locator, what)

        # The actions the role can take come right after the summary, before what was reported.
        protection = page.locator("#protection-form")
        expect(protection).to_be_visible()
        assert top(summary_value(page, "Ligger hos")) < top(page.locator("#actions-heading"))
        assert top(protection) < top(page.locator("#content-heading"))
        page.get_by_role("link", name="Till åtgärderna").click()
        expect(page.locator("#actions-heading")).to_be_focused()
        assert_on_screen(page, page.locator("#actions-heading"), "actions after the jump")
        page.evaluate("window.scrollTo(0, 0)")
        check_axe(page, f"report on a phone, {viewport['width']} px")
    finally:
        context.close()
    assert not problems, problems


def test_on_a_wide_screen_the_actions_stand_beside_the_summary_on_the_first_screen(
    browser, axe_script, local_stack
):
    stored = post_report(local_stack, concern=ACUTE)
    context, page, problems = open_dashboard_page(
        browser, axe_script, viewport={"width": 1280, "height": 800}
    )
    try:
        sign_in(page, local_stack, "demo-socialjour")
        open_report(page, local_stack, stored["reportId"])
        for what, locator in {
            "acute flag": page.locator(".report-alerts").get_by_text("Akut fara enligt anmälaren"),
            "24-hour countdown": page.locator(".report-summary .countdown").first,
            "Ligger hos": summary_value(page, "Ligger hos"),
            "the first action": page.locator(".actions .panel").first.get_by_role("button").first,
        }.items():
            assert_on_screen(page, locator, what)
        # The page reads in the same order as on a phone: summary, actions, then what was reported.
        order = page.evaluate(
            "() => ['#summary-heading', '#actions-heading', '#content-heading'].map(s => document.querySelector(s))"
            ".every((node, i, all) => i === 0 || all[i - 1].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        assert order
        check_axe(page, "report at 1280 px")
    finally:
        context.close()
    assert not problems, problems


# 2. The queue from 1024 px: no sideways scrolling, the acute flag in view.


@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_the_queue_fits_its_box_and_shows_the_acute_flag_without_scrolling_sideways(
    browser, axe_script, local_stack, width
):
    stored = post_report(local_stack, concern=ACUTE)
    context, page, problems = open_dashboard_page(
        browser, axe_script, viewport={"width": width, "height": 900}
    )
    try:
        sign_in(page, local_stack, "demo-socialjour")
        row = queue_row(page, stored["referenceNumber"])
        widths = page.evaluate(
            "() => { const table = document.querySelector('#queue-table');"
            " return [table.scrollWidth, table.closest('.table-wrap').clientWidth]; }"
        )
        assert widths[0] <= widths[1], f"the queue scrolls sideways at {width} px: {widths}"
        flag = row.get_by_text("Akut fara enligt anmälaren")
        expect(flag).to_be_visible()
        flag.scroll_into_view_if_needed()
        box = flag.bounding_box()
        wrap = page.locator("#queue-results .table-wrap").bounding_box()
        assert box["x"] >= wrap["x"] and box["x"] + box["width"] <= wrap["x"] + wrap["width"], (box, wrap)
        assert box["x"] + box["width"] <= width, box
        # Next to the reference number: in the first cells of the row.
        reference = row.get_by_role("link", name=stored["referenceNumber"]).bounding_box()
        assert box["x"] < reference["x"] + reference["width"] + 250, (box, reference)
        if width == 1280:
            check_axe(page, "queue at 1280 px")
    finally:
        context.close()
    assert not problems, problems


# 3. Person search: a new search starts empty; an error leaves no old hit behind.


def test_a_new_person_search_clears_the_previous_hit_also_when_the_number_is_invalid(
    dashboard: Page, local_stack
):
    number = personnummer()
    stored = post_report(
        local_stack,
        persons=[{"kind": "barn", "personalIdentityNumber": number, "knowsAboutReport": "vet_inte"}],
        concern=NEGLECT_ONLY,
    )
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}search.html")
    expect_ready(page)
    field = page.get_by_label("Personnummer eller samordningsnummer")
    field.fill(number)
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator("#search-count")).to_have_text("1 anmälan om personen")
    expect(page.get_by_role("link", name=stored["referenceNumber"], exact=True)).to_be_visible()

    field.fill("12345")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator("#search-message[role=alert]")).to_be_visible()
    expect(page.locator("#search-count")).to_have_count(0)
    expect(page.get_by_role("link", name=stored["referenceNumber"], exact=True)).to_have_count(0)
    expect(page.locator("#search-results")).to_be_empty()
    check_axe(page, "search refused after a hit")


# 4. Yes and no: Ja, then Nej, then Vet inte, on every question.

RADIO_GROUPS = """() => [...document.querySelectorAll('fieldset')]
  .filter((set) => set.querySelector('input[type=radio]') && !set.closest('[hidden]'))
  .map((set) => ({
    legend: set.querySelector('legend')?.textContent.trim(),
    answers: [...set.querySelectorAll('input[type=radio]')].map((input) =>
      document.querySelector(`label[for="${input.id}"]`).textContent.trim()),
  }))"""


def assert_ja_before_nej(page: Page, where: str, expected: list[str]) -> None:
    groups = page.evaluate(RADIO_GROUPS)
    yes_no = {}
    for group in groups:
        firsts = [
            re.split(r"[ ,]", answer)[0] if not answer.startswith("Vet inte") else "Vet inte"
            for answer in group["answers"]
        ]
        if "Ja" in firsts or "Nej" in firsts:
            yes_no[group["legend"]] = firsts
    assert sorted(yes_no) == sorted(expected), (where, groups)
    for legend, firsts in yes_no.items():
        order = [answer for answer in firsts if answer in ("Ja", "Nej", "Vet inte")]
        assert order == sorted(order, key=["Ja", "Nej", "Vet inte"].index), (where, legend, firsts)
        assert order[0] == "Ja", (where, legend, firsts)


def test_every_yes_no_question_on_the_dashboard_puts_ja_before_nej(dashboard: Page, local_stack):
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}register.html")
    expect_ready(page)
    assert_ja_before_nej(
        page, "Registrera anmälan", ["Är någon i akut fara enligt anmälaren?", "Behövs tolk?"]
    )

    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    open_report(page, local_stack, stored["reportId"])
    assert_ja_before_nej(page, "new report", ["Behövs omedelbart skydd?"])
    record_assessment(page)
    expect(page.locator("#report-message[role=status]")).to_have_text("Skyddsbedömningen är registrerad.")
    assert_ja_before_nej(page, "after the skyddsbedömning", ["Ska en utredning inledas?"])


# 5. No decision proposal before the skyddsbedömning.


def test_a_decision_is_not_offered_for_proposal_before_the_skyddsbedomning_is_recorded(
    dashboard: Page, local_stack
):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, stored["reportId"])
    expect(page.locator("#protection-form")).to_be_visible()
    expect(page.locator("#proposal-form")).to_have_count(0)
    check_axe(page, "new report without a proposal form")

    record_assessment(page, immediate=True, motivation="Barnet vågar inte gå hem efter skolan.")
    expect(page.locator("#report-message[role=status]")).to_have_text(
        "Skyddsbedömningen är registrerad. Omedelbart skydd behövs – den som har jour har larmats."
    )
    expect(page.locator("#proposal-form")).to_be_visible()
    expect(page.locator("#proposal-form").get_by_role("button", name="Lämna förslag")).to_be_visible()


# 6. A reviewer's comment survives the reload after a 409, in memory only; the version is named from 1.


def test_the_reviewers_comment_stays_after_the_proposal_changed_meanwhile_and_the_version_is_named(
    dashboard: Page, local_stack
):
    stored = report_waiting_for_review(local_stack, outcome="investigation")
    report_id = stored["reportId"]
    page = dashboard
    sign_in(page, local_stack, REVIEWER)
    open_report(page, local_stack, report_id)
    review = page.locator("#review-form")
    expect(review).to_contain_text("Förslag (version 1): Utredning inleds. Lämnat av demo-mottagning.")

    propose(local_stack, report_id, "no_investigation")
    comment = "Jag vill läsa skolans uppgifter innan vi bestämmer oss."
    review.get_by_label("Kommentar", exact=True).fill(comment)
    approve_in_page(page)
    expect(page.locator("#review-form [data-form-message][role=alert]")).to_be_focused()
    expect(review).to_contain_text("Förslag (version 2): Utredning inleds inte. Lämnat av demo-mottagning.")
    expect(review.get_by_label("Kommentar", exact=True)).to_have_value(comment)
    stored_in_browser = page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert comment not in stored_in_browser
    check_axe(page, "comment kept after a changed proposal")

    with page.expect_request(lambda request: request.url.endswith("/decision-proposal/return")) as sent:
        review.get_by_role("button", name="Skicka tillbaka").click()
    assert sent.value.post_data_json == {"version": 2, "comment": comment}
    expect(page.locator("#report-message[role=status]")).to_have_text("Förslaget är skickat tillbaka.")


def test_a_proposal_goes_back_only_with_a_reason(dashboard: Page, local_stack):
    stored = report_waiting_for_review(local_stack, outcome="investigation")
    page = dashboard
    sign_in(page, local_stack, REVIEWER)
    open_report(page, local_stack, stored["reportId"])
    review = page.locator("#review-form")
    sent = []
    page.on(
        "request", lambda request: sent.append(request.url) if "/decision-proposal/" in request.url else None
    )
    review.get_by_role("button", name="Skicka tillbaka").click()
    expect(review.locator("[data-form-message][role=alert]")).to_contain_text(
        "Skriv varför du skickar tillbaka förslaget"
    )
    comment = review.get_by_label("Kommentar", exact=True)
    expect(comment).to_be_focused()
    expect(comment).to_have_attribute("aria-invalid", "true")
    assert sent == []
    comment.fill("Komplettera med skolans bild av barnet.")
    review.get_by_role("button", name="Skicka tillbaka").click()
    expect(page.locator("#report-message[role=status]")).to_have_text("Förslaget är skickat tillbaka.")
    check_axe(page, "a proposal returned with its reason")
