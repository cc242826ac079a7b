from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from functions.domain.municipality import load_municipality
from functions.domain.office_hours import is_open, next_opening
from functions.domain.routing import Route, local_time_text, route_new_report
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


def test_routing_in_office_hours_goes_to_the_intake_team_with_a_reason():
    decision = route_new_report(HOURS, at("2026-11-24 10:00"), now=at("2026-11-24 10:00"))
    assert decision.route is Route.INTAKE_TEAM
    assert decision.reason == "Inkom tisdag 2026-11-24 10:00, inom kontorstid: mottagningen meddelas."


def test_routing_outside_office_hours_goes_to_socialjour_and_says_when_the_office_opens():
    decision = route_new_report(HOURS, at("2026-11-27 16:45"), now=at("2026-11-27 16:45"))
    assert decision.route is Route.SOCIALJOUR
    assert decision.reason == (
        "Inkom fredag 2026-11-27 16:45, utanför kontorstid (kontoret öppnar måndag 2026-11-30 08:30): "
        "socialjouren meddelas."
    )


def test_local_time_text_is_swedish_and_local():
    assert local_time_text(datetime(2026, 11, 27, 15, 45, tzinfo=UTC), "Europe/Stockholm") == (
        "fredag 27 november 2026 kl. 16.45"
    )
