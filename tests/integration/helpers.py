"""Small helpers for tests that talk to the local stack."""

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import requests

from functions.domain.persons import person_rules
from functions.domain.report import Channel, ReceivedReport, ReportSubmission
from functions.intake.logic import fingerprint
from functions.lifecycle.starter import LifecycleStarter
from functions.staff.acting import StaffMember
from functions.stores.reports import ReportsStore
from local.stack import free_port
from tests.conftest import load_event

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Concerns for reports in tests: neglect only (no violence, not acute), and acute danger.
NEGLECT_ONLY = {
    "concern": {
        "description": "Barnet kommer ofta till skolan hungrigt och utan ytterkläder.",
        "categories": ["omsorgsbrist"],
        "mainCategory": "omsorgsbrist",
        "acuteDanger": False,
    }
}
ACUTE = {
    "concern": {
        "description": "Hör just nu skrik och hot från lägenheten bredvid, barnet gråter.",
        "categories": ["omsorgsbrist"],
        "mainCategory": "omsorgsbrist",
        "acuteDanger": True,
    }
}


def new_body(**changes) -> dict:
    body = load_event("report-private-anonymous.json")
    body["submissionId"] = str(uuid.uuid4())
    body.update(changes)
    return body


def post_report(stack, body: dict | str | bytes, headers: dict | None = None) -> requests.Response:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return requests.post(
        f"{stack.base_url}/api/reports",
        data=data,
        headers={"Content-Type": "application/json", **(headers or {})},
        timeout=30,
    )


# What a staff member writes as the motivation of a skyddsbedömning or a decision proposal.
MOTIVATION = "Bedömt utifrån anmälan och tidigare kontakter; se anteckningen."


def store_for(stack) -> ReportsStore:
    return ReportsStore(stack.resources.reports_table_name, stack.client("dynamodb"))


def starter_for(stack, state_machine_arn: str | None = None) -> LifecycleStarter:
    return LifecycleStarter(state_machine_arn or stack.state_machine_arn, stack.client("stepfunctions"))


def store_report_received_at(
    stack, received_at: datetime, reference_number: str, **changes
) -> ReceivedReport:
    """A report as if it had arrived at `received_at` (staff may register earlier reports; tests need fixed times)."""
    content = ReportSubmission.model_validate_json(json.dumps(new_body(**changes)))
    report = ReceivedReport(
        report_id=str(uuid.uuid4()),
        reference_number=reference_number,
        received_at=received_at,
        channel=Channel.WEB,
        content=content,
        content_fingerprint=fingerprint(content),
        person_rules=person_rules(content, stack.municipality, received_at),
    )
    store_for(stack).add_new_report(report)
    return report


def messages_about(stack, reference_number: str) -> dict[str, list[dict]]:
    outbox = stack.outbox()
    return {
        "sms": [sms for sms in outbox["sms"] if reference_number in sms["text"]],
        "emails": [mail for mail in outbox["emails"] if reference_number in mail["subject"] + mail["text"]],
    }


def execution_history_text(stack, report_id: str) -> str:
    execution = stack.execution_for(report_id)
    client = stack.client("stepfunctions")
    history = client.get_execution_history(executionArn=execution["executionArn"], maxResults=1000)
    return json.dumps(
        [execution.get("input"), execution.get("output"), history["events"]], default=str, ensure_ascii=False
    )


def personal_data_in(report_body: dict) -> list[str]:
    """The strings in a report that must never leave the store: names, numbers, addresses, free text."""
    found = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif (
            isinstance(value, str)
            and key
            not in {
                "submissionId",
                "kind",
                "knowsAboutReport",
                "categories",
                "mainCategory",
                "type",
                "since",
            }
            and len(value) >= 4
        ):
            found.append(value)

    walk(report_body)
    return found


