"""Prints performance figures and writes them to bench-results.json at the repository root.

Run from the repository root:  .venv/bin/python -m benchmarks.run  [section ...]

Each section is a function in BENCHMARKS that returns a flat dict {figure name: number}; the dicts are
merged into one results dict. A later issue adds its own section by writing such a function and appending
it to BENCHMARKS. Figures print as `name: value` lines; other printed lines are explanations.

Everything AWS runs in-process on moto (decorator mode), so latencies are moto's, not DynamoDB's: compare
them with each other (the ratios), not with production.
"""

import contextlib
import gc
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
RESULTS_FILE = REPOSITORY_ROOT / "bench-results.json"
SAMPLE_BODY_FILE = REPOSITORY_ROOT / "events" / "report-private-anonymous.json"
REGION = "eu-north-1"
MUNICIPALITY_ID = "demo"
DEFAULT_ACCOUNT = "123456789012"  # moto's

COUNTED_SUBMISSIONS = 50
WARMUP_CALLS = 20
MEASURED_CALLS = 300
COLD_IMPORT_RUNS = 7
COLD_IMPORT_TARGET_RATIO = 1.25

INTAKE_IMPORT = "import functions.intake.handler"
BASELINE_IMPORT = "import boto3, aws_lambda_powertools.event_handler, pydantic"
PLAIN_BASELINE_IMPORT = "import boto3, aws_lambda_powertools, pydantic"
# `import pydantic` is lazy: its model machinery (pydantic.fields, annotated_types, the plugin loader's
# importlib.metadata) loads with the first model. This baseline pays that too, for one one-field model.
ONE_MODEL_BASELINE_IMPORT = f"{BASELINE_IMPORT}; pydantic.create_model('Probe', x=(str, ...))"

Figures = dict[str, float]


def function_environment() -> dict[str, str]:
    """What the intake Lambda's environment holds (see local/stack.py), plus fake credentials and quiet Powertools."""
    from functions.shared import names

    state_machine_arn = f"arn:aws:states:{REGION}:{DEFAULT_ACCOUNT}:stateMachine:{names.lifecycle_state_machine_name(MUNICIPALITY_ID)}"
    return {
        names.ENV_MUNICIPALITY_CONFIG_FILE: str(names.municipality_config_file(MUNICIPALITY_ID)),
        names.ENV_REPORTS_TABLE: names.reports_table_name(MUNICIPALITY_ID),
        names.ENV_LIFECYCLE_STATE_MACHINE_ARN: state_machine_arn,
        names.ENV_PERSON_KEY_SECRET: names.person_key_secret_name(MUNICIPALITY_ID),  # demo searches
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # noqa: S105 - moto's fake credentials
        "AWS_SESSION_TOKEN": "testing",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "POWERTOOLS_SERVICE_NAME": "oro-bench",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "ERROR",
    }


def configure_process() -> None:
    """Before anything from functions/ is imported: Powertools reads its settings at import time."""
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        os.environ.pop(variable, None)
    os.environ.update(function_environment())
    # Powertools warns once when log_metrics finds nothing to flush (its set was just printed, see invoke).
    warnings.filterwarnings("ignore", message="No application metrics to publish")


def new_body() -> bytes:
    body = json.loads(SAMPLE_BODY_FILE.read_text(encoding="utf-8"))
    body["submissionId"] = str(uuid.uuid4())
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def rounded(value: float) -> float:
    return round(value, 3)


# --- In-process intake on moto ------------------------------------------------------------------------


class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


_DISCARD = _Discard()


@dataclass
class IntakeBench:
    """The intake handler wired to a fresh moto account, with every boto3 API call counted."""

    table_name: str
    calls: Counter = field(default_factory=Counter)

    def invoke(self, body: bytes) -> dict:
        from functions.intake.handler import handler
        from functions.shared import names
        from local.http_adapter import api_gateway_event, lambda_context

        event = api_gateway_event(
            "POST", "/api/reports", "", {"Content-Type": "application/json"}, body, "192.0.2.10"
        )
        # Powertools with POWERTOOLS_METRICS_DISABLED still prints its metric set to stdout every 100 values.
        with contextlib.redirect_stdout(_DISCARD):
            return handler(event, lambda_context(names.intake_function_name(MUNICIPALITY_ID)))

    @property
    def dynamodb(self):
        from functions.shared.aws import client

        return client("dynamodb")  # the very client the handler's store uses

    def _count(self, event_name: str, **_) -> None:
        # event_name: before-call.<service>.<Operation>; emitted once per API call, before any retry.
        self.calls[event_name.removeprefix("before-call.")] += 1


