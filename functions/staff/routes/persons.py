"""The work on each person a report concerns: skyddsbedömning and what was done, the decision proposal and
its review (four eyes), extending the 14-day limit, and the investigation."""

from datetime import date
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import AfterValidator, Field, StrictBool, StrictInt

from functions.domain.decisions import EXTENSION_REASON_MIN_LENGTH, MOTIVATION_MIN_LENGTH
from functions.domain.feedback import NOTE_MAX_LENGTH, NOTE_MIN_LENGTH, ConsentRecord
from functions.domain.follow_up import FollowUpOutcome, InvestigationResult
from functions.domain.text import multi_line
from functions.shared.contract import staff_operation
from functions.staff.answers import ConsentAnswer, EventAnswer, ProposalAnswer
from functions.staff.http import PERSON, Body, act, body, json_response, person_number
from functions.staff.use_cases.consent import record_feedback_consent
from functions.staff.use_cases.deadlines import (
    close_investigation,
    extend_decision_deadline,
    extend_investigation,
    record_follow_up,
)
from functions.staff.use_cases.decisions import (
    approve_proposal,
    propose_decision,
    record_violence_assessment,
    return_proposal,
)
from functions.staff.use_cases.handoff import register_handoff_manually
from functions.staff.use_cases.protection import record_protection_assessment, record_protection_measures

router = Router()

Motivation = multi_line(2_000, min_length=MOTIVATION_MIN_LENGTH)
Reason = multi_line(1_000, min_length=EXTENSION_REASON_MIN_LENGTH)


class ProtectionAssessmentBody(Body):
    immediate_protection_needed: StrictBool
    motivation: Motivation  # type: ignore[valid-type]


class ProtectionMeasuresBody(Body):
    note: Motivation  # type: ignore[valid-type]


class ProposalBody(Body):
    outcome: Literal["no_investigation", "investigation"]
    motivation: Motivation  # type: ignore[valid-type]


class _ReviewBody(Body):
    # The proposal's version as the reviewer saw it: they review exactly that, or get 409.
    version: StrictInt = Field(ge=1)


class ViolenceAssessmentBody(Body):
    concerns_person: StrictBool
    motivation: Motivation  # type: ignore[valid-type]


class ReturnBody(_ReviewBody):
    # Why it goes back, so the proposer knows what to change: a return is never silent.
    comment: multi_line(2_000, min_length=MOTIVATION_MIN_LENGTH)  # type: ignore[valid-type]


def _true(value: bool) -> bool:
    if value is not True:
        raise ValueError("not_confirmed")
    return value


class ApprovalBody(_ReviewBody):
    comment: multi_line(2_000) | None = None  # type: ignore[valid-type]
    # The reviewer confirmed the decision they approve (the page asks): a decision is not a misclick.
    # Literally true: Literal[True] would also take 1 and 1.0.
    confirmed: Annotated[StrictBool, AfterValidator(_true)]


class ExtensionBody(Body):
    extended_to: date
    reason: Reason  # type: ignore[valid-type]


class FeedbackConsentBody(Body):
    given: StrictBool  # false: withdrawn
    given_on: date
    # How the person gave it ("muntligt i telefon"), so that anyone can see what the consent rests on.
    note: multi_line(NOTE_MAX_LENGTH, min_length=NOTE_MIN_LENGTH)  # type: ignore[valid-type]
    # The consent's version as the case worker read it (0: none recorded): they change exactly that, or 409.
    version: StrictInt = Field(ge=0)


class EmptyBody(Body):
    pass


class ClosureBody(Body):
    # What the investigation found: measures are then followed up until the need ends.
    result: InvestigationResult


class FollowUpBody(Body):
    outcome: FollowUpOutcome
    # What was followed up, or why the follow-up ends: kept with who and when.
    note: multi_line(2_000, min_length=3)  # type: ignore[valid-type]


class ManualRegistrationBody(Body):
    # The case id the case system gave when the case worker registered the hand-off there by hand.
    case_id: str = Field(min_length=1, max_length=64, pattern=r"^[\w][\w .:/#-]*$")


# What every action on a person can meet: a body that is not JSON (400) or not valid (422), no such report
# or person (404), a rule or a state it conflicts with (409).
_PERSON_ERRORS = (400, 404, 409, 422)


def _person_operation(use_case, body_model: type[Body], summary: str, answer=EventAnswer) -> dict:
    return staff_operation(use_case, 200, _PERSON_ERRORS, answer=answer, body=body_model, summary=summary)


def _on_person(use_case, report_id: str, person: str, *details) -> Response[str]:
    """Runs a use case on person `person` of the report; answers the event it recorded."""
    recorded = act(router.current_event, use_case, report_id, person_number(person), *details)
    return json_response(200, {"event": recorded})


def _read(model: type[Body]):
    return body(router.current_event, model)


