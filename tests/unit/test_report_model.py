import json

import pytest
from pydantic import ValidationError

from functions.domain.errors import describe_validation_error
from functions.domain.report import Category, ReportSubmission
from tests.conftest import load_event


def submission(**changes) -> dict:
    body = load_event("report-private-anonymous.json")
    for path, value in changes.items():
        target = body
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is ...:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return body


def problems(body: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        ReportSubmission.model_validate_json(json.dumps(body))
    return {problem.field: problem.message for problem in describe_validation_error(raised.value)}


def test_sample_report_is_accepted_with_its_personnummer_normalised():
    report = ReportSubmission.model_validate_json(
        json.dumps(submission(**{"persons.0.personalIdentityNumber": "1503152389"}))
    )
    assert report.persons[0].personal_identity_number == "20150315-2389"
    assert report.concern.main_category is Category.VIOLENCE
    assert report.concern.involves_violence
    assert report.is_anonymous


def test_samordningsnummer_is_accepted_with_its_day_plus_sixty():
    # 1981-12-18 as samordningsnummer: day 18 + 60 = 78; check digit from the Luhn algorithm.
    report = ReportSubmission.model_validate_json(
        json.dumps(submission(**{"persons.0.personalIdentityNumber": "811278-9873"}))
    )
    assert report.persons[0].personal_identity_number == "19811278-9873"
    assert "persons.0.personalIdentityNumber" in problems(
        submission(**{"persons.0.personalIdentityNumber": "19811278-9870"})
    )


def test_birth_days_for_the_research_sample_come_from_personnummer_samordningsnummer_or_birth_date():
    body = submission(**{"persons.0.personalIdentityNumber": "811278-9873"})  # born the 18th
    sibling = {"kind": "barn", "name": "Syskon", "birthDate": "2019-04-05"}
    unborn = {"kind": "barn", "unborn": True}
    body["persons"] += [sibling, unborn]
    report = ReportSubmission.model_validate_json(json.dumps(body))
    assert report.birth_days == [5, 18]
    assert report.searchable_identity_numbers == ["19811278-9873"]


def test_invalid_personnummer_is_named_in_swedish():
    found = problems(submission(**{"persons.0.personalIdentityNumber": "20150315-2380"}))
    assert "Personnumret" in found["persons.0.personalIdentityNumber"]


def test_unknown_fields_are_refused_by_name():
    found = problems(submission(favouriteColour="blå"))
    assert "favouriteColour" in found["favouriteColour"]


def test_types_are_not_coerced():
    found = problems(submission(**{"concern.acuteDanger": "false", "persons.0.age": "7"}))
    assert found["concern.acuteDanger"] == "Akut fara ska vara ja eller nej."
    assert found["persons.0.age"] == "Person 1: ålder ska vara ett heltal."


def test_missing_required_field_is_named():
    found = problems(submission(**{"concern.description": ...}))
    assert found == {"concern.description": "Beskrivning av oron behöver fyllas i."}


def test_overlong_text_names_the_limit():
    found = problems(submission(**{"persons.0.guardians.0.name": "x" * 201}))
    assert found == {
        "persons.0.guardians.0.name": "Person 1, vårdnadshavare 1: namn får vara högst 200 tecken."
    }


def test_control_characters_are_refused_but_newlines_in_free_text_are_kept():
    found = problems(submission(**{"persons.0.name": "Alva\u0000"}))
    assert "styrtecken" in found["persons.0.name"]
    assert "styrtecken" in problems(submission(**{"persons.0.name": "Alva\nExempel"}))["persons.0.name"]
    assert (
        "styrtecken"
        in problems(submission(**{"concern.description": "hej \u202e dolt"}))["concern.description"]
    )
    text = "Rad ett\r\nRad två\tmed tabb"
    report = ReportSubmission.model_validate_json(json.dumps(submission(**{"concern.description": text})))
    assert report.concern.description == "Rad ett\nRad två\tmed tabb"


def test_markup_in_free_text_is_kept_as_text():
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    report = ReportSubmission.model_validate_json(json.dumps(submission(**{"concern.description": hostile})))
    assert report.concern.description == hostile


def test_main_category_must_be_one_of_the_chosen():
    found = problems(submission(**{"concern.mainCategory": "annat"}))
    assert "mainCategory" in next(iter(found))


def test_anonymous_reporter_cannot_carry_a_name():
    found = problems(submission(**{"reporter.name": "Kim"}))
    assert "anonym" in found["reporter.anonymous"]


def test_professional_must_give_role_organisation_and_a_work_contact():
    reporter = {"type": "yrkesverksam", "name": "Sara Lärare", "wantsFeedback": True}
    found = problems(submission(reporter=reporter))
    assert set(found) == {"reporter.role", "reporter.organisation"}
    reporter |= {"role": "Lärare", "organisation": "Demoskolan"}
    assert set(problems(submission(reporter=reporter))) == {"reporter.workPhone"}
    reporter |= {"workEmail": "sara@demoskolan.example.se"}
    assert ReportSubmission.model_validate_json(
        json.dumps(submission(reporter=reporter))
    ).reporter.wants_feedback


def test_interpreter_needs_a_language():
    assert set(problems(submission(interpreter={"needed": True}))) == {"interpreter.language"}


def test_unborn_child_has_no_identity_number():
    body = submission(**{"persons.0.unborn": True})
    assert "persons.0.unborn" in problems(body)


def test_a_report_concerns_between_one_and_ten_persons():
    assert "persons" in problems(submission(persons=[]))
    person = load_event("report-private-anonymous.json")["persons"][0]
    assert "persons" in problems(submission(persons=[person] * 11))
