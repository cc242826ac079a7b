"""Fixtures for the browser tests: one Debian chromium per session, a fresh context per test.

The form is served by the real local stack (`local_stack` in tests/conftest.py): moto in server mode,
the same handlers and the same state machine as in AWS.
"""

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPOSITORY_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _stop_lifecycles(local_stack):
    yield
    local_stack.stop_executions()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        subprocess.run(  # noqa: S603 - fixed command; package.json pins the same version
            ["npm", "install", "--no-save", "axe-core@4.14.1"],  # noqa: S607
            cwd=REPOSITORY_ROOT,
            check=True,
            capture_output=True,
            timeout=120,
        )
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


CONTEXT_OPTIONS = {
    "locale": "sv-SE",
    "timezone_id": "Europe/Stockholm",
    "viewport": {"width": 1024, "height": 800},
}


@pytest.fixture
def context(browser):
    context = browser.new_context(**CONTEXT_OPTIONS)
    yield context
    context.close()


def _watched_page(context):
    """A page that fails the test on script errors, CSP violations (the site runs under default-src
    'self') and missing files."""
    page = context.new_page()
    page.set_default_timeout(5_000)
    # Loading a page on a busy two-core machine (a whole test run) can take longer than an action may.
    page.set_default_navigation_timeout(20_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    # A stylesheet, script, image or icon the page asks for is always there (a favicon included).
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400
            and response.request.resource_type in ("stylesheet", "script", "image", "font", "other")
            and "/api/" not in response.url
            else None
        ),
    )
    return page, problems


@pytest.fixture
def page(context):
    page, problems = _watched_page(context)
    yield page
    page.close()
    assert not problems, problems


@pytest.fixture
def dashboard(context, axe_script):
    """A dashboard page in the default context, with axe-core served for the accessibility checks."""
    from tests.browser.dashboard_helpers import serve_axe  # the helpers import this module

    page, problems = _watched_page(context)
    serve_axe(page, axe_script)
    yield page
    page.close()
    assert not problems, problems


@pytest.fixture
def second_dashboard(browser, axe_script):
    """Another person at another computer: a dashboard page in a fresh browser context."""
    from tests.browser.dashboard_helpers import serve_axe  # the helpers import this module

    context = browser.new_context(**CONTEXT_OPTIONS)
    page, problems = _watched_page(context)
    serve_axe(page, axe_script)
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def axe_page(browser):
    """For axe-core only: its script is injected inline, which the site's CSP rightly refuses."""
    context = browser.new_context(bypass_csp=True, **CONTEXT_OPTIONS)
    page, problems = _watched_page(context)
    yield page
    context.close()
    assert not problems, problems
