"""The receipt says what happens next for this report: acute danger (what Oro did, when the office opens, whom
to call now), a professional's återkoppling, an anonymous reporter, an adult's unit and consent, a self-report;
in the reader's language."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from functions.domain.lifecycle import LifecycleState, Trigger, new_report_facts, plan
from functions.domain.municipality import load_municipality
from functions.domain.persons import person_rules
from functions.domain.reader_time import day_and_time
from functions.domain.receipt import Receipt, receipt_for
from functions.domain.report import Channel, ReceivedReport, ReportSubmission
from functions.shared import names
from functions.stores.lifecycle import facts_of
from functions.stores.reports import new_report_items
from tests.conftest import load_event

DEMO = load_municipality(names.municipality_config_file("demo"))
STOCKHOLM = ZoneInfo("Europe/Stockholm")
FRIDAY_EVENING = "2026-11-27 19:30"
TUESDAY_MORNING = "2026-11-24 10:00"
PROFESSIONAL = {
    "type": "yrkesverksam",
    "name": "Eva Lind",
    "role": "Lärare",
    "organisation": "Björkskolan",
    "workEmail": "eva.lind@skola.example.se",
    "wantsFeedback": True,
}
NAMED = {"type": "privatperson", "anonymous": False, "name": "Karin Berg", "phone": "070-123 45 67"}


def at(local: str) -> datetime:
    return datetime.fromisoformat(local).replace(tzinfo=STOCKHOLM)


def report(
    *, persons: list[dict] | None = None, acute: bool = False, reporter: dict | None = None
) -> ReportSubmission:
    body = load_event("report-private-anonymous.json")
    if persons is not None:
        body["persons"] = persons
    body["concern"]["acuteDanger"] = acute
    if reporter is not None:
        body["reporter"] = reporter
    return ReportSubmission.model_validate(body, strict=False)


def receipt(submission: ReportSubmission, local: str = TUESDAY_MORNING, language: str = "sv") -> Receipt:
    received = at(local)
    return receipt_for(
        DEMO, "2026-ABC-DEF", received, submission, person_rules(submission, DEMO, received), language
    )


# --- acute danger ---


def test_acute_on_a_friday_evening_says_socialjouren_is_told_when_the_office_opens_and_whom_to_call_now():
    said = receipt(report(acute=True), FRIDAY_EVENING)
    assert said.acute is not None
    assert said.acute.socialjour_alerted and not said.acute.office_open
    assert said.acute.office_opens_at == at("2026-11-30 08:30")
    assert said.acute.steps == [
        "Mottagningen är stängd just nu, så din anmälan går till socialjouren. De får veta om den inom några "
        "minuter.",
        "Mottagningen öppnar måndag 30 november kl. 08.30.",
        "Vänta inte om någon är i fara: ring 112. Behöver någon skydd nu, ring socialjouren på 010-123 45 99.",
    ]
    # The acute lines are the box's; the next steps go on as for any report.
    assert not any("socialjouren" in step for step in said.next_steps)


def test_acute_on_a_friday_evening_in_english():
    said = receipt(report(acute=True), FRIDAY_EVENING, "en")
    assert said.acute is not None
    assert said.acute.steps[0].startswith("The intake team is closed right now, so your report goes to")
    assert said.acute.steps[1] == "The intake team opens Monday 30 November at 08:30."
    assert "call 112" in said.acute.steps[2] and "010-123 45 99" in said.acute.steps[2]


def test_acute_in_office_hours_says_the_intake_unit_is_told_now_and_to_call_it():
    said = receipt(report(acute=True), TUESDAY_MORNING)
    assert said.acute is not None
    assert not said.acute.socialjour_alerted and said.acute.office_open
    assert said.acute.office_opens_at is None
    assert said.acute.steps == [
        "Mottagningen är öppen och får veta om din anmälan inom några minuter.",
        "Vänta inte om någon är i fara: ring 112. Behöver någon skydd nu, ring oss på 010-123 45 00.",
    ]


def test_acute_in_office_hours_in_arabic():
    said = receipt(report(acute=True), TUESDAY_MORNING, "ar")
    assert said.acute is not None
    assert said.acute.steps[0] == "فريق الاستقبال مفتوح وسيعلم ببلاغك خلال دقائق قليلة."
    assert "112" in said.acute.steps[1] and "010-123 45 00" in said.acute.steps[1]


def test_acute_about_an_adult_in_office_hours_names_the_unit_that_is_told():
    said = receipt(report(persons=[{"kind": "aldre", "age": 84}], acute=True), TUESDAY_MORNING)
    assert said.acute is not None and not said.acute.socialjour_alerted
    assert (
        said.acute.steps[0]
        == "Biståndshandläggarna, äldreomsorgen får veta om din anmälan inom några minuter."
    )


def test_acute_at_lunch_goes_to_socialjouren_and_the_office_opens_again_today():
    said = receipt(report(acute=True), "2026-11-24 12:15")
    assert said.acute is not None and said.acute.socialjour_alerted
    assert said.acute.steps[1] == "Mottagningen öppnar i dag kl. 13.00."


def test_a_report_without_acute_danger_has_no_acute_part():
    assert receipt(report(), FRIDAY_EVENING).acute is None


@pytest.mark.parametrize(
    "local",
    [FRIDAY_EVENING, TUESDAY_MORNING, "2026-11-24 12:15", "2026-12-24 10:00", "2026-11-27 14:45"],
)
@pytest.mark.parametrize(
    "persons",
    [
        [{"kind": "barn", "age": 8}],
        [{"kind": "vuxen", "age": 40}],
        [{"kind": "aldre", "age": 84}, {"kind": "barn"}],
    ],
    ids=["child", "adult", "elderly and child"],
)
def test_the_receipt_says_socialjouren_is_told_exactly_when_the_lifecycle_alerts_it_first(local, persons):
    submission = report(persons=persons, acute=True)
    received = at(local)
    rules = person_rules(submission, DEMO, received)
    said = receipt_for(DEMO, "2026-ABC-DEF", received, submission, rules)
    state = LifecycleState(report_id="r", reference_number="2026-ABC-DEF", received_at=received)
    first = plan(
        Trigger.RECEIVED, state, new_report_facts(submission, rules), DEMO, received + timedelta(seconds=5)
    )
    assert first.state.notify is not None
    assert said.acute is not None
    assert said.acute.socialjour_alerted == (first.state.notify.recipient == "socialjour")


def test_what_the_receipt_routes_by_is_what_intake_stores_for_the_lifecycle():
    submission = report(persons=[{"kind": "barn", "age": 8}, {"kind": "vuxen", "age": 40}], acute=True)
    received = at(FRIDAY_EVENING)
    stored = ReceivedReport(
        report_id="r",
        reference_number="2026-ABC-DEF",
        received_at=received,
        channel=Channel.WEB,
        content=submission,
        content_fingerprint="f",
        person_rules=person_rules(submission, DEMO, received),
    )
    item = new_report_items(stored, person_keys=None)[0]
    assert facts_of(item) == new_report_facts(submission, stored.person_rules)


def test_the_opening_time_is_said_from_the_receipt_in_the_readers_words():
    now = at("2026-11-26 17:00")
    assert day_and_time(at("2026-11-27 08:30"), "Europe/Stockholm", "sv", now) == "i morgon kl. 08.30"
    assert day_and_time(at("2026-11-27 08:30"), "Europe/Stockholm", "en", now) == "tomorrow at 08:30"
    later = day_and_time(at("2026-12-28 08:30"), "Europe/Stockholm", "ar", now)
    assert later == "الاثنين 28 ديسمبر الساعة 08:30"


# --- who reports, about whom ---


def test_a_professional_who_asked_for_feedback_is_told_what_feedback_they_get():
    child = receipt(report(reporter=PROFESSIONAL))
    assert (
        "Du har bett om återkoppling. Du får veta om en utredning inleds, inte inleds eller redan pågår, om det "
        "inte finns särskilda skäl emot det." in child.next_steps
    )
    adult = receipt(report(persons=[{"kind": "vuxen", "age": 40}], reporter=PROFESSIONAL))
    assert any("bara om personen samtycker" in step for step in adult.next_steps)
    both = receipt(
        report(persons=[{"kind": "barn"}, {"kind": "missbruk", "age": 30}], reporter=PROFESSIONAL),
        language="en",
    )
    assert any(
        "For children you will be told" in step and "only if the person consents" in step
        for step in both.next_steps
    )
    without = receipt(report(reporter={**PROFESSIONAL, "wantsFeedback": False}))
    assert not any("återkoppling" in step for step in without.next_steps)


def test_an_anonymous_reporter_is_told_we_cannot_get_in_touch():
    anonymous = receipt(report())
    assert anonymous.next_steps[-1] == "Du är anonym, så vi kan inte höra av oss till dig."
    assert not any("kontaktuppgifter" in step for step in anonymous.next_steps)
    named = receipt(report(reporter=NAMED))
    assert "Om du har lämnat kontaktuppgifter" in named.next_steps[-1]
    assert not any("anonym" in step for step in named.next_steps)
    assert (
        receipt(report(), language="en").next_steps[-1]
        == "You are anonymous, so we cannot get in touch with you."
    )


def test_an_adult_elderly_or_addicted_persons_report_names_the_unit_the_rule_and_the_persons_consent():
    said = receipt(
        report(persons=[{"kind": "aldre", "age": 84}, {"kind": "missbruk", "age": 30}], reporter=NAMED)
    )
    elderly = next(step for step in said.next_steps if "Biståndshandläggarna" in step)
    addiction = next(step for step in said.next_steps if "Vuxenenheten" in step)
    for step in (elderly, addiction):
        assert "kontaktar personen" in step and "samtycke" in step and "inga fasta tidsfrister" in step
    assert not any("24 timmar" in step for step in said.next_steps)
    english = receipt(report(persons=[{"kind": "vuxen", "age": 40}]), language="en")
    assert any("Vuxenenheten" in step and "consent" in step for step in english.next_steps)


def test_a_self_report_is_addressed_to_the_reporter():
    named = receipt(report(persons=[{"kind": "mig_sjalv", "age": 35}], reporter=NAMED))
    assert named.next_steps[1:] == [
        "Du har gjort en anmälan om dig själv. Den går till Vuxenenheten, individ- och familjeomsorgen. Vi "
        "kontaktar dig för att höra hur du har det och vad du behöver. Det är du som bestämmer om du vill ta emot "
        "stöd."
    ]
    young = receipt(report(persons=[{"kind": "mig_sjalv", "age": 16}], reporter=NAMED))
    assert "Du är under 18 år" in young.next_steps[1] and "24 timmar" in young.next_steps[1]
    anonymous = receipt(report(persons=[{"kind": "mig_sjalv", "age": 35}]))
    assert anonymous.next_steps[1:] == [
        "Du har gjort en anmälan om dig själv, men du är anonym: vi kan inte kontakta dig eller svara dig. Vill "
        "du ha stöd kan du ringa oss på kontorstid eller socialjouren och berätta att du har gjort en anmälan."
    ]
    english = receipt(report(persons=[{"kind": "mig_sjalv", "age": 35}], reporter=NAMED), language="en")
    assert english.next_steps[1].startswith("You have made a report about yourself. It goes to Vuxenenheten")


def test_the_receipts_acute_part_is_in_its_json_with_utc_instants():
    answer = receipt(report(acute=True), FRIDAY_EVENING).model_dump(mode="json", by_alias=True)
    assert answer["acute"]["socialjourAlerted"] is True
    assert answer["acute"]["officeOpensAt"] == "2026-11-30T07:30:00.000Z"


def test_a_report_registered_after_it_came_is_said_as_the_lifecycle_routes_it_at_registration():
    # A letter that came on Tuesday morning, registered by socialjouren on Friday evening: the alert goes out
    # now, to whoever works now.
    submission = report(acute=True)
    received, registered = at(TUESDAY_MORNING), at(FRIDAY_EVENING)
    rules = person_rules(submission, DEMO, received)
    said = receipt_for(DEMO, "2026-ABC-DEF", received, submission, rules, registered_at=registered)
    state = LifecycleState(report_id="r", reference_number="2026-ABC-DEF", received_at=received)
    facts = new_report_facts(submission, rules, registered)
    first = plan(Trigger.RECEIVED, state, facts, DEMO, registered + timedelta(seconds=5))
    assert first.state.notify is not None and first.state.notify.recipient == "socialjour"
    assert said.acute is not None and said.acute.socialjour_alerted and not said.acute.office_open
    assert said.acute.office_opens_at == at("2026-11-30 08:30")
