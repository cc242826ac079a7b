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


# For `pytest -n N --dist loadgroup` (the Makefile's). The CDK tests synthesize each municipality's stack
# once per test process (tens of seconds each): they go to one worker as one unit. xdist 3.8 groups by
# appending to node ids, which pytest 9.2 no longer lets it do, so xdist_group marks are ignored without
# a word (pytest-xdist#1386): the unit is made here from the path instead.
CDK_TESTS = "tests/infra/"
# Modules whose tests run on another municipality's stack, started in a process of their own by a module
# fixture (tens of seconds, and it keeps a core busy while it runs): each module is one unit, so that its stack
# starts once and stops when the module is done, rather than once on each worker.
OWN_STACK_MODULES = (
    "tests/integration/test_sign_in_required.py",
    "tests/browser/test_reporter_sign_in_required.py",
    "tests/integration/test_internal_only_intake.py",
)


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class CdkTestsTogether(LoadGroupScheduling):
        """Every other test is a unit of its own: a worker holds at most two units, so no queue of
        tests waits behind one that takes minutes while another worker has nothing to do. Each worker
        runs its tests in the collection order, as one process would: the browser tests first, on a
        local stack that the scale tests have not yet filled with reports about the sample child."""

        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(CDK_TESTS):
                return CDK_TESTS
            module = nodeid.split("::", 1)[0]
            return module if module in OWN_STACK_MODULES else super()._split_scope(nodeid)

    return CdkTestsTogether(config, log)


@pytest.fixture(scope="session")
def local_stack():
    from local.stack import quiet_stack

    # Provkommun: the demo's settings with escalation steps of seconds (municipalities/prov.toml).
    # Its timers wait for the tests: they seal and check the audit trail, and scan uploads, when they choose.
    with quiet_stack(TEST_MUNICIPALITY) as stack:
        yield stack
