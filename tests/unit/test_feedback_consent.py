"""An adult's consent to återkoppling: asked in the report only about an adult, recorded later by staff, and the
one rule whether feedback may be given (functions/domain/feedback.py)."""

import json
from datetime import date, timedelta

import pytest

from functions.domain.errors import Refused
from functions.domain.feedback import ConsentRecord, check_consent_record, feedback_allowed, kind_in_law
from functions.domain.persons import CHILDREN_RULE
from functions.domain.report import Knowledge, PersonKind, ReportSubmission
from tests.unit.test_report_model import problems, submission

PROFESSIONAL = {
    "type": "yrkesverksam",
    "name": "Sara Sköterska",
    "role": "Distriktssköterska",
    "organisation": "Vårdcentralen Centrum",
    "workEmail": "sara@vc.example.se",
    "wantsFeedback": True,
}


@pytest.mark.parametrize("kind", ["vuxen", "aldre", "missbruk"])
@pytest.mark.parametrize("answer", ["ja", "nej", "vet_inte"])
def test_the_report_takes_an_adults_consent_to_feedback(kind, answer):
    adult = {"kind": kind, "name": "Bo", "knowsAboutReport": "ja", "feedbackConsent": answer}
    report = ReportSubmission.model_validate_json(
        json.dumps(submission(reporter=PROFESSIONAL, persons=[adult]))
    )
    assert report.persons[0].feedback_consent is Knowledge(answer)
    # Stored as written, and read back the same.
    stored = report.model_dump_json(by_alias=True, exclude_none=True)
    assert json.loads(stored)["persons"][0]["feedbackConsent"] == answer
    assert ReportSubmission.model_validate_json(stored) == report


def test_not_asked_is_none_and_left_out_of_what_is_stored():
    report = ReportSubmission.model_validate_json(json.dumps(submission()))
    assert report.persons[0].feedback_consent is None
    assert "feedbackConsent" not in report.model_dump_json(by_alias=True, exclude_none=True)


@pytest.mark.parametrize(
    ("person", "reporter"),
    [
        ({"kind": "barn", "name": "Alva"}, PROFESSIONAL),
        ({"kind": "mig_sjalv"}, {"type": "privatperson", "anonymous": False, "name": "Sara"}),
    ],
)
@pytest.mark.parametrize("answer", ["ja", "vet_inte"])
def test_a_child_or_the_reporter_themself_with_a_consent_is_refused_in_swedish(person, reporter, answer):
    found = problems(submission(reporter=reporter, persons=[person | {"feedbackConsent": answer}]))
    assert found == {
        "persons.0.feedbackConsent": "Samtycke till återkoppling frågas bara för en vuxen som någon annan "
        "anmäler. För ett barn behövs inget samtycke, och anmäler du dig själv får du ingen återkoppling som "
        "yrkesverksam. Ta bort uppgiften."
    }


def test_an_unknown_consent_answer_is_refused():
    adult = {"kind": "vuxen", "feedbackConsent": "kanske"}
    assert "persons.0.feedbackConsent" in problems(submission(reporter=PROFESSIONAL, persons=[adult]))


@pytest.mark.parametrize("in_report", [None, "ja", "nej", "vet_inte"])
@pytest.mark.parametrize("recorded", [None, True, False])
def test_a_child_always_gets_feedback(in_report, recorded):
    assert feedback_allowed(PersonKind.CHILD, in_report, recorded) is True


@pytest.mark.parametrize(
    ("in_report", "recorded", "allowed"),
    [
        ("ja", None, True),  # consent in the report
        ("nej", None, False),
        ("vet_inte", None, False),
        (None, None, False),  # not asked: no consent
        ("nej", True, True),  # given later
        ("vet_inte", True, True),
        (None, True, True),
        ("ja", False, False),  # withdrawn later
        (None, False, False),
    ],
)
@pytest.mark.parametrize("kind", ["vuxen", "aldre", "missbruk", "mig_sjalv"])
def test_an_adult_gets_feedback_only_with_consent_and_the_latest_word_counts(
    kind, in_report, recorded, allowed
):
    assert feedback_allowed(kind, in_report, recorded) is allowed
    assert (
        feedback_allowed(PersonKind(kind), Knowledge(in_report) if in_report else None, recorded) is allowed
    )


def test_someone_reported_as_an_adult_but_under_18_is_a_child_in_law():
    assert kind_in_law("vuxen", CHILDREN_RULE) is PersonKind.CHILD
    assert kind_in_law("vuxen", "unit:vuxenenheten") is PersonKind.ADULT
    assert feedback_allowed(kind_in_law("vuxen", CHILDREN_RULE), None, None) is True


def test_consent_is_recorded_later_only_for_an_adult_and_on_a_day_that_has_been():
    today = date(2026, 11, 30)
    given = ConsentRecord(given=True, given_on=today, note="muntligt i telefon")
    check_consent_record("vuxen", "unit:vuxenenheten", given, today)
    check_consent_record("aldre", "unit:aldreomsorg", given.model_copy(update={"given": False}), today)
    with pytest.raises(Refused, match="bara för en vuxen"):
        check_consent_record("barn", CHILDREN_RULE, given, today)
    with pytest.raises(Refused, match="bara för en vuxen"):
        check_consent_record("vuxen", CHILDREN_RULE, given, today)  # under 18 by age: a child in law
    with pytest.raises(Refused, match="bara för en vuxen"):
        check_consent_record("mig_sjalv", "unit:vuxenenheten", given, today)
    tomorrow = given.model_copy(update={"given_on": today + timedelta(days=1)})
    with pytest.raises(Refused, match="framtiden"):
        check_consent_record("vuxen", "unit:vuxenenheten", tomorrow, today)
