"""More information needed: a case worker asks the reporter a question from the report, the reporter answers
in "Mina anmälningar". Only a reporter who signed in when they reported can read a question in Oro: an
anonymous reporter cannot be asked at all, and one who gave their name without signing in is called or
written to with the contact in the report. The report's clocks keep running: asking changes no deadline.

Both are kept on the REPORT item in `reporterMessages`, beside återkoppling (functions/domain/reporter_feedback.py):

    {"kind": "fraga", "questionId", "askedAt": "<ISO>", "askedBy": "<staff id>", "text",
     "answeredAt": "<ISO>"}                                         # answeredAt once the reporter answered
    {"kind": "svar", "questionId", "answeredAt": "<ISO>", "text"}

The text is kept as written (pages show it with textContent, never as markup)."""

import json

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.errors import Refused
from functions.domain.messages import Message
from functions.domain.municipality import Municipality
from functions.domain.reporter_feedback import reporter_sign_in_url, sms_number
from functions.domain.reporter_view import ReporterStatus, reporter_status
from functions.domain.text import multi_line

QUESTION_KIND = "fraga"
ANSWER_KIND = "svar"
QUESTION_MIN_LENGTH, QUESTION_MAX_LENGTH = 10, 2_000
ANSWER_MAX_LENGTH = 4_000

ANONYMOUS = "Anmälan är anonym: anmälaren kan inte få frågor."
NOT_SIGNED_IN = (
    "Anmälaren loggade inte in när anmälan skickades och kan inte läsa frågor i Oro. "
    "Ring eller skriv till anmälaren med kontaktuppgifterna i anmälan."
)
CLOSED = "Anmälan är avslutad: ett beslut är fattat om varje person."


class NoSuchQuestion(Exception):
    """The report has no question with this id."""


class AlreadyAnswered(Exception):
    """The question has its answer already."""


class ReportClosed(Exception):
    """Every person's decision is made: the report takes no more answers."""


class AnswerBody(BaseModel):
    """What the reporter sends: the question they answer and their answer."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", strict=True)

    question_id: multi_line(100)  # type: ignore[valid-type]
    text: multi_line(ANSWER_MAX_LENGTH)  # type: ignore[valid-type]


def is_closed(item: dict) -> bool:
    return reporter_status(item.get("persons") or {}) is ReporterStatus.CLOSED


def require_askable(item: dict) -> None:
    """Refused (409) unless the reporter signed in when they reported and the report is still open."""
    reporter = json.loads(item["content"]).get("reporter") or {}
    if reporter.get("anonymous") is True:
        raise Refused(ANONYMOUS)
    if not item.get("reporterIdentity") or not item.get("reporterKey"):
        raise Refused(NOT_SIGNED_IN)
    if is_closed(item):
        raise Refused(CLOSED)


def question_message(question_id: str, asked_at: str, asked_by: str, text: str) -> dict:
    return {
        "kind": QUESTION_KIND,
        "questionId": question_id,
        "askedAt": asked_at,
        "askedBy": asked_by,
        "text": text,
    }


def answered(messages: list[dict], question_id: str, text: str, answered_at: str) -> tuple[int, list[dict]]:
    """The messages with the question marked answered and the answer appended, and the question's index (the
    write is conditional on it still being unanswered there). NoSuchQuestion, AlreadyAnswered otherwise."""
    index = next(
        (
            position
            for position, message in enumerate(messages)
            if message.get("kind") == QUESTION_KIND and message.get("questionId") == question_id
        ),
        None,
    )
    if index is None:
        raise NoSuchQuestion(question_id)
    if messages[index].get("answeredAt"):
        raise AlreadyAnswered(question_id)
    changed = [dict(message) for message in messages]
    changed[index]["answeredAt"] = answered_at
    changed.append({"kind": ANSWER_KIND, "questionId": question_id, "answeredAt": answered_at, "text": text})
    return index, changed


def notice_address(item: dict) -> tuple[str | None, str | None]:
    """Where the notice goes: an e-mail in the report, else the verified identity's; an SMS to the report's
    phone only when there is no e-mail at all."""
    reporter = json.loads(item["content"]).get("reporter") or {}
    identity = item.get("reporterIdentity") or {}
    email = reporter.get("workEmail") or reporter.get("email") or identity.get("email")
    phone = None if email else sms_number(reporter.get("workPhone") or reporter.get("phone"))
    return email, phone


def question_notice(municipality: Municipality, reference_number: str) -> Message:
    """The reference number and where to sign in: nothing of the question or the report."""
    news = f"Du har en ny fråga om anmälan {reference_number}. Logga in för att läsa och svara."
    sign_in = reporter_sign_in_url(municipality)
    return Message(
        sms=f"{news} {sign_in}",
        subject=f"Ny fråga om anmälan {reference_number}",
        body=(
            f"{news}\n\nLogga in på {sign_in}\n\n"
            f"Socialtjänsten i {municipality.name}\n"
            "Det här meddelandet går inte att svara på."
        ),
    )
