"""Least privilege: each function and the state machine get what their code calls, nobody may Scan."""

import pytest

from functions.shared import names
from tests.infra.template_helpers import (
    allowed_actions,
    as_list,
    joined,
    resources_for,
    role_of,
    statements_of_role,
)
from tests.infra.test_functions import function_named, state_machine_id, table_id

pytestmark = pytest.mark.infra

NEVER = {"dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:*", "*"}


def function_statements(synthesized, function_name: str) -> list[dict]:
    _, resource = function_named(synthesized, function_name)
    return statements_of_role(synthesized.resources, role_of(resource))


def table_arn(synthesized) -> dict:
    return {"Fn::GetAtt": [table_id(synthesized), "Arn"]}


def test_intake_may_write_a_new_report_and_start_its_lifecycle_only(demo):
    statements = function_statements(demo, names.intake_function_name("demo"))
    actions = allowed_actions(statements)

    # dynamodb:TransactWriteItems is authorised through the Put/Get/ConditionCheck actions it contains
    assert {"dynamodb:PutItem", "dynamodb:GetItem", "states:StartExecution"} <= actions
    assert resources_for(statements, "dynamodb:PutItem") == [table_arn(demo)]
    assert resources_for(statements, "states:StartExecution") == [{"Ref": state_machine_id(demo)}]
    assert not actions & NEVER
    assert "dynamodb:UpdateItem" not in actions
    assert {"kms:Decrypt", "kms:GenerateDataKey"} <= actions


def test_route_report_may_read_and_update_the_report(demo):
    statements = function_statements(demo, names.route_report_function_name("demo"))
    actions = allowed_actions(statements)

    assert {"dynamodb:GetItem", "dynamodb:UpdateItem"} <= actions
    assert resources_for(statements, "dynamodb:UpdateItem") == [table_arn(demo)]
    assert "states:StartExecution" not in actions
    assert not actions & (NEVER | {"dynamodb:PutItem"})


def test_reconciler_queries_the_pending_index_and_starts_lifecycles(demo):
    statements = function_statements(demo, names.reconciler_function_name("demo"))
    actions = allowed_actions(statements)

    assert {"dynamodb:Query", "dynamodb:UpdateItem", "states:StartExecution"} <= actions
    (query_resource,) = resources_for(statements, "dynamodb:Query")
    assert joined(query_resource) == f"<GetAtt:{table_id(demo)}.Arn>/index/{names.LIFECYCLE_PENDING_INDEX}"
    assert resources_for(statements, "states:StartExecution") == [{"Ref": state_machine_id(demo)}]
    assert not actions & NEVER


def test_no_policy_anywhere_allows_scan_or_deleting_items(demo):
    for key, resource in demo.resources.items():
        documents = []
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents.append(resource["Properties"]["PolicyDocument"])
        if resource["Type"] == "AWS::IAM::Role":
            documents += [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
        for document in documents:
            actions = allowed_actions(document["Statement"])
            assert not actions & {"dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:*"}, key


def test_functions_have_no_managed_policies(demo):
    for name_of in (
        names.intake_function_name,
        names.route_report_function_name,
        names.reconciler_function_name,
    ):
        _, resource = function_named(demo, name_of("demo"))
        role = demo.resources[role_of(resource)]["Properties"]
        assert "ManagedPolicyArns" not in role


def test_state_machine_may_call_exactly_what_its_definition_calls(demo):
    # Given the state machine's role
    (machine,) = demo.of_type("AWS::StepFunctions::StateMachine").values()
    statements = statements_of_role(demo.resources, role_of(machine))
    route_report_id, _ = function_named(demo, names.route_report_function_name("demo"))

    # Then it invokes route-report only, updates the table, e-mails from the sender domain and sends SMS
    assert resources_for(statements, "lambda:InvokeFunction") == [{"Fn::GetAtt": [route_report_id, "Arn"]}]
    assert resources_for(statements, "dynamodb:UpdateItem") == [table_arn(demo)]
    (ses_resource,) = resources_for(statements, "ses:SendEmail")
    assert joined(ses_resource).endswith(":identity/demo.example.se")
    assert resources_for(statements, "sns:Publish") == ["*"]
    assert not allowed_actions(statements) & (NEVER | {"dynamodb:PutItem", "dynamodb:GetItem"})
    assert all("*" not in as_list(s["Action"]) for s in statements)
