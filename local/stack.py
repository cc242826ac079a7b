"""The whole system on one machine: moto in server mode as the embedded AWS, the same handlers, the same
state-machine file, and an HTTP adapter in front. Used by `make run` and by the tests."""

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import boto3
import requests
from moto.server import ThreadedMotoServer

from functions.domain.municipality import Municipality, load_municipality
from functions.shared import names
from functions.stores.person_keys import PersonKeys
from local import lambda_shim, moto_dynamodb, scanner
from local.authorizer import CognitoAuthorizer
from local.http_adapter import make_server
from local.identity_providers import LocalProvider, start_providers, stop_providers
from local.outbox import outbox_page, sent_messages
from local.resources import (
    DEMO_PASSWORD,
    LOCAL_ACCOUNT,
    LocalResources,
    create_resources,
    create_staff_pool,
    dashboard_settings,
    upload_dashboard_config,
)
from local.staff_client import StaffClient

REGION = "eu-north-1"
RECONCILE_EVERY_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _use_embedded_aws(moto_port: int) -> None:
    """Every boto3 client in this process, the handlers' included, talks to the embedded AWS."""
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",  # noqa: S105 - moto's fake credentials
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "MOTO_PORT": str(moto_port),
            # Step Functions compares timestamp waits with the local clock: keep the process on UTC.
            "TZ": "UTC",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_SERVICE_NAME": "oro-local",
            "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
        }
    )
    time.tzset()


