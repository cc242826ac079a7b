"""Steps for the dashboard tests that set a report's state through the staff API (as another person at
another computer would), read its audit trail without adding to it, and make personnummer."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import Browser, Page

from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore
from tests.browser.conftest import CONTEXT_OPTIONS, _watched_page
from tests.browser.dashboard_helpers import NEGLECT_ONLY, post_report, serve_axe
from tests.integration.helpers import eventually

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_tokens: dict[tuple[int, str], str] = {}


def staff_api(stack, username: str, method: str, path: str, body: dict | None = None) -> requests.Response:
    key = (id(stack), username)
    if key not in _tokens:
        _tokens[key] = stack.sign_in(username)
    return requests.request(
        method,
        f"{stack.base_url}{path}",
        json=body,
        headers={"Authorization": f"Bearer {_tokens[key]}"},
        timeout=30,
    )


def staff_post(stack, username: str, path: str, body: dict | None = None) -> dict:
    response = staff_api(stack, username, "POST", path, body if body is not None else {})
    assert response.ok, (path, response.status_code, response.text)
    return response.json()


def audit_timeline(stack, report_id: str) -> list[AuditEntry]:
    """The report's audit entries read straight from the table: reading them here is not itself audited."""
    return AuditStore(names.audit_table_name(stack.municipality_id), stack.client("dynamodb")).timeline(
        report_id
    )


# What a person writes when they record a skyddsbedömning or propose a decision (the API asks for 10 characters).
NO_PROTECTION_NEEDED = {
    "immediateProtectionNeeded": False,
    "motivation": "Inget i anmälan tyder på att barnet behöver skydd i dag.",
}
PROPOSAL_MOTIVATION = "Skolans uppgifter behöver utredas vidare med familjen."


def person_path(report_id: str, person: int = 1) -> str:
    """The staff API's path for the actions about one person the report concerns (1, 2, …)."""
    return f"/api/staff/reports/{report_id}/persons/{person}"


def assess(
    stack, report_id: str, person: int = 1, immediate: bool = False, username: str = "demo-mottagning"
):
    body = {**NO_PROTECTION_NEEDED, "immediateProtectionNeeded": immediate}
    if immediate:
        body["motivation"] = "Barnet berättar om slag hemma och vågar inte gå hem."
    return staff_post(stack, username, f"{person_path(report_id, person)}/protection-assessment", body)


def propose(stack, report_id: str, outcome: str, person: int = 1, username: str = "demo-mottagning") -> dict:
    return staff_post(
        stack,
        username,
        f"{person_path(report_id, person)}/decision-proposal",
        {"outcome": outcome, "motivation": PROPOSAL_MOTIVATION},
    )


def approve(stack, report_id: str, version: int = 1, person: int = 1) -> dict:
    return staff_post(
        stack,
        "demo-forste-socialsekreterare",
        f"{person_path(report_id, person)}/decision-proposal/approve",
        {"version": version, "confirmed": True},
    )


def report_waiting_for_review(stack, outcome: str = "investigation") -> dict:
    """A new report about one child whose skyddsbedömning is recorded and whose decision demo-mottagning has
    proposed."""
    stored = post_report(stack, concern=NEGLECT_ONLY)
    assess(stack, stored["reportId"])
    propose(stack, stored["reportId"], outcome)
    return stored


def report_in_investigation(stack) -> dict:
    """A report whose investigation is open: proposed by demo-mottagning, approved by the förste
    socialsekreterare, and the lifecycle has moved on to the 4-month limit."""
    stored = report_waiting_for_review(stack)
    approve(stack, stored["reportId"])
    eventually(
        lambda: (
            (stack.find_report(stored["referenceNumber"]).get("lifecycle") or {}).get("phase")
            == "investigation"
        )
    )
    return stored


def swedish(instant: str) -> datetime:
    return datetime.fromisoformat(instant).astimezone(STOCKHOLM)


def personnummer(born: date | None = None) -> str:
    """A valid personnummer (YYYYMMDD-NNNN, Luhn checked) that no other test uses, most likely."""
    born = born or date(2010, 1, 1) + timedelta(days=random.randrange(3000))  # noqa: S311 - test data
    serial = f"{random.randrange(1000):03d}"  # noqa: S311 - test data
    digits = f"{born:%y%m%d}{serial}"
    total = 0
    for index, digit in enumerate(digits):
        product = int(digit) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return f"{born:%Y%m%d}-{serial}{(10 - total % 10) % 10}"


def dashboard_in_zone(browser: Browser, axe_script, timezone_id: str) -> tuple[Page, list[str]]:
    """A page in a browser whose own time zone is `timezone_id` (the dashboard must show Swedish time anyway)."""
    context = browser.new_context(**{**CONTEXT_OPTIONS, "timezone_id": timezone_id})
    page, problems = _watched_page(context)
    serve_axe(page, axe_script)
    return page, problems
