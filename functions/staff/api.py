"""/api/staff/*: the dashboard's API. API Gateway's Cognito authorizer has verified the token; the claims
name the staff member and their groups (roles). Thin: every rule is in casework.py and domain/access.py."""

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
)
from pydantic.alias_generators import to_camel

from functions.domain.errors import describe_validation_error
from functions.domain.municipality import Municipality
from functions.domain.report import Channel
from functions.domain.text import multi_line
from functions.intake.logic import InvalidReport, MalformedJson, SubmissionIdReused
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.collaborators import lifecycle_starter, lifecycle_store, reports_store
from functions.shared.messaging import Messenger
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import StaffApiSettings, settings_of
from functions.staff.casework import (
    Casework,
    Forbidden,
    InvalidCursor,
    InvalidIdentityNumber,
    QueueFilter,
    StaffMember,
)
from functions.staff.logic import (
    EXTENSION_REASON_MIN_LENGTH,
    MOTIVATION_MIN_LENGTH,
    PersonNotInReport,
    StaffActionRefused,
)
from functions.stores.audit import AuditStore
from functions.stores.gallring import GallringStore, ReportNotHoldable
from functions.stores.lifecycle import AlreadyRecorded, ReportNotFound

app = APIGatewayRestResolver()
_REPORT = "<report_id>"
_PERSON = f"{_REPORT}/persons/<person>"
_FILTERS = ("status", "channel", "route")
_EARLIEST_DAY, _LATEST_DAY = date(2000, 1, 1), date(2199, 12, 31)


class NotSignedIn(Exception):
    pass


class InvalidDay(Exception):
    """A date parameter that is not YYYY-MM-DD; the message names the parameter."""


class _Body(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


Motivation = multi_line(2_000, min_length=MOTIVATION_MIN_LENGTH)


class ProtectionAssessmentBody(_Body):
    immediate_protection_needed: StrictBool
    motivation: Motivation  # type: ignore[valid-type]


class ProtectionMeasuresBody(_Body):
    note: Motivation  # type: ignore[valid-type]


class ProposalBody(_Body):
    outcome: Literal["no_investigation", "investigation"]
    motivation: Motivation  # type: ignore[valid-type]


class RegistrationBody(_Body):
    channel: Channel
    received_at: AwareDatetime
    report: dict


class ReturnBody(_Body):
    # The proposal's version as the reviewer saw it: they return exactly that, or get 409.
    version: StrictInt = Field(ge=1)
    comment: multi_line(2_000) | None = None  # type: ignore[valid-type]


def _true(value: bool) -> bool:
    if value is not True:
        raise ValueError("not_confirmed")
    return value


class ApprovalBody(ReturnBody):
    # The reviewer confirmed the decision they approve (the page asks): a decision is not a misclick.
    # Literally true: Literal[True] would also take 1 and 1.0.
    confirmed: Annotated[StrictBool, AfterValidator(_true)]


class DeadlineExtensionBody(_Body):
    extended_to: date
    reason: multi_line(1_000, min_length=EXTENSION_REASON_MIN_LENGTH)  # type: ignore[valid-type]


class EmptyBody(_Body):
    pass


class LegalHoldBody(_Body):
    reference_number: str = Field(min_length=1, max_length=20)
    reason: multi_line(1_000, min_length=5)  # type: ignore[valid-type]


class PersonSearchBody(_Body):
    identity_number: str = Field(max_length=20)


def municipality() -> Municipality:
    return settings_of(StaffApiSettings).municipality


@lru_cache(maxsize=1)
def _casework() -> Casework:
    settings = settings_of(StaffApiSettings)
    audit = AuditStore(settings.audit_table_name, client("dynamodb"))
    return Casework(
        reports_table=settings.reports_table_name,
        dynamodb=client("dynamodb"),
        lifecycle=lifecycle_store(settings),
        audit=audit,
        stepfunctions=client("stepfunctions"),
        municipality=settings.municipality,
        now=utc_now,
        reports=reports_store(settings),
        starter=lifecycle_starter(settings),
        gallring=GallringStore(settings.reports_table_name, settings.audit_table_name, client("dynamodb")),
        messenger=Messenger(settings.municipality, client("sns"), client("sesv2"), audit, utc_now),
    )


def _groups(claim) -> list[str]:
    if isinstance(claim, list):
        return [str(group) for group in claim]
    return [group for group in re.split(r"[\s,\[\]]+", str(claim or "")) if group]


def staff_member() -> StaffMember:
    context = app.current_event.request_context
    claims = ((app.current_event.raw_event.get("requestContext") or {}).get("authorizer") or {}).get(
        "claims"
    ) or {}
    staff_id = claims.get("cognito:username") or claims.get("username")
    if not staff_id:
        raise NotSignedIn()
    identity = context.identity
    return StaffMember(
        staff_id=staff_id,
        roles=_groups(claims.get("cognito:groups")),
        source_ip=identity.source_ip or "",
        user_agent=(identity.user_agent or "")[:300],
        personnummer_search=municipality().personnummer_search,
    )


def _body(model: type[BaseModel]):
    return model.model_validate_json(app.current_event.body or "{}")


def _number(value):
    if isinstance(value, Decimal):  # DynamoDB's numbers
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(status: int, body) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(body, ensure_ascii=False, default=_number),
        headers={"Cache-Control": "no-store"},
    )


