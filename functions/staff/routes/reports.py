"""Who is signed in, the queue, one report, registering a report that came another way, and acknowledging
a report's escalation."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import AwareDatetime

from functions.domain.report import Channel
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


@router.get("/api/staff/me")
def me() -> Response:
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


@router.get("/api/staff/reports")
def queue() -> Response:
    parameters = router.current_event.query_string_parameters or {}
    size = int(parameters["pageSize"]) if parameters.get("pageSize", "").isdigit() else 25
    only = QueueFilter.of(parameters)
    return json_response(200, act(router.current_event, view_queue, size, parameters.get("cursor"), only))


@router.post("/api/staff/reports")
def register() -> Response:
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


@router.get(REPORT)
def report(report_id: str) -> Response:
    return json_response(200, act(router.current_event, read_report, report_id))


@router.post(f"{REPORT}/acknowledgement")
def acknowledgement(report_id: str) -> Response:
    body(router.current_event, EmptyBody)
    return json_response(200, {"event": act(router.current_event, acknowledge_escalation, report_id)})
