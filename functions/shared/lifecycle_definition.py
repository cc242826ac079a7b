"""The lifecycle ASL file and the values of its ${...} placeholders.

The CDK app passes `substitutions(...)` to `DefinitionBody.from_file`; the local stack renders the same
file with `render(...)`, which replaces placeholders exactly as CloudFormation's Fn::Sub would. The
definition holds no municipality settings: the lifecycle's functions read those from the municipality file.
"""

import re

from functions.shared import names

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+)\}")


def substitutions(
    *,
    checkpoint_function_arn: str,
    notify_function_arn: str,
    await_staff_function_arn: str,
    dead_letter_queue_url: str,
) -> dict[str, str]:
    return {
        names.ASL_CHECKPOINT_FUNCTION_ARN: checkpoint_function_arn,
        names.ASL_NOTIFY_FUNCTION_ARN: notify_function_arn,
        names.ASL_AWAIT_STAFF_FUNCTION_ARN: await_staff_function_arn,
        names.ASL_DEAD_LETTER_QUEUE_URL: dead_letter_queue_url,
    }


def render(definition: str, values: dict[str, str]) -> str:
    missing = set(_PLACEHOLDER.findall(definition)) - set(values)
    if missing:
        raise KeyError(f"no value for lifecycle placeholders: {sorted(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], definition)


def rendered_definition(values: dict[str, str]) -> str:
    return render(names.LIFECYCLE_DEFINITION_FILE.read_text(encoding="utf-8"), values)
