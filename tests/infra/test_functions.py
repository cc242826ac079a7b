"""Lambda functions: defaults, handlers, environment and the bundled asset."""

import tomllib

import pytest

from functions.shared import names
from infra.bundling import MUNICIPALITY_FILE_AT_RUN_TIME, MUNICIPALITY_FILE_IN_ASSET

pytestmark = pytest.mark.infra

FUNCTIONS = {
    "intake": (names.intake_function_name, names.INTAKE_HANDLER),
    "reconciler": (names.reconciler_function_name, names.RECONCILER_HANDLER),
    "checkpoint": (names.checkpoint_function_name, names.CHECKPOINT_HANDLER),
    "notify": (names.notify_function_name, names.NOTIFY_HANDLER),
    "await-staff": (names.await_staff_function_name, names.AWAIT_STAFF_HANDLER),
    "staff-api": (names.staff_api_function_name, names.STAFF_API_HANDLER),
}
# Every function but notify reads or writes reports; notify is handed what it sends.
WITH_TABLE = ["intake", "reconciler", "checkpoint", "await-staff", "staff-api"]
SERVICE_NAMES = {
    "intake": "intake",
    "reconciler": "lifecycle-reconciler",
    "checkpoint": "lifecycle",
    "notify": "notify",
    "await-staff": "lifecycle",
    "staff-api": "staff-api",
}


def function_named(synthesized, function_name: str) -> tuple[str, dict]:
    matches = [
        (key, r)
        for key, r in synthesized.of_type("AWS::Lambda::Function").items()
        if r["Properties"].get("FunctionName") == function_name
    ]
    assert len(matches) == 1, f"no single function named {function_name}"
    return matches[0]


def state_machine_id(synthesized) -> str:
    (key,) = synthesized.of_type("AWS::StepFunctions::StateMachine")
    return key


def table_named(synthesized, table_name: str) -> str:
    (key,) = [
        key
        for key, r in synthesized.of_type("AWS::DynamoDB::Table").items()
        if r["Properties"]["TableName"] == table_name
    ]
    return key


def table_id(synthesized) -> str:
    """The reports table."""
    return table_named(synthesized, names.reports_table_name(synthesized.municipality.id))


def audit_table_id(synthesized) -> str:
    return table_named(synthesized, names.audit_table_name(synthesized.municipality.id))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_function_uses_the_shared_defaults(demo, function):
    name_of, handler = FUNCTIONS[function]
    _, resource = function_named(demo, name_of("demo"))
    properties = resource["Properties"]

    assert properties["Handler"] == handler
    assert properties["Runtime"] == "python3.13"
    assert properties["Architectures"] == ["arm64"]
    assert properties["TracingConfig"] == {"Mode": "Active"}
    assert properties["LoggingConfig"]["LogFormat"] == "JSON"
    assert "LogGroup" in properties["LoggingConfig"]
    assert 256 <= properties["MemorySize"] <= 512
    assert 1 <= properties["Timeout"] <= 60


def variables_of(synthesized, function: str) -> dict:
    name_of, _ = FUNCTIONS[function]
    _, resource = function_named(synthesized, name_of(synthesized.municipality.id))
    return resource["Properties"]["Environment"]["Variables"]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_function_knows_its_municipality_file_and_powertools_settings(demo, function):
    variables = variables_of(demo, function)

    assert variables[names.ENV_MUNICIPALITY_CONFIG_FILE] == MUNICIPALITY_FILE_AT_RUN_TIME
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "Oro"
    assert variables["POWERTOOLS_SERVICE_NAME"] == SERVICE_NAMES[function]
    assert variables["LOG_LEVEL"] == "INFO"


@pytest.mark.parametrize("function", WITH_TABLE)
def test_functions_that_use_reports_know_the_table(demo, function):
    assert variables_of(demo, function)[names.ENV_REPORTS_TABLE] == {"Ref": table_id(demo)}


def test_notify_knows_only_the_municipality_file_the_audit_table_and_powertools_settings(demo):
    assert set(variables_of(demo, "notify")) == {
        names.ENV_MUNICIPALITY_CONFIG_FILE,
        names.ENV_AUDIT_TABLE,
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "POWERTOOLS_TRACER_CAPTURE_RESPONSE",
        "POWERTOOLS_TRACER_CAPTURE_ERROR",
        "LOG_LEVEL",
    }


@pytest.mark.parametrize("function", ["intake", "reconciler", "staff-api"])
def test_functions_that_start_lifecycles_know_the_state_machine(demo, function):
    name_of, _ = FUNCTIONS[function]
    _, resource = function_named(demo, name_of("demo"))
    variables = resource["Properties"]["Environment"]["Variables"]

    assert variables[names.ENV_LIFECYCLE_STATE_MACHINE_ARN] == {"Ref": state_machine_id(demo)}


@pytest.mark.parametrize("function", ["checkpoint", "notify", "await-staff"])
def test_functions_of_a_running_lifecycle_do_not_start_lifecycles(demo, function):
    assert names.ENV_LIFECYCLE_STATE_MACHINE_ARN not in variables_of(demo, function)


def test_function_logs_are_retained_for_a_limited_time(demo):
    for name_of, _ in FUNCTIONS.values():
        demo.template.has_resource_properties(
            "AWS::Logs::LogGroup", {"LogGroupName": f"/aws/lambda/{name_of('demo')}", "RetentionInDays": 90}
        )


def the_one_asset(synthesized):
    keys = {
        r["Properties"]["Code"]["S3Key"]
        for name_of, _ in FUNCTIONS.values()
        for r in [function_named(synthesized, name_of(synthesized.municipality.id))[1]]
    }
    (key,) = keys
    return synthesized.outdir / f"asset.{key.removesuffix('.zip')}"


# functions/staff/api.py is being written alongside this stack; its handler is checked once it exists.
STAFF_API_MODULE = names.REPOSITORY_ROOT / "functions" / "staff" / "api.py"


@pytest.mark.parametrize(
    "function",
    [
        pytest.param(
            f,
            marks=pytest.mark.skipif(
                f == "staff-api" and not STAFF_API_MODULE.is_file(),
                reason="functions/staff/api.py not yet written",
            ),
        )
        for f in FUNCTIONS
    ],
)
def test_every_handler_resolves_from_the_asset_root(demo, function):
    _, handler = FUNCTIONS[function]
    module_file = handler.rsplit(".", 1)[0].replace(".", "/") + ".py"
    assert (the_one_asset(demo) / module_file).is_file(), handler


def test_the_one_asset_holds_the_code_the_municipality_file_and_arm64_dependencies(demo):
    # Given the asset every function runs from
    asset = the_one_asset(demo)

    # Then it holds functions/, the municipality file is the demo's, and wheels are for arm64
    assert (asset / "functions" / "shared" / "names.py").is_file()
    bundled = tomllib.loads((asset / MUNICIPALITY_FILE_IN_ASSET).read_text(encoding="utf-8"))
    assert bundled["id"] == "demo"
    assert (asset / "aws_lambda_powertools").is_dir()
    assert list((asset / "pydantic_core").glob("*cpython-313-aarch64-linux-gnu.so"))
    assert not list(asset.glob("functions/**/__pycache__"))
