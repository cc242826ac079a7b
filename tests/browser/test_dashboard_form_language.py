"""Staff see which language the public form was in, in Swedish words; the report itself is as written."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import expect_ready, post_report, sign_in

pytestmark = pytest.mark.browser


def _summary_value(page: Page, term: str):
    return page.locator(".report-summary dl div", has=page.locator("dt", has_text=term)).locator("dd").first


@pytest.mark.parametrize(("language", "shown"), [("en", "engelska"), ("ar", "arabiska"), (None, "svenska")])
def test_the_report_page_says_which_language_the_form_was_in(dashboard: Page, local_stack, language, shown):
    stored = post_report(local_stack, **({"formLanguage": language} if language else {}))
    sign_in(dashboard, local_stack, "demo-mottagning")
    dashboard.goto(f"{local_stack.dashboard_url}report.html?id={stored['reportId']}")
    expect_ready(dashboard)
    expect(_summary_value(dashboard, "Formulärets språk")).to_have_text(shown)
    # The staff page stays Swedish, whatever the form's language was.
    expect(dashboard.locator("html")).to_have_attribute("lang", "sv")
    expect(dashboard.locator("#report")).not_to_contain_text("formLanguage")
