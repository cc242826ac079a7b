"""Kalix (seed 000) takes web reports only from reporters who sign in: without a session the form shows no
questions, only the ways to sign in and, for an anonymous report, the phone and a letter; signed in, the
questions are there and anonymity is not offered. Kalix runs as `make run` runs it, in a process of its own
(the session's stack is Provkommun's)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.form_helpers import check_axe
from tests.integration.helpers import stack_in_own_process


@pytest.fixture(scope="module")
def kalix(tmp_path_factory):
    with stack_in_own_process("kalix", tmp_path_factory.mktemp("kalix") / "make-run.log") as stack:
        yield stack


def test_kalix_form_shows_no_questions_until_signed_in_and_offers_the_phone_for_anonymous_reports(
    page: Page, kalix
):
    page.goto(kalix.base_url.rstrip("/") + "/")
    sign_in = page.locator("#sign-in")
    expect(sign_in.get_by_role("heading", name="Logga in för att anmäla")).to_be_visible()
    expect(sign_in).to_contain_text("I Kalix kommun loggar du in när du anmäler via e-tjänsten.")
    expect(
        sign_in.get_by_role("link", name="Logga in med E-legitimation (BankID eller Freja eID)")
    ).to_be_visible()
    phone = sign_in.get_by_role("link", name="072-246 41 44")
    expect(phone).to_have_attribute("href", "tel:0722464144")
    expect(sign_in).to_contain_text("eller skicka anmälan med brev.")
    expect(page.locator("#report-form")).to_be_hidden()
    expect(page.locator("#step-list")).to_be_hidden()

    sign_in.get_by_role("link", name="Logga in med E-legitimation (BankID eller Freja eID)").click(
        timeout=20_000
    )
    page.get_by_role("button", name="anna.andersson").click()
    page.wait_for_url(kalix.base_url.rstrip("/") + "/")
    expect(page.locator(".signed-in-as")).to_have_text(
        "Inloggad som Anna Andersson med E-legitimation (BankID eller Freja eID)"
    )
    expect(page.locator("#report-form")).to_be_visible()
    page.get_by_label("Som privatperson").check()
    expect(page.locator("#anonymity")).to_be_hidden()
    expect(page.locator("#anonymity-not-allowed")).to_be_hidden()
    expect(page.locator("#private-name")).to_have_value("Anna Andersson")


def test_kalix_signed_out_first_screen_passes_axe_wide_and_narrow(axe_page: Page, kalix, axe_script):
    page = axe_page
    page.goto(kalix.base_url.rstrip("/") + "/")
    expect(page.locator("#sign-in").get_by_role("heading", name="Logga in för att anmäla")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_axe(page, axe_script, f"Kalix's first screen signed out, {width} px")