@app.get("/api/staff/me")
def me() -> Response:
    staff = staff_member()
    return _json(
        200,
        {
            "staffId": staff.staff_id,
            "roles": staff.roles,
            "permissions": sorted(p.value for p in staff.permissions),
            "municipality": municipality().name,
            "personSearch": municipality().personnummer_search,
        },
    )


@app.get("/api/staff/reports")
def queue() -> Response:
    parameters = app.current_event.query_string_parameters or {}
    size = int(parameters["pageSize"]) if parameters.get("pageSize", "").isdigit() else 25
    try:
        only = QueueFilter.model_validate({key: parameters[key] for key in _FILTERS if parameters.get(key)})
    except ValidationError as error:
        message = (
            "Välj ett filter i taget."
            if "one_filter_at_a_time" in str(error)
            else "Filtret finns inte. Välj status, kanal eller mottagare i listan."
        )
        return _json(400, {"message": message, "errors": []})
    return _json(200, _casework().queue(staff_member(), size, parameters.get("cursor"), only))


@app.post("/api/staff/reports")
def register() -> Response:
    body = _body(RegistrationBody)
    report = json.dumps(body.report, ensure_ascii=False)
    return _json(201, _casework().register_report(staff_member(), report, body.channel, body.received_at))


@app.get(f"/api/staff/reports/{_REPORT}")
def report(report_id: str) -> Response:
    return _json(200, _casework().report(staff_member(), report_id))


def _person(person: str) -> int:
    """The person's number in the path: 1, 2, … in the order the report names them."""
    if not person.isdigit() or not 1 <= int(person) <= 99:
        raise PersonNotInReport(person)
    return int(person)


@app.post(f"/api/staff/reports/{_PERSON}/protection-assessment")
def protection_assessment(report_id: str, person: str) -> Response:
    body = _body(ProtectionAssessmentBody)
    event = _casework().record_protection_assessment(
        staff_member(), report_id, _person(person), body.immediate_protection_needed, body.motivation
    )
    return _json(200, {"event": event})


@app.post(f"/api/staff/reports/{_PERSON}/protection-measures")
def protection_measures(report_id: str, person: str) -> Response:
    body = _body(ProtectionMeasuresBody)
    event = _casework().record_protection_measures(staff_member(), report_id, _person(person), body.note)
    return _json(200, {"event": event})


@app.post(f"/api/staff/reports/{_REPORT}/acknowledgement")
def acknowledgement(report_id: str) -> Response:
    _body(EmptyBody)
    return _json(200, {"event": _casework().acknowledge(staff_member(), report_id)})


