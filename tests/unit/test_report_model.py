import json
from datetime import date, timedelta

import pytest
from pydantic import ValidationError
from stdnum import luhn

from functions.domain.errors import describe_validation_error
from functions.domain.report import (
    EXPECTED_BIRTH_DAYS_AHEAD,
    EXPECTED_BIRTH_DAYS_BACK,
    Category,
    ReportSubmission,
    age_on,
)
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
    # 2015-12-18 as samordningsnummer: day 18 + 60 = 78; check digit from the Luhn algorithm.
    report = ReportSubmission.model_validate_json(
        json.dumps(submission(**{"persons.0.personalIdentityNumber": "151278-2382"}))
    )
    assert report.persons[0].personal_identity_number == "20151278-2382"
    assert "persons.0.personalIdentityNumber" in problems(
        submission(**{"persons.0.personalIdentityNumber": "20151278-2380"})
    )
    # An adult's (1981-12-18).
    adult = submission(**{"persons.0.kind": "vuxen", "persons.0.personalIdentityNumber": "811278-9873"})
    assert ReportSubmission.model_validate_json(json.dumps(adult)).persons[0].personal_identity_number == (
        "19811278-9873"
    )


def test_birth_days_for_the_research_sample_come_from_personnummer_samordningsnummer_or_birth_date():
    body = submission(**{"persons.0.personalIdentityNumber": "151278-2382"})  # born the 18th
    sibling = {"kind": "barn", "name": "Syskon", "birthDate": "2019-04-05"}
    unborn = {"kind": "barn", "unborn": True}
    body["persons"] += [sibling, unborn]
    report = ReportSubmission.model_validate_json(json.dumps(body))
    assert report.birth_days == [5, 18]
    assert report.searchable_identity_numbers == ["20151278-2382"]


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
    body = submission(
        **{"persons.0.unborn": True, "persons.0.schoolOrPreschool": ..., "persons.0.knowsAboutReport": ...}
    )
    assert "persons.0.unborn" in problems(body)


def test_an_unborn_child_may_have_an_expected_date_of_birth_within_six_weeks_back_and_300_days_ahead():
    today = date.today()
    unborn = {"kind": "barn", "unborn": True}

    def expected(days: int) -> dict:
        return submission(
            persons=[unborn | {"expectedBirthDate": (today + timedelta(days=days)).isoformat()}]
        )

    for days in (-EXPECTED_BIRTH_DAYS_BACK, 0, 120, EXPECTED_BIRTH_DAYS_AHEAD):
        report = ReportSubmission.model_validate_json(json.dumps(expected(days)))
        assert report.persons[0].expected_birth_date == today + timedelta(days=days)
    assert problems(expected(-EXPECTED_BIRTH_DAYS_BACK - 1)) == {
        "persons.0.expectedBirthDate": "Det beräknade födelsedatumet ligger mer än sex veckor bakåt i tiden. "
        "Är barnet fött, ange födelsedatum i stället."
    }
    assert problems(expected(EXPECTED_BIRTH_DAYS_AHEAD + 1)) == {
        "persons.0.expectedBirthDate": "Det beräknade födelsedatumet ligger mer än tio månader fram i tiden. "
        "Kontrollera datumet."
    }
    # Only an unborn child has one: a born child, or an adult, has a birth date instead.
    born = submission(**{"persons.0.expectedBirthDate": (today + timedelta(days=30)).isoformat()})
    assert problems(born) == {
        "persons.0.expectedBirthDate": "Beräknat födelsedatum anges bara för ett barn som inte är fött ännu."
    }
    assert "persons.0.expectedBirthDate" in problems(
        submission(persons=[unborn | {"expectedBirthDate": "2026-13-01"}])
    )


def test_a_report_concerns_between_one_and_ten_persons():
    assert "persons" in problems(submission(persons=[]))
    person = load_event("report-private-anonymous.json")["persons"][0]
    assert "persons" in problems(submission(persons=[person] * 11))


def test_an_unborn_child_has_no_school_and_does_not_know_about_the_report():
    unborn = {"kind": "barn", "unborn": True, "guardians": [{"name": "Kim", "knowsAboutReport": "ja"}]}
    report = ReportSubmission.model_validate_json(json.dumps(submission(persons=[unborn])))
    assert report.persons[0].unborn and report.persons[0].guardians[0].knows_about_report == "ja"

    found = problems(
        submission(persons=[unborn | {"schoolOrPreschool": "Demoskolan", "knowsAboutReport": "nej"}])
    )
    assert found == {
        "persons.0.schoolOrPreschool": "Ett barn som inte är fött ännu går inte i skola eller förskola. "
        "Ta bort uppgiften.",
        "persons.0.knowsAboutReport": "Ett barn som inte är fött ännu kan inte veta om anmälan. "
        "Ta bort uppgiften.",
    }
    # Nothing written is the same as not asked.
    assert ReportSubmission.model_validate_json(
        json.dumps(submission(persons=[unborn | {"schoolOrPreschool": None}]))
    )


