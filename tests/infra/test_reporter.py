"""Reporters who sign in (infra/constructs/reporter.py): the routes, the sessions table, who may touch what, the
providers' settings, and cryptography only in the reporter function's own layer."""

import json

import pytest

from functions.domain.municipality import load_municipality
from functions.shared import names
from tests.infra.template_helpers import joined, oro_functions, resources_for, statements_of_role
from tests.infra.test_functions import MUNICIPALITIES, reporter_sessions_table_id, table_id

pytestmark = pytest.mark.infra


def _statements(synthesized, key: str) -> list[dict]:
    return statements_of_role(synthesized.resources, oro_functions(synthesized)[key].role)


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_reporter_routes_have_no_staff_authorizer_and_staff_routes_keep_theirs(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    methods = synthesized.of_type("AWS::ApiGateway::Method")
    resources = synthesized.of_type("AWS::ApiGateway::Resource")
    reporter_function = oro_functions(synthesized)["reporter"]
    reporter_methods = [
        method
        for method in methods.values()
        if reporter_function.logical_id in json.dumps(method["Properties"].get("Integration", {}))
    ]
    assert reporter_methods, "no route reaches the reporter function"
    for method in reporter_methods:
        assert method["Properties"]["AuthorizationType"] == "NONE"
        parent = resources[method["Properties"]["ResourceId"]["Ref"]]
        assert parent["Properties"]["PathPart"] == "{proxy+}"
        grandparent = resources[parent["Properties"]["ParentId"]["Ref"]]
        assert grandparent["Properties"]["PathPart"] == "reporter"
    staff_function = oro_functions(synthesized)["staff-api"]
    staff_methods = [
        method
        for method in methods.values()
        if staff_function.logical_id in json.dumps(method["Properties"].get("Integration", {}))
    ]
    assert staff_methods and all(
        m["Properties"]["AuthorizationType"] == "COGNITO_USER_POOLS" for m in staff_methods
    )
    assert not [m for m in reporter_methods if m in staff_methods]


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_reporter_function_reads_reports_only_to_list_and_check_its_own_and_writes_only_answers(
    request, municipality
):
    synthesized = request.getfixturevalue(municipality)
    statements = _statements(synthesized, "reporter")
    reports = f"<GetAtt:{table_id(synthesized)}.Arn>"
    sessions = f"<GetAtt:{reporter_sessions_table_id(synthesized)}.Arn>"

    assert sorted(joined(r) for r in resources_for(statements, "dynamodb:GetItem")) == sorted(
        [reports, sessions]
    )
    assert [joined(r) for r in resources_for(statements, "dynamodb:PutItem")].count(sessions) == 1
    assert reports not in [joined(r) for r in resources_for(statements, "dynamodb:PutItem")]
    assert [joined(r) for r in resources_for(statements, "dynamodb:DeleteItem")] == [sessions]
    # An answer to a question: on a report item only, and nothing of it but its messages.
    (update,) = [s for s in statements if "dynamodb:UpdateItem" in json.dumps(s["Action"])]
    assert [joined(r) for r in resources_for([update], "dynamodb:UpdateItem")] == [reports]
    assert update["Condition"] == {
        "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["REPORT#*"]},
        "ForAllValues:StringEquals": {"dynamodb:Attributes": ["pk", "sk", "reporterMessages"]},
        "StringEqualsIfExists": {"dynamodb:ReturnValues": ["NONE"]},
    }
    (query,) = [s for s in statements if "dynamodb:Query" in json.dumps(s["Action"])]
    assert [joined(r) for r in resources_for([query], "dynamodb:Query")] == [reports]
    assert query["Condition"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["REPORTER#*"]}}


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_intake_may_only_read_a_session(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    statements = _statements(synthesized, "intake")
    sessions = f"<GetAtt:{reporter_sessions_table_id(synthesized)}.Arn>"
    on_sessions = {
        action
        for statement in statements
        for action in (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        if sessions in [joined(r) for r in resources_for([statement], action)]
    }
    assert on_sessions == {"dynamodb:GetItem"}
    assert oro_functions(synthesized)["intake"].variables[names.ENV_REPORTER_SESSIONS_TABLE]


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_reporter_function_is_told_the_providers_of_the_municipalitys_file(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    configured = load_municipality(names.municipality_config_file(municipality))
    variables = oro_functions(synthesized)["reporter"].variables
    providers = json.loads(variables[names.ENV_REPORTER_PROVIDERS])
    assert set(providers) == set(configured.reporter_identity_providers)
    for provider_id, provider in configured.reporter_identity_providers.items():
        assert providers[provider_id]["issuer"] == str(provider.issuer).rstrip("/")
        assert providers[provider_id]["clientId"] == provider.client_id
        assert providers[provider_id]["clientSecretName"] == names.reporter_client_secret_name(
            municipality, provider_id
        )
    assert variables[names.ENV_SITE_ORIGIN] == f"https://{configured.dashboard_url.host}"
    secrets = {
        r["Properties"]["Name"]
        for r in synthesized.of_type("AWS::SecretsManager::Secret").values()
        if "reporter-provider" in r["Properties"].get("Name", "")
    }
    assert secrets == {names.reporter_client_secret_name(municipality, p) for p in providers}
    readable = {
        joined(r)
        for r in resources_for(_statements(synthesized, "reporter"), "secretsmanager:GetSecretValue")
    }
    assert len(readable) == len(providers) + 1  # each client secret, and the lookup keys' secret


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_only_the_reporter_function_has_the_cryptography_layer(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    with_layers = {key: f for key, f in oro_functions(synthesized).items() if f.properties.get("Layers")}
    assert list(with_layers) == ["reporter"]
    ((layer_id,),) = [[r["Ref"] for r in with_layers["reporter"].properties["Layers"]]]
    layer = synthesized.resources[layer_id]
    assert layer["Properties"]["CompatibleRuntimes"] == ["python3.13"]
    assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_sessions_expire_by_themselves_and_are_encrypted_with_the_municipalitys_key(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    table = synthesized.resources[reporter_sessions_table_id(synthesized)]["Properties"]
    assert table["TimeToLiveSpecification"] == {
        "AttributeName": names.REPORTER_SESSION_EXPIRY_ATTRIBUTE,
        "Enabled": True,
    }
    assert table["SSESpecification"]["SSEType"] == "KMS"
    reports = synthesized.resources[table_id(synthesized)]["Properties"]
    assert table["SSESpecification"]["KMSMasterKeyId"] == reports["SSESpecification"]["KMSMasterKeyId"]
