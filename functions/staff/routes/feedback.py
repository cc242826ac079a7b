"""Återkoppling to a professional reporter: send the prepared feedback, withhold it as inappropriate (with
the reason), and the letter for a reporter who did not sign in (download, mark sent)."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import Field, StrictInt

from functions.domain.text import multi_line
from functions.shared.contract import staff_operation
from functions.staff.answers import EventAnswer, FeedbackSentAnswer, PdfAnswer
from functions.staff.http import REPORT, Body, act, body, json_response, pdf_response
from functions.staff.use_cases.feedback import (
    WITHHOLD_REASON_MIN_LENGTH,
    feedback_letter,
    mark_letter_sent,
    send_feedback,
    withhold_feedback,
)

router = Router()
FEEDBACK = f"{REPORT}/feedback"


class _FeedbackBody(Body):
    # The prepared feedback's version as the case worker read it: they act on exactly that, or get 409.
    version: StrictInt = Field(ge=1)


class SendBody(_FeedbackBody):
    pass


class WithholdBody(_FeedbackBody):
    # Why telling the reporter is inappropriate: required, kept on the report with who and when.
    reason: multi_line(2_000, min_length=WITHHOLD_REASON_MIN_LENGTH)  # type: ignore[valid-type]


class EmptyBody(Body):
    pass


_ERRORS = (400, 404, 409, 422)


@router.post(
    f"{FEEDBACK}/send",
    **staff_operation(
        send_feedback, 200, _ERRORS, answer=FeedbackSentAnswer, body=SendBody, summary="Skicka återkopplingen"
    ),
)
def send(report_id: str) -> Response[str]:
    asked = body(router.current_event, SendBody)
    return json_response(200, act(router.current_event, send_feedback, report_id, asked.version))


@router.post(
    f"{FEEDBACK}/withhold",
    **staff_operation(
        withhold_feedback,
        200,
        _ERRORS,
        answer=EventAnswer,
        body=WithholdBody,
        summary="Stoppa återkopplingen som olämplig (med skäl)",
    ),
)
def withhold(report_id: str) -> Response[str]:
    asked = body(router.current_event, WithholdBody)
    recorded = act(router.current_event, withhold_feedback, report_id, asked.version, asked.reason)
    return json_response(200, {"event": recorded})


@router.get(
    f"{FEEDBACK}/letter",
    **staff_operation(
        feedback_letter,
        200,
        (404, 409, 422),
        answer=PdfAnswer,
        summary="Brevet med återkopplingen som PDF (för en anmälare som inte loggat in)",
        meanings={422: "Brevmallen går inte att fylla i: meddelandet säger vad som saknas eller är okänt"},
    ),
)
def letter(report_id: str) -> Response[str]:
    return pdf_response(*act(router.current_event, feedback_letter, report_id))


@router.post(
    f"{FEEDBACK}/letter-sent",
    **staff_operation(
        mark_letter_sent,
        200,
        _ERRORS,
        answer=EventAnswer,
        body=EmptyBody,
        summary="Markera brevet med återkopplingen som skickat",
    ),
)
def letter_sent(report_id: str) -> Response[str]:
    body(router.current_event, EmptyBody)
    return json_response(200, {"event": act(router.current_event, mark_letter_sent, report_id)})
