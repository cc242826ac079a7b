"""Lambda functions: defaults, handlers, environment, log groups and the bundled asset.

Every check runs over the functions the synthesized template holds (template_helpers.oro_functions says
which are Oro's and which are CDK's own), and FUNCTIONS says what each of them is: a function in the
template without an entry, or an entry without a function, fails
test_every_function_in_the_template_has_an_entry_and_every_entry_a_function.
"""

import tomllib
from dataclasses import dataclass

import pytest

from functions.shared import names
from infra.bundling import MUNICIPALITY_FILE_AT_RUN_TIME, MUNICIPALITY_FILE_IN_ASSET, bytecode_python
from tests.infra.template_helpers import cdk_helper_functions, oro_functions

pytestmark = pytest.mark.infra

MUNICIPALITIES = ["demo", "kalix"]

REPORTS, AUDIT = names.ENV_REPORTS_TABLE, names.ENV_AUDIT_TABLE
LIFECYCLE = names.ENV_LIFECYCLE_STATE_MACHINE_ARN
POOL, POOL_CLIENT = names.ENV_USER_POOL_ID, names.ENV_USER_POOL_CLIENT_ID
IDEMPOTENCY = names.ENV_IDEMPOTENCY_TABLE
PERSON_KEY = names.ENV_PERSON_KEY_SECRET
# Where the municipality searches by personnummer, these make lookup keys and are told the key's secret.
MAKE_PERSON_KEYS = frozenset({"intake", "staff-api"})
ARCHIVE = names.ENV_AUDIT_ARCHIVE_BUCKET
ATTACHMENTS, TOKEN_KEY = names.ENV_ATTACHMENTS_BUCKET, names.ENV_ATTACHMENT_TOKEN_SECRET
SESSIONS, REPORTER_KEY = names.ENV_REPORTER_SESSIONS_TABLE, names.ENV_REPORTER_KEY_SECRET
PROVIDERS, SITE_ORIGIN = names.ENV_REPORTER_PROVIDERS, names.ENV_SITE_ORIGIN
HANDOFF_BUCKET, HANDOFF_BUS = names.ENV_HANDOFF_BUCKET, names.ENV_HANDOFF_EVENT_BUS
CASE_SYSTEM_TOKEN, HANDOFF_DISPATCH = names.ENV_CASE_SYSTEM_TOKEN_SECRET, names.ENV_HANDOFF_DISPATCH_FUNCTION
TRACER_SETTINGS = ("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "POWERTOOLS_TRACER_CAPTURE_ERROR")
# Every function: its municipality's file, Powertools' settings, no payloads in traces (test_tracing.py).
COMMON_VARIABLES = frozenset(
    {
        names.ENV_MUNICIPALITY_CONFIG_FILE,
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "LOG_LEVEL",
        *TRACER_SETTINGS,
    }
)


@dataclass(frozen=True)
class Expected:
    handler: str
    service: str  # POWERTOOLS_SERVICE_NAME
    variables: frozenset[str]  # beyond COMMON_VARIABLES
    max_timeout_s: int = 60


# Each of Oro's functions, by its name without the municipality's prefix.
FUNCTIONS = {
    # Intake, the reconciler and the staff API (phone and paper reports) start lifecycles.
    # Intake also offers uploads of attachments, with tokens signed under their key.
    # Where reporters sign in, intake reads a signed-in reporter's session.
    "intake": Expected(
        names.INTAKE_HANDLER, "intake", frozenset({REPORTS, LIFECYCLE, ATTACHMENTS, TOKEN_KEY, SESSIONS})
    ),
    # Reporters sign in and read their own reports: sessions, the lookup keys' secret, the providers, the site.
    "reporter": Expected(
        names.REPORTER_HANDLER,
        "reporter",
        frozenset({REPORTS, AUDIT, SESSIONS, REPORTER_KEY, PROVIDERS, SITE_ORIGIN}),
    ),
    "lifecycle-reconciler": Expected(
        names.RECONCILER_HANDLER, "lifecycle-reconciler", frozenset({REPORTS, LIFECYCLE})
    ),
    # The tasks of a running lifecycle start none.
    "lifecycle-checkpoint": Expected(names.CHECKPOINT_HANDLER, "lifecycle", frozenset({REPORTS})),
    "await-staff": Expected(names.AWAIT_STAFF_HANDLER, "lifecycle", frozenset({REPORTS})),
    # Notify is handed what it sends: no reports table, only the audit timeline it appends to and the table
    # of what it delivered per lifecycle step and channel.
    "notify": Expected(names.NOTIFY_HANDLER, "notify", frozenset({AUDIT, IDEMPOTENCY})),
    "staff-api": Expected(
        names.STAFF_API_HANDLER,
        "staff-api",
        frozenset({REPORTS, AUDIT, LIFECYCLE, POOL, POOL_CLIENT, ATTACHMENTS, HANDOFF_DISPATCH, HANDOFF_BUCKET}),
    ),
    # The hand-off to the case system: the dispatcher writes the bucket and the bus; the integration's API
    # reads and removes documents and checks the integration's token.
    "handoff-dispatch": Expected(
        names.HANDOFF_DISPATCH_HANDLER,
        "case-system",
        frozenset({REPORTS, AUDIT, HANDOFF_BUCKET, HANDOFF_BUS}),
        max_timeout_s=120,
    ),
    # Reminds whoever follows up measures after an investigation, and records each reminder on the report.
    "follow-up": Expected(names.FOLLOW_UP_HANDLER, "follow-up", frozenset({REPORTS, AUDIT}), max_timeout_s=120),
    "case-system-api": Expected(
        names.CASE_SYSTEM_API_HANDLER,
        "case-system",
        frozenset({REPORTS, AUDIT, HANDOFF_BUCKET, CASE_SYSTEM_TOKEN}),
    ),
    # A nightly batch with Lambda's longest timeout: a run stops starting deletions 20 s before it.
    # …and a purged report's files and unacknowledged hand-off documents.
    "gallring": Expected(
        names.GALLRING_HANDLER, "gallring", frozenset({REPORTS, AUDIT, ATTACHMENTS, HANDOFF_BUCKET}), max_timeout_s=900
    ),
    # GuardDuty's scan result for an attached file: the report's record of it and the file.
    "attachment-scan-result": Expected(
        names.ATTACHMENT_SCAN_HANDLER, "attachment-scan", frozenset({REPORTS, ATTACHMENTS})
    ),
    # The audit trail's daily seal and check: the audit table and its locked copy, no reports table.
    "audit-seal": Expected(
        names.AUDIT_SEAL_HANDLER, "audit-seal", frozenset({AUDIT, ARCHIVE}), max_timeout_s=300
    ),
    "audit-check": Expected(
        names.AUDIT_CHECK_HANDLER, "audit-check", frozenset({AUDIT, ARCHIVE}), max_timeout_s=300
    ),
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


def queue_named(synthesized, queue_name: str) -> str:
    (key,) = [
        key
        for key, r in synthesized.of_type("AWS::SQS::Queue").items()
        if r["Properties"]["QueueName"] == queue_name
    ]
    return key


def notification_queue_id(synthesized) -> str:
    """The lifecycle's dead-letter queue of notifications."""
    return queue_named(synthesized, names.notification_dead_letter_queue_name(synthesized.municipality.id))


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


def reporter_sessions_table_id(synthesized) -> str:
    return table_named(synthesized, names.reporter_sessions_table_name(synthesized.municipality.id))


def audit_table_id(synthesized) -> str:
    return table_named(synthesized, names.audit_table_name(synthesized.municipality.id))


def audit_archive_id(synthesized) -> str:
    """The audit trail's locked copy: the one bucket with Object Lock."""
    [key] = [
        key
        for key, r in synthesized.of_type("AWS::S3::Bucket").items()
        if "ObjectLockConfiguration" in r["Properties"]
    ]
    return key


def handoff_bucket_id(synthesized) -> str:
    [key] = [
        key
        for key, r in synthesized.of_type("AWS::S3::Bucket").items()
        if "handoffs" in str(r["Properties"].get("BucketName", ""))
    ]
    return key


def attachments_bucket_id(synthesized) -> str:
    [key] = [
        key
        for key, r in synthesized.of_type("AWS::S3::Bucket").items()
        if "attachments" in str(r["Properties"].get("BucketName", ""))
    ]
    return key


def idempotency_table_id(synthesized) -> str:
    return table_named(synthesized, names.idempotency_table_name(synthesized.municipality.id))


def the_one(synthesized, resource_type: str) -> str:
    (key,) = synthesized.of_type(resource_type)
    return key


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_function_in_the_template_has_an_entry_and_every_entry_a_function(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    assert set(oro_functions(synthesized)) == set(FUNCTIONS)


NO_ENTRY = "no entry in FUNCTIONS"
SHARED_DEFAULTS = {
    "Runtime": "python3.13",
    "Architectures": ["arm64"],
    "TracingConfig": {"Mode": "Active"},
    "LogFormat": "JSON",
    "memory within 256-512 MB": True,
    "timeout within its limit": True,
}


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_function_uses_the_shared_defaults_and_its_own_handler(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    functions = oro_functions(synthesized)

    def settings(key: str, properties: dict) -> dict:
        limit = FUNCTIONS[key].max_timeout_s if key in FUNCTIONS else 0
        return {
            "Handler": properties["Handler"],
            "Runtime": properties["Runtime"],
            "Architectures": properties.get("Architectures"),
            "TracingConfig": properties.get("TracingConfig"),
            "LogFormat": properties.get("LoggingConfig", {}).get("LogFormat"),
            "memory within 256-512 MB": 256 <= properties.get("MemorySize", 128) <= 512,
            "timeout within its limit": 1 <= properties.get("Timeout", 3) <= limit,
        }

    assert {key: settings(key, f.properties) for key, f in functions.items()} == {
        key: {"Handler": FUNCTIONS[key].handler if key in FUNCTIONS else NO_ENTRY, **SHARED_DEFAULTS}
        for key in functions
    }


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_function_has_exactly_its_environment_and_each_variable_its_value(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    functions = oro_functions(synthesized)
    # What a variable holds, whichever function has it: the resources are this stack's own.
    values = {
        names.ENV_MUNICIPALITY_CONFIG_FILE: MUNICIPALITY_FILE_AT_RUN_TIME,
        "POWERTOOLS_METRICS_NAMESPACE": "Oro",
        "LOG_LEVEL": "INFO",
        **dict.fromkeys(TRACER_SETTINGS, "false"),
        REPORTS: {"Ref": table_id(synthesized)},
        AUDIT: {"Ref": audit_table_id(synthesized)},
        IDEMPOTENCY: {"Ref": idempotency_table_id(synthesized)},
        ARCHIVE: {"Ref": audit_archive_id(synthesized)},
        LIFECYCLE: {"Ref": state_machine_id(synthesized)},
        POOL: {"Ref": the_one(synthesized, "AWS::Cognito::UserPool")},
        POOL_CLIENT: {"Ref": the_one(synthesized, "AWS::Cognito::UserPoolClient")},
        PERSON_KEY: names.person_key_secret_name(synthesized.municipality.id),
        ATTACHMENTS: {"Ref": attachments_bucket_id(synthesized)},
        TOKEN_KEY: names.attachment_token_secret_name(synthesized.municipality.id),
        SESSIONS: {"Ref": reporter_sessions_table_id(synthesized)},
        REPORTER_KEY: names.reporter_key_secret_name(synthesized.municipality.id),
        # what the providers' value holds: tests/infra/test_reporter.py
        PROVIDERS: functions["reporter"].variables[PROVIDERS],
        SITE_ORIGIN: f"https://{synthesized.municipality.dashboard_url.host}",
        HANDOFF_BUCKET: {"Ref": handoff_bucket_id(synthesized)},
        HANDOFF_BUS: {"Ref": the_one(synthesized, "AWS::Events::EventBus")},
        CASE_SYSTEM_TOKEN: functions["case-system-api"].variables[CASE_SYSTEM_TOKEN],
        HANDOFF_DISPATCH: {
            "Ref": function_named(
                synthesized, names.handoff_dispatch_function_name(synthesized.municipality.id)
            )[0]
        },
    }
    searches = synthesized.municipality.personnummer_search

    def expected_variables(key: str) -> dict:
        expected = FUNCTIONS.get(key)
        if expected is None:
            return {NO_ENTRY: ""}
        wanted = (
            COMMON_VARIABLES
            | expected.variables
            | ({PERSON_KEY} if searches and key in MAKE_PERSON_KEYS else set())
        )
        return {
            "POWERTOOLS_SERVICE_NAME": expected.service,
            **{variable: values[variable] for variable in wanted if variable != "POWERTOOLS_SERVICE_NAME"},
        }

    assert {key: f.variables for key, f in functions.items()} == {
        key: expected_variables(key) for key in functions
    }


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_function_logs_to_its_own_log_group_kept_for_90_days(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    functions = oro_functions(synthesized)

    def log_group(properties: dict) -> dict:
        reference = properties.get("LoggingConfig", {}).get("LogGroup")
        if not isinstance(reference, dict) or "Ref" not in reference:
            return {"LogGroup": reference}
        group = synthesized.resources[reference["Ref"]]
        return {
            "Type": group["Type"],
            "LogGroupName": group["Properties"]["LogGroupName"],
            "RetentionInDays": group["Properties"]["RetentionInDays"],
            "DeletionPolicy": group["DeletionPolicy"],
        }

    assert {key: log_group(f.properties) for key, f in functions.items()} == {
        key: {
            "Type": "AWS::Logs::LogGroup",
            "LogGroupName": f"/aws/lambda/{f.name}",
            "RetentionInDays": 90,
            "DeletionPolicy": "Retain",
        }
        for key, f in functions.items()
    }


def the_one_asset(synthesized):
    (key,) = {f.properties["Code"]["S3Key"] for f in oro_functions(synthesized).values()}
    return synthesized.outdir / f"asset.{key.removesuffix('.zip')}"


def test_every_handler_resolves_from_the_asset_root(demo):
    asset = the_one_asset(demo)
    missing = [
        f.handler
        for f in oro_functions(demo).values()
        if not (asset / (f.handler.rsplit(".", 1)[0].replace(".", "/") + ".py")).is_file()
    ]
    assert missing == []


def test_the_asset_carries_the_message_catalogues_where_the_functions_read_them(demo):
    # The API answers in the reporter's language from locales/ beside functions/ (functions/domain/languages.py).
    asset = the_one_asset(demo)
    for path in sorted(
        names.LOCALES_DIR.rglob("*.json")
    ):  # the form's texts and the API's own (locales/api/)
        relative = path.relative_to(names.LOCALES_DIR)
        assert (asset / "locales" / relative).read_bytes() == path.read_bytes()
    assert names.LOCALES_DIR.relative_to(names.REPOSITORY_ROOT).as_posix() == "locales"


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_no_cdk_helper_function_runs_oros_asset(request, municipality):
    # Given the functions the rule leaves to CDK (BucketDeployment's handler, any other CDK adds)
    synthesized = request.getfixturevalue(municipality)
    oro_assets = {f.properties["Code"]["S3Key"] for f in oro_functions(synthesized).values()}
    helpers = cdk_helper_functions(synthesized)

    # Then none of them runs from Oro's asset: whatever runs Oro's code is checked as Oro's
    assert {
        key: helper["Properties"]["Code"].get("S3Key")
        for key, helper in helpers.items()
        if helper["Properties"]["Code"].get("S3Key") in oro_assets
    } == {}


def test_the_one_asset_holds_the_code_the_municipality_file_and_arm64_dependencies(demo):
    # Given the asset every function runs from
    asset = the_one_asset(demo)

    # Then it holds functions/, the municipality file is the demo's, and wheels are for arm64
    assert (asset / "functions" / "shared" / "names.py").is_file()
    bundled = tomllib.loads((asset / MUNICIPALITY_FILE_IN_ASSET).read_text(encoding="utf-8"))
    assert bundled["id"] == "demo"
    assert (asset / "aws_lambda_powertools").is_dir()
    assert list((asset / "pydantic_core").glob("*cpython-313-aarch64-linux-gnu.so"))


def test_the_asset_carries_bytecode_for_the_lambda_python_only(demo):
    # Given the asset, synthesized on a machine with or without a Python 3.13
    asset = the_one_asset(demo)
    tags = {path.name.split(".")[-2] for path in asset.glob("**/__pycache__/*.pyc")}

    # Then its bytecode is 3.13's alone (never this machine's own Python's), for Oro and its dependencies
    assert tags == ({"cpython-313"} if bytecode_python() else set())
    if tags:
        assert (asset / "functions" / "intake" / "__pycache__" / "handler.cpython-313.pyc").is_file()
        assert (asset / "pydantic" / "__pycache__" / "main.cpython-313.pyc").is_file()
