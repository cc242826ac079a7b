"""Each person a report concerns has their own clocks, skyddsbedömning, decision (four eyes) and investigation:
a report about three children walked through the dashboard by mottagningen and the förste socialsekreteraren,
an adult under the adult unit's own targets (shown as the municipality's, not the law's), per-person decisions
in the person search, and axe-core on the multi-person report at 1280 and 390 px. The dashboard's CSP stays on."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import (
    NEGLECT_ONLY,
    approve_in_page,
    check_axe,
    expect_ready,
    open_dashboard_page,
    post_report,
    propose_in_page,
    queue_row,
    record_assessment,
    sign_in,
    sign_out,
    timeline_actions,
)
from tests.browser.staff_helpers import (
    approve,
    assess,
    person_path,
    personnummer,
    propose,
    staff_api,
    staff_post,
)
from tests.browser.test_dashboard_phone import assert_fits_the_screen
from tests.conftest import load_event
from tests.integration.helpers import eventually

pytestmark = pytest.mark.browser

REVIEWER = "demo-forste-socialsekreterare"
# The sample report tells of violence at home: for every child the decision must be to investigate.
VIOLENCE = load_event("report-private-anonymous.json")["concern"]
THREE_CHILDREN = [
    {"kind": "barn", "name": "Alva", "age": 8, "knowsAboutReport": "nej"},
    {"kind": "barn", "age": 5, "knowsAboutReport": "nej"},
    {"kind": "barn", "name": "Sam", "age": 12, "knowsAboutReport": "vet_inte"},
]
TITLES = ["Person 1: Alva, barn, 8 år", "Person 2: barn, 5 år", "Person 3: Sam, barn, 12 år"]
ADULT_CONCERN = {
    "description": "Grannen verkar inte klara sig själv längre och har slutat handla mat.",
    "categories": ["annat"],
    "mainCategory": "annat",
    "acuteDanger": False,
}


def open_report(page: Page, stack, report_id: str) -> None:
    page.goto(f"{stack.dashboard_url}report.html?id={report_id}")
    expect_ready(page)


def clocks(page: Page, number: int):
    """Person `number`'s part of "Läge och tidsgränser"."""
    return page.locator(f'.report-summary .person-clocks[data-person="{number}"]')


def actions(page: Page, number: int):
    """Person `number`'s part of "Åtgärder"."""
    return page.locator(f'.actions .person-actions[data-person="{number}"]')


def row_value(scope, term: str):
    return scope.locator(
        ".summary > div", has=scope.page.locator("dt", has_text=re.compile(f"^{re.escape(term)}$"))
    ).locator("dd")


def api_report(stack, report_id: str, username: str = "demo-mottagning") -> dict:
    response = staff_api(stack, username, "GET", f"/api/staff/reports/{report_id}")
    assert response.ok, response.text
    return response.json()


def status(page: Page):
    return page.locator("#report-message[role=status]")


