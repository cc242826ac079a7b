"""One table: which HTTP status and which Swedish message each error gets, in every API.

An entry's message is what a person reads; None means the error's own message (a Refused names the rule it
broke, a RequestRefused the limit it met). Problems field by field come from the error's `problems`, or, for
pydantic, from its validation errors described in Swedish. Errors not in the table are unexpected: each API
answers those itself (503, logged with the traceback).
"""

import json
from dataclasses import dataclass

from aws_lambda_powertools.event_handler import Response, content_types
from pydantic import ValidationError

from functions.domain.access import Forbidden, NotSignedIn
from functions.domain.attachments import AttachmentRefused, AttachmentTokenInvalid
from functions.domain.errors import (
    FieldProblem,
    IncompleteAuditPeriod,
    InvalidDay,
    InvalidIdentityNumber,
    InvalidReport,
    MalformedJson,
    PersonNotInReport,
    Refused,
    SubmissionIdReused,
    describe_validation_error,
)
from functions.stores.errors import (
    AlreadyRecorded,
    AttachmentNotFound,
    InvalidCursor,
    OneFilterAtATime,
    ReportNotFound,
    UnknownFilter,
    UnknownReferenceNumber,
)


class RequestRefused(Exception):
    """A request refused before it is read (its type, size or encoding), as API Gateway would."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Problem:
    status: int | None  # None: the error's own status
    message: str | None  # None: the error's own message


PROBLEMS: dict[type[Exception], Problem] = {
    RequestRefused: Problem(None, None),
    AttachmentRefused: Problem(None, None),  # names the limit: the types, the size, the number of files
    AttachmentTokenInvalid: Problem(
        403,
        "Det går inte längre att bifoga filer till den här anmälan: tiden för att bifoga har gått ut, "
        "eller länken hör till en annan anmälan. Anmälan är mottagen ändå. Vill du lämna mer, ring oss.",
    ),
    MalformedJson: Problem(400, "Uppgifterna kunde inte läsas: de är inte giltig JSON."),
    InvalidCursor: Problem(400, "Sidan kunde inte hämtas. Börja om från första sidan."),
    OneFilterAtATime: Problem(400, "Välj ett filter i taget."),
    UnknownFilter: Problem(400, "Filtret finns inte. Välj status, kanal eller mottagare i listan."),
    InvalidDay: Problem(400, "Datumet kunde inte läsas."),
    IncompleteAuditPeriod: Problem(
        400,
        "Ange antingen staffId eller referenceNumber, och from och to (ISO-tider med tidszon), för utdraget.",
    ),
    NotSignedIn: Problem(401, "Logga in för att fortsätta."),
    Forbidden: Problem(403, "Din roll ger inte behörighet till det här."),
    ReportNotFound: Problem(404, "Anmälan finns inte."),
    PersonNotInReport: Problem(404, "Anmälan har ingen person med det numret."),
    AttachmentNotFound: Problem(404, "Filen finns inte, eller är inte kontrollerad för skadlig kod."),
    UnknownReferenceNumber: Problem(404, "Det finns ingen anmälan med det diarienumret."),
    SubmissionIdReused: Problem(
        409, "Den här anmälan har redan skickats in med ett annat innehåll. Skicka den som en ny anmälan."
    ),
    AlreadyRecorded: Problem(409, "Det här är redan registrerat för anmälan."),
    Refused: Problem(409, None),
    InvalidReport: Problem(422, "Anmälan kunde inte tas emot. Rätta uppgifterna nedan och skicka igen."),
    InvalidIdentityNumber: Problem(422, "Kontrollera personnumret."),
    ValidationError: Problem(422, "Uppgifterna är inte giltiga. Rätta dem och försök igen."),
}


def problem_of(error: Exception) -> tuple[int, str, list[FieldProblem]]:
    """The status, message and field problems the table gives `error` (or its nearest listed base class)."""
    problem = next(PROBLEMS[kind] for kind in type(error).__mro__ if kind in PROBLEMS)
    status = problem.status if problem.status is not None else error.status  # type: ignore[attr-defined]
    message = problem.message if problem.message is not None else str(error)
    if isinstance(error, ValidationError):
        return status, message, describe_validation_error(error)
    return status, message, list(getattr(error, "problems", []))


def problem_response(error: Exception) -> Response:
    return answer(*problem_of(error))


def answer(status: int, message: str, problems: list[FieldProblem] | tuple = ()) -> Response:
    """An error answer: a message a person reads, and the problems field by field."""
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(
            {"message": message, "errors": [problem.model_dump() for problem in problems]}, ensure_ascii=False
        ),
        headers={"Cache-Control": "no-store"},
    )


def answer_problems(app) -> None:
    """Registers the table with a resolver: every listed error gets its row's answer."""
    app.exception_handler(list(PROBLEMS))(problem_response)
