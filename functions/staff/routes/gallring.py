"""The admin's gallring pages: the dry run, the purge log, and legal holds."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import Field

from functions.domain.text import multi_line
from functions.shared.clock import utc_now
from functions.shared.contract import query, staff_operation
from functions.staff.answers import LegalHoldAnswer, PurgeLog
from functions.staff.http import Body, act, body, day, json_response, municipality
from functions.staff.use_cases.gallring import lift_legal_hold, place_legal_hold, preview_gallring, purge_log

router = Router()
_DAY = {"type": "string", "format": "date"}


class LegalHoldBody(Body):
    reference_number: str = Field(min_length=1, max_length=20)
    reason: multi_line(1_000, min_length=5)  # type: ignore[valid-type]


def _today():
    return utc_now().astimezone(ZoneInfo(municipality().office_hours.timezone)).date()


@router.get(
    "/api/staff/gallring/preview",
    **staff_operation(
        preview_gallring,
        200,
        (400,),
        summary="Provkörning av gallringen en dag",
        query=(query("date", "Dagen (i dag om ingen anges)", _DAY),),
    ),
)
def gallring_preview() -> Response[str]:
    parameters = router.current_event.query_string_parameters or {}
    on = day(parameters, "date", _today())
    return json_response(200, act(router.current_event, preview_gallring, on))


@router.get(
    "/api/staff/gallring/log",
    **staff_operation(
        purge_log,
        200,
        (400,),
        answer=PurgeLog,
        summary="Gallringsloggen",
        query=(
            query("from", "Första dagen (30 dagar sedan om ingen anges)", _DAY),
            query("to", "Sista dagen (i dag om ingen anges)", _DAY),
        ),
    ),
)
def gallring_log() -> Response[str]:
    parameters = router.current_event.query_string_parameters or {}
    today = _today()
    start, end = day(parameters, "from", today - timedelta(days=30)), day(parameters, "to", today)
    return json_response(200, {"entries": act(router.current_event, purge_log, start, end)})


@router.post(
    "/api/staff/legal-holds",
    **staff_operation(
        place_legal_hold,
        200,
        (400, 404, 409, 422),
        answer=LegalHoldAnswer,
        body=LegalHoldBody,
        summary="Gallringsstopp",
    ),
)
def legal_hold() -> Response[str]:
    hold = body(router.current_event, LegalHoldBody)
    return json_response(200, act(router.current_event, place_legal_hold, hold.reference_number, hold.reason))


@router.delete(
    "/api/staff/legal-holds/<reference_number>",
    **staff_operation(lift_legal_hold, 200, (404, 409), answer=LegalHoldAnswer, summary="Häv gallringsstopp"),
)
def lift_hold(reference_number: str) -> Response[str]:
    return json_response(200, act(router.current_event, lift_legal_hold, reference_number))
