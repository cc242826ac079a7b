"""Steps the dashboard's browser tests share: sign in, find a report in the queue, check accessibility."""

import json
import re
import uuid

import requests
from playwright.sync_api import Page, expect

from local.resources import DEMO_PASSWORD
from tests.browser.conftest import CONTEXT_OPTIONS, _watched_page
from tests.browser.form_helpers import WCAG_TAGS
from tests.conftest import load_event

# axe-core is served from the page's own origin (by Playwright's router), so the dashboard's CSP stays on.
AXE_PATH = "/dashboard/__axe-core.js"
NEGLECT_ONLY = {
    "description": "Barnet kommer ofta hungrigt till skolan och har för tunna kläder.",
    "categories": ["omsorgsbrist"],
    "mainCategory": "omsorgsbrist",
    "acuteDanger": False,
}


def serve_axe(page: Page, axe_script) -> None:
    page.route(
        f"**{AXE_PATH}", lambda route: route.fulfill(path=str(axe_script), content_type="text/javascript")
    )


def check_axe(page: Page, where: str) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_PATH)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})))",
        WCAG_TAGS,
    )
    assert result == [], f"axe violations at {where}:\n" + json.dumps(result, indent=2, ensure_ascii=False)


def expect_ready(page: Page) -> None:
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def open_sign_in(page: Page, stack) -> None:
    page.goto(stack.dashboard_url)
    expect_ready(page)


def submit_sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in").click()


def sign_in(page: Page, stack, username: str, landing: str = "queue.html") -> None:
    open_sign_in(page, stack)
    submit_sign_in(page, username)
    page.wait_for_url(f"**/dashboard/{landing}*")
    expect_ready(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/dashboard/index.html")
    expect(page.locator("#sign-in-message")).to_have_text("Du är utloggad.")
    assert page.evaluate("sessionStorage.length") == 0


def navigation(page: Page) -> list[str]:
    return page.locator("nav[aria-label='Huvudmeny'] a").all_inner_texts()


def post_report(stack, **changes) -> dict:
    """A report as the citizen form sends it; answers the stored item (reportId, referenceNumber, …)."""
    body = load_event("report-private-anonymous.json")
    body["submissionId"] = str(uuid.uuid4())
    body.update(changes)
    response = requests.post(f"{stack.base_url}/api/reports", json=body, timeout=30)
    assert response.status_code == 201, response.text
    return stack.find_report(response.json()["referenceNumber"])


def queue_row(page: Page, reference_number: str, max_pages: int = 200):
    """The report's row in the queue, following "Nästa sida" as a person would (other tests' reports stay open)."""
    link = page.get_by_role("link", name=reference_number, exact=True)
    for _ in range(max_pages):
        expect(page.locator("#queue-results")).not_to_have_attribute("aria-busy", "true")
        if link.count():
            return page.locator("tr", has=link)
        next_page = page.locator("#next-page")
        assert next_page.is_visible(), f"{reference_number} is not in the queue"
        caption = page.locator("#queue-table caption").inner_text()
        next_page.click()
        expect(page.locator("#queue-table caption")).not_to_have_text(caption)
    raise AssertionError(f"{reference_number} not within {max_pages} pages")


def timeline_actions(page: Page) -> list[tuple[str, str]]:
    return [
        (row.get_attribute("data-action"), row.get_attribute("data-staff"))
        for row in page.locator("#timeline tbody tr").all()
    ]


TIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def open_dashboard_page(browser, axe_script, **options):
    """A dashboard page in its own browser context, set up like CONTEXT_OPTIONS but for `options` (another
    time zone, a phone's screen). Answers (context, page, problems); close the context, then assert no
    problems."""
    context = browser.new_context(**{**CONTEXT_OPTIONS, **options})
    page, problems = _watched_page(context)
    serve_axe(page, axe_script)
    return context, page, problems


def fill_registration(page: Page, channel: str, day: str, time: str) -> None:
    """The registration form, filled with a professional's phoned-in report of neglect, arrived at `day`
    `time` (as typed: Swedish time)."""
    page.get_by_label("Kom in via").select_option(channel)
    page.get_by_label("Datum").fill(day)
    page.get_by_label("Klockslag").fill(time)
    page.get_by_label("Yrkesverksam (anmälningsskyldig)").check()
    page.locator("#professional-name").fill("Eva Lind")
    page.locator("#professional-role").fill("Skolsköterska")
    page.locator("#professional-organisation").fill("Björkskolan")
    page.locator("#professional-phone").fill("070-123 45 67")
    page.get_by_label("Vad anmälaren berättade").fill("Skrev att Nils ofta är hungrig.")
    page.get_by_label("Brister i omsorgen").check()
    page.get_by_label("Främst").select_option("omsorgsbrist")
    page.locator("#acute-no").check()


def create_staff_user(
    stack, username: str, group: str = "mottagning", *, temporary_password: str = "", totp: bool = False
):
    """A staff user in the local pool: with a temporary password (a new one is asked for at first sign-in), or
    with the demo password and, with `totp`, a TOTP app that moto accepts the code 123456 from."""
    cognito = stack.client("cognito-idp")
    pool = stack.user_pool_id
    if temporary_password:
        cognito.admin_create_user(
            UserPoolId=pool, Username=username, TemporaryPassword=temporary_password, MessageAction="SUPPRESS"
        )
    else:
        cognito.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS")
        cognito.admin_set_user_password(
            UserPoolId=pool, Username=username, Password=DEMO_PASSWORD, Permanent=True
        )
    cognito.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=group)
    if totp:
        access = cognito.initiate_auth(
            ClientId=stack.user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": DEMO_PASSWORD},
        )["AuthenticationResult"]["AccessToken"]
        cognito.associate_software_token(AccessToken=access)
        cognito.verify_software_token(AccessToken=access, UserCode="123456")
        cognito.admin_set_user_mfa_preference(
            UserPoolId=pool,
            Username=username,
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )


