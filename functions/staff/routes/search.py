"""Search by personnummer. POST, so the personnummer stays out of URLs and access logs."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import Field

from functions.shared.contract import staff_operation
from functions.staff.answers import PersonSearchPage
from functions.staff.http import Body, act, body, json_response
from functions.staff.use_cases.search import search_by_personnummer

router = Router()


class PersonSearchBody(Body):
    identity_number: str = Field(max_length=20)
    # The next page of the same search, as the previous answer gave it.
    cursor: str | None = Field(default=None, max_length=2_000)


@router.post(
    "/api/staff/person-search",
    **staff_operation(
        search_by_personnummer,
        200,
        (400, 422),
        answer=PersonSearchPage,
        body=PersonSearchBody,
        summary="Tidigare anmälningar om en person (personnumret i kroppen, aldrig i adressen)",
    ),
)
def person_search() -> Response[str]:
    search = body(router.current_event, PersonSearchBody)
    return json_response(
        200, act(router.current_event, search_by_personnummer, search.identity_number, search.cursor)
    )
