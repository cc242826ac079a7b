"""What the staff API answers, as models for its OpenAPI document (functions/shared/contract.py): the
shapes the use cases return, built from the same models where the use cases have them (a queue row, an
audit entry). The contract fuzzer checks every answer it gets against them."""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.staff.views import QueueItem
from functions.stores.audit import AuditEntry


class _Answer(BaseModel):
    # Only the document uses these: built when it is written, not at a cold start.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)


class MeAnswer(_Answer):
    staff_id: str
    roles: list[str]
    permissions: list[str]
    municipality: str
    person_search: bool


class EventAnswer(_Answer):
    """What a write recorded, by the name of its timeline event."""

    event: str


class ProposalAnswer(EventAnswer):
    version: int


class ConsentAnswer(EventAnswer):
    """The consent's new version: the next change names it, or gets 409."""

    version: int


class QueuePage(_Answer):
    items: list[QueueItem]
    next_cursor: str | None
    # Reports whose återkoppling is prepared and neither sent nor withheld.
    feedback_due: int = 0


class AttachedFile(_Answer):
    attachment_id: str
    file_name: str
    content_type: str
    size: int
    scanned_at: str | None


class AttachmentsAnswer(_Answer):
    """The clean files staff may download; the removed ones only as sentences; those awaiting a scan counted."""

    files: list[AttachedFile]
    removed: list[str]
    awaiting_scan: int


class AttachmentDownload(_Answer):
    """A link that downloads the file for a minute, under its name."""

    url: str
    file_name: str
    content_type: str
    size: int


class QuestionsToReporter(_Answer):
    """Whether the case worker can ask the reporter a question in Oro, and if not, why (in Swedish)."""

    askable: bool
    reason: str | None


class ReportAnswer(QueueItem):
    """One report: its queue row, and what was reported, each person, its routing and its timeline."""

    model_config = ConfigDict(defer_build=True)

    content: dict
    routing_history: list[dict]
    purge_on: str | None
    legal_hold: dict | None
    attachments: AttachmentsAnswer
    # The återkoppling to a professional reporter, once prepared (functions/domain/reporter_feedback.py).
    feedback: dict | None = None
    # Återkoppling sent, questions asked and the reporter's answers (functions/domain/reporter_questions.py).
    reporter_messages: list[dict] = []
    reporter_questions: QuestionsToReporter
    timeline: list[AuditEntry]


class FeedbackNotice(_Answer):
    channel: str  # "email" or "sms": the reporter's work e-mail, else their work phone
    delivered: bool


class FeedbackSentAnswer(EventAnswer):
    notice: FeedbackNotice | None  # None: the reporter gave no work e-mail or phone


class QuestionAskedAnswer(EventAnswer):
    question_id: str
    notice: FeedbackNotice | None  # None: the report holds no e-mail or phone to tell the reporter by


class PdfAnswer(_Answer):
    """A PDF file (a letter, the report as a document), base64 in `data` (the staff API answers JSON only)."""

    file_name: str
    content_type: str
    data: str


class LetterTextAnswer(_Answer):
    """A letter's text as the template, the report and what the case worker typed fill it: to read and edit."""

    text: str


class RegisteredAnswer(_Answer):
    report_id: str
    reference_number: str
    received_at: str
    created: bool


class FoundReport(_Answer):
    report_id: str
    reference_number: str
    received_at: str
    phase: str | None
    decisions: list[str | None]


class PersonSearchPage(_Answer):
    reports: list[FoundReport]
    next_cursor: str | None


class AuditExportPage(_Answer):
    entries: list[AuditEntry]
    next_cursor: str | None


class PurgeLog(_Answer):
    entries: list[dict]


class LegalHoldAnswer(_Answer):
    reference_number: str
    legal_hold: dict | None
