"""Every path through the form, as a new reporter takes it, in each of the form's languages (issue 12): filled in
on a phone, sent to the real local stack, stored as chosen; axe finds nothing at 390 and 1280 px on the persons'
step and the review (the receipt, the same on every path, is checked elsewhere); the page's `lang` and `dir` are
the language's, and the text lies on the side the language reads from (Arabic right to left). The site's CSP
stays on throughout (axe is served from its origin)."""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import check_axe, serve_axe
from tests.browser.form_helpers import (
    expect_step,
    form_url,
    person,
    press_continue,
    receipt_reference,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = {"sv": "ltr", "en": "ltr", "ar": "rtl"}


@dataclass(frozen=True)
class Subject:
    kind: str  # the API's value: barn, vuxen, aldre, missbruk, mig_sjalv
    name: str = ""
    age: str = ""
    unborn: bool = False
    guardians: tuple[str, ...] = ()
    copy_guardians: bool = False  # "Samma vårdnadshavare som person 1"


@dataclass(frozen=True)
class Path:
    reporter: str  # private-anonymous, private-named, professional
    subjects: tuple[Subject, ...]
    stored_kinds: tuple[str, ...] = field(default=())


PATHS = {
    "private_anonymous": Path("private-anonymous", (Subject("barn", "Alva", "8"),)),
    "private_named": Path("private-named", (Subject("barn", "Alva", "8", guardians=("Sara Andersson",)),)),
    "professional_feedback": Path("professional", (Subject("barn", "Noah", "11"),)),
    "adult": Path("private-named", (Subject("vuxen", "Maria", "41"),)),
    "elderly": Path("private-named", (Subject("aldre", "Gösta", "87"),)),
    "addiction": Path("private-named", (Subject("missbruk", "Jonas", "33"),)),
    "self_report": Path("private-named", (Subject("mig_sjalv"),)),
    "unborn": Path("professional", (Subject("barn", unborn=True, guardians=("Lina Ek",)),)),
    "two_siblings": Path(
        "private-named",
        (
            Subject("barn", "Alva", "8", guardians=("Sara Andersson", "Ali Andersson")),
            Subject("barn", "Leo", "4", copy_guardians=True),
        ),
    ),
}


def fill_reporter(page: Page, reporter: str) -> None:
    if reporter == "professional":
        page.locator("#reporter-type-professional").check()
        page.locator("#professional-name").fill("Eva Lind")
        page.locator("#professional-role").fill("Lärare")
        page.locator("#professional-organisation").fill("Björkskolan")
        page.locator("#professional-email").fill("eva.lind@skola.example.se")
        page.locator("#professional-feedback").check()
        return
    page.locator("#reporter-type-private").check()
    if reporter == "private-anonymous":
        page.locator("#anonymous-yes").check()
    else:
        page.locator("#anonymous-no").check()
        page.locator("#private-name").fill("Karin Berg")
        page.locator("#private-phone").fill("070-123 45 67")


def fill_subject(page: Page, index: int, subject: Subject) -> None:
    if index > 0:
        page.locator("#add-person").click()
    section = person(page, index)
    section.locator(f'input[data-name="kind"][value="{subject.kind}"]').check()
    if subject.name:
        section.locator('input[data-key="name"]').first.fill(subject.name)
    if subject.unborn:
        section.locator('input[data-key="unborn"]').check()
        expected = (date.today() + timedelta(days=90)).isoformat()
        section.locator('input[data-key="expectedBirthDate"]').fill(expected)
    elif subject.age:
        section.locator('input[data-key="age"]').fill(subject.age)
    for name in subject.guardians:
        section.locator("[data-add-guardian]").click()
        section.locator('[data-guardian] input[data-key="name"]').last.fill(name)
    if subject.copy_guardians:
        section.locator("[data-copy-guardians]").click()


def fill_concern(page: Page, language: str) -> None:
    page.locator("#acute-danger-no").check()
    page.locator("#concern-description").fill(
        {
            "sv": "Jag har hört skrik och slag genom väggen flera kvällar i veckan.",
            "en": "I have heard shouting and blows through the wall several evenings a week.",
            "ar": "سمعت صراخاً وضرباً عبر الجدار عدة أمسيات في الأسبوع.",
        }[language]
    )
    page.locator("#cat-psykisk_ohalsa").check()
    page.locator("#main-psykisk_ohalsa").check()


def check_page(page: Page, language: str, where: str) -> None:
    """axe at both widths, and the page's language, direction and the side its text starts from."""
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", LANGUAGES[language])
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        check_axe(page, f"{where}, {language}, {viewport['width']} px")
        heading = page.locator(".step:not([hidden]) .step-heading").first
        box, wrap = heading.bounding_box(), page.locator("main .wrap").bounding_box()
        assert box and wrap
        # Headings are shorter than the column: they hug its right edge in Arabic, its left edge otherwise.
        start_gap = (
            (wrap["x"] + wrap["width"]) - (box["x"] + box["width"])
            if language == "ar"
            else box["x"] - wrap["x"]
        )
        text_start = page.evaluate(
            "element => { const range = document.createRange(); range.selectNodeContents(element);"
            " const rects = range.getClientRects(); const first = rects[0];"
            " return document.dir === 'rtl' ? element.getBoundingClientRect().right - first.right"
            " : first.left - element.getBoundingClientRect().left; }",
            heading.element_handle(),
        )
        assert start_gap < 40 and text_start < 40, (where, language, viewport, start_gap, text_start)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path_name", PATHS)
def test_each_path_in_each_language_is_sent_and_accessible_at_both_widths(
    page: Page, local_stack, axe_script, path_name: str, language: str
):
    path = PATHS[path_name]
    serve_axe(page, axe_script)  # from the form's own origin: the site's CSP stays on
    page.set_viewport_size(PHONE)
    page.goto(form_url(local_stack) + f"?lang={language}")
    expect(page.locator('#urgent [data-config-phone="socialjour.phone"]').first).not_to_have_text(
        "telefonnummer"
    )
    # On a phone the first question is on the first screen.
    first_question = page.locator("#reporter-type").bounding_box()
    assert first_question and first_question["y"] < PHONE["height"], first_question

    fill_reporter(page, path.reporter)
    press_continue(page)
    expect_step(page, 2)
    for index, subject in enumerate(path.subjects):
        fill_subject(page, index, subject)
    check_page(page, language, f"{path_name}: step 2")
    page.set_viewport_size(PHONE)
    press_continue(page)
    expect_step(page, 3)
    fill_concern(page, language)
    press_continue(page)
    expect_step(page, 4)
    page.locator("#interpreter-no").check()
    press_continue(page)
    expect_step(page, 5)
    check_page(page, language, f"{path_name}: review")
    page.locator("#send-button").click()
    reference = receipt_reference(page)
    # The receipt is the same page on every path: axe checks it in test_form.py, test_form_languages.py and
    # test_form_copy.py. Here, that it is still in the reporter's language.
    expect(page.locator("html")).to_have_attribute("lang", language)

    stored = local_stack.find_report(reference)
    content = json.loads(stored["content"])
    assert [p["kind"] for p in content["persons"]] == [s.kind for s in path.subjects]
    assert content["reporter"]["type"] == (
        "yrkesverksam" if path.reporter == "professional" else "privatperson"
    )
    assert content["reporter"].get("anonymous", False) == (path.reporter == "private-anonymous")
    assert stored.get("formLanguage", content.get("formLanguage")) == language
    if path_name == "two_siblings":
        assert content["persons"][1]["guardians"] == content["persons"][0]["guardians"]
    if path_name == "unborn":
        assert content["persons"][0]["unborn"] is True and content["persons"][0]["expectedBirthDate"]
