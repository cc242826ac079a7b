"""What a report's lifecycle does next: the decisions behind the state machine, as one plain function.

The state machine (functions/lifecycle/lifecycle.asl.json) only waits — for a staff event or an
acknowledgement through a task token, at most until the next timer — and after every wait asks `plan`
what comes next: whom to notify with which message, and what to wait for until when.

Phases follow the law's clocks: skyddsbedömning (24 hours), beslut om utredning (14 days), utredning
(4 months, extendable). The phase is derived from what staff have recorded, never assumed from the trigger,
so a staff event that comes while the lifecycle waits for something else is never lost.

Times: every checkpoint has a scheduled instant (`timer_at`), and the deadlines always run from when the
report really arrived. A checkpoint whose moment was already past when staff registered the report (a
letter that arrived Thursday, registered Sunday evening) alerts whoever works when the alert goes out:
socialjouren then, never an office-hours phone; no reminder is planned for a moment already past at
registration. Escalation steps wait from when their notification
actually went out (never less), so a late registration does not run through a whole on-call chain in
seconds.
"""

import math
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from functions.domain.deadlines import (
    Deadline,
    investigation_deadline,
    preliminary_assessment_deadline,
    protection_assessment_deadline,
)
from functions.domain.municipality import EscalationPolicy, Municipality, Recipient
from functions.domain.office_hours import is_open, open_intervals
from functions.domain.retention import PurgeRule, purge_schedule
from functions.domain.routing import (
    Route,
    RoutingDecision,
    RoutingFacts,
    route_at_checkpoint,
)


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class Phase(StrEnum):
    PROTECTION_ASSESSMENT = "protection_assessment"
    DECISION = "decision"
    INVESTIGATION = "investigation"
    CLOSED = "closed"


class Trigger(StrEnum):
    RECEIVED = "received"
    STAFF_EVENT = "staff_event"
    TIMER = "timer"
    ACKNOWLEDGED = "acknowledged"
    ACKNOWLEDGEMENT_MISSING = "acknowledgement_missing"


class MessageKind(StrEnum):
    NEW_REPORT = "new_report"
    NEW_REPORT_URGENT = "new_report_urgent"
    REMINDER = "reminder"
    ESCALATION = "escalation"


PolicyName = Literal["office_hours", "outside_office_hours"]


class Escalation(_Camel):
    policy: PolicyName
    step: int = 0
    round: int = 0
    kind: MessageKind = MessageKind.ESCALATION
    notified_at: datetime
    acknowledged_at: datetime | None = None
    exhausted: bool = False


class Notification(_Camel):
    recipient: Recipient
    message: MessageKind
    phase: Phase
    due_at: datetime | None = None
    # The escalation step before this one, which was not acknowledged in time.
    unacknowledged_by: Recipient | None = None


class LifecycleState(_Camel):
    """The state machine's whole state: ids, phase names, step numbers and times; no personal data."""

    report_id: str
    reference_number: str
    received_at: datetime
    phase: Phase = Phase.PROTECTION_ASSESSMENT
    reminded: bool = False
    escalation: Escalation | None = None
    notify: Notification | None = None
    next: Literal["await_staff_event", "await_acknowledgement", "end"] = "await_staff_event"
    timer_at: datetime | None = None
    wait_seconds: int = 1


class ReportFacts(BaseModel):
    """What staff have recorded about a report, and the flags routing needs."""

    model_config = ConfigDict(frozen=True)

    routing: RoutingFacts
    protection_assessed_at: datetime | None = None
    decision: Literal["no_investigation", "investigation"] | None = None
    decided_at: datetime | None = None
    decision_due_extended_to: date | None = None
    investigation_closed_at: datetime | None = None
    investigation_extended_to: date | None = None
    acknowledged_at: datetime | None = None
    # When staff registered a report that came by phone or paper, if after it arrived.
    registered_at: datetime | None = None


class Plan(BaseModel):
    """The next state, and what to store on the report for the dashboard."""

    model_config = ConfigDict(frozen=True)

    state: LifecycleState
    routing: RoutingDecision | None = None
    deadline: Deadline | None = None
    # Every legal limit running now (the 14 days runs from receipt, beside the 24 hours), for the dashboard.
    running_deadlines: dict[Phase, Deadline] = Field(default_factory=dict)
    purge_on: date | None = None
    purge_rule: PurgeRule | None = None


def phase_of(facts: ReportFacts) -> Phase:
    if facts.decision == "no_investigation":
        return Phase.CLOSED
    if facts.decision == "investigation":
        return Phase.CLOSED if facts.investigation_closed_at else Phase.INVESTIGATION
    if facts.protection_assessed_at:
        return Phase.DECISION
    return Phase.PROTECTION_ASSESSMENT


def deadline_of(
    phase: Phase, state: LifecycleState, facts: ReportFacts, municipality: Municipality
) -> Deadline:
    rules, zone = municipality.deadlines, municipality.office_hours.timezone
    if phase is Phase.PROTECTION_ASSESSMENT:
        return protection_assessment_deadline(state.received_at, rules)
    if phase is Phase.DECISION:
        return preliminary_assessment_deadline(state.received_at, rules, zone, facts.decision_due_extended_to)
    assert facts.decided_at is not None
    return investigation_deadline(facts.decided_at, rules, zone, facts.investigation_extended_to)


