import json
import re
from datetime import UTC, datetime

import pytest

from functions.domain.municipality import Municipality, load_municipality
from functions.domain.public_settings import office_hours_text, public_form_settings
from functions.domain.reference_number import PATTERN, new_reference_number, normalise_reference_number
from functions.shared import names
from functions.shared.lifecycle_definition import render, rendered_definition, substitutions

DEMO = load_municipality(names.municipality_config_file("demo"))


def test_reference_numbers_are_readable_and_carry_the_local_year():
    numbers = {
        new_reference_number(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "Europe/Stockholm")
        for _ in range(200)
    }
    assert len(numbers) == 200
    assert all(PATTERN.match(number) and number.startswith("2027-") for number in numbers)
    assert not any(set(number[5:]) & set("01ILOUV") for number in numbers)


def test_a_reference_number_read_over_the_phone_is_normalised():
    assert normalise_reference_number("2026 k7f 3mx") == "2026-K7F-3MX"


def test_every_municipality_file_is_valid_and_named_after_its_id():
    for path in names.MUNICIPALITIES_DIR.glob("*.toml"):
        assert load_municipality(path).id == path.stem


def test_kalix_does_not_take_anonymous_web_reports():
    assert load_municipality(names.municipality_config_file("kalix")).anonymous_web_reports_allowed is False


def test_kalix_form_starts_with_signing_in():
    sign_in = public_form_settings(load_municipality(names.municipality_config_file("kalix")))["signIn"]
    assert sign_in["identification"] == "required"
    assert sign_in["providers"] and all(
        set(provider) == {"id", "label", "kind"} for provider in sign_in["providers"]
    )


def test_bad_municipality_settings_are_refused():
    data = DEMO.model_dump(mode="json")
    data["socialjour"]["duty_sms_number"] = "0701234599"  # SMS needs E.164
    with pytest.raises(ValueError, match="duty_sms_number"):
        Municipality.model_validate(data)


def test_public_settings_hold_what_the_form_shows_and_nothing_else():
    settings = public_form_settings(DEMO)
    assert settings["socialjour"]["phone"] == "010-123 45 99"
    assert settings["emergencyNumber"] == "112"
    assert "duty" not in json.dumps(settings)  # the duty phone is for staff alerts, not the public
    assert settings["attachments"]["maxFiles"] == 5
    assert settings["attachments"]["maxBytesPerFile"] == 10 * 1024 * 1024
    # Each type with the endings the API accepts for it (the form checks a chosen file the same way).
    types = {entry["contentType"]: entry for entry in settings["attachments"]["types"]}
    assert list(types) == settings["attachments"]["contentTypes"]
    assert types["image/jpeg"] == {"contentType": "image/jpeg", "endings": [".jpg", ".jpeg"], "name": "jpeg"}
    assert types["application/pdf"]["endings"] == [".pdf"]
    # Reporters may sign in (demo: optional), offered each provider by id, label and kind; no issuer or client.
    assert settings["signIn"] == {
        "identification": "optional",
        "providers": [
            {"id": "e_legitimation", "label": "E-legitimation (BankID eller Freja eID)", "kind": "citizen"},
            {
                "id": "kommunens_inloggning",
                "label": "Kommunens inloggning (för dig som arbetar i Demo kommun)",
                "kind": "staff",
            },
        ],
    }
    assert "issuer" not in json.dumps(settings) and "oro-demo" not in json.dumps(settings)
    assert office_hours_text(DEMO) == (
        "måndag–torsdag 08.30–16.00, fredag 08.30–15.00 (lunchstängt 12.00–13.00); dag före helgdag till 14.00"
    )


ARNS = {
    "checkpoint_function_arn": "arn:aws:lambda:eu-north-1:1:function:checkpoint",
    "notify_function_arn": "arn:aws:lambda:eu-north-1:1:function:notify",
    "await_staff_function_arn": "arn:aws:lambda:eu-north-1:1:function:await",
    "dead_letter_queue_url": "https://sqs.eu-north-1.amazonaws.com/1/dead-letters",
}


