"""Each person concerned has their own clocks, by the right rule; the lifecycle stays one per report and its
messages count persons without naming them."""

import tomllib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from functions.domain.decisions import (
    PROPOSAL_CHANGED,
    PROTECTION_FIRST,
    VIOLENCE_REQUIRES_INVESTIGATION,
    check_extension,
    check_outcome,
    check_proposal,
    check_review,
)
from functions.domain.errors import Refused
from functions.domain.lifecycle import (
    LifecycleState,
    MessageKind,
    PersonFacts,
    Phase,
    ReportFacts,
    Trigger,
    plan,
    report_phase,
    watch_of,
)
from functions.domain.messages import compose, recipient_contact
from functions.domain.municipality import Municipality, load_municipality
from functions.domain.persons import CHILDREN_RULE, person_rules, rule_for
from functions.domain.receipt import receipt_for
from functions.domain.report import ConcernedPerson, ReportSubmission
from functions.domain.retention import PurgeRule
from functions.domain.routing import Route, RoutingFacts
from functions.shared import names
from tests.conftest import load_event

DEMO = load_municipality(names.municipality_config_file("demo"))
STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALM = RoutingFacts(acute_danger=False, violence_against_child=False)
ACUTE = RoutingFacts(acute_danger=True, violence_against_child=False)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def person(kind: str, **fields) -> ConcernedPerson:
    return ConcernedPerson.model_validate({"kind": kind, **fields}, strict=False)


def facts(*persons: PersonFacts, routing: RoutingFacts = CALM) -> ReportFacts:
    return ReportFacts(routing=routing, persons=persons)


def children(count: int, **recorded) -> tuple[PersonFacts, ...]:
    return tuple(PersonFacts(number=n, **recorded) for n in range(1, count + 1))


def state(received: datetime) -> LifecycleState:
    return LifecycleState(report_id="r-1", reference_number="2026-ABC-DEF", received_at=received)


@pytest.mark.parametrize(
    ("kind", "fields", "rule"),
    [
        ("barn", {"age": 8}, CHILDREN_RULE),
        ("vuxen", {"age": 40}, "unit:vuxen"),
        ("missbruk", {}, "unit:vuxen"),
        ("aldre", {"age": 87}, "unit:aldre"),
        # A child in law whatever the reporter chose: the age says under 18.
        ("mig_sjalv", {"age": 15}, CHILDREN_RULE),
        ("vuxen", {"birthDate": "2012-03-01"}, CHILDREN_RULE),
        ("mig_sjalv", {"age": 30}, "unit:vuxen"),
    ],
)
def test_each_person_comes_under_the_childrens_law_or_the_adult_unit_the_municipality_names(
    kind, fields, rule
):
    assert rule_for(person(kind, **fields), DEMO, date(2026, 11, 29)) == rule


def test_every_adult_kind_needs_exactly_one_unit():
    with open(names.municipality_config_file("demo"), "rb") as config:
        settings = tomllib.load(config)
    settings["adult_units"]["aldre"]["serves"] = ["vuxen"]
    with pytest.raises(ValidationError, match="each adult kind needs exactly one unit"):
        Municipality.model_validate(settings)


def test_three_siblings_are_watched_together_and_the_lifecycle_waits_on_until_the_last_is_assessed():
    received = at("2026-11-24 10:00")  # Tuesday, office hours
    first = plan(Trigger.RECEIVED, state(received), facts(*children(3)), DEMO, now=received)
    assert first.state.notify.persons_due == 3 and first.state.notify.persons_total == 3
    assert set(first.person_deadlines) == {1, 2, 3}
    assert first.person_deadlines[2][Phase.PROTECTION_ASSESSMENT].due_at == at("2026-11-25 10:00")

    one_done = facts(PersonFacts(number=1, protection_assessed_at=at("2026-11-24 11:00")), *children(3)[1:])
    watch = watch_of(one_done, received, DEMO)
    assert watch.phase is Phase.PROTECTION_ASSESSMENT and watch.persons == (2, 3) and watch.total == 3
    assert report_phase(one_done) is Phase.PROTECTION_ASSESSMENT
    same = plan(Trigger.STAFF_EVENT, first.state, one_done, DEMO, now=at("2026-11-24 11:00"))
    # Nothing changed for the lifecycle: the same wait, the same timer, nothing sent.
    assert same.state.notify is None and same.state.timer_at == first.state.timer_at
    assert same.person_deadlines[1] == {Phase.DECISION: same.person_deadlines[1][Phase.DECISION]}

    all_done = facts(*children(3, protection_assessed_at=at("2026-11-24 12:00")))
    moved = plan(Trigger.STAFF_EVENT, same.state, all_done, DEMO, now=at("2026-11-24 12:00"))
    assert moved.state.phase is Phase.DECISION and moved.state.due_at == at("2026-12-08 23:59:59")
    assert report_phase(all_done) is Phase.DECISION


