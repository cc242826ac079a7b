"""Who is signed in, the queue, one report, registering a report that came another way, and acknowledging
a report's escalation."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import AwareDatetime

from functions.domain.report import Channel
from functions.shared.contract import QueryOf, query, staff_operation
from functions.staff.answers import EventAnswer, MeAnswer, QueuePage, RegisteredAnswer, ReportAnswer
from functions.staff.http import REPORT, Body, act, body, json_response, municipality, staff_member
from functions.staff.use_cases.escalation import acknowledge_escalation
from functions.staff.use_cases.reading import read_report, view_queue
from functions.staff.use_cases.registration import register_report
from functions.stores.queue import QueueFilter

router = Router()


class RegistrationBody(Body):
    channel: Channel
    received_at: AwareDatetime
    report: dict


class EmptyBody(Body):
    pass


@router.get("/api/staff/me", **staff_operation(None, 200, answer=MeAnswer, summary="Den inloggade"))
def me() -> Response[str]:
    staff = staff_member(router.current_event)
    return json_response(
        200,
        {
            "staffId": staff.staff_id,
            "roles": staff.roles,
            "permissions": sorted(permission.value for permission in staff.permissions),
            "municipality": municipality().name,
            "personSearch": municipality().personnummer_search,
        },
    )


@router.get(
    "/api/staff/reports",
    **staff_operation(
        view_queue,
        200,
        (400,),
        answer=QueuePage,
        summary="Öppna anmälningar, närmaste frist först",
        query=(
            query("pageSize", "Antal per sida: ett heltal (annars 25)"),
            query("cursor", "Nästa sida, som föregående svar gav den"),
            QueryOf(QueueFilter),  # one at a time
        ),
    ),
)
def queue() -> Response[str]:
    parameters = router.current_event.query_string_parameters or {}
    size = int(parameters["pageSize"]) if parameters.get("pageSize", "").isdigit() else 25
    only = QueueFilter.of(parameters)
    return json_response(200, act(router.current_event, view_queue, size, parameters.get("cursor"), only))


@router.post(
    "/api/staff/reports",
    **staff_operation(
        register_report,
        201,
        (400, 409, 422),
        answer=RegisteredAnswer,
        body=RegistrationBody,
        summary="Registrera en anmälan som kom per telefon, brev, fax, e-post eller besök",
    ),
)
def register() -> Response[str]:
    registration = body(router.current_event, RegistrationBody)
    return json_response(
        201,
        act(
            router.current_event,
            register_report,
            registration.report,
            registration.channel,
            registration.received_at,
        ),
    )


@router.get(
    REPORT,
    **staff_operation(read_report, 200, (404,), answer=ReportAnswer, summary="En anmälan (läsningen loggas)"),
)
def report(report_id: str) -> Response[str]:
    return json_response(200, act(router.current_event, read_report, report_id))


@router.post(
    f"{REPORT}/acknowledgement",
    **staff_operation(
        acknowledge_escalation,
        200,
        (400, 404, 409, 422),
        answer=EventAnswer,
        body=EmptyBody,
        summary="Kvittera en eskalering",
    ),
)
def acknowledgement(report_id: str) -> Response[str]:
    body(router.current_event, EmptyBody)
    return json_response(200, {"event": act(router.current_event, acknowledge_escalation, report_id)})
