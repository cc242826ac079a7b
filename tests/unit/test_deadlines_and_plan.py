from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from functions.domain.deadlines import (
    add_months,
    investigation_deadline,
    preliminary_assessment_deadline,
    protection_assessment_deadline,
    purge_date,
    weekday_shift_information,
)
from functions.domain.lifecycle import (
    LifecycleState,
    MessageKind,
    Notification,
    Phase,
    ReportFacts,
    Trigger,
    escalation_time,
    plan,
)
from functions.domain.messages import compose, recipient_contact
from functions.domain.municipality import load_municipality
from functions.domain.office_hours import office_time_between
from functions.domain.routing import RoutingFacts, route_for_work
from functions.shared import names

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEMO = load_municipality(names.municipality_config_file("demo"))
RULES = DEMO.deadlines
ORDINARY = ReportFacts(routing=RoutingFacts(acute_danger=False, violence_against_child=False))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("decided", "due"),
    [
        (date(2026, 1, 15), date(2026, 5, 15)),
        (date(2026, 10, 31), date(2027, 2, 28)),  # clamped at the end of February
        (date(2027, 10, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 8, 31), date(2026, 12, 31)),
        (date(2026, 11, 30), date(2027, 3, 30)),
    ],
)
def test_the_investigation_ends_four_months_later_on_the_same_date(decided, due):
    assert add_months(decided, 4) == due
    deadline = investigation_deadline(
        datetime.combine(decided, datetime.min.time(), tzinfo=STOCKHOLM), RULES, "Europe/Stockholm"
    )
    assert deadline.due_at.date() == due and deadline.due_at.timetz().hour == 23


def test_skyddsbedomning_is_24_hours_of_elapsed_time_even_across_a_clock_change():
    received = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)  # Saturday 23:00, clocks go forward that night
    deadline = protection_assessment_deadline(received, RULES)
    assert deadline.due_at - received == timedelta(hours=24)
    assert deadline.due_at.astimezone(STOCKHOLM).hour == 0  # Monday 00:00 summer time
    assert deadline.remind_at == deadline.due_at - timedelta(hours=6)


def test_the_decision_is_due_at_the_end_of_the_fourteenth_day():
    deadline = preliminary_assessment_deadline(at("2026-11-24 10:15"), RULES, "Europe/Stockholm")
    assert deadline.due_at == at("2026-12-08 23:59:59")
    assert deadline.shifted_by_1930_173_to is None


