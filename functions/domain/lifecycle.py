"""What a report's lifecycle does next: the decisions behind the state machine, as one plain function.

The state machine (functions/lifecycle/lifecycle.asl.json) only waits — for a staff event or an
acknowledgement through a task token, at most until the next timer — and after every wait asks `plan`
what comes next: whom to notify with which message, and what to wait for until when.

Each person the report concerns has their own clocks (functions/domain/persons.py): the law's for a child
(skyddsbedömning 24 hours, beslut om utredning 14 days, utredning 4 months, extendable), the adult unit's
targets for an adult. A person's phase is derived from what staff have recorded for them, never assumed
from the trigger, so a staff event that comes while the lifecycle waits for something else is never lost.
The lifecycle stays one per report: it watches the clocks that fall due first (all persons whose clock of
the same kind ends at the same moment) and its alerts say how many of the persons they concern, never who.

Times: every checkpoint has a scheduled instant (`timer_at`), and the deadlines always run from when the
report really arrived. A checkpoint whose moment was already past when staff registered the report (a
letter that arrived Thursday, registered Sunday evening) alerts whoever works when the alert goes out:
socialjouren then, never an office-hours phone; no reminder is planned for a moment already past at
registration. Escalation steps wait from when their notification
actually went out (never less), so a late registration does not run through a whole on-call chain in
seconds.

Missed legal limits are counted (`Plan.missed`) once per watched clock, at the moment they pass: a wait that
would run past a child's limit wakes at the limit, counts it, and waits on for what it waited for.
"""

import math
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal

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
from functions.domain.persons import CHILDREN_RULE, Outcome, clock_rules, unit_of, violence_against
from functions.domain.report import ReportSubmission
from functions.domain.retention import PurgeRule, purge_schedule
from functions.domain.routing import (
    Route,
    RoutingDecision,
    RoutingFacts,
    route_at_checkpoint,
)

# The longest single wait: a Standard execution lives at most a year, and a task's timeout must fit in it.
MAX_WAIT_SECONDS = 360 * 24 * 3600


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
    # The escalation step's alert reached nobody: the next step at once, and it says so.
    ALERT_NOT_DELIVERED = "alert_not_delivered"


class MessageKind(StrEnum):
    NEW_REPORT = "new_report"
    NEW_REPORT_URGENT = "new_report_urgent"
    REMINDER = "reminder"
    ESCALATION = "escalation"
    # An adult unit's own target passed: the unit is told, no on-call chain (a target, not the law).
    TARGET_PASSED = "target_passed"
    # The skyddsbedömning says a person needs protection now: whoever is on duty is told at once.
    PROTECTION_NEEDED = "protection_needed"
    # A decision proposal awaits its second reader (sent by the staff side, by e-mail).
    REVIEW_REQUESTED = "review_requested"
    # The case system has not acknowledged a decided person's hand-off in time (the intake team, by e-mail).
    HANDOFF_NOT_ACKNOWLEDGED = "handoff_not_acknowledged"
    # Measures after an investigation are due their follow-up soon, or it is past due (by e-mail).
    FOLLOW_UP_DUE = "follow_up_due"
    FOLLOW_UP_OVERDUE = "follow_up_overdue"


# An adult unit whose target passed is told again after this long while nothing is recorded.
TARGET_PASSED_AGAIN_AFTER = timedelta(days=7)


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
    # A recipient of the escalation policies, or an adult unit as "unit:<id>".
    recipient: Recipient | Annotated[str, Field(pattern=r"^unit:[a-z][a-z_]{1,30}$")]
    message: MessageKind
    phase: Phase
    due_at: datetime | None = None
    # The escalation step before this one, which was not acknowledged in time.
    unacknowledged_by: Recipient | None = None
    # The escalation step before this one, whose alert could not be delivered by any channel.
    not_reached: Recipient | None = None
    # How many of the report's persons the due clocks concern, and of how many: never who.
    persons_due: int = 1
    persons_total: int = 1
    # The clocks' rule: the children's law, or an adult unit's own targets ("unit:<id>").
    rule: str = CHILDREN_RULE


