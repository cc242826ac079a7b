"""The accessibility statement as a visitor finds it: the municipality's own name and numbers, readable at
phone size, and no fault axe-core finds."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.form_helpers import check_axe, form_url


@pytest.mark.parametrize("width", [1280, 390, 320], ids=["1280 px", "390 px", "320 px"])
def test_the_statement_names_the_municipality_and_its_phone_and_axe_finds_nothing(
    axe_page: Page, local_stack, axe_script, width
):
    axe_page.set_viewport_size({"width": width, "height": 844})
    axe_page.goto(form_url(local_stack) + "tillganglighet.html")

    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")
    expect(axe_page.locator("header [data-config=municipality]")).to_have_text(local_stack.municipality.name)
    phone = axe_page.locator('[data-config-phone="intakeTeam.phone"]').first
    expect(phone).to_have_text(local_stack.municipality.intake_team.phone)
    expect(phone).to_have_attribute(
        "href", "tel:" + "".join(c for c in phone.inner_text() if c.isdigit() or c == "+")
    )
    expect(axe_page.get_by_role("link", name="anmäla det till Digg")).to_have_attribute(
        "href", "https://www.digg.se/tdosanmalan"
    )
    assert axe_page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    check_axe(axe_page, axe_script, f"the accessibility statement at {width} px")