@app.post(f"/api/staff/reports/{_PERSON}/decision-proposal")
def propose(report_id: str, person: str) -> Response:
    body = _body(ProposalBody)
    version = _casework().propose_decision(
        staff_member(), report_id, _person(person), body.outcome, body.motivation
    )
    return _json(200, {"event": "decision_proposed", "version": version})


@app.post(f"/api/staff/reports/{_PERSON}/decision-proposal/approve")
def approve(report_id: str, person: str) -> Response:
    body = _body(ApprovalBody)
    event = _casework().review_proposal(
        staff_member(), report_id, _person(person), True, body.version, body.comment
    )
    return _json(200, {"event": event})


@app.post(f"/api/staff/reports/{_PERSON}/decision-proposal/return")
def send_back(report_id: str, person: str) -> Response:
    body = _body(ReturnBody)
    event = _casework().review_proposal(
        staff_member(), report_id, _person(person), False, body.version, body.comment
    )
    return _json(200, {"event": event})


@app.post(f"/api/staff/reports/{_PERSON}/decision-deadline-extension")
def extend_decision_deadline(report_id: str, person: str) -> Response:
    body = _body(DeadlineExtensionBody)
    event = _casework().extend_decision_deadline(
        staff_member(), report_id, _person(person), body.extended_to, body.reason
    )
    return _json(200, {"event": event})


@app.post(f"/api/staff/reports/{_PERSON}/investigation-closure")
def close_investigation(report_id: str, person: str) -> Response:
    _body(EmptyBody)
    return _json(200, {"event": _casework().close_investigation(staff_member(), report_id, _person(person))})


@app.post(f"/api/staff/reports/{_PERSON}/investigation-extension")
def extend_investigation(report_id: str, person: str) -> Response:
    body = _body(DeadlineExtensionBody)
    event = _casework().extend_investigation(
        staff_member(), report_id, _person(person), body.extended_to, body.reason
    )
    return _json(200, {"event": event})


# POST, so the personnummer stays out of URLs and access logs.
@app.post("/api/staff/person-search")
def person_search() -> Response:
    body = _body(PersonSearchBody)
    return _json(200, {"reports": _casework().search_by_personnummer(staff_member(), body.identity_number)})


def _day(parameters: dict, name: str, default: date) -> date:
    value = parameters.get(name)
    if not value:
        return default
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise InvalidDay(name) from error
    if not _EARLIEST_DAY <= day <= _LATEST_DAY:  # beyond what a time zone conversion can hold
        raise InvalidDay(name)
    return day


def _municipality_today() -> date:
    return utc_now().astimezone(ZoneInfo(municipality().office_hours.timezone)).date()


@app.get("/api/staff/gallring/preview")
def gallring_preview() -> Response:
    parameters = app.current_event.query_string_parameters or {}
    today = _municipality_today()
    return _json(200, _casework().gallring_preview(staff_member(), _day(parameters, "date", today)))


@app.get("/api/staff/gallring/log")
def purge_log() -> Response:
    parameters = app.current_event.query_string_parameters or {}
    today = _municipality_today()
    start, end = _day(parameters, "from", today - timedelta(days=30)), _day(parameters, "to", today)
    return _json(200, {"entries": _casework().purge_log(staff_member(), start, end)})


@app.post("/api/staff/legal-holds")
def place_legal_hold() -> Response:
    body = _body(LegalHoldBody)
    return _json(200, _casework().place_legal_hold(staff_member(), body.reference_number, body.reason))


@app.delete("/api/staff/legal-holds/<reference_number>")
def lift_legal_hold(reference_number: str) -> Response:
    return _json(200, _casework().lift_legal_hold(staff_member(), reference_number))


@app.get("/api/staff/audit")
def audit_export() -> Response:
    parameters = app.current_event.query_string_parameters or {}
    try:
        start = datetime.fromisoformat(parameters["from"])
        end = datetime.fromisoformat(parameters["to"])
        staff_id = parameters["staffId"].strip()
        if not staff_id or start.tzinfo is None or end.tzinfo is None:
            raise ValueError("incomplete")
    except (KeyError, ValueError):
        return _json(400, {"message": "Ange staffId, from och to (ISO-datum) för utdraget.", "errors": []})
    return _json(200, {"entries": _casework().audit_export(staff_member(), staff_id, start, end)})