class LifecycleState(_Camel):
    """The state machine's whole state: ids, phase names, step numbers and times; no personal data."""

    report_id: str
    reference_number: str
    received_at: datetime
    # The clocks watched now: their phase, rule and due time (all persons' whose clock ends then).
    phase: Phase = Phase.PROTECTION_ASSESSMENT
    rule: str = CHILDREN_RULE
    due_at: datetime | None = None
    reminded: bool = False
    target_passed_at: datetime | None = None
    # Persons (by number) whose "immediate protection needed" has gone out to whoever is on duty.
    protection_alerted: list[int] = []
    escalation: Escalation | None = None
    notify: Notification | None = None
    next: Literal["await_staff_event", "await_acknowledgement", "end"] = "await_staff_event"
    timer_at: datetime | None = None
    # Validated here, so a wait Step Functions cannot hold is never handed to it.
    wait_seconds: int = Field(default=1, ge=1, le=MAX_WAIT_SECONDS)
    # The due time of the watched legal limit whose miss has been counted: a limit is counted once.
    missed_counted_for: datetime | None = None


class PersonFacts(BaseModel):
    """What staff have recorded for one person the report concerns."""

    model_config = ConfigDict(frozen=True)

    number: int = 1
    rule: str = CHILDREN_RULE
    violence: bool = False
    protection_assessed_at: datetime | None = None
    immediate_protection_needed: bool = False
    decision: Outcome | None = None
    decided_at: datetime | None = None
    decision_due_extended_to: date | None = None
    investigation_closed_at: datetime | None = None
    investigation_extended_to: date | None = None


class ReportFacts(BaseModel):
    """What staff have recorded about a report and its persons, and the flags routing needs."""

    model_config = ConfigDict(frozen=True)

    routing: RoutingFacts
    persons: tuple[PersonFacts, ...] = (PersonFacts(),)
    acknowledged_at: datetime | None = None
    # When staff registered a report that came by phone or paper, if after it arrived.
    registered_at: datetime | None = None


class LimitMissed(BaseModel):
    """A child's legal limit that passed with its work not done: which limit, and for how many persons."""

    model_config = ConfigDict(frozen=True)

    limit: Phase
    persons: int = Field(ge=1)


class Plan(BaseModel):
    """The next state, and what to store on the report for the dashboard."""

    model_config = ConfigDict(frozen=True)

    state: LifecycleState
    routing: RoutingDecision | None = None
    deadline: Deadline | None = None
    # Every legal limit running now (the 14 days runs from receipt, beside the 24 hours), for the dashboard.
    running_deadlines: dict[Phase, Deadline] = Field(default_factory=dict)
    # Each person's running clocks, for the report page.
    person_deadlines: dict[int, dict[Phase, Deadline]] = Field(default_factory=dict)
    purge_on: date | None = None
    purge_rule: PurgeRule | None = None
    # Legal limits missed at this checkpoint, for the operators' and managers' metric (no personal data).
    missed: tuple[LimitMissed, ...] = ()


_PHASE_ORDER = (Phase.PROTECTION_ASSESSMENT, Phase.DECISION, Phase.INVESTIGATION, Phase.CLOSED)


def phase_of(person: PersonFacts) -> Phase:
    """Where one person's case stands, from what staff recorded for them."""
    if person.decision == "no_investigation":
        return Phase.CLOSED
    if person.decision == "investigation":
        return Phase.CLOSED if person.investigation_closed_at else Phase.INVESTIGATION
    if person.protection_assessed_at:
        return Phase.DECISION
    return Phase.PROTECTION_ASSESSMENT


def report_phase(facts: ReportFacts) -> Phase:
    """The report's phase: its least advanced person's; closed when every person's case is."""
    return min((phase_of(person) for person in facts.persons), key=_PHASE_ORDER.index)


def deadline_of(
    phase: Phase, received_at: datetime, person: PersonFacts, municipality: Municipality
) -> Deadline:
    rules, zone = clock_rules(person.rule, municipality), municipality.office_hours.timezone
    if phase is Phase.PROTECTION_ASSESSMENT:
        return protection_assessment_deadline(received_at, rules)
    if phase is Phase.DECISION:
        return preliminary_assessment_deadline(received_at, rules, zone, person.decision_due_extended_to)
    assert person.decided_at is not None
    return investigation_deadline(person.decided_at, rules, zone, person.investigation_extended_to)


class Watch(BaseModel):
    """The clocks that fall due first: one phase and rule, one due time, the persons (numbers) they run for."""

    model_config = ConfigDict(frozen=True)

    phase: Phase
    rule: str
    deadline: Deadline
    persons: tuple[int, ...]
    total: int

    @property
    def key(self) -> tuple:
        return (self.phase, self.rule, self.deadline.due_at)


