from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from functions.domain.municipality import load_municipality
from functions.domain.office_hours import is_open, next_opening, office_status, office_time_between
from functions.domain.routing import Route, RoutingFacts, local_time_text, route_at_checkpoint
from functions.shared import names

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEMO = load_municipality(names.municipality_config_file("demo"))
HOURS = DEMO.office_hours


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("local_time", "open_"),
    [
        ("2026-11-24 10:00", True),  # Tuesday morning
        ("2026-11-24 08:29", False),  # before opening
        ("2026-11-24 12:30", False),  # lunch
        ("2026-11-24 16:00", False),  # closing time itself
        ("2026-11-27 14:30", True),  # Friday afternoon
        ("2026-11-27 15:30", False),  # Friday closes at 15
        ("2026-11-28 10:00", False),  # Saturday
        ("2026-06-18 13:30", True),  # the day before Midsummer Eve, before 14
        ("2026-06-18 14:30", False),  # ... closes at 14
        ("2026-06-19 10:00", False),  # Midsummer Eve
        ("2026-04-02 14:30", False),  # Maundy Thursday closes early
        ("2026-12-28 10:00", True),  # between Christmas and New Year: an ordinary Monday
        ("2026-12-24 10:00", False),  # Christmas Eve
        ("2026-12-23 13:30", True),  # the day before Christmas Eve, before its early closing
        ("2026-12-23 14:30", False),  # ... after it
        ("2026-12-30 14:30", False),  # the day before New Year's Eve closes at 14
        ("2026-12-31 10:00", False),  # New Year's Eve
        ("2027-01-01 10:00", False),  # New Year's Day
        ("2026-05-14 10:00", False),  # Ascension Day
        ("2026-05-15 10:00", True),  # the day after
    ],
)
def test_office_is_open_per_weekly_hours_lunch_and_holidays(local_time, open_):
    assert is_open(HOURS, at(local_time)) is open_


def test_next_opening_skips_weekend_and_lunch():
    assert next_opening(HOURS, at("2026-11-27 16:45")) == at("2026-11-30 08:30")
    assert next_opening(HOURS, at("2026-11-24 12:15")) == at("2026-11-24 13:00")
    assert next_opening(HOURS, at("2026-06-18 15:00")) == at("2026-06-22 08:30")


def test_summer_time_change_nights_keep_local_hours():
    # 29 March 2026 02:00 → 03:00 and 25 October 2026 03:00 → 02:00: Monday opens 08:30 local both times.
    assert next_opening(HOURS, datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == at("2026-03-30 08:30")
    assert next_opening(HOURS, datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == at("2026-10-26 08:30")
    assert at("2026-03-30 08:30").utcoffset() == timedelta(hours=2)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)))
def test_next_opening_is_the_first_open_moment(instant):
    opening = next_opening(HOURS, instant)
    assert opening >= instant
    assert is_open(HOURS, opening)
    if is_open(HOURS, instant):
        assert opening == instant
    else:
        # Closed all the way until it opens (checked every 15 minutes).
        probe = instant
        while probe + timedelta(minutes=15) < opening:
            probe += timedelta(minutes=15)
            assert not is_open(HOURS, probe)


ORDINARY = RoutingFacts(acute_danger=False, violence_against_child=False)


def route_received(local_time: str, facts: RoutingFacts = ORDINARY):
    received = at(local_time)
    return route_at_checkpoint(
        HOURS,
        DEMO.deadlines,
        facts,
        at=received,
        deadline=received + timedelta(hours=24),
        event="Inkom",
        urgent_deadline=True,
    )


def test_routing_in_office_hours_goes_to_the_intake_team_with_a_reason():
    decision = route_received("2026-11-24 10:00")
    assert decision.route is Route.INTAKE_TEAM
    assert (
        decision.reason
        == "Inkom tisdag 10:00, kontoret är öppet och hinner före gränsen onsdag 10:00: mottagningen meddelas."
    )


def test_friday_evening_goes_to_socialjour_because_the_office_opens_after_the_limit():
    decision = route_received("2026-11-27 16:45")
    assert decision.route is Route.SOCIALJOUR
    assert decision.reason == (
        "Inkom fredag 16:45, utanför kontorstid; kontoret öppnar måndag 08:30, efter 24-timmarsgränsen: "
        "socialjouren meddelas."
    )


