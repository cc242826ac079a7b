"""The receipt's copy of what was sent (issue 12, item 6): made in the browser from what the reporter typed, printed
with the receipt, downloaded as a PDF (jsPDF and DejaVu Sans, fetched from the form's own origin only when asked),
in Swedish and in Arabic (right to left); gone after "Gör en ny anmälan" or leaving the page."""

import io
import unicodedata

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.form_helpers import (
    check_axe,
    expect_step,
    fill_child,
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

SWEDISH_NAME = "Åsa Öberg"
SWEDISH_CHILD = "Örjan Ågren"
SWEDISH_DESCRIPTION = "Pojken på gården säger att pappa slår honom, även på söndagar. Räksmörgås: åäö ÅÄÖ."

ARABIC_NAME = "مريم حسن"
ARABIC_CHILD = "يوسف"
ARABIC_DESCRIPTION = "أسمع صراخا وضربا من الشقة المجاورة كل مساء"

# What the page shows when it is printed, read when the page calls window.print() (the dialog itself never opens).
CAPTURE_PRINT = """() => {
  window.__printed = [];
  window.print = () => window.__printed.push(document.getElementById('step-6').innerText);
}"""


def send_swedish_report(page: Page, stack) -> str:
    open_form(page, stack)
    fill_private_reporter(page, name=SWEDISH_NAME)
    press_continue(page)
    expect_step(page, 2)
    fill_child(page, 0, name=SWEDISH_CHILD, age="8")
    press_continue(page)
    expect_step(page, 3)
    page.locator("#concern-description").fill(SWEDISH_DESCRIPTION)
    page.locator("#cat-vald").check()
    page.locator("#acute-danger-no").check()
    press_continue(page)
    expect_step(page, 4)
    fill_other(page)
    press_continue(page)
    expect_step(page, 5)
    page.locator("#send-button").click()
    return receipt_reference(page)


def send_arabic_report(page: Page, stack) -> str:
    page.goto(stack.base_url.rstrip("/") + "/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#languages a")).to_have_count(3)
    page.locator("#reporter-type-private").check()
    page.locator("#anonymous-no").check()
    page.locator("#private-name").fill(ARABIC_NAME)
    page.locator("#private-relation").fill("جارة")
    press_continue(page)
    expect_step(page, 2)
    person(page, 0).locator('input[data-name="kind"][value="barn"]').check()
    person(page, 0).locator('input[data-key="name"]').first.fill(ARABIC_CHILD)
    person(page, 0).locator('input[data-key="age"]').fill("7")
    press_continue(page)
    expect_step(page, 3)
    page.locator("#concern-description").fill(ARABIC_DESCRIPTION)
    page.locator("#cat-vald").check()
    page.locator("#acute-danger-no").check()
    press_continue(page)
    expect_step(page, 4)
    page.locator("#interpreter-no").check()
    press_continue(page)
    expect_step(page, 5)
    page.locator("#send-button").click()
    return receipt_reference(page)


def requests_after(page: Page) -> list[str]:
    paths: list[str] = []
    page.on("request", lambda request: paths.append(request.url.split("//", 1)[1].split("/", 1)[1]))
    return paths


def download_pdf(page: Page) -> tuple[str, bytes]:
    with page.expect_download() as download:
        page.locator("#download-copy").click()
    path = download.value.path()
    return download.value.suggested_filename, open(path, "rb").read()


def pdf_text(pdf: PdfReader) -> str:
    """The text of every page, lines wrapped by the layout joined again."""
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def embedded_fonts(pdf: PdfReader) -> set[str]:
    names = set()
    for font in pdf.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descendants = font.get("/DescendantFonts") or [font]
        for descendant in descendants:
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]))
    return names


