"""cdk-nag's AWS Solutions checks: synth raises on any finding that is not acknowledged with a reason."""

import pytest

pytestmark = pytest.mark.infra


def test_demo_stack_has_no_unacknowledged_finding(demo):
    assert demo.nag_error is None, demo.nag_error


def test_kalix_stack_has_no_unacknowledged_finding(kalix):
    assert kalix.nag_error is None, kalix.nag_error