def _clear_function_caches() -> None:
    from aws_lambda_powertools.utilities.parameters.base import DEFAULT_PROVIDERS

    from functions.shared import aws, collaborators, settings

    DEFAULT_PROVIDERS.clear()  # Powertools' secrets provider holds a client of the previous moto account
    aws.client.cache_clear()
    settings.settings_of.cache_clear()
    collaborators.reports_store.cache_clear()
    collaborators.person_keys.cache_clear()
    collaborators.lifecycle_starter.cache_clear()


@contextlib.contextmanager
def intake_on_moto() -> Iterator[IntakeBench]:
    """A fresh moto account with the local stack's resources; the handler's clients are built inside it."""
    import boto3
    from moto import mock_aws

    import functions.intake.handler  # noqa: F401 - imported (and its import cost paid) outside the timings
    from functions.domain.municipality import load_municipality
    from functions.shared import names
    from local.resources import create_resources

    with mock_aws():
        municipality = load_municipality(names.municipality_config_file(MUNICIPALITY_ID))
        lambda_keys = (
            names.ENV_MUNICIPALITY_CONFIG_FILE,
            names.ENV_REPORTS_TABLE,
            names.ENV_LIFECYCLE_STATE_MACHINE_ARN,
            names.ENV_PERSON_KEY_SECRET,
        )
        environment = {key: os.environ[key] for key in lambda_keys}
        setup = boto3.Session(region_name=REGION)
        resources = create_resources(setup, municipality, environment)
        assert resources.state_machine_arn == os.environ[names.ENV_LIFECYCLE_STATE_MACHINE_ARN]

        # The handler's clients come from boto3's default session (functions/shared/aws.py): a fresh one,
        # with the counter registered before any client is built, so every client inherits it.
        boto3.setup_default_session(region_name=REGION)
        _clear_function_caches()
        bench = IntakeBench(table_name=resources.reports_table_name)
        boto3.DEFAULT_SESSION.events.register("before-call", bench._count)
        try:
            yield bench
        finally:
            _clear_function_caches()
            boto3.DEFAULT_SESSION = None


def bench_intake_aws_calls() -> Figures:
    """AWS API calls the intake handler makes in its request path, per new submission and per retry."""
    with intake_on_moto() as bench:
        bench.invoke(new_body())  # first call builds the clients; not counted
        bench.calls.clear()
        for _ in range(COUNTED_SUBMISSIONS):
            response = bench.invoke(new_body())
            assert response["statusCode"] == 201, response
        per_submission = sum(bench.calls.values()) / COUNTED_SUBMISSIONS
        print(
            f"  new submissions ({COUNTED_SUBMISSIONS}): "
            + ", ".join(
                f"{name} x{count / COUNTED_SUBMISSIONS:g}" for name, count in sorted(bench.calls.items())
            )
        )

        body = new_body()
        assert bench.invoke(body)["statusCode"] == 201
        bench.calls.clear()
        response = bench.invoke(body)
        assert response["statusCode"] == 200, response  # the original receipt, replayed
        per_retry = sum(bench.calls.values())
        print(
            "  repeated submission: "
            + ", ".join(f"{name} x{count}" for name, count in sorted(bench.calls.items()))
        )
    return {
        "intake.aws_calls_per_submission": rounded(per_submission),
        "intake.aws_calls_per_retry": rounded(per_retry),
    }