def escalation_time(phase: Phase, deadline: Deadline, municipality: Municipality) -> datetime:
    """When a missed limit escalates. The 24-hour limit: at once, day or night (socialjouren can act).
    The 14-day and 4-month limits end at midnight, when only socialjouren works and it does not decide
    investigations: they escalate when the office opens on the last office day, while there is still time."""
    if phase is Phase.PROTECTION_ASSESSMENT:
        return deadline.due_at
    hours = municipality.office_hours
    day = deadline.due_at.date()
    for _ in range(31):
        intervals = open_intervals(hours, day)
        if intervals:
            return min(intervals[0][0], deadline.due_at)
        day -= timedelta(days=1)
    return deadline.due_at


def _acting_moment(at: datetime, now: datetime, facts: "ReportFacts") -> datetime:
    """The moment whose office hours decide whom to alert: the checkpoint's own, unless it was already past
    when the report was registered (a letter registered days after it came): then now."""
    return now if facts.registered_at and at < facts.registered_at else at


def _wait(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def _policy(municipality: Municipality, name: PolicyName) -> EscalationPolicy:
    return getattr(municipality.escalation, name)


def _route(
    municipality: Municipality, facts: ReportFacts, phase: Phase, at: datetime, deadline: Deadline, event: str
):
    return route_at_checkpoint(
        municipality.office_hours,
        municipality.deadlines,
        facts.routing,
        at=at,
        deadline=deadline.due_at,
        event=event,
        urgent_deadline=phase is Phase.PROTECTION_ASSESSMENT,
    )


def _start_escalation(
    state: LifecycleState,
    phase: Phase,
    at: datetime,
    now: datetime,
    municipality: Municipality,
    kind: MessageKind,
    deadline: Deadline,
    policy: PolicyName | None = None,
) -> LifecycleState:
    name: PolicyName = policy or (
        "office_hours" if is_open(municipality.office_hours, at) else "outside_office_hours"
    )
    escalation = Escalation(policy=name, kind=kind, notified_at=max(at, now))
    return _notify_step(state, escalation, phase, deadline, now, municipality)


def _notify_step(
    state: LifecycleState,
    escalation: Escalation,
    phase: Phase,
    deadline: Deadline,
    now: datetime,
    municipality: Municipality,
) -> LifecycleState:
    steps = _policy(municipality, escalation.policy).steps
    step = steps[escalation.step]
    first = escalation.step == 0 and escalation.round == 0
    timer_at = escalation.notified_at + step.wait_for_acknowledgement
    return state.model_copy(
        update={
            "phase": phase,
            "escalation": escalation,
            "notify": Notification(
                recipient=step.notify,
                message=escalation.kind,
                phase=phase,
                due_at=deadline.due_at,
                unacknowledged_by=None if first else steps[escalation.step - 1].notify,
            ),
            "next": "await_acknowledgement",
            "timer_at": timer_at,
            "wait_seconds": _wait(timer_at, now),
        }
    )


def _await_staff(
    state: LifecycleState,
    facts: "ReportFacts",
    phase: Phase,
    deadline: Deadline,
    now: datetime,
    municipality: Municipality,
    notify: Notification | None = None,
    reminded: bool | None = None,
    escalation: Escalation | None = None,
) -> LifecycleState:
    reminded = state.reminded if reminded is None else reminded
    if escalation and escalation.acknowledged_at:
        timer_at = (
            escalation.acknowledged_at + _policy(municipality, escalation.policy).refire_after_acknowledged
        )
    elif escalation and escalation.exhausted:
        timer_at = escalation.notified_at + _policy(municipality, escalation.policy).refire_after_acknowledged
    elif not reminded and deadline.remind_at > (facts.registered_at or state.received_at):
        # never a reminder for a moment already past when the report was registered
        timer_at = deadline.remind_at
    else:
        timer_at = escalation_time(phase, deadline, municipality)
    return state.model_copy(
        update={
            "phase": phase,
            "reminded": reminded,
            "escalation": escalation,
            "notify": notify,
            "next": "await_staff_event",
            "timer_at": timer_at,
            "wait_seconds": _wait(timer_at, now),
        }
    )


# The limits that run in each phase: the 14 days run from receipt, beside the 24 hours.
_RUNNING = {
    Phase.PROTECTION_ASSESSMENT: (Phase.PROTECTION_ASSESSMENT, Phase.DECISION),
    Phase.DECISION: (Phase.DECISION,),
    Phase.INVESTIGATION: (Phase.INVESTIGATION,),
    Phase.CLOSED: (),
}


def plan(
    trigger: Trigger, state: LifecycleState, facts: ReportFacts, municipality: Municipality, now: datetime
) -> Plan:
    result = _next(trigger, state, facts, municipality, now)
    running = {
        phase: deadline_of(phase, state, facts, municipality) for phase in _RUNNING[result.state.phase]
    }
    return result.model_copy(update={"running_deadlines": running})


def _next(
    trigger: Trigger, state: LifecycleState, facts: ReportFacts, municipality: Municipality, now: datetime
) -> Plan:
    phase = phase_of(facts)
    if phase is Phase.CLOSED:
        purge = purge_schedule(
            facts.decision,
            facts.decided_at,
            facts.investigation_closed_at,
            municipality.retention,
            municipality.office_hours.timezone,
        )
        ended = state.model_copy(
            update={
                "phase": phase,
                "escalation": None,
                "notify": None,
                "next": "end",
                "timer_at": None,
                "wait_seconds": 1,
            }
        )
        return Plan(
            state=ended,
            purge_on=purge.purge_on if purge else None,
            purge_rule=purge.rule if purge else None,
        )

    deadline = deadline_of(phase, state, facts, municipality)
    if phase != state.phase:
        # Staff moved the report on: a fresh clock, no reminders or escalations carried over. Who holds it
        # now was written with the staff action (routing.route_for_work).
        return Plan(
            state=_await_staff(state, facts, phase, deadline, now, municipality, reminded=False),
            deadline=deadline,
        )

    if trigger is Trigger.RECEIVED:
        moment = _acting_moment(state.received_at, now, facts)
        event = "Inkom" if moment == state.received_at else "Registrerad i efterhand"
        routing = _route(municipality, facts, phase, moment, deadline, event)
        if routing.route is Route.INTAKE_TEAM:
            notify = Notification(
                recipient="intake_team", message=MessageKind.NEW_REPORT, phase=phase, due_at=deadline.due_at
            )
            return Plan(
                state=_await_staff(state, facts, phase, deadline, now, municipality, notify=notify),
                routing=routing,
                deadline=deadline,
            )
        policy: PolicyName = "outside_office_hours" if routing.route is Route.SOCIALJOUR else "office_hours"
        started = _start_escalation(
            state,
            phase,
            moment,
            now,
            municipality,
            MessageKind.NEW_REPORT_URGENT,
            deadline,
            policy,
        )
        return Plan(state=started, routing=routing, deadline=deadline)

    escalation = state.escalation
    if trigger is Trigger.ACKNOWLEDGED and escalation:
        acknowledged = escalation.model_copy(update={"acknowledged_at": facts.acknowledged_at or now})
        return Plan(
            state=_await_staff(state, facts, phase, deadline, now, municipality, escalation=acknowledged),
            deadline=deadline,
        )

    if trigger is Trigger.ACKNOWLEDGEMENT_MISSING and escalation:
        policy_steps = _policy(municipality, escalation.policy)
        step, round_ = escalation.step + 1, escalation.round
        if step == len(policy_steps.steps):
            step, round_ = 0, round_ + 1
        if round_ == policy_steps.rounds:
            exhausted = escalation.model_copy(
                update={"exhausted": True, "notified_at": max(state.timer_at or now, now)}
            )
            return Plan(
                state=_await_staff(state, facts, phase, deadline, now, municipality, escalation=exhausted),
                deadline=deadline,
            )
        following = escalation.model_copy(update={"step": step, "round": round_, "notified_at": now})
        return Plan(
            state=_notify_step(state, following, phase, deadline, now, municipality), deadline=deadline
        )

    if trigger is Trigger.TIMER:
        at = state.timer_at or now
        moment = _acting_moment(at, now, facts)
        if now < at:  # woke early: wait the rest
            return Plan(
                state=state.model_copy(update={"notify": None, "wait_seconds": _wait(at, now)}),
                deadline=deadline,
            )
        if escalation is not None:  # acknowledged or exhausted, and still not done: the chain starts again
            return Plan(
                state=_start_escalation(
                    state, phase, moment, now, municipality, MessageKind.ESCALATION, deadline
                ),
                deadline=deadline,
            )
        if at >= escalation_time(phase, deadline, municipality):
            routing = _route(municipality, facts, phase, moment, deadline, "Gränsen passerad")
            return Plan(
                state=_start_escalation(
                    state, phase, moment, now, municipality, MessageKind.ESCALATION, deadline
                ),
                routing=routing,
                deadline=deadline,
            )
        routing = _route(municipality, facts, phase, moment, deadline, "Påminnelse")
        notify = Notification(
            recipient=routing.route.value, message=MessageKind.REMINDER, phase=phase, due_at=deadline.due_at
        )
        return Plan(
            state=_await_staff(
                state, facts, phase, deadline, now, municipality, notify=notify, reminded=True
            ),
            routing=routing,
            deadline=deadline,
        )

    if trigger is Trigger.STAFF_EVENT:
        # A staff event that did not change the phase moved its limit (an extension): a fresh clock.
        return Plan(
            state=_await_staff(state, facts, phase, deadline, now, municipality, reminded=False),
            deadline=deadline,
        )
    # An acknowledgement with no escalation running: keep waiting, the clock recomputed from the record.
    return Plan(
        state=_await_staff(state, facts, phase, deadline, now, municipality, escalation=escalation),
        deadline=deadline,
    )