@router.post(
    f"{PERSON}/protection-assessment",
    **_person_operation(record_protection_assessment, ProtectionAssessmentBody, "Skyddsbedömning"),
)
def protection_assessment(report_id: str, person: str) -> Response[str]:
    assessment = _read(ProtectionAssessmentBody)
    return _on_person(
        record_protection_assessment,
        report_id,
        person,
        assessment.immediate_protection_needed,
        assessment.motivation,
    )


@router.post(
    f"{PERSON}/protection-measures",
    **_person_operation(record_protection_measures, ProtectionMeasuresBody, "Vad som gjorts för skyddet"),
)
def protection_measures(report_id: str, person: str) -> Response[str]:
    return _on_person(record_protection_measures, report_id, person, _read(ProtectionMeasuresBody).note)


@router.post(
    f"{PERSON}/decision-proposal",
    **_person_operation(propose_decision, ProposalBody, "Förslag till beslut", answer=ProposalAnswer),
)
def propose(report_id: str, person: str) -> Response[str]:
    proposal = _read(ProposalBody)
    version = act(
        router.current_event,
        propose_decision,
        report_id,
        person_number(person),
        proposal.outcome,
        proposal.motivation,
    )
    return json_response(200, {"event": "decision_proposed", "version": version})


@router.post(
    f"{PERSON}/violence-assessment",
    **_person_operation(record_violence_assessment, ViolenceAssessmentBody, "Gäller våldet barnet?"),
)
def violence_assessment(report_id: str, person: str) -> Response[str]:
    assessment = _read(ViolenceAssessmentBody)
    return _on_person(
        record_violence_assessment, report_id, person, assessment.concerns_person, assessment.motivation
    )


@router.post(
    f"{PERSON}/decision-proposal/approve",
    **_person_operation(approve_proposal, ApprovalBody, "Godkänn förslaget (fyra ögon)"),
)
def approve(report_id: str, person: str) -> Response[str]:
    review = _read(ApprovalBody)
    return _on_person(approve_proposal, report_id, person, review.version, review.comment)


@router.post(
    f"{PERSON}/decision-proposal/return",
    **_person_operation(return_proposal, ReturnBody, "Skicka tillbaka förslaget"),
)
def send_back(report_id: str, person: str) -> Response[str]:
    review = _read(ReturnBody)
    return _on_person(return_proposal, report_id, person, review.version, review.comment)


@router.post(
    f"{PERSON}/decision-deadline-extension",
    **_person_operation(extend_decision_deadline, ExtensionBody, "Förläng fristen för beslut"),
)
def decision_deadline_extension(report_id: str, person: str) -> Response[str]:
    extension = _read(ExtensionBody)
    return _on_person(extend_decision_deadline, report_id, person, extension.extended_to, extension.reason)


@router.post(
    f"{PERSON}/investigation-closure",
    **_person_operation(close_investigation, ClosureBody, "Avsluta utredningen med dess resultat"),
)
def investigation_closure(report_id: str, person: str) -> Response[str]:
    closure = _read(ClosureBody)
    return _on_person(close_investigation, report_id, person, closure.result)


@router.post(
    f"{PERSON}/follow-up",
    **_person_operation(record_follow_up, FollowUpBody, "Uppföljning av insatser gjord, eller avslutad"),
)
def follow_up(report_id: str, person: str) -> Response[str]:
    recorded = _read(FollowUpBody)
    return _on_person(record_follow_up, report_id, person, recorded.outcome, recorded.note)


@router.post(
    f"{PERSON}/investigation-extension",
    **_person_operation(extend_investigation, ExtensionBody, "Förläng utredningen"),
)
def investigation_extension(report_id: str, person: str) -> Response[str]:
    extension = _read(ExtensionBody)
    return _on_person(extend_investigation, report_id, person, extension.extended_to, extension.reason)


@router.post(
    f"{PERSON}/feedback-consent",
    **_person_operation(
        record_feedback_consent,
        FeedbackConsentBody,
        "Samtycke till återkoppling lämnat eller återkallat",
        answer=ConsentAnswer,
    ),
)
def feedback_consent(report_id: str, person: str) -> Response[str]:
    consent = _read(FeedbackConsentBody)
    version = act(
        router.current_event,
        record_feedback_consent,
        report_id,
        person_number(person),
        ConsentRecord(given=consent.given, given_on=consent.given_on, note=consent.note),
        consent.version,
    )
    return json_response(200, {"event": "feedback_consent_recorded", "version": version})


@router.post(
    f"{PERSON}/handoff/manual-registration",
    **_person_operation(
        register_handoff_manually, ManualRegistrationBody, "Överlämningen registrerad manuellt i verksamhetssystemet"
    ),
)
def handoff_manual_registration(report_id: str, person: str) -> Response[str]:
    registration = _read(ManualRegistrationBody)
    return _on_person(register_handoff_manually, report_id, person, registration.case_id)
