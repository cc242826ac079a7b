"""A missed legal limit is counted once, at the moment it passes, whatever the lifecycle waits for then."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from functions.domain.lifecycle import (
    LifecycleState,
    LimitMissed,
    MessageKind,
    PersonFacts,
    Phase,
    Plan,
    ReportFacts,
    Trigger,
    plan,
)
from functions.domain.municipality import load_municipality
from functions.domain.routing import RoutingFacts
from functions.shared import names

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEMO = load_municipality(names.municipality_config_file("demo"))
ROUTING = RoutingFacts(acute_danger=False, violence_against_child=False)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def facts(*persons: PersonFacts, **more) -> ReportFacts:
    return ReportFacts(routing=ROUTING, persons=persons or (PersonFacts(),), **more)


def start(received: datetime) -> LifecycleState:
    return LifecycleState(report_id="r-1", reference_number="2026-ABC-DEF", received_at=received)


def run_until(until: datetime, state: LifecycleState, report: ReportFacts, now: datetime):
    """The state machine as it runs when nobody does the work but every alert is acknowledged at once:
    each checkpoint's time and the limits it counted."""
    checkpoints: list[tuple[datetime, Plan]] = []
    while now < until and state.next != "end":
        if state.timer_at is None:  # just received
            trigger = Trigger.RECEIVED
        elif state.next == "await_acknowledgement":
            now += timedelta(minutes=5)
            trigger = Trigger.ACKNOWLEDGED
        else:
            now = max(now, state.timer_at)
            trigger = Trigger.TIMER
        result = plan(trigger, state, report, DEMO, now)
        checkpoints.append((now, result))
        state = result.state
    return checkpoints, state


def counted(checkpoints) -> list[tuple[datetime, LimitMissed]]:
    return [(moment, missed) for moment, result in checkpoints for missed in result.missed]


def test_a_missed_14_day_limit_is_counted_at_midnight_while_the_chain_waits_its_two_hours():
    received = at("2026-11-10 10:00")  # the decision is due Tuesday 24 November at 23:59:59
    assessed = facts(PersonFacts(protection_assessed_at=at("2026-11-10 11:00")))
    state = plan(Trigger.STAFF_EVENT, start(received), assessed, DEMO, at("2026-11-10 11:00")).state
    due = at("2026-11-24 23:59:59")
    assert state.phase is Phase.DECISION and state.due_at == due

    checkpoints, state = run_until(at("2026-11-26 12:00"), state, assessed, at("2026-11-10 11:00"))

    assert counted(checkpoints) == [(due, LimitMissed(limit=Phase.DECISION, persons=1))]
    # At midnight nobody is alerted (socialjouren does not decide investigations): the lifecycle counts and
    # waits on for the acknowledged chain's next round, as it would have.
    at_due = next(result for moment, result in checkpoints if moment == due)
    assert at_due.state.notify is None and at_due.state.timer_at > due
    acknowledged = at_due.state.escalation.acknowledged_at
    assert acknowledged < due and at_due.state.timer_at == acknowledged + timedelta(hours=2)
    assert state.missed_counted_for == due


def test_a_missed_24_hour_skyddsbedomning_is_counted_once_when_it_passes_at_night():
    received = at("2026-11-21 03:00")  # Saturday night: socialjouren's chain from the start
    checkpoints, _ = run_until(at("2026-11-23 03:00"), start(received), facts(), received)
    assert counted(checkpoints) == [
        (at("2026-11-22 03:00"), LimitMissed(limit=Phase.PROTECTION_ASSESSMENT, persons=1))
    ]


def test_work_done_in_time_counts_nothing():
    received = at("2026-11-24 10:00")
    state = plan(Trigger.RECEIVED, start(received), facts(), DEMO, received).state
    assessed = facts(PersonFacts(protection_assessed_at=at("2026-11-25 09:00")))
    moved = plan(Trigger.STAFF_EVENT, state, assessed, DEMO, at("2026-11-25 09:00"))
    decided = facts(
        PersonFacts(
            protection_assessed_at=at("2026-11-25 09:00"),
            decision="no_investigation",
            decided_at=at("2026-12-01 10:00"),
        )
    )
    ended = plan(Trigger.STAFF_EVENT, moved.state, decided, DEMO, at("2026-12-01 10:00"))
    assert moved.missed == () and ended.missed == () and ended.state.next == "end"


