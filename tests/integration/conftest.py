import pytest


@pytest.fixture(autouse=True)
def _stop_lifecycles(local_stack):
    """Lifecycles wait for months and Provkommun escalates every few seconds: each test ends its own."""
    yield
    local_stack.stop_executions()
