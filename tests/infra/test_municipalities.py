"""Each municipality gets its own stack, names and settings from its own file."""

import pytest

from functions.domain.public_settings import public_form_settings
from functions.shared import names
from tests.infra.template_helpers import deployed_config_files, oro_functions
from tests.infra.test_functions import function_named, notification_queue_id
from tests.infra.test_lifecycle import definition

pytestmark = pytest.mark.infra


def test_kalix_stack_uses_its_own_names(demo, kalix):
    assert kalix.stack.stack_name == names.stack_name("kalix")
    assert kalix.stack.region == "eu-north-1"
    kalix.template.has_resource_properties(
        "AWS::DynamoDB::Table", {"TableName": names.reports_table_name("kalix")}
    )
    # The same functions as the demo's, each named under kalix's prefix (oro_functions checks the prefix)
    assert sorted(oro_functions(kalix)) == sorted(oro_functions(demo))
    kalix.template.has_resource_properties(
        "AWS::SQS::Queue", {"QueueName": names.notification_dead_letter_queue_name("kalix")}
    )
    (machine,) = kalix.of_type("AWS::StepFunctions::StateMachine").values()
    assert machine["Properties"]["StateMachineName"] == names.lifecycle_state_machine_name("kalix")


def test_kalix_lifecycle_calls_kalix_functions_and_sends_from_kalix_domain(kalix):
    text = definition(kalix)
    queue_id = notification_queue_id(kalix)
    for name_of in (
        names.checkpoint_function_name,
        names.notify_function_name,
        names.await_staff_function_name,
    ):
        function_id, _ = function_named(kalix, name_of("kalix"))
        assert f"<GetAtt:{function_id}.Arn>" in text
    assert f"<Ref:{queue_id}>" in text
    sender_domain = str(kalix.municipality.sender_email).rsplit("@", 1)[1]
    kalix.template.has_resource_properties("AWS::SES::EmailIdentity", {"EmailIdentity": sender_domain})


def test_kalix_form_refuses_anonymous_web_reports(kalix):
    config = deployed_config_files(kalix)["form"]
    assert config == public_form_settings(kalix.municipality)
    assert config["anonymousWebReportsAllowed"] is False
