"""What the dashboard is shown of a stored report: the queue's row and each person's section on the report
page. Persons appear by number, kind, rule and phase, never by name."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.attachments import REMOVED_TEXT, AttachmentStatus
from functions.domain.feedback import feedback_allowed, kind_in_law
from functions.domain.follow_up import is_overdue
from functions.domain.handoff import STATUS_WORDS, HandoffStatus, overdue
from functions.domain.letters import LETTERS, available_letters
from functions.domain.lifecycle import Phase, phase_of
from functions.domain.municipality import Municipality
from functions.domain.persons import rule_text
from functions.stores.attachments import attachments_of
from functions.stores.lifecycle import facts_of


class QueueItem(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    report_id: str
    reference_number: str
    received_at: str
    channel: str
    next_deadline_at: str | None = None
    phase: str | None = None
    route: str | None = None
    routing_reason: str | None = None
    escalation: dict | None = None
    protection_due_at: str | None = None
    decision_due_at: str | None = None
    investigation_due_at: str | None = None
    acute_danger: bool = False
    # Each person the report concerns, by number: kind, rule and phase, never a name.
    persons: list[dict] = []
    # How many persons' decision proposals await a second reader.
    proposals_awaiting_review: int = 0
    # Återkoppling is prepared and neither sent nor withheld (known in the feedback filter's rows and on the
    # report page: the open queue's index does not carry the feedback).
    feedback_due: bool = False


def awaiting_review(item: dict) -> set[int]:
    """The persons whose decision proposals await a second reader."""
    return {
        int(number)
        for number, person in (item.get("persons") or {}).items()
        if (person.get("decisionProposal") or {}).get("status") == "proposed"
    }


def person_record(item: dict, number: int) -> dict:
    return (item.get("persons") or {}).get(str(number)) or {}


def queue_item(item: dict) -> QueueItem:
    facts = facts_of(item)
    lifecycle = item.get("lifecycle") or {}
    routing = item.get("routing") or {}
    stored = item.get("persons") or {}
    return QueueItem(
        report_id=item["reportId"],
        reference_number=item["referenceNumber"],
        received_at=item["receivedAt"],
        channel=item.get("channel", "webb"),
        next_deadline_at=item.get("nextDeadlineAt"),
        # Before its first checkpoint a report is in its first phase: every report starts there.
        phase=lifecycle.get("phase", "protection_assessment"),
        route=routing.get("route"),
        routing_reason=routing.get("reason"),
        escalation=lifecycle.get("escalation"),
        protection_due_at=(item.get("protectionAssessmentDeadline") or {}).get("dueAt"),
        decision_due_at=(item.get("decisionDeadline") or {}).get("dueAt"),
        # the earliest running investigation, while any person's is running
        investigation_due_at=(item.get("investigationDeadline") or {}).get("dueAt")
        if any(phase_of(person) is Phase.INVESTIGATION for person in facts.persons)
        else None,
        acute_danger=bool(item.get("acuteDanger")),
        persons=[
            {
                "number": person.number,
                "kind": (stored.get(str(person.number)) or {}).get("kind", "barn"),
                "rule": person.rule,
                "phase": phase_of(person).value,
            }
            for person in facts.persons
        ],
        proposals_awaiting_review=len(awaiting_review(item)),
        feedback_due=(item.get("feedback") or {}).get("status") == "prepared",
    )


def handoff_view(handoff: dict | None, municipality: Municipality, now: datetime) -> dict | None:
    """The person's hand-off to the case system as the report page shows it: its status chain, the case id,
    and whether its time to be acknowledged has passed (the page then offers to register it by hand)."""
    if not handoff:
        return None
    return {
        **handoff,
        "statusText": STATUS_WORDS[HandoffStatus(handoff["status"])],
        "caseSystem": municipality.case_system.name,
        "overdue": overdue(handoff, now),
    }


def follow_up_view(follow_up: dict | None, municipality: Municipality, now: datetime) -> dict | None:
    """The follow-up of measures as the report page shows it: the next due day, whether it has passed, and
    what was recorded."""
    if not follow_up:
        return None
    return {**follow_up, "overdue": is_overdue(follow_up, now, municipality.office_hours.timezone)}


def persons_view(item: dict, municipality: Municipality, written: list[dict], now: datetime) -> list[dict]:
    """Each person's record as the report page shows it: rule (and why), phase, what staff recorded, and
    their running clocks. `written`: the persons as the report's content names them (the consent given in it)."""
    shown = []
    for person in facts_of(item).persons:
        record = person_record(item, person.number)
        phase = phase_of(person)
        deadlines = record.get("deadlines") or {}
        # The consent as the report gave it, and as a case worker recorded it later (the latest counts).
        in_report = (written[person.number - 1] if person.number <= len(written) else {}).get(
            "feedbackConsent"
        )
        recorded = record.get("feedbackConsent")
        shown.append(
            {
                "number": person.number,
                "kind": record.get("kind"),
                "feedbackConsentInReport": in_report,
                "feedbackConsent": recorded,
                "feedbackConsentHistory": record.get("feedbackConsentHistory", []),
                "feedbackAllowed": feedback_allowed(
                    kind_in_law(record.get("kind", "barn"), person.rule),
                    in_report,
                    recorded["given"] if recorded else None,
                ),
                "rule": person.rule,
                "ruleText": rule_text(person.rule, municipality),
                "violence": person.violence,
                "violenceAssessments": record.get("violenceAssessments", []),
                "phase": phase.value,
                "protectionAssessment": record.get("protectionAssessment"),
                "protectionMeasures": record.get("protectionMeasures", []),
                "decisionProposal": record.get("decisionProposal"),
                "decision": record.get("decision"),
                "investigation": record.get("investigation"),
                "decisionDueExtendedTo": record.get("decisionDueExtendedTo"),
                "decisionDeadlineExtensions": record.get("decisionDeadlineExtensions", []),
                "protectionDueAt": (deadlines.get("protection_assessment") or {}).get("dueAt")
                if phase is Phase.PROTECTION_ASSESSMENT
                else None,
                "decisionDueAt": (deadlines.get("decision") or {}).get("dueAt")
                if phase in (Phase.PROTECTION_ASSESSMENT, Phase.DECISION)
                else None,
                "investigationDueAt": (deadlines.get("investigation") or {}).get("dueAt")
                if phase is Phase.INVESTIGATION
                else None,
                "handoff": handoff_view(record.get("handoff"), municipality, now),
                "followUp": follow_up_view(record.get("followUp"), municipality, now),
                "letters": [
                    {**letter, "title": LETTERS[letter["kind"]].title}
                    for letter in record.get("letters") or []
                ],
                "letterKinds": [
                    {
                        "kind": kind.value,
                        "title": LETTERS[kind].title,
                        # What the case worker types; `labels` names every value, for one the report lacks.
                        "fields": [
                            {"placeholder": name, "label": label}
                            for name, label in LETTERS[kind].typed.items()
                        ],
                        "labels": {name: label[0].upper() + label[1:] for name, label in LETTERS[kind].placeholders.items()},
                    }
                    for kind in available_letters(str(record.get("kind") or ""), record.get("decision"))
                ],
            }
        )
    return shown


# Files that were removed (malware, content not of its type, not scannable) are only mentioned; files still
# awaiting their scan are only counted.
def attachments_view(report_item: dict) -> dict:
    records = attachments_of(report_item)
    return {
        "files": [
            {
                "attachmentId": record.attachment_id,
                "fileName": record.file_name,
                "contentType": record.content_type,
                "size": record.size,
                "scannedAt": record.settled_at,
            }
            for record in records
            if record.status is AttachmentStatus.CLEAN
        ],
        "removed": [REMOVED_TEXT[record.status] for record in records if record.status in REMOVED_TEXT],
        "awaitingScan": sum(record.status is AttachmentStatus.AWAITING_SCAN for record in records),
    }