@pytest.mark.parametrize(
    ("received", "last_day", "shift"),
    [
        ("2026-11-14 09:00", date(2026, 11, 28), date(2026, 11, 30)),  # Saturday → Monday
        ("2026-12-11 09:00", date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Day → Monday 28th
        ("2026-05-01 09:00", date(2026, 5, 15), None),  # the day after Ascension Day is a weekday
    ],
)
def test_a_weekend_or_holiday_limit_shows_the_1930_173_shift_as_information_only(received, last_day, shift):
    deadline = preliminary_assessment_deadline(at(received), RULES, "Europe/Stockholm")
    assert deadline.due_at.date() == last_day
    assert deadline.shifted_by_1930_173_to == shift
    assert weekday_shift_information(date(2026, 6, 6)) == date(2026, 6, 8)  # National Day, a Saturday


@pytest.mark.parametrize(
    ("received", "last_day", "shift"),
    [
        # Julafton, a Thursday: juldagen, annandag jul (Saturday) and Sunday follow → Monday
        ("2026-12-10 09:00", date(2026, 12, 24), date(2026, 12, 28)),
        # Midsommarafton, a Friday: midsommardagen (Saturday) and Sunday follow → Monday
        ("2026-06-05 09:00", date(2026, 6, 19), date(2026, 6, 22)),
        ("2027-06-11 09:00", date(2027, 6, 25), date(2027, 6, 28)),
        # Nyårsafton, a Thursday: nyårsdagen, then the weekend → Monday 4 January
        ("2026-12-17 09:00", date(2026, 12, 31), date(2027, 1, 4)),
        # An ordinary Tuesday does not move
        ("2026-09-01 09:00", date(2026, 9, 15), None),
    ],
)
def test_a_limit_ending_on_midsommarafton_julafton_or_nyarsafton_shifts_by_1930_173(
    received, last_day, shift
):
    # Lag (1930:173) 2 §: the three eves count as a Sunday does.
    deadline = preliminary_assessment_deadline(at(received), RULES, "Europe/Stockholm")
    assert deadline.due_at.date() == last_day
    assert deadline.shifted_by_1930_173_to == shift
    assert weekday_shift_information(last_day) == shift
    # The limit itself does not move: the shift is information only.
    assert deadline.due_at == at(f"{last_day.isoformat()} 23:59:59")


@pytest.mark.parametrize("year", range(2025, 2036))
def test_the_eves_1930_173_names_are_the_only_de_facto_holidays_the_calendar_adds(year):
    # weekday_shift_information takes Sweden's de facto holidays from the `holidays` package: they must be
    # exactly midsommarafton (the Friday 19–25 June), julafton and nyårsafton, no more, no fewer.
    de_facto = set(holidays.country_holidays("SE", years=year, categories=(holidays.DE_FACTO,)))
    (midsommarafton,) = [date(year, 6, day) for day in range(19, 26) if date(year, 6, day).weekday() == 4]
    assert de_facto == {midsommarafton, date(year, 12, 24), date(year, 12, 31)}


def test_an_extended_14_day_limit_ends_on_the_new_day_and_its_reminder_moves_with_it():
    deadline = preliminary_assessment_deadline(
        at("2026-11-14 09:00"), RULES, "Europe/Stockholm", extended_to=date(2026, 12, 18)
    )
    assert deadline.due_at == at("2026-12-18 23:59:59")
    assert deadline.remind_at == deadline.due_at - RULES.preliminary_assessment_reminder_before
    assert deadline.shifted_by_1930_173_to is None  # a day staff chose, not the law's count


def test_purge_date_is_the_retention_period_after_the_decision():
    assert purge_date(at("2026-02-28 15:00"), 5, "Europe/Stockholm") == date(2031, 2, 28)


def test_the_14_day_escalation_happens_when_the_office_opens_on_the_last_office_day():
    deadline = preliminary_assessment_deadline(
        at("2026-11-14 09:00"), RULES, "Europe/Stockholm"
    )  # ends Saturday
    assert escalation_time(Phase.DECISION, deadline, DEMO) == at("2026-11-27 08:30")  # Friday morning


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)),
)
def test_office_time_adds_up_and_never_exceeds_elapsed_time(start, first, second):
    middle, end = start + first, start + first + second
    whole = office_time_between(DEMO.office_hours, start, end)
    assert whole == office_time_between(DEMO.office_hours, start, middle) + office_time_between(
        DEMO.office_hours, middle, end
    )
    assert timedelta(0) <= whole <= end - start


def recorded(facts: ReportFacts, **changes) -> ReportFacts:
    """The facts with what staff recorded for the report's one person."""
    person = facts.persons[0].model_copy(update=changes)
    return facts.model_copy(update={"persons": (person,)})


def state(received: datetime, **changes) -> LifecycleState:
    return LifecycleState(report_id="r-1", reference_number="2026-ABC-DEF", received_at=received, **changes)


def test_plan_at_receipt_in_office_hours_tells_the_intake_team_and_waits_until_the_reminder():
    received = at("2026-11-24 10:00")
    result = plan(Trigger.RECEIVED, state(received), ORDINARY, DEMO, now=received)
    assert (
        result.state.notify.recipient == "intake_team"
        and result.state.notify.message is MessageKind.NEW_REPORT
    )
    assert result.state.next == "await_staff_event"
    assert result.state.timer_at == at("2026-11-25 04:00")
    assert result.state.wait_seconds == 18 * 3600


