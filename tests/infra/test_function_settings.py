"""Each deployed function's environment satisfies the settings model its handler reads at cold start
(functions/shared/settings.py): a variable the code needs cannot go missing from the infrastructure."""

import pytest

from functions.shared.settings import SETTINGS_BY_HANDLER
from tests.infra.template_helpers import oro_functions

pytestmark = pytest.mark.infra


def _value(value) -> str:
    """A CloudFormation reference (a table's name, the state machine's ARN) resolves to a string at deploy."""
    return value if isinstance(value, str) else "resolved-at-deploy"


def test_every_function_has_a_settings_model_and_its_environment_satisfies_it(demo):
    # Oro's functions, as template_helpers tells them from CDK's own (their handler is in functions/)
    handlers = set()
    for key, function in oro_functions(demo).items():
        handler = function.handler
        handlers.add(handler)
        assert handler in SETTINGS_BY_HANDLER, f"{key}: no settings model for {handler}"
        environment = {name: _value(value) for name, value in function.variables.items()}
        SETTINGS_BY_HANDLER[handler].model_validate(environment)  # raises, naming the missing variable
    assert handlers == set(SETTINGS_BY_HANDLER), "a settings model for a function that is not deployed"