def test_three_children_are_each_assessed_proposed_and_approved_on_their_own(
    dashboard: Page, second_dashboard: Page, local_stack
):
    stored = post_report(local_stack, persons=THREE_CHILDREN, concern=VIOLENCE)
    report_id, reference = stored["reportId"], stored["referenceNumber"]

    # Intake finds the report in the queue: three children, each still to be assessed; the row fits its box.
    intake = dashboard
    sign_in(intake, local_stack, "demo-mottagning")
    row = queue_row(intake, reference)
    expect(row.locator(".queue-phase")).to_contain_text("3 barn")
    expect(row.locator(".queue-phase")).to_contain_text("Skyddsbedömning")
    expect(row.locator(".queue-protection")).to_contain_text("3 av 3 personer kvar")
    widths = intake.evaluate(
        "() => { const table = document.querySelector('#queue-table');"
        " return [table.scrollWidth, table.closest('.table-wrap').clientWidth]; }"
    )
    assert widths[0] <= widths[1], widths
    row.get_by_role("link", name=reference).click()
    expect_ready(intake)

    # One section per child, each with its own rule, its own running clocks and the violence rule.
    expect(intake.locator(".report-summary .person-clocks h3")).to_have_text(TITLES)
    expect(intake.locator(".actions .person-actions > h3")).to_have_text(TITLES)
    for number in (1, 2, 3):
        expect(clocks(intake, number).locator(".countdown")).to_have_count(2)
        expect(clocks(intake, number).locator(".person-rule")).to_contain_text("lagens tidsfrister gäller")
        expect(clocks(intake, number).locator(".person-violence")).to_contain_text("SOSFS 2014:4")
        expect(actions(intake, number).locator(".protection-form")).to_be_visible()
        expect(actions(intake, number).locator(".proposal-form")).to_have_count(0)

    # A motivation is required, written out.
    first = intake.locator("#protection-form-1")
    first.get_by_label("Ja, omedelbart skydd behövs").check()
    first.get_by_label("Motivering").fill("Slag.")
    first.get_by_role("button", name="Registrera skyddsbedömning").click()
    expect(first.locator("[data-form-message][role=alert]")).to_have_text(
        "Skriv en motivering till skyddsbedömningen, med minst 10 tecken."
    )

    # Person 1 needs protection at once. What was typed for person 3 meanwhile is still there after the reload.
    third_motivation = "Sam bor hos sin pappa och är inte i hemmet."
    intake.locator("#protection-motivation-3").fill(third_motivation)
    record_assessment(
        intake, first, immediate=True, motivation="Alva berättar att hon blir slagen och vågar inte gå hem."
    )
    expect(status(intake)).to_have_text(
        "Skyddsbedömningen för person 1 är registrerad. Omedelbart skydd behövs – den som har jour har larmats."
    )
    expect(intake.locator("#protection-motivation-3")).to_have_value(third_motivation)
    notice = actions(intake, 1).locator(".protection-notice")
    expect(notice).to_contain_text("Omedelbart skydd behövs – den som har jour har larmats.")
    expect(actions(intake, 2).locator(".protection-notice")).to_have_count(0)
    expect(intake.locator("#protection-flag")).to_have_text("Omedelbart skydd behövs: person 1")
    expect(row_value(clocks(intake, 1), "Skyddsbedömning (24 timmar)")).to_contain_text(
        "omedelbart skydd behövs"
    )
    expect(clocks(intake, 1).locator(".countdown")).to_have_count(1)  # the decision's 14 days still run
    check_axe(intake, "a child who needs protection at once")

    # What has been done is noted on that child.
    measure = "Polisen är kontaktad och Alva bor hos sin mormor tills vidare."
    measures = intake.locator("#measures-form-1")
    expect(measures.get_by_role("heading")).to_have_text("Vad har gjorts?")
    measures.get_by_label("Beskriv vad som har gjorts").fill(measure)
    measures.get_by_role("button", name="Spara anteckningen").click()
    expect(status(intake)).to_have_text("Anteckningen om vad som har gjorts för person 1 är sparad.")
    listed = intake.locator("#protection-measures-1 li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(measure)
    expect(listed).to_contain_text("demo-mottagning")

    record_assessment(intake, intake.locator("#protection-form-2"))
    expect(status(intake)).to_have_text("Skyddsbedömningen för person 2 är registrerad.")
    record_assessment(intake, intake.locator("#protection-form-3"), motivation=third_motivation)
    expect(status(intake)).to_have_text("Skyddsbedömningen för person 3 är registrerad.")
    expect(intake.locator(".actions .protection-form")).to_have_count(0)

    # The violence rule: "inte inleda" is refused for a child, with the reason; the motivation stays.
    second = intake.locator("#proposal-form-2")
    expect(second.locator(".person-violence")).to_contain_text("en utredning alltid inledas")
    motivation = "Familjen har redan kontakt med BUP och skolan följer upp."
    propose_in_page(intake, investigate=False, form=second, motivation=motivation)
    refused = intake.locator("#proposal-form-2 [data-form-message][role=alert]")
    expect(refused).to_contain_text("SOSFS 2014:4")
    expect(refused).to_be_focused()
    expect(intake.locator("#proposal-motivation-2")).to_have_value(motivation)
    assert api_report(local_stack, report_id)["persons"][1]["decisionProposal"] is None

    for number in (1, 2, 3):
        propose_in_page(intake, investigate=True, form=intake.locator(f"#proposal-form-{number}"))
        expect(status(intake)).to_have_text(
            f"Förslaget till beslut för person {number} är lämnat för granskning."
        )
        expect(row_value(clocks(intake, number), "Förslag till beslut")).to_contain_text(
            "väntar på granskning"
        )
    expect(intake.locator(".actions .review-form")).to_have_count(0)  # mottagning cannot approve
    sign_out(intake)

    # The förste socialsekreterare sees three proposals awaiting review and approves each, confirming first.
    reviewer = second_dashboard
    sign_in(reviewer, local_stack, REVIEWER)
    reviewer.get_by_label("Visa").select_option("status=review")
    reviewer.get_by_role("button", name="Visa", exact=True).click()
    row = queue_row(reviewer, reference)
    expect(row).to_contain_text("3 förslag väntar på granskning")
    row.get_by_role("link", name=reference).click()
    expect_ready(reviewer)
    review = reviewer.locator("#review-form-2")
    expect(review).to_contain_text("Förslag (version 1): Utredning inleds. Lämnat av demo-mottagning.")
    expect(review).to_contain_text("Motivering: Skolans uppgifter")
    review.get_by_role("button", name="Godkänn beslut").click()
    dialog = reviewer.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Godkänn beslut: inleda utredning för person 2?")
    expect(dialog).to_contain_text("Beslutet gäller person 2: barn, 5 år.")
    check_axe(reviewer, "asked to confirm one child's decision")
    reviewer.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert "approve_decision" not in [action for action, _ in timeline_actions(reviewer)]

    for number in (2, 1, 3):
        with reviewer.expect_request(
            lambda request: request.url.endswith("/decision-proposal/approve")
        ) as sent:
            approve_in_page(
                reviewer,
                reviewer.locator(f"#review-form-{number}"),
                question=f"Godkänn beslut: inleda utredning för person {number}?",
            )
        assert sent.value.url.endswith(f"{person_path(report_id, number)}/decision-proposal/approve")
        assert sent.value.post_data_json == {"version": 1, "confirmed": True}
        expect(status(reviewer)).to_have_text(f"Beslutet för person {number} är fattat.")
        decided = row_value(clocks(reviewer, number), "Beslut om utredning (14 dagar)")
        expect(decided).to_contain_text("Utredning inleds, beslutat")
        expect(decided).to_contain_text(f"av {REVIEWER} (föreslaget av demo-mottagning)")

    # Each child's investigation now runs on its own 4-month clock.
    def all_investigating() -> bool:
        return all(
            person["phase"] == "investigation" for person in api_report(local_stack, report_id)["persons"]
        )

    eventually(all_investigating)
    reviewer.reload()
    expect_ready(reviewer)
    for number in (1, 2, 3):
        expect(
            row_value(clocks(reviewer, number), "Utredning (4 månader)").locator(".countdown")
        ).to_be_visible()
        expect(actions(reviewer, number).locator(".close-investigation-form")).to_be_visible()
    shown = api_report(local_stack, report_id, REVIEWER)["persons"]
    assert [person["decision"]["outcome"] for person in shown] == ["investigation"] * 3
    assert {person["decision"]["decidedBy"] for person in shown} == {REVIEWER}
    assert {person["decision"]["proposedBy"] for person in shown} == {"demo-mottagning"}
    assert shown[0]["protectionMeasures"][0]["note"] == measure
    steps = [action for action, _ in timeline_actions(reviewer)]
    assert steps.count("record_protection_assessment") == 3, steps
    assert steps.count("record_protection_measures") == 1, steps
    assert steps.count("propose_decision") == 3, steps
    assert steps.count("approve_decision") == 3, steps
    check_axe(reviewer, "three children's investigations")


def test_an_adult_comes_under_the_units_own_targets_and_a_child_in_the_same_report_under_the_law(
    dashboard: Page, local_stack
):
    adult = post_report(
        local_stack,
        persons=[{"kind": "vuxen", "name": "Bo", "age": 45, "knowsAboutReport": "nej"}],
        concern=ADULT_CONCERN,
    )
    mixed = post_report(
        local_stack,
        persons=[
            {"kind": "aldre", "age": 84, "knowsAboutReport": "nej"},
            {"kind": "barn", "age": 3, "knowsAboutReport": "ja"},
        ],
        concern=ADULT_CONCERN,
    )
    rule_text = api_report(local_stack, adult["reportId"])["persons"][0]["ruleText"]
    assert "kommunens egna mål" in rule_text

    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.get_by_label("Visa").select_option("route=adult_unit")
    page.get_by_role("button", name="Visa", exact=True).click()
    row = queue_row(page, adult["referenceNumber"])
    expect(row.locator(".queue-phase")).to_contain_text("1 vuxen")
    expect(row.locator(".tag")).to_have_text("vuxen – kommunens mål")
    expect(row.locator(".queue-route")).to_contain_text("Enheten för vuxna eller äldre")
    check_axe(page, "queue of the adult unit")

    row.get_by_role("link", name=adult["referenceNumber"]).click()
    expect_ready(page)
    summary = page.locator(".report-summary")
    expect(summary.locator(".person-rule")).to_have_text(rule_text)
    expect(summary.locator(".person-clocks h3")).to_have_count(0)  # one person: no "Person 1" heading
    expect(row_value(summary, "Skyddsbedömning (kommunens mål)").locator(".countdown")).to_be_visible()
    expect(row_value(summary, "Beslut om utredning (kommunens mål)").locator(".countdown")).to_be_visible()
    expect(summary).not_to_contain_text("(24 timmar)")
    expect(summary.locator(".person-violence")).to_have_count(0)
    expect(row_value(summary, "Ligger hos")).to_have_text("Enheten för vuxna eller äldre")
    protection = page.locator("#protection-form")
    expect(protection).to_contain_text("kommunens mål, inte en tidsfrist i lagen")
    extension = page.locator("#extension-form")
    expect(extension).to_contain_text("kommunens mål för vuxna")
    expect(extension.get_by_label("Skäl", exact=True)).to_be_visible()
    check_axe(page, "an adult's report")

    # An elderly person and a child in one report: each under their own rule.
    open_report(page, local_stack, mixed["reportId"])
    expect(page.locator(".report-summary .person-clocks h3")).to_have_text(
        ["Person 1: äldre, 84 år", "Person 2: barn, 3 år"]
    )
    expect(clocks(page, 1).locator(".person-rule")).to_contain_text("kommunens egna mål")
    expect(
        row_value(clocks(page, 1), "Skyddsbedömning (kommunens mål)").locator(".countdown")
    ).to_be_visible()
    expect(clocks(page, 2).locator(".person-rule")).to_contain_text("lagens tidsfrister gäller")
    expect(row_value(clocks(page, 2), "Skyddsbedömning (24 timmar)").locator(".countdown")).to_be_visible()
    page.goto(f"{local_stack.dashboard_url}queue.html")
    expect_ready(page)
    row = queue_row(page, mixed["referenceNumber"])
    expect(row.locator(".queue-phase")).to_contain_text("1 äldre och 1 barn")
    expect(row.locator(".tag")).to_have_text("äldre – kommunens mål")


def multi_person_report(stack) -> dict:
    """Three children in different states: person 1 needs protection (a measure is noted) and has a proposal
    to review, person 2 is assessed, person 3 is not yet."""
    stored = post_report(stack, persons=THREE_CHILDREN, concern=VIOLENCE)
    report_id = stored["reportId"]
    assess(stack, report_id, 1, immediate=True)
    staff_post(
        stack,
        "demo-mottagning",
        f"{person_path(report_id, 1)}/protection-measures",
        {"note": "Polisen är kontaktad och barnet är hos sin mormor."},
    )
    propose(stack, report_id, "investigation", 1)
    assess(stack, report_id, 2)
    return stored


@pytest.mark.parametrize(
    ("viewport", "phone"),
    [({"width": 1280, "height": 800}, False), ({"width": 390, "height": 844}, True)],
    ids=["1280 px", "390 px"],
)
def test_axe_finds_nothing_on_a_report_about_several_persons(
    browser, axe_script, local_stack, viewport, phone
):
    stored = multi_person_report(local_stack)
    options = {"viewport": viewport, **({"is_mobile": True, "has_touch": True} if phone else {})}
    context, page, problems = open_dashboard_page(browser, axe_script, **options)
    try:
        sign_in(page, local_stack, REVIEWER)
        open_report(page, local_stack, stored["reportId"])
        expect(page.locator(".report-summary .person-clocks")).to_have_count(3)
        expect(page.locator("#review-form-1")).to_be_visible()
        expect(page.locator("#protection-measures-1 li")).to_have_count(1)
        expect(page.locator("#protection-form-3")).to_be_visible()
        assert_fits_the_screen(page, f"report about three children at {viewport['width']} px")
        check_axe(page, f"report about three children at {viewport['width']} px")
        page.locator("#review-form-1").get_by_role("button", name="Godkänn beslut").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        check_axe(page, f"the approval question at {viewport['width']} px")
        page.get_by_role("dialog").get_by_role("button", name="Avbryt").click()
        page.get_by_role("link", name="Till åtgärderna för person 3").click()
        expect(page.locator("#actions-person-3")).to_be_focused()
    finally:
        context.close()
    assert not problems, problems


def test_the_person_search_shows_each_persons_decision(dashboard: Page, local_stack):
    first, second = personnummer(), personnummer()
    stored = post_report(
        local_stack,
        persons=[
            {"kind": "barn", "personalIdentityNumber": first, "knowsAboutReport": "nej"},
            {"kind": "barn", "personalIdentityNumber": second, "knowsAboutReport": "nej"},
        ],
        concern=NEGLECT_ONLY,
    )
    report_id = stored["reportId"]
    assess(local_stack, report_id, 1)
    propose(local_stack, report_id, "no_investigation", 1)
    approve(local_stack, report_id, person=1)

    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}search.html")
    expect_ready(page)
    page.get_by_label("Personnummer eller samordningsnummer").fill(second)
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator("#search-count")).to_have_text("1 anmälan om personen")
    decisions = page.locator(
        "#search-table tbody tr", has=page.get_by_role("link", name=stored["referenceNumber"])
    )
    expect(decisions.locator(".search-decisions li")).to_have_text(
        ["Person 1: Utredning inleds inte", "Person 2: inget beslut ännu"]
    )
    check_axe(page, "search with each person's decision")