def test_a_swedish_copy_prints_with_the_receipt_and_downloads_as_a_pdf_made_in_the_browser(
    page: Page, local_stack
):
    before_sending = requests_after(page)
    reference = send_swedish_report(page, local_stack)
    received = page.locator("#receipt-received").inner_text()
    # Nothing of the copy is fetched for the form itself: its module and stylesheet come with the receipt.
    expect(page.locator("#receipt-copy")).to_be_visible()
    first_screen = before_sending[: before_sending.index("api/reports")]
    assert not [path for path in first_screen if "copy" in path or "vendor/" in path]
    assert "copy.js" in before_sending and "copy.css" in before_sending
    fetched = requests_after(page)

    # On the screen the copy is folded away; opened, it is the review's rendering of what was typed.
    expect(page.locator("#receipt-copy-content")).not_to_be_visible()
    page.get_by_text("Visa kopian").click()
    copy = page.locator("#receipt-copy-content")
    expect(copy).to_contain_text(SWEDISH_DESCRIPTION)
    expect(copy).to_contain_text(SWEDISH_NAME)
    expect(copy).to_contain_text(SWEDISH_CHILD)
    expect(copy.locator("h4")).to_have_count(4)
    expect(copy.locator("[data-change-step]")).to_have_count(0)  # no "Ändra": the report is sent
    page.get_by_text("Visa kopian").click()  # folded again: the print opens it all the same

    page.emulate_media(media="print")
    page.evaluate(CAPTURE_PRINT)
    page.locator("#print-copy").dispatch_event("click")  # the buttons do not print
    page.locator("#print-receipt").dispatch_event("click")
    printed_copy, printed_receipt = page.evaluate("window.__printed")
    # The copy's print: the receipt's reference number and time first, then everything typed; no buttons.
    assert (
        printed_copy.index(reference) < printed_copy.index(received) < printed_copy.index(SWEDISH_DESCRIPTION)
    )
    for typed in (SWEDISH_NAME, SWEDISH_CHILD, "Granne", "Skolkuratorn vet om det."):
        assert typed in printed_copy
    for button in ("Skriv ut en kopia", "Ladda ner kopian", "Gör en ny anmälan", "Visa kopian"):
        assert button not in printed_copy
    # The receipt's own print is the receipt alone.
    assert reference in printed_receipt and SWEDISH_DESCRIPTION not in printed_receipt
    # Printed in black on white.
    colour = page.locator("#receipt-copy-content dd").first.evaluate(
        "element => getComputedStyle(element).color"
    )
    assert colour == "rgb(0, 0, 0)"
    page.emulate_media(media="screen")

    file_name, content = download_pdf(page)
    assert file_name == f"orosanmalan-{reference}.pdf"
    expect(page.locator("#copy-status")).to_have_text(f"Kopian är nedladdad som {file_name}.")
    pdf = PdfReader(io.BytesIO(content))
    text = pdf_text(pdf)
    for expected in (reference, received, SWEDISH_NAME, SWEDISH_CHILD, SWEDISH_DESCRIPTION, "Granne"):
        assert expected in text, expected
    assert pdf.metadata is not None and pdf.metadata.title == f"Kopia av orosanmälan {reference}"
    assert str(pdf.trailer["/Root"]["/Lang"]) == "sv"
    assert any("DejaVuSans" in name for name in embedded_fonts(pdf))
    # The library and the font from the form's own origin; nothing from the API after the report was sent.
    assert {"copy-pdf.js", "vendor/jspdf.js", "vendor/DejaVuSans.ttf"} <= set(fetched)
    assert [path for path in fetched if path.startswith("api/")] == []

    # A new report: the copy is gone from the page.
    page.locator("#new-report").click()
    expect_step(page, 1)
    expect(page.locator("#receipt-copy")).to_have_count(0)
    assert SWEDISH_DESCRIPTION not in page.content()


def test_leaving_the_page_drops_the_copy(page: Page, local_stack):
    send_swedish_report(page, local_stack)
    expect(page.locator("#receipt-copy-content")).to_contain_text(SWEDISH_DESCRIPTION)
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    expect(page.locator("#receipt-copy")).to_have_count(0)
    assert SWEDISH_DESCRIPTION not in page.content()


def test_an_arabic_copy_prints_right_to_left_and_its_pdf_holds_the_arabic_text(page: Page, local_stack):
    reference = send_arabic_report(page, local_stack)
    expect(page.locator("#receipt-copy-heading")).to_have_text("نسخة من بلاغك")

    page.emulate_media(media="print")
    page.evaluate(CAPTURE_PRINT)
    page.locator("#print-copy").dispatch_event("click")  # the buttons do not print
    (printed,) = page.evaluate("window.__printed")
    assert reference in printed and ARABIC_DESCRIPTION in printed and ARABIC_NAME in printed
    content = page.locator("#receipt-copy-content")
    assert content.evaluate("element => getComputedStyle(element).direction") == "rtl"
    # A term and its answer start at the right edge, where a right-to-left reader starts.
    term = content.locator("dt").first
    row = term.locator("xpath=..")
    term_box, row_box = term.bounding_box(), row.bounding_box()
    assert (
        term_box
        and row_box
        and abs(term_box["x"] + term_box["width"] - (row_box["x"] + row_box["width"])) <= 2
    )
    page.emulate_media(media="screen")

    file_name, pdf_bytes = download_pdf(page)
    assert file_name == f"orosanmalan-{reference}.pdf"
    assert pdf_bytes.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(pdf_bytes))
    assert any("DejaVuSans" in name for name in embedded_fonts(pdf))
    assert str(pdf.trailer["/Root"]["/Lang"]) == "ar"
    # jsPDF shapes Arabic into its presentation forms; read back as letters, the typed words are there in order,
    # and the reference number reads left to right (held by direction marks).
    text = unicodedata.normalize("NFKC", pdf_text(pdf)).replace("\u200e", "").replace("\u200f", "")
    assert f"{reference} :الرقم المرجعي" in text
    for typed in (ARABIC_DESCRIPTION, ARABIC_NAME, ARABIC_CHILD):
        assert typed in text, typed


def test_the_copy_follows_a_change_of_language_on_the_receipt(page: Page, local_stack):
    send_swedish_report(page, local_stack)
    expect(page.locator("#receipt-copy-content h4").first).to_have_text("Om dig som anmäler")
    page.locator("#languages").get_by_role("link", name="English").click()
    expect(page.locator("#receipt-copy-content h4").first).to_have_text("About you, the reporter")
    expect(page.locator("#receipt-copy-content")).to_contain_text(SWEDISH_DESCRIPTION)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_axe_finds_nothing_on_the_receipt_with_its_copy(axe_page: Page, local_stack, axe_script, viewport):
    page = axe_page
    page.set_viewport_size(viewport)
    send_swedish_report(page, local_stack)
    expect(page.locator("#receipt-copy")).to_be_visible()
    check_axe(page, axe_script, f"receipt with the copy folded, {viewport['width']} px")
    page.get_by_text("Visa kopian").click()
    check_axe(page, axe_script, f"receipt with the copy open, {viewport['width']} px")
    with page.expect_download():
        page.locator("#download-copy").click()
    expect(page.locator("#copy-status")).to_contain_text("orosanmalan-")
    check_axe(page, axe_script, f"receipt after the download, {viewport['width']} px")
