"""The lifecycle ASL file and the values of its ${...} placeholders, from the municipality's configuration.

The CDK app passes `substitutions(...)` to `DefinitionBody.from_file`; the local stack renders the same
file with `render(...)`, which replaces placeholders exactly as CloudFormation's Fn::Sub would.
"""

import re

from functions.domain.municipality import Municipality
from functions.shared import names

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+)\}")


def substitutions(
    municipality: Municipality, route_report_function_arn: str, reports_table_name: str
) -> dict[str, str]:
    return {
        names.ASL_ROUTE_REPORT_FUNCTION_ARN: route_report_function_arn,
        names.ASL_REPORTS_TABLE: reports_table_name,
        names.ASL_MUNICIPALITY_NAME: municipality.name,
        names.ASL_SENDER_EMAIL: str(municipality.sender_email),
        names.ASL_INTAKE_TEAM_EMAIL: str(municipality.intake_team.email),
        names.ASL_SOCIALJOUR_EMAIL: str(municipality.socialjour.email),
        names.ASL_SOCIALJOUR_SMS_NUMBER: municipality.socialjour.duty_sms_number,
        names.ASL_DASHBOARD_URL: str(municipality.dashboard_url),
    }


def render(definition: str, values: dict[str, str]) -> str:
    missing = set(_PLACEHOLDER.findall(definition)) - set(values)
    if missing:
        raise KeyError(f"no value for lifecycle placeholders: {sorted(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], definition)


def rendered_definition(values: dict[str, str]) -> str:
    return render(names.LIFECYCLE_DEFINITION_FILE.read_text(encoding="utf-8"), values)