@dataclass
class LocalStack:
    municipality_id: str = names.DEFAULT_MUNICIPALITY
    http_port: int = 8000
    moto_port: int = 5000
    reconcile_every_seconds: float = RECONCILE_EVERY_SECONDS
    # The daily audit seal and check on their timer; tests seal and check when they choose (an entry a test
    # writes back in time after the timer sealed its day would read as tampering).
    audit_trail_timer: bool = True
    # The local stand-in for GuardDuty's malware scan (local/scanner.py) looks for new uploads every second;
    # tests that want to scan at a moment of their choosing turn it off and call scan_attachments().
    attachment_scanner: bool = True
    # The hand-off dispatcher's schedule (every minute in AWS); tests that need a clock of their own slow it.
    handoff_dispatch_every_seconds: float = names.HANDOFF_DISPATCH_EVERY_MINUTES * 60
    municipality: Municipality = field(init=False)
    resources: LocalResources = field(init=False)

    def __post_init__(self) -> None:
        self.municipality = load_municipality(names.municipality_config_file(self.municipality_id))
        self._stopping = threading.Event()
        self._staff_client: StaffClient | None = None
        self.identity_providers: list[LocalProvider] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def aws_url(self) -> str:
        return f"http://127.0.0.1:{self.moto_port}"

    @property
    def dashboard_url(self) -> str:
        return f"{self.base_url}/dashboard/"

    @property
    def state_machine_arn(self) -> str:
        return self.resources.state_machine_arn

    def session(self) -> boto3.Session:
        return boto3.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name=REGION)  # noqa: S106

    def client(self, service: str):
        return self.session().client(service, endpoint_url=self.aws_url)

    @property
    def reports_table(self):
        return (
            self.session()
            .resource("dynamodb", endpoint_url=self.aws_url)
            .Table(self.resources.reports_table_name)
        )

    def function_environment(self) -> dict[str, str]:
        state_machine_arn = (
            f"arn:aws:states:{REGION}:{LOCAL_ACCOUNT}:stateMachine:"
            f"{names.lifecycle_state_machine_name(self.municipality_id)}"
        )
        return {
            names.ENV_MUNICIPALITY_CONFIG_FILE: str(names.municipality_config_file(self.municipality_id)),
            names.ENV_REPORTS_TABLE: names.reports_table_name(self.municipality_id),
            names.ENV_LIFECYCLE_STATE_MACHINE_ARN: state_machine_arn,
            names.ENV_AUDIT_TABLE: names.audit_table_name(self.municipality_id),
            names.ENV_AUDIT_ARCHIVE_BUCKET: names.audit_archive_bucket_name(
                self.municipality_id, LOCAL_ACCOUNT
            ),
            names.ENV_IDEMPOTENCY_TABLE: names.idempotency_table_name(self.municipality_id),
            names.ENV_USER_POOL_ID: self.user_pool_id,
            names.ENV_USER_POOL_CLIENT_ID: self.user_pool_client_id,
            names.ENV_HANDOFF_BUCKET: names.handoff_bucket_name(self.municipality_id, LOCAL_ACCOUNT),
            names.ENV_HANDOFF_EVENT_BUS: names.handoff_event_bus_name(self.municipality_id),
            names.ENV_CASE_SYSTEM_TOKEN_SECRET: names.case_system_token_secret_name(self.municipality_id),
            names.ENV_HANDOFF_DISPATCH_FUNCTION: names.handoff_dispatch_function_name(self.municipality_id),
            # as in AWS, only where the municipality takes attachments
            **(
                {
                    names.ENV_ATTACHMENTS_BUCKET: names.attachments_bucket_name(
                        self.municipality_id, LOCAL_ACCOUNT
                    ),
                    names.ENV_ATTACHMENT_TOKEN_SECRET: names.attachment_token_secret_name(
                        self.municipality_id
                    ),
                }
                if self.municipality.attachments.enabled
                else {}
            ),
            # as in AWS, only where reporters sign in: the same variables, naming the local providers
            **(self._reporter_environment() if self.municipality.reporters_sign_in else {}),
            # as in AWS, only where the municipality searches by personnummer
            **(
                {names.ENV_PERSON_KEY_SECRET: names.person_key_secret_name(self.municipality_id)}
                if self.municipality.personnummer_search
                else {}
            ),
        }

    def _reporter_environment(self) -> dict[str, str]:
        return {
            names.ENV_REPORTER_SESSIONS_TABLE: names.reporter_sessions_table_name(self.municipality_id),
            names.ENV_REPORTER_KEY_SECRET: names.reporter_key_secret_name(self.municipality_id),
            names.ENV_REPORTER_PROVIDERS: json.dumps(
                {
                    provider.provider_id: {
                        "issuer": provider.issuer,
                        "clientId": provider.client_id,
                        "clientSecretName": names.reporter_client_secret_name(
                            self.municipality_id, provider.provider_id
                        ),
                    }
                    for provider in self.identity_providers
                }
            ),
            names.ENV_SITE_ORIGIN: self.base_url,
        }

    def person_keys(self) -> PersonKeys:
        """Lookup keys under this stack's secret, as intake and the staff API make them."""
        secret_id = names.person_key_secret_name(self.municipality_id)
        return PersonKeys(
            lambda: self.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"]
        )

    def start(self) -> "LocalStack":
        _use_embedded_aws(self.moto_port)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        lambda_shim.install()
        moto_dynamodb.install()
        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=self.moto_port, verbose=False)
        self._moto.start()
        requests.post(
            f"{self.aws_url}/moto-api/config",
            json={"stepfunctions": {"execute_state_machine": True}},
            timeout=10,
        ).raise_for_status()
        self.user_pool_id, self.user_pool_client_id, self.demo_users = create_staff_pool(
            self.client("cognito-idp"), self.municipality_id, demo_users=True
        )
        # Reporters sign in at local OpenID Connect providers (as at the municipality's broker in AWS).
        self.identity_providers = start_providers(
            self.municipality,
            {provider_id: free_port() for provider_id in self.municipality.reporter_identity_providers},
        )
        os.environ.update(self.function_environment())
        self.resources = create_resources(
            _EndpointSession(self.session(), self.aws_url),
            self.municipality,
            self.function_environment(),
            form_origins=(self.base_url,),
        )
        assert (
            self.resources.state_machine_arn
            == self.function_environment()[names.ENV_LIFECYCLE_STATE_MACHINE_ARN]
        )
        # The browser signs in at moto's Cognito endpoint, as it does at cognito-idp.<region> in AWS.
        upload_dashboard_config(
            self.client("s3"),
            self.resources.form_bucket_name,
            dashboard_settings(self.municipality.name, self.aws_url + "/", self.user_pool_client_id),
        )
        self._static_s3 = self.client("s3")  # one client for every page request: creating one takes ~100 ms
        self._http = make_server(
            self.http_port,
            api_routes={
                "/api/": (
                    self.resources.function_names["intake"],
                    _handler("functions.intake.handler"),
                    None,
                ),
                # No authorizer: the reporter function checks its own session (reporters are not staff).
                "/api/reporter/": (
                    self.resources.function_names["reporter"],
                    _handler("functions.reporter.handler"),
                    None,
                ),
                # No authorizer: the case-system function checks the integration's own token.
                "/api/case-system/": (
                    self.resources.function_names["case_system_api"],
                    _handler("functions.case_system.api"),
                    None,
                ),
                "/api/staff/": (
                    self.resources.function_names["staff_api"],
                    _handler("functions.staff.api"),
                    CognitoAuthorizer(
                        f"{self.aws_url}/{self.user_pool_id}/.well-known/jwks.json",
                        f"https://cognito-idp.{REGION}.amazonaws.com/{self.user_pool_id}",
                        self.user_pool_client_id,
                    ).claims,
                ),
            },
            static_site=self._form_object,
            dashboard_sign_in_endpoint=self.aws_url,
            # The form posts attached files straight to the bucket, at moto's endpoint here.
            form_upload_origin=self.aws_url if self.municipality.attachments.enabled else None,
            generated_files={
                "/local/outbox": lambda: ("text/html; charset=utf-8", outbox_page(self.outbox()).encode()),
                "/local/outbox.json": lambda: (
                    "application/json",
                    json.dumps(self.outbox(), ensure_ascii=False).encode(),
                ),
            },
        )
        self._threads = [
            threading.Thread(target=self._http.serve_forever, name="oro-http", daemon=True),
            threading.Thread(target=self._reconcile_on_schedule, name="oro-reconciler", daemon=True),
            threading.Thread(target=self._gallring_on_schedule, name="oro-gallring", daemon=True),
            threading.Thread(target=self._dispatch_handoffs_on_schedule, name="oro-handoffs", daemon=True),
            threading.Thread(target=self._follow_up_on_schedule, name="oro-follow-up", daemon=True),
        ]
        if self.municipality.attachments.enabled and self.attachment_scanner:
            self._threads.append(
                threading.Thread(target=self._scan_attachments_on_arrival, name="oro-scanner", daemon=True)
            )
        if self.audit_trail_timer:
            self._threads.append(
                threading.Thread(target=self._audit_trail_on_schedule, name="oro-audit-trail", daemon=True)
            )
        for thread in self._threads:
            thread.start()
        return self

    def _form_object(self, key: str) -> tuple[str, bytes] | None:
        """An object of the form bucket, as CloudFront serves it through origin access control."""
        s3 = self._static_s3
        try:
            found = s3.get_object(Bucket=self.resources.form_bucket_name, Key=key)
        except s3.exceptions.NoSuchKey:
            return None
        return found.get("ContentType", "application/octet-stream"), found["Body"].read()

    def _reconcile_on_schedule(self) -> None:
        """Stands in for the EventBridge schedule: invokes the same reconciler function."""
        while not self._stopping.wait(self.reconcile_every_seconds):
            self.run_reconciler()

    def _dispatch_handoffs_on_schedule(self) -> None:
        """Stands in for the every-minute schedule: the same hand-off dispatch function."""
        while not self._stopping.wait(self.handoff_dispatch_every_seconds):
            self.invoke("handoff_dispatch")

    def _follow_up_on_schedule(self) -> None:
        """Stands in for the hourly schedule: the same follow-up check function."""
        while not self._stopping.wait(3600):
            self.invoke("follow_up")

    def case_system_token(self) -> str:
        """The token the municipality's integration presents (as an administrator reads it from the secret)."""
        secret = names.case_system_token_secret_name(self.municipality_id)
        return self.client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"]

    def _gallring_on_schedule(self) -> None:
        """Stands in for the nightly schedule: the same gallring function, at 02–05 Swedish time."""
        zone = ZoneInfo(names.GALLRING_TIMEZONE)
        last_hour = None
        while not self._stopping.wait(60):
            now = datetime.now(zone)
            if now.hour in names.GALLRING_HOURS and (now.date(), now.hour) != last_hour:
                last_hour = (now.date(), now.hour)
                self.run_gallring()

    def _scan_attachments_on_arrival(self) -> None:
        """Stands in for GuardDuty Malware Protection for S3 (local/scanner.py: clearly not Oro's logic)."""
        while not self._stopping.wait(1):
            try:
                self.scan_attachments()
            except Exception:  # a failed round is tried again in a second, as GuardDuty would retry
                logging.getLogger(__name__).exception("local scanner round failed")

    def scan_attachments(self) -> int:
        """Scans every new quarantined upload now, and hands each result to the scan-result function."""
        return scanner.scan_new_uploads(
            self.client("s3"), self.client("lambda"), self.municipality_id, LOCAL_ACCOUNT, REGION
        )

    @property
    def attachments_bucket(self) -> str:
        return names.attachments_bucket_name(self.municipality_id, LOCAL_ACCOUNT)

    def _audit_trail_on_schedule(self) -> None:
        """Stands in for the daily schedules: the same seal and check functions, after midnight UTC. A fresh
        stack seals at once (yesterday, empty), so that `make audit-verify` has a trail to check from the start."""
        self.invoke("audit_seal")
        done: set[tuple] = set()
        while not self._stopping.wait(60):
            now = datetime.now(UTC)
            for key, hour, minute in (
                ("audit_seal", names.AUDIT_SEAL_HOUR_UTC, names.AUDIT_SEAL_MINUTE_UTC),
                ("audit_check", names.AUDIT_CHECK_HOUR_UTC, names.AUDIT_CHECK_MINUTE_UTC),
            ):
                if (now.hour, now.minute) >= (hour, minute) and (key, now.date()) not in done:
                    done.add((key, now.date()))
                    self.invoke(key)

    def invoke(self, function: str) -> dict:
        """One of the stack's functions by its key in resources.function_names (a scheduled one's event)."""
        response = self.client("lambda").invoke(
            FunctionName=self.resources.function_names[function], Payload=b"{}"
        )
        return json.loads(response["Payload"].read() or b"{}")

    def run_gallring(self) -> dict:
        return self.invoke("gallring")

    def run_reconciler(self) -> dict:
        return self.invoke("reconciler")

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> str:
        """An ID token for a staff member, as the dashboard's sign-in gets it."""
        response = self.client("cognito-idp").initiate_auth(
            ClientId=self.user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        return response["AuthenticationResult"]["IdToken"]

    @property
    def staff(self) -> StaffClient:
        """Acts as staff through the staff API (local/staff_client.py), as the dashboard does."""
        if self._staff_client is None:
            self._staff_client = StaffClient(self.base_url, self.sign_in)
        return self._staff_client

    def staff_event(self, action: dict) -> dict:
        return self.staff.act(action)

    def outbox(self) -> dict[str, list[dict]]:
        return sent_messages(LOCAL_ACCOUNT, REGION)

    def find_report(self, reference_number: str) -> dict | None:
        reference = self.reports_table.get_item(
            Key={"pk": f"REFERENCE#{reference_number}", "sk": "REFERENCE"}
        )
        if "Item" not in reference:
            return None
        item = self.reports_table.get_item(
            Key={"pk": f"REPORT#{reference['Item']['reportId']}", "sk": "REPORT"}
        )
        return item.get("Item")

    def execution_for(self, report_id: str) -> dict | None:
        arn = self.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{report_id}"
        stepfunctions = self.client("stepfunctions")
        try:
            return stepfunctions.describe_execution(executionArn=arn)
        except stepfunctions.exceptions.ExecutionDoesNotExist:
            return None

    def stop_executions(self) -> int:
        """Stops every running lifecycle (tests end with this: lifecycles otherwise wait for months)."""
        stepfunctions = self.client("stepfunctions")
        stopped = 0
        for page in stepfunctions.get_paginator("list_executions").paginate(
            stateMachineArn=self.state_machine_arn, statusFilter="RUNNING"
        ):
            for execution in page["executions"]:
                stepfunctions.stop_execution(executionArn=execution["executionArn"])
                stopped += 1
        return stopped

    def wait_for_execution(self, report_id: str, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            execution = self.execution_for(report_id)
            if execution and execution["status"] != "RUNNING":
                return execution
            if time.monotonic() > deadline:
                raise TimeoutError(f"lifecycle of {report_id} still {execution and execution['status']}")
            time.sleep(0.1)

    def stop(self) -> None:
        self._stopping.set()
        self._http.shutdown()
        self._http.server_close()
        self._moto.stop()
        stop_providers(self.identity_providers)
        lambda_shim.uninstall()
        moto_dynamodb.uninstall()


@contextmanager
def quiet_stack(municipality_id: str, **options) -> Iterator[LocalStack]:
    """A stack on free ports whose timers wait for the caller: no reconcile within the hour, no audit seal,
    uploads scanned when asked (scan_attachments()). What the tests and the benchmarks run against."""
    settings = {
        "reconcile_every_seconds": 3600,
        "audit_trail_timer": False,
        "attachment_scanner": False,
        "handoff_dispatch_every_seconds": 3600,
        **options,
    }
    stack = LocalStack(
        municipality_id=municipality_id, http_port=free_port(), moto_port=free_port(), **settings
    ).start()
    try:
        yield stack
    finally:
        stack.stop()


class _EndpointSession:
    """A boto3 session whose clients all go to the embedded AWS."""

    def __init__(self, session: boto3.Session, endpoint_url: str) -> None:
        self._session = session
        self._endpoint_url = endpoint_url

    def client(self, service: str):
        return self._session.client(service, endpoint_url=self._endpoint_url)


def _handler(module: str):
    import importlib

    return importlib.import_module(module).handler