def eventually(check, timeout: float = 30.0, interval: float = 0.1):
    """Polls `check` until it returns something truthy (the lifecycle runs in moto's own threads)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {check.__doc__ or check}")
        time.sleep(interval)


def lifecycle_of(stack, report_id: str) -> dict:
    return store_for(stack).find_report_item(report_id).get("lifecycle") or {}


def transitions(stack, report_id: str) -> int:
    """State transitions as Step Functions bills them: states entered."""
    execution = stack.execution_for(report_id)
    events = stack.client("stepfunctions").get_execution_history(
        executionArn=execution["executionArn"], maxResults=1000
    )["events"]
    return sum(1 for event in events if event["type"].endswith("StateEntered"))


def reference() -> str:
    """A reference number for a report stored directly (not through intake)."""
    code = uuid.uuid4().hex.upper().translate(str.maketrans("01", "XY"))
    return f"2026-{code[:3]}-{code[3:6]}"


# What a signed-in reporter's form sends as "who are you": a named neighbour, and a teacher in their role.
NAMED_NEIGHBOUR = {"type": "privatperson", "anonymous": False, "name": "Anna Andersson", "relation": "granne"}
TEACHER = {
    "type": "yrkesverksam",
    "name": "Lena Lind",
    "role": "Lärare",
    "organisation": "Solängsskolan",
    "workEmail": "lena.lind@prov.example.se",
    "wantsFeedback": True,
}


def sign_in_reporter(
    stack, provider_id: str, subject: str, return_page: str = "mina", language: str | None = None
) -> requests.Session:
    """A browser-like session signed in at the stack's local provider as `subject`: Oro's sign-in (from a page
    in `language`, if given), the provider's login form answered, and the callback with the state cookie. The
    session's `returned_to` is where the callback sent the browser."""
    browser = requests.Session()
    started = browser.get(
        f"{stack.base_url}/api/reporter/sign-in",
        params={"provider": provider_id, "return": return_page, **({"lang": language} if language else {})},
        allow_redirects=False,
        timeout=30,
    )
    assert started.status_code == 302, started.text
    authorized = browser.post(
        started.headers["Location"], data={"sub": subject}, allow_redirects=False, timeout=30
    )
    assert authorized.status_code == 302, authorized.text
    back = browser.get(authorized.headers["Location"], allow_redirects=False, timeout=30)
    assert back.status_code == 303, back.text
    browser.last_callback = authorized.headers["Location"]  # type: ignore[attr-defined]
    browser.returned_to = back.headers["Location"]  # type: ignore[attr-defined]
    return browser


REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 180


@contextmanager
def stack_in_own_process(municipality_id: str, log: Path) -> Iterator[SimpleNamespace]:
    """Another municipality's stack, started as `make run` starts it, in a process of its own: a process holds
    one municipality's settings, and the session's stack runs Provkommun. Its base_url and aws_url."""
    http_port, moto_port = free_port(), free_port()
    # Only what `make run` would have: not the session stack's AWS endpoint and settings in this process.
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment |= {"TZ": "UTC", "PYTHONDONTWRITEBYTECODE": "1"}
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "local.run",
                "--municipality",
                municipality_id,
                "--port",
                str(http_port),
                "--aws-port",
                str(moto_port),
            ],
            cwd=REPOSITORY_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    stack = SimpleNamespace(
        municipality_id=municipality_id,
        base_url=f"http://127.0.0.1:{http_port}",
        aws_url=f"http://127.0.0.1:{moto_port}",
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "Stoppa med Ctrl-C" not in log.read_text(errors="replace"):
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.5)
        yield stack
    finally:
        process.terminate()  # `make run` stops its stack on SIGTERM as on Ctrl-C
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


CASE_WORKER = StaffMember(staff_id="mottagning.demo", roles=["mottagning"])
REVIEWER = StaffMember(staff_id="forste.demo", roles=["forste_socialsekreterare"])


def staff_services_at(moment: datetime):
    """The staff API's own services with a fake clock: its use cases, called directly, act at `moment`."""
    from dataclasses import replace

    from functions.staff import http

    return replace(http.services(), now=lambda: moment, handoff_dispatch=None)


def report_decided_at(stack, received: datetime, decided: datetime, outcome: str = "no_investigation") -> str:
    """A report that came in at `received`, assessed an hour later, proposed an hour before `decided` and
    approved then (four eyes): the staff API's use cases with a fake clock. Its hand-off is prepared."""
    from functions.staff.use_cases.decisions import approve_proposal, propose_decision
    from functions.staff.use_cases.protection import record_protection_assessment

    report_id = store_report_received_at(stack, received, reference(), **NEGLECT_ONLY).report_id
    record_protection_assessment(
        staff_services_at(received + timedelta(hours=1)), CASE_WORKER, report_id, 1, False, MOTIVATION
    )
    version = propose_decision(
        staff_services_at(decided - timedelta(hours=1)), CASE_WORKER, report_id, 1, outcome, MOTIVATION
    )
    approve_proposal(staff_services_at(decided), REVIEWER, report_id, 1, version)
    return report_id


def dispatch_at(report_id: str, moment: datetime) -> dict:
    """The hand-off dispatcher's run for one report at `moment` (its own collaborators, a fake clock)."""
    from dataclasses import replace

    from functions.case_system import dispatch

    return dispatch.dispatch_report(replace(dispatch.work(), now=lambda: moment), report_id)