def test_staff_say_in_the_page_which_child_the_violence_concerns(dashboard: Page, local_stack):
    stored = post_report(local_stack, persons=THREE_CHILDREN, concern=VIOLENCE)
    report_id = stored["reportId"]
    for person in (1, 2, 3):
        assess(local_stack, report_id, person=person)
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    open_report(page, local_stack, report_id)
    form = page.locator("#violence-form-2")
    expect(form).to_contain_text("Anmälan beskriver våld men säger inte vilket barn det gäller")
    check_axe(page, "the violence question per child")
    form.get_by_label("Nej, våldet gäller inte barnet").check()
    form.get_by_label("Motivering").fill("Våldet riktades mot Alva; barnet var hos sin mormor hela hösten.")
    form.get_by_role("button", name="Spara bedömningen").click()
    expect(status(page)).to_have_text("Bedömningen av våldet för person 2 är sparad.")
    expect(clocks(page, 2)).to_contain_text("Bedömning av våldet: våldet i anmälan gäller inte barnet")
    propose_in_page(page, investigate=False, form=page.locator("#proposal-form-2"))
    expect(status(page)).to_contain_text("person 2")
    assert (
        api_report(local_stack, report_id)["persons"][1]["decisionProposal"]["outcome"] == "no_investigation"
    )
