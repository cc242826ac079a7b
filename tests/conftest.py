"""Shared fixtures. The local stack (moto in server mode + the real handlers) starts once per test process."""

import json
import os
import time
from pathlib import Path

import pytest

# Step Functions' timestamp waits compare with the process clock: keep tests on UTC, as the local stack does.
os.environ["TZ"] = "UTC"
time.tzset()
# Log at INFO in tests, whichever module creates the logger first: a bad log call then fails every time.
os.environ["POWERTOOLS_LOG_LEVEL"] = "INFO"

EVENTS_DIR = Path(__file__).resolve().parents[1] / "events"
TEST_MUNICIPALITY = "prov"


def load_event(name: str) -> dict:
    """A sample event from events/, by file name."""
    return json.loads((EVENTS_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def local_stack():
    from local.stack import LocalStack, free_port

    # Provkommun: the demo's settings with escalation steps of seconds (municipalities/prov.toml).
    stack = LocalStack(
        municipality_id=TEST_MUNICIPALITY,
        http_port=free_port(),
        moto_port=free_port(),
        reconcile_every_seconds=3600,
    ).start()
    yield stack
    stack.stop()
