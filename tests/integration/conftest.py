import pytest


@pytest.fixture(autouse=True)
def _stop_lifecycles(local_stack):
    """Lifecycles wait for months and Provkommun escalates every few seconds: each test ends its own."""
    yield
    local_stack.stop_executions()


@pytest.fixture(scope="module")
def tokens(local_stack) -> dict[str, str]:
    """An ID token per role, from the demo user of each."""
    return {role: local_stack.sign_in(username) for role, username in local_stack.demo_users.items()}
