"""Letters to a child's family on the report page, as a case worker makes them: what is missing is named beside
the form, the preview is the municipality's template filled in, the edited text is what the PDF says (read back
with pypdf), the letter is listed with who made it and marked sent once posted; the timeline names the letter,
never its text. axe-core at 1280 and 390 px with the letter open."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import NEGLECT_ONLY, check_axe, expect_ready, post_report, sign_in

pytestmark = pytest.mark.browser

MEETING = "Tisdag 8 december kl. 10.00 på socialkontoret, Storgatan 1"


def test_a_kallelse_is_previewed_edited_made_and_marked_sent(dashboard: Page, local_stack):
    stored = post_report(local_stack, concern=NEGLECT_ONLY)
    page = dashboard
    sign_in(page, local_stack, "demo-mottagning")
    page.goto(f"{local_stack.dashboard_url}report.html?id={stored['reportId']}")
    expect_ready(page)
    section = page.locator("section.letters")
    expect(section.get_by_role("heading", name="Brev till familjen")).to_be_visible()
    form = section.locator("form", has=page.get_by_role("heading", name="Kallelse till samtal"))

    form.get_by_role("button", name="Förhandsgranska").click()
    problems = form.locator("[data-form-message]")
    expect(problems).to_contain_text("Fyll i mötet: dag, tid och plats.")
    expect(problems).to_contain_text("Fyll i handläggare: namn och telefonnummer.")

    form.get_by_label("Mötet: dag, tid och plats").fill(MEETING)
    form.get_by_label("Handläggare: namn och telefonnummer").fill("Sara Berg, 010-123 45 10")
    form.get_by_role("button", name="Förhandsgranska").click()
    letter = form.get_by_label("Brevet (du kan ändra texten innan du skapar det)")
    expect(letter).to_be_focused()
    expect(letter).to_have_value(re.compile("Vi vill träffa er"))
    assert MEETING in letter.input_value() and "Alva Exempelsson" in letter.input_value()

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_axe(page, f"the report page with a letter to preview and edit, {width} px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    letter.fill(letter.input_value().replace("Vi vill träffa er", "Vi vill gärna träffa er"))
    with page.expect_download() as downloading:
        form.get_by_role("button", name="Skapa brevet (PDF)").click()
    download = downloading.value
    assert download.suggested_filename == f"kallelse-{stored['referenceNumber']}-person-1.pdf"
    with open(download.path(), "rb") as pdf:
        text = "\n".join(part.extract_text() for part in pypdf.PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Vi vill gärna träffa er" in text and MEETING in text

    expect(page.locator("#report-message")).to_contain_text("Brevet ”Kallelse till samtal” är skapat")
    made = page.locator("section.letters .letters-made li")
    expect(made).to_have_count(1)
    expect(made).to_contain_text("Kallelse till samtal: skapades")
    made.get_by_role("button", name="Markera som skickat").click()
    expect(page.locator("#report-message")).to_contain_text("markerat som skickat")
    expect(page.locator("section.letters .letters-made li")).to_contain_text("skickades")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Skapade ett brev: kallelse till samtal")
    expect(timeline).to_contain_text("Markerade ett brev som skickat: kallelse till samtal")
    expect(timeline).not_to_contain_text("gärna träffa")
