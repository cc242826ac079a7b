"""The APIs' OpenAPI documents (docs/api/): written from the code, valid OpenAPI, and saying what each
operation really answers and which permission a staff operation needs."""

import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from functions.domain.access import Permission
from functions.shared.contract import PERMISSION_EXTENSION
from local.openapi import PUBLIC, STAFF, public_document, rendered, staff_document

DOCUMENTS = {PUBLIC: public_document, STAFF: staff_document}
FORMATS = Draft202012Validator.FORMAT_CHECKER  # "format" is checked, as Schemathesis checks it
ROOT = Path(__file__).resolve().parents[2]
PROBLEM = {"$ref": "#/components/schemas/ProblemAnswer"}


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.parametrize("path", list(DOCUMENTS), ids=lambda path: path.name)
def test_the_checked_in_document_is_what_the_code_says(path):
    assert path.read_text(encoding="utf-8") == rendered(DOCUMENTS[path]()), (
        f"{path.name} differs from the code: run `make openapi` and commit docs/api/"
    )


@pytest.mark.parametrize("path", list(DOCUMENTS), ids=lambda path: path.name)
def test_the_document_is_valid_openapi(path):
    validate(DOCUMENTS[path]())


@pytest.mark.parametrize("path", list(DOCUMENTS), ids=lambda path: path.name)
def test_every_error_an_operation_lists_is_the_problem_answer(path):
    for name, operation in operations(DOCUMENTS[path]()):
        errors = {status: answer for status, answer in operation["responses"].items() if int(status) >= 400}
        assert errors, name
        for status, answer in errors.items():
            assert answer["content"]["application/json"]["schema"] == PROBLEM, f"{name} {status}"


def test_the_public_api_lists_each_answer_the_intake_gives():
    documented = dict(operations(public_document()))
    assert set(documented) == {
        "POST /api/reports",
        "GET /api/office-hours",
        "POST /api/reports/{report_id}/attachments",
    }
    attachments = documented["POST /api/reports/{report_id}/attachments"]
    assert set(attachments["responses"]) == {"201", "400", "403", "404", "409", "413", "415", "422", "503"}
    upload_request = attachments["requestBody"]["content"]["application/json"]["schema"]
    assert set(upload_request["required"]) == {"token", "fileName", "contentType", "size"}
    operation = documented["POST /api/reports"]
    assert set(operation["responses"]) == {"200", "201", "400", "401", "403", "409", "413", "415", "422", "503"}
    assert operation["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Receipt"
    }
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"submissionId", "persons", "concern", "reporter"} <= set(body["properties"])
    assert "$defs" not in str(body)  # the model's definitions are in place, not looked up at the root
    office_hours = documented["GET /api/office-hours"]["responses"]["200"]["content"]["application/json"]
    assert office_hours["schema"] == {"$ref": "#/components/schemas/OfficeHoursNow"}


def test_each_staff_operation_names_the_permission_its_use_case_requires():
    permissions = {
        name: operation.get(PERMISSION_EXTENSION) for name, operation in operations(staff_document())
    }
    assert permissions.pop("GET /api/staff/me") is None  # any signed-in staff member
    assert set(permissions.values()) <= {permission.value for permission in Permission}
    prefix = "/api/staff/reports/{report_id}/persons/{person}"
    assert permissions["GET /api/staff/reports/{report_id}"] == Permission.READ_REPORT.value
    assert permissions[f"POST {prefix}/decision-proposal/approve"] == Permission.APPROVE_DECISION.value
    assert permissions[f"POST {prefix}/investigation-closure"] == Permission.MANAGE_INVESTIGATION.value
    assert permissions["GET /api/staff/audit"] == Permission.EXPORT_AUDIT.value
    assert permissions["POST /api/staff/legal-holds"] == Permission.MANAGE_GALLRING.value


def test_staff_operations_list_the_answers_every_staff_route_can_give():
    for name, operation in operations(staff_document()):
        statuses = set(operation["responses"])
        assert {"401", "503"} <= statuses, name
        if name != "GET /api/staff/me":
            assert "403" in statuses, name
        if "{report_id}" in name:
            assert "404" in statuses, name
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= statuses, name


def test_staff_request_bodies_are_the_models_the_routes_read():
    operation = dict(operations(staff_document()))[
        "POST /api/staff/reports/{report_id}/persons/{person}/protection-assessment"
    ]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["immediateProtectionNeeded", "motivation"]
    assert body["additionalProperties"] is False
    assert body["properties"]["immediateProtectionNeeded"]["type"] == "boolean"


def test_a_function_builds_no_schema_when_it_starts():
    """The documents' JSON schemas are built when a document is written: at a cold start they would cost
    every function's first request."""
    probe = (
        "import functions.intake.handler, functions.staff.api\n"
        "from functions.shared import contract\n"
        "print(len(contract._UNWRITTEN), sum(bool(container) for container, _ in contract._UNWRITTEN))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, timeout=120
    )
    waiting, built = map(int, result.stdout.split())
    assert waiting > 15
    assert built == 0


def test_an_optional_query_parameter_may_be_left_empty():
    """`?channel=` or `?date=` counts as not given (the queue's filter, the gallring day): the document
    says so, or a client keeping to it could not send what the dashboard sends (found by the fuzzer)."""
    optional = [
        (name, parameter)
        for name, operation in operations(staff_document())
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and not parameter["required"]
    ]
    assert {parameter["name"] for _, parameter in optional} >= {"date", "from", "to", "status", "channel"}
    refusing_empty = [
        f"{name} ?{parameter['name']}="
        for name, parameter in optional
        if not Draft202012Validator(parameter["schema"], format_checker=FORMATS).is_valid("")
    ]
    assert not refusing_empty
    required = dict(operations(staff_document()))["GET /api/staff/audit"]["parameters"]
    period = [parameter for parameter in required if parameter["name"] in ("from", "to")]
    assert all(parameter["required"] for parameter in period)
