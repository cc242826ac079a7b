"""One table: which HTTP status and which message each error gets, in every API.

An entry's message is what a person reads, by its key in the catalogues (locales/<language>.json, `api.*`),
in the language the request asked for (the public API: Accept-Language; staff pages are Swedish); None means
the error's own message (a Refused names the rule it broke, a RequestRefused the limit it met). Problems
field by field come from the error's `problems` or `field_messages`, or, for pydantic, from its validation
errors described. Errors not in the table are unexpected: each API answers those itself (503, logged with
the traceback).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from aws_lambda_powertools.event_handler import Response, content_types
from pydantic import ValidationError

from functions.domain.access import Forbidden, NotSignedIn
from functions.domain.attachments import AttachmentRefused, AttachmentTokenInvalid
from functions.domain.errors import (
    EServiceNotOpen,
    FieldProblem,
    IncompleteAuditPeriod,
    InvalidDay,
    InvalidIdentityNumber,
    InvalidReport,
    MalformedJson,
    PersonNotInReport,
    Refused,
    SignInRequired,
    SubmissionIdReused,
    describe_validation_error,
)
from functions.domain.languages import default_language, negotiate, text
from functions.domain.letters import (
    LetterTemplateInvalid,
    LetterTextInvalid,
    LetterValuesMissing,
    UnknownLetterKind,
)
from functions.stores.errors import (
    AlreadyRecorded,
    AttachmentNotFound,
    InvalidCursor,
    LetterNotFound,
    OneFilterAtATime,
    ReportNotFound,
    UnknownFilter,
    UnknownReferenceNumber,
)


class RequestRefused(Exception):
    """A request refused before it is read (its type, size or encoding), as API Gateway would: `key` names
    its words in the catalogues, `values` fill their placeholders."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Problem:
    status: int | None  # None: the error's own status
    message: str | None  # a catalogue key; None: the error's own message


PROBLEMS: dict[type[Exception], Problem] = {
    RequestRefused: Problem(None, None),
    AttachmentRefused: Problem(None, None),  # names the limit: the types, the size, the number of files
    AttachmentTokenInvalid: Problem(403, "api.problems.AttachmentTokenInvalid"),
    MalformedJson: Problem(400, "api.problems.MalformedJson"),
    InvalidCursor: Problem(400, "api.problems.InvalidCursor"),
    OneFilterAtATime: Problem(400, "api.problems.OneFilterAtATime"),
    UnknownFilter: Problem(400, "api.problems.UnknownFilter"),
    InvalidDay: Problem(400, "api.problems.InvalidDay"),
    IncompleteAuditPeriod: Problem(400, "api.problems.IncompleteAuditPeriod"),
    NotSignedIn: Problem(401, "api.problems.NotSignedIn"),
    Forbidden: Problem(403, "api.problems.Forbidden"),
    ReportNotFound: Problem(404, "api.problems.ReportNotFound"),
    PersonNotInReport: Problem(404, "api.problems.PersonNotInReport"),
    AttachmentNotFound: Problem(404, "api.problems.AttachmentNotFound"),
    LetterNotFound: Problem(404, "api.problems.LetterNotFound"),
    UnknownLetterKind: Problem(404, "api.problems.LetterNotFound"),
    UnknownReferenceNumber: Problem(404, "api.problems.UnknownReferenceNumber"),
    SubmissionIdReused: Problem(409, "api.problems.SubmissionIdReused"),
    AlreadyRecorded: Problem(409, "api.problems.AlreadyRecorded"),
    EServiceNotOpen: Problem(403, None),
    SignInRequired: Problem(401, None),
    Refused: Problem(409, None),
    LetterTemplateInvalid: Problem(422, None),  # names the placeholder; never the template's text
    LetterValuesMissing: Problem(422, None),
    LetterTextInvalid: Problem(422, None),  # each missing value a field the case worker fills in
    InvalidReport: Problem(422, "api.problems.InvalidReport"),
    InvalidIdentityNumber: Problem(422, "api.problems.InvalidIdentityNumber"),
    ValidationError: Problem(422, "api.problems.ValidationError"),
}


def problem_of(error: Exception, language: str | None = None) -> tuple[int, str, list[FieldProblem]]:
    """The status, message and field problems the table gives `error` (or its nearest listed base class), in
    `language` (Swedish by default)."""
    language = language or default_language()
    problem = next(PROBLEMS[kind] for kind in type(error).__mro__ if kind in PROBLEMS)
    status = problem.status if problem.status is not None else error.status  # type: ignore[attr-defined]
    if problem.message is not None:
        message = text(language, problem.message)
    elif isinstance(error, RequestRefused):
        message = text(language, error.key, **error.values)
    else:
        message = str(error)
    if isinstance(error, ValidationError):
        return status, message, describe_validation_error(error, language)
    field_messages = getattr(error, "field_messages", [])
    if field_messages:
        return (
            status,
            message,
            [FieldProblem(field=f, message=text(language, key)) for f, key in field_messages],
        )
    return status, message, list(getattr(error, "problems", []))


def problem_response(error: Exception, language: str | None = None) -> Response:
    return answer(*problem_of(error, language))


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


def request_language(app) -> Callable[[], str]:
    """The language a resolver's current request asked in (Accept-Language), for its problems and answers."""

    def language() -> str:
        headers = app.current_event.headers or {}
        return negotiate(
            next((value for name, value in headers.items() if name.lower() == "accept-language"), None)
        )

    return language


def answer_problems(app, language_of=None) -> None:
    """Registers the table with a resolver: every listed error gets its row's answer, in the language
    `language_of()` gives for the request being answered (Swedish without it)."""
    app.exception_handler(list(PROBLEMS))(
        lambda error: problem_response(error, language_of() if language_of else None)
    )
