"""Återkoppling to a professional reporter (functions/domain/reporter_feedback.py): prepared by the last
approved decision (common.feedback_on_decision), then sent by a case worker (a message on the reporter's own page and a notice without
personal data) or withheld as inappropriate, with the reason. For a reporter who did not sign in, a letter
from the municipality's template, downloaded and marked sent. Each step is audited and shows on the
report's timeline."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from functions.domain.access import Permission
from functions.domain.errors import Refused
from functions.domain.feedback_letter import (
    LetterTemplateInvalid,
    outcome_lines,
    render_letter,
    swedish_day,
)
from functions.domain.reporter_feedback import MESSAGE_KIND, notice, reporter_message, sms_number
from functions.shared.letters import letter_pdf, letter_template
from functions.staff.acting import Act, staff_use_case
from functions.stores.feedback import FeedbackStore
from functions.stores.reports import iso

LETTER = "aterkoppling"
NO_FEEDBACK = "Det finns ingen återkoppling att skicka för den här anmälan."
ALREADY_SETTLED = {
    "sent": "Återkopplingen är redan skickad.",
    "withheld": "Återkopplingen är redan stoppad som olämplig.",
}
FEEDBACK_CHANGED = "Återkopplingen har ändrats medan du läste den. Läs anmälan igen."
LETTER_NEEDS_SENT = "Skicka återkopplingen först; brevet markeras som skickat efter det."
LETTER_ALREADY_SENT = "Brevet är redan markerat som skickat."
# Why the case worker found feedback inappropriate: written out, not a word.
WITHHOLD_REASON_MIN_LENGTH = 10


def _prepared(item: dict, version: int) -> dict:
    feedback = item.get("feedback")
    if not feedback:
        raise Refused(NO_FEEDBACK)
    if feedback.get("status") in ALREADY_SETTLED:
        raise Refused(ALREADY_SETTLED[feedback["status"]])
    if int(feedback.get("version", 0)) != version:
        raise Refused(FEEDBACK_CHANGED)
    return feedback


def _store(act: Act) -> FeedbackStore:
    return FeedbackStore(act.services.reports_table, act.services.dynamodb)


@staff_use_case(Permission.SEND_FEEDBACK, "send_feedback")
def send_feedback(act: Act, report_id: str, version: int) -> dict:
    """Sends exactly the prepared feedback the case worker read: stored for the reporter's own page, then a
    notice by e-mail (or SMS) holding the reference number and where to sign in, nothing more. The feedback
    stands when the notice fails (the timeline says so; the letter remains)."""
    item = act.services.lifecycle.report_item(report_id)
    feedback = _prepared(item, version)
    sent_at = iso(act.services.now())
    changes = {"status": "sent", "sentAt": sent_at, "sentBy": act.staff.staff_id}
    message = reporter_message(feedback.get("outcomes") or {}, sent_at)
    if not _store(act).settle(report_id, version, changes, message, act.put(item)):
        raise Refused(FEEDBACK_CHANGED)
    reporter = json.loads(item["content"]).get("reporter") or {}
    email, phone = reporter.get("workEmail"), reporter.get("workPhone")
    messenger = act.services.messenger
    if not (email or phone) or messenger is None:  # a professional must give one: a registered report may not
        return {"event": "feedback_sent", "notice": None}
    delivery = messenger.notify_reporter(
        report_id,
        item["referenceNumber"],
        notice(act.services.municipality, item["referenceNumber"]),
        f"{MESSAGE_KIND}_notice",
        email=email,
        phone=sms_number(phone),
    )
    return {
        "event": "feedback_sent",
        "notice": {"channel": "email" if email else "sms", "delivered": bool(delivery.delivered)},
    }


@staff_use_case(Permission.SEND_FEEDBACK, "withhold_feedback")
def withhold_feedback(act: Act, report_id: str, version: int, reason: str) -> str:
    """Feedback found inappropriate is not sent: the reason is kept with who and when (not in the audit
    entry, which never holds text, but on the report)."""
    item = act.services.lifecycle.report_item(report_id)
    _prepared(item, version)
    changes = {
        "status": "withheld",
        "withheldAt": iso(act.services.now()),
        "withheldBy": act.staff.staff_id,
        "reason": reason,
    }
    if not _store(act).settle(report_id, version, changes, None, act.put(item)):
        raise Refused(FEEDBACK_CHANGED)
    return "feedback_withheld"


def _letter_values(act: Act, item: dict) -> dict[str, str | None]:
    municipality = act.services.municipality
    content = json.loads(item["content"])
    reporter = content.get("reporter") or {}
    feedback = item["feedback"]
    zone = municipality.office_hours.timezone
    kinds = {number: person.get("kind", "") for number, person in (item.get("persons") or {}).items()}
    received = item.get("receivedAt")
    return {
        "kommun": municipality.name,
        "datum": swedish_day(act.services.now().astimezone(ZoneInfo(zone)).date()),
        "referensnummer": item.get("referenceNumber"),
        "mottagen": swedish_day(datetime.fromisoformat(received).astimezone(ZoneInfo(zone)).date())
        if received
        else None,
        "anmalare": reporter.get("name"),
        "organisation": reporter.get("organisation"),
        "besked": outcome_lines(feedback.get("outcomes") or {}, kinds),
        "telefon": municipality.intake_team.phone,
    }


@staff_use_case(Permission.SEND_FEEDBACK, "download_feedback_letter")
def feedback_letter(act: Act, report_id: str) -> tuple[str, bytes]:
    """The letter as PDF, for a reporter who did not sign in: the municipality's template filled whole, or
    LetterTemplateInvalid naming what is wrong (audited as refused, nothing changed). Audited before it is
    given."""
    item = act.services.lifecycle.report_item(report_id)
    feedback = item.get("feedback")
    if not feedback:
        raise Refused(NO_FEEDBACK)
    if feedback.get("status") == "withheld":
        raise Refused(ALREADY_SETTLED["withheld"])
    municipality = act.services.municipality
    try:
        text = render_letter(letter_template(municipality.id, LETTER), _letter_values(act, item))
    except LetterTemplateInvalid:
        # Refused, like a refused attempt: for log review, out of the report's timeline.
        act.log(detail={"outcome": "template_invalid", "reportId": report_id})
        raise
    reference = item["referenceNumber"]
    act.log(report_id, reference)
    pdf = letter_pdf(
        text, title=f"Återkoppling om orosanmälan {reference}", author=f"Socialtjänsten i {municipality.name}"
    )
    return f"aterkoppling-{reference}.pdf", pdf


@staff_use_case(Permission.SEND_FEEDBACK, "mark_feedback_letter_sent")
def mark_letter_sent(act: Act, report_id: str) -> str:
    item = act.services.lifecycle.report_item(report_id)
    feedback = item.get("feedback")
    if not feedback:
        raise Refused(NO_FEEDBACK)
    if feedback.get("status") != "sent":
        raise Refused(
            ALREADY_SETTLED["withheld"] if feedback.get("status") == "withheld" else LETTER_NEEDS_SENT
        )
    if feedback.get("letterSentAt"):
        raise Refused(LETTER_ALREADY_SENT)
    if not _store(act).record_letter_sent(
        report_id, iso(act.services.now()), act.staff.staff_id, act.put(item)
    ):
        raise Refused(LETTER_ALREADY_SENT)
    return "feedback_letter_sent"
