"""More information needed: a question to the reporter who signed in, from the report page."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.domain.reporter_questions import QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH
from functions.domain.text import multi_line
from functions.shared.contract import staff_operation
from functions.staff.answers import QuestionAskedAnswer
from functions.staff.http import REPORT, Body, act, body, json_response
from functions.staff.use_cases.reporter_questions import ask_reporter

router = Router()


class QuestionBody(Body):
    # Plain text: shown to the reporter as text, never as markup.
    question: multi_line(QUESTION_MAX_LENGTH, min_length=QUESTION_MIN_LENGTH)  # type: ignore[valid-type]


@router.post(
    f"{REPORT}/reporter-questions",
    **staff_operation(
        ask_reporter,
        200,
        (400, 404, 409, 422),
        answer=QuestionAskedAnswer,
        body=QuestionBody,
        summary="Ställ en fråga till anmälaren (som loggade in när anmälan skickades)",
        meanings={
            409: "Anmälaren kan inte få frågor i Oro (anonym, inte inloggad) eller anmälan är avslutad"
        },
    ),
)
def ask(report_id: str) -> Response[str]:
    asked = body(router.current_event, QuestionBody)
    return json_response(200, act(router.current_event, ask_reporter, report_id, asked.question))
