"""Attached files in the citizen form: chosen on step 4 within the municipality's limits (refused in the browser
with the API's own words), listed on the review, uploaded after the receipt straight to the local stack's bucket
under the form's CSP, with each file's status on the receipt; a failed upload leaves the report received and
says which file to mention when calling. Staff see the clean files after the scan, and that the EICAR file was
removed. axe-core runs with the CSP on (served from the page's origin) at 1280 and 390 px, and in Arabic."""

import re

import pytest
from playwright.sync_api import Page, expect

from functions.domain.attachments import AttachmentRefused, UploadRequest, check_upload
from local.scanner import EICAR
from tests.browser.dashboard_helpers import check_axe, serve_axe
from tests.browser.form_helpers import (
    expect_step,
    fill_child,
    fill_concern,
    fill_other,
    fill_private_reporter,
    open_form,
    press_continue,
    receipt_reference,
)
from tests.browser.staff_helpers import staff_api
from tests.integration.test_attachments import PDF

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 2000
MEGABYTE = 1024 * 1024


def a_file(name: str, mime: str, content: bytes) -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def to_step_4(page: Page, stack) -> None:
    open_form(page, stack)
    fill_private_reporter(page)
    press_continue(page)
    fill_child(page, 0, name="Alva", age="7")
    press_continue(page)
    fill_concern(page)
    press_continue(page)
    expect_step(page, 4)
    fill_other(page)


def send_and_see_receipt(page: Page) -> str:
    page.locator("#send-button").click()
    # The session's first report wakes the intake function: on a busy machine that takes a while.
    expect(page.locator("#step-6-heading")).to_be_focused(timeout=30_000)
    return receipt_reference(page)


def attachment_requests(page: Page) -> list[str]:
    """Every request for an upload form or to the bucket the page makes."""
    seen: list[str] = []
    page.on(
        "request",
        lambda request: (
            seen.append(request.url)
            if request.method == "POST" and ("/attachments" in request.url or "attachments-" in request.url)
            else None
        ),
    )
    return seen


def refusal(stack, file_name: str, content_type: str, size: int, language: str = "sv") -> str:
    """What the API answers for such a file, in Swedish (or `language`)."""
    request = UploadRequest(token="t", file_name=file_name, content_type=content_type, size=size)
    with pytest.raises(AttachmentRefused) as refused:
        check_upload(request, stack.municipality.attachments, files_so_far=0, language=language)
    return str(refused.value)