def watch_of(facts: ReportFacts, received_at: datetime, municipality: Municipality) -> Watch | None:
    """What the lifecycle watches now; None when every person's case is closed."""
    clocks = [(phase_of(person), person) for person in facts.persons if phase_of(person) is not Phase.CLOSED]
    if not clocks:
        return None
    dated = [
        (deadline_of(phase, received_at, person, municipality), phase, person) for phase, person in clocks
    ]
    first, phase, person = min(dated, key=lambda clock: (clock[0].due_at, _PHASE_ORDER.index(clock[1])))
    same = [
        other.number
        for deadline, other_phase, other in dated
        if (other_phase, other.rule, deadline.due_at) == (phase, person.rule, first.due_at)
    ]
    return Watch(phase=phase, rule=person.rule, deadline=first, persons=tuple(same), total=len(facts.persons))


def _is_legal_limit(watch: Watch) -> bool:
    """A child's clocks are the law's limits; an adult unit's are the municipality's own targets."""
    return watch.rule == CHILDREN_RULE


def _statutory_protection(phase: Phase, rule: str) -> bool:
    """The 24-hour skyddsbedömning of a child: the one limit socialjouren acts on day and night."""
    return phase is Phase.PROTECTION_ASSESSMENT and rule == CHILDREN_RULE


def escalation_time(
    phase: Phase, deadline: Deadline, municipality: Municipality, rule: str = CHILDREN_RULE
) -> datetime:
    """When a missed limit escalates. The 24-hour limit: at once, day or night (socialjouren can act).
    The 14-day and 4-month limits end at midnight, when only socialjouren works and it does not decide
    investigations: they escalate when the office opens on the last office day, while there is still time.
    An adult unit's target: when it passes (the unit is told, in its office hours)."""
    if _statutory_protection(phase, rule) or unit_of(rule) is not None:
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
    """Seconds to wait: at least one, at most what a wait can hold (a later timer wakes early and waits the
    rest, see Trigger.TIMER)."""
    return min(MAX_WAIT_SECONDS, max(1, math.ceil((until - now).total_seconds())))


def _policy(municipality: Municipality, name: PolicyName) -> EscalationPolicy:
    return getattr(municipality.escalation, name)


def _route(municipality: Municipality, facts: ReportFacts, watch: Watch, at: datetime, event: str):
    unit = unit_of(watch.rule)
    return route_at_checkpoint(
        municipality.office_hours,
        municipality.deadlines,
        facts.routing,
        at=at,
        deadline=watch.deadline.due_at,
        event=event,
        urgent_deadline=_statutory_protection(watch.phase, watch.rule),
        unit=municipality.adult_units[unit] if unit else None,
    )


def _routing_on_receipt(
    facts: ReportFacts, watch: Watch, received_at: datetime, municipality: Municipality, now: datetime
) -> tuple[datetime, RoutingDecision]:
    moment = _acting_moment(received_at, now, facts)
    event = "Inkom" if moment == received_at else "Registrerad i efterhand"
    return moment, _route(municipality, facts, watch, moment, event)


def new_report_facts(
    content: ReportSubmission, rules: tuple[str, ...], registered_at: datetime | None = None
) -> ReportFacts:
    """What the first checkpoint knows of a report nobody has worked on yet: the flags and persons intake
    stores beside the content (functions/stores/reports.py, new_report_items)."""
    return ReportFacts(
        routing=RoutingFacts(
            acute_danger=content.concern.acute_danger,
            violence_against_child=content.involves_violence_against_child,
        ),
        persons=tuple(
            PersonFacts(number=number, rule=rule, violence=violence_against(rule, content))
            for number, rule in enumerate(rules, start=1)
        ),
        registered_at=registered_at,
    )


def routing_on_receipt(
    facts: ReportFacts, received_at: datetime, municipality: Municipality, now: datetime
) -> tuple[Watch, RoutingDecision]:
    """Whom the lifecycle's first checkpoint alerts about a new report, for which clocks: what its receipt may
    say was done."""
    watch = watch_of(facts, received_at, municipality)
    assert watch is not None, "a new report has open clocks"
    return watch, _routing_on_receipt(facts, watch, received_at, municipality, now)[1]


def _recipient(route: Route, watch: Watch) -> str:
    return f"unit:{unit_of(watch.rule)}" if route is Route.ADULT_UNIT else route.value


