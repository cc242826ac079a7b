"""The hand-off's rules (functions/domain/handoff.py): ids, the acknowledgement limit in the municipality's
working days, when the dispatcher looks again and alerts, what may be acknowledged or registered by hand, and
the published schema in step with the document's models."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from functions.domain.errors import Refused
from functions.domain.handoff import (
    UnknownHandoff,
    alert_due,
    check_acknowledgeable,
    check_registrable,
    handoff_id,
    next_check,
    parse_handoff_id,
    prepared,
    working_days_later,
)
from functions.domain.municipality import load_municipality
from functions.shared import names

DEMO = load_municipality(names.municipality_config_file("demo"))
HOURS = DEMO.office_hours
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def test_a_handoff_id_names_the_report_and_the_person_and_nothing_else_parses():
    report_id = "02dd9fc2-a9be-481d-8d08-3d903d4569fd"
    assert parse_handoff_id(handoff_id(report_id, 2)) == (report_id, 2)
    for wrong in (
        "",
        "x",
        f"{report_id}-0",
        f"{report_id}-1000",
        f"{report_id}-1/../x",
        "-1",
        f"{report_id}-01",
    ):
        with pytest.raises(UnknownHandoff):
            parse_handoff_id(wrong)


@pytest.mark.parametrize(
    ("decided", "due"),
    [
        ("2026-11-27 14:00", "2026-12-01 14:00"),  # Friday: Monday and Tuesday
        ("2026-11-30 10:15", "2026-12-02 10:15"),  # Monday: Wednesday
        ("2026-11-27 22:00", "2026-12-02 08:30"),  # Friday night: Tuesday night passes, Wednesday's opening
        ("2026-11-27 12:15", "2026-12-01 13:00"),  # Friday lunch: after Tuesday's lunch
        ("2026-11-28 03:00", "2026-12-01 08:30"),  # Saturday night: at Tuesday's opening
        ("2026-12-23 11:00", "2026-12-29 11:00"),  # Christmas: 24–27 closed, 28 and 29 working days
        ("2026-06-18 09:00", "2026-06-23 09:00"),  # Thursday; Midsommarafton (Friday 19 June) closed
    ],
)
def test_the_acknowledgement_limit_is_two_working_days_by_the_municipalitys_calendar(decided, due):
    assert working_days_later(local(decided), 2, HOURS) == local(due)
    record = prepared(local(decided), DEMO)
    assert datetime.fromisoformat(record["acknowledgeBy"]) == local(due)
    assert record["status"] == "prepared"


def test_the_dispatcher_looks_at_once_while_undelivered_then_at_the_limit_then_each_working_day():
    record = prepared(local("2026-11-27 14:00"), DEMO)
    assert next_check(record, HOURS) == local("2026-11-27 14:00")
    delivered = {**record, "status": "delivered"}
    assert next_check(delivered, HOURS) == local("2026-12-01 14:00")
    assert not alert_due(delivered, local("2026-12-01 13:59"), HOURS)
    assert alert_due(delivered, local("2026-12-01 14:00"), HOURS)
    alerted = {**delivered, "status": "fetched", "lastAlertAt": local("2026-12-01 14:00").isoformat()}
    assert not alert_due(alerted, local("2026-12-01 20:00"), HOURS)
    assert next_check(alerted, HOURS) == local("2026-12-02 14:00")
    assert alert_due(alerted, local("2026-12-02 14:00"), HOURS)
    for settled in ("acknowledged", "registered_manually"):
        assert next_check({**alerted, "status": settled}, HOURS) is None
        assert not alert_due({**alerted, "status": settled}, local("2026-12-09 14:00"), HOURS)


def test_only_a_delivered_or_fetched_handoff_may_be_acknowledged():
    record = prepared(local("2026-11-27 14:00"), DEMO)
    with pytest.raises(UnknownHandoff):
        check_acknowledgeable(None)
    with pytest.raises(Refused, match="inte levererad"):
        check_acknowledgeable(record)
    for status in ("delivered", "fetched"):
        assert check_acknowledgeable({**record, "status": status}).value == status
    with pytest.raises(Refused, match="redan kvitterad"):
        check_acknowledgeable({**record, "status": "acknowledged"})
    with pytest.raises(Refused, match="manuellt"):
        check_acknowledgeable({**record, "status": "registered_manually"})


def test_manual_registration_waits_for_the_limit_and_is_made_once():
    delivered = {**prepared(local("2026-11-27 14:00"), DEMO), "status": "delivered"}
    with pytest.raises(Refused, match="har ännu tid"):
        check_registrable(delivered, local("2026-12-01 13:59"))
    assert check_registrable(delivered, local("2026-12-01 14:00")).value == "delivered"
    with pytest.raises(Refused, match="ingen överlämning"):
        check_registrable(None, local("2026-12-01 14:00"))
    with pytest.raises(Refused, match="redan"):
        check_registrable({**delivered, "status": "acknowledged"}, local("2026-12-09 14:00"))


def test_the_published_schema_is_what_the_document_models_say():
    from local.openapi import HANDOFF_SCHEMA, handoff_schema, rendered

    assert Path(HANDOFF_SCHEMA).read_text(encoding="utf-8") == rendered(handoff_schema()), "run make openapi"
    schema = json.loads(Path(HANDOFF_SCHEMA).read_text(encoding="utf-8"))
    assert schema["properties"]["schemaVersion"]["const"] == "1.0"
    assert {"handoffId", "report", "person", "decision", "clocks", "document"} <= set(schema["required"])


def test_a_limit_far_from_the_decision_is_never_needed():
    """No day of the year pushes two working days past three weeks, whatever holidays fall between."""
    start = local("2026-01-01 09:00")
    for day in range(366):
        moment = start + timedelta(days=day)
        assert working_days_later(moment, 2, HOURS) - moment < timedelta(days=21)