def test_a_limit_done_late_before_any_checkpoint_counted_it_is_counted_when_the_work_is_recorded():
    received = at("2026-11-21 03:00")
    waiting = plan(Trigger.RECEIVED, start(received), facts(), DEMO, received).state
    assert waiting.next == "await_acknowledgement"
    late = at("2026-11-22 03:10")  # past the 24 hours, recorded while the lifecycle waited
    assessed = facts(PersonFacts(protection_assessed_at=late))
    result = plan(Trigger.STAFF_EVENT, waiting, assessed, DEMO, late)
    assert result.missed == (LimitMissed(limit=Phase.PROTECTION_ASSESSMENT, persons=1),)
    assert result.state.phase is Phase.DECISION
    assert plan(Trigger.TIMER, result.state, assessed, DEMO, late + timedelta(minutes=1)).missed == ()


def test_a_letter_registered_after_its_limit_counts_the_miss_at_registration():
    received, registered = at("2026-11-26 10:00"), at("2026-11-29 19:00")
    result = plan(Trigger.RECEIVED, start(received), facts(registered_at=registered), DEMO, registered)
    assert result.missed == (LimitMissed(limit=Phase.PROTECTION_ASSESSMENT, persons=1),)


def test_the_count_says_how_many_children_missed_the_limit_never_who():
    received = at("2026-11-21 03:00")
    three = facts(
        PersonFacts(number=1, protection_assessed_at=at("2026-11-21 09:00")),
        PersonFacts(number=2),
        PersonFacts(number=3),
    )
    checkpoints, _ = run_until(at("2026-11-22 06:00"), start(received), three, received)
    assert [missed for _, missed in counted(checkpoints)] == [
        LimitMissed(limit=Phase.PROTECTION_ASSESSMENT, persons=2)
    ]


def test_an_adult_units_own_target_is_not_a_legal_limit_and_is_not_counted():
    received = at("2026-11-24 10:00")
    adult = facts(PersonFacts(rule="unit:vuxen"))
    checkpoints, state = run_until(at("2026-12-31 10:00"), start(received), adult, received)
    assert counted(checkpoints) == []
    assert state.target_passed_at is not None  # the unit was told its target passed, as before


def test_an_extended_decision_limit_is_counted_at_its_new_day_not_the_old_one():
    received = at("2026-11-10 10:00")
    extended = facts(
        PersonFacts(protection_assessed_at=at("2026-11-10 11:00"), decision_due_extended_to=date(2026, 12, 4))
    )
    state = plan(Trigger.STAFF_EVENT, start(received), extended, DEMO, at("2026-11-10 11:00")).state
    checkpoints, _ = run_until(at("2026-12-06 12:00"), state, extended, at("2026-11-10 11:00"))
    assert counted(checkpoints) == [(at("2026-12-04 23:59:59"), LimitMissed(limit=Phase.DECISION, persons=1))]
    escalations = [moment for moment, _ in checkpoints if moment.date() == date(2026, 11, 24)]
    assert not escalations  # the old day passes quietly


def test_the_escalation_on_the_last_office_day_still_goes_out_before_the_limit():
    received = at("2026-11-10 10:00")
    assessed = facts(PersonFacts(protection_assessed_at=at("2026-11-10 11:00")))
    state = plan(Trigger.STAFF_EVENT, start(received), assessed, DEMO, at("2026-11-10 11:00")).state
    state = plan(Trigger.TIMER, state, assessed, DEMO, state.timer_at).state  # the reminder
    escalated = plan(Trigger.TIMER, state, assessed, DEMO, state.timer_at)
    assert escalated.state.notify.message is MessageKind.ESCALATION
    assert state.timer_at == at("2026-11-24 08:30") and escalated.missed == ()
