"""Steps the browser tests share: open and fill the form, check accessibility and what the server stored."""

import json
import re
import time

from playwright.sync_api import Page, expect

REFERENCE_PATTERN = re.compile(
    r"^\d{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{3}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{3}$"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
XSS_IMG = '<img src=x onerror="window.__pwned=1">'
XSS_SCRIPT = "<script>window.__pwned=1</script>"
CITIZEN_LABEL = "E-legitimation (BankID eller Freja eID)"


def form_url(stack) -> str:
    return getattr(stack, "form_url", stack.base_url.rstrip("/") + "/")


def open_form(page: Page, stack) -> None:
    page.goto(form_url(stack))
    # config.json is loaded: the socialjour number is shown in the acute-danger notice.
    expect(page.locator('#urgent [data-config-phone="socialjour.phone"]')).not_to_have_text("telefonnummer")


def mina_url(stack) -> str:
    return stack.base_url.rstrip("/") + "/mina-anmalningar/"


def sign_in_at_provider(page: Page, link, subject: str) -> None:
    """Follows a "Logga in med …" link and signs in at the local provider as `subject` (its login page has one
    button per test identity)."""
    # The first sign-in reads the provider's metadata: more than the default 5 s on a busy machine.
    link.click(timeout=20_000)
    page.get_by_role("button", name=subject).click(timeout=20_000)  # the callback signs in: seconds when busy


def sign_in_at_mina(page: Page, stack, provider_id: str, subject: str) -> None:
    """Mina anmälningar, signed in as `subject` with the provider `provider_id`."""
    page.goto(mina_url(stack))
    sign_in_at_provider(page, page.locator(f"#sign-in a[data-provider={provider_id}]"), subject)
    page.wait_for_url("**/mina-anmalningar/")


def sign_in_from_form(page: Page, stack, provider_label: str, subject: str) -> None:
    """The form's first screen, signed in as `subject` with the provider labelled `provider_label`."""
    open_form(page, stack)
    sign_in = page.locator("#sign-in")
    expect(sign_in).to_contain_text("Du kan också anmäla utan att logga in.")
    sign_in_at_provider(page, sign_in.get_by_role("link", name=f"Logga in med {provider_label}"), subject)
    page.wait_for_url(stack.base_url.rstrip("/") + "/")
    expect(page.locator("#sign-in")).to_contain_text("Inloggad som")


def expect_step(page: Page, number: int) -> None:
    expect(page.locator(f'#step-list li[data-step="{number}"]')).to_have_attribute("aria-current", "step")
    expect(page.locator(f"#step-{number}")).to_be_visible()
    expect(page.locator(f"#step-{number}-heading")).to_be_focused()


def press_continue(page: Page) -> None:
    page.locator(".step:not([hidden]) .step-buttons button[type=submit]").click()


def check_axe(page: Page, axe_script, where: str) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})))",
        WCAG_TAGS,
    )
    assert result == [], f"axe violations at {where}:\n" + json.dumps(result, indent=2, ensure_ascii=False)


def fill_private_reporter(page: Page, *, anonymous: bool = False, name: str = "Karin Berg") -> None:
    page.get_by_label("Som privatperson").check()
    if anonymous:
        page.get_by_label("Ja, jag vill vara anonym").check()
    else:
        page.get_by_label("Nej, jag lämnar mitt namn").check()
        page.locator("#private-name").fill(name)
        page.locator("#private-phone").fill("070-123 45 67")
    page.locator("#private-relation").fill("Granne")


def fill_professional_reporter(page: Page) -> None:
    page.get_by_label("I mitt arbete (yrkesverksam)").check()
    page.locator("#professional-name").fill("Eva Lind")
    page.locator("#professional-role").fill("Lärare")
    page.locator("#professional-organisation").fill("Björkskolan")
    page.locator("#professional-email").fill("eva.lind@skola.example.se")
    page.locator("#professional-feedback").check()


def person(page: Page, index: int):
    return page.locator("#persons > [data-person]").nth(index)


def fill_child(page: Page, index: int, *, name: str, age: str | None = None, pnr: str | None = None) -> None:
    section = person(page, index)
    section.get_by_label("Ett barn eller en ungdom").check()
    section.locator('input[data-key="name"]').first.fill(name)
    if age is not None:
        section.locator('input[data-key="age"]').fill(age)
    if pnr is not None:
        section.locator('input[data-key="personalIdentityNumber"]').fill(pnr)


def fill_concern(
    page: Page, description: str = "Jag har hört skrik och slag genom väggen flera kvällar i veckan."
) -> None:
    page.locator("#concern-description").fill(description)
    page.locator("#cat-vald").check()
    page.locator("#cat-psykisk_ohalsa").check()
    page.locator("#main-vald").check()
    page.locator("#concern-since").fill("Sedan i somras")
    page.locator("#acute-danger-no").check()


def fill_other(page: Page, *, interpreter: str | None = None) -> None:
    if interpreter:
        page.locator("#interpreter-yes").check()
        page.locator("#interpreter-language").fill(interpreter)
    else:
        page.locator("#interpreter-no").check()
    page.locator("#other-agencies").fill("Skolkuratorn vet om det.")


def receipt_reference(page: Page) -> str:
    expect(page.locator("#step-6-heading")).to_be_focused()
    reference = page.locator("#receipt-reference").inner_text().strip()
    assert REFERENCE_PATTERN.match(reference), reference
    return reference


def capture_posts(page: Page) -> list[dict]:
    """Every body the page POSTs to /api/reports, in order (attempts that are aborted included)."""
    bodies: list[dict] = []
    page.on(
        "request",
        lambda request: (
            bodies.append(json.loads(request.post_data))
            if request.method == "POST" and request.url.endswith("/api/reports")
            else None
        ),
    )
    return bodies


# ---- What the server did with the report: the seam where the real local stack is hooked in. ----


def assert_report_stored(stack, reference_number: str, *, reporter_type: str, persons: int) -> dict:
    """The report behind the receipt's reference number is stored in DynamoDB as submitted, and its
    lifecycle ran in Step Functions and told someone."""
    stored = stack.find_report(reference_number)
    assert stored is not None, f"no report stored for {reference_number}"
    content = json.loads(stored["content"])
    assert content["reporter"]["type"] == reporter_type
    assert len(content["persons"]) == persons
    execution = stack.execution_for(stored["reportId"])
    assert execution is not None and execution["status"] == "RUNNING"  # waiting for the skyddsbedömning

    def routed_and_told() -> bool:
        outbox = stack.outbox()
        told = any(reference_number in message["text"] for message in outbox["sms"] + outbox["emails"])
        return told and "lifecyclePending" not in stack.find_report(reference_number)

    deadline = time.monotonic() + 20
    while not routed_and_told():
        assert time.monotonic() < deadline, "the lifecycle did not route the report and tell anyone"
        time.sleep(0.1)
    return stored