def test_three_siblings_at_night_give_socialjouren_one_sms_that_counts_them_and_names_no_one():
    received = at("2026-11-21 03:00")  # Saturday night
    first = plan(Trigger.RECEIVED, state(received), facts(*children(3), routing=ACUTE), DEMO, now=received)
    notify = first.state.notify
    assert notify.recipient == "socialjour" and notify.message is MessageKind.NEW_REPORT_URGENT
    message = compose(DEMO, "r-1", "2026-ABC-DEF", notify, now=received)
    assert "alla 3 personer i anmälan" in message.sms
    assert "Anmälan gäller 3 personer." in message.body


def test_a_reminder_counts_the_persons_whose_clock_is_due_without_naming_them():
    received = at("2026-11-24 10:00")
    one_done = facts(PersonFacts(number=1, protection_assessed_at=at("2026-11-24 11:00")), *children(3)[1:])
    waiting = plan(Trigger.RECEIVED, state(received), one_done, DEMO, now=received).state
    reminded = plan(Trigger.TIMER, waiting, one_done, DEMO, now=waiting.timer_at)
    assert reminded.state.notify.message is MessageKind.REMINDER
    sms = compose(DEMO, "r-1", "2026-ABC-DEF", reminded.state.notify, now=waiting.timer_at).sms
    assert "2 av 3 personer i anmälan" in sms


def test_an_adults_report_goes_to_the_adult_unit_with_its_own_target_never_the_childrens_limits():
    received = at("2026-11-24 10:00")
    adult = facts(PersonFacts(number=1, rule="unit:vuxen"))
    first = plan(Trigger.RECEIVED, state(received), adult, DEMO, now=received)
    assert first.routing.route is Route.ADULT_UNIT
    assert "Vuxenenheten" in first.routing.reason and "kommunens mål" in first.routing.reason
    assert first.state.notify.recipient == "unit:vuxen" and first.state.notify.rule == "unit:vuxen"
    assert recipient_contact(DEMO, "unit:vuxen").email == DEMO.adult_units["vuxen"].email
    # The unit's own first-assessment target (one day in the demo), not the 24 hours of the law.
    assert first.deadline.due_at == received + DEMO.adult_units["vuxen"].targets.protection_assessment
    message = compose(DEMO, "r-1", "2026-ABC-DEF", first.state.notify, now=received)
    assert "skyddsbedömningen ska enligt kommunens mål vara klar senast" in message.sms
    assert "Skyddsbedömningen ska enligt kommunens mål vara klar senast" in message.body

    # The target passes: the unit is told, no on-call chain; again a week later while nothing is done.
    due = first.deadline.due_at
    passed = plan(Trigger.TIMER, first.state.model_copy(update={"timer_at": due}), adult, DEMO, now=due)
    assert passed.state.notify.message is MessageKind.TARGET_PASSED
    assert passed.state.notify.recipient == "unit:vuxen" and passed.state.escalation is None
    assert passed.state.timer_at == due + timedelta(days=7)
    body = compose(DEMO, "r-1", "2026-ABC-DEF", passed.state.notify, now=due).body
    assert "inte en lagstadgad tidsfrist" in body


def test_an_adult_in_acute_danger_at_night_alerts_socialjouren():
    received = at("2026-11-21 03:00")
    adult = facts(PersonFacts(number=1, rule="unit:aldre"), routing=ACUTE)
    first = plan(Trigger.RECEIVED, state(received), adult, DEMO, now=received)
    assert first.routing.route is Route.SOCIALJOUR and first.state.notify.recipient == "socialjour"
    calm = plan(
        Trigger.RECEIVED, state(received), facts(PersonFacts(number=1, rule="unit:aldre")), DEMO, now=received
    )
    assert calm.routing.route is Route.ADULT_UNIT and "läser den när kontoret öppnar" in calm.routing.reason