def staff_attachments(stack, reference: str) -> dict:
    report_id = stack.find_report(reference)["reportId"]
    answer = staff_api(stack, "demo-mottagning", "GET", f"/api/staff/reports/{report_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()["attachments"]


def test_a_photo_and_a_pdf_reach_staff_and_the_eicar_file_is_removed(page: Page, local_stack, axe_script):
    serve_axe(page, axe_script)
    page.set_viewport_size(DESKTOP)
    to_step_4(page, local_stack)

    # The field states the municipality's limits in words, and the picker offers the allowed types.
    field = page.locator("#attachments-field")
    expect(field).to_be_visible()
    expect(field.get_by_label("Bifoga filer (frivilligt)")).to_have_attribute("type", "file")
    expect(page.locator("#attachment-hint")).to_have_text(
        "Till exempel en bild eller ett intyg. Du kan bifoga högst 5 filer, högst 10 MB per fil. Tillåtna "
        "filtyper: JPEG-bild, PNG-bild, HEIC-bild, PDF, Word-dokument, Excel-dokument, PowerPoint-dokument, "
        "OpenDocument-text."
    )
    accept = page.locator("#attachment-input").get_attribute("accept") or ""
    assert {".jpg", ".pdf", "image/jpeg", "application/pdf"} <= set(accept.split(","))

    page.locator("#attachment-input").set_input_files(
        [
            a_file("bild.jpg", "image/jpeg", JPEG),
            a_file("intyg.pdf", "application/pdf", PDF),
            a_file("skannat.pdf", "application/pdf", PDF[:20] + EICAR),
        ]
    )
    chosen = page.locator("#attachment-list li")
    expect(chosen).to_have_count(3)
    expect(chosen.nth(0)).to_contain_text("bild.jpg")
    expect(chosen.nth(0)).to_contain_text("kB")
    check_axe(page, "step 4 with files listed, 1280")

    # A file can be taken away again, and chosen anew.
    chosen.nth(1).get_by_role("button", name="Ta bort intyg.pdf").click()
    expect(chosen).to_have_count(2)
    expect(page.locator("#attachment-list")).not_to_contain_text("intyg.pdf")
    page.locator("#attachment-input").set_input_files([a_file("intyg.pdf", "application/pdf", PDF)])
    expect(chosen).to_have_count(3)

    press_continue(page)
    expect_step(page, 5)
    review = page.locator("#review")
    expect(review).to_contain_text("Bifogade filer")
    for name in ("bild.jpg", "skannat.pdf", "intyg.pdf"):
        expect(review).to_contain_text(name)

    reference = send_and_see_receipt(page)
    statuses = page.locator("#receipt-attachment-list li")
    expect(statuses).to_have_count(3)
    expect(statuses.nth(0)).to_have_text("bild.jpg är skickad.", timeout=30_000)
    expect(statuses.nth(1)).to_have_text("skannat.pdf är skickad.", timeout=30_000)
    expect(statuses.nth(2)).to_have_text("intyg.pdf är skickad.", timeout=30_000)
    expect(page.locator("#receipt-attachments-progress")).to_have_text(
        "Alla filer är skickade.", timeout=5_000
    )
    expect(page.locator("#receipt-attachments-missing")).to_be_hidden()
    check_axe(page, "receipt with files sent, 1280")

    # Staff see the clean files once scanned; the EICAR file only as a sentence.
    local_stack.scan_attachments()
    seen = staff_attachments(local_stack, reference)
    assert sorted(file["fileName"] for file in seen["files"]) == ["bild.jpg", "intyg.pdf"]
    assert seen["removed"] == ["En bifogad fil togs bort: den innehöll skadlig kod."]
    assert seen["awaitingScan"] == 0


def test_a_wrong_type_and_an_11_mb_file_are_refused_in_the_form_and_nothing_is_uploaded(
    page: Page, local_stack
):
    sent = attachment_requests(page)
    to_step_4(page, local_stack)
    page.locator("#attachment-input").set_input_files(
        [
            a_file("anteckningar.txt", "text/plain", b"hej"),
            a_file("stor.jpg", "image/jpeg", JPEG[:16] + b"\x00" * (11 * MEGABYTE)),
        ],
        timeout=60_000,  # 11 MB through the browser's protocol
    )
    wrong_type = "anteckningar.txt: " + refusal(local_stack, "anteckningar.txt", "text/plain", 3)
    too_large = "stor.jpg: " + refusal(local_stack, "stor.jpg", "image/jpeg", 11 * MEGABYTE)
    assert too_large == "stor.jpg: Filen är för stor. En fil får vara högst 10 MB."
    summary = page.locator("#step-4 [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([wrong_type, too_large])
    expect(page.locator("#attachment-input")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#attachment-list li")).to_have_count(0)
    expect(page).to_have_title(re.compile("^Fel: Steg 4 av 5"))

    press_continue(page)
    expect_step(page, 5)
    expect(page.locator("#review")).to_contain_text("Bifogade filer")
    reference = send_and_see_receipt(page)
    expect(page.locator("#receipt-attachments")).to_be_hidden()
    assert sent == []
    assert "attachmentCount" not in local_stack.find_report(reference)


def test_a_failed_upload_leaves_the_report_received_and_can_be_tried_again(page: Page, local_stack):
    to_step_4(page, local_stack)
    page.locator("#attachment-input").set_input_files([a_file("bild.jpg", "image/jpeg", JPEG)])
    press_continue(page)
    # The connection to the bucket breaks for the first try.
    page.route("**/*attachments-*", lambda route: route.abort("internetdisconnected"))
    reference = send_and_see_receipt(page)
    status = page.locator("#receipt-attachment-list li")
    expect(status).to_have_text(
        "bild.jpg kunde inte skickas: anslutningen bröts. Försök igen bild.jpg", timeout=30_000
    )
    expect(page.locator("#receipt-attachments-missing")).to_have_text(
        "Din anmälan är mottagen, men de här filerna kom inte fram: bild.jpg. Nämn dem när du ringer oss om "
        "anmälan och uppge referensnumret."
    )
    expect(page.locator("#step-6-heading")).to_have_text("Tack! Vi har tagit emot din anmälan")

    page.unroute("**/*attachments-*")
    status.get_by_role("button", name="Försök igen bild.jpg").click()
    expect(status).to_have_text("bild.jpg är skickad.", timeout=30_000)
    expect(page.locator("#receipt-attachments-missing")).to_be_hidden()
    # The retry used the same upload form: the report holds one file, not two.
    assert local_stack.find_report(reference)["attachmentCount"] == 1


def test_in_arabic_on_a_phone_the_field_reads_right_to_left_and_axe_finds_nothing(
    page: Page, local_stack, axe_script
):
    serve_axe(page, axe_script)
    page.set_viewport_size(PHONE)
    to_step_4(page, local_stack)
    page.locator("#attachment-input").set_input_files([a_file("anteckningar.txt", "text/plain", b"hej")])
    summary = page.locator("#step-4 [data-error-summary]")
    expect(summary.get_by_role("link")).to_have_text(
        "anteckningar.txt: " + refusal(local_stack, "anteckningar.txt", "text/plain", 3)
    )
    page.locator("#languages").get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The refusal is said again in the new language, as the API would say it.
    expect(summary.get_by_role("link")).to_have_text(
        "anteckningar.txt: " + refusal(local_stack, "anteckningar.txt", "text/plain", 3, "ar")
    )
    expect(page.locator('label[for="attachment-input"]')).to_have_text("إرفاق ملفات (اختياري)")
    expect(page.locator("#attachment-hint")).to_contain_text("أنواع الملفات المسموح بها")
    page.locator("#attachment-input").set_input_files(
        [a_file("bild.jpg", "image/jpeg", JPEG), a_file("intyg.pdf", "application/pdf", PDF)]
    )
    first = page.locator("#attachment-list li").first
    remove = first.get_by_role("button", name="إزالة bild.jpg")
    expect(remove).to_be_visible()
    name_box = first.locator(".attachment-name").bounding_box()
    button_box = remove.bounding_box()
    assert name_box and button_box
    assert button_box["x"] + button_box["width"] <= name_box["x"] + 1  # the name first, on the right
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    check_axe(page, "step 4 with files listed, Arabic, 390")

    press_continue(page)
    send_and_see_receipt(page)
    statuses = page.locator("#receipt-attachment-list li")
    expect(statuses.nth(0)).to_have_text("تم إرسال bild.jpg.", timeout=30_000)
    expect(statuses.nth(1)).to_have_text("تم إرسال intyg.pdf.", timeout=30_000)
    check_axe(page, "receipt with files sent, Arabic, 390")
