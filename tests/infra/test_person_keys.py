"""The key of the personnummer lookup keys (infra/constructs/person_keys.py): a generated random secret per
municipality that searches by personnummer, under the municipality's own KMS key, kept when the stack goes."""

import pytest

from functions.shared import names

pytestmark = pytest.mark.infra


def person_key_secrets(synthesized) -> list[dict]:
    return [
        secret
        for secret in synthesized.of_type("AWS::SecretsManager::Secret").values()
        if secret["Properties"]["Name"] == names.person_key_secret_name(synthesized.municipality.id)
    ]


def test_a_searching_municipality_gets_a_generated_secret_under_its_own_key(demo):
    (secret,) = person_key_secrets(demo)
    properties = secret["Properties"]
    # generated at deploy, never a value in the template; no punctuation, long enough for HMAC-SHA256
    assert "SecretString" not in properties
    assert properties["GenerateSecretString"]["PasswordLength"] >= 64
    assert properties["GenerateSecretString"]["ExcludePunctuation"] is True
    assert properties["KmsKeyId"] == {"Fn::GetAtt": [demo.logical_id(demo.stack.data.key), "Arn"]}
    assert secret["DeletionPolicy"] == "Retain" and secret["UpdateReplacePolicy"] == "Retain"
    # a change of the key is a migration (a re-key of the lookup entries), never a schedule
    assert demo.of_type("AWS::SecretsManager::RotationSchedule") == {}


def test_a_municipality_without_search_by_personnummer_has_no_secret(kalix):
    assert person_key_secrets(kalix) == []
