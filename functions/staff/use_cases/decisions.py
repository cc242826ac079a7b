"""Decisions whether to open an investigation, per person, with four eyes: one person proposes, another
approves or returns exactly the version they read. The decision, the proposal's new state, who holds the
report and the audit entry are one transaction."""

from functions.domain.access import Permission
from functions.domain.deadlines import investigation_deadline
from functions.domain.decisions import (
    PROPOSAL_CHANGED,
    Outcome,
    check_proposal,
    check_review,
    check_violence_assessment,
)
from functions.domain.errors import Refused
from functions.domain.lifecycle import MessageKind, Notification, Phase
from functions.domain.persons import clock_rules
from functions.domain.routing import RoutingDecision, route_for_work
from functions.shared.observability import logger, metrics
from functions.staff.acting import Act, staff_use_case
from functions.staff.use_cases.common import (
    ask_for_handoff,
    feedback_on_decision,
    handoff_on_decision,
    person_in,
    resume,
)
from functions.staff.views import awaiting_review, person_record
from functions.stores.reports import iso


@staff_use_case(Permission.PROPOSE_DECISION, "propose_decision")
def propose_decision(act: Act, report_id: str, number: int, outcome: Outcome, motivation: str) -> int:
    """A proposal for one person, for a second person to review; replacing a pending one gives it a new
    version, so a reviewer can only approve what they saw. Answers the version. The förste
    socialsekreterare is told by e-mail (no personal data) that a proposal awaits review, once while the
    report has proposals waiting: the proposals for its other persons join the same review."""
    item, _, person = person_in(act, report_id, number)
    check_proposal(person, outcome)
    services, now = act.services, act.services.now()
    previous = person_record(item, number).get("decisionProposal")
    replaces = int(previous.get("version", 1)) if previous else None
    version = (replaces or 0) + 1
    proposal = {
        "outcome": outcome,
        "motivation": motivation,
        "status": "proposed",
        "version": version,
        "proposedBy": act.staff.staff_id,
        "proposedAt": iso(now),
    }
    holder = route_for_work("review", services.municipality.office_hours, now)
    if not services.lifecycle.propose_decision(
        report_id, number, proposal, replaces, holder, act.put(item, number)
    ):
        raise Refused(
            "Anmälan har ändrats medan du skrev förslaget (ett beslut eller ett annat förslag). "
            "Läs den igen och föreslå sedan."
        )
    if not awaiting_review(item):
        _ask_for_review(act, item, awaiting={number})
    return version


def _ask_for_review(act: Act, item: dict, awaiting: set[int]) -> None:
    messenger = act.services.messenger
    if messenger is None:
        return
    delivery = messenger.send(
        item["reportId"],
        item["referenceNumber"],
        Notification(
            recipient="first_social_secretary",
            message=MessageKind.REVIEW_REQUESTED,
            phase=Phase.DECISION,
            persons_due=len(awaiting),
            persons_total=len(item.get("persons") or {}) or 1,
        ),
        channels=("email",),
    )
    if not delivery.delivered:
        # The proposal stands and the queue's review filter shows it; the operators see the metric.
        logger.warning("review request not sent", extra={"report_id": item["reportId"]})
        metrics.add_metric(name="ReviewRequestsNotSent", unit="Count", value=1)


@staff_use_case(Permission.PROPOSE_DECISION, "record_violence_assessment")
def record_violence_assessment(
    act: Act, report_id: str, number: int, concerns_person: bool, motivation: str
) -> str:
    """Whether the violence the report tells of concerns this child (subjected to it or witnessing it): the
    form asks about violence once per report, so staff say which child it concerns. The violence rule then
    follows the assessment; each assessment is kept with who, when and why."""
    item, _, person = person_in(act, report_id, number)
    check_violence_assessment(person)
    assessment = {
        "concernsPerson": concerns_person,
        "motivation": motivation,
        "staffId": act.staff.staff_id,
        "at": iso(act.services.now()),
    }
    act.services.lifecycle.record_violence_assessment(
        report_id, number, concerns_person, assessment, audit=act.put(item, number)
    )
    return "violence_assessment_recorded"


@staff_use_case(Permission.APPROVE_DECISION, "approve_decision")
def approve_proposal(act: Act, report_id: str, number: int, version: int, comment: str | None = None) -> str:
    """Approving records the person's decision and prepares its hand-off to the case system; an investigation
    starts their 4-month clock and is followed by the förste socialsekreterare."""
    _review(act, report_id, number, version, comment, approve=True)
    resume(act, report_id)
    ask_for_handoff(act, report_id)
    return "decision_recorded"


@staff_use_case(Permission.APPROVE_DECISION, "return_decision_proposal")
def return_proposal(act: Act, report_id: str, number: int, version: int, comment: str | None = None) -> str:
    """Returned, the report goes back to the intake team for a new proposal."""
    _review(act, report_id, number, version, comment, approve=False)
    return "decision_proposal_returned"


def _review(
    act: Act, report_id: str, number: int, version: int, comment: str | None, *, approve: bool
) -> None:
    item, facts, person = person_in(act, report_id, number)
    proposal = person_record(item, number).get("decisionProposal") or {}
    reviewer = act.staff.staff_id
    check_review(person, proposal, reviewer, version, approve=approve)
    services, moment = act.services, act.services.now()
    now, hours = iso(moment), services.municipality.office_hours
    reviewed = {
        **proposal,
        "version": version,
        "status": "approved" if approve else "returned",
        "reviewedBy": reviewer,
        "reviewedAt": now,
        **({"comment": comment} if comment else {}),
    }
    decision = None
    holder: RoutingDecision | None = route_for_work("returned", hours, moment)
    four_months = None
    feedback, feedback_audit = None, None
    handoff, handoff_audit = None, None
    if approve:
        decision = {
            "outcome": proposal["outcome"],
            "motivation": proposal.get("motivation"),
            "decidedAt": now,
            "decidedBy": reviewer,
            "proposedBy": proposal["proposedBy"],
        }
        others = [other for other in facts.persons if other.number != number]
        if proposal["outcome"] == "investigation":
            holder = route_for_work("investigation", hours, moment)
            four_months = investigation_deadline(
                moment, clock_rules(person.rule, services.municipality), hours.timezone
            )
        elif awaiting_review(item) - {number}:
            holder = None  # another person's proposal awaits review: the reviewer keeps the report
        elif any(other.decision is None for other in others):
            holder = route_for_work("decision", hours, moment)  # the others' proposals are the intake team's
        elif any(other.decision == "investigation" and not other.investigation_closed_at for other in others):
            holder = route_for_work("investigation", hours, moment)
        else:  # every person decided, none investigated: nothing more to do in Oro
            holder = route_for_work("decided", hours, moment)
        feedback, feedback_audit = feedback_on_decision(act, item, number, decision)
        handoff, handoff_audit = handoff_on_decision(act, item, number)
    if not services.lifecycle.review_decision_proposal(
        report_id,
        number,
        reviewed,
        decision,
        holder,
        act.put(item, number),
        four_months,
        leaves_review=not (awaiting_review(item) - {number}),
        feedback=feedback,
        feedback_audit=feedback_audit,
        handoff=handoff,
        handoff_audit=handoff_audit,
    ):
        raise Refused(PROPOSAL_CHANGED)
