"""Schemathesis against the local stack, over both OpenAPI documents (docs/api/): for each operation a
bounded number of generated requests, valid and invalid, the staff ones as a random role (or none) and
most of them about a real report. Every answer must be one the document lists, match its schema, never be a
5xx and never show a stack trace."""

import json
import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from local.openapi import PUBLIC, STAFF
from tests.integration.helpers import new_body, post_report

pytestmark = pytest.mark.slow

# Bounded for `make test` (about 35 s on two workers); CONTRACT_EXAMPLES=500 for a deeper hunt.
EXAMPLES_PER_OPERATION = int(os.environ.get("CONTRACT_EXAMPLES", "25"))
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@schemathesis.check
def no_stack_trace(ctx, response, case):
    """An answer never shows how the code failed (the traceback goes to the log only)."""
    text = response.text or ""
    if "Traceback" in text or 'File "' in text:
        raise AssertionError(f"the answer shows a stack trace: {text[:300]}")


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,  # a request the document does not allow is refused, not half-read
    no_stack_trace,
]


def _operations(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    # The test gives each request its token (a role's, or none) itself: Schemathesis is not to count a
    # token it did not send as the request's invalid part.
    document.pop("security", None)
    schema = schemathesis.openapi.from_dict(document)
    return [result.ok() for result in schema.get_all_operations()]


PUBLIC_OPERATIONS = _operations(PUBLIC)
STAFF_OPERATIONS = _operations(STAFF)


@pytest.fixture(scope="module")
def staff_tokens(local_stack) -> dict[str, str | None]:
    tokens: dict[str, str | None] = {
        role: local_stack.sign_in(username) for role, username in local_stack.demo_users.items()
    }
    tokens["utan inloggning"] = None
    return tokens


@pytest.fixture(scope="module")
def real_report(local_stack) -> str:
    """A report that exists, so that generated requests also reach the use cases, not only the 404."""
    answer = post_report(local_stack, new_body())
    assert answer.status_code == 201, answer.text
    return local_stack.find_report(answer.json()["referenceNumber"])["reportId"]


def _fuzz(operation, base_url: str, prepare) -> None:
    session = requests.Session()

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        # The same requests every run in `make test`, so a failure is one a rerun shows again.
        derandomize="CONTRACT_EXAMPLES" not in os.environ,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in MODES)), data=st.data())
    def run(case, data):
        headers = prepare(case, data)
        case.call_and_validate(base_url=base_url, session=session, headers=headers, checks=CHECKS)

    run()


@pytest.mark.parametrize("operation", PUBLIC_OPERATIONS, ids=lambda operation: operation.label)
def test_the_public_api_answers_as_its_document_says(local_stack, operation):
    _fuzz(operation, local_stack.base_url, lambda case, data: {})


@pytest.mark.parametrize("operation", STAFF_OPERATIONS, ids=lambda operation: operation.label)
def test_the_staff_api_answers_each_role_as_its_document_says(
    local_stack, staff_tokens, real_report, operation
):
    _fuzz(operation, local_stack.base_url, _staff_request(staff_tokens, real_report))


def _staff_request(staff_tokens: dict[str, str | None], real_report: str):
    """Sends each generated request as a random role (or none), most of them about the real report and
    its person (1; 2 it does not name)."""

    def prepare(case, data) -> dict[str, str]:
        if "report_id" in (case.path_parameters or {}) and data.draw(
            st.sampled_from([True, True, True, False])
        ):
            case.path_parameters["report_id"] = real_report
            if "person" in case.path_parameters:
                case.path_parameters["person"] = data.draw(st.sampled_from(["1", "1", "1", "2"]))
        token = staff_tokens[data.draw(st.sampled_from(sorted(staff_tokens)))]
        return {"Authorization": f"Bearer {token}"} if token else {}

    return prepare