def test_plan_walks_an_unacknowledged_escalation_through_the_policy_and_stops_after_its_rounds():
    received = at("2026-11-21 03:00")
    now = received
    current = plan(Trigger.RECEIVED, state(received), ORDINARY, DEMO, now=now).state
    seen = [current.notify.recipient]
    for _ in range(10):
        now += timedelta(minutes=15)
        current = plan(Trigger.ACKNOWLEDGEMENT_MISSING, current, ORDINARY, DEMO, now=now).state
        if current.next != "await_acknowledgement":
            break
        seen.append(current.notify.recipient)
    assert seen == ["socialjour", "socialjour_backup", "socialjour", "socialjour_backup"]
    assert current.escalation.exhausted and current.next == "await_staff_event"
    assert current.timer_at == now + timedelta(hours=2)  # and then the chain starts again


def test_plan_moves_to_the_decision_when_the_assessment_is_recorded_and_ends_with_a_purge_date():
    received = at("2026-11-24 10:00")
    assessed = recorded(ORDINARY, protection_assessed_at=at("2026-11-24 11:00"))
    result = plan(Trigger.STAFF_EVENT, state(received), assessed, DEMO, now=at("2026-11-24 11:00"))
    assert result.state.phase is Phase.DECISION and result.state.notify is None
    assert result.deadline.due_at == at("2026-12-08 23:59:59")
    decided = recorded(assessed, decision="no_investigation", decided_at=at("2026-11-30 10:00"))
    ended = plan(Trigger.STAFF_EVENT, result.state, decided, DEMO, now=at("2026-11-30 10:00"))
    assert ended.state.next == "end" and ended.purge_on == date(2031, 11, 30)


def test_messages_say_what_is_due_by_when_with_a_link_and_nothing_else():
    notification = Notification(
        recipient="socialjour",
        message=MessageKind.ESCALATION,
        phase=Phase.PROTECTION_ASSESSMENT,
        due_at=at("2026-11-25 10:00"),
    )
    message = compose(DEMO, "r-1", "2026-ABC-DEF", notification, now=at("2026-11-25 09:00"))
    assert message.sms.startswith("Oro Demo kommun: LARM, skyddsbedömningen för 2026-ABC-DEF")
    assert "onsdag 25 november 2026 kl. 10.00" in message.sms
    assert message.sms.endswith("https://oro.demo.example.se/dashboard/report.html?id=r-1")
    assert len(message.sms) <= 300
    assert recipient_contact(DEMO, "socialjour").sms_number == DEMO.socialjour.duty_sms_number
    assert recipient_contact(DEMO, "intake_team").sms_number is None


def test_every_running_limit_is_planned_from_receipt_the_14_days_beside_the_24_hours():
    received = at("2026-11-24 10:00")
    result = plan(Trigger.RECEIVED, state(received), ORDINARY, DEMO, now=received)
    assert result.running_deadlines[Phase.PROTECTION_ASSESSMENT].due_at == at("2026-11-25 10:00")
    assert result.running_deadlines[Phase.DECISION].due_at == at("2026-12-08 23:59:59")


def test_the_holder_follows_the_work_and_the_lifecycle_does_not_route_a_phase_change_again():
    hours = DEMO.office_hours
    saturday = at("2026-11-21 04:00")
    decision = route_for_work("decision", hours, saturday)
    assert decision.route.value == "intake_team"
    assert decision.reason.startswith("Skyddsbedömningen är gjord lördag 04:00")
    assert route_for_work("review", hours, saturday).route.value == "first_social_secretary"
    assert route_for_work("returned", hours, saturday).route.value == "intake_team"
    assert route_for_work("investigation", hours, saturday).route.value == "first_social_secretary"
    received = at("2026-11-21 03:00")  # Saturday night: socialjouren holds it at first
    first = plan(Trigger.RECEIVED, state(received), ORDINARY, DEMO, now=received)
    assert first.routing.route.value == "socialjour"
    assessed = recorded(ORDINARY, protection_assessed_at=saturday)
    moved = plan(Trigger.STAFF_EVENT, first.state, assessed, DEMO, now=saturday)
    assert moved.state.phase is Phase.DECISION and moved.routing is None  # written by the staff action
    decided = recorded(assessed, decision="investigation", decided_at=at("2026-11-23 10:00"))
    investigating = plan(Trigger.STAFF_EVENT, moved.state, decided, DEMO, now=at("2026-11-23 10:00"))
    assert Phase.INVESTIGATION in investigating.running_deadlines