def test_a_weekday_evening_report_waits_for_the_intake_team_unless_acute_or_violence():
    assert route_received("2026-11-24 19:00").route is Route.INTAKE_TEAM  # opens 08:30, limit 19:00
    acute = RoutingFacts(acute_danger=True, violence_against_child=False)
    assert route_received("2026-11-24 19:00", acute).route is Route.SOCIALJOUR
    violence = RoutingFacts(acute_danger=False, violence_against_child=True)
    decision = route_received("2026-11-24 19:00", violence)
    assert decision.route is Route.SOCIALJOUR and "våld mot barn anges" in decision.reason


def test_the_margin_before_the_limit_counts():
    # Received 07:00: the office opens 08:30 today, long before the limit 07:00 tomorrow.
    assert route_received("2026-11-24 07:00").route is Route.INTAKE_TEAM
    # Received 07:45 on a Sunday: the office opens Monday 08:30, and 08:30 + 1 hour is after the limit.
    assert route_received("2026-11-29 07:45").route is Route.SOCIALJOUR
    # Maundy Thursday after its early closing: the office opens the Tuesday after Easter.
    assert route_received("2026-04-02 15:00").route is Route.SOCIALJOUR


def test_too_little_office_time_before_the_limit_goes_to_the_first_social_secretary():
    decision = route_received("2026-06-18 13:30")  # the day before Midsummer Eve, which closes at 14
    assert decision.route is Route.FIRST_SOCIAL_SECRETARY
    assert "bara 30 min kontorstid återstår" in decision.reason


def test_office_time_between_counts_only_open_hours():
    assert office_time_between(HOURS, at("2026-11-24 07:00"), at("2026-11-25 07:00")) == timedelta(
        hours=6, minutes=30
    )
    assert office_time_between(HOURS, at("2026-11-27 14:00"), at("2026-11-30 09:30")) == timedelta(hours=2)
    assert office_time_between(HOURS, at("2026-06-19 00:00"), at("2026-06-22 00:00")) == timedelta(0)


def test_local_time_text_is_swedish_and_local():
    assert local_time_text(datetime(2026, 11, 27, 15, 45, tzinfo=UTC), "Europe/Stockholm") == (
        "fredag 27 november 2026 kl. 16.45"
    )


def test_a_municipality_closed_day_closes_the_office():
    hours = HOURS.model_copy(update={"closed_dates": [datetime(2026, 11, 24).date()]})
    assert not is_open(hours, at("2026-11-24 10:00"))
    assert next_opening(hours, at("2026-11-24 10:00")) == at("2026-11-25 08:30")


@pytest.mark.parametrize(
    ("local_time", "open_now", "closes_at", "next_opens_at"),
    [
        ("2026-11-27 19:30", False, None, "2026-11-30 08:30"),  # Friday evening: Monday morning
        (
            "2026-12-24 10:00",
            False,
            None,
            "2026-12-28 08:30",
        ),  # Christmas Eve: past Christmas Day and Boxing Day
        ("2026-11-24 12:15", False, None, "2026-11-24 13:00"),  # lunch: after lunch
        ("2026-11-24 10:00", True, "2026-11-24 12:00", "2026-11-24 13:00"),  # open: until lunch, then again
        ("2026-11-27 14:59", True, "2026-11-27 15:00", "2026-11-30 08:30"),  # Friday's last minute
        (
            "2026-12-23 13:30",
            True,
            "2026-12-23 14:00",
            "2026-12-28 08:30",
        ),  # the day before Christmas Eve closes early
    ],
)
def test_office_status_says_whether_open_and_when_that_changes(
    local_time, open_now, closes_at, next_opens_at
):
    status = office_status(HOURS, at(local_time).astimezone(UTC))
    assert status.open_now is open_now
    assert status.closes_at == (at(closes_at) if closes_at else None)
    assert status.next_opens_at == at(next_opens_at)


def test_office_status_has_no_next_opening_when_the_office_stays_closed_beyond_the_lookahead():
    closed = HOURS.model_copy(
        update={"closed_dates": [date(2026, 12, 1) + timedelta(days=d) for d in range(60)]}
    )
    status = office_status(closed, at("2026-12-01 10:00"))
    assert (status.open_now, status.closes_at, status.next_opens_at) == (False, None, None)