def _notification(watch: Watch, recipient: str, kind: MessageKind, **more) -> Notification:
    return Notification(
        recipient=recipient,
        message=kind,
        phase=watch.phase,
        due_at=watch.deadline.due_at,
        persons_due=len(watch.persons),
        persons_total=watch.total,
        rule=watch.rule,
        **more,
    )


def _watching(state: LifecycleState, watch: Watch) -> dict:
    return {"phase": watch.phase, "rule": watch.rule, "due_at": watch.deadline.due_at}


def _start_escalation(
    state: LifecycleState,
    watch: Watch,
    at: datetime,
    now: datetime,
    municipality: Municipality,
    kind: MessageKind,
    policy: PolicyName | None = None,
) -> LifecycleState:
    name: PolicyName = policy or (
        "office_hours" if is_open(municipality.office_hours, at) else "outside_office_hours"
    )
    escalation = Escalation(policy=name, kind=kind, notified_at=max(at, now))
    return _notify_step(state, escalation, watch, now, municipality)


def _notify_step(
    state: LifecycleState,
    escalation: Escalation,
    watch: Watch,
    now: datetime,
    municipality: Municipality,
    previous_not_reached: bool = False,
) -> LifecycleState:
    steps = _policy(municipality, escalation.policy).steps
    step = steps[escalation.step]
    first = escalation.step == 0 and escalation.round == 0
    timer_at = escalation.notified_at + step.wait_for_acknowledgement
    return state.model_copy(
        update={
            **_watching(state, watch),
            "escalation": escalation,
            "notify": _notification(
                watch,
                step.notify,
                escalation.kind,
                unacknowledged_by=None
                if first or previous_not_reached
                else steps[escalation.step - 1].notify,
                not_reached=steps[escalation.step - 1].notify if previous_not_reached and not first else None,
            ),
            "next": "await_acknowledgement",
            "timer_at": timer_at,
            "wait_seconds": _wait(timer_at, now),
        }
    )