def test_a_letter_registered_days_late_alerts_whoever_works_now_and_says_the_limit_has_passed():
    received = at("2026-11-26 10:00")  # Thursday, office hours
    registered = at("2026-11-29 19:00")  # Sunday evening
    late = ORDINARY.model_copy(update={"registered_at": registered})
    first = plan(Trigger.RECEIVED, state(received), late, DEMO, now=registered)
    # The 24 hours passed on Friday: routed as of now (closed), so socialjouren's out-of-hours chain.
    assert first.routing.route.value == "socialjour"
    assert first.routing.reason.startswith("Registrerad i efterhand söndag 19:00")
    assert first.state.escalation.policy == "outside_office_hours"
    assert first.state.notify.recipient == "socialjour"
    sms = compose(DEMO, "r-1", "2026-ABC-DEF", first.state.notify, now=registered).sms
    assert "skulle ha varit klar senast fredag 27 november 2026 kl. 10.00, försenad" in sms
    assert "ska vara klar" not in sms
    # The same letter registered the moment it came is the intake team's, in office hours.
    on_time = plan(Trigger.RECEIVED, state(received), ORDINARY, DEMO, now=received)
    assert on_time.routing.route.value == "intake_team"


def test_no_reminder_for_a_moment_past_at_registration_and_a_late_escalation_follows_who_works_now():
    received = at("2026-11-12 10:00")  # Thursday: the 14 days end Thursday 26 November
    registered = at("2026-11-24 19:00")  # Tuesday evening, after the reminder's moment (Monday 23rd)
    late = recorded(ORDINARY.model_copy(update={"registered_at": registered}), protection_assessed_at=registered)
    decision = plan(Trigger.STAFF_EVENT, state(received), late, DEMO, now=registered).state
    assert decision.phase is Phase.DECISION and not decision.reminded
    # No reminder for Monday 23rd: the next timer is the escalation on the last office day, Thursday 08:30.
    assert decision.timer_at == at("2026-11-26 08:30")
    # Registered in time for its reminder, the same report is reminded.
    timely = recorded(ORDINARY, protection_assessed_at=at("2026-11-12 11:00"))
    reminded = plan(Trigger.STAFF_EVENT, state(received), timely, DEMO, now=at("2026-11-12 11:00")).state
    assert reminded.timer_at == at("2026-11-23 23:59:59")

    # Received Tuesday 10 November, registered on its last day at 19:00: the escalation's moment (08:30
    # that day) is past, so it goes out now, outside office hours, never to an office-hours phone.
    received = at("2026-11-10 10:00")
    late = late.model_copy(update={"registered_at": at("2026-11-24 19:00")})
    decision = plan(Trigger.STAFF_EVENT, state(received), late, DEMO, now=at("2026-11-24 19:00")).state
    assert decision.timer_at == at("2026-11-24 08:30") and decision.wait_seconds == 1
    escalated = plan(Trigger.TIMER, decision, late, DEMO, now=at("2026-11-24 19:00:01"))
    assert escalated.state.notify.message is MessageKind.ESCALATION
    assert escalated.state.escalation.policy == "outside_office_hours"
    assert escalated.state.notify.recipient == "socialjour"
    assert escalated.routing.reason.startswith("Gränsen passerad tisdag 19:00")


def test_the_backups_message_says_the_duty_phone_did_not_acknowledge():
    received = at("2026-11-21 03:00")
    first = plan(Trigger.RECEIVED, state(received), ORDINARY, DEMO, now=received).state
    backup = plan(
        Trigger.ACKNOWLEDGEMENT_MISSING, first, ORDINARY, DEMO, now=received + timedelta(minutes=15)
    ).state
    assert backup.notify.recipient == "socialjour_backup"
    assert backup.notify.unacknowledged_by == "socialjour"
    message = compose(DEMO, "r-1", "2026-ABC-DEF", backup.notify, now=received + timedelta(minutes=15))
    assert "Socialjourens jourtelefon har inte bekräftat larmet." in message.sms
    assert first.notify.unacknowledged_by is None
