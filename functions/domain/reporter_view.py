"""What a signed-in reporter sees of their own report in "Mina anmälningar": its reference, when it came,
where it stands in plain words, what they wrote themself, and the messages sent to them. Nothing the social
services wrote (assessments, motivations, who handled it) and nothing of what others told them.

Where it stands:
- mottagen: nobody has assessed it yet;
- bedöms: the social services are assessing it (a protection assessment or a proposal is recorded);
- avslutad: a decision is made about every person concerned.
Whether an investigation was opened is återkoppling: told only when the case worker sends it (and to a
professional, or with an adult's consent), in the messages; the status itself never reveals it.
"""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class ReporterStatus(StrEnum):
    RECEIVED = "mottagen"
    ASSESSING = "bedoms"
    CLOSED = "avslutad"


STATUS_TEXTS = {
    ReporterStatus.RECEIVED: "Mottagen",
    ReporterStatus.ASSESSING: "Bedöms",
    ReporterStatus.CLOSED: "Avslutad",
}


def reporter_status(persons: dict) -> ReporterStatus:
    """From the report item's per-person records (`persons`, by number)."""
    records = list(persons.values())
    if records and all(record.get("decision") for record in records):
        return ReporterStatus.CLOSED
    started = ("protectionAssessment", "decisionProposal", "decision")
    if any(record.get(step) for record in records for step in started):
        return ReporterStatus.ASSESSING
    return ReporterStatus.RECEIVED


class OwnReportSummary(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    report_id: str
    reference_number: str
    received_at: datetime
    status: ReporterStatus
    status_text: str
    # Messages from the municipality (återkoppling, questions) and the questions still waiting for an answer.
    messages_from_us: int = 0
    questions_to_answer: int = 0
    # The återkoppling sent, if any: each person's outcome (by their number in the report) in the law's words.
    outcomes: dict[str, str] | None = None


class OwnReport(OwnReportSummary):
    # The report as the reporter sent it (their own words), and the messages to and from them.
    written: dict
    messages: list[dict] = []


def latest_outcomes(messages: list[dict]) -> dict[str, str] | None:
    """The outcomes of the latest återkoppling sent to the reporter (functions/domain/reporter_feedback.py)."""
    sent = [
        message for message in messages if message.get("kind") == "aterkoppling" and message.get("outcomes")
    ]
    return dict(max(sent, key=lambda message: message.get("sentAt", ""))["outcomes"]) if sent else None


def summary_of(item: dict) -> OwnReportSummary:
    status = reporter_status(item.get("persons") or {})
    messages = list(item.get("reporterMessages") or [])
    return OwnReportSummary(
        report_id=item["reportId"],
        reference_number=item["referenceNumber"],
        received_at=datetime.fromisoformat(item["receivedAt"]),
        status=status,
        status_text=STATUS_TEXTS[status],
        # The reporter's own answers ("svar", functions/domain/reporter_questions.py) are not from us.
        messages_from_us=sum(1 for message in messages if message.get("kind") != "svar"),
        questions_to_answer=sum(
            1 for message in messages if message.get("kind") == "fraga" and not message.get("answeredAt")
        ),
        outcomes=latest_outcomes(messages),
    )


# Who among the staff asked or sent stays with the staff.
_STAFF_ONLY = frozenset({"askedBy", "sentBy"})


def reporter_message(message: dict) -> dict:
    """A message as its reporter sees it."""
    return {key: value for key, value in message.items() if key not in _STAFF_ONLY}