def test_a_professional_cannot_report_about_themself():
    professional = {
        "type": "yrkesverksam",
        "name": "Sara Lärare",
        "role": "Lärare",
        "organisation": "Demoskolan",
        "workEmail": "sara@demoskolan.example.se",
        "wantsFeedback": True,
    }
    child = load_event("report-private-anonymous.json")["persons"][0]
    oneself = {"kind": "mig_sjalv", "knowsAboutReport": "ja"}
    found = problems(submission(reporter=professional, persons=[child, oneself]))
    assert found == {
        "persons.1.kind": "Som yrkesverksam anmäler du oro för någon annan, inte för dig själv. "
        "Välj vem oron gäller, eller gör anmälan som privatperson."
    }
    private = {"type": "privatperson", "anonymous": False, "name": "Sara"}
    assert ReportSubmission.model_validate_json(json.dumps(submission(reporter=private, persons=[oneself])))


def years_ago(years: int, days: int = 0) -> str:
    today = date.today()
    try:
        then = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        then = today.replace(year=today.year - years, day=28)
    return (then + timedelta(days=days)).isoformat()


def test_a_child_is_under_eighteen_by_age_birth_date_or_personnummer():
    no_number = {"persons.0.personalIdentityNumber": ...}
    found = problems(submission(**no_number, **{"persons.0.age": 40}))
    assert found == {
        "persons.0.age": "Ett barn är under 18 år. Är personen 18 år eller äldre, ange att anmälan gäller en vuxen."
    }
    assert "persons.0.age" in problems(submission(**no_number, **{"persons.0.age": 18}))
    assert ReportSubmission.model_validate_json(json.dumps(submission(**no_number, **{"persons.0.age": 17})))

    eighteen_today = years_ago(18)
    found = problems(submission(**no_number, **{"persons.0.birthDate": eighteen_today}))
    assert "fyllt 18 år" in found["persons.0.birthDate"]
    day_before_eighteenth = years_ago(18, days=1)
    assert ReportSubmission.model_validate_json(
        json.dumps(submission(**no_number, **{"persons.0.birthDate": day_before_eighteenth}))
    )

    found = problems(submission(**{"persons.0.personalIdentityNumber": "19811218-9876"}))
    assert "Enligt personnumret har personen fyllt 18 år" in found["persons.0.personalIdentityNumber"]


def test_the_age_limit_is_for_children_only():
    for kind in ("vuxen", "aldre", "missbruk", "mig_sjalv"):
        adult = submission(
            **{
                "persons.0.kind": kind,
                "persons.0.personalIdentityNumber": "19811218-9876",
                "persons.0.age": 44,
                "persons.0.birthDate": "1981-12-18",
            }
        )
        assert ReportSubmission.model_validate_json(json.dumps(adult)).persons[0].age == 44


def test_birth_dates_and_personnummer_in_the_future_are_refused():
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    found = problems(submission(**{"persons.0.personalIdentityNumber": ..., "persons.0.birthDate": tomorrow}))
    assert found == {"persons.0.birthDate": "Födelsedatumet ligger i framtiden."}
    future = date(date.today().year + 1, 1, 1)
    short = f"{future:%y%m%d}238"
    number = f"{future:%Y%m%d}-238{luhn.calc_check_digit(short)}"
    assert (
        "Personnumret"
        in problems(submission(**{"persons.0.personalIdentityNumber": number}))[
            "persons.0.personalIdentityNumber"
        ]
    )


def test_age_on_counts_whole_years_and_leap_days():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
    assert age_on(date(2008, 11, 29), date(2026, 11, 29)) == 18


def test_search_by_personnummer_finds_adults_as_well_as_children():
    body = submission(**{"persons.0.personalIdentityNumber": "151278-2382"})
    body["persons"].append({"kind": "vuxen", "name": "Vuxen", "personalIdentityNumber": "811278-9873"})
    report = ReportSubmission.model_validate_json(json.dumps(body))
    assert report.searchable_identity_numbers == ["20151278-2382", "19811278-9873"]


def test_text_of_only_invisible_characters_is_refused_in_swedish():
    for blank in ("\u200b\u200c\u2060 \u200b", "\u3164\u3164", "\u034f" * 12, "\u2800" * 12, "\uffa0\u115f"):
        found = problems(submission(**{"concern.description": blank}))
        assert "concern.description" in found and "synliga" in found["concern.description"], blank