@pytest.mark.parametrize(
    ("now", "on_duty"), [(at("2026-11-24 11:00"), "intake_team"), (at("2026-11-22 20:00"), "socialjour")]
)
def test_immediate_protection_needed_alerts_whoever_is_on_duty_once(now, on_duty):
    received = now - timedelta(hours=1)
    waiting = plan(Trigger.RECEIVED, state(received), facts(*children(2)), DEMO, now=received).state
    needs = facts(
        PersonFacts(number=1, protection_assessed_at=now, immediate_protection_needed=True), *children(2)[1:]
    )
    alerted = plan(Trigger.STAFF_EVENT, waiting, needs, DEMO, now=now).state
    assert alerted.notify.message is MessageKind.PROTECTION_NEEDED and alerted.notify.recipient == on_duty
    assert alerted.protection_alerted == [1]
    sms = compose(DEMO, "r-1", "2026-ABC-DEF", alerted.notify, now=now).sms
    assert "omedelbart skydd behövs för en person" in sms and "Anteckna i Oro vad som görs" in sms
    again = plan(Trigger.STAFF_EVENT, alerted, needs, DEMO, now=now + timedelta(minutes=5)).state
    assert again.notify is None


def test_the_report_closes_when_every_person_is_done_and_is_kept_until_the_latest_persons_date():
    received = at("2026-11-24 10:00")
    decided = at("2026-11-30 10:00")
    first = PersonFacts(
        number=1, protection_assessed_at=received, decision="no_investigation", decided_at=decided
    )
    second = PersonFacts(
        number=2,
        protection_assessed_at=received,
        decision="investigation",
        decided_at=decided,
    )
    open_ = plan(Trigger.STAFF_EVENT, state(received), facts(first, second), DEMO, now=decided)
    assert open_.state.next != "end" and open_.state.phase is Phase.INVESTIGATION
    closed_second = second.model_copy(update={"investigation_closed_at": at("2027-02-01 10:00")})
    ended = plan(
        Trigger.STAFF_EVENT, open_.state, facts(first, closed_second), DEMO, now=at("2027-02-01 10:00")
    )
    assert ended.state.next == "end"
    # Person 1's five years outlast person 2's six months after the hand-over: the report keeps them all.
    assert ended.purge_on == date(2031, 11, 30) and ended.purge_rule is PurgeRule.NO_INVESTIGATION


def _refusal(check, *args, **kwargs) -> str | None:
    try:
        check(*args, **kwargs)
    except Refused as refused:
        return str(refused)
    return None


def test_the_violence_rule_applies_to_each_child_it_concerns():
    hurt, unhurt = PersonFacts(number=1, violence=True), PersonFacts(number=2, violence=False)
    assert _refusal(check_outcome, "no_investigation", hurt) == VIOLENCE_REQUIRES_INVESTIGATION
    assert _refusal(check_outcome, "no_investigation", unhurt) is None
    assert _refusal(check_outcome, "investigation", hurt) is None


def test_a_proposal_needs_the_skyddsbedomning_and_no_decision_yet():
    assessed = PersonFacts(protection_assessed_at=at("2026-11-24 10:00"))
    assert _refusal(check_proposal, PersonFacts(), "investigation") == PROTECTION_FIRST
    assert _refusal(check_proposal, assessed, "investigation") is None
    decided = assessed.model_copy(update={"decision": "investigation"})
    assert "redan fattat" in (_refusal(check_proposal, decided, "investigation") or "")


def test_a_review_is_by_another_person_of_exactly_the_version_they_read():
    person = PersonFacts(violence=True, protection_assessed_at=at("2026-11-24 10:00"))
    proposal = {"status": "proposed", "version": 2, "proposedBy": "anna", "outcome": "no_investigation"}
    assert "annan person" in (_refusal(check_review, person, proposal, "anna", 2, approve=False) or "")
    assert _refusal(check_review, person, proposal, "bertil", 1, approve=False) == PROPOSAL_CHANGED
    # Returning a proposal that breaks the violence rule is what the reviewer should do; approving it is not.
    assert _refusal(check_review, person, proposal, "bertil", 2, approve=False) is None
    assert (
        _refusal(check_review, person, proposal, "bertil", 2, approve=True) == VIOLENCE_REQUIRES_INVESTIGATION
    )
    returned = {**proposal, "status": "returned"}
    assert "inget förslag" in (_refusal(check_review, person, returned, "bertil", 2, approve=False) or "")


