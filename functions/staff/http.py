"""The staff API's request side, shared by its routes: who is asking (the Cognito authorizer has verified
the token; its claims name the staff member and their groups), the body as a model, a person's number in the
path, days in the query, and JSON answers that are never cached."""

import base64
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Concatenate, ParamSpec, TypeVar

from aws_lambda_powertools.event_handler import Response, content_types
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from functions.domain.access import NotSignedIn
from functions.domain.errors import InvalidDay, MalformedJson, PersonNotInReport
from functions.domain.municipality import Municipality
from functions.shared.aws import client
from functions.shared.client_address import VIEWER_ADDRESS_HEADER, viewer_address
from functions.shared.clock import utc_now
from functions.shared.collaborators import (
    attachment_store,
    lifecycle_starter,
    lifecycle_store,
    person_keys,
    reports_store,
)
from functions.shared.messaging import Messenger
from functions.shared.settings import StaffApiSettings, settings_of
from functions.staff.acting import Services, StaffMember
from functions.stores.audit import AuditStore
from functions.stores.gallring import GallringStore
from functions.stores.handoff_channel import HandoffChannel
from functions.stores.person_search import PersonSearchStore
from functions.stores.queue import QueueStore

REPORT = "/api/staff/reports/<report_id>"
PERSON = f"{REPORT}/persons/<person>"
_EARLIEST_DAY, _LATEST_DAY = date(2000, 1, 1), date(2199, 12, 31)

P = ParamSpec("P")
R = TypeVar("R")


class Body(BaseModel):
    """A staff request body: camelCase, nothing it does not name, and no coercion ("false" is not a
    boolean, "1" not a number): as strict as the public form's."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", strict=True)


def municipality() -> Municipality:
    return settings_of(StaffApiSettings).municipality


@lru_cache(maxsize=1)
def services() -> Services:
    settings = settings_of(StaffApiSettings)
    dynamodb = client("dynamodb")
    audit = AuditStore(settings.audit_table_name, dynamodb)
    return Services(
        municipality=settings.municipality,
        now=utc_now,
        lifecycle=lifecycle_store(settings),
        queue=QueueStore(settings.reports_table_name, dynamodb),
        person_search=PersonSearchStore(settings.reports_table_name, dynamodb, person_keys(settings)),
        audit=audit,
        reports=reports_store(settings),
        gallring=GallringStore(settings.reports_table_name, settings.audit_table_name, dynamodb),
        dynamodb=dynamodb,
        reports_table=settings.reports_table_name,
        stepfunctions=client("stepfunctions"),
        starter=lifecycle_starter(settings),
        messenger=Messenger(settings.municipality, client("sns"), client("sesv2"), audit, utc_now),
        attachments=attachment_store(settings),
        handoff_dispatch=_handoff_dispatch(settings.handoff_dispatch_function_name),
        handoff_documents=HandoffChannel(settings.handoff_bucket_name, client("s3"))
        if settings.handoff_bucket_name
        else None,
    )


def _handoff_dispatch(function_name: str):
    lambda_client = client("lambda")

    def dispatch(report_id: str) -> None:
        lambda_client.invoke(
            FunctionName=function_name,
            InvocationType="Event",
            Payload=json.dumps({"reportId": report_id}).encode(),
        )

    return dispatch


def _groups(claim) -> list[str]:
    if isinstance(claim, list):
        return [str(group) for group in claim]
    return [group for group in re.split(r"[\s,\[\]]+", str(claim or "")) if group]


def staff_member(event) -> StaffMember:
    claims = ((event.raw_event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    staff_id = claims.get("cognito:username") or claims.get("username")
    if not staff_id:
        raise NotSignedIn()
    identity = event.request_context.identity
    return StaffMember(
        staff_id=staff_id,
        roles=_groups(claims.get("cognito:groups")),
        source_ip=viewer_address(event.headers.get(VIEWER_ADDRESS_HEADER)),
        user_agent=(identity.user_agent or "")[:300],
        personnummer_search=municipality().personnummer_search,
    )


def act(
    event, use_case: Callable[Concatenate[Services, StaffMember, P], R], *args: P.args, **kwargs: P.kwargs
) -> R:
    """Runs a staff use case as the staff member the request names."""
    return use_case(services(), staff_member(event), *args, **kwargs)


def body(event, model: type[BaseModel]):
    try:
        return model.model_validate_json(event.body or "{}")
    except ValidationError as error:
        if any(problem["type"] == "json_invalid" for problem in error.errors()):
            raise MalformedJson() from error
        raise


def pdf_response(file_name: str, pdf: bytes) -> Response[str]:
    """A PDF as the staff API gives files: JSON with the bytes in base64 (PdfAnswer)."""
    return json_response(
        200, {"fileName": file_name, "contentType": "application/pdf", "data": base64.b64encode(pdf).decode()}
    )


def person_number(person: str) -> int:
    """The person's number in the path: 1, 2, … in the order the report names them."""
    if not person.isdigit() or not 1 <= int(person) <= 99:
        raise PersonNotInReport(person)
    return int(person)


def day(parameters: dict, name: str, default: date) -> date:
    value = parameters.get(name)
    if not value:
        return default
    try:
        parsed = date.fromisoformat(value)
    except ValueError as error:
        raise InvalidDay(name) from error
    if not _EARLIEST_DAY <= parsed <= _LATEST_DAY:  # beyond what a time zone conversion can hold
        raise InvalidDay(name)
    return parsed


def _number(value):
    if isinstance(value, Decimal):  # DynamoDB's numbers
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_response(status: int, answer) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(answer, ensure_ascii=False, default=_number),
        headers={"Cache-Control": "no-store"},
    )
