"""The municipality's key for personnummer lookup keys (functions/stores/person_keys.py): a Secrets Manager
secret with a generated random value, encrypted with the municipality's own KMS key, made only where the
municipality searches by personnummer, and readable only by the functions that make lookup keys (intake and
the staff API): GetSecretValue on this secret, the KMS key only through Secrets Manager."""

from __future__ import annotations

from aws_cdk import Acknowledgment, RemovalPolicy, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.aws_lambda import Function
from constructs import Construct

from functions.shared import names
from infra import nag

SECRET_LENGTH = 64  # characters of [A-Za-z0-9]: about 380 bits, more than SHA-256's 256


class PersonKeySecret(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        key: kms.IKey,
        secret_name: str | None = None,
        environment_variable: str = names.ENV_PERSON_KEY_SECRET,
        keys_of: str = "the personnummer lookup keys",
        partitions: str = "PERSON#",
        readers: str = "intake and the staff API",
    ) -> None:
        """The same kind of key serves reporters' lookup keys (functions/reporter/): `secret_name`,
        `environment_variable`, and what the keys are of, where they are stored and who reads them."""
        super().__init__(scope, construct_id)
        self.secret_name = secret_name or names.person_key_secret_name(municipality_id)
        self._environment_variable = environment_variable
        self._key = key
        self.secret = secretsmanager.Secret(
            self,
            "Secret",
            secret_name=self.secret_name,
            description=f"Key of {keys_of} (HMAC-SHA256) of {municipality_id}",
            encryption_key=key,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=SECRET_LENGTH, exclude_punctuation=True, include_space=False
            ),
            # Losing it would orphan every lookup entry: the reports could no longer be found by person.
            removal_policy=RemovalPolicy.RETAIN,
        )
        Validations.of(self.secret).acknowledge(
            Acknowledgment(
                id=nag.rule("SMG4"),
                reason="Not a credential but the key of stored lookup keys: a new value would find "
                f"none of the stored {partitions} entries until every one is re-keyed (read each report's "
                "identity, write the entry under the new key, delete the old), so it is changed "
                "only by that migration, never on a rotation schedule. Who may read it is the "
                f"protection: GetSecretValue for {readers} only (docs/architecture.md).",
            )
        )

    def grant_read(self, function: Function) -> None:
        """Names the secret in the function's environment and lets it read this secret, nothing more."""
        function.add_environment(self._environment_variable, self.secret_name)
        function.add_to_role_policy(
            iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[self.secret.secret_arn])
        )
        function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt"],
                resources=[self._key.key_arn],
                conditions={
                    "StringEquals": {
                        "kms:ViaService": f"secretsmanager.{Stack.of(self).region}.amazonaws.com"
                    }
                },
            )
        )
