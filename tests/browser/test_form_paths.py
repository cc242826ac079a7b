"""The form's paths by whom the report concerns and who reports (issue 12, item 2): the words follow the subject,
a self-report speaks to the reporter, guardians can be copied from the previous sibling, an unborn child gets an
expected date of birth, the acute-danger question comes first on its step, and on a phone the first question is
on the first screen."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.form_helpers import (
    capture_posts,
    check_axe,
    expect_step,
    fill_child,
    fill_concern,
    fill_other,
    fill_private_reporter,
    open_form,
    person,
    press_continue,
    receipt_reference,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def choose_kind(page: Page, index: int, label: str) -> None:
    person(page, index).get_by_label(label).check()


def test_the_words_follow_whom_the_report_concerns_child_or_adult(page: Page, local_stack):
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    expect_step(page, 2)
    add = page.locator("#add-person")
    intro = page.locator("#step-2 > p").first

    # While every person so far is a child, another child is what is added.
    choose_kind(page, 0, "Ett barn eller en ungdom")
    expect(add).to_have_text("Lägg till ett barn till")
    expect(intro).to_contain_text("Gäller oron flera barn, till exempel syskon")
    add.click()
    expect(add).to_have_text("Lägg till en person till")  # person 2's kind is not chosen yet
    choose_kind(page, 1, "Ett barn eller en ungdom")
    expect(add).to_have_text("Lägg till ett barn till")
    choose_kind(page, 1, "En vuxen")
    expect(add).to_have_text("Lägg till en person till")
    person(page, 1).locator("[data-remove-person]").click()

    # An adult: no child's words on steps 2 to 4.
    choose_kind(page, 0, "En vuxen")
    expect(add).to_have_text("Lägg till en person till")
    expect(page.locator("#add-person-hint")).to_have_text(
        "Knappen lägger till en person till som oron gäller."
    )
    expect(intro).to_have_text(
        "Fyll i det du vet. Det går bra att lämna fält tomma om du inte vet. "
        "Gäller oron flera personer kan du lägga till dem här."
    )
    press_continue(page)
    expect_step(page, 3)
    step = page.locator("#step-3")
    expect(step).not_to_contain_text("barnet")
    expect(step).to_contain_text("Vad har personen själv sagt? Skriv gärna med personens egna ord.")
    # The acute-danger question comes first on its step, before the long free text.
    danger = page.locator("#acute-danger").bounding_box()
    description = page.locator("#concern-description").bounding_box()
    assert danger and description and danger["y"] < description["y"]
    expect(page.locator("#acute-danger legend")).to_contain_text("Tror du att någon är i akut fara just nu?")
    fill_concern(page)
    press_continue(page)
    expect_step(page, 4)
    expect(page.locator("#interpreter-hint")).to_have_text(
        "Till exempel personen som anmälan gäller, eller du själv."
    )
    expect(page.locator("#other-agencies-hint")).not_to_contain_text("barnavårdscentralen")
    expect(page.locator("#step-4")).not_to_contain_text("barnet")

    # In another language the words still follow the adult.
    page.locator("#languages").get_by_role("link", name="English").click()
    expect(page.locator("#interpreter-hint")).to_have_text(
        "For example the person the report is about, or yourself."
    )
    page.locator("#step-4 [data-back]").click()
    page.locator("#step-3 [data-back]").click()
    expect_step(page, 2)
    expect(add).to_have_text("Add another person")
    choose_kind(page, 0, "A child or young person")
    expect(add).to_have_text("Add another child")


def test_a_self_report_speaks_to_the_reporter_and_says_an_anonymous_one_cannot_be_answered(
    page: Page, local_stack
):
    bodies = capture_posts(page)
    open_form(page, local_stack)
    fill_private_reporter(page, anonymous=True)
    expect(page.locator("#anonymous-self-note")).to_be_hidden()
    press_continue(page)
    expect_step(page, 2)

    choose_kind(page, 0, "Mig själv")
    note = person(page, 0).locator("[data-anonymous-self-note]")
    expect(note).to_have_text(
        "Du har valt att vara anonym. En anonym anmälan om dig själv kan vi inte svara på, eftersom vi inte "
        "kan kontakta dig. Vill du att vi hör av oss, gå tillbaka till steg 1 och lämna ditt namn och "
        "telefonnummer."
    )
    expect(note).to_have_attribute("aria-live", "polite")
    expect(person(page, 0).locator('fieldset[data-key="knowsAboutReport"]').first).to_be_hidden()
    expect(page.locator("#step-2 > p").first).to_contain_text("Fyll i det du vill berätta om dig själv.")
    press_continue(page)

    expect_step(page, 3)
    expect(page.locator("#acute-danger legend")).to_contain_text("Är du i akut fara just nu?")
    expect(page.locator("#step-3")).to_contain_text("Vad behöver du hjälp med?")
    page.locator("#concern-description").fill("Jag är rädd för min sambo.")
    page.locator("#cat-vald").check()
    press_continue(page)
    expect(page.locator("#step-3 [data-error-summary]")).to_contain_text(
        "Svara ja eller nej på om du är i akut fara just nu."
    )
    page.locator("#acute-danger-yes").check()
    advice = page.locator("#acute-danger-advice")
    expect(advice).to_contain_text("Ring 112 nu om ditt liv är i fara")
    expect(advice).to_contain_text(
        re.compile(r"Behöver du skydd eller någonstans att vara i dag.*Ring socialjouren på")
    )
    press_continue(page)

    expect_step(page, 4)
    expect(page.locator("#interpreter legend")).to_contain_text(
        "Behöver du tolk när socialtjänsten hör av sig?"
    )
    fill_other(page)
    press_continue(page)
    expect_step(page, 5)
    expect(page.locator("#review")).to_contain_text("En anonym anmälan om dig själv kan vi inte svara på")

    # Back on step 1, where anonymity is chosen, the note is there too, until the reporter gives their name.
    page.locator('#review [data-change-step="1"]').click()
    expect_step(page, 1)
    expect(page.locator("#anonymous-self-note")).to_be_visible()
    page.get_by_label("Nej, jag lämnar mitt namn").check()
    expect(page.locator("#anonymous-self-note")).to_be_hidden()
    page.get_by_label("Ja, jag vill vara anonym").check()
    expect(page.locator("#anonymous-self-note")).to_be_visible()

    # With a child as well, the question asks about both.
    press_continue(page)  # back to the review
    page.locator('#review [data-change-step="2"]').click()
    page.locator("#add-person").click()
    fill_child(page, 1, name="Alva", age="4")
    press_continue(page)
    page.locator('#review [data-change-step="3"]').click()
    expect(page.locator("#acute-danger legend")).to_contain_text(
        "Är du eller någon annan i akut fara just nu?"
    )
    expect(advice).to_contain_text("om någons liv är i fara")
    press_continue(page)
    page.locator("#send-button").click()
    receipt_reference(page)
    sent = bodies[-1]
    assert sent["reporter"] == {"type": "privatperson", "anonymous": True, "relation": "Granne"}
    assert [p["kind"] for p in sent["persons"]] == ["mig_sjalv", "barn"]
    assert sent["concern"]["acuteDanger"] is True


def test_a_child_after_a_child_can_have_the_same_guardians_copied_and_changed(page: Page, local_stack):
    bodies = capture_posts(page)
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Alva", age="7")
    first = person(page, 0)
    for name, phone, knows in (("Sara Andersson", "070-111 22 33", "Ja"), ("Ali Andersson", "", "Nej")):
        first.locator("[data-add-guardian]").click()
        guardian = first.locator("[data-guardian]").last
        guardian.locator('input[data-key="name"]').fill(name)
        if phone:
            guardian.locator('input[data-key="phone"]').fill(phone)
        guardian.locator('input[data-key="address"]').fill("Storgatan 1")
        guardian.get_by_label(knows, exact=True).check()
    expect(first.locator("[data-copy-guardians]")).to_be_hidden()  # nobody before the first child

    page.locator("#add-person").click()
    second = person(page, 1)
    copy = second.locator("[data-copy-guardians]")
    expect(copy).to_be_hidden()  # not a child yet
    fill_child(page, 1, name="Leo", age="4")
    expect(copy).to_have_text("Samma vårdnadshavare som person 1")
    copy.click()

    copies = second.locator("[data-guardian]")
    expect(copies).to_have_count(2)
    expect(copies.nth(0).locator("[data-guardian-heading]")).to_be_focused()
    expect(copies.nth(0).locator("[data-guardian-heading]")).to_have_text("Vårdnadshavare 1 för person 2")
    expect(page.locator("#live")).to_have_text(
        "Vårdnadshavarna för person 1 är kopierade till person 2. Du kan ändra dem."
    )
    expect(copies.nth(0).locator('input[data-key="name"]')).to_have_value("Sara Andersson")
    expect(copies.nth(0).locator('input[data-key="phone"]')).to_have_value("070-111 22 33")
    expect(copies.nth(1).locator('input[data-key="address"]')).to_have_value("Storgatan 1")
    expect(copies.nth(0).get_by_label("Ja", exact=True)).to_be_checked()
    expect(copies.nth(1).get_by_label("Nej", exact=True)).to_be_checked()
    # Editable afterwards, and the first child's guardians stay as they were.
    copies.nth(1).locator('input[data-key="name"]').fill("Ali Berg")
    expect(first.locator('[data-guardian] input[data-key="name"]').nth(1)).to_have_value("Ali Andersson")

    # An adult after them is not offered it.
    page.locator("#add-person").click()
    choose_kind(page, 2, "En vuxen")
    expect(person(page, 2).locator("[data-copy-guardians]")).to_be_hidden()
    person(page, 2).locator("[data-remove-person]").click()

    press_continue(page)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    page.locator("#send-button").click()
    receipt_reference(page)
    sent = bodies[-1]["persons"]
    assert sent[0]["guardians"] == [
        {
            "name": "Sara Andersson",
            "phone": "070-111 22 33",
            "address": "Storgatan 1",
            "knowsAboutReport": "ja",
        },
        {"name": "Ali Andersson", "address": "Storgatan 1", "knowsAboutReport": "nej"},
    ]
    assert sent[1]["guardians"] == [
        {
            "name": "Sara Andersson",
            "phone": "070-111 22 33",
            "address": "Storgatan 1",
            "knowsAboutReport": "ja",
        },
        {"name": "Ali Berg", "address": "Storgatan 1", "knowsAboutReport": "nej"},
    ]


def test_an_unborn_child_gets_an_expected_date_of_birth_checked_as_the_server_does(page: Page, local_stack):
    bodies = capture_posts(page)
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="")
    child = person(page, 0)
    expected = child.get_by_label("Beräknat födelsedatum (frivilligt)")
    expect(expected).to_be_hidden()
    child.get_by_label("Barnet är inte fött ännu").check()
    expect(expected).to_be_visible()
    expect(expected).to_have_attribute("aria-describedby", re.compile(r"-expectedBirthDate-hint$"))

    expected.fill((date.today() + timedelta(days=330)).isoformat())
    press_continue(page)
    summary = page.locator("#step-2 [data-error-summary]")
    expect(summary).to_contain_text("Det beräknade födelsedatumet ligger mer än tio månader fram i tiden.")
    expected.fill((date.today() - timedelta(days=60)).isoformat())
    press_continue(page)
    expect(summary).to_contain_text("Det beräknade födelsedatumet ligger mer än sex veckor bakåt i tiden.")
    expected.fill("1 mars")
    press_continue(page)
    expect(summary).to_contain_text("Skriv det beräknade födelsedatumet som ÅÅÅÅ-MM-DD")
    day = date.today() + timedelta(days=100)
    expected.fill(day.strftime("%Y%m%d"))
    press_continue(page)
    expect_step(page, 3)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    expect(page.locator("#review")).to_contain_text("Beräknat födelsedatum")
    expect(page.locator("#review")).to_contain_text(day.isoformat())
    page.locator("#send-button").click()
    reference = receipt_reference(page)
    assert bodies[-1]["persons"][0]["expectedBirthDate"] == day.isoformat()
    stored = local_stack.find_report(reference)
    assert f'"expectedBirthDate":"{day.isoformat()}"' in stored["content"].replace(" ", "")


def test_a_born_child_sends_no_expected_date_of_birth(page: Page, local_stack):
    bodies = capture_posts(page)
    open_form(page, local_stack)
    fill_private_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Alva", age="1")
    child = person(page, 0)
    child.get_by_label("Barnet är inte fött ännu").check()
    child.get_by_label("Beräknat födelsedatum (frivilligt)").fill("2020-01-01")  # never sent: unticked below
    child.get_by_label("Barnet är inte fött ännu").uncheck()
    press_continue(page)
    expect_step(page, 3)
    fill_concern(page)
    press_continue(page)
    fill_other(page)
    press_continue(page)
    page.locator("#send-button").click()
    receipt_reference(page)
    assert "expectedBirthDate" not in bodies[-1]["persons"][0]


def test_on_a_phone_the_first_question_is_on_the_first_screen_and_112_stays_in_sight(page: Page, local_stack):
    page.set_viewport_size(PHONE)
    open_form(page, local_stack)
    first_question = page.locator("#reporter-type").bounding_box()
    assert first_question and first_question["y"] + 40 < PHONE["height"], first_question
    call = page.locator("#urgent .urgent-call")
    expect(call).to_be_visible()
    expect(call).to_contain_text("Ring 112")
    box = call.bounding_box()
    assert box and box["y"] + box["height"] < PHONE["height"]
    # Whom to call for protection today (socialjouren, or the intake unit while it is open) is in sight too.
    whom_to_call = page.locator("#urgent .urgent-whom")
    expect(whom_to_call).to_be_visible()
    box = whom_to_call.bounding_box()
    assert box and box["y"] + box["height"] < first_question["y"]
    # The office hours are a tap away; the step list is left to screen readers, the heading says it.
    more = page.locator("#urgent-more")
    expect(more).not_to_have_attribute("open", "")
    office_hours = more.locator("ul")
    expect(office_hours).to_be_hidden()
    more.locator("summary").click()
    expect(office_hours).to_be_visible()
    steps = page.locator("nav.steps").bounding_box()
    assert steps and steps["height"] <= 1
    expect(page.locator("#step-1-heading")).to_contain_text("Steg 1 av 5")

    # On a wide screen the urgent box and the step list are open, with no summary to tap.
    page.set_viewport_size(DESKTOP)
    expect(more).to_have_attribute("open", "")
    expect(more.locator("summary")).to_be_hidden()
    expect(office_hours).to_be_visible()
    expect(page.locator("#step-list")).to_be_visible()


@pytest.mark.parametrize("language", ["sv", "ar"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_axe_finds_nothing_on_the_self_report_and_sibling_paths(
    axe_page: Page, local_stack, axe_script, language, viewport
):
    page = axe_page
    page.set_viewport_size(viewport)
    page.goto(local_stack.base_url.rstrip("/") + "/" + ("?lang=ar" if language == "ar" else ""))
    expect(page.locator("#languages a")).to_have_count(3)
    where = f"{language} at {viewport['width']} px"
    check_axe(page, axe_script, f"step 1, {where}")
    page.locator("#reporter-type-private").check()
    page.locator("#anonymous-yes").check()
    press_continue(page)
    expect_step(page, 2)
    person(page, 0).locator('input[data-name="kind"][value="mig_sjalv"]').check()
    page.locator("#add-person").click()
    person(page, 1).locator('input[data-name="kind"][value="barn"]').check()
    person(page, 1).locator("[data-add-guardian]").click()
    page.locator("#add-person").click()
    person(page, 2).locator('input[data-name="kind"][value="barn"]').check()
    person(page, 2).locator('input[data-key="unborn"]').check()
    person(page, 2).locator("[data-copy-guardians]").click()
    check_axe(
        page,
        axe_script,
        f"step 2, oneself anonymous, a child, an unborn sibling with copied guardians, {where}",
    )
    press_continue(page)
    expect_step(page, 3)
    page.locator("#acute-danger-yes").check()
    check_axe(page, axe_script, f"step 3, acute danger first, {where}")
    page.locator("#concern-description").fill("Oro.")
    page.locator("#cat-vald").check()
    press_continue(page)
    page.locator("#interpreter-no").check()
    press_continue(page)
    expect_step(page, 5)
    check_axe(page, axe_script, f"step 5, review with the anonymous self-report note, {where}")
    if language == "ar":
        # The urgent box's bar stands on the right, where a right-to-left reader starts.
        urgent = page.locator("#urgent")
        assert urgent.evaluate("element => getComputedStyle(element).borderRightWidth") == "8px"