def _await_staff(
    state: LifecycleState,
    facts: "ReportFacts",
    watch: Watch,
    now: datetime,
    municipality: Municipality,
    notify: Notification | None = None,
    reminded: bool | None = None,
    escalation: Escalation | None = None,
    target_passed_at: datetime | None = None,
) -> LifecycleState:
    reminded = state.reminded if reminded is None else reminded
    deadline = watch.deadline
    if escalation and escalation.acknowledged_at:
        timer_at = (
            escalation.acknowledged_at + _policy(municipality, escalation.policy).refire_after_acknowledged
        )
    elif escalation and escalation.exhausted:
        timer_at = escalation.notified_at + _policy(municipality, escalation.policy).refire_after_acknowledged
    elif target_passed_at:
        timer_at = target_passed_at + TARGET_PASSED_AGAIN_AFTER
    elif not reminded and deadline.remind_at > (facts.registered_at or state.received_at):
        # never a reminder for a moment already past when the report was registered
        timer_at = deadline.remind_at
    else:
        timer_at = escalation_time(watch.phase, deadline, municipality, watch.rule)
    if (
        _is_legal_limit(watch)
        and state.missed_counted_for != deadline.due_at
        and now < deadline.due_at < timer_at
    ):
        timer_at = deadline.due_at  # wake when the limit passes, to count it (Trigger.TIMER waits on after)
    return state.model_copy(
        update={
            **_watching(state, watch),
            "reminded": reminded,
            "escalation": escalation,
            "target_passed_at": target_passed_at,
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


def running_deadlines(
    facts: ReportFacts, received_at: datetime, municipality: Municipality
) -> dict[int, dict[Phase, Deadline]]:
    """Every person's running clocks (the 14 days run from receipt, beside the 24 hours)."""
    return {
        person.number: {
            phase: deadline_of(phase, received_at, person, municipality)
            for phase in _RUNNING[phase_of(person)]
        }
        for person in facts.persons
    }


def _earliest_per_phase(per_person: dict[int, dict[Phase, Deadline]]) -> dict[Phase, Deadline]:
    """The report's clock of each phase, for the queue: the earliest of its persons'."""
    earliest: dict[Phase, Deadline] = {}
    for clocks in per_person.values():
        for phase, deadline in clocks.items():
            if phase not in earliest or deadline.due_at < earliest[phase].due_at:
                earliest[phase] = deadline
    return earliest


def purge_of(facts: ReportFacts, municipality: Municipality):
    """When the closed report is purged: the latest of its persons' dates, since the report holds them all."""
    schedules = [
        purge_schedule(
            person.decision,
            person.decided_at,
            person.investigation_closed_at,
            municipality.retention,
            municipality.office_hours.timezone,
        )
        for person in facts.persons
    ]
    dated = [schedule for schedule in schedules if schedule is not None]
    if not dated or len(dated) != len(schedules):
        return None
    return max(dated, key=lambda schedule: schedule.purge_on)


def plan(
    trigger: Trigger, state: LifecycleState, facts: ReportFacts, municipality: Municipality, now: datetime
) -> Plan:
    watch = watch_of(facts, state.received_at, municipality)
    result = _with_protection_alert(
        _next(trigger, state, facts, municipality, now, watch), facts, municipality, now
    )
    result = _with_missed_limits(result, state, watch, now)
    per_person = running_deadlines(facts, state.received_at, municipality)
    return result.model_copy(
        update={"running_deadlines": _earliest_per_phase(per_person), "person_deadlines": per_person}
    )


def _with_missed_limits(result: Plan, before: LifecycleState, watch: Watch | None, now: datetime) -> Plan:
    """The legal limits this checkpoint finds missed, each counted once: the watched clock if it has passed,
    and the clock watched before if staff finished its work late before any checkpoint counted it (a limit
    that passed while the lifecycle waited minutes for an acknowledgement): at least one person then."""
    missed: list[LimitMissed] = []
    before_key = (before.phase, before.rule, before.due_at)
    if (
        before.due_at is not None
        and before.rule == CHILDREN_RULE
        and before.due_at <= now
        and before.missed_counted_for != before.due_at
        and (watch is None or watch.key != before_key)
    ):
        missed.append(LimitMissed(limit=before.phase, persons=1))
    state = result.state
    if watch is not None and _is_legal_limit(watch) and watch.deadline.due_at <= now:
        if before.missed_counted_for != watch.deadline.due_at:
            missed.append(LimitMissed(limit=watch.phase, persons=len(watch.persons)))
        state = state.model_copy(update={"missed_counted_for": watch.deadline.due_at})
    return result.model_copy(update={"state": state, "missed": tuple(missed)})


def _with_protection_alert(
    result: Plan, facts: ReportFacts, municipality: Municipality, now: datetime
) -> Plan:
    """A skyddsbedömning that says a person needs protection now alerts whoever is on duty at once: the
    intake team in office hours, socialjouren outside them. Once per person; a notification already
    planned (an escalation) goes first and this one follows at the next checkpoint."""
    state = result.state
    needing = [
        person.number
        for person in facts.persons
        if person.immediate_protection_needed and person.number not in state.protection_alerted
    ]
    if not needing or state.notify is not None or state.next == "end":
        return result
    on_duty = "intake_team" if is_open(municipality.office_hours, now) else "socialjour"
    alert = Notification(
        recipient=on_duty,
        message=MessageKind.PROTECTION_NEEDED,
        phase=Phase.PROTECTION_ASSESSMENT,
        persons_due=len(needing),
        persons_total=len(facts.persons),
    )
    alerted = sorted({*state.protection_alerted, *needing})
    return result.model_copy(
        update={"state": state.model_copy(update={"notify": alert, "protection_alerted": alerted})}
    )


def _next(
    trigger: Trigger,
    state: LifecycleState,
    facts: ReportFacts,
    municipality: Municipality,
    now: datetime,
    watch: Watch | None,
) -> Plan:
    if watch is None:
        purge = purge_of(facts, municipality)
        ended = state.model_copy(
            update={
                "phase": Phase.CLOSED,
                "due_at": None,
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

    deadline = watch.deadline
    if trigger is Trigger.RECEIVED:
        moment, routing = _routing_on_receipt(facts, watch, state.received_at, municipality, now)
        if routing.route in (Route.INTAKE_TEAM, Route.ADULT_UNIT):
            notify = _notification(watch, _recipient(routing.route, watch), MessageKind.NEW_REPORT)
            return Plan(
                state=_await_staff(state, facts, watch, now, municipality, notify=notify),
                routing=routing,
                deadline=deadline,
            )
        policy: PolicyName = "outside_office_hours" if routing.route is Route.SOCIALJOUR else "office_hours"
        started = _start_escalation(
            state, watch, moment, now, municipality, MessageKind.NEW_REPORT_URGENT, policy
        )
        return Plan(state=started, routing=routing, deadline=deadline)

    if watch.key != (state.phase, state.rule, state.due_at):
        # Staff moved the watched clocks on (a phase done for every person they ran for, or a limit
        # extended): a fresh clock, no reminders or escalations carried over. Who holds the report now was
        # written with the staff action (routing.route_for_work).
        return Plan(
            state=_await_staff(state, facts, watch, now, municipality, reminded=False),
            deadline=deadline,
        )

    escalation = state.escalation
    if trigger is Trigger.ACKNOWLEDGED and escalation:
        acknowledged = escalation.model_copy(update={"acknowledged_at": facts.acknowledged_at or now})
        return Plan(
            state=_await_staff(state, facts, watch, now, municipality, escalation=acknowledged),
            deadline=deadline,
        )

    if trigger in (Trigger.ACKNOWLEDGEMENT_MISSING, Trigger.ALERT_NOT_DELIVERED) and escalation:
        policy_steps = _policy(municipality, escalation.policy)
        step, round_ = escalation.step + 1, escalation.round
        if step == len(policy_steps.steps):
            step, round_ = 0, round_ + 1
        if round_ == policy_steps.rounds:
            exhausted = escalation.model_copy(
                update={"exhausted": True, "notified_at": max(state.timer_at or now, now)}
            )
            return Plan(
                state=_await_staff(state, facts, watch, now, municipality, escalation=exhausted),
                deadline=deadline,
            )
        following = escalation.model_copy(update={"step": step, "round": round_, "notified_at": now})
        not_delivered = trigger is Trigger.ALERT_NOT_DELIVERED
        return Plan(
            state=_notify_step(
                state, following, watch, now, municipality, previous_not_reached=not_delivered
            ),
            deadline=deadline,
        )

    if trigger is Trigger.TIMER:
        at = state.timer_at or now
        moment = _acting_moment(at, now, facts)
        if now < at:  # woke early: wait the rest
            return Plan(
                state=state.model_copy(update={"notify": None, "wait_seconds": _wait(at, now)}),
                deadline=deadline,
            )
        if _is_legal_limit(watch) and at == deadline.due_at and state.missed_counted_for != at:
            # Woke when the limit passed, to count it (see plan); then wait on for what was waited for.
            counted = state.model_copy(update={"missed_counted_for": at})
            waiting_on = _await_staff(
                counted,
                facts,
                watch,
                now,
                municipality,
                escalation=state.escalation,
                target_passed_at=state.target_passed_at,
            )
            if waiting_on.timer_at and waiting_on.timer_at > at:
                return Plan(state=waiting_on, deadline=deadline)
        unit = unit_of(watch.rule)
        if unit is not None and at >= escalation_time(watch.phase, deadline, municipality, watch.rule):
            # An adult unit's own target passed: the unit is told, and again weekly; no on-call chain.
            notify = _notification(watch, f"unit:{unit}", MessageKind.TARGET_PASSED)
            return Plan(
                state=_await_staff(
                    state, facts, watch, now, municipality, notify=notify, reminded=True, target_passed_at=now
                ),
                deadline=deadline,
            )
        if escalation is not None:  # acknowledged or exhausted, and still not done: the chain starts again
            return Plan(
                state=_start_escalation(state, watch, moment, now, municipality, MessageKind.ESCALATION),
                deadline=deadline,
            )
        if at >= escalation_time(watch.phase, deadline, municipality, watch.rule):
            routing = _route(municipality, facts, watch, moment, "Gränsen passerad")
            return Plan(
                state=_start_escalation(state, watch, moment, now, municipality, MessageKind.ESCALATION),
                routing=routing,
                deadline=deadline,
            )
        routing = _route(municipality, facts, watch, moment, "Påminnelse")
        notify = _notification(watch, _recipient(routing.route, watch), MessageKind.REMINDER)
        return Plan(
            state=_await_staff(state, facts, watch, now, municipality, notify=notify, reminded=True),
            routing=routing,
            deadline=deadline,
        )

    # A staff event or an acknowledgement that did not move the watched clocks (one sibling of three
    # assessed): the same wait goes on, with what is running kept as it was.
    return Plan(
        state=state.model_copy(update={"notify": None, "wait_seconds": _wait(state.timer_at or now, now)}),
        deadline=deadline,
    )