def _delete_report_items(bench: IntakeBench, response: dict, submission_id: str) -> None:
    """Keeps the table at a constant size (every item of the report, as gallring would delete them)."""
    reference_number = json.loads(response["body"])["referenceNumber"]
    reference_key = {"pk": {"S": f"REFERENCE#{reference_number}"}, "sk": {"S": "REFERENCE"}}
    item = bench.dynamodb.get_item(TableName=bench.table_name, Key=reference_key, ConsistentRead=True)["Item"]
    report_key = {"pk": {"S": f"REPORT#{item['reportId']['S']}"}, "sk": {"S": "REPORT"}}
    report = bench.dynamodb.get_item(TableName=bench.table_name, Key=report_key, ConsistentRead=True)["Item"]
    person_keys = [key["S"] for key in report.get("personKeys", {}).get("L", [])]
    keys = [
        reference_key,
        {"pk": {"S": f"SUBMISSION#{submission_id}"}, "sk": {"S": "SUBMISSION"}},
        report_key,
        *({"pk": {"S": f"PERSON#{key}"}, "sk": report_key["pk"]} for key in person_keys),
    ]
    bench.dynamodb.batch_write_item(
        RequestItems={bench.table_name: [{"DeleteRequest": {"Key": key}} for key in keys]}
    )
    _prune_moto_leftovers(bench.table_name)


def _prune_moto_leftovers(table_name: str) -> None:
    """moto keeps what a real table would not, and every later TransactWriteItems deep-copies or scans it:
    an empty per-partition dict for each deleted item's partition key, and (for its dashboard) every model
    instance ever created, each table copy included. Dropped here, outside the timings, so the handler's
    latency does not drift upwards with the number of calls made before it."""
    from moto.core.model_instances import model_data
    from moto.dynamodb.models import dynamodb_backends

    table = dynamodb_backends[DEFAULT_ACCOUNT][REGION].get_table(table_name)
    for partition in [key for key, items in table.items.items() if not items]:
        del table.items[partition]
    for model in model_data["dynamodb"].values():
        cast(Any, model).instances_tracked.clear()


def _table_size(bench: IntakeBench) -> int:
    return bench.dynamodb.scan(TableName=bench.table_name, Select="COUNT")["Count"]