def test_lifecycle_definition_gets_every_placeholder():
    definition = json.loads(rendered_definition(substitutions(**ARNS)))
    text = json.dumps(definition, ensure_ascii=False)
    assert "${" not in text
    assert definition["States"]["OnReceived"]["Parameters"]["FunctionName"] == ARNS["checkpoint_function_arn"]
    for notify in ("NotifyThenAwaitStaffEvent", "NotifyThenAwaitAcknowledgement"):
        assert definition["States"][notify]["Parameters"]["FunctionName"] == ARNS["notify_function_arn"]
    assert (
        definition["States"]["AwaitStaffEvent"]["Parameters"]["FunctionName"]
        == ARNS["await_staff_function_arn"]
    )


def test_rendering_refuses_a_missing_placeholder():
    with pytest.raises(KeyError, match="Unknown"):
        render('{"a": "${Unknown}"}', {})


def test_every_state_is_reachable_and_every_next_exists():
    definition = json.loads(rendered_definition(substitutions(**ARNS)))

    def targets(state: dict) -> set[str]:
        found = {state.get("Next"), state.get("Default")}
        found |= {choice["Next"] for choice in state.get("Choices", [])}
        found |= {catch["Next"] for catch in state.get("Catch", [])}
        return {target for target in found if target}

    states = definition["States"]
    reachable, frontier = set(), [definition["StartAt"]]
    while frontier:
        name = frontier.pop()
        if name in reachable:
            continue
        reachable.add(name)
        assert name in states, f"{name} is a target but not a state"
        frontier.extend(targets(states[name]))
    assert reachable == set(states)


def test_the_definition_passes_only_ids_phases_and_times():
    text = names.LIFECYCLE_DEFINITION_FILE.read_text(encoding="utf-8")
    paths = set(re.findall(r"\$\.[A-Za-z.]+", text)) - {"$.Task.Token"}
    assert paths <= {
        "$.reportId",
        "$.referenceNumber",
        "$.notify",
        "$.next",
        "$.phase",
        "$.escalation",
        "$.waitSeconds",
        "$.timedOut",
        "$.awaitError",
        "$.checkpointError",
        "$.notificationError",
        "$.notificationError.Error",
        "$.Payload",
        "$.State.Name",
        "$.State.EnteredTime",
    }


def test_an_escalation_step_nobody_got_moves_on_at_once_and_a_retry_is_the_same_step():
    states = json.loads(rendered_definition(substitutions(**ARNS)))["States"]
    dead_letters = states["NotificationToDeadLettersThenAwaitAcknowledgement"]
    assert dead_letters["Next"] == "OnAlertNotDelivered"
    assert [c["Next"] for c in dead_letters["Catch"]] == ["OnAlertNotDelivered"]
    assert states["OnAlertNotDelivered"]["Parameters"]["Payload"]["trigger"] == "alert_not_delivered"
    assert states["NotificationToDeadLettersThenAwaitStaffEvent"]["Next"] == "AwaitStaffEvent"
    for name in ("NotifyThenAwaitStaffEvent", "NotifyThenAwaitAcknowledgement"):
        payload = states[name]["Parameters"]["Payload"]
        assert payload["stepName.$"] == "$$.State.Name"
        assert payload["stepEnteredAt.$"] == "$$.State.EnteredTime"


def test_a_wait_that_cannot_be_set_up_stops_the_lifecycle_with_an_alarm_instead_of_looping():
    states = json.loads(rendered_definition(substitutions(**ARNS)))["States"]
    for name in ("AwaitStaffEvent", "AwaitAcknowledgement"):
        catch_all = [c for c in states[name]["Catch"] if c["ErrorEquals"] == ["States.ALL"]]
        assert [c["Next"] for c in catch_all] == ["LifecycleStuck"], name
    assert states["LifecycleStuck"]["Type"] == "Fail"
