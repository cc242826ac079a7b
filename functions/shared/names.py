"""Resource names, environment keys and file locations shared by the functions, the CDK app and the local stack.

One place, so that the local stack creates exactly what the CDK app deploys and a wrong
env-var key fails a test instead of a deploy.
"""

from pathlib import Path

PROJECT = "oro"
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
LIFECYCLE_DEFINITION_FILE = Path(__file__).resolve().parents[1] / "lifecycle" / "lifecycle.asl.json"
MUNICIPALITIES_DIR = REPOSITORY_ROOT / "municipalities"
DEFAULT_MUNICIPALITY = "demo"

# Environment variable keys read by the functions (see functions/shared/settings.py).
ENV_MUNICIPALITY_CONFIG_FILE = "MUNICIPALITY_CONFIG_FILE"
ENV_REPORTS_TABLE = "REPORTS_TABLE_NAME"
ENV_LIFECYCLE_STATE_MACHINE_ARN = "LIFECYCLE_STATE_MACHINE_ARN"

# Sparse index of reports whose lifecycle has not been confirmed started (see stores/reports.py).
LIFECYCLE_PENDING_INDEX = "lifecycle-pending"

# Placeholders in the lifecycle ASL file, filled by the CDK app and the local stack alike.
ASL_ROUTE_REPORT_FUNCTION_ARN = "RouteReportFunctionArn"
ASL_REPORTS_TABLE = "ReportsTableName"
ASL_MUNICIPALITY_NAME = "MunicipalityName"
ASL_SENDER_EMAIL = "SenderEmail"
ASL_INTAKE_TEAM_EMAIL = "IntakeTeamEmail"
ASL_SOCIALJOUR_EMAIL = "SocialjourEmail"
ASL_SOCIALJOUR_SMS_NUMBER = "SocialjourSmsNumber"
ASL_DASHBOARD_URL = "DashboardUrl"


def stack_name(municipality_id: str) -> str:
    return f"Oro-{municipality_id}"


def resource_prefix(municipality_id: str) -> str:
    return f"{PROJECT}-{municipality_id}"


def reports_table_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-reports"


def lifecycle_state_machine_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-lifecycle"


def intake_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-intake"


def route_report_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-route-report"


def reconciler_function_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-lifecycle-reconciler"


def reconciler_schedule_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-lifecycle-reconciler"


def operator_alarm_topic_name(municipality_id: str) -> str:
    return f"{resource_prefix(municipality_id)}-operator-alarms"


FORM_DIR = REPOSITORY_ROOT / "web" / "form"
# The form's per-municipality settings, written beside the static files (see domain/public_settings.py).
FORM_CONFIG_FILE = "config.json"


def form_bucket_name(municipality_id: str, account: str) -> str:
    return f"{resource_prefix(municipality_id)}-form-{account}"


def municipality_config_file(municipality_id: str) -> Path:
    return MUNICIPALITIES_DIR / f"{municipality_id}.toml"


# Handler entry points, relative to the asset root (the repository root locally).
INTAKE_HANDLER = "functions.intake.handler.handler"
ROUTE_REPORT_HANDLER = "functions.lifecycle.route_report.handler"
RECONCILER_HANDLER = "functions.lifecycle.reconciler.handler"
