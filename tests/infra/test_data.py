"""The reports table: durable, encrypted with a rotating customer-managed key, never deleted by a deploy."""

import pytest
from aws_cdk.assertions import Match

from functions.shared import names
from tests.infra.test_functions import table_id

pytestmark = pytest.mark.infra


def test_reports_table_is_durable_and_encrypted_with_a_rotating_customer_managed_key(demo):
    # Given the demo stack
    table = demo.resources[table_id(demo)]
    properties = table["Properties"]

    # Then the table is named from names.py, keyed pk/sk, on demand, with PITR and deletion protection
    assert properties["TableName"] == names.reports_table_name("demo")
    assert properties["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["DeletionProtectionEnabled"] is True
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expiresAt", "Enabled": True}
    assert table["DeletionPolicy"] == "Retain"

    # And it is encrypted with a key of this stack that rotates
    sse = properties["SSESpecification"]
    assert sse["SSEEnabled"] is True and sse["SSEType"] == "KMS"
    key_id = sse["KMSMasterKeyId"]["Fn::GetAtt"][0]
    key = demo.resources[key_id]
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == "Retain"


def test_lifecycle_pending_index_is_sparse_and_sorted_by_arrival(demo):
    demo.template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "TableName": names.reports_table_name("demo"),
            "GlobalSecondaryIndexes": Match.array_with(
                [
                    {
                        "IndexName": names.LIFECYCLE_PENDING_INDEX,
                        "KeySchema": [
                            {"AttributeName": "lifecyclePending", "KeyType": "HASH"},
                            {"AttributeName": "receivedAt", "KeyType": "RANGE"},
                        ],
                        "Projection": {
                            "ProjectionType": "INCLUDE",
                            "NonKeyAttributes": Match.array_equals(["reportId", "referenceNumber"]),
                        },
                    }
                ]
            ),
            "AttributeDefinitions": Match.array_with(
                [
                    {"AttributeName": "lifecyclePending", "AttributeType": "S"},
                    {"AttributeName": "receivedAt", "AttributeType": "S"},
                ]
            ),
        },
    )


def test_feedback_due_index_is_sparse_sorted_by_arrival_and_carries_a_queue_row(demo):
    demo.template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "TableName": names.reports_table_name("demo"),
            "GlobalSecondaryIndexes": Match.array_with(
                [
                    {
                        "IndexName": names.FEEDBACK_DUE_INDEX,
                        "KeySchema": [
                            {"AttributeName": names.FEEDBACK_DUE_ATTRIBUTE, "KeyType": "HASH"},
                            {"AttributeName": "receivedAt", "KeyType": "RANGE"},
                        ],
                        "Projection": {
                            "ProjectionType": "INCLUDE",
                            "NonKeyAttributes": Match.array_equals(list(names.FEEDBACK_DUE_ATTRIBUTES)),
                        },
                    }
                ]
            ),
        },
    )
