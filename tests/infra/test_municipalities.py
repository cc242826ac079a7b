"""Each municipality gets its own stack, names and settings from its own file."""

import json

import pytest

from functions.domain.public_settings import public_form_settings
from functions.shared import names
from tests.infra.test_functions import function_named
from tests.infra.test_workflow import definition

pytestmark = pytest.mark.infra


def test_kalix_stack_uses_its_own_names(kalix):
    assert kalix.stack.stack_name == names.stack_name("kalix")
    assert kalix.stack.region == "eu-north-1"
    kalix.template.has_resource_properties(
        "AWS::DynamoDB::Table", {"TableName": names.reports_table_name("kalix")}
    )
    for name_of in (
        names.intake_function_name,
        names.route_report_function_name,
        names.reconciler_function_name,
    ):
        function_named(kalix, name_of("kalix"))
    (machine,) = kalix.of_type("AWS::StepFunctions::StateMachine").values()
    assert machine["Properties"]["StateMachineName"] == names.lifecycle_state_machine_name("kalix")


def test_kalix_lifecycle_speaks_of_kalix_not_demo(kalix, demo):
    text = definition(kalix)
    assert "Kalix kommun" in text
    assert kalix.municipality.socialjour.duty_sms_number in text
    assert demo.municipality.name not in text


def test_kalix_form_refuses_anonymous_web_reports(kalix):
    (config_file,) = kalix.outdir.glob("asset.*/config.json")
    config = json.loads(config_file.read_text(encoding="utf-8"))
    assert config == public_form_settings(kalix.municipality)
    assert config["anonymousWebReportsAllowed"] is False