def bench_intake_warm_latency() -> Figures:
    """Warm handler latency beside a bare put_item of the same REPORT item, same table, same client."""
    with intake_on_moto() as bench:
        submission_ids = []
        for _ in range(WARMUP_CALLS):
            body = new_body()
            response = bench.invoke(body)
            assert response["statusCode"] == 201, response
            submission_ids.append(json.loads(body)["submissionId"])
        reference_number = json.loads(response["body"])["referenceNumber"]
        reference = bench.dynamodb.get_item(
            TableName=bench.table_name,
            Key={"pk": {"S": f"REFERENCE#{reference_number}"}, "sk": {"S": "REFERENCE"}},
            ConsistentRead=True,
        )["Item"]
        report_item = bench.dynamodb.get_item(
            TableName=bench.table_name,
            Key={"pk": {"S": f"REPORT#{reference['reportId']['S']}"}, "sk": {"S": "REPORT"}},
            ConsistentRead=True,
        )["Item"]
        item_bytes = len(json.dumps(report_item, ensure_ascii=False).encode())
        for _ in range(WARMUP_CALLS):  # warm the put_item path too
            key = {"pk": {"S": f"REPORT#{uuid.uuid4()}"}, "sk": {"S": "REPORT"}}
            bench.dynamodb.put_item(TableName=bench.table_name, Item={**report_item, **key})
            bench.dynamodb.delete_item(TableName=bench.table_name, Key=key)

        table_items = _table_size(bench)
        handler_ms: list[float] = []
        put_ms: list[float] = []
        transaction_ms: list[float] = []  # the same three-item transaction the store writes, bare
        full_collections = []  # a full GC pause lands in whichever call triggers it: shown to read p99 by
        gc.collect()

        def count_full_collections(phase: str, info: dict) -> None:
            if phase == "stop" and info["generation"] == 2:
                full_collections.append(1)

        gc.callbacks.append(count_full_collections)
        for _ in range(MEASURED_CALLS):  # interleaved, so any drift hits both alike
            body = new_body()
            started = time.perf_counter()
            response = bench.invoke(body)
            handler_ms.append((time.perf_counter() - started) * 1000)
            assert response["statusCode"] == 201, response
            _delete_report_items(bench, response, json.loads(body)["submissionId"])

            key = {"pk": {"S": f"REPORT#{uuid.uuid4()}"}, "sk": {"S": "REPORT"}}
            item = {**report_item, **key, "reportId": {"S": key["pk"]["S"].removeprefix("REPORT#")}}
            started = time.perf_counter()
            bench.dynamodb.put_item(TableName=bench.table_name, Item=item)
            put_ms.append((time.perf_counter() - started) * 1000)
            bench.dynamodb.delete_item(TableName=bench.table_name, Key=key)

            keys = [
                {"pk": {"S": f"{kind}#{uuid.uuid4()}"}, "sk": {"S": kind}}
                for kind in ("REPORT", "SUBMISSION", "REFERENCE")
            ]
            started = time.perf_counter()
            bench.dynamodb.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": bench.table_name,
                            "Item": {**report_item, **key},
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    }
                    for key in keys
                ]
            )
            transaction_ms.append((time.perf_counter() - started) * 1000)
            bench.dynamodb.batch_write_item(
                RequestItems={bench.table_name: [{"DeleteRequest": {"Key": key}} for key in keys]}
            )
            _prune_moto_leftovers(bench.table_name)
        gc.callbacks.remove(count_full_collections)
        assert _table_size(bench) == table_items
        print(
            f"  table held {table_items} items ({WARMUP_CALLS} reports x 3) throughout; "
            f"REPORT item {item_bytes} bytes as JSON; {MEASURED_CALLS} calls each after {WARMUP_CALLS} warm-up"
        )
        print(
            f"  {len(full_collections)} full garbage collections during the {2 * MEASURED_CALLS} timed calls "
            f"(this process holds moto: each pauses ~100-200 ms and lands in one call's p99)"
        )
    handler_median = statistics.median(handler_ms)
    put_median = statistics.median(put_ms)
    return {
        "intake.table_items_during_latency": table_items,
        "intake.warm_latency_ms_median": rounded(handler_median),
        "intake.warm_latency_ms_p99": rounded(percentile(handler_ms, 0.99)),
        "put_item.latency_ms_median": rounded(put_median),
        "put_item.latency_ms_p99": rounded(percentile(put_ms, 0.99)),
        "intake.warm_latency_ratio_vs_put": rounded(handler_median / put_median),
        # moto's TransactWriteItems deep-copies the table, so most of the handler's time is moto's: this
        # ratio shows what the handler adds beyond its one durable write.
        "transact_write.latency_ms_median": rounded(statistics.median(transaction_ms)),
        "intake.warm_latency_ratio_vs_transaction": rounded(
            handler_median / statistics.median(transaction_ms)
        ),
    }


# --- Cold import in fresh processes -------------------------------------------------------------------

_TIMED_IMPORT = (
    "import time; started = time.perf_counter(); {statement}; print((time.perf_counter() - started) * 1000)"
)


@dataclass(frozen=True)
class ImportSite:
    """Where a fresh process imports from: like the Lambda asset, Oro's code and its dependencies come with
    unchecked-hash bytecode (infra/bundling.py), and nothing is written back (/var/task is read-only)."""

    interpreter: str
    code_root: Path
    # The asset's dependencies and the runtime's boto3, in import order after the code; empty: the venv's.
    path: tuple[Path, ...] = ()
    pycache_prefix: Path | None = None  # set: every .pyc next to a source is ignored, so all compiles

    def command(self, *arguments: str) -> list[str]:
        # -S: no site-packages, so nothing but the asset's packages is found (as in /var/task).
        return [self.interpreter, *(["-S"] if self.path else []), *arguments]

    def environment(self) -> dict[str, str]:
        environment = {**os.environ, **function_environment(), "PYTHONDONTWRITEBYTECODE": "1"}
        environment.pop("PYTHONPYCACHEPREFIX", None)
        environment.pop("PYTHONPATH", None)
        if self.path:
            environment["PYTHONPATH"] = os.pathsep.join(str(folder) for folder in self.path)
        if self.pycache_prefix:
            environment["PYTHONPYCACHEPREFIX"] = str(self.pycache_prefix)
        return environment


