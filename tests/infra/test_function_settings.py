"""Each deployed function's environment satisfies the settings model its handler reads at cold start
(functions/shared/settings.py): a variable the code needs cannot go missing from the infrastructure."""

import pytest

from functions.shared.settings import SETTINGS_BY_HANDLER

pytestmark = pytest.mark.infra


def _value(value) -> str:
    """A CloudFormation reference (a table's name, the state machine's ARN) resolves to a string at deploy."""
    return value if isinstance(value, str) else "resolved-at-deploy"


def oro_functions(synthesized) -> dict[str, dict]:
    """Oro's own functions in the template: those whose handler is in functions/ (CDK's helper functions, for
    bucket deployments and custom resources, run CDK's code)."""
    return {
        key: resource["Properties"]
        for key, resource in synthesized.of_type("AWS::Lambda::Function").items()
        if str(resource["Properties"].get("Handler", "")).startswith("functions.")
    }


def test_every_function_has_a_settings_model_and_its_environment_satisfies_it(demo):
    functions = oro_functions(demo)
    assert functions, "no Oro function in the template"
    handlers = set()
    for key, properties in functions.items():
        handler = properties["Handler"]
        handlers.add(handler)
        assert handler in SETTINGS_BY_HANDLER, f"{key}: no settings model for {handler}"
        environment = {
            name: _value(value)
            for name, value in (properties.get("Environment") or {}).get("Variables", {}).items()
        }
        SETTINGS_BY_HANDLER[handler].model_validate(environment)  # raises, naming the missing variable
    assert handlers == set(SETTINGS_BY_HANDLER), "a settings model for a function that is not deployed"
