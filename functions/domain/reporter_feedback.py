"""Återkoppling: what a professional reporter is told once the decisions are made (docs/legal-rules.md,
"Återkoppling": old SoL 14 kap. 1 b or 1 f §; the new law's, 2025:400, number is not confirmed there). Plain functions over the stored report: the
content as the reporter wrote it (camelCase JSON) and the `persons` map of what staff recorded.

Feedback is prepared once every person's decision is approved, not person by person: the reporter gets one
notice and one letter with every outcome, and the case worker sends (or withholds) it once per report.

What is stored on the REPORT item (`feedback`):

    {"status": "prepared" | "sent" | "withheld", "version": 1, "preparedAt": "<ISO>",
     "outcomes": {"<person number>": "utredning inleds" | "utredning inleds inte" | "utredning pågår redan"},
     "leftOut": {"<person number>": "no_consent"},               # adults without consent: not told
     "sentAt", "sentBy", "notice": {"channel": "email" | "sms" | None, "delivered": bool},
     "withheldAt", "withheldBy", "reason",                          # when withheld as inappropriate
     "letterSentAt", "letterSentBy"}                                  # the letter, for whoever did not sign in

and, when sent, one message for the reporter's own page ("Mina anmälningar") appended to `reporterMessages`:

    {"kind": "aterkoppling", "sentAt": "<ISO>", "outcomes": {"<person number>": "<the law's words>"}}
"""

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from functions.domain.feedback import feedback_allowed, kind_in_law
from functions.domain.messages import Message
from functions.domain.municipality import Municipality
from functions.domain.persons import Outcome
from functions.domain.report import PersonKind

# The law's three words (docs/legal-rules.md, "Återkoppling"): whether an investigation is opened, not opened, or already
# ongoing. Oro's decisions have no outcome "already ongoing" yet: the words are here for when they do.
OPENED = "utredning inleds"
NOT_OPENED = "utredning inleds inte"
ALREADY_ONGOING = "utredning pågår redan"
OUTCOME_WORDS: dict[Outcome, str] = {"investigation": OPENED, "no_investigation": NOT_OPENED}

LeftOutReason = Literal["no_consent"]
FeedbackStatus = Literal["prepared", "sent", "withheld"]
MESSAGE_KIND = "aterkoppling"


class PreparedFeedback(BaseModel):
    model_config = ConfigDict(frozen=True)

    outcomes: dict[str, str]  # person number → the law's words
    left_out: dict[str, LeftOutReason] = {}

    def record(self, prepared_at: str) -> dict:
        """The `feedback` attribute as first stored."""
        return {
            "status": "prepared",
            "version": 1,
            "preparedAt": prepared_at,
            "outcomes": dict(self.outcomes),
            "leftOut": dict(self.left_out),
        }


def wants_feedback(content: dict) -> bool:
    """A professional reporter who asked to be told (a private person is not owed feedback by law)."""
    reporter = content.get("reporter") or {}
    return reporter.get("type") == "yrkesverksam" and reporter.get("wantsFeedback") is True


def prepare_feedback(content: dict, persons: dict[str, dict]) -> PreparedFeedback | None:
    """The feedback once every person's decision is made, or None: the reporter did not ask for it (or is
    not a professional), a decision is still missing, or no person's outcome may be told."""
    if not wants_feedback(content) or not persons:
        return None
    if any(not (person.get("decision") or {}).get("outcome") for person in persons.values()):
        return None
    written = content.get("persons") or []
    outcomes: dict[str, str] = {}
    left_out: dict[str, LeftOutReason] = {}
    for number in sorted(persons, key=int):
        person = persons[number]
        index = int(number) - 1
        as_written = written[index] if 0 <= index < len(written) else {}
        kind = kind_in_law(
            person.get("kind") or as_written.get("kind") or PersonKind.CHILD.value, person.get("rule", "")
        )
        recorded = person.get("feedbackConsent")
        if feedback_allowed(kind, as_written.get("feedbackConsent"), recorded["given"] if recorded else None):
            outcomes[number] = OUTCOME_WORDS[person["decision"]["outcome"]]
        else:
            left_out[number] = "no_consent"
    if not outcomes:
        return None
    return PreparedFeedback(outcomes=outcomes, left_out=left_out)


def reporter_message(outcomes: dict[str, str], sent_at: str) -> dict:
    """The message stored for the reporter's own page (shape in the module's docstring)."""
    return {"kind": MESSAGE_KIND, "sentAt": sent_at, "outcomes": dict(outcomes)}


def sms_number(phone: str | None) -> str | None:
    """A phone number as the form takes it ("070-123 45 67", "+46 70 …", "0046 …") in E.164 as SNS needs
    it (a Swedish number without a country code is Swedish), or None when it cannot be one."""
    if not phone:
        return None
    digits = re.sub(r"[\s\-().]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+46" + digits[1:]
    return digits if re.fullmatch(r"\+[1-9][0-9]{6,14}", digits) else None


def reporter_sign_in_url(municipality: Municipality) -> str:
    """Where a reporter signs in to read their messages: "Mina anmälningar" beside the form."""
    url = municipality.dashboard_url
    port = f":{url.port}" if url.port and url.port not in (80, 443) else ""
    return f"{url.scheme}://{url.host}{port}/mina-anmalningar/"


def notice(municipality: Municipality, reference_number: str) -> Message:
    """The SMS or e-mail telling the reporter there is news: the reference number and where to sign in,
    nothing of the report or the decision (an SMS is read on a locked screen, an e-mail may be forwarded)."""
    news = f"Du har ett nytt besked om anmälan {reference_number}. Logga in för att läsa."
    sign_in = reporter_sign_in_url(municipality)
    return Message(
        sms=f"{news} {sign_in}",
        subject=f"Nytt besked om anmälan {reference_number}",
        body=(
            f"{news}\n\nLogga in på {sign_in}\n\n"
            f"Socialtjänsten i {municipality.name}\n"
            "Det här meddelandet går inte att svara på."
        ),
    )
