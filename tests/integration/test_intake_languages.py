"""The public intake answers in the language the form asks for (Accept-Language), and stores the form's
language with the report, which is otherwise stored as written."""

import json

import pytest

from tests.integration.helpers import new_body, post_report


def _without_description(body: dict) -> dict:
    body["concern"] = {**body["concern"], "description": ""}
    return body


@pytest.mark.parametrize(
    ("accept_language", "message", "field_message"),
    [
        (
            "en-GB,en;q=0.9",
            "The report could not be received. Correct the details below and send it again.",
            "Description of the concern needs to be filled in.",
        ),
        (
            "ar",
            "تعذّر استلام البلاغ. صحّح البيانات أدناه وأرسله مرة أخرى.",
            "وصف القلق: يجب تعبئة هذا الحقل.",
        ),
        (
            "sv-SE",
            "Anmälan kunde inte tas emot. Rätta uppgifterna nedan och skicka igen.",
            "Beskrivning av oron behöver fyllas i.",
        ),
        (
            "de-DE, fr;q=0.8",  # unknown languages: Swedish
            "Anmälan kunde inte tas emot. Rätta uppgifterna nedan och skicka igen.",
            "Beskrivning av oron behöver fyllas i.",
        ),
    ],
)
def test_a_refused_report_is_answered_in_the_language_asked_for(
    local_stack, accept_language, message, field_message
):
    response = post_report(
        local_stack, _without_description(new_body()), headers={"Accept-Language": accept_language}
    )
    assert response.status_code == 422, response.text
    answer = response.json()
    assert answer["message"] == message
    assert {"field": "concern.description", "message": field_message} in answer["errors"]


def test_a_request_refused_before_it_is_read_is_answered_in_the_language_asked_for(local_stack):
    response = post_report(local_stack, b"   ", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["message"] == "The report is empty."


def test_the_report_is_stored_as_written_with_the_forms_language_and_the_receipt_in_it(local_stack):
    body = new_body(formLanguage="en")
    response = post_report(local_stack, body, headers={"Accept-Language": "en"})
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["nextSteps"][0].startswith("Your report has been received and saved.")
    stored = local_stack.find_report(receipt["referenceNumber"])
    content = json.loads(stored["content"])
    assert content["formLanguage"] == "en"
    assert content["concern"]["description"] == body["concern"]["description"]  # as written, untranslated


def test_a_report_without_the_forms_language_was_in_swedish(local_stack):
    body = new_body()
    body.pop("formLanguage", None)
    response = post_report(local_stack, body)
    assert response.status_code == 201, response.text
    assert any("24 timmar" in step for step in response.json()["nextSteps"])
    stored = local_stack.find_report(response.json()["referenceNumber"])
    assert json.loads(stored["content"])["formLanguage"] == "sv"


def test_an_unknown_form_language_is_refused_with_its_field(local_stack):
    response = post_report(local_stack, new_body(formLanguage="xx"), headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert {
        "field": "formLanguage",
        "message": "The form's language is not one of the languages this service has.",
    } in response.json()["errors"]


def test_a_retry_after_switching_language_is_the_same_report(local_stack):
    # The first attempt arrived, but its answer was lost; the reporter switched to English and tried again.
    body = new_body(formLanguage="sv")
    first = post_report(local_stack, body)
    assert first.status_code == 201, first.text
    retried = post_report(local_stack, {**body, "formLanguage": "en"}, headers={"Accept-Language": "en"})
    assert retried.status_code == 200, retried.text
    assert retried.json()["referenceNumber"] == first.json()["referenceNumber"]
    assert retried.json()["nextSteps"][0].startswith("Your report has been received")
