"""The staff dashboard's backend: open-report queue index, append-only audit trail, sign-in, staff API."""

import pytest
from aws_cdk.assertions import Match

from functions.shared import names
from infra.bundling import MUNICIPALITY_FILE_AT_RUN_TIME
from tests.infra.template_helpers import (
    allowed_actions,
    as_list,
    joined,
    oro_functions,
    resources_for,
    role_of,
    statements_of_role,
)
from tests.infra.test_api import resource_path
from tests.infra.test_functions import audit_table_id, function_named, state_machine_id, table_id
from tests.infra.test_web import ALL_VIEWER_EXCEPT_HOST_HEADER, CACHING_DISABLED, distribution_config

pytestmark = pytest.mark.infra

AUDIT_CHANGES = {
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
}


def staff_api_statements(synthesized) -> list[dict]:
    _, resource = function_named(synthesized, names.staff_api_function_name(synthesized.municipality.id))
    return statements_of_role(synthesized.resources, role_of(resource))


def the_one(synthesized, resource_type: str) -> tuple[str, dict]:
    ((key, resource),) = synthesized.of_type(resource_type).items()
    return key, resource


def all_policy_statements(synthesized) -> list[tuple[str, dict]]:
    found = []
    for key, resource in synthesized.resources.items():
        documents = []
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents.append(resource["Properties"]["PolicyDocument"])
        if resource["Type"] == "AWS::IAM::Role":
            documents += [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
        found += [(key, statement) for document in documents for statement in document["Statement"]]
    return found


# --- the queue index --------------------------------------------------------------------------------


def test_open_queue_index_is_sparse_sorted_by_deadline_and_projects_what_the_queue_shows(demo):
    properties = demo.resources[table_id(demo)]["Properties"]
    (index,) = [i for i in properties["GlobalSecondaryIndexes"] if i["IndexName"] == names.OPEN_QUEUE_INDEX]

    assert index["KeySchema"] == [
        {"AttributeName": "queue", "KeyType": "HASH"},
        {"AttributeName": "nextDeadlineAt", "KeyType": "RANGE"},
    ]
    assert index["Projection"]["ProjectionType"] == "INCLUDE"
    assert sorted(index["Projection"]["NonKeyAttributes"]) == sorted(names.OPEN_QUEUE_ATTRIBUTES)
    assert {"AttributeName": "queue", "AttributeType": "S"} in properties["AttributeDefinitions"]
    assert {"AttributeName": "nextDeadlineAt", "AttributeType": "S"} in properties["AttributeDefinitions"]


def test_each_queue_filter_has_its_own_sparse_index_with_the_queues_sort_key_and_projection(demo):
    properties = demo.resources[table_id(demo)]["Properties"]
    indexes = {index["IndexName"]: index for index in properties["GlobalSecondaryIndexes"]}

    for index_name, partition in names.QUEUE_FILTER_INDEXES.values():
        index = indexes[index_name]
        assert index["KeySchema"] == [
            {"AttributeName": partition, "KeyType": "HASH"},
            {"AttributeName": "nextDeadlineAt", "KeyType": "RANGE"},
        ]
        assert sorted(index["Projection"]["NonKeyAttributes"]) == sorted(names.OPEN_QUEUE_ATTRIBUTES)


def test_search_by_personnummer_may_query_only_the_lookup_partitions_and_only_where_it_is_on(demo, kalix):
    reports = f"<GetAtt:{table_id(demo)}.Arn>"
    (lookup,) = [
        s
        for s in staff_api_statements(demo)
        if "dynamodb:Query" in as_list(s["Action"])
        and [joined(r) for r in as_list(s["Resource"])] == [reports]
    ]
    assert lookup["Condition"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["PERSON#*"]}}

    kalix_reports = f"<GetAtt:{table_id(kalix)}.Arn>"
    assert kalix_reports not in [
        joined(r) for r in resources_for(staff_api_statements(kalix), "dynamodb:Query")
    ]


# --- the audit trail --------------------------------------------------------------------------------