def _lambda_runtime_boto3(interpreter: str) -> Path:
    """boto3 and s3transfer at the venv's versions, as the Lambda runtime provides them beside the asset."""
    from importlib.metadata import version

    from infra.bundling import DEPENDENCY_CACHE_DIR, compile_bytecode

    pins = [f"{package}=={version(package)}" for package in ("boto3", "s3transfer")]
    target = DEPENDENCY_CACHE_DIR / ("runtime-" + "-".join(pins).replace("==", "-"))
    if not target.is_dir():
        staging = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
            + ["--no-compile", "--target", str(staging), *pins],
            check=True,
        )
        compile_bytecode(staging, interpreter)
        staging.rename(target)
    return target


@contextlib.contextmanager
def _asset_like_sites() -> Iterator[tuple[ImportSite, ImportSite]]:
    """(with bytecode as the asset has it, from source as an asset without bytecode would be).

    With a Python 3.13 (the runtime's) on this machine, the processes import exactly the asset's package set
    (functions/requirements.txt, installed for this machine's platform) under 3.13; without one, from the
    venv's packages under its own Python, and the figures say which."""
    import compileall
    import py_compile
    import shutil
    import tempfile

    from infra.bundling import bytecode_python, compile_bytecode, ensure_dependencies, pip_platform

    interpreter = bytecode_python()
    with tempfile.TemporaryDirectory(prefix="oro-cold-import-") as folder:
        code_root = Path(folder) / "asset"
        shutil.copytree(
            REPOSITORY_ROOT / "functions",
            code_root / "functions",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        shutil.copytree(REPOSITORY_ROOT / "locales", code_root / "locales")  # the asset carries them too
        empty_prefix = Path(folder) / "no-bytecode"
        empty_prefix.mkdir()
        if interpreter:
            compile_bytecode(code_root, interpreter)
            dependencies = ensure_dependencies(interpreter, pip_platform(platform.machine()))
            path = (code_root, dependencies, _lambda_runtime_boto3(interpreter))
            print(
                f"  imports under {interpreter}, from the asset's own package set (functions/requirements.txt)"
            )
            yield (
                ImportSite(interpreter, code_root, path),
                ImportSite(interpreter, code_root, path, empty_prefix),
            )
        else:
            compileall.compile_dir(
                code_root, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
            )
            print(f"  no Python 3.13 here: imports under {sys.executable}, from the venv's packages")
            yield (
                ImportSite(sys.executable, code_root),
                ImportSite(sys.executable, code_root, (), empty_prefix),
            )


def _import_ms(statement: str, site: ImportSite) -> float:
    completed = subprocess.run(
        site.command("-c", _TIMED_IMPORT.format(statement=statement)),
        cwd=site.code_root,
        env=site.environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return float(completed.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class ImportedModule:
    name: str
    own_us: int
    cumulative_us: int
    importer: str | None  # the module whose import statement loaded this one first


def _import_times(statement: str, site: ImportSite) -> dict[str, ImportedModule]:
    """-X importtime of `statement` in a fresh process."""
    completed = subprocess.run(
        site.command("-X", "importtime", "-c", statement),
        cwd=site.code_root,
        env=site.environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, module = line.removeprefix("import time:").split("|")
        rows.append((module.strip(), int(own), int(cumulative), len(module) - len(module.lstrip())))
    modules = {}
    for index, (name, own_us, cumulative_us, depth) in enumerate(rows):
        # Children are printed before their parent: the parent is the next row that is less indented.
        importer = next((row[0] for row in rows[index + 1 :] if row[3] < depth), None)
        modules[name] = ImportedModule(name, own_us, cumulative_us, importer)
    return modules


def _explain_import_cost(site: ImportSite) -> None:
    """Where the intake import spends the time the baseline does not (printed only when over target)."""
    baseline = _import_times(BASELINE_IMPORT, site)
    intake = _import_times(INTAKE_IMPORT, site)
    extra = [module for name, module in intake.items() if name not in baseline]

    def pulled_in_by(module: ImportedModule) -> str:
        while module.importer and not module.name.startswith("functions."):
            module = intake[module.importer]
        return module.name

    print(
        f"  {len(extra)} modules beyond the baseline's, {sum(m.own_us for m in extra) / 1000:.0f} ms own time "
        "(-X importtime, one run); by top-level package and the functions/ module that pulls it in:"
    )
    by_package: Counter = Counter()
    for module in extra:
        by_package[(module.name.split(".")[0], pulled_in_by(module))] += module.own_us
    for (package, importer), own_us in by_package.most_common(10):
        print(f"    {package} (via {importer}): {own_us / 1000:.1f} ms")
    print("  costliest single modules (own ms):")
    for module in sorted(extra, key=lambda m: -m.own_us)[:5]:
        print(f"    {module.name}: {module.own_us / 1000:.1f} (imported by {module.importer})")


def _function_imports() -> dict[str, tuple[str, str]]:
    """Every deployed function (SETTINGS_BY_HANDLER): figure name → (its import, its bare libraries' import).
    A function behind API Gateway is compared with boto3 + Powertools' event handler + pydantic; the others
    with boto3 + Powertools + pydantic."""
    from functions.shared.settings import SETTINGS_BY_HANDLER

    imports = {}
    for handler in SETTINGS_BY_HANDLER:
        module = handler.rsplit(".", 1)[0]
        parts = module.removeprefix("functions.").split(".")
        name = "_".join(parts[:-1] if parts[-1] == "handler" else parts)
        api = module in (INTAKE_IMPORT.removeprefix("import "), "functions.staff.api")
        imports[name] = (f"import {module}", BASELINE_IMPORT if api else PLAIN_BASELINE_IMPORT)
    return imports


def bench_cold_import() -> Figures:
    """Each function's import in a fresh interpreter, beside its bare libraries (target for intake ≤ 1.25)."""
    imports = _function_imports()
    statements = {statement for pair in imports.values() for statement in pair} | {ONE_MODEL_BASELINE_IMPORT}
    with _asset_like_sites() as (compiled, from_source):
        timings: dict[str, list[float]] = {statement: [] for statement in statements}
        from_source_times: list[float] = []
        # Alternating, so that disk-cache and CPU-frequency effects hit all alike.
        for _ in range(COLD_IMPORT_RUNS):
            for statement, times in timings.items():
                times.append(_import_ms(statement, compiled))
            from_source_times.append(_import_ms(INTAKE_IMPORT, from_source))
        median = {statement: statistics.median(times) for statement, times in timings.items()}
        print(
            f"  medians of {COLD_IMPORT_RUNS} fresh processes each, import only (interpreter start-up excluded), "
            "Oro's code compiled as in the Lambda asset; API functions beside "
            f"{BASELINE_IMPORT.removeprefix('import ')}, the others beside {PLAIN_BASELINE_IMPORT.removeprefix('import ')}"
        )
        figures: Figures = {
            "baseline.cold_import_ms": rounded(median[BASELINE_IMPORT]),
            "baseline_plain.cold_import_ms": rounded(median[PLAIN_BASELINE_IMPORT]),
            "baseline_one_model.cold_import_ms": rounded(median[ONE_MODEL_BASELINE_IMPORT]),
        }
        for name, (statement, baseline) in imports.items():
            figures[f"{name}.cold_import_ms"] = rounded(median[statement])
            figures[f"{name}.cold_import_ratio"] = rounded(median[statement] / median[baseline])
        figures["intake.cold_import_ratio_beside_one_model"] = rounded(
            median[INTAKE_IMPORT] / median[ONE_MODEL_BASELINE_IMPORT]
        )
        # An asset without bytecode: every cold start compiles pydantic, Powertools and Oro first.
        figures["intake.cold_import_without_bytecode_ms"] = rounded(statistics.median(from_source_times))
        if figures["intake.cold_import_ratio"] > COLD_IMPORT_TARGET_RATIO:
            print(
                f"  intake's ratio {figures['intake.cold_import_ratio']:.2f} is above the target {COLD_IMPORT_TARGET_RATIO}:"
            )
            _explain_import_cost(compiled)
    return figures


# --- Registry and main --------------------------------------------------------------------------------

# Append new sections here: each is a callable returning {figure name: number}.
# --- Lifecycle: transitions per path and what 1,000 reports cost ---------------------------------------

# List prices (USD): Step Functions Standard per state transition; Lambda arm64 per request and per GB-s;
# DynamoDB on-demand per write and read request unit.
PRICE_PER_TRANSITION = 0.025 / 1000
PRICE_PER_LAMBDA_REQUEST = 0.20 / 1_000_000
PRICE_PER_LAMBDA_GB_SECOND = 0.0000133334
PRICE_PER_WRITE_UNIT = 0.625 / 1_000_000
PRICE_PER_READ_UNIT = 0.125 / 1_000_000
# Assumptions, printed with the figure: average duration and memory per invocation, and DynamoDB units per
# invocation of each function (a ~2 KB report item: 2 WRU a write, doubled in a transaction; consistent reads).
LAMBDA_SECONDS, LAMBDA_GB = 0.15, 0.25
UNITS_PER_INVOCATION = {  # (write units, read units)
    "intake": (8, 0),
    "lifecycle-checkpoint": (2, 1),
    "await-staff": (2, 1),
    "notify": (5, 0),  # its timeline entry; per channel (2) the idempotency record put, then completed
    "staff-api": (4, 2),  # a staff write and its audit entry in one transaction
}


def _cost_per_report(path: dict, staff_events: int) -> float:
    invocations = {**path["invocations"], "intake": 1, "staff-api": staff_events}
    requests = sum(invocations.values())
    writes = sum(UNITS_PER_INVOCATION.get(name, (2, 1))[0] * count for name, count in invocations.items())
    reads = sum(UNITS_PER_INVOCATION.get(name, (2, 1))[1] * count for name, count in invocations.items())
    return (
        path["transitions"] * PRICE_PER_TRANSITION
        + requests * (PRICE_PER_LAMBDA_REQUEST + LAMBDA_SECONDS * LAMBDA_GB * PRICE_PER_LAMBDA_GB_SECOND)
        + writes * PRICE_PER_WRITE_UNIT
        + reads * PRICE_PER_READ_UNIT
    )


def bench_lifecycle() -> Figures:
    """State transitions per lifecycle path on moto (Provkommun), and an estimated cost per 1,000 reports."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.lifecycle_paths"],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    paths = json.loads(completed.stdout.strip().splitlines()[-1])
    for name, path in paths.items():
        print(f"  {name}: {path['transitions']} transitions; invocations {path['invocations']}")
    # Staff API calls: the skyddsbedömning and the decision (a proposal and its approval).
    ordinary_cost = _cost_per_report(paths["ordinary"], staff_events=3)
    # Three siblings: three skyddsbedömningar and three decisions (each a proposal and an approval).
    three_cost = _cost_per_report(paths["three_children"], staff_events=9)
    print(
        f"  cost model: ${PRICE_PER_TRANSITION * 1000:.3f}/1,000 transitions, Lambda {LAMBDA_SECONDS * 1000:.0f} ms at "
        f"{LAMBDA_GB * 1024:.0f} MB per invocation, DynamoDB on-demand ${PRICE_PER_WRITE_UNIT * 1e6:.3f}/M WRU and "
        f"${PRICE_PER_READ_UNIT * 1e6:.3f}/M RRU; the ordinary path with 3 staff API calls, three children 9"
    )
    return {
        "lifecycle.transitions_ordinary": paths["ordinary"]["transitions"],
        "lifecycle.transitions_three_children": paths["three_children"]["transitions"],
        "lifecycle.cost_per_1000_reports_three_children_usd": round(1000 * three_cost, 4),
        "lifecycle.transitions_max": paths["longest"]["transitions"],
        "lifecycle.cost_per_1000_reports_usd": round(1000 * ordinary_cost, 4),
        "lifecycle.cost_per_1000_reports_longest_path_usd": round(
            1000 * _cost_per_report(paths["longest"], 6), 4
        ),
    }


def bench_lifecycle_scenario_suite() -> Figures:
    """Wall time of the moto lifecycle scenario suite (tests/integration/test_lifecycle_scenarios.py)."""
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/integration/test_lifecycle_scenarios.py",
        ],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    seconds = time.perf_counter() - started
    print(f"  {completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else 'no output'}")
    return {"lifecycle.scenario_suite_seconds": round(seconds, 1)}


# --- Staff queue: items read per page item as the table grows -----------------------------------------


def _figures_of(module: str) -> Figures:
    """Runs a benchmark module in its own process (large tables): its explanations on stderr are printed,
    its last stdout line is its figures as JSON."""
    completed = subprocess.run(
        [sys.executable, "-m", module],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=True,
    )
    for line in completed.stderr.rstrip().splitlines():
        print(line)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def bench_queue() -> Figures:
    """Items DynamoDB reads per queue item shown, with 10,000 and 100,000 stored reports (target ≤ 1.1)."""
    return _figures_of("benchmarks.queue_reads")


# --- Gallring: items read per purged report as the table grows ----------------------------------------


def bench_gallring() -> Figures:
    """Items DynamoDB reads per purged report, with 1,000, 10,000 and 100,000 stored reports (target ≤ 1.1)."""
    return _figures_of("benchmarks.gallring_reads")


# --- The form's first screen on a phone -------------------------------------------------------------------


def bench_form() -> Figures:
    """Bytes a phone downloads before the form's first question shows (target ≤ 60 kB of HTML, CSS and JS)."""
    return _figures_of("benchmarks.form_first_screen")


# --- Attachments: from the upload request to a clean file ------------------------------------------


def bench_attachments() -> Figures:
    """Seconds from the upload request to a clean file on the local stack (presign, upload, scan, clean)."""
    return _figures_of("benchmarks.attachment_upload")


# --- The report as a PDF document ---------------------------------------------------------------------


def bench_report_pdf() -> Figures:
    """Milliseconds to make a report's PDF (the first in a fresh process, then the median) and its size."""
    return _figures_of("benchmarks.report_pdf")


# --- The hand-off to the case system --------------------------------------------------------------------


def bench_handoff() -> Figures:
    """Seconds from an approved decision to its hand-off delivered on the local stack, and the document's size."""
    return _figures_of("benchmarks.handoff")


BENCHMARKS: list[Callable[[], Figures]] = [
    bench_intake_aws_calls,
    bench_intake_warm_latency,
    bench_cold_import,
    bench_lifecycle,
    bench_lifecycle_scenario_suite,
    bench_queue,
    bench_gallring,
    bench_form,
    bench_attachments,
    bench_report_pdf,
    bench_handoff,
]


def print_context() -> None:
    from importlib.metadata import version

    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("moto", "boto3", "botocore", "aws-lambda-powertools", "pydantic")
    )
    print(f"python {platform.python_version()} ({sys.executable})")
    print(f"{packages}")
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, {platform.platform()}")


def main(selected: list[str]) -> int:
    configure_process()
    print_context()
    started = time.perf_counter()
    results: Figures = {}
    for benchmark in BENCHMARKS:
        name = benchmark.__name__.removeprefix("bench_")
        if selected and not any(name.startswith(prefix) for prefix in selected):
            continue
        print(f"[{name}] {benchmark.__doc__.splitlines()[0] if benchmark.__doc__ else ''}")
        section_started = time.perf_counter()
        figures = benchmark()
        duplicated = results.keys() & figures.keys()
        assert not duplicated, f"figures named twice: {sorted(duplicated)}"
        results.update(figures)
        for figure, value in figures.items():
            print(f"{figure}: {value}")
        print(f"  ({time.perf_counter() - section_started:.1f} s)")
    RESULTS_FILE.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(results)} figures to {RESULTS_FILE.name} in {time.perf_counter() - started:.1f} s")
    leftover = [thread.name for thread in threading.enumerate() if thread is not threading.main_thread()]
    if leftover:
        print(f"warning: threads still running: {leftover}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
