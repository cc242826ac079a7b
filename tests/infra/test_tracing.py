"""No function's traces hold its response or its error: either may carry a report's content, and Powertools'
Tracer adds both to the X-Ray segment unless told not to. The handlers' decorators say so
(tests/unit/test_tracing_privacy.py); the stack sets the same for every function."""

import pytest

pytestmark = pytest.mark.infra

TRACER_SETTINGS = ("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "POWERTOOLS_TRACER_CAPTURE_ERROR")


@pytest.mark.parametrize("municipality", ["demo", "kalix"])
def test_no_function_puts_its_response_or_error_in_a_trace(request, municipality):
    # Given every Lambda function of the stack, CDK's own deploy-time function included
    synthesized = request.getfixturevalue(municipality)
    functions = synthesized.of_type("AWS::Lambda::Function")
    assert functions
    # but CDK's cross-region reference reader (the edge web ACL's ARN, edge_stack.py): a Node.js handler CDK
    # adds while resolving references, after every construct and aspect ran; it has no Powertools and no
    # active tracing, so it sends no trace at all
    untraced_reference_readers = {
        key
        for key, resource in functions.items()
        if key.startswith("CustomCrossRegionExportReader") and "TracingConfig" not in resource["Properties"]
    }
    assert len(untraced_reference_readers) == 1
    functions = {key: r for key, r in functions.items() if key not in untraced_reference_readers}

    # Then each is told to leave both out of its traces
    wrong = {
        key: {
            setting: variables.get(setting)
            for setting in TRACER_SETTINGS
            if variables.get(setting) != "false"
        }
        for key, resource in functions.items()
        for variables in [resource["Properties"].get("Environment", {}).get("Variables", {})]
    }
    assert {key: found for key, found in wrong.items() if found} == {}
