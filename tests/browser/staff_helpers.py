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


def report_waiting_for_review(stack, outcome: str = "investigation") -> dict:
    """A new report whose skyddsbedömning is recorded and whose decision demo-mottagning has proposed."""
    stored = post_report(stack, concern=NEGLECT_ONLY)
    base = f"/api/staff/reports/{stored['reportId']}"
    staff_post(
        stack, "demo-mottagning", f"{base}/protection-assessment", {"immediateProtectionNeeded": False}
    )
    staff_post(stack, "demo-mottagning", f"{base}/decision-proposal", {"outcome": outcome})
    return stored


def report_in_investigation(stack) -> dict:
    """A report whose investigation is open: proposed by demo-mottagning, approved by the förste
    socialsekreterare, and the lifecycle has moved on to the 4-month limit."""
    stored = report_waiting_for_review(stack)
    base = f"/api/staff/reports/{stored['reportId']}"
    staff_post(stack, "demo-forste-socialsekreterare", f"{base}/decision-proposal/approve", {"version": 1})
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
