"""The public intake keeps the form's paths: a professional cannot report about themself, and an unborn
child's expected date of birth is stored with the report, refused in the reporter's language when it cannot be
right."""

import json
from datetime import date, timedelta

from tests.integration.helpers import new_body, post_report

PROFESSIONAL = {
    "type": "yrkesverksam",
    "name": "Sara Lärare",
    "role": "Lärare",
    "organisation": "Demoskolan",
    "workEmail": "sara@demoskolan.example.se",
    "wantsFeedback": False,
}


def test_a_professional_reporting_about_themself_is_refused_in_swedish_and_nothing_is_stored(local_stack):
    body = new_body(reporter=PROFESSIONAL, persons=[{"kind": "mig_sjalv", "knowsAboutReport": "ja"}])
    response = post_report(local_stack, body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {
            "field": "persons.0.kind",
            "message": "Som yrkesverksam anmäler du oro för någon annan, inte för dig själv. "
            "Välj vem oron gäller, eller gör anmälan som privatperson.",
        }
    ]
    assert "referenceNumber" not in response.json()
    # The same report from a private person is received.
    private = {**body, "reporter": {"type": "privatperson", "anonymous": False, "name": "Sara"}}
    assert post_report(local_stack, private).status_code == 201


def test_an_unborn_childs_expected_date_of_birth_is_stored_and_a_wrong_one_refused(local_stack):
    expected = (date.today() + timedelta(days=60)).isoformat()
    unborn = {"kind": "barn", "unborn": True, "expectedBirthDate": expected}
    response = post_report(local_stack, new_body(persons=[unborn]))
    assert response.status_code == 201, response.text
    stored = local_stack.find_report(response.json()["referenceNumber"])
    assert json.loads(stored["content"])["persons"][0]["expectedBirthDate"] == expected

    far = {**unborn, "expectedBirthDate": (date.today() + timedelta(days=400)).isoformat()}
    refused = post_report(local_stack, new_body(persons=[far]), headers={"Accept-Language": "en"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"] == [
        {
            "field": "persons.0.expectedBirthDate",
            "message": "The expected date of birth is more than ten months ahead. Please check the date.",
        }
    ]