@app.exception_handler(NotSignedIn)
def _not_signed_in(_: NotSignedIn) -> Response:
    return _json(401, {"message": "Logga in för att fortsätta.", "errors": []})


@app.exception_handler(Forbidden)
def _forbidden(_: Forbidden) -> Response:
    return _json(403, {"message": "Din roll ger inte behörighet till det här.", "errors": []})


@app.exception_handler(InvalidDay)
def _invalid_day(error: InvalidDay) -> Response:
    problem = {"field": str(error), "message": "Ange datumet som ÅÅÅÅ-MM-DD."}
    return _json(400, {"message": "Datumet kunde inte läsas.", "errors": [problem]})


@app.exception_handler(ReportNotHoldable)
def _unknown_reference(_: ReportNotHoldable) -> Response:
    return _json(404, {"message": "Det finns ingen anmälan med det diarienumret.", "errors": []})


@app.exception_handler(InvalidCursor)
def _invalid_cursor(_: InvalidCursor) -> Response:
    return _json(400, {"message": "Sidan kunde inte hämtas. Börja om från första sidan.", "errors": []})


@app.exception_handler(InvalidIdentityNumber)
def _invalid_identity_number(_: InvalidIdentityNumber) -> Response:
    problem = {"field": "identityNumber", "message": "Personnumret eller samordningsnumret är inte giltigt."}
    return _json(422, {"message": "Kontrollera personnumret.", "errors": [problem]})


@app.exception_handler(ReportNotFound)
def _missing(_: ReportNotFound) -> Response:
    return _json(404, {"message": "Anmälan finns inte.", "errors": []})


@app.exception_handler(PersonNotInReport)
def _no_such_person(_: PersonNotInReport) -> Response:
    return _json(404, {"message": "Anmälan har ingen person med det numret.", "errors": []})


@app.exception_handler(AlreadyRecorded)
def _already(_: AlreadyRecorded) -> Response:
    return _json(409, {"message": "Det här är redan registrerat för anmälan.", "errors": []})


@app.exception_handler(StaffActionRefused)
def _refused(refused: StaffActionRefused) -> Response:
    return _json(409, {"message": str(refused), "errors": []})


@app.exception_handler(InvalidReport)
def _invalid_report(error: InvalidReport) -> Response:
    problems = [{"field": f"report.{p.field}", "message": p.message} for p in error.problems]
    return _json(422, {"message": "Anmälan kunde inte registreras. Rätta uppgifterna.", "errors": problems})


@app.exception_handler(MalformedJson)
def _malformed(_: MalformedJson) -> Response:
    return _json(400, {"message": "Anmälan kunde inte läsas.", "errors": []})


@app.exception_handler(SubmissionIdReused)
def _reused(_: SubmissionIdReused) -> Response:
    return _json(409, {"message": "Registreringens id används redan för en annan anmälan.", "errors": []})


@app.exception_handler(ValidationError)
def _invalid(error: ValidationError) -> Response:
    if any(problem["type"] == "json_invalid" for problem in error.errors()):
        return _json(400, {"message": "Uppgifterna kunde inte läsas. Skicka dem som JSON.", "errors": []})
    problems = [problem.model_dump() for problem in describe_validation_error(error)]
    return _json(422, {"message": "Uppgifterna är inte giltiga.", "errors": problems})


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    logger.exception("staff request failed", extra={"error_type": type(error).__name__})
    return _json(503, {"message": "Något gick fel. Försök igen om en stund.", "errors": []})


@app.not_found
def _not_found(_: NotFoundError) -> Response:
    return _json(404, {"message": "Adressen finns inte.", "errors": []})


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # responses hold report content
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    return app.resolve(event, context)