# What a person writes in the report page's forms: the API asks for at least 10 characters.
ASSESSMENT_MOTIVATION = "Inget i anmälan tyder på att barnet behöver skydd i dag."
PROPOSAL_MOTIVATION = "Skolans uppgifter behöver utredas vidare med familjen."


def record_assessment(
    page: Page, form=None, *, immediate: bool = False, motivation: str = ASSESSMENT_MOTIVATION
):
    """The skyddsbedömning in the page: Ja or Nej and a motivation (`form`: a person's form, the only one if
    left out)."""
    form = form if form is not None else page.locator("#protection-form")
    form.get_by_label(
        "Ja, omedelbart skydd behövs" if immediate else "Nej, inget omedelbart skyddsbehov"
    ).check()
    form.get_by_label("Motivering").fill(motivation)
    form.get_by_role("button", name="Registrera skyddsbedömning").click()


def propose_in_page(page: Page, investigate: bool, form=None, motivation: str = PROPOSAL_MOTIVATION):
    form = form if form is not None else page.locator("#proposal-form")
    form.get_by_label("Ja, inled utredning" if investigate else "Nej, inled inte utredning").check()
    form.get_by_label("Motivering").fill(motivation)
    form.get_by_role("button", name="Lämna förslag").click()


def approve_in_page(page: Page, form=None, question: str | None = None):
    """Approves the proposal in `form` (the only review form if left out): the page asks first, in a dialog that
    names the decision (and `question`, if given, is exactly what it asks)."""
    form = form if form is not None else page.locator("#review-form")
    form.get_by_role("button", name="Godkänn beslut").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    if question is not None:
        expect(dialog.get_by_role("heading")).to_have_text(question)
    dialog.get_by_role("button", name="Ja, godkänn beslutet").click()
    expect(dialog).to_have_count(0)