def test_a_limit_moves_only_later_and_no_further_than_the_municipality_allows():
    ordinary, four_weeks = date(2026, 12, 8), timedelta(weeks=4)
    assert "senare" in (_refusal(check_extension, ordinary, ordinary, ordinary, four_weeks) or "")
    assert _refusal(check_extension, ordinary, ordinary, date(2027, 1, 5), four_weeks) is None
    refused = _refusal(check_extension, ordinary, date(2026, 12, 22), date(2027, 1, 6), four_weeks) or ""
    assert "senast tisdag 5 januari 2027" in refused and "28 dagar" in refused
    # 9999-12-30 is a typing error, refused in words, and never a wait handed to Step Functions.
    assert "senast" in (_refusal(check_extension, ordinary, ordinary, date(9999, 12, 30), four_weeks) or "")


def test_no_wait_is_longer_than_a_lifecycle_can_hold():
    from functions.domain.lifecycle import MAX_WAIT_SECONDS, _wait

    now = at("2026-11-24 10:00")
    assert _wait(datetime(9999, 12, 30, tzinfo=now.tzinfo), now) == MAX_WAIT_SECONDS
    assert _wait(now - timedelta(days=1), now) == 1
    state = LifecycleState(report_id="r", reference_number="2026-ABC-DEF", received_at=now)
    with pytest.raises(ValidationError):
        state.model_validate({**state.model_dump(), "wait_seconds": MAX_WAIT_SECONDS + 1})


def test_the_receipt_says_which_rule_applies_and_why():
    body = load_event("report-private-anonymous.json")
    body["persons"] = [{"kind": "barn", "age": 8}, {"kind": "aldre", "age": 84}]
    submission = ReportSubmission.model_validate(body, strict=False)
    received = at("2026-11-24 10:00")
    rules = person_rules(submission, DEMO, received)
    assert rules == (CHILDREN_RULE, "unit:aldre")
    receipt = receipt_for(DEMO, "2026-ABC-DEF", received, submission, rules)
    assert [rule.rule for rule in receipt.rules] == [CHILDREN_RULE, "unit:aldre"]
    assert "24 timmar" in receipt.rules[0].text
    assert (
        "Biståndshandläggarna" in receipt.rules[1].text and "inga fasta tidsfrister" in receipt.rules[1].text
    )
    adult = submission.model_copy(update={"persons": [person("vuxen", age=40)]})
    adults_only = receipt_for(DEMO, "2026-ABC-DEF", received, adult, ("unit:vuxen",))
    assert not any("24 timmar" in step for step in adults_only.next_steps)


def test_an_alert_that_reached_nobody_moves_to_the_next_step_and_says_so():
    received = at("2026-11-28 23:00")  # a Saturday night: socialjouren, then the backup
    state = LifecycleState(report_id="r", reference_number="2026-ABC-DEF", received_at=received)
    acute = facts(PersonFacts(), routing=ACUTE)
    started = plan(Trigger.RECEIVED, state, acute, DEMO, received).state
    assert started.escalation is not None and started.notify is not None
    first = started.notify.recipient
    later = received + timedelta(seconds=40)
    moved = plan(Trigger.ALERT_NOT_DELIVERED, started, acute, DEMO, later).state
    assert (
        moved.escalation is not None and moved.escalation.step == 1 and moved.escalation.notified_at == later
    )
    assert moved.notify is not None and moved.notify.recipient != first
    assert moved.notify.not_reached == first and moved.notify.unacknowledged_by is None
    text = compose(DEMO, "r", "2026-ABC-DEF", moved.notify, later).sms
    assert "kunde inte nås" in text and "inte bekräftat" not in text
    # Not acknowledged in time (it was delivered): the next step says that instead.
    missed = plan(Trigger.ACKNOWLEDGEMENT_MISSING, started, acute, DEMO, later).state
    assert (
        missed.notify is not None
        and missed.notify.unacknowledged_by == first
        and missed.notify.not_reached is None
    )


def test_which_child_the_violence_concerns_is_assessed_for_children_before_their_decision():
    from functions.domain.decisions import check_violence_assessment

    assert _refusal(check_violence_assessment, PersonFacts(violence=True)) is None
    assert "gäller barn" in (_refusal(check_violence_assessment, PersonFacts(rule="unit:vuxen")) or "")
    decided = PersonFacts(violence=True, decision="investigation")
    assert "redan fattat" in (_refusal(check_violence_assessment, decided) or "")
