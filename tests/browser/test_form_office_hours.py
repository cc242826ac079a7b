"""The form's first screen says whether the intake unit reads reports now and when it next opens, at fixed
instants: the answer is GET /api/office-hours's own (office_hours_now) for that instant, the page's clock is
set to it, and the words are the reader's language's."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from functions.domain.office_hours import office_hours_now
from tests.browser.form_helpers import form_url

pytestmark = pytest.mark.browser

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def open_form_at(page: Page, stack, local_time: str, language: str = "sv") -> None:
    instant = datetime.fromisoformat(local_time).replace(tzinfo=STOCKHOLM)
    answer = office_hours_now(stack.municipality.office_hours, instant).model_dump_json(by_alias=True)
    page.clock.set_fixed_time(instant)
    page.route(
        "**/api/office-hours",
        lambda route: route.fulfill(status=200, content_type="application/json", body=answer),
    )
    page.goto(form_url(stack) + ("" if language == "sv" else f"?lang={language}"))


@pytest.mark.parametrize(
    ("local_time", "language", "said"),
    [
        (
            "2026-11-27 19:30",
            "sv",
            "Just nu är mottagningen stängd. Vi öppnar måndag kl. 08:30.",
        ),  # Friday evening
        (
            "2026-12-24 10:00",
            "sv",
            "Just nu är mottagningen stängd. Vi öppnar måndag kl. 08:30.",
        ),  # Christmas Eve
        ("2026-11-24 12:15", "sv", "Just nu är mottagningen stängd. Vi öppnar i dag kl. 13:00."),  # lunch
        (
            "2026-11-26 17:00",
            "sv",
            "Just nu är mottagningen stängd. Vi öppnar i morgon kl. 08:30.",
        ),  # Thursday
        ("2026-11-24 10:00", "sv", "Just nu är mottagningen öppen och läser anmälningar, till kl. 12:00."),
        ("2026-11-27 19:30", "en", "The intake team is closed right now. We open Monday at 08:30."),
    ],
    ids=["friday evening", "christmas eve", "lunch", "thursday evening", "open", "friday evening in english"],
)
def test_the_first_screen_says_whether_the_intake_unit_is_open_and_when_it_opens(
    page: Page, local_stack, local_time, language, said
):
    open_form_at(page, local_stack, local_time, language)
    expect(page.locator("#office-status")).to_have_text(said)


@pytest.mark.parametrize(
    ("local_time", "language", "calls", "said"),
    [
        (
            "2026-11-27 19:30",
            "sv",
            "socialjour",
            "Behöver någon skydd i kväll eller i natt? Ring socialjouren på {jour}.",
        ),
        (
            "2026-12-24 10:00",
            "sv",
            "socialjour",
            "Behöver någon skydd i dag, medan mottagningen är stängd? Ring socialjouren på {jour}.",
        ),
        (
            "2026-11-24 10:00",
            "sv",
            "intake",
            "Behöver någon skydd i dag? Ring oss på {intake}. Mottagningen är öppen nu.",
        ),
        (
            "2026-11-24 12:15",
            "sv",
            "intake",
            "Behöver någon skydd i dag? Ring oss på {intake} när vi öppnar kl. 13:00.",
        ),
        (
            "2026-11-24 03:00",
            "sv",
            "socialjour",
            "Behöver någon skydd i kväll eller i natt? Ring socialjouren på {jour}.",
        ),
        (
            "2026-11-27 19:30",
            "en",
            "socialjour",
            "Does someone need protection tonight? Call the social services out-of-hours team on {jour}.",
        ),
        (
            "2026-11-24 10:00",
            "ar",
            "intake",
            "هل يحتاج شخص ما إلى حماية اليوم؟ اتصل بنا على الرقم {intake}. فريق الاستقبال مفتوح الآن.",
        ),
    ],
    ids=[
        "friday evening",
        "christmas eve",
        "open",
        "lunch",
        "night",
        "friday evening in english",
        "open in arabic",
    ],
)
def test_the_first_screen_says_whom_to_call_for_protection_by_whether_the_intake_unit_is_open(
    page: Page, local_stack, local_time, language, calls, said
):
    municipality = local_stack.municipality
    jour = f"{municipality.socialjour.public_phone} ({municipality.socialjour.public_hours})"
    open_form_at(page, local_stack, local_time, language)
    shown, hidden = (
        ("#urgent-intake", "#urgent-socialjour")
        if calls == "intake"
        else ("#urgent-socialjour", "#urgent-intake")
    )
    expect(page.locator(shown)).to_have_text(said.format(jour=jour, intake=municipality.intake_team.phone))
    expect(page.locator(shown).get_by_role("link")).to_have_attribute("href", re.compile(r"^tel:"))
    expect(page.locator(hidden)).to_be_hidden()


def test_the_office_hours_line_follows_a_change_of_language(page: Page, local_stack):
    open_form_at(page, local_stack, "2026-11-27 19:30")
    expect(page.locator("#office-status")).to_contain_text("Vi öppnar måndag")
    page.locator("#languages").get_by_role("link", name="English").click()
    expect(page.locator("#office-status")).to_have_text(
        "The intake team is closed right now. We open Monday at 08:30."
    )
    expect(page.locator("#urgent-socialjour")).to_contain_text("Does someone need protection tonight?")


def test_without_an_answer_the_line_is_not_shown_and_the_rest_of_the_urgent_box_is(page: Page, local_stack):
    page.route("**/api/office-hours", lambda route: route.fulfill(status=503, body="{}"))
    page.goto(form_url(local_stack))
    expect(page.locator("#urgent")).to_contain_text("Ring 112")
    expect(page.locator("#office-status")).to_be_hidden()
    expect(page.locator("#urgent-socialjour")).to_contain_text(
        "Behöver någon skydd eller hjälp i dag, utanför kontorstid? Ring socialjouren"
    )
    expect(page.locator("#urgent-intake")).to_be_hidden()
