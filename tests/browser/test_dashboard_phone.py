"""The dashboard on a phone (issue 9): socialjouren works from one at night. At 390 × 844 and 320 wide the queue
and a report fit the screen without sideways scrolling, each queue card shows the countdown, the acute flag and
whom the report lies with before the less important fields, and axe-core finds nothing at phone size."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.dashboard_helpers import (
    check_axe,
    expect_ready,
    open_dashboard_page,
    post_report,
    queue_row,
    sign_in,
)
from tests.conftest import load_event

pytestmark = pytest.mark.browser

PHONES = {"390": {"width": 390, "height": 844}, "320": {"width": 320, "height": 640}}

# Visible elements that reach outside the screen sideways, and boxes that scroll sideways.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const name = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
    (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest(".visually-hidden, .skip-link, thead")) continue;
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left < -0.5 || box.right > width + 0.5) found.push(`${name(element)} ${Math.round(box.left)}–${Math.round(box.right)}`);
    if (["auto", "scroll"].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1) {
      found.push(`${name(element)} scrolls sideways: ${element.scrollWidth} > ${element.clientWidth}`);
    }
  }
  return found;
}"""


@pytest.fixture(params=list(PHONES), ids=[f"{width} px" for width in PHONES])
def phone(request, browser, axe_script):
    context, page, problems = open_dashboard_page(
        browser, axe_script, viewport=PHONES[request.param], is_mobile=True, has_touch=True
    )
    yield page
    context.close()
    assert not problems, problems


def assert_fits_the_screen(page: Page, where: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{where}: the page scrolls sideways {widths}"
    assert page.evaluate(SIDEWAYS) == [], where


def assert_on_screen(page: Page, locator, what: str) -> dict:
    box = locator.bounding_box()
    assert box, what
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (what, box, viewport)
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (what, box, viewport)
    return box


def test_the_queue_and_a_report_fit_a_phone_with_the_countdown_acute_flag_and_route_first(
    phone: Page, local_stack
):
    page = phone
    concern = {**load_event("report-private-anonymous.json")["concern"], "acuteDanger": True}
    stored = post_report(local_stack, concern=concern)
    reference = stored["referenceNumber"]
    sign_in(page, local_stack, "demo-socialjour")
    row = queue_row(page, reference)
    assert_fits_the_screen(page, "queue")
    check_axe(page, "queue on a phone")

    # The card, scrolled to the top of the screen: what matters at night is on screen, before the rest.
    headings = [text.strip() for text in page.locator("#queue-table thead th").all_text_contents()]

    def cell(heading: str):
        index = next(i for i, text in enumerate(headings) if text.startswith(heading))
        return row.locator(":scope > th, :scope > td").nth(index)

    row.get_by_role("link", name=reference).evaluate("link => link.scrollIntoView({block: 'start'})")
    important = {
        "countdown": row.locator(".countdown").first,
        "acute flag": row.get_by_text("Akut fara enligt anmälaren"),
        "Ligger hos": cell("Ligger hos").locator("span").first,
    }
    expect(important["countdown"]).to_contain_text("kvar")
    boxes = {what: assert_on_screen(page, locator, what) for what, locator in important.items()}
    for less in ("Inkom", "Personer och skede"):
        below = cell(less).bounding_box()
        for what, box in boxes.items():
            assert box["y"] + box["height"] <= below["y"], f"{what} is not above {less}: {box} {below}"

    row.get_by_role("link", name=reference).click()
    expect_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anmälan {reference}")
    # The reference number is one word: it never breaks at its hyphens, however narrow the screen.
    number = page.get_by_role("heading", level=1).locator(".reference-number")
    lines = number.evaluate("span => span.getClientRects().length")
    assert lines == 1, f"the reference number wraps onto {lines} lines"
    assert_fits_the_screen(page, "report")
    summary = page.locator(".report-summary")
    countdown = summary.locator(".countdown").first.bounding_box()
    assert countdown["x"] >= 0 and countdown["x"] + countdown["width"] <= page.viewport_size["width"], (
        countdown
    )
    expect(summary).to_contain_text("Ligger hos")
    check_axe(page, "report on a phone")
    page.locator("#timeline").scroll_into_view_if_needed()
    assert_fits_the_screen(page, "report's timeline")