def test_audit_table_is_durable_and_encrypted_with_a_rotating_customer_managed_key(demo):
    audit = demo.resources[audit_table_id(demo)]
    properties = audit["Properties"]

    assert properties["TableName"] == names.audit_table_name("demo")
    assert properties["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["DeletionProtectionEnabled"] is True
    assert audit["DeletionPolicy"] == "Retain"
    assert "TimeToLiveSpecification" not in properties  # entries never expire by themselves

    sse = properties["SSESpecification"]
    assert sse["SSEEnabled"] is True and sse["SSEType"] == "KMS"
    key = demo.resources[sse["KMSMasterKeyId"]["Fn::GetAtt"][0]]
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True

    indexes = {index["IndexName"]: index for index in properties["GlobalSecondaryIndexes"]}
    assert set(indexes) == {
        names.AUDIT_BY_STAFF_INDEX,
        names.AUDIT_BY_DAY_INDEX,
    }  # by day: test_audit_trail.py
    index = indexes[names.AUDIT_BY_STAFF_INDEX]
    assert index["KeySchema"] == [
        {"AttributeName": "staffId", "KeyType": "HASH"},
        {"AttributeName": "at", "KeyType": "RANGE"},
    ]
    assert index["Projection"] == {"ProjectionType": "ALL"}


def test_audit_table_policy_denies_everyone_changing_an_entry_and_all_but_the_purge_deleting_one(demo):
    # Given the audit table's resource-based policy
    document = demo.resources[audit_table_id(demo)]["Properties"]["ResourcePolicy"]["PolicyDocument"]
    statements = document["Statement"]

    # Then it only denies, every principal, on the table itself: every change to everyone, and every removal to
    # everyone but the gallring's role (test_audit_trail.py: its condition; the daily check finds a wrong one)
    assert all(
        statement["Effect"] == "Deny" and statement["Principal"] == {"AWS": "*"} for statement in statements
    )
    denied = {action for statement in statements for action in as_list(statement["Action"])}
    assert denied == AUDIT_CHANGES
    unconditional = {
        action
        for statement in statements
        if "Condition" not in statement
        for action in as_list(statement["Action"])
    }
    assert unconditional == AUDIT_CHANGES - {"dynamodb:DeleteItem"}
    for statement in statements:
        assert joined(statement["Resource"]).endswith(f":table/{names.audit_table_name('demo')}")

    # And appending, reading and querying are not denied
    assert not {"dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:*", "*"} & denied


def test_no_policy_in_the_stack_allows_changing_audit_entries(demo):
    audit_arn = f"<GetAtt:{audit_table_id(demo)}.Arn>"
    gallring_role = oro_functions(demo)["gallring"].role
    gallring_policy = f"{gallring_role[:-8]}DefaultPolicy"  # CDK: <role id less its hash>DefaultPolicy<hash>
    for key, statement in all_policy_statements(demo):
        if statement["Effect"] != "Allow":
            continue
        resources = [joined(r) for r in as_list(statement.get("Resource", []))]
        touches_audit = any(r == "*" or r.startswith(audit_arn) for r in resources)
        if touches_audit:
            actions = set(as_list(statement["Action"]))
            # the gallring may remove entries past the audit retention, never change one
            allowed = {"dynamodb:DeleteItem"} if key.startswith(gallring_policy) else set()
            assert not actions & (AUDIT_CHANGES | {"dynamodb:*", "*"}) - allowed, key


# --- sign-in ----------------------------------------------------------------------------------------


def test_user_pool_requires_totp_a_strong_password_and_admin_created_accounts(demo):
    pool_id, pool = the_one(demo, "AWS::Cognito::UserPool")
    properties = pool["Properties"]

    assert properties["UserPoolName"] == names.user_pool_name("demo")
    assert properties["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert properties["MfaConfiguration"] == "ON"
    assert properties["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert "SmsConfiguration" not in properties
    assert properties["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 14,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "RequireUppercase": True,
        "TemporaryPasswordValidityDays": 3,
    }
    assert properties["AccountRecoverySetting"]["RecoveryMechanisms"] == [
        {"Name": "verified_email", "Priority": 1}
    ]
    assert properties["AliasAttributes"] == ["email"]  # sign in with username or e-mail
    assert properties["UserPoolTier"] == "PLUS"
    assert properties["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    assert properties["DeletionProtection"] == "ACTIVE"
    assert pool["DeletionPolicy"] == "Retain"


def test_groups_are_exactly_the_staff_roles(demo):
    pool_id, _ = the_one(demo, "AWS::Cognito::UserPool")
    groups = demo.of_type("AWS::Cognito::UserPoolGroup").values()

    assert sorted(g["Properties"]["GroupName"] for g in groups) == sorted(names.STAFF_ROLES)
    assert all(g["Properties"]["UserPoolId"] == {"Ref": pool_id} for g in groups)


def test_dashboard_client_is_public_signs_in_by_password_or_srp_and_has_short_lived_tokens(demo):
    pool_id, _ = the_one(demo, "AWS::Cognito::UserPool")
    _, client = the_one(demo, "AWS::Cognito::UserPoolClient")
    properties = client["Properties"]

    assert properties["ClientName"] == names.user_pool_client_name("demo")
    assert properties["UserPoolId"] == {"Ref": pool_id}
    assert properties["GenerateSecret"] is False
    # USER_PASSWORD_AUTH for the bundler-free dashboard (infra/constructs/sign_in.py says why).
    assert sorted(properties["ExplicitAuthFlows"]) == [
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
    ]
    assert properties["PreventUserExistenceErrors"] == "ENABLED"
    assert properties["AllowedOAuthFlowsUserPoolClient"] is False
    assert properties["TokenValidityUnits"] == {
        "AccessToken": "minutes",
        "IdToken": "minutes",
        "RefreshToken": "minutes",
    }
    assert properties["AccessTokenValidity"] == 60
    assert properties["IdTokenValidity"] == 60
    assert properties["RefreshTokenValidity"] == 12 * 60


# --- the staff API function -------------------------------------------------------------------------


def test_staff_api_function_knows_its_tables_pool_state_machine_and_municipality(demo):
    _, resource = function_named(demo, names.staff_api_function_name("demo"))
    properties = resource["Properties"]
    variables = properties["Environment"]["Variables"]
    pool_id, _ = the_one(demo, "AWS::Cognito::UserPool")
    client_id, _ = the_one(demo, "AWS::Cognito::UserPoolClient")

    assert properties["Handler"] == names.STAFF_API_HANDLER
    assert properties["MemorySize"] == 512
    assert properties["Timeout"] == 15
    assert variables["POWERTOOLS_SERVICE_NAME"] == "staff-api"
    assert variables[names.ENV_REPORTS_TABLE] == {"Ref": table_id(demo)}
    assert variables[names.ENV_AUDIT_TABLE] == {"Ref": audit_table_id(demo)}
    assert variables[names.ENV_MUNICIPALITY_CONFIG_FILE] == MUNICIPALITY_FILE_AT_RUN_TIME
    assert variables[names.ENV_LIFECYCLE_STATE_MACHINE_ARN] == {"Ref": state_machine_id(demo)}
    assert variables[names.ENV_USER_POOL_ID] == {"Ref": pool_id}
    assert variables[names.ENV_USER_POOL_CLIENT_ID] == {"Ref": client_id}


def test_staff_api_may_read_and_write_reports_query_the_queue_and_append_to_the_audit_trail(demo):
    statements = staff_api_statements(demo)
    actions = allowed_actions(statements)
    reports = f"<GetAtt:{table_id(demo)}.Arn>"
    audit = f"<GetAtt:{audit_table_id(demo)}.Arn>"

    # Reports: item actions on the table, Query on the open-queue index only
    for action in (
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",  # a page of person search results
        "dynamodb:UpdateItem",
    ):
        assert [joined(r) for r in resources_for(statements, action)] == [reports], action
    assert sorted(joined(r) for r in resources_for(statements, "dynamodb:PutItem")) == sorted(
        [reports, audit]
    )
    assert sorted(joined(r) for r in resources_for(statements, "dynamodb:Query")) == sorted(
        [
            *(f"{reports}/index/{index}" for index, _ in names.QUEUE_INDEXES.values()),
            f"{reports}/index/{names.FEEDBACK_DUE_INDEX}",  # återkoppling to send
            f"{reports}/index/{names.PURGE_INDEX}",  # the admin's gallring preview
            reports,  # search by personnummer: PERSON# partitions only (below)
            audit,
            f"{audit}/index/{names.AUDIT_BY_STAFF_INDEX}",
        ]
    )
    assert {a for a in actions if a.startswith("dynamodb:")} == {
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:Query",
    }

    # The audit table: PutItem and Query only, never an update
    audit_actions = {
        action
        for s in statements
        if s["Effect"] == "Allow" and any(joined(r).startswith(audit) for r in as_list(s["Resource"]))
        for action in as_list(s["Action"])
    }
    assert audit_actions == {"dynamodb:PutItem", "dynamodb:Query"}

    # Lifecycles: start (phone and paper reports) this state machine, resume by task token
    assert resources_for(statements, "states:StartExecution") == [{"Ref": state_machine_id(demo)}]
    assert resources_for(statements, "states:SendTaskSuccess") == ["*"]
    assert {a for a in actions if a.startswith("states:")} == {
        "states:StartExecution",
        "states:SendTaskSuccess",
    }

    # The tables' key, only through DynamoDB
    kms = [s for s in statements if any(a.startswith("kms:") for a in as_list(s["Action"]))]
    assert kms and all("kms:ViaService" in s["Condition"]["StringEquals"] for s in kms)
    assert not actions & {
        "dynamodb:Scan",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:*",
        "*",
    }


# --- the API ----------------------------------------------------------------------------------------


def methods(synthesized) -> dict[str, dict]:
    return {
        f"{m['Properties']['HttpMethod']} {resource_path(synthesized, m['Properties']['ResourceId']['Ref'])}": m[
            "Properties"
        ]
        for m in synthesized.of_type("AWS::ApiGateway::Method").values()
    }


def test_staff_routes_go_to_the_staff_api_through_the_cognito_authorizer(demo):
    by_route = methods(demo)
    pool_id, _ = the_one(demo, "AWS::Cognito::UserPool")
    authorizer_id, authorizer = the_one(demo, "AWS::ApiGateway::Authorizer")
    staff_api_id, _ = function_named(demo, names.staff_api_function_name("demo"))

    # Exactly the public form's routes (a report, a file for it, the office hours), the staff proxy, the
    # reporters' own (tests/infra/test_reporter.py) and the case-system integration's (test_case_system.py)
    assert set(by_route) == {
        "POST /api/reports",
        "POST /api/reports/{report_id}/attachments",
        "GET /api/office-hours",
        "ANY /api/staff/{proxy+}",
        "ANY /api/reporter/{proxy+}",
        "ANY /api/case-system/{proxy+}",
    }
    staff = by_route["ANY /api/staff/{proxy+}"]
    assert staff["AuthorizationType"] == "COGNITO_USER_POOLS"
    assert staff["AuthorizerId"] == {"Ref": authorizer_id}
    assert staff["Integration"]["Type"] == "AWS_PROXY"
    assert f"<GetAtt:{staff_api_id}.Arn>" in joined(staff["Integration"]["Uri"])

    assert authorizer["Properties"]["Type"] == "COGNITO_USER_POOLS"
    assert authorizer["Properties"]["IdentitySource"] == "method.request.header.Authorization"
    assert authorizer["Properties"]["ProviderARNs"] == [{"Fn::GetAtt": [pool_id, "Arn"]}]

    # The public form stays public
    for public in ("POST /api/reports", "POST /api/reports/{report_id}/attachments"):
        assert by_route[public]["AuthorizationType"] == "NONE"
        assert "AuthorizerId" not in by_route[public]


def test_cloudfront_forwards_the_authorization_header_to_staff_routes_and_caches_nothing(demo):
    # /api/staff/... falls under /api/*: all viewer headers but Host (Authorization included), no cache
    config = distribution_config(demo)
    (behavior,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert {"GET", "PUT", "POST", "PATCH", "DELETE"} <= set(behavior["AllowedMethods"])


def test_the_regional_waf_behind_cloudfront_limits_no_rate_per_address(demo):
    # Behind CloudFront it sees only CloudFront's addresses: per-client limits live at the edge (test_edge.py).
    _, acl = the_one(demo, "AWS::WAFv2::WebACL")
    assert not [
        rule["Name"] for rule in acl["Properties"]["Rules"] if "RateBasedStatement" in rule["Statement"]
    ]


def test_outputs_name_the_user_pool_and_its_client(demo):
    demo.template.has_output("UserPoolId", {"Value": {"Ref": the_one(demo, "AWS::Cognito::UserPool")[0]}})
    demo.template.has_output(
        "UserPoolClientId", {"Value": {"Ref": the_one(demo, "AWS::Cognito::UserPoolClient")[0]}}
    )


def test_kalix_has_its_own_pool_client_audit_table_and_staff_api(kalix):
    kalix.template.has_resource_properties(
        "AWS::Cognito::UserPool", {"UserPoolName": names.user_pool_name("kalix"), "MfaConfiguration": "ON"}
    )
    kalix.template.has_resource_properties(
        "AWS::Cognito::UserPoolClient", {"ClientName": names.user_pool_client_name("kalix")}
    )
    kalix.template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {"TableName": names.audit_table_name("kalix"), "ResourcePolicy": Match.object_like({})},
    )
    function_named(kalix, names.staff_api_function_name("kalix"))
