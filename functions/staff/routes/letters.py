"""Letters to a child's family: preview the municipality's template filled in, make the edited letter as PDF,
mark it sent."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import Field, StringConstraints

from functions.domain.letters import LETTER_MAX_LENGTH, TYPED_MAX_LENGTH, LetterKind
from functions.domain.text import multi_line
from functions.shared.contract import staff_operation
from functions.staff.answers import EventAnswer, LetterTextAnswer, PdfAnswer
from functions.staff.http import PERSON, Body, act, body, json_response, pdf_response, person_number
from functions.staff.use_cases.letters import make_letter, mark_letter_sent, preview_letter

router = Router()
LETTERS = f"{PERSON}/letters"
Placeholder = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,30}$")]
# What the case worker types: one line each (a meeting, a name and phone), no control characters.
Typed = Annotated[str, StringConstraints(max_length=TYPED_MAX_LENGTH, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")]


class PreviewBody(Body):
    # What the case worker typed: the values only they know (the meeting), or the report lacks (an address).
    values: dict[Placeholder, Typed] = Field(default_factory=dict, max_length=20)


class LetterBody(Body):
    kind: LetterKind
    # The letter as the case worker read and edited it: it is made as written.
    text: multi_line(LETTER_MAX_LENGTH)  # type: ignore[valid-type]


class EmptyBody(Body):
    pass


_ERRORS = (400, 404, 409, 422)


@router.post(
    f"{LETTERS}/<kind>/preview",
    **staff_operation(
        preview_letter,
        200,
        _ERRORS,
        answer=LetterTextAnswer,
        body=PreviewBody,
        summary="Förhandsgranska ett brev",
    ),
)
def preview(report_id: str, person: str, kind: str) -> Response[str]:
    asked = body(router.current_event, PreviewBody)
    text = act(router.current_event, preview_letter, report_id, person_number(person), kind, asked.values)
    return json_response(200, {"text": text})


@router.post(
    LETTERS,
    **staff_operation(
        make_letter,
        200,
        _ERRORS,
        answer=PdfAnswer,
        body=LetterBody,
        summary="Skapa brevet som PDF (som det redigerats)",
    ),
)
def make(report_id: str, person: str) -> Response[str]:
    asked = body(router.current_event, LetterBody)
    return pdf_response(
        *act(
            router.current_event, make_letter, report_id, person_number(person), asked.kind.value, asked.text
        )
    )


@router.post(
    f"{LETTERS}/<letter_id>/sent",
    **staff_operation(
        mark_letter_sent, 200, _ERRORS, answer=EventAnswer, body=EmptyBody, summary="Brevet är skickat"
    ),
)
def sent(report_id: str, person: str, letter_id: str) -> Response[str]:
    body(router.current_event, EmptyBody)
    return json_response(
        200,
        {"event": act(router.current_event, mark_letter_sent, report_id, person_number(person), letter_id)},
    )
